"""The endpoints the page needs, over HTTP on the session's server.  网页所用接口。

Import of drafts, data files both ways, page pictures of uploads, OFD; the page
and its files public, everything else behind the token; the page calls only
endpoints the OpenAPI document lists (it is the integrators' reference client).
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
import yaml

from doctemplates.data import parse_data
from doctemplates.kinds import get_kind
from tests.service.conftest import sample
from tests.service.server import Server

ROOT = Path(__file__).resolve().parents[2]
STATIC = ROOT / "doctemplates" / "service" / "static"


def test_page_and_its_files_are_public_the_api_is_not(server: Server) -> None:
    with server.client(token=False) as anonymous:
        page = anonymous.get("/")
        assert page.status_code == 200
        assert page.headers["content-type"].startswith("text/html")
        assert "公文生成" in page.text
        policy = page.headers["content-security-policy"]
        assert "default-src 'self'" in policy and "object-src 'none'" in policy
        for name in ("app.js", "form.js", "api.js", "style.css"):
            answer = anonymous.get(f"/static/{name}")
            assert answer.status_code == 200, name
            assert answer.headers["x-content-type-options"] == "nosniff"
        for escape in ("/static/%2e%2e/app.py", "/static/..%2fapp.py", "/static/%2e%2e/web.py"):
            outside = anonymous.get(escape)  # the package's own files stay unserved
            assert outside.status_code == 404, escape
            assert "import" not in outside.text
        for path in ("/v1/import", "/v1/data-file", "/v1/pages", "/v1/kinds/plan/data-file"):
            refused = anonymous.post(path, json={})
            assert refused.status_code == 401, path
            assert refused.json()["code"] == "unauthorized"


def test_page_scripts_load_nothing_from_elsewhere() -> None:
    """No CDN: every URL in the page's files is a path on this server."""
    for path in STATIC.iterdir():
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"(?:src|href)\s*=\s*[\"'](?:https?:)?//", text), path.name
        assert not re.search(r"""\bimport\b[^;]*from\s+["']https?:""", text), path.name
        assert "@import" not in text and "url(" not in text, path.name


def test_page_calls_only_documented_endpoints(client) -> None:
    """Every /v1 address in the page's scripts is an operation of the OpenAPI document."""
    document = client.get("/openapi.json").json()
    documented = {
        (method.upper(), re.sub(r"\{[^}]+\}", "{}", path))
        for path, item in document["paths"].items()
        for method in item
    }
    script = (STATIC / "app.js").read_text(encoding="utf-8")
    calls = re.findall(r"""api\.(?:call|json)\("(GET|POST)",\s*[`"]([^`"?]+)""", script)
    assert len(calls) >= 10, calls
    for method, address in calls:
        if not address.startswith("/v1/"):
            assert address == "info.schema_url" or address.startswith("/v1")
        shape = re.sub(r"\$\{[^}]+\}", "{}", address)
        assert (method, shape) in documented, (method, address)
    assert re.search(r"json\(\"GET\", info\.schema_url\)", script)  # /v1/kinds/{kind}/schema


def test_openapi_documents_the_page_endpoints(client) -> None:
    from openapi_spec_validator import validate

    document = client.get("/openapi.json").json()
    validate(document)
    paths = document["paths"]
    for path in (
        "/v1/import",
        "/v1/data-file",
        "/v1/pages",
        "/v1/kinds/{kind}/data-file",
        "/v1/kinds/{kind}/records",
    ):
        operation = paths[path]["post"]
        assert re.search(r"[\u4e00-\u9fff]", operation["summary"]), path
        assert "401" in operation["responses"]
    upload = paths["/v1/import"]["post"]["requestBody"]["content"]["multipart/form-data"]
    assert upload["schema"]["required"] == ["file"]
    render = paths["/v1/kinds/{kind}/render"]["post"]
    assert "application/ofd" in render["responses"]["200"]["content"]
    assert "/" not in paths  # the page is not an API operation


def test_import_a_messy_text_draft(client) -> None:
    draft = (ROOT / "samples" / "drafts" / "通知草稿.txt").read_bytes()
    answer = client.post("/v1/import", files={"file": ("通知草稿.txt", draft, "text/plain")})
    assert answer.status_code == 200, answer.text
    result = answer.json()
    assert result["kind"] == "document"
    assert result["title"] == "关于开展2026年度科技创新政策宣传月活动的通知"
    assert result["data"]["doc_number"] == "示科发〔2026〕5号"  # normalised from 示科发[2026]05号
    actions = {entry["action"] for entry in result["report"]}
    assert {"recognised", "normalised"} <= actions
    rules = {entry["rule"] for entry in result["report"] if entry["rule"]}
    assert "punctuation" in rules
    # the data renders, the same as the engine renders it
    rendered = client.post("/v1/kinds/document/render", json=result["data"])
    assert rendered.status_code == 200
    assert rendered.content == get_kind("document").render(result["data"])
    # a rule switched off is not applied
    plain = client.post(
        "/v1/import",
        files={"file": ("通知草稿.txt", draft, "text/plain")},
        data={"no_normalize": "punctuation"},
    ).json()
    assert "punctuation" not in {e["rule"] for e in plain["report"] if e["rule"]}


