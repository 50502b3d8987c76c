"""Every endpoint of a real ``doctemplates serve`` over HTTP.  每个地址的正常用法。"""

from __future__ import annotations

import base64
import io
import json
import zipfile
from pathlib import Path

import docx

from doctemplates.gbt9704 import geometry as g
from doctemplates.kinds import available_kinds, get_kind
from tests.docxbuild import replace_in_part
from tests.service.conftest import sample
from tests.service.server import Server

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _png(width: int = 40, height: int = 40) -> bytes:
    """A small red PNG made with the standard library (zlib + struct)."""
    import struct
    import zlib

    raw = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))

    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def test_kinds_lists_the_registry(client) -> None:
    answer = client.get("/v1/kinds")
    assert answer.status_code == 200
    kinds = {k["name"]: k for k in answer.json()["kinds"]}
    assert set(kinds) == set(available_kinds())
    assert kinds["plan"]["title"] == "工作实施方案"
    assert kinds["plan"]["schema_url"] == "/v1/kinds/plan/schema"


def test_schema_is_the_published_one(client) -> None:
    answer = client.get("/v1/kinds/plan/schema")
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("application/schema+json")
    assert answer.json() == get_kind("plan").schema()
    # a Chinese alias works in the address too
    assert client.get("/v1/kinds/工作实施方案/schema").json() == answer.json()


def test_render_docx_equals_the_engine_byte_for_byte(client) -> None:
    data = sample("notice.yaml")
    answer = client.post("/v1/kinds/document/render", json=data)
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == DOCX
    assert "filename*=UTF-8''" in answer.headers["content-disposition"]
    assert answer.content == get_kind("document").render(data)
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(answer.content)).paragraphs)
    assert data["title"] in text.replace("\n", "")  # the title is broken over lines (§7.3.1)


def test_render_pdf_by_accept_and_by_query(client, needs_pdf) -> None:
    import pdfplumber

    data = sample("plan.yaml")
    by_accept = client.post(
        "/v1/kinds/plan/render", json=data, headers={"Accept": "application/pdf"}
    )
    assert by_accept.status_code == 200, by_accept.text
    assert by_accept.headers["content-type"] == "application/pdf"
    by_query = client.post("/v1/kinds/plan/render?format=pdf", json=data)
    assert by_query.status_code == 200
    for pdf in (by_accept.content, by_query.content):
        with pdfplumber.open(io.BytesIO(pdf)) as doc:
            text = "".join(c["text"] for page in doc.pages for c in page.chars)
            assert len(doc.pages) >= 2
        title = get_kind("plan").metadata(data)["title"]
        assert title[:10] in text


def test_validate_reports_notices_and_every_error_at_once(client) -> None:
    data = sample("notice.yaml")
    data["body"][0]["heading"] = "一、" + str(data["body"][0].get("heading") or "总体要求")
    ok = client.post("/v1/kinds/document/validate", json=data)
    assert ok.status_code == 200, ok.text
    assert ok.json()["valid"] is True
    assert any(n["path"] == "body[0].heading" for n in ok.json()["notices"])

    bad = dict(data, title="", urgency="很急", copy_number="12x")
    bad["signature"] = {**data["signature"], "date": "2021-02-30"}
    answer = client.post("/v1/kinds/document/validate", json=bad)
    assert answer.status_code == 422
    body = answer.json()
    assert body["code"] == "invalid_data"
    paths = {e["path"]: e for e in body["errors"]}
    assert set(paths) >= {"title", "urgency", "copy_number", "signature.date"}
    assert paths["signature.date"]["code"] == "date_error"
    assert paths["title"]["code"] == "string_too_short"
    assert all(e["message"] for e in body["errors"])


