"""The page for staff in a real browser against a real ``doctemplates serve``.  网页的浏览器测试。

One headless Chromium (Debian's, with chromium-driver) and the session's server
(token required).  Each flow is what a person without a terminal does: fill the
plan form from ``samples/plan.yaml`` with a mistake, read the message next to the
field, fix it, download the .docx (byte-identical to the CLI's) and save the form
as a data file the CLI renders to the same bytes; turn a messy draft into a 公文;
upload a spreadsheet with a bad row.  Screenshots of each step go to
``docs/images/web/`` (shown in ``docs/网页使用说明.md``).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.service.browser import download, shot, wait_for
from tests.service.server import Server

ROOT = Path(__file__).resolve().parents[2]
CLI = [sys.executable, "-m", "doctemplates"]


def _cli(*args: str | Path, cwd: Path) -> None:
    done = subprocess.run(
        [*CLI, *map(str, args)], cwd=cwd, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.fixture(scope="module")
def page(browser: Any, server: Server) -> Any:
    """The page, opened once, the token typed into its dialog as a person would."""
    from selenium.webdriver.common.by import By

    browser.get(server.url + "/")
    dialog = wait_for(
        lambda: browser.find_element(By.ID, "token-dialog").is_displayed(),
        what="the token dialog (the server requires a token)",
    )
    assert dialog
    browser.find_element(By.ID, "token-input").send_keys(server.token)
    browser.find_element(By.ID, "token-save").click()
    wait_for(lambda: browser.execute_script("return document.body.dataset.ready"), what="kinds")
    return browser


def _css(web: Any, selector: str) -> Any:
    from selenium.webdriver.common.by import By

    return web.find_element(By.CSS_SELECTOR, selector)


def _control(web: Any, path: str) -> Any:
    return _css(
        web, f'input[data-path="{path}"], textarea[data-path="{path}"], select[data-path="{path}"]'
    )


def _message(web: Any, path: str) -> str:
    """The text of the message line of the field at ``path`` (next to it)."""
    return str(_css(web, f'.field[data-path="{path}"] > .msg').text)


def _fill(web: Any, path: str, value: Any) -> None:
    """Fill the form as a person does: add items with the buttons, type every value."""
    from selenium.webdriver.support.ui import Select

    if isinstance(value, dict):
        for key, item in value.items():
            _fill(web, f"{path}.{key}" if path else key, item)
    elif isinstance(value, list):
        add = _css(web, f'fieldset.array[data-path="{path}"] > .array-tools > button.add')
        for i, item in enumerate(value):
            add.click()
            _fill(web, f"{path}[{i}]", item)
    else:
        control = _control(web, path)
        text = value.isoformat() if isinstance(value, date) else str(value)
        if control.tag_name == "select":
            Select(control).select_by_value(text)
        else:
            control.clear()
            control.send_keys(text)


def _scroll_to(web: Any, element: Any) -> None:
    web.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)


def test_page_is_served_with_everything_from_this_server(page: Any, server: Server) -> None:
    import httpx

    answer = httpx.get(server.url + "/")  # public: the page holds no data
    assert answer.status_code == 200
    assert "default-src 'self'" in answer.headers["content-security-policy"]
    resources = page.execute_script(
        "return performance.getEntriesByType('resource').map(e => e.name)"
    )
    assert resources, "the page loaded its scripts and styles"
    assert all(url.startswith(server.url + "/") for url in resources), resources
    # nothing failed to load, no script error
    problems = [e for e in page.get_log("browser") if e["level"] == "SEVERE"]
    assert not [e for e in problems if "401" not in e["message"]], problems


def test_every_control_has_a_label_and_actions_are_buttons(page: Any) -> None:
    unlabelled = page.execute_script(
        """
        return [...document.querySelectorAll('input, select, textarea')]
          .filter(e => e.type !== 'hidden' && e.getAttribute('aria-hidden') !== 'true')
          .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label'))
          .map(e => e.outerHTML.slice(0, 120));
        """
    )
    assert unlabelled == []
    clickable_non_buttons = page.execute_script(
        "return [...document.querySelectorAll('[onclick], a:not([href]), div[tabindex]')].length"
    )
    assert clickable_non_buttons == 0
    # the first Tab from the top reaches the tabs, then the kind chooser: a keyboard order
    tabs = page.execute_script(
        "return [...document.querySelectorAll('[role=tab]')].map(t => t.tagName)"
    )
    assert set(tabs) == {"BUTTON"}


def test_fill_plan_mistake_fix_download_equals_cli(page: Any, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    data = yaml.safe_load((ROOT / "samples" / "plan.yaml").read_text(encoding="utf-8"))
    assert data.pop("kind") == "plan"
    wait_for(lambda: _css(page, "#kind").get_attribute("value") == "plan", what="plan chosen")
    page.find_element(By.ID, "tab-fill").click()
    cli_docx = tmp_path / "cli.docx"  # the CLI renders the sample while the browser types
    cli = subprocess.Popen(
        [*CLI, "render", "plan", str(ROOT / "samples" / "plan.yaml"), "-o", str(cli_docx)],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    # a deliberate mistake: 2 月 30 日 does not exist
    _fill(page, "", {**data, "date": "2026-02-30"})
    summary = wait_for(
        lambda: "共 1 处需要修改" in (text := _css(page, "#summary").text) and text,
        what="one problem left",
    )
    assert "日期" in summary, summary
    message = _message(page, "date")
    assert "日期无效" in message, message
    assert _control(page, "date").get_attribute("aria-invalid") == "true"
    _scroll_to(page, _control(page, "date"))
    shot(page, "1-填写-日期有误")
    # reserved message lines: the error did not move the fields below it
    top = _control(page, "year").location["y"]
    # fixed with a typed Chinese date
    _control(page, "date").clear()
    _control(page, "date").send_keys("2026年4月8日")
    wait_for(lambda: "数据有效" in _css(page, "#summary").text, what="valid data")
    assert _message(page, "date") == ""
    assert _control(page, "year").location["y"] == top
    shot(page, "2-填写-已改正")

    from_page = download(page, page.find_element(By.ID, "download-docx").click, ".docx")
    output, _ = cli.communicate(timeout=120)
    assert cli.returncode == 0, output
    assert from_page.read_bytes() == cli_docx.read_bytes()

    # the form saved as YAML is a data file the CLI renders to the same document
    saved = download(page, page.find_element(By.ID, "save-yaml").click, ".yaml")
    copy = tmp_path / "saved.yaml"
    shutil.copy(saved, copy)
    from doctemplates.data import load_data
    from doctemplates.kinds import get_kind

    reread = load_data(copy)  # the CLI's own reader of data files
    assert reread.pop("kind") == "plan"
    assert get_kind("plan").render(reread) == from_page.read_bytes()


@pytest.mark.pdf
def test_preview_shows_the_pages(page: Any, needs_pdf: None) -> None:
    from selenium.webdriver.common.by import By

    page.find_element(By.ID, "tab-fill").click()
    page.find_element(By.ID, "preview").click()
    pictures = wait_for(
        lambda: page.find_elements(By.CSS_SELECTOR, "#preview-pages img"), 90, "preview pages"
    )
    caption = _css(page, "#preview-pages figcaption").text
    assert caption.startswith("第 1 页 / 共 "), caption
    count = int(caption.split("共 ")[1].split(" ")[0])
    wait_for(
        lambda: len(page.find_elements(By.CSS_SELECTOR, "#preview-pages img")) == count,
        90,
        "every page",
    )
    assert count >= 2 and pictures
    width = page.execute_script("return document.querySelector('#preview-pages img').naturalWidth")
    assert width > 300  # a picture of an A4 page, not a broken image
    page.execute_script("window.scrollTo(0, 0)")
    shot(page, "3-填写-预览")
    # the previewed PDF, not converted again
    pdf = download(page, page.find_element(By.ID, "download-pdf").click, ".pdf")
    assert pdf.read_bytes().startswith(b"%PDF-")


def test_messy_draft_becomes_the_cli_document(page: Any, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    draft = ROOT / "samples" / "drafts" / "通知草稿.txt"
    imported = subprocess.Popen(  # the CLI imports the draft while the browser does
        [*CLI, "import", str(draft), "-o", str(tmp_path / "draft.yaml")],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    page.find_element(By.ID, "tab-import").click()
    page.find_element(By.ID, "draft").send_keys(str(draft))
    page.find_element(By.ID, "import-run").click()
    title = wait_for(lambda: _css(page, "#import-title").text, 60, "the import report")
    assert title == "关于开展2026年度科技创新政策宣传月活动的通知"
    rows = page.find_elements(By.CSS_SELECTOR, "#import-result table.report tbody tr")
    kinds = {r.find_element(By.CSS_SELECTOR, "td").text for r in rows}
    assert {"识别", "规范"} <= kinds, kinds
    shot(page, "4-导入-报告")

    from_page = download(page, page.find_element(By.ID, "import-docx").click, ".docx")
    output, _ = imported.communicate(timeout=120)
    assert imported.returncode == 0, output
    _cli("render", "document", tmp_path / "draft.yaml", "-o", tmp_path / "cli.docx", cwd=tmp_path)
    assert from_page.read_bytes() == (tmp_path / "cli.docx").read_bytes()
    # its check report, shown and downloadable
    page.find_element(By.ID, "import-check").click()
    save = wait_for(
        lambda: _css(page, "#import-result .save-report"), 60, "the check of the document"
    )
    report = download(page, save.click, ".txt").read_text(encoding="utf-8")
    assert report.startswith("格式检查报告（GB/T 9704-2012）：")

    # the same data is in the form, to correct and download there
    page.find_element(By.ID, "tab-fill").click()
    assert _css(page, "#kind").get_attribute("value") == "document"
    assert _control(page, "title").get_attribute("value") == title
    shot(page, "5-导入-在表单中修改")


def test_spreadsheet_with_a_bad_row_names_row_column_and_header(page: Any, tmp_path: Path) -> None:
    import openpyxl
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    book = openpyxl.load_workbook(ROOT / "samples" / "proposals.xlsx")
    sheet = book.active
    sheet.delete_rows(7, sheet.max_row)  # five proposals are enough
    headers = [c.value for c in sheet[1]]
    column = headers.index("答复日期") + 1
    sheet.cell(row=4, column=column, value="2026年2月30日")  # no such day
    records = tmp_path / "提案.xlsx"
    book.save(records)
    letter = openpyxl.utils.get_column_letter(column)

    page.find_element(By.ID, "tab-batch").click()
    Select(_css(page, "#batch-kind")).select_by_value("proposal-reply")
    page.find_element(By.ID, "batch-records").send_keys(str(records))
    page.find_element(By.ID, "batch-defaults").send_keys(
        str(ROOT / "samples" / "batch" / "reply-defaults.yaml")
    )
    page.find_element(By.ID, "batch-name").send_keys("{提案号}-{案由}")
    page.find_element(By.ID, "batch-run").click()
    summary = wait_for(lambda: _css(page, "#batch-summary").text, 120, "the batch result")
    assert summary == "成功 4 行，出错 1 行", summary
    cells = [c.text for c in page.find_elements(By.CSS_SELECTOR, "#batch-errors tbody td")]
    assert cells[:3] == ["4", letter, "答复日期"], cells
    assert "2月" in cells[4] or "日期" in cells[4], cells
    shot(page, "6-批量-出错的行")

    import zipfile

    archive = zipfile.ZipFile(
        download(page, page.find_element(By.ID, "batch-download").click, ".zip")
    )
    names = archive.namelist()
    assert sum(n.endswith(".docx") for n in names) == 4
    assert "errors.csv" in names and "manifest.jsonl" in names


@pytest.mark.pdf
def test_check_points_each_finding_at_its_page(
    page: Any, server: Server, tmp_path: Path, needs_pdf: None
) -> None:
    from selenium.webdriver.common.by import By

    pdf = _pdf_with_a_finding(server, tmp_path)
    page.find_element(By.ID, "tab-check").click()
    page.find_element(By.ID, "check-file").send_keys(str(pdf))
    page.find_element(By.ID, "check-run").click()
    findings = wait_for(
        lambda: page.find_elements(By.CSS_SELECTOR, "#check-result .finding-list li"),
        90,
        "findings",
    )
    first = findings[0]
    assert "GB/T 9704 §" in first.text
    first.find_element(By.CSS_SELECTOR, "button").click()
    caption = wait_for(
        lambda: _css(page, "#check-page figcaption").text, 60, "the page of the finding"
    )
    assert caption.startswith("第 1 页"), caption
    width = page.execute_script("return document.querySelector('#check-page img').naturalWidth")
    assert width > 300
    shot(page, "7-检查-结果和所在页")


def test_a_template_is_checked_and_reported_as_the_cli_prints_it(page: Any, tmp_path: Path) -> None:
    """“这是模板”: lint's findings in the same list, each report line as ``doctemplates lint``."""
    from selenium.webdriver.common.by import By

    from doctemplates.findings import format_findings
    from doctemplates.lint import lint_template

    template = _template_with_findings(tmp_path)
    page.find_element(By.ID, "tab-check").click()
    page.execute_script("document.getElementById('check-result').replaceChildren()")
    box = page.find_element(By.ID, "check-template")
    box.click()
    page.find_element(By.ID, "check-file").send_keys(str(template))
    page.find_element(By.ID, "check-run").click()
    save = wait_for(lambda: _css(page, "#check-result .save-report"), 60, "the template's report")
    rows = page.find_elements(By.CSS_SELECTOR, "#check-result .finding-list li")
    report = download(page, save.click, ".txt").read_text(encoding="utf-8").splitlines()
    box.click()  # the panel checks documents again
    findings = lint_template(template.read_bytes())
    assert {f.severity for f in findings} == {"info", "warning"}
    assert report[0].startswith("模板检查报告：发现 0 个错误、1 个警告（1 处已自动修复）"), report
    printed = format_findings(findings).splitlines()[:-1]  # without the count line
    assert [line.split(". ", 1)[1] for line in report[1:]] == printed
    badges = [row.find_element(By.CSS_SELECTOR, ".badge").text for row in rows]
    assert sorted(badges) == ["已修复", "警告"]
    assert any("GB/T 9704 §5.2.1" in row.text for row in rows)


