"""CSV encoding: the whole-file UTF-8/GB18030 rule against charset-normalizer.  CSV 编码判断基准。

``doctemplates.records`` decides a CSV's encoding by decoding every byte as UTF-8
and as GB18030 (what Chinese Excel writes); charset-normalizer is asked only when
neither fits (UTF-16 …).  This prints, for fictional record files of N rows, the
time of both ways (best of 3, same run) and what each decides on a few kinds of
files — the figures behind that choice (docs/performance.md).

Usage: python benchmarks/csv_encoding_bench.py [--rows 2000 20000]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from charset_normalizer import from_bytes

from doctemplates.inputs import Limits
from doctemplates.recordreaders import csv_encoding

HEADER = "标题,发文机关,发文字号,成文日期,联系人\n"


def rows(n: int) -> str:
    return HEADER + "".join(
        f"关于第{i}项工作的通知,示例市科学技术局,示科发〔2026〕{i}号,2026-11-23,王明\n"
        for i in range(1, n + 1)
    )


def best_of(fn: Callable[[], object], times: int = 3) -> float:
    best = float("inf")
    for _ in range(times):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def library(path: Path) -> str | None:
    found = from_bytes(path.read_bytes()).best()
    return found.encoding if found else None


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, nargs="+", default=[2000, 20000])
    args = parser.parse_args()
    limits = Limits()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        print("rows   encoding  MiB    ours(ms)  charset-normalizer(ms)  ratio")
        for n in args.rows:
            text = rows(n)
            for encoding in ("utf-8", "gb18030"):
                path = folder / f"{n}-{encoding}.csv"
                path.write_bytes(text.encode(encoding))
                ours = best_of(lambda p=path: csv_encoding(p, limits))
                theirs = best_of(lambda p=path: library(p))
                size = path.stat().st_size / 2**20
                print(
                    f"{n:<6} {encoding:<9} {size:5.1f}  {ours * 1000:8.1f}  "
                    f"{theirs * 1000:22.1f}  {theirs / ours:5.1f}×"
                )
        text = rows(2000)
        utf8 = text.encode("utf-8")
        cases = {
            "UTF-8": utf8,
            "UTF-8 with BOM": text.encode("utf-8-sig"),
            "GB18030": text.encode("gb18030"),
            "UTF-8, one bad byte": utf8[:5000] + b"\xff" + utf8[5000:],
            "UTF-16 with BOM": text.encode("utf-16"),
        }
        print("\nfile                  ours         charset-normalizer")
        for name, data in cases.items():
            path = folder / "case.csv"
            path.write_bytes(data)
            print(f"{name:<21} {csv_encoding(path, limits):<12} {library(path)}")


if __name__ == "__main__":
    main()