def test_multipart_render_with_template_and_uploaded_seal(client) -> None:
    from doctemplates.kinds import FORMAT_TEMPLATES, template_resource

    data = sample("notice.yaml")
    data["signature"]["seal_mode"] = "seal"
    template = template_resource("doctemplates", FORMAT_TEMPLATES["文件"]).read_bytes()
    seal = _png()
    answer = client.post(
        "/v1/kinds/document/render",
        files={
            "data": (None, json.dumps(data, ensure_ascii=False), "application/json"),
            "template": ("我的模板.docx", template, DOCX),
            "signature.seal_image": ("seal.png", seal, "image/png"),
        },
    )
    assert answer.status_code == 200, answer.text
    with zipfile.ZipFile(io.BytesIO(answer.content)) as package:
        media = [n for n in package.namelist() if n.startswith("word/media/")]
        assert [package.read(n) for n in media] == [seal]
    # the same picture as a data: URI in JSON gives the same document
    uri = "data:image/png;base64," + base64.b64encode(seal).decode()
    inline = dict(data, signature={**data["signature"], "seal_image": uri})
    as_json = client.post("/v1/kinds/document/render", json=inline)
    assert as_json.status_code == 200
    assert as_json.content == answer.content == get_kind("document").render(inline)


def test_batch_zip_equals_a_local_batch(client, tmp_path) -> None:
    from doctemplates.assemble import with_defaults
    from doctemplates.batch import InlineExecutor, render_many
    from doctemplates.records import open_records

    root = Path(__file__).resolve().parents[2]
    defaults = sample("batch/reply-defaults.yaml")
    records = (root / "samples" / "proposals.xlsx").read_bytes()
    answer = client.post(
        "/v1/kinds/proposal-reply/batch",
        files={
            "records": ("任意名称.bin", records, "application/octet-stream"),
            "defaults": (None, json.dumps(defaults, ensure_ascii=False)),
            "name": (None, "{提案号}"),
        },
    )
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == "application/zip"
    package = zipfile.ZipFile(io.BytesIO(answer.content))
    names = package.namelist()
    assert "manifest.jsonl" in names and "errors.csv" in names

    kind = get_kind("proposal-reply")
    local = open_records(
        root / "samples" / "proposals.xlsx", kind.model, provided=frozenset(defaults)
    )
    results = render_many(
        kind.name,
        with_defaults(local.records, defaults),
        tmp_path,
        executor=InlineExecutor(),
        name="{提案号}",
        columns=local.columns,
    )
    made = [r for r in results if r.ok]
    assert made and len(made) < len(results)  # the sample has a bad row
    for result in made:
        assert package.read(result.output) == (tmp_path / result.output).read_bytes()
    manifest = [json.loads(line) for line in package.read("manifest.jsonl").splitlines()]
    manifest = [m for m in manifest if m.get("sha256") and "row" in m]  # finished records
    assert [m["output"] for m in manifest] == [r.output for r in made]
    from doctemplates.batch import write_errors

    write_errors(tmp_path, results)
    errors = package.read("errors.csv").decode("utf-8-sig").splitlines()
    assert errors == (tmp_path / "errors.csv").read_text(encoding="utf-8-sig").splitlines()
    failed = [r for r in results if not r.ok]
    assert errors[0].startswith("行号,列,表头")  # the row, column letter and header a user sees
    assert [line.split(",")[0] for line in errors[1:]] == [str(r.row) for r in failed]


def test_check_docx_and_pdf(client, needs_pdf) -> None:
    data = sample("notice.yaml")
    document = get_kind("document").render(data)
    answer = client.post("/v1/check", files={"file": ("通知", document)})
    assert answer.status_code == 200, answer.text
    report = answer.json()
    assert report["file_type"] == "docx"
    assert report["errors"] == 0, report

    pdf = client.post("/v1/kinds/document/render?format=pdf", json=data).content
    report = client.post("/v1/check", files={"file": ("文件.bin", pdf)}).json()
    assert report["file_type"] == "pdf"
    assert report["errors"] == 0, report


#: The section's top margin as the template writes it (§5.2.1: 天头 37 mm).
TOP = f'w:top="{g.mm_to_twips(g.MARGIN_TOP_MM)}"'.encode()


def _repack(document: bytes) -> bytes:
    """The document with ``word/document.xml``'s top margin changed (a finding to report)."""
    return replace_in_part(document, "word/document.xml", TOP, b'w:top="600"')


def test_check_finds_a_wrong_margin(client) -> None:
    document = get_kind("document").render(sample("notice.yaml"))
    assert TOP in zipfile.ZipFile(io.BytesIO(document)).read("word/document.xml")
    report = client.post("/v1/check", files={"file": ("x.docx", _repack(document))}).json()
    assert report["errors"] >= 1
    assert all(f["clause"] and f["location"]["display"] for f in report["findings"])


