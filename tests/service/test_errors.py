"""Bad requests: each gets its status and a JSON error.  错误请求：状态码和 JSON 错误。"""

from __future__ import annotations

import io
import json
import os
import sys
import zipfile

import httpx
import pytest

from tests.service.conftest import sample
from tests.service.server import Server

MiB = 1024 * 1024


def _json(body: object) -> dict[str, object]:
    return {
        "content": json.dumps(body, ensure_ascii=False).encode(),
        "headers": {"Content-Type": "application/json"},
    }


def _xlsx(rows: list[list[object]]) -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _many_rows(count: int) -> bytes:
    """The sample spreadsheet's header and first row, the row repeated ``count`` times."""
    from pathlib import Path

    import openpyxl

    sheet = openpyxl.load_workbook(
        Path(__file__).resolve().parents[2] / "samples" / "proposals.xlsx"
    ).active
    header, first = list(sheet.iter_rows(min_row=1, max_row=2, values_only=True))
    return _xlsx([list(header)] + [list(first)] * count)


def _cases() -> list[tuple[str, str, str, dict[str, object], int, str]]:
    """(id, method, path, httpx arguments, status, code)."""
    notice = sample("notice.yaml")
    return [
        (
            "malformed-json",
            "POST",
            "/v1/kinds/document/render",
            {"content": b'{"title": ', "headers": {"Content-Type": "application/json"}},
            400,
            "bad_request",
        ),
        (
            "json-not-utf8",
            "POST",
            "/v1/kinds/document/render",
            {"content": b'{"title": "\xff"}', "headers": {"Content-Type": "application/json"}},
            400,
            "bad_request",
        ),
        (
            "deep-json",
            "POST",
            "/v1/kinds/document/render",
            {
                "content": b"[" * 100_000 + b"]" * 100_000,
                "headers": {"Content-Type": "application/json"},
            },
            413,
            "limit_exceeded",
        ),
        (
            "huge-integer",
            "POST",
            "/v1/kinds/document/render",
            {
                "content": b'{"title": ' + b"9" * 5000 + b"}",
                "headers": {"Content-Type": "application/json"},
            },
            413,
            "limit_exceeded",
        ),
        (
            "too-many-values",
            "POST",
            "/v1/kinds/document/render",
            {
                "content": b'{"title": "x", "organs": [' + b'"a",' * 250_000 + b'"a"]}',
                "headers": {"Content-Type": "application/json"},
            },
            413,
            "limit_exceeded",
        ),
        ("json-array", "POST", "/v1/kinds/document/render", _json([1, 2]), 422, "invalid_data"),
        (
            "unknown-field",
            "POST",
            "/v1/kinds/document/render",
            _json({**notice, "titel": "x"}),
            422,
            "invalid_data",
        ),
        (
            "bad-date",
            "POST",
            "/v1/kinds/document/validate",
            _json({**notice, "signature": {"date": "2021-02-30"}}),
            422,
            "invalid_data",
        ),
        (
            "unknown-kind",
            "POST",
            "/v1/kinds/no-such-kind/render",
            _json(notice),
            404,
            "unknown_kind",
        ),
        ("unknown-kind-schema", "GET", "/v1/kinds/no-such-kind/schema", {}, 404, "unknown_kind"),
        ("no-such-path", "GET", "/v1/nothing", {}, 404, "not_found"),
        ("wrong-method", "GET", "/v1/kinds/document/render", {}, 405, "method_not_allowed"),
        (
            "text-plain",
            "POST",
            "/v1/kinds/document/render",
            {"content": b"title: x", "headers": {"Content-Type": "text/plain"}},
            415,
            "unsupported_media_type",
        ),
        (
            "bad-format",
            "POST",
            "/v1/kinds/document/render?format=odt",
            _json(notice),
            400,
            "bad_request",
        ),
        (
            "body-too-large",
            "POST",
            "/v1/kinds/document/render",
            {"content": b" " * (2 * MiB), "headers": {"Content-Type": "application/json"}},
            413,
            "payload_too_large",
        ),
        (
            "chunked-too-large",
            "POST",
            "/v1/kinds/document/render",
            {
                "content": iter([b" " * (256 * 1024)] * 8),
                "headers": {"Content-Type": "application/json"},
            },
            413,
            "payload_too_large",
        ),
        (
            "upload-not-image",
            "POST",
            "/v1/kinds/document/render",
            {
                "files": {
                    "data": (None, json.dumps(notice)),
                    "signature.seal_image": ("seal.png", b"not a picture"),
                }
            },
            415,
            "unsupported_media_type",
        ),
        (
            "upload-bad-path",
            "POST",
            "/v1/kinds/document/render",
            {
                "files": {
                    "data": (None, json.dumps(notice)),
                    "../etc": ("seal.png", b"\x89PNG\r\n\x1a\n"),
                }
            },
            400,
            "bad_request",
        ),
        (
            "multipart-no-data",
            "POST",
            "/v1/kinds/document/render",
            {"files": {"template": ("t.docx", b"PK\x03\x04")}},
            400,
            "bad_request",
        ),
        (
            "template-not-docx",
            "POST",
            "/v1/kinds/document/render",
            {"files": {"data": (None, json.dumps(notice)), "template": ("t.docx", b"not a zip")}},
            422,
            "invalid_template",
        ),
        (
            "check-random-bytes",
            "POST",
            "/v1/check",
            {"files": {"file": ("x.docx", os.urandom(2048))}},
            415,
            "unsupported_media_type",
        ),
        (
            "check-broken-zip",
            "POST",
            "/v1/check",
            {"files": {"file": ("x.docx", b"PK\x03\x04" + b"\x00" * 200)}},
            422,
            "invalid_data",
        ),
        ("check-not-multipart", "POST", "/v1/check", _json({}), 415, "unsupported_media_type"),
        (
            "lint-not-docx",
            "POST",
            "/v1/lint",
            {"files": {"template": ("t.docx", b"%PDF-1.4 ...")}},
            415,
            "unsupported_media_type",
        ),
        (
            "lint-missing-part",
            "POST",
            "/v1/lint",
            {"files": {"other": ("t.docx", b"x")}},
            400,
            "bad_request",
        ),
        (
            "batch-too-many-records",
            "POST",
            "/v1/kinds/proposal-reply/batch",
            {
                "files": {
                    "records": (
                        "r.jsonl",
                        "".join(json.dumps({"number": i}) + "\n" for i in range(60)).encode(),
                    )
                }
            },
            413,
            "payload_too_large",
        ),
        (
            "batch-too-many-rows-xlsx",
            "POST",
            "/v1/kinds/proposal-reply/batch",
            {
                "files": {
                    "records": ("r.xlsx", _many_rows(60)),
                    "defaults": (
                        None,
                        json.dumps(sample("batch/reply-defaults.yaml"), ensure_ascii=False),
                    ),
                }
            },
            413,
            "payload_too_large",
        ),
        (
            "batch-bad-header",
            "POST",
            "/v1/kinds/proposal-reply/batch",
            {"files": {"records": ("r.csv", "提案号,不存在的列\n1,x\n".encode())}},
            422,
            "invalid_data",
        ),
        (
            "batch-bad-name",
            "POST",
            "/v1/kinds/proposal-reply/batch",
            {
                "files": {
                    "records": ("r.csv", "提案号\n1\n".encode()),
                    "name": (None, "../{提案号}"),
                }
            },
            422,
            "batch_error",
        ),
        (
            "batch-bad-format",
            "POST",
            "/v1/kinds/proposal-reply/batch",
            {"files": {"records": ("r.csv", b"a\n1\n"), "format": (None, "odt")}},
            400,
            "bad_request",
        ),
        (
            "batch-defaults-not-object",
            "POST",
            "/v1/kinds/proposal-reply/batch",
            {"files": {"records": ("r.csv", b"a\n1\n"), "defaults": (None, "[1]")}},
            422,
            "invalid_data",
        ),
        (
            "batch-records-pdf",
            "POST",
            "/v1/kinds/proposal-reply/batch",
            {"files": {"records": ("r.xlsx", b"%PDF-1.4")}},
            415,
            "unsupported_media_type",
        ),
    ]


