"""One real server process for the service tests of a session.  整个测试会话共用一个服务进程。"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="the [server] extra is not installed")
pytest.importorskip("httpx", reason="httpx (dev extra) is not installed")

from doctemplates.pdf import soffice_path  # noqa: E402
from tests.service.server import Server, running_server  # noqa: E402

#: Bounds of the shared server: small enough for the tests to reach them.
SHARED_OPTIONS = (
    "--pdf-workers",
    "2",
    "--pdf-queue",
    "2",
    "--max-body-mb",
    "1",
    "--max-upload-mb",
    "4",
    "--max-records",
    "40",
)


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The shared server (token required, 2 LibreOffice workers, small limits)."""
    folder = tmp_path_factory.mktemp("service")
    has_pdf = soffice_path() is not None
    options = SHARED_OPTIONS if has_pdf else (*SHARED_OPTIONS[2:], "--pdf-workers", "0")
    with running_server(folder, *options, ready=has_pdf) as running:
        yield running


@pytest.fixture(scope="session")
def needs_pdf() -> None:
    if soffice_path() is None:
        pytest.skip("LibreOffice (soffice) is not installed")


@pytest.fixture
def client(server: Server) -> Iterator[object]:
    with server.client() as http:
        yield http


def sample(name: str) -> dict[str, object]:
    """A sample data file as JSON-ready data (dates as text, ``kind`` dropped)."""
    import json

    import yaml

    root = Path(__file__).resolve().parents[2]
    data = yaml.safe_load((root / "samples" / name).read_text(encoding="utf-8"))
    data.pop("kind", None)
    return json.loads(json.dumps(data, default=str))


@pytest.fixture(scope="session")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    """One headless Chromium for the page tests (system browser and driver, nothing downloaded)."""
    from tests.service.browser import chromium, find_browser

    pytest.importorskip("selenium", reason="selenium (dev extra) is not installed")
    found, driver = find_browser()
    if found is None or driver is None:
        pytest.skip(
            "chromium or chromedriver is not installed (apt-get install chromium chromium-driver)"
        )
    downloads = tmp_path_factory.mktemp("downloads")
    with chromium(downloads) as web:
        web.downloads = downloads
        yield web
