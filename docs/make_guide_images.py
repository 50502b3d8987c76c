"""Regenerate the pictures and the generated sections of docs/模板编写指南.md.

Usage: .venv/bin/python docs/make_guide_images.py   (needs LibreOffice and pdftoppm)

Everything comes from the templates shipped *now*: each of the guide's seven
common edits is done on a copy of a shipped template the way a staff member
would do it in Word (python-docx here: retype a text, change a style's 中文字体,
paste a paragraph, cut and paste lines), a sample of ``samples/`` is rendered
through the original and the edited template, both are converted by the
project's PDF pipeline (:mod:`doctemplates.pdf`) and ``pdftoppm`` makes the PNG,
cropped to the band of the page that shows the edit (found by its text with
pdfplumber).  A PNG is rewritten only when more than 0.5 % of its pixels changed
(as tests/service/browser.py does), so a re-run leaves the tree clean.

The fields tables (``<!-- fields:KIND -->`` … ``<!-- /fields -->``, the rows of
``doctemplates fields KIND``) and the lint example (``<!-- lint:example -->`` …
``<!-- /lint -->``, real ``doctemplates lint`` output) are rewritten in the guide.
When the templates are rebuilt, re-run this one command and the guide is current.
If an edit no longer finds what it edits, the script stops and says which edit.
"""

from __future__ import annotations

import copy
import io
import re
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "docs" / "模板编写指南.md"
IMAGES = ROOT / "docs" / "images"
RESOLUTION = 80  # dpi of the pictures: readable in a browser, small in git
OVERVIEW = 60  # dpi of the whole first pages (template and document side by side)
BAND = 28.0  # points shown above and below the edited text


class EditNotFound(RuntimeError):
    """A scripted edit did not find its place in the shipped template (it was rebuilt)."""


# --- staff edits, done with python-docx as Word would store them ---------------------


