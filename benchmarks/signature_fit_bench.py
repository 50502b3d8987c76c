"""The §7.3.5.5 signature rule: what it costs and what it does.  署名页调整基准。

Documents: the rendered samples (samples/*.yaml, every kind) and ``--count`` notices of
the ``document`` kind whose bodies grow one sentence at a time (1 … count sentences,
three 附件, 加盖印章, 版记), so that the closing chain falls at every place of a page —
some fit, some are pushed to a new page, some leave page 1 without body text.

For each document, with a started pool of ``--workers``:

(a) the first pass alone (``page_rules=()``, verification off): conversion time;
(b) the rule's look at that first PDF (:class:`~doctemplates.pdf.signature_fit.SignatureFit`
    called on the .docx and its PDF; median of ``--repeat``) — the cost every conversion
    pays, as a share of (a);
(c) the default conversion (``signature_fit="tighten"``) and ``"keep"``: the action
    reported (none / tightened / kept / split), the passes, the tightened pitch.

Prints the figures (the share for the samples and the notices apart) and, as the last
line, ``rule share: N.N %`` (median of (b) / (a) over all documents).

Usage: python benchmarks/signature_fit_bench.py [--count 40] [--workers 2] [--repeat 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

from doctemplates.cli import data_for_kind
from doctemplates.data import data_dir, load_data
from doctemplates.kinds import get_kind
from doctemplates.pdf import ConverterPool, PdfOptions, convert
from doctemplates.pdf.signature_fit import SignatureFit

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
FIRST_PASS = PdfOptions(page_rules=(), verify_text=False)
_SENTENCES = (
    "为进一步优化全市科技创新服务，推动科技政策落地见效，现就有关事项通知如下。",
    "各单位要提高认识、加强领导，结合实际制定具体措施，确保各项任务按时完成。",
    "对工作中遇到的新情况、新问题，要及时研究解决，重大事项要及时请示报告。",
)


def samples() -> list[tuple[str, bytes]]:
    out = []
    for path in sorted(SAMPLES.glob("*.yaml")):
        data = load_data(path)
        kind = get_kind(str(data.get("kind", "document")))
        with data_dir(path.parent):
            out.append((path.stem, kind.render(kind.validate(data_for_kind(kind, data)))))
    return out


def notices(count: int) -> list[tuple[str, bytes]]:
    kind = get_kind("document")
    out = []
    for n in range(1, count + 1):
        text = "".join(_SENTENCES[i % 3] for i in range(n))
        data = {
            "format": "文件",
            "organs": ["示例市科学技术局"],
            "doc_number": f"示科发〔2026〕{n}号",
            "title": "示例市科学技术局关于开展科技服务提质增效行动的通知",
            "recipients": ["各区科技局", "局机关各处室"],
            "body": [{"paragraphs": [text[i : i + 150] for i in range(0, len(text), 150)]}],
            "attachments": [{"title": f"任务清单（第{k}部分）"} for k in (1, 2, 3)],
            "signature": {"date": "2026-11-20", "seal_mode": "seal"},
            "record": {"cc": ["示例市人民政府办公室"], "printer": "示例市科学技术局办公室"},
        }
        out.append((f"notice-{n:02d}", kind.render(kind.validate(data))))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=40)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    documents = samples() + notices(args.count)
    rule = SignatureFit()
    shares: dict[str, list[float]] = {"samples": [], "notices": []}
    looks, converts = [], []
    actions: dict[str, Counter[str]] = {"tighten": Counter(), "keep": Counter()}
    passes: dict[str, list[int]] = {"tighten": [], "keep": []}
    pitches: list[float] = []
    with ConverterPool(size=args.workers) as pool:
        pool.start()
        for name, docx in documents:
            start = time.perf_counter()
            first = convert(docx, FIRST_PASS, pool=pool).pdf
            seconds = time.perf_counter() - start
            timings = []
            for _ in range(args.repeat):
                start = time.perf_counter()
                rule(docx, first)
                timings.append(time.perf_counter() - start)
            look = statistics.median(timings)
            looks.append(look)
            converts.append(seconds)
            shares["notices" if name.startswith("notice-") else "samples"].append(look / seconds)
            for mode in ("tighten", "keep"):
                result = convert(docx, PdfOptions(signature_fit=mode), pool=pool)
                fit = result.signature_fit
                action = fit.action if fit else "none"
                actions[mode][action] += 1
                passes[mode].append(result.passes)
                if mode == "tighten" and fit and fit.pitch:
                    pitches.append(fit.pitch)
    print(f"documents: {len(documents)} (samples and {args.count} notices), workers {args.workers}")
    print(
        f"(a) first pass: median {statistics.median(converts) * 1000:.0f} ms; "
        f"(b) the rule's look: median {statistics.median(looks) * 1000:.1f} ms, "
        f"max {max(looks) * 1000:.1f} ms"
    )
    for mode in ("tighten", "keep"):
        counts = ", ".join(f"{k} {v}" for k, v in sorted(actions[mode].items()))
        extra = sum(p - 1 for p in passes[mode])
        print(f"(c) {mode}: {counts}; passes beyond the first: {extra} in all")
    if pitches:
        print(f"    tightened pitch: {min(pitches):.3f} … {max(pitches):.3f} of the grid")
    for group, values in shares.items():
        print(f"    share of (a), {group}: median {statistics.median(values) * 100:.1f} %")
    every = shares["samples"] + shares["notices"]
    print(f"rule share: {statistics.median(every) * 100:.1f} %")
    return 0


if __name__ == "__main__":
    sys.exit(main())
