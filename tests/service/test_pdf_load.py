"""The PDF queue under load: 429 when full, 503 past the time limit, a killed worker replaced.

负载下的 PDF 队列：满则 429（带 Retry-After），超时 503，被杀死的 LibreOffice 进程被替换、请求重试。
"""

from __future__ import annotations

import io
import signal
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from tests.service.conftest import sample
from tests.service.server import Server, running_server

psutil = pytest.importorskip("psutil")


def _office_pids(server: Server) -> list[int]:
    """``soffice.bin`` processes started by the server (its descendants)."""
    parent = psutil.Process(server.process.pid)
    return sorted(
        p.pid for p in parent.children(recursive=True) if p.name().startswith("soffice.bin")
    )


def _is_pdf(content: bytes) -> bool:
    from pypdf import PdfReader

    return content.startswith(b"%PDF-") and len(PdfReader(io.BytesIO(content)).pages) >= 1


def test_full_queue_answers_429_with_retry_after(server: Server, needs_pdf) -> None:
    data = sample("notice.yaml")
    capacity = 2 + 2  # --pdf-workers 2, --pdf-queue 2
    clients = 3 * capacity
    barrier = threading.Barrier(clients)

    def one(_: int) -> httpx.Response:
        with server.client() as http:
            barrier.wait()
            return http.post("/v1/kinds/document/render?format=pdf", json=data)

    with ThreadPoolExecutor(clients) as pool:
        answers = list(pool.map(one, range(clients)))
    statuses = sorted(a.status_code for a in answers)
    assert set(statuses) <= {200, 429}, statuses
    busy = [a for a in answers if a.status_code == 429]
    accepted = [a for a in answers if a.status_code == 200]
    assert busy, "the queue never filled"
    assert len(accepted) >= capacity
    for answer in busy:
        assert answer.json()["code"] == "pdf_busy"
        assert int(answer.headers["retry-after"]) >= 1
    assert all(_is_pdf(a.content) for a in accepted)
    with server.client() as http:
        metrics = http.get("/metrics").text
    assert 'doctemplates_pdf_conversions_total{outcome="busy"}' in metrics


def test_killed_libreoffice_worker_is_replaced_and_the_request_retried(
    server: Server, needs_pdf
) -> None:
    data = sample("plan.yaml")
    with server.client() as http:  # both workers up
        for _ in range(2):
            assert http.post("/v1/kinds/plan/render?format=pdf", json=data).status_code == 200
    before = _office_pids(server)
    assert len(before) == 2, before
    stop = time.monotonic() + 12
    killed: list[int] = []

    def load(_: int) -> list[int]:
        statuses = []
        with server.client() as http:
            while time.monotonic() < stop:
                answer = http.post("/v1/kinds/plan/render?format=pdf", json=data)
                statuses.append(
                    answer.status_code
                    if answer.status_code == 200
                    else (answer.status_code, answer.text[:300])
                )
                if answer.status_code == 200:
                    assert _is_pdf(answer.content)
        return statuses

    def killer() -> None:
        for delay in (2.0, 3.0):
            time.sleep(delay)
            pids = _office_pids(server)
            if pids:
                psutil.Process(pids[0]).send_signal(signal.SIGKILL)
                killed.append(pids[0])

    with ThreadPoolExecutor(5) as pool:
        murder = pool.submit(killer)
        results = list(pool.map(load, range(4)))
        murder.result()
    statuses = [s for batch in results for s in batch]
    assert len(killed) == 2
    failed = [s for s in statuses if s != 200]
    assert statuses and not failed, failed
    after = _office_pids(server)
    assert len(after) == 2 and not set(killed) & set(after)
    with server.client() as http:
        metrics = http.get("/metrics").text
    assert "doctemplates_pdf_conversions_total" in metrics


def test_conversion_over_its_time_limit_is_503(tmp_path: Path, needs_pdf) -> None:
    data = sample("notice.yaml")
    data["body"] = [
        {
            "heading": f"第{i}部分",
            "paragraphs": ["为进一步做好相关工作，现将有关事项通知如下。" * 30] * 6,
        }
        for i in range(1, 120)
    ]
    with (
        running_server(tmp_path, "--pdf-workers", "1", "--pdf-timeout", "1", token=False) as slow,
        slow.client() as http,
    ):
        answer = http.post("/v1/kinds/document/render?format=pdf", json=data)
        assert answer.status_code == 503, answer.text[:300]
        assert answer.json()["code"] == "pdf_timeout"
        assert "retry-after" in answer.headers
        # the worker was replaced: a small document converts again
        small = http.post("/v1/kinds/document/render?format=pdf", json=sample("notice.yaml"))
        assert small.status_code in (200, 503)
        metrics = http.get("/metrics").text
        assert 'doctemplates_pdf_conversions_total{outcome="timeout"}' in metrics
