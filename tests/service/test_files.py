"""Nothing in posted data makes the server read its own files.  请求数据不能让服务读取服务器上的文件。

The server runs under an audit hook that logs every ``open`` below a watched
folder (tests/service/_launch.py); the files posted here live in that folder.
A FIFO is watched too: opening it for reading would block the server, and a
writer can tell whether anyone has it open.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest

from tests.service.conftest import sample
from tests.service.server import Server


def _png() -> bytes:
    from tests.service.test_api import _png as png

    return png()


def _refused(answer, path: str) -> None:  # type: ignore[no-untyped-def]
    assert answer.status_code == 422, answer.text
    body = answer.json()
    assert body["code"] == "invalid_data"
    errors = {e["path"]: e for e in body["errors"]}
    assert path in errors, body
    assert errors[path]["code"] == "file_access_error"


@pytest.mark.parametrize("endpoint", ["render", "validate"])
def test_seal_image_path_is_refused_and_not_opened(server: Server, client, endpoint: str) -> None:
    secret = server.watched / f"seal-{endpoint}.png"
    secret.write_bytes(_png())
    for value in (
        str(secret),
        f"{server.watched.name}/{secret.name}",
        f"file://{secret}",
        "/etc/passwd",
    ):
        data = sample("notice.yaml")
        data["signature"] = {**data["signature"], "seal_mode": "seal", "seal_image": value}
        _refused(client.post(f"/v1/kinds/document/{endpoint}", json=data), "signature.seal_image")
    assert server.opened() == []


def test_records_file_path_is_refused_and_not_opened(server: Server, client) -> None:
    records = server.watched / "records.xlsx"
    records.write_bytes(
        (Path(__file__).resolve().parents[2] / "samples" / "proposals.xlsx").read_bytes()
    )
    data = sample("proposal-summary.yaml")
    data.pop("records", None)
    data["records_file"] = str(records)
    _refused(client.post("/v1/kinds/proposal-summary/render", json=data), "records_file")
    assert server.opened() == []


def test_a_fifo_in_posted_data_is_never_opened(server: Server, client) -> None:
    fifo = server.watched / "seal.fifo"
    os.mkfifo(fifo)
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    data = sample("notice.yaml")
    data["signature"] = {**data["signature"], "seal_mode": "seal", "seal_image": str(fifo)}
    answer = client.post("/v1/kinds/document/render", json=data, timeout=10)  # an open would block
    _refused(answer, "signature.seal_image")
    with pytest.raises(OSError) as raised:  # ENXIO: no process has the FIFO open for reading
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
    assert raised.value.errno == errno.ENXIO
    assert server.opened() == []


def test_the_watch_sees_an_open(server: Server) -> None:
    """The audit hook of the launcher logs an open below the watched folder (so an empty log means something)."""
    import subprocess
    import sys

    log = server.watched.parent / "self-test.log"
    probe = server.watched / "probe.txt"
    probe.write_text("x", encoding="utf-8")
    script = (
        "from tests.service._launch import install_hook;"
        f"install_hook({str(server.watched)!r}, {str(log)!r});"
        f"open({str(probe)!r}).read()"
    )
    root = Path(__file__).resolve().parents[2]
    subprocess.run([sys.executable, "-c", script], check=True, timeout=60, cwd=root)
    assert log.read_text(encoding="utf-8").splitlines() == [f"open {probe}"]


def test_data_uri_seal_is_embedded(client) -> None:
    import base64
    import io
    import zipfile

    seal = _png()
    data = sample("notice.yaml")
    data["signature"] = {
        **data["signature"],
        "seal_mode": "seal",
        "seal_image": "data:image/png;base64," + base64.b64encode(seal).decode(),
    }
    answer = client.post("/v1/kinds/document/render", json=data)
    assert answer.status_code == 200, answer.text
    package = zipfile.ZipFile(io.BytesIO(answer.content))
    assert [package.read(n) for n in package.namelist() if n.startswith("word/media/")] == [seal]


@pytest.mark.parametrize(
    ("uri", "fragment"),
    [
        ("data:text/plain;base64,aGk=", "应为图片"),
        ("data:image/png;base64,@@@", "base64"),
        ("data:nonsense", "data: URI"),
    ],
)
def test_bad_data_uri_is_a_field_error(client, uri: str, fragment: str) -> None:
    data = sample("notice.yaml")
    data["signature"] = {**data["signature"], "seal_mode": "seal", "seal_image": uri}
    answer = client.post("/v1/kinds/document/validate", json=data)
    assert answer.status_code == 422
    errors = {e["path"]: e for e in answer.json()["errors"]}
    assert fragment in errors["signature.seal_image"]["message"]