def paragraphs(doc: Any) -> Iterator[Any]:
    """Every paragraph of the body, table cells included, in document order."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    def walk(parent: Any) -> Iterator[Any]:
        for item in parent.iter_inner_content():
            if isinstance(item, Paragraph):
                yield item
            elif isinstance(item, Table):
                for row in item.rows:
                    for cell in row.cells:
                        yield from walk(cell)

    yield from walk(doc)


def replace_text(doc: Any, old: str, new: str) -> int:
    """Retype ``old`` as ``new`` wherever it is (Word's 查找和替换); the number replaced.

    Word may have split the text over runs of equal look: the new text goes into
    the run where ``old`` starts, the rest of ``old`` is removed from the runs after.
    """
    count = 0
    for paragraph in paragraphs(doc):
        start = paragraph.text.find(old)
        while start >= 0:
            runs = paragraph.runs
            end, pos = start + len(old), 0
            for run in runs:
                text, lo = run.text, pos
                pos += len(text)
                if pos <= start or lo >= end:
                    continue
                keep_head = text[: max(start - lo, 0)]
                keep_tail = text[end - lo :] if end < pos else ""
                run.text = keep_head + (new if lo <= start else "") + keep_tail
            count += 1
            start = "".join(r.text for r in runs).find(old, start + len(new))
    if not count:
        raise EditNotFound(f"模板中没有找到「{old}」")
    return count


CONTROL = re.compile(r"\s*\{%-?\s*[ptrc]?\s*\w+\b.*%\}\s*")  # a paragraph that is one block tag


def find_paragraph(
    doc: Any, *needles: str, style: str | None = None, controls: bool = False
) -> Any:
    """The first paragraph containing one of ``needles`` (and of ``style`` when given),
    control lines (``{%p if x %}`` alone) skipped unless ``controls``: what a staff member edits."""
    for paragraph in paragraphs(doc):
        if style is not None and paragraph.style.name != style:
            continue
        if not controls and CONTROL.fullmatch(paragraph.text):
            continue
        if any(n in paragraph.text for n in needles):
            return paragraph
    raise EditNotFound(f"模板中没有找到含「{'」或「'.join(needles)}」的段落")


def set_style_font(doc: Any, style: str, east_asia: str) -> None:
    """样式 → 修改 → 格式 → 字体 → 中文字体 (``w:rFonts/@w:eastAsia`` of the style)."""
    from docx.oxml.ns import qn

    rfonts = doc.styles[style].element.get_or_add_rPr().get_or_add_rFonts()
    rfonts.set(qn("w:eastAsia"), east_asia)
    rfonts.attrib.pop(qn("w:eastAsiaTheme"), None)  # a theme font would win over the name


def style_font(doc: Any, style: str) -> str | None:
    """The 中文字体 a style names (``w:eastAsia``)."""
    from docx.oxml.ns import qn

    rpr = doc.styles[style].element.rPr
    fonts = rpr.rFonts if rpr is not None else None
    return None if fonts is None else fonts.get(qn("w:eastAsia"))


def guarded(paragraph: Any) -> list[Any]:
    """The paragraph with its own ``{%p if %}``/``{%p endif %}`` lines around it, if any:
    what a staff member selects to cut a line that may be left out."""
    from docx.text.paragraph import Paragraph

    def text(element: Any) -> str:
        return str(Paragraph(element, paragraph._parent).text) if element is not None else ""

    before, after = paragraph._p.getprevious(), paragraph._p.getnext()
    opens = re.fullmatch(r"\s*\{%p\s+if\b.*%\}\s*", text(before))
    if opens and re.fullmatch(r"\s*\{%p\s+endif\s*%\}\s*", text(after)):
        return [before, paragraph._p, after]
    return [paragraph._p]


def kai_font(doc: Any) -> str:
    """The 楷体 name the template already uses (二级标题), else plain 楷体."""
    for style in ("二级标题", "讲话人", "副标题"):
        name = style_font(doc, style) if style in [s.name for s in doc.styles] else None
        if name and "楷" in name:
            return name
    return "楷体"


def edit_wording(doc: Any) -> None:
    """1 改文字: the 答复函's closing sentence, a paragraph of plain text."""
    replace_text(doc, "感谢您对我们工作的关心和支持", "感谢您对全市科技创新工作的关心和支持")


def edit_style(doc: Any) -> None:
    """2 改样式: 一级标题 in 楷体 (style font, every 一级标题 of every document)."""
    set_style_font(doc, "一级标题", kai_font(doc))


FIXED = "特此通知。"


def edit_fixed_paragraph(doc: Any) -> None:
    """3 加固定段落: 特此通知。 after the body, before the 附件说明 (style 正文)."""
    anchor = find_paragraph(doc, "attachments", "附件说明", controls=True)  # the section's start
    anchor.insert_paragraph_before(FIXED, style="正文")


def edit_field(doc: Any) -> None:
    """4 加字段: the 会议届次 in the 答复函's opening sentence."""
    replace_text(doc, "您提出的", "您在{{ 会议届次 }}上提出的")


def edit_reorder(doc: Any) -> None:
    """5 调整顺序: the 讲话 date line cut and pasted above the speaker line."""
    date = find_paragraph(doc, "speech_date", "讲话日期")
    speaker = find_paragraph(doc, "{{ speaker }}", "{{ 讲话人 }}")
    for element in guarded(date):
        speaker._p.addprevious(element)


ORGAN = "示例市科技局文件"


def edit_organ(doc: Any) -> None:
    """6 改标志: the 发文机关标志 line typed as the agency's own name (规范化简称)."""
    top = [p for p in doc.paragraphs if p.style.name == "发文机关标志" and "{{" in p.text]
    # the line of one organ, not the table the template keeps for 联合行文
    mark = top[0] if top else find_paragraph(doc, "{{", style="发文机关标志")
    runs = mark.runs
    runs[0].text = ORGAN
    for run in runs[1:]:
        run._r.getparent().remove(run._r)


PRINTER = "示例市科学技术局办公室"


def edit_printer(doc: Any) -> None:
    """7 改版记: the agency's own 印发机关 typed into the 印发 line (data need not give it)."""
    line = find_paragraph(doc, "印发")
    tag = re.search(r"\{\{[^{}]*(printer|印发机关)[^{}]*\}\}", line.text)
    if tag is None:
        raise EditNotFound("版记的印发行中没有找到印发机关的标签")
    replace_text(doc, tag.group(0), PRINTER)


@dataclass(frozen=True)
class Edit:
    """One of the guide's common edits and how its picture is made."""

    name: str  # guide-NAME-before.png / -after.png
    sample: str  # samples/…yaml
    apply: Callable[[Any], None]
    before: str  # text the picture centres on, before and after the edit
    after: str
    drop: tuple[str, ...] = ()  # data keys removed (dotted), to show what the edit gives
    #: when the template has no place for the edit (a block placeholder holds it), the
    #: same result through the settings file's [defaults]: dotted data key → value
    default: tuple[str, str] | None = None
    height: float = 170.0  # points of the page shown around the edit


EDITS = (
    Edit("wording", "proposal-reply.yaml", edit_wording, "感谢您对我们", "感谢您对全市"),
    Edit("style", "notice.yaml", edit_style, "一、总体目标", "一、总体目标", height=110.0),
    Edit("paragraph", "notice.yaml", edit_fixed_paragraph, "附件：科技创新", FIXED),
    Edit("field", "proposal-reply.yaml", edit_field, "您提出的", "会议上提出的"),
    Edit("reorder", "speech.yaml", edit_reorder, "林思远", "林思远"),
    Edit("organ", "notice.yaml", edit_organ, "示例市科学技术局文件", ORGAN),
    Edit(
        "printer",
        "notice.yaml",
        edit_printer,
        "印发",
        PRINTER,
        ("record.printer",),
        ("record.printer", PRINTER),  # "版记"."印发机关" in doctemplates.toml
    ),
)


def sample_data(sample: str, drop: tuple[str, ...] = ()) -> tuple[Any, dict[str, Any]]:
    """(kind, data) of ``samples/SAMPLE`` with the dotted keys ``drop`` removed."""
    from doctemplates.data import KIND_KEY, load_data
    from doctemplates.kinds import get_kind

    raw = load_data(ROOT / "samples" / sample)
    kind = get_kind(str(raw.get(KIND_KEY, "document")))
    data = {k: v for k, v in raw.items() if k != KIND_KEY}
    for dotted in drop:
        *parents, leaf = dotted.split(".")
        node = data
        for key in parents:
            node = node[key]
        node.pop(leaf, None)
    return kind, data


def render(kind: Any, data: dict[str, Any], template: Path) -> bytes:
    """The .docx of ``data`` through ``template`` (relative paths from samples/)."""
    from doctemplates.assemble import data_for_kind
    from doctemplates.data import data_dir

    with data_dir(ROOT / "samples"):
        result: bytes = kind.render(data_for_kind(kind, copy.deepcopy(data)), template=template)
    return result


def edited_template(edit: Edit, kind: Any, data: dict[str, Any], work: Path) -> tuple[Path, Path]:
    """(shipped template, copy with ``edit`` applied and saved as Word would)."""
    from docx import Document

    shipped = kind.template(copy.deepcopy(data))
    doc = Document(str(shipped))
    edit.apply(doc)
    target = work / f"{edit.name}.docx"
    doc.save(str(target))
    return Path(shipped), target


# --- pictures ------------------------------------------------------------------------


def to_pdf(docx: bytes) -> bytes:
    """The PDF of ``docx`` by the project's pipeline."""
    from doctemplates.pdf import convert

    pdf: bytes = convert(docx).pdf
    return pdf


def locate(pdf: bytes, text: str) -> tuple[int, float, float, list[tuple[float, float]]]:
    """(page from 1, top, bottom in points) of the first line holding ``text``, and the
    (top, bottom) of every character of that page."""
    import pdfplumber

    wanted = re.sub(r"\s", "", text)
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        for number, page in enumerate(document.pages, 1):
            chars = [c for c in page.chars if c["text"].strip()]
            joined = "".join(c["text"] for c in chars)
            at = joined.find(wanted)
            if at >= 0:
                hit = chars[at : at + len(wanted)]
                lines = [(c["top"], c["bottom"]) for c in chars]
                return number, min(c["top"] for c in hit), max(c["bottom"] for c in hit), lines
    raise EditNotFound(f"生成的 PDF 中没有找到「{text}」")


def page_image(pdf: bytes, page: int, work: Path, resolution: int = RESOLUTION) -> Any:
    """Page ``page`` of ``pdf`` as a PIL image at ``resolution`` dpi."""
    from PIL import Image

    source = work / "page.pdf"
    source.write_bytes(pdf)
    stem = work / "page"
    args = ["-png", "-r", str(resolution), "-f", str(page), "-l", str(page), "-singlefile"]
    subprocess.run(["pdftoppm", *args, str(source), str(stem)], check=True)
    return Image.open(f"{stem}.png").convert("RGB")


def band(pdf: bytes, text: str, work: Path, height: float = 170.0) -> Any:
    """The band of the page around ``text``: ``height`` points, the text inside."""
    page, top, bottom, chars = locate(pdf, text)
    image = page_image(pdf, page, work)
    scale = RESOLUTION / 72
    mid = (top + bottom) / 2
    lo = max(0.0, min(mid - height / 2, image.height / scale - height))
    hi = lo + height
    for char_top, char_bottom in chars:  # no line cut in half: widen to the gap beside it
        lo = min(lo, char_top - 3) if char_top < lo < char_bottom else lo
        hi = max(hi, char_bottom + 3) if char_top < hi < char_bottom else hi
    return image.crop((0, round(max(lo, 0) * scale), image.width, round(hi * scale)))


def save_if_changed(image: Any, target: Path) -> bool:
    """Write ``image`` unless the file there differs in at most 0.5 % of its pixels."""
    from PIL import Image

    if target.exists():
        old = Image.open(target).convert("RGB")
        if old.size == image.size and changed_share(image, old) <= CHANGED:
            return False
    # text on white: a 64-colour palette keeps the anti-aliasing and halves the file
    image.quantize(colors=64).save(target, optimize=True)
    return True


CHANGED = 0.005  # share of pixels below which two pictures are the same (anti-aliasing)
SHOWN = 0.002  # share of pixels an edit must change in its before/after pair


def changed_share(one: Any, other: Any) -> float:
    """The share of pixels that differ visibly between two pictures of the same size."""
    from PIL import ImageChops

    diff = ImageChops.difference(one, other).convert("L").point(lambda v: 255 if v > 16 else 0)
    width, height = one.size
    return float(sum(diff.histogram()[255:]) / (width * height))


def edit_pictures(edit: Edit, work: Path) -> list[Path]:
    """guide-NAME-before.png and guide-NAME-after.png of one edit."""
    kind, data = sample_data(edit.sample, edit.drop)
    after_data = data
    try:
        shipped, edited = edited_template(edit, kind, data, work)
    except EditNotFound as exc:
        if edit.default is None:
            raise
        shipped = edited = Path(kind.template(copy.deepcopy(data)))
        after_data = copy.deepcopy(data)
        *parents, leaf = edit.default[0].split(".")
        node = after_data
        for key in parents:
            node = node.setdefault(key, {})
        node[leaf] = edit.default[1]
        print(
            f"{edit.name}：{exc}；改后的图按设置文件的默认值 {edit.default[0]} 生成",
            file=sys.stderr,
        )
    runs = (("before", shipped, data, edit.before), ("after", edited, after_data, edit.after))
    pictures = {
        IMAGES / f"guide-{edit.name}-{label}.png": band(
            to_pdf(render(kind, values, template)), text, work, edit.height
        )
        for label, template, values, text in runs
    }
    before, after = pictures.values()
    if before.size == after.size and changed_share(before, after) <= SHOWN:
        raise EditNotFound("改前和改后的图没有差别：这个改法在生成的公文中看不出来")
    for target, image in pictures.items():
        save_if_changed(image, target)
    return list(pictures)


def overview_pictures(work: Path) -> list[Path]:
    """guide-template.png (the 文件 template's first page) and guide-document.png."""
    kind, data = sample_data("notice.yaml")
    template = Path(kind.template(copy.deepcopy(data)))
    out = []
    for name, docx in (
        ("template", template.read_bytes()),
        ("document", render(kind, data, template)),
    ):
        target = IMAGES / f"guide-{name}.png"
        save_if_changed(page_image(to_pdf(docx), 1, work, OVERVIEW), target)
        out.append(target)
    return out


# --- generated sections of the guide -------------------------------------------------


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def fields_markdown(kind_name: str) -> str:
    """The rows of ``doctemplates fields KIND`` as a Markdown table."""
    from doctemplates.clifields import example_text, field_rows

    lines = ["| 中文名 | 英文名 | 类型 | 说明 | 示例 |", "|---|---|---|---|---|"]
    for row in field_rows(kind_name):
        kind_text = row["类型"] + ("，可为空" if row["可为空"] else "")
        about = row["说明"]
        if row["中文名"] and about.startswith(name := row["中文名"].rsplit(".", 1)[-1]):
            about = about[len(name) :].lstrip("：:，, ")  # as the command shows it: no name twice
        cells = (
            row["中文名"] or "—",
            f"`{row['英文名']}`",
            kind_text,
            about,
            example_text(row["示例"]),
        )
        lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    return "\n".join(lines)


FIELDS = re.compile(r"(<!-- fields:([\w-]+) -->\n)(?:(?!<!--).)*?(<!-- /fields -->)", re.S)
LINT = re.compile(r"(<!-- lint:example -->\n)(?:(?!<!--).)*?(<!-- /lint -->)", re.S)


def mistaken_template(work: Path) -> Path:
    """The 文件 template with the two typical mistakes: ``{{ 标提 }}`` and 正文 at 15 pt."""
    from docx import Document
    from docx.shared import Pt

    kind, data = sample_data("notice.yaml")
    doc = Document(str(kind.template(data)))
    title = find_paragraph(doc, "{{ title }}", "{{ 标题 }}", style="公文标题")
    replace_text(doc, re.sub(r"^.*?(\{\{[^{}]*\}\}).*$", r"\1", title.text), "{{ 标提 }}")
    doc.styles["正文"].font.size = Pt(15)
    target = work / "模板.docx"
    doc.save(str(target))
    return target


def lint_example(work: Path) -> str:
    """Real ``doctemplates lint`` runs on :func:`mistaken_template`, before and after the fix."""
    from docx import Document

    template = mistaken_template(work)
    command = [sys.executable, "-m", "doctemplates", "lint", template.name, "--kind", "document"]
    runs = []
    for attempt in range(2):
        if attempt:  # the staff member follows the advice, then checks again
            doc = Document(str(template))
            replace_text(doc, "{{ 标提 }}", "{{ 标题 }}")
            doc.save(str(template))
        done = subprocess.run(command, cwd=work, capture_output=True, text=True, check=False)
        shown = " ".join(["doctemplates", *command[3:]])
        runs.append(f"$ {shown}\n{done.stdout.rstrip()}\n（退出码 {done.returncode}）")
    return "```text\n" + "\n\n".join(runs) + "\n```"


BLOCKS = re.compile(r"(<!-- blocks -->\n)(?:(?!<!--).)*?(<!-- /blocks -->)", re.S)
BLOCK_TAG = re.compile(r"\{\{p\s+(?!段落组)(.+?)\s*\}\}")
GROUP_TAG = re.compile(r"\{\{p\s+段落组\s+(\w+)\s*\}\}")  # a paragraph group (段落组)
OPTIONAL_LINE = re.compile(r"\{%p\s+if\s+([\w.]+)\s*%\}")  # a line kept when a field has a value


def shipped_templates() -> list[tuple[str, str, Path]]:
    """(name staff know it by, kind, path) of every shipped template, each once."""
    from doctemplates.kinds import FORMAT_TEMPLATES, available_kinds, template_resource

    found = {
        template_resource("doctemplates", f): (f"通用公文（{fmt}格式）", "document")
        for fmt, f in FORMAT_TEMPLATES.items()
    }
    for name, kind in sorted(available_kinds().items()):
        for fmt, file in kind.templates.items():
            found.setdefault(
                template_resource(kind.template_package, file), (f"{kind.title}（{fmt}格式）", name)
            )
    return [(label, kind, path) for path, (label, kind) in found.items()]


def blocks_markdown() -> str:
    """The block placeholders and the optional lines of every shipped template, as a table."""
    from docx import Document
    from lxml import etree

    from doctemplates.clifields import field_rows
    from doctemplates.render.optional import group_of, optional_field

    lines = ["| 模板 | 块占位符（单独一段） | 有数据才印的行（条件字段） |", "|---|---|---|"]
    for label, kind, path in shipped_templates():
        chinese = {r["英文名"]: r["中文名"] for r in field_rows(kind)}
        document = Document(str(path))
        heads = [p.text for s in document.sections for p in s.first_page_header.paragraphs]
        found = list(paragraphs(document))
        texts = heads + [p.text for p in found]  # the 信函's 标志: in its header
        blocks = dict.fromkeys(m for t in texts for m in BLOCK_TAG.findall(t))
        groups = dict.fromkeys(m for t in texts for m in GROUP_TAG.findall(t))
        optional = dict.fromkeys(
            m for t in texts for m in OPTIONAL_LINE.findall(t) if not m.startswith("loop.")
        )
        # the group rule: a sentence whose fields are all under one group (办复.已办复 …)
        xml = (etree.tostring(p._p, encoding="unicode") for p in found)
        optional.update(
            dict.fromkeys(g for x in xml if optional_field(x) is None and (g := group_of(x)))
        )
        cells = (
            f"{label} `{path.name}`",
            "、".join(
                [f"`{{{{p {b} }}}}`" for b in blocks]
                + ([f"段落组 {'、'.join(f'`{g}`' for g in groups)}"] if groups else [])
            )
            or "—",
            "、".join(f"{chinese[o]}（`{o}`）" if chinese.get(o) else f"`{o}`" for o in optional)
            or "—",
        )
        lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    return "\n".join(lines)


def update_guide(text: str, lint: str | None = None) -> str:
    """``text`` with its generated sections rewritten (the lint example when given)."""
    text = FIELDS.sub(lambda m: m.group(1) + fields_markdown(m.group(2)) + "\n" + m.group(3), text)
    text = BLOCKS.sub(lambda m: m.group(1) + blocks_markdown() + "\n" + m.group(2), text)
    if lint is not None:
        text = LINT.sub(lambda m: m.group(1) + lint + "\n" + m.group(2), text)
    return text


def main() -> int:
    """Make every picture and section; an edit that no longer applies is reported (its old
    pictures kept) and the others still made: exit status 1 names what to look at."""
    from doctemplates.pdf import shutdown_pools

    IMAGES.mkdir(parents=True, exist_ok=True)
    failed: list[str] = []
    try:
        with tempfile.TemporaryDirectory() as tmp:
            work = Path(tmp)
            made = overview_pictures(work)
            for edit in EDITS:
                try:
                    made += edit_pictures(edit, work)
                except EditNotFound as exc:
                    summary = (edit.apply.__doc__ or "").split("\n")[0]
                    failed.append(f"{edit.name}（{summary}）：{exc}")
            lint = lint_example(work)
    finally:
        shutdown_pools()
    GUIDE.write_text(update_guide(GUIDE.read_text(encoding="utf-8"), lint), encoding="utf-8")
    print("\n".join(str(p.relative_to(ROOT)) for p in made))
    for line in failed:
        print(f"未更新 {line}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