CASES = _cases()


@pytest.mark.parametrize(
    ("method", "path", "arguments", "status", "code"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_bad_request(
    client, method: str, path: str, arguments: dict[str, object], status: int, code: str
) -> None:
    answer = client.request(method, path, **arguments)
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"] == "application/json"
    body = answer.json()
    assert body["code"] == code
    assert body["message"] and isinstance(body["errors"], list)
    assert not _server_paths(answer.text), answer.text


def test_every_field_error_is_listed(client) -> None:
    notice = sample("notice.yaml")
    bad = {
        **notice,
        "title": "",
        "urgency": "很急",
        "doc_number": "钟科发2020第2号",
        "body": [{"heading": "一、", "paragraphs": ["x"]}],
        "signature": {**notice["signature"], "date": "2021-02-30", "seal_mode": "盖个章"},
        "titel": "typo",
    }
    answer = client.post("/v1/kinds/document/render", json=bad)
    assert answer.status_code == 422
    errors = answer.json()["errors"]
    assert {e["path"] for e in errors} >= {
        "title",
        "urgency",
        "doc_number",
        "body[0].heading",
        "signature.date",
        "signature.seal_mode",
        "titel",
    }
    codes = {e["path"]: e["code"] for e in errors}
    assert codes["titel"] == "extra_forbidden"
    assert codes["doc_number"] == "doc_number_error"
    assert codes["signature.date"] == "date_error"
    for error in errors:
        assert set(error) == {"path", "message", "code"}
        assert any("\u4e00" <= ch <= "\u9fff" for ch in error["message"]), error


def test_token_is_required(server: Server) -> None:
    assert server.token
    with server.client(token=False) as anonymous:
        for method, path in (
            ("GET", "/v1/kinds"),
            ("POST", "/v1/kinds/document/render"),
            ("GET", "/metrics"),
        ):
            answer = anonymous.request(method, path)
            assert answer.status_code == 401, path
            assert answer.json()["code"] == "unauthorized"
            assert answer.headers["www-authenticate"].startswith("Bearer")
        wrong = anonymous.get(
            "/v1/kinds", headers={"Authorization": "Bearer " + "x" * len(server.token)}
        )
        assert wrong.status_code == 401
        basic = anonymous.get("/v1/kinds", headers={"Authorization": "Basic " + server.token})
        assert basic.status_code == 401
        assert anonymous.get("/healthz").status_code == 200  # probes need no token
    with server.client() as known:
        assert known.get("/v1/kinds").status_code == 200


def test_no_cors_by_default(client) -> None:
    answer = client.options(
        "/v1/kinds",
        headers={"Origin": "https://example.invalid", "Access-Control-Request-Method": "GET"},
    )
    assert "access-control-allow-origin" not in answer.headers
    plain = client.get("/v1/kinds", headers={"Origin": "https://example.invalid"})
    assert "access-control-allow-origin" not in plain.headers


def test_template_error_names_part_not_server_paths(client) -> None:
    from doctemplates.kinds import FORMAT_TEMPLATES, template_resource

    template = template_resource("doctemplates", FORMAT_TEMPLATES["文件"]).read_bytes()
    source = zipfile.ZipFile(io.BytesIO(template))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            content = source.read(item)
            if item.filename == "word/document.xml":
                content = content.replace(
                    b"{{", b"{{ ''.__class__.__mro__[1].__subclasses__() }}{{", 1
                )
            target.writestr(item, content)
    answer = client.post(
        "/v1/kinds/document/render",
        files={
            "data": (None, json.dumps(sample("notice.yaml"))),
            "template": ("t.docx", out.getvalue()),
        },
    )
    assert answer.status_code == 422, answer.text
    body = answer.json()
    assert body["code"] == "invalid_template"
    assert body["errors"][0]["path"] == "template:word/document.xml"
    assert not _server_paths(answer.text)


def test_a_stranger_sees_no_traceback(server: Server, client) -> None:
    answer = client.post(
        "/v1/kinds/document/render",
        content=b"\x00" * 10,
        headers={"Content-Type": "application/json"},
    )
    assert answer.status_code == 400
    assert "Traceback" not in answer.text and "Traceback" not in server.log()


def _server_paths(text: str) -> list[str]:
    """Folders of this machine that appear in ``text``."""
    from pathlib import Path

    root = str(Path(__file__).resolve().parents[2])
    candidates = {
        root,
        sys.prefix,
        os.path.realpath(sys.prefix),
        "/tmp/",
        "/usr/",
        "/etc/",
        "/root",
        "/home/",
    }
    return [c for c in candidates if c in text]


def test_server_paths_helper_sees_them() -> None:
    assert _server_paths(f"无法读取 {sys.prefix}/lib")
    assert not _server_paths("字段 signature.date 无效")


@pytest.mark.parametrize("size", [0, 1])
def test_health_needs_no_body(server: Server, size: int) -> None:
    assert httpx.get(server.url + "/healthz", params={"x": "y" * size}).status_code == 200


def _template_with(tag: bytes) -> bytes:
    """The shipped 文件 template with ``tag`` written before its first tag."""
    from doctemplates.kinds import FORMAT_TEMPLATES, template_resource

    template = template_resource("doctemplates", FORMAT_TEMPLATES["文件"]).read_bytes()
    source = zipfile.ZipFile(io.BytesIO(template))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            content = source.read(item)
            if item.filename == "word/document.xml":
                content = content.replace(b"{{", tag + b"{{", 1)
            target.writestr(item, content)
    return out.getvalue()


@pytest.mark.parametrize(
    "tag",
    [
        b"{% for i in range(100000000) %}x{% endfor %}",
        b"{{ 'x' * 100000000 }}",
        b"{{ lipsum }}",
    ],
    ids=["endless-loop", "huge-string", "repr"],
)
def test_uploaded_template_over_the_sandbox_bounds_is_422(client, tag: bytes) -> None:
    answer = client.post(
        "/v1/kinds/document/render",
        files={
            "data": (None, json.dumps(sample("notice.yaml"))),
            "template": ("t.docx", _template_with(tag)),
        },
        timeout=60,
    )
    assert answer.status_code == 422, answer.text
    body = answer.json()
    assert body["code"] == "invalid_template"
    assert body["errors"][0]["path"].startswith("template")
    assert not _server_paths(answer.text)