def test_lint_finds_a_misspelled_variable_and_a_split_tag(client) -> None:
    from doctemplates.kinds import FORMAT_TEMPLATES, template_resource

    template = template_resource("doctemplates", FORMAT_TEMPLATES["文件"]).read_bytes()
    clean = client.post(
        "/v1/lint", files={"template": ("t.docx", template)}, data={"kind": "document"}
    )
    assert clean.status_code == 200, clean.text
    assert clean.json()["errors"] == 0
    source = zipfile.ZipFile(io.BytesIO(template))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            content = source.read(item)
            if item.filename == "word/document.xml":
                content = content.replace("{{ 份号 ".encode(), "{{ 份号码 ".encode(), 1)
                content = content.replace(b"{{", b"{</w:t></w:r><w:r><w:t>{", 1)
            target.writestr(item, content)
    answer = client.post(
        "/v1/lint", files={"template": ("t.docx", out.getvalue())}, data={"kind": "document"}
    )
    assert answer.status_code == 200, answer.text
    report = answer.json()
    assert report["errors"] >= 1
    codes = {(f["rule"], f["location"]["part"]) for f in report["findings"]}
    assert ("split-tag", "word/document.xml") in codes
    assert any("份号码" in f["message"] + (f["location"]["tag"] or "") for f in report["findings"])
    assert report["infos"] >= 1  # the split tag: render merges it


def test_service_and_cli_tell_findings_alike(client, tmp_path) -> None:
    """/v1/check and /v1/lint answer with the findings ``--json`` prints, key for key."""
    from doctemplates.check import check_file
    from doctemplates.findings import findings_json
    from doctemplates.lint import lint_template

    document = _repack(get_kind("document").render(sample("notice.yaml")))
    (tmp_path / "x.docx").write_bytes(document)
    cli = json.loads(findings_json(check_file(tmp_path / "x.docx")))
    answer = client.post("/v1/check", files={"file": ("x.docx", document)}).json()
    assert answer == {"file_type": "docx", **{k: v for k, v in cli.items() if k != "file"}}
    assert answer["findings"] and answer["findings"][0]["rule"] == "page-margins"
    from doctemplates.kinds import FORMAT_TEMPLATES, template_resource

    broken = _repack(template_resource("doctemplates", FORMAT_TEMPLATES["文件"]).read_bytes())
    cli = json.loads(findings_json(lint_template(broken)))
    answer = client.post("/v1/lint", files={"template": ("t.docx", broken)}).json()
    assert answer == {k: v for k, v in cli.items() if k != "file"}
    margin = next(f for f in answer["findings"] if f["rule"] == "page-margins")
    checked = next(f for f in cli["findings"] if f["rule"] == "page-margins")
    assert margin["clause"] == checked["clause"] == "§5.2.1"


def test_health_ready_and_metrics(server: Server, client) -> None:
    import httpx

    assert httpx.get(server.url + "/healthz").json() == {"status": "ok"}  # no token needed
    ready = httpx.get(server.url + "/readyz")
    assert ready.status_code == 200
    assert ready.json()["status"] == "ready"
    if ready.json()["pdf_mode"] != "none":
        assert ready.json()["pdf_workers"] >= 1
    client.get("/v1/kinds")
    metrics = client.get("/metrics")
    assert metrics.status_code == 200
    assert metrics.headers["content-type"].startswith("text/plain")
    text = metrics.text
    assert 'doctemplates_http_requests_total{method="GET",route="/v1/kinds",status="200"}' in text
    for name in (
        "doctemplates_http_request_duration_seconds_bucket",
        "doctemplates_pdf_queue_depth",
        "doctemplates_pdf_in_progress",
    ):
        assert name in text


