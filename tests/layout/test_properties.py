"""Document properties of templates and rendered documents (issue 12, defect 7).

Title = 标题, subject = 文种, creator = 发文机关, created/modified = 成文日期 (or a
time the caller gives); app.xml names this application; python-docx's stale
parts (thumbnail, stylesWithEffects, bibliography customXml) are gone.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from doctemplates.kinds import FORMAT_TEMPLATES, available_kinds, get_kind, template_resource
from doctemplates.layout import FORMATS, build_template
from doctemplates.layout.properties import APPLICATION
from tests.docxbuild import make_template, open_docx

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
_PKG_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_TYPES = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_APP = "{http://schemas.openxmlformats.org/officeDocument/2006/extended-properties}"


def _shipped() -> list[Path]:
    paths = [template_resource("doctemplates", name) for name in FORMAT_TEMPLATES.values()]
    paths += sorted(template_resource("pingyi_docs", "").glob("*.docx"))
    return paths


def _notice(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "organs": ["示例市科学技术局"],
        "doc_number": "示科发〔2026〕3号",
        "title": "示例市科学技术局关于开展科技服务月活动的通知",
        "recipients": ["各区科技局"],
        "body": ["为推动科技服务走深走实，决定开展科技服务月活动。"],
        "signature": {"date": "2026-05-06"},
    }
    data.update(changes)
    return data


def _package_problems(data: bytes) -> list[str]:
    """Stale parts, dangling relationships and content types without a part."""
    problems = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = set(archive.namelist())
        for stale in ("docProps/thumbnail.jpeg", "word/stylesWithEffects.xml"):
            if stale in names:
                problems.append(f"stale part {stale}")
        problems += [f"stale part {n}" for n in names if n.startswith("customXml/")]
        for rels in [n for n in names if n.endswith(".rels")]:
            base = rels.replace("_rels/", "").removesuffix(".rels")
            folder = base.rsplit("/", 1)[0] if "/" in base else ""
            for rel in etree.fromstring(archive.read(rels)).iter(_PKG_RELS):
                if rel.get("TargetMode") == "External":
                    continue
                target = rel.get("Target").lstrip("/")
                resolved = Path(folder, target).as_posix() if folder else target
                parts = []
                for piece in resolved.split("/"):
                    if piece == "..":
                        parts.pop()
                    elif piece not in ("", "."):
                        parts.append(piece)
                if "/".join(parts) not in names:
                    problems.append(f"{rels} → missing {rel.get('Target')}")
        types = etree.fromstring(archive.read("[Content_Types].xml"))
        for override in types.iter(f"{_TYPES}Override"):
            if override.get("PartName").lstrip("/") not in names:
                problems.append(f"content type for missing part {override.get('PartName')}")
        extensions = {d.get("Extension") for d in types.iter(f"{_TYPES}Default")}
        problems += [f"unused default type {e}" for e in extensions - {"rels", "xml"}]
    return problems


@pytest.mark.parametrize("path", _shipped(), ids=lambda p: p.name)
def test_shipped_template_has_no_stale_parts(path: Path) -> None:
    data = path.read_bytes()
    assert _package_problems(data) == []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        app = archive.read("docProps/app.xml").decode()
        core = archive.read("docProps/core.xml").decode()
    assert "Microsoft" not in app and "python-docx" not in core
    assert etree.fromstring(app.encode()).findtext(f"{_APP}Application").startswith(APPLICATION)


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_built_template_is_byte_identical(fmt: str) -> None:
    assert build_template(fmt) == build_template(fmt)


def test_rendered_properties_come_from_the_document() -> None:
    data = get_kind("document").render(_notice())
    props = open_docx(data).core_properties
    assert props.title == "示例市科学技术局关于开展科技服务月活动的通知"
    assert props.subject == "通知"
    assert props.author == "示例市科学技术局"
    assert props.created == props.modified == dt.datetime(2026, 5, 6, tzinfo=dt.UTC)
    assert props.comments == "" and props.keywords == "" and props.last_modified_by == ""
    assert _package_problems(data) == []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        app = archive.read("docProps/app.xml").decode()
    assert "Microsoft" not in app and APPLICATION in app


def test_joint_organs_are_the_creator_and_markup_is_escaped() -> None:
    data = get_kind("document").render(
        _notice(
            organs=["示例市科学技术局", "示例市财政局"],
            title="关于<科技>&“创新”专项资金的通知",
        )
    )
    props = open_docx(data).core_properties
    assert props.author == "示例市科学技术局、示例市财政局"
    assert props.title == "关于<科技>&“创新”专项资金的通知"


def test_caller_time_replaces_the_date_and_output_stays_deterministic() -> None:
    kind = get_kind("document")
    moment = dt.datetime(2026, 5, 7, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    first = kind.render(_notice(), created=moment)
    assert first == kind.render(_notice(), created=moment)
    assert kind.render(_notice()) == kind.render(_notice())
    props = open_docx(first).core_properties
    assert props.created == props.modified == dt.datetime(2026, 5, 7, 1, 30, tzinfo=dt.UTC)


def test_speech_without_organ_or_date_has_speaker_and_no_made_up_date() -> None:
    data = get_kind("document").render(
        {
            "format": "讲话",
            "title": "在全市科技工作会议上的讲话",
            "speaker": "示例市科学技术局局长　张三",
            "body": ["同志们：今天召开全市科技工作会议。"],
        }
    )
    props = open_docx(data).core_properties
    assert props.subject == "讲话"
    assert props.author == "示例市科学技术局局长　张三"
    assert props.created is None and props.modified is None


@pytest.mark.parametrize(
    "name", sorted(k for k in available_kinds() if (SAMPLES / f"{k}.yaml").exists())
)
def test_every_kind_names_its_genre_and_date(name: str) -> None:
    """Each 评议 kind's subject is its own Chinese name (文种)."""
    from doctemplates.assemble import data_for_kind
    from doctemplates.data import data_dir, load_data

    kind = get_kind(name)
    sample = SAMPLES / f"{name}.yaml"
    with data_dir(sample.parent):
        model = kind.validate(data_for_kind(kind, load_data(sample)))
    props = open_docx(kind.render(model)).core_properties
    meta = kind.context(model)["meta"]
    assert props.title == meta["title"] and props.title
    assert props.subject == (kind.title if name != "document" else meta["subject"])
    assert props.created is not None
    assert props.created.date().isoformat() == (meta["date"] or props.created.date().isoformat())


def test_user_template_keeps_its_own_properties(tmp_path: Path) -> None:
    """Only our tags are replaced: a template without them keeps what its author wrote."""
    path = tmp_path / "own.docx"
    path.write_bytes(make_template(["{{ title }}"], title="本单位通知模板"))
    data = get_kind("document").render(_notice(), template=path)
    props = open_docx(data).core_properties
    assert props.title == "本单位通知模板"
    # the engine breaks a long title into lines (\n); the text is the title
    assert [p.text.replace("\n", "") for p in open_docx(data).paragraphs] == [_notice()["title"]]
