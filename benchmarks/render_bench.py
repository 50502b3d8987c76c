"""Compile-once rendering vs the plain docxtpl way.  渲染性能基准。

One template of at least three pages (red header, nested sections, a table row
loop) and the same N contexts, rendered

  (a) the plain docxtpl way: DocxTemplate(path), render(ctx, autoescape=True), save;
  (b) doctemplates: Template.load(path) once, render_to(path) per document.

Both must give the same visible text.  Prints docs/s for each, peak Python
memory (tracemalloc, separate pass), an optional profile (--profile), and as the
last line ``speedup: N.N×``.

Usage: python benchmarks/render_bench.py [--count 200] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import sys
import tempfile
import time
import tracemalloc
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument(
        "--profile", action="store_true", help="print the top functions of each way"
    )
    args = parser.parse_args()
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