def _template_with_findings(folder: Path) -> Path:
    """The shipped 文件 template with a 天头 of 10.6 mm and a tag split across runs."""
    import io
    import zipfile

    from doctemplates.gbt9704 import geometry as g
    from doctemplates.kinds import FORMAT_TEMPLATES, template_resource

    top = f'w:top="{g.mm_to_twips(g.MARGIN_TOP_MM)}"'.encode()
    source = template_resource("doctemplates", FORMAT_TEMPLATES["文件"]).read_bytes()
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(source)) as package,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in package.infolist():
            content = package.read(item)
            if item.filename == "word/document.xml":
                assert top in content
                content = content.replace(top, b'w:top="600"')
                content = content.replace(b"{{", b"{</w:t></w:r><w:r><w:t>{", 1)
            target.writestr(item, content)
    path = folder / "改坏的模板.docx"
    path.write_bytes(out.getvalue())
    return path


def _pdf_with_a_finding(server: Server, folder: Path) -> Path:
    """A PDF of the notice sample whose 版心 is moved (a PDF the check finds fault with)."""
    from pypdf import PdfReader, PdfWriter, Transformation

    from tests.service.conftest import sample

    with server.client() as http:
        answer = http.post("/v1/kinds/document/render?format=pdf", json=sample("notice.yaml"))
    assert answer.status_code == 200, answer.text
    source = folder / "notice.pdf"
    source.write_bytes(answer.content)
    writer = PdfWriter(clone_from=PdfReader(source))
    for sheet in writer.pages:
        sheet.add_transformation(Transformation().translate(tx=40, ty=0))  # 14 mm to the right
    target = folder / "通知-版心偏右.pdf"
    with target.open("wb") as out:
        writer.write(out)
    return target


