"""Prometheus metrics of the service.  服务的监控指标（Prometheus 文本格式）。

With ``--workers N`` every server process writes its figures to the folder named
by ``PROMETHEUS_MULTIPROC_DIR`` (set by ``doctemplates serve``) and ``/metrics``
adds them up, so any process answers for the whole service.
"""

from __future__ import annotations

import os

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)
from prometheus_client import multiprocess as _multiprocess

__all__ = ["CONTENT_TYPE", "Metrics"]

CONTENT_TYPE = CONTENT_TYPE_LATEST
_MULTIPROC = "PROMETHEUS_MULTIPROC_DIR"
_LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60)


class Metrics:
    """The service's counters, gauges and histograms.  指标。"""

    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self.multiprocess = bool(os.environ.get(_MULTIPROC))
        registry = None if self.multiprocess else self.registry
        self.requests = Counter(
            "doctemplates_http_requests",
            "HTTP requests by route and status",
            ["method", "route", "status"],
            registry=registry,
        )
        self.latency = Histogram(
            "doctemplates_http_request_duration_seconds",
            "HTTP request latency by route",
            ["method", "route"],
            buckets=_LATENCY_BUCKETS,
            registry=registry,
        )
        self.documents = Counter(
            "doctemplates_documents",
            "Documents produced by kind and format",
            ["kind", "format"],
            registry=registry,
        )
        self.pdf_queue = Gauge(
            "doctemplates_pdf_queue_depth",
            "PDF requests waiting for a LibreOffice worker",
            registry=registry,
            multiprocess_mode="livesum",  # used only when PROMETHEUS_MULTIPROC_DIR is set
        )
        self.pdf_running = Gauge(
            "doctemplates_pdf_in_progress",
            "PDF conversions running",
            registry=registry,
            multiprocess_mode="livesum",  # used only when PROMETHEUS_MULTIPROC_DIR is set
        )
        self.conversions = Counter(
            "doctemplates_pdf_conversions",
            "PDF conversions by outcome (ok, busy, timeout, crashed, failed)",
            ["outcome"],
            registry=registry,
        )
        self.conversion_time = Histogram(
            "doctemplates_pdf_conversion_seconds",
            "Time of one PDF conversion (LibreOffice and post-processing)",
            buckets=_LATENCY_BUCKETS,
            registry=registry,
        )
        if self.multiprocess:
            _multiprocess.MultiProcessCollector(self.registry)  # type: ignore[no-untyped-call]

    def exposition(self) -> bytes:
        """The Prometheus text of every metric (of every server process)."""
        return generate_latest(self.registry)
