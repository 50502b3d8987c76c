"""What choosing title breaks costs.  标题断行的耗时。

Builds the template context (``document_context``) of N documents with the long titles of
tests/layout/title_corpus.py, (a) as shipped, breaking titles, (b) with the title breaker
replaced by the identity (the plain way: the office suite wraps).  Prints the one-time load
(segmenter dictionary + the title face's metrics), docs/s of each and the ratio.

Usage: python benchmarks/title_bench.py [--count 2000]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from doctemplates.context import document_context  # noqa: E402
from doctemplates.layout import titles  # noqa: E402
from doctemplates.model import OfficialDocument  # noqa: E402
from tests.layout.title_corpus import TITLES  # noqa: E402


def documents(count: int) -> list[OfficialDocument]:
    out = []
    for i in range(count):
        _, title, names = TITLES[i % len(TITLES)]
        organs = list(names[:1]) or ["示例市科学技术局"]
        out.append(
            OfficialDocument.model_validate(
                {
                    "organs": organs,
                    "title": title,
                    "recipients": ["各区科技局"],
                    "body": [{"paragraphs": [f"第{i}份文档正文。"]}],
                    "signature": {"names": organs, "date": "2026-03-05"},
                }
            )
        )
    return out


def run(docs: list[OfficialDocument]) -> float:
    start = time.perf_counter()
    for doc in docs:
        document_context(doc)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=2000)
    args = parser.parse_args()
    docs = documents(args.count)
    start = time.perf_counter()
    titles.break_title("示例市科学技术局关于开展科技创新工作评议的工作实施方案")
    load = time.perf_counter() - start
    plain = titles.TitleLines
    with mock.patch.object(
        titles, "break_title", lambda t, **_: plain((t,), "single", (0.0,), 0.0)
    ):
        t_plain = run(docs)
    t_broken = run(docs)
    print(f"one-time load (rjieba dictionary, title face metrics): {load:.2f} s")
    print(f"(a) context with title breaks: {args.count / t_broken:8.0f} docs/s")
    print(f"(b) context without:           {args.count / t_plain:8.0f} docs/s")
    print(f"per title: {(t_broken - t_plain) / args.count * 1000:.2f} ms")
    print(f"ratio (a)/(b) time: {t_broken / t_plain:.2f}×")


if __name__ == "__main__":
    main()