SAMPLES = sorted(p.name for p in (ROOT / "samples").glob("*.yaml"))


@pytest.mark.parametrize("name", SAMPLES)
def test_every_sample_through_the_form_gives_the_cli_document(page: Any, name: str) -> None:
    """Open a data file in the form, download: the same .docx as the engine (every kind)."""
    from selenium.webdriver.common.by import By

    from doctemplates.data import data_dir
    from doctemplates.kinds import get_kind

    data = yaml.safe_load((ROOT / "samples" / name).read_text(encoding="utf-8"))
    kind = get_kind(data.pop("kind"))
    page.find_element(By.ID, "tab-fill").click()
    page.execute_script("document.getElementById('summary').replaceChildren()")
    page.find_element(By.ID, "data-open").send_keys(str(ROOT / "samples" / name))
    if "records_file" in data:
        # the service reads no path: the field says so, the rows come from an upload instead
        wait_for(lambda: "文件路径" in _message(page, "records_file"), what="the path refused")
        _scroll_to(page, _control(page, "records_file"))
        shot(page, "8-汇总-路径改为上传表格")
        _control(page, "records_file").clear()
        _css(page, 'input[data-rows="records"]').send_keys(
            str(ROOT / "samples" / data["records_file"])
        )
    wait_for(
        lambda: (
            _css(page, "#kind").get_attribute("value") == kind.name
            and "数据有效" in _css(page, "#summary").text
        ),
        30,
        f"{name} in the form, valid",
    )
    from_page = download(page, page.find_element(By.ID, "download-docx").click, ".docx")
    with data_dir(ROOT / "samples"):  # as the CLI reads the sample: records_file beside it
        expected = kind.render(data)
    assert from_page.read_bytes() == expected, name