def test_openapi_is_valid_and_chinese(client) -> None:
    from openapi_spec_validator import validate

    document = client.get("/openapi.json").json()
    validate(document)
    paths = document["paths"]
    for path in (
        "/v1/kinds",
        "/v1/kinds/{kind}/schema",
        "/v1/kinds/{kind}/validate",
        "/v1/kinds/{kind}/render",
        "/v1/kinds/{kind}/batch",
        "/v1/check",
        "/v1/lint",
        "/healthz",
        "/readyz",
        "/metrics",
    ):
        assert path in paths, path
    render = paths["/v1/kinds/{kind}/render"]["post"]
    assert render["summary"] == "生成公文（.docx 或 PDF）"
    body = render["requestBody"]["content"]["application/json"]["schema"]
    refs = {ref["$ref"].rsplit("/", 1)[-1] for ref in body["anyOf"]}
    schemas = document["components"]["schemas"]
    assert refs <= set(schemas)
    assert schemas["OfficialDocument"]["title"] == "公文"
    assert schemas["OfficialDocument"]["properties"]["title"]["title"] == "标题"
    assert set(render["responses"]) >= {"200", "400", "413", "415", "422", "429", "503"}
    assert schemas["ErrorBody"]["properties"]["errors"]["title"] == "字段错误"


def test_openapi_has_one_finding_schema(client) -> None:
    """check and lint answer with the same Finding (the CLI's --json keys)."""
    from doctemplates.findings import Finding

    schemas = client.get("/openapi.json").json()["components"]["schemas"]
    assert not {"CheckFinding", "LintFinding", "CheckLocation"} & set(schemas)
    for report in ("CheckReport", "LintReport"):
        items = schemas[report]["properties"]["findings"]["items"]
        assert items == {"$ref": "#/components/schemas/Finding"}, report
    keys = Finding("r", "§7.5", "info", "…").to_dict()
    assert set(schemas["Finding"]["properties"]) == set(keys)
    assert set(schemas["Location"]["properties"]) == set(keys["location"])
    assert schemas["Finding"]["properties"]["severity"]["enum"] == ["error", "warning", "info"]


def test_page_preview_as_png(client, needs_pdf, tmp_path) -> None:
    from PIL import Image

    data = sample("notice.yaml")
    first = client.post("/v1/kinds/document/render?format=png&page=1&dpi=30", json=data)
    assert first.status_code == 200, first.text
    assert first.headers["content-type"] == "image/png"
    pages = int(first.headers["x-page-count"])
    assert pages >= 2
    image = Image.open(io.BytesIO(first.content))
    # A4 at 30 dpi: 210 mm × 297 mm → about 248 × 351 pixels
    assert abs(image.width - 248) <= 2 and abs(image.height - 351) <= 2
    red = sum(
        n
        for n, (r, g, b) in image.convert("RGB").getcolors(1 << 24) or []
        if r > 180 and g < 80 and b < 80
    )
    assert red > 50  # the red 发文机关标志 and red line are on page 1
    beyond = client.post(f"/v1/kinds/document/render?format=png&page={pages + 1}", json=data)
    assert beyond.status_code == 400
    assert beyond.json()["errors"][0]["path"] == "page"


def test_h2c_upgrade_request_keeps_its_body(client) -> None:
    """Java's HttpClient asks to upgrade plain HTTP to h2c; the body must still arrive."""
    data = sample("notice.yaml")
    answer = client.post(
        "/v1/kinds/document/render",
        content=json.dumps(data, ensure_ascii=False).encode(),
        headers={
            "Content-Type": "application/json",
            "Connection": "Upgrade, HTTP2-Settings",
            "Upgrade": "h2c",
            "HTTP2-Settings": "AAEAAEAAAAIAAAABAAMAAABkAAQBAAAAAAUAAEAA",
        },
    )
    assert answer.status_code == 200, answer.text
    assert answer.content == get_kind("document").render(data)


def test_lint_with_a_kind_names_a_misspelt_paragraph_group(client) -> None:
    """/v1/lint with a kind refuses a group the kind never prints, as `lint --kind` does."""
    from tests.pingyi.test_group_names import SAID, template_with_group

    answer = client.post(
        "/v1/lint",
        files={"template": ("t.docx", template_with_group())},
        data={"kind": "proposal-summary"},
    )
    assert answer.status_code == 200, answer.text
    found = [f for f in answer.json()["findings"] if f["rule"] == "unknown-group"]
    assert [(f["severity"], f["message"]) for f in found] == [("error", SAID)]