def test_import_word_and_markdown_drafts(client) -> None:
    word = (ROOT / "samples" / "drafts" / "请示草稿.docx").read_bytes()
    answer = client.post("/v1/import", files={"file": ("x.bin", word)})  # by content
    assert answer.status_code == 200, answer.text
    assert answer.json()["title"]
    markdown = (ROOT / "samples" / "drafts" / "讲话草稿.md").read_bytes()
    answer = client.post("/v1/import", files={"file": ("讲话草稿.md", markdown)})
    assert answer.status_code == 200, answer.text
    assert answer.json()["format"] == "讲话"


def test_import_refuses_what_is_no_draft(client) -> None:
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    answer = client.post("/v1/import", files={"file": ("a.txt", png)})
    assert answer.status_code == 415
    assert answer.json()["errors"][0]["path"] == "file"
    bad_rule = client.post(
        "/v1/import",
        files={"file": ("a.txt", "关于开展评议的通知\n各科室：\n做好评议。".encode())},
        data={"no_normalize": "nonsense"},
    )
    assert bad_rule.status_code == 400
    assert bad_rule.json()["errors"][0]["path"] == "no_normalize"
    missing = client.post("/v1/import", files={"other": ("a.txt", b"x")})
    assert missing.status_code == 400
    assert missing.json()["errors"][0] == {
        "path": "file",
        "message": "缺少必填的上传部分",
        "code": "missing",
    }


def test_markdown_picture_paths_are_not_opened(client, server: Server) -> None:
    """A draft naming a server file as a picture: reported, never opened."""
    secret = server.watched / "seal.png"
    secret.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 32)
    text = (
        "# 关于开展评议的通知\n\n各科室：\n\n做好评议。\n\n"
        f"![印章]({secret})\n\n![印章](../../{secret.name})\n\n示例市科学技术局\n\n2026年3月2日\n"
    )
    answer = client.post("/v1/import", files={"file": ("草稿.md", text.encode())})
    assert answer.status_code == 200, answer.text
    assert "data:image" not in answer.text
    notes = [e["message"] for e in answer.json()["report"]]
    assert any("服务中不读取文件" in n for n in notes), notes
    assert server.opened() == []


def test_data_file_round_trip_is_what_the_cli_reads(client) -> None:
    data = sample("plan.yaml")
    saved = client.post("/v1/kinds/plan/data-file", json=data)
    assert saved.status_code == 200, saved.text
    assert saved.headers["content-type"].startswith("application/yaml")
    assert "filename*=UTF-8''" in saved.headers["content-disposition"]
    text = saved.text
    assert text.startswith("# 工作实施方案")
    parsed = parse_data(text, "yaml", "saved.yaml")  # as `doctemplates render` reads it
    assert parsed.pop("kind") == "plan"
    assert get_kind("plan").render(parsed) == get_kind("plan").render(data)
    as_json = client.post("/v1/kinds/plan/data-file?format=json", json=data)
    assert as_json.headers["content-type"].startswith("application/json")
    assert json.loads(as_json.text) == {"kind": "plan", **data}
    # read back: the form is filled with the same data
    read = client.post("/v1/data-file", files={"file": ("plan.yaml", text.encode())})
    assert read.status_code == 200, read.text
    assert read.json() == {"kind": "plan", "data": data}
    # an incomplete form may be saved too (to finish later); an unknown kind is 404
    partial = client.post("/v1/kinds/plan/data-file", json={"organ": "示例市科学技术局"})
    assert yaml.safe_load(partial.text) == {"kind": "plan", "organ": "示例市科学技术局"}
    assert client.post("/v1/kinds/nonsense/data-file", json={}).status_code == 404


def test_data_file_errors_name_line_and_column(client) -> None:
    broken = client.post(
        "/v1/data-file", files={"file": ("x.yaml", "title: 关于: 通知\n".encode())}
    )
    assert broken.status_code == 422
    assert "第 1 行第 10 列" in broken.json()["message"]
    bad_json = client.post("/v1/data-file", files={"file": ("x.json", b'{"a": 1,}')})
    assert bad_json.status_code == 400
    assert "第 1 行" in bad_json.json()["message"]
    binary = client.post("/v1/data-file", files={"file": ("x.yaml", b"\x00\xff\xfe" * 100)})
    assert binary.status_code == 415
    bomb = "a: &a [1,1,1,1,1,1,1,1,1]\n" + "".join(
        f"{c}: &{c} [{', '.join(['*' + p] * 9)}]\n"
        for p, c in zip("abcdefgh", "bcdefghi", strict=True)
    )
    refused = client.post("/v1/data-file", files={"file": ("bomb.yaml", bomb.encode())})
    assert refused.status_code in (413, 422), refused.text


