"""The Java 17 example client renders a .docx and a PDF through the service.  Java 客户端。"""

from __future__ import annotations

import io
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from doctemplates.kinds import get_kind
from tests.service.conftest import sample
from tests.service.server import Server

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "java" / "DocumentClient.java"


@pytest.fixture(scope="module")
def compiled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    javac = shutil.which("javac")
    if javac is None or shutil.which("java") is None:
        pytest.skip("javac/java (JDK 17) is not installed")
    out = tmp_path_factory.mktemp("java")
    subprocess.run(
        [javac, "-encoding", "UTF-8", "-d", str(out), str(EXAMPLE)], check=True, timeout=180
    )
    return out


def _java(compiled: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["java", "-cp", str(compiled), "DocumentClient", *args],
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_java_client_renders_docx_and_pdf(
    server: Server, compiled: Path, tmp_path: Path, needs_pdf
) -> None:
    import pdfplumber

    data = sample("notice.yaml")
    source = tmp_path / "data.json"
    source.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    docx, pdf = tmp_path / "通知.docx", tmp_path / "通知.pdf"
    done = _java(compiled, server.url, str(source), str(docx), str(pdf), server.token or "")
    assert done.returncode == 0, done.stderr
    assert docx.read_bytes() == get_kind("document").render(data)
    with pdfplumber.open(io.BytesIO(pdf.read_bytes())) as document:
        text = "".join(c["text"] for page in document.pages for c in page.chars)
    assert data["title"][:12] in text


def test_java_client_prints_the_json_error(server: Server, compiled: Path, tmp_path: Path) -> None:
    source = tmp_path / "bad.json"
    source.write_text(json.dumps({"title": ""}), encoding="utf-8")
    done = _java(
        compiled,
        server.url,
        str(source),
        str(tmp_path / "x.docx"),
        str(tmp_path / "x.pdf"),
        server.token or "",
    )
    assert done.returncode == 1
    assert "HTTP 422" in done.stderr and '"code":"invalid_data"' in done.stderr
    assert not (tmp_path / "x.docx").exists()
    denied = _java(
        compiled,
        server.url,
        str(source),
        str(tmp_path / "x.docx"),
        str(tmp_path / "x.pdf"),
        "wrong-token-000000",
    )
    assert denied.returncode == 1 and "HTTP 401" in denied.stderr