def test_keyboard_adds_reorders_and_removes_items(page: Any) -> None:
    """Lists are edited with buttons reachable by Tab; focus follows the change."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import Select

    page.find_element(By.ID, "tab-fill").click()
    Select(_css(page, "#kind")).select_by_value("plan")
    wait_for(lambda: _css(page, 'fieldset.array[data-path="contents"]'), what="the plan form")
    # "read from a spreadsheet" only where items are rows of single values (not phases)
    assert page.find_elements(By.CSS_SELECTOR, "input[data-rows]") == []
    add = _css(page, 'fieldset.array[data-path="contents"] > .array-tools > button.add')
    for text in ("甲", "乙", "丙"):
        add.send_keys(Keys.ENTER)  # a button: Enter presses it, the new field gets the focus
        focused = page.switch_to.active_element
        assert focused.get_attribute("data-path").startswith("contents[")
        focused.send_keys(text)
    values = lambda: [  # noqa: E731
        e.get_attribute("value")
        for e in page.find_elements(By.CSS_SELECTOR, '[data-path^="contents["] textarea')
    ]
    assert values() == ["甲", "乙", "丙"]
    third = page.find_elements(By.CSS_SELECTOR, 'fieldset.array[data-path="contents"] li.item')[2]
    third.find_element(By.XPATH, ".//button[text()='上移']").send_keys(Keys.ENTER)
    assert values() == ["甲", "丙", "乙"]
    assert page.switch_to.active_element.text == "上移"  # focus stays on the moved item
    first = page.find_elements(By.CSS_SELECTOR, 'fieldset.array[data-path="contents"] li.item')[0]
    first.find_element(By.XPATH, ".//button[text()='删除']").send_keys(Keys.ENTER)
    assert values() == ["丙", "乙"]
    paths = [
        e.get_attribute("data-path")
        for e in page.find_elements(By.CSS_SELECTOR, '[data-path^="contents["] textarea')
    ]
    assert paths == ["contents[0]", "contents[1]"]  # renumbered: errors find their field
    # the date picker fills the typed field; typed Chinese dates stay possible
    page.execute_script(
        "const p = document.querySelector('.field[data-path=\"date\"] input[type=date]');"
        "p.value = '2026-05-04'; p.dispatchEvent(new Event('change', {bubbles: true}));"
    )
    assert _control(page, "date").get_attribute("value") == "2026-05-04"
    # readable at 1366×768: nothing wider than the window
    width = page.execute_script("return document.documentElement.scrollWidth")
    assert width <= 1366


def test_a_seal_picture_travels_as_a_data_uri(page: Any, tmp_path: Path) -> None:
    """The service reads no file: a chosen picture becomes a data: URI in the field."""
    from PIL import Image
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    seal = tmp_path / "印章.png"
    Image.new("RGB", (60, 60), (200, 0, 0)).save(seal)
    page.find_element(By.ID, "tab-fill").click()
    Select(_css(page, "#kind")).select_by_value("document")
    chooser = wait_for(
        lambda: _css(page, '.field[data-path="signature.seal_image"] input[type=file]'),
        what="the seal picture chooser",
    )
    chooser.send_keys(str(seal))
    value = wait_for(
        lambda: _control(page, "signature.seal_image").get_attribute("value"), what="the data URI"
    )
    assert value.startswith("data:image/png;base64,")
    import base64

    assert base64.b64decode(value.split(",", 1)[1]) == seal.read_bytes()
    thumbnail = _css(page, '.field[data-path="signature.seal_image"] img.thumbnail')
    assert thumbnail.is_displayed()
    # validated by the service as a picture: no message on the field
    wait_for(lambda: "需要修改" in _css(page, "#summary").text, what="validation")
    assert _message(page, "signature.seal_image") == ""