@pytest.mark.pdf
def test_pages_of_an_uploaded_pdf_and_docx(client, needs_pdf) -> None:
    from PIL import Image

    data = sample("notice.yaml")
    pdf = client.post("/v1/kinds/document/render?format=pdf", json=data).content
    docx = client.post("/v1/kinds/document/render", json=data).content
    first = client.post("/v1/pages?page=1&dpi=40", files={"file": ("a.pdf", pdf)})
    assert first.status_code == 200, first.text
    assert first.headers["content-type"] == "image/png"
    pages = int(first.headers["x-page-count"])
    picture = Image.open(io.BytesIO(first.content))
    assert picture.size == (round(210 / 25.4 * 40), round(297 / 25.4 * 40))  # A4 at 40 dpi
    from_docx = client.post(f"/v1/pages?page={pages}&dpi=40", files={"file": ("a.docx", docx)})
    assert from_docx.status_code == 200, from_docx.text
    assert from_docx.headers["x-page-count"] == str(pages)
    beyond = client.post(f"/v1/pages?page={pages + 1}", files={"file": ("a.pdf", pdf)})
    assert beyond.status_code == 400
    assert beyond.json()["errors"][0]["path"] == "page"
    damaged = client.post("/v1/pages", files={"file": ("a.pdf", b"%PDF-1.7\nnonsense")})
    assert damaged.status_code == 422
    assert client.post("/v1/pages", files={"file": ("a.txt", b"hello")}).status_code == 415


@pytest.mark.pdf
def test_render_ofd(client, needs_pdf) -> None:
    import zipfile

    answer = client.post("/v1/kinds/plan/render?format=ofd", json=sample("plan.yaml"))
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == "application/ofd"
    archive = zipfile.ZipFile(io.BytesIO(answer.content))
    assert "OFD.xml" in archive.namelist()
    assert "工作实施方案" in archive.read("OFD.xml").decode("utf-8")


def test_records_of_a_spreadsheet_fill_a_list_field(client) -> None:
    """proposal-summary's records from an upload, instead of records_file (a path)."""
    from doctemplates.data import data_dir

    xlsx = (ROOT / "samples" / "proposals.xlsx").read_bytes()
    answer = client.post(
        "/v1/kinds/proposal-summary/records",
        files={"file": ("提案.xlsx", xlsx)},
        data={"field": "records"},
    )
    assert answer.status_code == 200, answer.text
    rows = answer.json()
    assert rows["field"] == "records"
    assert rows["rows"][0] == 2 and len(rows["records"]) == len(rows["rows"]) == 32
    assert rows["records"][0]["assigned"] == "2026-03-20"  # a date cell is a date
    data = sample("proposal-summary.yaml")
    data.pop("records_file")
    rendered = client.post(
        "/v1/kinds/proposal-summary/render", json={**data, "records": rows["records"]}
    )
    assert rendered.status_code == 200, rendered.text
    with data_dir(ROOT / "samples"):
        expected = get_kind("proposal-summary").render(sample("proposal-summary.yaml"))
    assert rendered.content == expected
    # a field that is no list of objects, a kind without one, a picture for a table
    wrong = client.post(
        "/v1/kinds/proposal-summary/records",
        files={"file": ("a.xlsx", xlsx)},
        data={"field": "organ"},
    )
    assert wrong.status_code == 400
    assert wrong.json()["errors"][0]["path"] == "field"
    assert "records" in wrong.json()["message"]
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    picture = client.post(
        "/v1/kinds/proposal-summary/records",
        files={"file": ("a.xlsx", png)},
        data={"field": "records"},
    )
    assert picture.status_code == 415


@pytest.mark.pdf
def test_page_picture_of_a_huge_page_is_bounded(client, needs_pdf) -> None:
    """A PDF declaring a 5 m page: the picture is bounded, not 40,000 pixels square."""
    from PIL import Image
    from pypdf import PdfWriter

    from doctemplates.service.routes import MAX_PAGE_PIXELS

    writer = PdfWriter()
    writer.add_blank_page(width=14400, height=14400)  # the largest page PDF allows
    out = io.BytesIO()
    writer.write(out)
    answer = client.post("/v1/pages?dpi=200", files={"file": ("huge.pdf", out.getvalue())})
    assert answer.status_code == 200, answer.text
    width, height = Image.open(io.BytesIO(answer.content)).size
    assert width * height <= MAX_PAGE_PIXELS
    assert width >= 3900  # as large as allowed, not a thumbnail
