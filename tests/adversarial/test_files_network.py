"""LibreOffice fetches nothing a document points at (issue 13 §1, LibreOffice side).

The packages of :mod:`tests.adversarial.hostile_docx` bypass render (written
by hand): linked images in the body, a header, VML; INCLUDEPICTURE /
INCLUDETEXT / LINK / DDEAUTO fields; attachedTemplate; altChunk; a linked OLE
object; a subdocument.  Each points at a local HTTP listener or at a local
file.  Converted through the warm pool, the one-shot ``soffice --convert-to``
path and :func:`~doctemplates.pdf.convert_file`, the listener must record no
request at all and the PDF must hold no image and no text of the local file.
Without the profile settings (``BlockUntrustedRefererLinks``) the linked
images were fetched over http and read from disk: ``test_unconfined_profile_fetches``
keeps that baseline honest.
"""

from __future__ import annotations

import http.server
import io
import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pdfplumber
import pytest

from doctemplates.pdf import ConverterPool, _soffice, convert_file, soffice_path
from tests.adversarial.hostile_docx import HOSTILE, MARKER

pytestmark = pytest.mark.skipif(soffice_path() is None, reason="LibreOffice (soffice) 未安装")
FUZZ = int(os.environ.get("FUZZ_EXAMPLES", "0")) >= 1000
SECRET = "LOCALSECRETFILECONTENT"
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de0000000c4944415478"
    "9c63f8cfc000000301010018dd8db00000000049454e44ae426082"
)


class _Listener(http.server.ThreadingHTTPServer):
    requests: list[str]


@pytest.fixture(scope="module")
def listener() -> Iterator[_Listener]:
    class Handler(http.server.BaseHTTPRequestHandler):
        def _hit(self) -> None:
            self.server.requests.append(f"{self.command} {self.path}")  # type: ignore[attr-defined]
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.end_headers()
            self.wfile.write(PNG)

        do_GET = do_HEAD = do_POST = do_OPTIONS = do_PROPFIND = _hit

        def log_message(self, *args: object) -> None:
            pass

    server = _Listener(("127.0.0.1", 0), Handler)
    server.requests = []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()


@pytest.fixture(scope="module")
def local_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("local")
    (base / "secret.txt").write_text(SECRET, encoding="utf-8")
    (base / "secret.png").write_bytes(PNG)
    return {"text": base / "secret.txt", "image": base / "secret.png"}


def _url(kind: str, name: str, listener: _Listener, files: dict[str, Path]) -> str:
    if kind == "http":
        return f"http://127.0.0.1:{listener.server_address[1]}/{name}.png"
    textual = any(
        word in name for word in ("text", "link", "template", "chunk", "subdoc", "dde", "ole")
    )
    return files["text" if textual else "image"].as_uri()


def _assert_confined(pdf: bytes, listener: _Listener, before: int) -> None:
    assert listener.requests[before:] == [], "LibreOffice reached the listener"
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        text = "".join(page.extract_text() or "" for page in doc.pages)
        images = sum(len(page.images) for page in doc.pages)
    assert MARKER in text  # the document did convert
    assert SECRET not in text
    assert images == 0


CASES = [
    pytest.param(name, kind, id=f"{name}-{kind}") for name in HOSTILE for kind in ("http", "file")
]


@pytest.fixture(scope="module")
def pool() -> Iterator[ConverterPool]:
    with ConverterPool(size=1) as warm:
        yield warm


@pytest.mark.parametrize(("name", "kind"), CASES)
def test_pool_fetches_nothing(
    pool: ConverterPool, listener: _Listener, local_files: dict[str, Path], name: str, kind: str
) -> None:
    before = len(listener.requests)
    pdf = pool.convert(HOSTILE[name](_url(kind, name, listener, local_files)))
    _assert_confined(pdf, listener, before)


ONESHOT = (
    CASES
    if FUZZ
    else [c for c in CASES if c.id.startswith(("image-body-link", "image-header-link"))]
)


@pytest.mark.parametrize(("name", "kind"), ONESHOT)
def test_oneshot_fetches_nothing(
    listener: _Listener, local_files: dict[str, Path], name: str, kind: str
) -> None:
    from doctemplates.pdf.fontconfig import font_env

    before = len(listener.requests)
    pdf = _soffice.convert_oneshot(
        HOSTILE[name](_url(kind, name, listener, local_files)), env=font_env(()), timeout=120
    )
    _assert_confined(pdf, listener, before)


@pytest.mark.parametrize("kind", ["http", "file"])
def test_convert_file_fetches_nothing(
    tmp_path: Path, listener: _Listener, local_files: dict[str, Path], kind: str
) -> None:
    source = tmp_path / "hostile.docx"
    source.write_bytes(
        HOSTILE["image-header-link"](_url(kind, "image-header-link", listener, local_files))
    )
    before = len(listener.requests)
    pdf = convert_file(source)
    _assert_confined(pdf.read_bytes(), listener, before)


def test_unconfined_profile_fetches(
    listener: _Listener, local_files: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The baseline: without the settings LibreOffice does fetch (so the test can fail)."""
    plain_settings = tuple(
        (path, name, kind, "false" if name == "BlockUntrustedRefererLinks" else "0", why)
        for path, name, kind, _value, why in _soffice.LO_SETTINGS
        if name in ("BlockUntrustedRefererLinks", "ooInetProxyType")
    )
    monkeypatch.setattr(_soffice, "LO_SETTINGS", plain_settings)
    monkeypatch.setattr(_soffice, "network_sandbox", lambda: ())
    monkeypatch.setattr(_soffice, "_PROXY_VARS", ())
    before = len(listener.requests)
    with ConverterPool(size=1) as plain:
        _soffice.prepare_profile(plain._all[0].profile)
        try:
            plain.convert(
                HOSTILE["image-body-link"](_url("http", "image-body-link", listener, local_files))
            )
        finally:
            # the profile is shared with later runs: put the confined settings back
            monkeypatch.undo()
            _soffice.prepare_profile(plain._all[0].profile)
    assert len(listener.requests) > before
