"""Compile-once rendering vs the plain docxtpl way.  渲染性能基准。

One template of at least three pages (red header, nested sections, a table row
loop) and the same N contexts, rendered

  (a) the plain docxtpl way: DocxTemplate(path), render(ctx, autoescape=True), save;
  (b) doctemplates: Template.load(path) once, render_to(path) per document.

Both must give the same visible text.  Prints docs/s for each, peak Python
memory (tracemalloc, separate pass), an optional profile (--profile), and as the
last line ``speedup: N.N×``.

``--sweep`` (issue 20 §1) renders instead one template of a paragraph loop and a
3-column table-row loop with n paragraphs + n rows, n = 1, 10, 100, 1,000,
10,000: docxtpl's plain way (load, render, save to memory) against ours
(``Template.render`` of the template loaded once), alternating, median of
``--repeat`` runs each, the same visible text; per size the ratio, our time per
item (linear in n when it stays flat), and the peak memory of one render
(tracemalloc, separate pass) against the size of the rendered XML and of the .docx.

``--placeholders`` (issue 17 §1) compares the shipped templates, whose blocks are
placeholders (``{{p 正文 }}``) expanded at compile time, with the same templates with
the loops written out as before: ``Template.load`` time (first load in the process,
then the median), and the render time of the 文件 template for a body of n items
(n = 1 … 10,000; 8 pages at n = 30), alternating, median of ``--repeat``; both
give byte-identical .docx.

Usage: python benchmarks/render_bench.py [--count 200] [--profile]
       python benchmarks/render_bench.py --sweep [--sizes 1,10,100,1000,10000] [--repeat 5]
       python benchmarks/render_bench.py --placeholders [--sizes …] [--repeat 5]
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import platform
import pstats
import statistics
import sys
import tempfile
import time
import tracemalloc
import zipfile
from pathlib import Path

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt, RGBColor
from docxtpl import DocxTemplate

from doctemplates.render import Template

_SENTENCE = "为深入推进科技创新工作，进一步提升服务企业和基层的能力与水平，现就有关事项通知如下，请结合实际认真贯彻落实。"


def build_template(path: Path) -> None:
    """A ≥3-page 文件格式 template with loops over sections and table rows."""
    document = docx.Document()
    mark = document.add_paragraph()
    mark.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = mark.add_run("{{ organ }}文件")
    run.font.size, run.font.color.rgb = Pt(26), RGBColor(0xFF, 0, 0)
    number = document.add_paragraph("{{ doc_number }}")
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_paragraph("{{ title }}").alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_paragraph("{{ recipients }}：")
    for text in (
        "{%p for s in sections %}",
        "{{ s.label }}{{ s.heading }}",
        "{%p for p in s.paragraphs %}",
        "{{ p }}",
        "{%p endfor %}",
        "{%p for c in s.children %}",
        "{{ c.label }}{{ c.heading }}",
        "{%p for p in c.paragraphs %}",
        "{{ p }}",
        "{%p endfor %}",
        "{%p endfor %}",
        "{%p endfor %}",
    ):
        document.add_paragraph(text)
    table = document.add_table(rows=4, cols=4)
    for c, head in enumerate(("序号", "任务", "责任单位", "完成时限")):
        table.cell(0, c).text = head
    table.cell(1, 0).text = "{%tr for r in rows %}"
    for c, cell in enumerate(
        ("{{ loop.index }}", "{{ r.task }}", "{{ r.unit }}", "{{ r.deadline }}")
    ):
        table.cell(2, c).text = cell
    table.cell(3, 0).text = "{%tr endfor %}"
    document.add_paragraph("{{ organ }}")
    document.add_paragraph("{{ date }}")
    document.add_paragraph("抄送：{{ cc }}。")
    document.sections[0].header.paragraphs[0].text = "{{ organ }}"
    document.sections[0].footer.paragraphs[0].text = "— {{ doc_number }} —"
    document.core_properties.title = "{{ title }}"
    document.save(path)


def make_context(i: int) -> dict[str, object]:
    labels1 = "一二三四五六"
    sections = [
        {
            "label": f"{labels1[s]}、",
            "heading": f"第{s + 1}部分工作要求",
            "paragraphs": [f"{_SENTENCE}（{i}-{s}）" * 2],
            "children": [
                {
                    "label": f"（{labels1[c]}）",
                    "heading": f"具体事项{c + 1}",
                    "paragraphs": [_SENTENCE * 2, _SENTENCE],
                }
                for c in range(3)
            ],
        }
        for s in range(5)
    ]
    return {
        "organ": "示例市科学技术局",
        "doc_number": f"示科发〔2026〕{i + 1}号",
        "title": f"关于开展第{i + 1}批科技创新专项工作的通知",
        "recipients": "各区科技局、各有关单位",
        "sections": sections,
        "rows": [
            {"task": f"任务{r} & <要点>", "unit": "示例市科学技术局", "deadline": "2026年12月31日"}
            for r in range(12)
        ],
        "date": "2026年11月23日",
        "cc": "示例市人民政府办公室",
    }


def visible_text(data: bytes) -> list[str]:
    document = docx.Document(io.BytesIO(data))
    texts = [p.text for p in document.paragraphs]
    texts += [c.text for t in document.tables for row in t.rows for c in row.cells]
    texts += [
        p.text for s in document.sections for p in (*s.header.paragraphs, *s.footer.paragraphs)
    ]
    return texts


def run_docxtpl(path: Path, contexts: list[dict[str, object]], out: Path) -> list[Path]:
    paths = []
    for i, ctx in enumerate(contexts):
        tpl = DocxTemplate(path)
        tpl.render(ctx, autoescape=True)
        target = out / f"a{i}.docx"
        tpl.save(target)
        paths.append(target)
    return paths


def run_ours(path: Path, contexts: list[dict[str, object]], out: Path) -> list[Path]:
    tpl = Template.load(path)
    return [tpl.render_to(out / f"b{i}.docx", ctx) for i, ctx in enumerate(contexts)]


def timed(fn, *args) -> tuple[float, object]:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    result = fn(*args)
    return time.perf_counter() - start, result


def peak_memory(fn, *args) -> int:  # type: ignore[no-untyped-def]
    tracemalloc.start()
    fn(*args)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak


def profile(fn, *args, limit: int = 12) -> str:  # type: ignore[no-untyped-def]
    profiler = cProfile.Profile()
    profiler.runcall(fn, *args)
    stream = io.StringIO()
    pstats.Stats(profiler, stream=stream).sort_stats("tottime").print_stats(limit)
    return stream.getvalue()


# -- issue 20 §1: the size sweep --------------------------------------------------------------
_ROW_TEXT = "示例市科学技术局会同各区科技局负责，按季度报送进展 & <要点>"


def build_sweep_template(path: Path) -> None:
    """A title, a paragraph loop and a 3-column table with a row loop."""
    document = docx.Document()
    document.add_paragraph("{{ title }}").alignment = WD_ALIGN_PARAGRAPH.CENTER
    for text in ("{%p for p in paragraphs %}", "{{ p }}", "{%p endfor %}"):
        document.add_paragraph(text)
    table = document.add_table(rows=4, cols=3)
    for c, head in enumerate(("序号", "任务", "完成时限")):
        table.cell(0, c).text = head
    table.cell(1, 0).text = "{%tr for r in rows %}"
    for c, cell in enumerate(("{{ r.index }}", "{{ r.task }}", "{{ r.deadline }}")):
        table.cell(2, c).text = cell
    table.cell(3, 0).text = "{%tr endfor %}"
    document.save(path)


def sweep_context(n: int) -> dict[str, object]:
    return {
        "title": f"关于{n}项科技创新重点任务的通知",
        "paragraphs": [f"{_SENTENCE}（第{i + 1}段）" for i in range(n)],
        "rows": [
            {"index": str(i + 1), "task": f"{_ROW_TEXT}{i}", "deadline": "2026年12月31日"}
            for i in range(n)
        ],
    }


def _docxtpl_bytes(path: Path, ctx: dict[str, object]) -> bytes:
    tpl = DocxTemplate(path)
    tpl.render(ctx, autoescape=True)
    buffer = io.BytesIO()
    tpl.save(buffer)
    return buffer.getvalue()


def _xml_size(data: bytes) -> int:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.getinfo("word/document.xml").file_size


def _peak(fn, *args) -> int:  # type: ignore[no-untyped-def]
    tracemalloc.start()
    tracemalloc.reset_peak()
    base = tracemalloc.get_traced_memory()[0]
    fn(*args)
    peak = tracemalloc.get_traced_memory()[1] - base
    tracemalloc.stop()
    return peak


def sweep(sizes: list[int], repeat: int, *, with_profile: bool = False) -> int:
    print(
        f"machine: {platform.node()} · {platform.processor() or platform.machine()} · "
        f"Python {platform.python_version()} · load {os.getloadavg()[0]:.1f}"
    )
    print(
        f"{'n':>6} {'docxtpl s':>10} {'ours s':>9} {'ratio':>7} {'µs/item':>8}"
        f" {'XML MiB':>8} {'.docx KiB':>9} {'peak ours MiB':>14} {'÷ XML':>6} {'peak docxtpl':>13}"
    )
    worst = float("inf")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "sweep.docx"
        build_sweep_template(path)
        tpl = Template.load(path)
        for n in sizes:
            ctx = sweep_context(n)
            ours_bytes, plain_bytes = tpl.render(ctx), _docxtpl_bytes(path, ctx)
            assert visible_text(ours_bytes) == visible_text(plain_bytes), f"text differs at n={n}"
            # small documents: many renders a sample, so that one sample is not one timer tick
            inner = max(1, 2000 // (n + 10))
            times: dict[str, list[float]] = {"docxtpl": [], "ours": []}
            for _ in range(repeat):  # alternating, so both see the same load
                start = time.perf_counter()
                for _ in range(inner):
                    _docxtpl_bytes(path, ctx)
                times["docxtpl"].append((time.perf_counter() - start) / inner)
                start = time.perf_counter()
                for _ in range(inner):
                    tpl.render(ctx)
                times["ours"].append((time.perf_counter() - start) / inner)
            plain, ours = (statistics.median(times[k]) for k in ("docxtpl", "ours"))
            xml = _xml_size(ours_bytes)
            peak_ours, peak_plain = _peak(tpl.render, ctx), _peak(_docxtpl_bytes, path, ctx)
            worst = min(worst, plain / ours)
            print(
                f"{n:>6} {plain:>10.4f} {ours:>9.4f} {plain / ours:>6.1f}× {ours / (2 * n) * 1e6:>8.1f}"
                f" {xml / 2**20:>8.2f} {len(ours_bytes) / 1024:>9.0f} {peak_ours / 2**20:>14.2f}"
                f" {peak_ours / xml:>5.2f}× {peak_plain / 2**20:>9.1f} MiB"
            )
        if with_profile:  # where the time of the largest render goes
            print(f"--- ours, n={sizes[-1]} (cProfile, by own time) ---")
            print(profile(tpl.render, sweep_context(sizes[-1]), limit=15))
    print(f"lowest ratio: {worst:.1f}×")
    return 0


# -- issue 17 §1: block placeholders against the written-out loops ----------------------------
def _median_time(fn, *args, repeat: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn(*args)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def placeholders(sizes: list[int], repeat: int) -> int:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from doctemplates.kinds import template_resource
    from tests.layout.contexts import context
    from tests.test_placeholders import written_out  # the loops as the builder wrote them

    print(
        f"machine: {platform.node()} · {platform.processor() or platform.machine()} · "
        f"Python {platform.python_version()} · load {os.getloadavg()[0]:.1f}"
    )
    shipped = {
        "文件 wenjian": template_resource("doctemplates", "wenjian.docx"),
        "纪要 jiyao": template_resource("doctemplates", "jiyao.docx"),
        "整改方案 rectification": template_resource("pingyi_docs", "rectification.docx"),
        "提案办理总结 proposal-summary": template_resource("pingyi_docs", "proposal-summary.docx"),
    }
    print(
        f"{'Template.load':<30} {'first, loops':>13} {'first, blocks':>14} {'loops':>9} {'blocks':>9} {'ratio':>6}"
    )
    for name, path in shipped.items():
        blocks = path.read_bytes()
        loops = written_out(blocks)
        first_loops = _median_time(Template.load, loops, repeat=1)
        first_blocks = _median_time(Template.load, blocks, repeat=1)
        t_loops = _median_time(Template.load, loops, repeat=repeat)
        t_blocks = _median_time(Template.load, blocks, repeat=repeat)
        print(
            f"{name:<30} {first_loops * 1e3:>10.1f} ms {first_blocks * 1e3:>11.1f} ms"
            f" {t_loops * 1e3:>6.1f} ms {t_blocks * 1e3:>6.1f} ms {t_blocks / t_loops:>5.2f}×"
        )
    data = shipped["文件 wenjian"].read_bytes()
    tpl_blocks, tpl_loops = Template.load(data), Template.load(written_out(data))
    print(f"{'render 文件, n body items':<30} {'loops s':>10} {'blocks s':>10} {'ratio':>6}")
    for n in sizes:
        ctx = context(paragraphs=n, annexes=1)
        assert tpl_blocks.render(ctx) == tpl_loops.render(ctx), f"output differs at n={n}"
        inner = max(1, 400 // (n + 10))
        times: dict[str, list[float]] = {"loops": [], "blocks": []}
        for _ in range(repeat):  # alternating, so both see the same load
            for key, tpl in (("loops", tpl_loops), ("blocks", tpl_blocks)):
                start = time.perf_counter()
                for _ in range(inner):
                    tpl.render(ctx)
                times[key].append((time.perf_counter() - start) / inner)
        old, new = (statistics.median(times[k]) for k in ("loops", "blocks"))
        print(f"{n:>30} {old:>10.4f} {new:>10.4f} {new / old:>5.2f}×")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument(
        "--profile", action="store_true", help="print the top functions of each way"
    )
    parser.add_argument("--sweep", action="store_true", help="the size sweep of issue 20 §1")
    parser.add_argument(
        "--placeholders", action="store_true", help="block placeholders vs loops (issue 17)"
    )
    parser.add_argument("--sizes", default="1,10,100,1000,10000")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    if args.placeholders:
        return placeholders([int(n) for n in args.sizes.split(",")], args.repeat)
    if args.sweep:
        return sweep(
            [int(n) for n in args.sizes.split(",")], args.repeat, with_profile=args.profile
        )
    contexts = [make_context(i) for i in range(args.count)]
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        template = root / "bench.docx"
        build_template(template)
        (root / "a").mkdir()
        (root / "b").mkdir()
        t_a, paths_a = timed(run_docxtpl, template, contexts, root / "a")
        t_b, paths_b = timed(run_ours, template, contexts, root / "b")
        pages = _page_estimate(paths_b[0].read_bytes())
        size_kib = paths_b[0].stat().st_size // 1024
        for pa, pb in zip(
            paths_a[:: max(1, args.count // 20)], paths_b[:: max(1, args.count // 20)], strict=True
        ):
            assert visible_text(pa.read_bytes()) == visible_text(pb.read_bytes()), (
                f"text differs: {pa} {pb}"
            )
        sample = contexts[:20]
        (root / "ma").mkdir()
        (root / "mb").mkdir()
        mem_a = peak_memory(run_docxtpl, template, sample, root / "ma")
        mem_b = peak_memory(run_ours, template, sample, root / "mb")
        if args.profile:
            (root / "pa").mkdir()
            (root / "pb").mkdir()
            print(
                "== docxtpl profile (20 documents) ==\n"
                + profile(run_docxtpl, template, sample, root / "pa")
            )
            print(
                "== doctemplates profile (20 documents) ==\n"
                + profile(run_ours, template, sample, root / "pb")
            )
    print(f"documents: {args.count} (each ≈{pages} pages of body text, {size_kib} KiB)")
    print(
        f"docxtpl (load + render + save per document): {args.count / t_a:7.1f} docs/s  ({t_a:.2f} s)"
    )
    print(
        f"doctemplates (load once, render_to many):   {args.count / t_b:7.1f} docs/s  ({t_b:.2f} s)"
    )
    print(
        f"peak Python memory over 20 documents: docxtpl {mem_a / 2**20:.1f} MiB, doctemplates {mem_b / 2**20:.1f} MiB"
    )
    print(f"speedup: {t_a / t_b:.1f}×")
    return 0


def _page_estimate(data: bytes) -> int:
    """Rough page count: 22 lines × 28 characters per page (GB/T 9704 grid)."""
    lines = sum(max(1, -(-len(t) // 28)) for t in visible_text(data))
    return max(1, round(lines / 22))


if __name__ == "__main__":
    sys.exit(main())
