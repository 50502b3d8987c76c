"""The warm pool: crashes, timeouts, recycling, clean shutdown, fallback."""

from __future__ import annotations

import os
import signal
import subprocess

import pytest

from doctemplates.pdf import ConverterPool, PdfTimeoutError, to_pdf, to_pdf_many
from tests.pdf.conftest import needs_soffice, page_texts
from tests.pdf.docs import cjk_docx

pytestmark = [pytest.mark.pdf, needs_soffice]


def _pids(pattern: str) -> list[int]:
    out = subprocess.run(["pgrep", "-f", pattern], capture_output=True, text=True).stdout
    return [int(p) for p in out.split()]


def _office_bin_pids(pool: ConverterPool) -> list[int]:
    return [pid for name in pool.pipe_names() for pid in _pids(f"soffice.bin.*{name}")]


def test_killed_worker_is_replaced(pool: ConverterPool) -> None:
    if pool.mode != "uno":
        pytest.skip("no Python with uno: one-shot fallback has no workers")
    to_pdf_many([cjk_docx("预热"), cjk_docx("预热")], pool=pool)
    victims = _office_bin_pids(pool)
    assert victims
    before = set(pool.pipe_names())
    os.kill(victims[0], signal.SIGKILL)
    markers = [f"崩溃后{n}" for n in range(6)]
    pdfs = to_pdf_many([cjk_docx(m) for m in markers], pool=pool)
    for marker, pdf in zip(markers, pdfs, strict=True):
        assert marker in page_texts(pdf)[0]
    assert set(pool.pipe_names()) != before


def test_timeout_kills_the_worker_and_the_pool_goes_on(pool: ConverterPool) -> None:
    if pool.mode != "uno":
        pytest.skip("no Python with uno")
    big = cjk_docx("超时", pages=20)
    with pytest.raises(PdfTimeoutError, match="超时"):
        pool.convert(big, timeout=0.01)
    assert "超时后" in page_texts(to_pdf(cjk_docx("超时后"), pool=pool))[0]


def test_recycling_and_clean_shutdown() -> None:
    with ConverterPool(size=1, max_jobs=2) as own:
        if own.mode != "uno":
            pytest.skip("no Python with uno")
        own.convert(cjk_docx("一"))
        first = own.pipe_names()
        own.convert(cjk_docx("二"))  # second job: recycled after it
        own.convert(cjk_docx("三"))
        second = own.pipe_names()
        assert first != second and len(second) == 1
        assert _pids(second[0])
    assert own.closed
    for name in first + second:
        assert _pids(name) == [], f"soffice of {name} still running"


def test_one_shot_fallback_converts() -> None:
    with ConverterPool(size=1, use_uno=False) as cold:
        assert cold.mode == "oneshot"
        assert "冷启动" in page_texts(cold.convert(cjk_docx("冷启动")))[0]
