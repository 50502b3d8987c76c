"""Render refuses what is unsafe or broken, with located Chinese errors (issues 12, 13).

Focused tests, one per defect; the generated corpus is in tests/adversarial/.
"""

from __future__ import annotations

import io
import threading
import zipfile
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any

import docx
import pytest

from doctemplates.context import DocumentContext
from doctemplates.data import data_dir, load_data
from doctemplates.errors import (
    DataError,
    TemplateLimitError,
    TemplateSecurityError,
    TemplateSyntaxError,
    TemplateValueError,
)
from doctemplates.kinds import available_kinds, get_kind
from doctemplates.lint import lint_template
from doctemplates.render import RenderLimits, Template
from doctemplates.render.findings import first_error
from tests.adversarial import templates_corpus as corpus
from tests.docxbuild import body_text, make_template
from tests.fixtures.templates import BROKEN

ROOT = Path(__file__).resolve().parent.parent


# -- issue 12 defect 3: None is never printed --------------------------------------------
def test_none_is_a_located_error_naming_the_field() -> None:
    # two fields: not an optional line (a one-field one is left out, tests/test_optional.py)
    tpl = Template.load(make_template(["{{ record.printer }}印发{{ record.print_date }}"]))
    with pytest.raises(TemplateValueError) as caught:
        tpl.render({"record": {"printer": None, "print_date": "2026年4月20日"}})
    error = caught.value
    assert "record.printer" in error.message and "None" in error.message
    assert error.tag == "{{ record.printer }}" and error.part == "word/document.xml"
    assert error.paragraph == "{{ record.printer }}印发{{ record.print_date }}"


@pytest.mark.parametrize(
    "tag", ["{{ p|default('') }}", "{{ p or '' }}", "{% if p %}{{ p }}{% endif %}"]
)
def test_guarded_none_prints_nothing(tag: str) -> None:
    tpl = Template.load(make_template([tag + "印发"]))
    assert body_text(tpl.render({"p": None})) == ["印发"]


@pytest.mark.parametrize(
    ("tag", "warned"),
    [
        ("{{ record.printer }}印发", False),  # one field: left out when empty (render.optional)
        ("{{ record.printer }}印发{{ title }}", True),
        ("{{ '抄送：' ~ record.cc }}", True),
        ("{{ record.printer|trim }}", True),
        ("{% if record %}{{ record.printer }}{% endif %}", True),  # printer itself may be None
        ("{% if record.printer %}{{ record.printer }}{% endif %}", False),
        ("{% if record and record.cc %}{{ record.cc }}{% endif %}", False),
        ("{{ record.printer|default('') }}", False),
        ("{{ record.printer or '' }}", False),
        ("{{ record.cc if record.cc else '' }}", False),
        ("{% if signature %}{{ signature.date }}{% endif %}", False),
        ("{{ signature.date }}", False),  # one field: left out when empty (render.optional)
        ("{{ signature.date }}{{ title }}", True),  # signature may be None
        ("{{ title }}", False),
    ],
)
def test_lint_warns_about_unguarded_optional_fields(tag: str, warned: bool) -> None:
    findings = lint_template(make_template([tag]), context_type=DocumentContext)
    codes = [f.rule for f in findings]
    assert ("optional-unguarded" in codes) is warned, findings
    assert all(f.severity == "warning" for f in findings if f.rule == "optional-unguarded")


def test_classification_without_urgency_prints_no_none() -> None:
    """The shipped 版头 printed 'None' on the 紧急程度 line when only 密级 was given."""
    sample = load_data(ROOT / "samples" / "notice.yaml")
    sample.pop("kind")
    sample.pop("urgency")
    text = body_text(get_kind("document").render(sample))
    assert "None" not in "".join(text) and "秘密★1年" in text


def _without(data: dict[str, Any], key: str) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k != key}


@pytest.mark.parametrize("kind_name", sorted(available_kinds()))
def test_shipped_templates_render_samples_with_optional_fields_missing(kind_name: str) -> None:
    """Every optional field of every sample left out, one at a time: never None, never refused."""
    kind = get_kind(kind_name)
    sample_path = next(
        p
        for p in sorted((ROOT / "samples").glob("*.yaml"))
        if load_data(p).get("kind") in (kind.name, *kind.aliases)
    )
    sample = _without(load_data(sample_path), "kind")
    variants = [(key, _without(sample, key)) for key in sample]
    variants += [
        (f"{key}.{sub}", {**sample, key: _without(value, sub)})
        for key, value in sample.items()
        if isinstance(value, dict)
        for sub in value
    ]
    rendered = 0
    for label, variant in variants:
        try:
            with data_dir(sample_path.parent):
                data = kind.render(variant)
        except DataError:
            continue  # required, or required by another field: refused as data, in Chinese
        assert "None" not in "".join(body_text(data)), label
        rendered += 1
    assert rendered >= 2


# -- issue 12 defect 4: what lint calls an error does not render ---------------------------
@pytest.mark.parametrize("name", sorted(BROKEN))
def test_render_refuses_exactly_what_lint_calls_an_error(name: str) -> None:
    data, _ = BROKEN[name]
    lint_error = first_error(lint_template(data))
    if lint_error is None:  # only a kind's data description finds it (unknown variable)
        Template.load(data)
        return
    with pytest.raises(Exception) as caught:
        Template.load(data)
    assert lint_error.message in str(caught.value)


@pytest.mark.parametrize(
    "paragraphs",
    [
        ["标题：｛｛ title ｝｝"],
        ["{ { title } }"],
        ["{%p if title %}这段文字会丢失", "{%p endif %}"],
        ["{{ tit", "le }}"],
    ],
)
def test_lint_errors_are_render_errors(paragraphs: list[str]) -> None:
    data = make_template(paragraphs)
    (finding,) = [f for f in lint_template(data) if f.severity == "error"]
    with pytest.raises(TemplateSyntaxError) as caught:
        Template.load(data)
    assert caught.value.message == finding.message and caught.value.part == finding.location.part


def test_tr_tag_beside_text_is_refused() -> None:
    data = make_template(
        ["x"], table=[["{%tr for r in rows %}", "多余"], ["{{ r }}", ""], ["{%tr endfor %}", ""]]
    )
    with pytest.raises(TemplateSyntaxError, match="表格行"):
        Template.load(data)


# -- issue 13 §1: nothing reaches outside -------------------------------------------------
@pytest.mark.parametrize(
    "instruction",
    [
        'INCLUDEPICTURE "http://127.0.0.1:9/x.png"',
        ' includetext  "file:///etc/passwd"',
        "DDEAUTO c:\\\\x",
    ],
)
def test_field_from_data_is_refused_after_rendering(instruction: str) -> None:
    parts = corpus.members()
    corpus.insert_paragraph(parts, "word/document.xml", corpus._complex_field(["{{ x }}"]))
    tpl = Template.load(corpus.package(parts))  # the template itself is clean
    assert tpl.render({"title": "t", "x": "PAGE"})
    with pytest.raises(TemplateSecurityError, match="域代码") as caught:
        tpl.render({"title": "t", "x": instruction})
    assert caught.value.part == "word/document.xml"


def test_dtd_assembled_at_render_time_is_refused() -> None:
    parts = corpus.members()
    head, _, rest = corpus.text(parts, "word/document.xml").partition("?>")
    parts["word/document.xml"] = f"{head}?><!-- {{{{ x|safe }}}} -->{rest}".encode()
    tpl = Template.load(corpus.package(parts))
    with pytest.raises(TemplateSecurityError, match="DTD"):
        tpl.render(
            {"title": "t", "x": '--><!DOCTYPE r [<!ENTITY e SYSTEM "file:///etc/passwd">]><!--'}
        )


class _Listener(BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        self.hits.append(self.path)
        self.send_response(404)
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        pass


@pytest.mark.pdf
def test_local_listener_receives_nothing(tmp_path: Path) -> None:
    """Templates linking to a local listener: refused, or converted without any request."""
    from doctemplates.pdf import convert_file

    server = HTTPServer(("127.0.0.1", 0), _Listener)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_port}"
    try:
        accepted = []
        for kind, build in (
            (
                "image",
                lambda p: corpus.add_rel(
                    p,
                    "word/document.xml",
                    f"{corpus.REL}/image",
                    f"{url}/a.png",
                    "External",
                    "rIdX",
                ),
            ),
            (
                "header-image",
                lambda p: corpus.add_rel(
                    p, "word/header1.xml", f"{corpus.REL}/image", f"{url}/b.png", "External", "rIdX"
                ),
            ),
            (
                "template",
                lambda p: corpus.add_rel(
                    p,
                    "word/settings.xml",
                    f"{corpus.REL}/attachedTemplate",
                    f"{url}/t.dotx",
                    "External",
                    "rIdX",
                ),
            ),
            (
                "field",
                lambda p: corpus.insert_paragraph(
                    p,
                    "word/document.xml",
                    corpus._complex_field([f'INCLUDEPICTURE "{url}/c.png" \\d']),
                ),
            ),
            (
                "hyperlink",
                lambda p: corpus.add_rel(
                    p,
                    "word/document.xml",
                    f"{corpus.REL}/hyperlink",
                    f"{url}/d",
                    "External",
                    "rIdX",
                ),
            ),
        ):
            parts = corpus.members()
            build(parts)
            try:
                out = Template.load(corpus.package(parts)).render(corpus.CONTEXT)
            except TemplateSecurityError:
                continue
            path = tmp_path / f"{kind}.docx"
            path.write_bytes(out)
            accepted.append(convert_file(path, tmp_path / f"{kind}.pdf"))
        assert [p.name for p in accepted] == ["hyperlink.pdf"]  # a link is not fetched
    finally:
        server.shutdown()
    assert _Listener.hits == []


# -- issue 13 §2: structure ------------------------------------------------------------------
def test_dotx_template_renders_a_document_python_docx_opens() -> None:
    parts = corpus.members()
    corpus.edit(parts, "[Content_Types].xml", "document.main+xml", "template.main+xml")
    with pytest.raises(ValueError):
        docx.Document(io.BytesIO(corpus.package(parts)))  # python-docx refuses a .dotx
    out = Template.load(corpus.package(parts)).render(corpus.CONTEXT)
    assert "关于示例的通知" in "".join(body_text(out))


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (lambda p: p.pop("[Content_Types].xml"), "Content_Types"),
        (lambda p: p.update({"word/styles.xml": b"<w:styles"}), "不是合法的 XML"),
        (lambda p: p.pop("word/styles.xml"), "不存在"),
        (lambda p: p.pop("_rels/.rels"), "_rels/.rels"),
    ],
)
def test_unopenable_package_refused_at_load(change: Any, words: str) -> None:
    parts = corpus.members()
    change(parts)
    with pytest.raises(Exception) as caught:
        Template.load(corpus.package(parts))
    assert words in str(caught.value)


def test_every_output_member_is_declared_and_every_relationship_resolves() -> None:
    from doctemplates.render import Image
    from tests.adversarial.templates_corpus import _png

    tpl = Template.load(make_template(["{{ seal }}"], header="{{ seal }}"))
    out = tpl.render({"seal": Image(io.BytesIO(_png()), width_mm=10)})
    with zipfile.ZipFile(io.BytesIO(out)) as archive:
        members = {n: archive.read(n) for n in archive.namelist()}
    from doctemplates.render.policy import inspect_package

    _, findings = inspect_package(members)
    assert [f for f in findings if f.severity == "error"] == []
    assert len(docx.Document(io.BytesIO(out)).inline_shapes) == 1


# -- issue 13 §3: limits are configurable and located ----------------------------------------
def test_limits_are_configurable_at_load_and_per_render() -> None:
    tpl = Template.load(
        make_template(["{% for i in items %}{{ i }}{% endfor %}"]),
        limits=RenderLimits(max_iterations=5),
    )
    assert body_text(tpl.render({"items": "abcd"})) == ["abcd"]
    with pytest.raises(TemplateLimitError) as caught:
        tpl.render({"items": "abcdefg"})
    assert caught.value.limit == "max_iterations" and "5" in caught.value.message
    assert caught.value.tag == "{% for i in items %}"
    assert tpl.render({"items": "abcdefg"}, limits=RenderLimits(max_iterations=50))


def test_output_limit_counts_as_it_writes() -> None:
    tpl = Template.load(make_template(["{% for i in range(100) %}{{ x }}{% endfor %}"]))
    with pytest.raises(TemplateLimitError) as caught:
        tpl.render({"x": "字" * 1000}, limits=RenderLimits(max_output_chars=50_000))
    assert caught.value.limit == "max_output_chars"


def test_nesting_limit_at_load() -> None:
    deep = "{% if 1 %}" * 5 + "x" + "{% endif %}" * 5
    assert Template.load(make_template([deep]))
    with pytest.raises(TemplateLimitError) as caught:
        Template.load(make_template([deep]), limits=RenderLimits(max_nesting=4))
    assert caught.value.limit == "max_nesting" and caught.value.part == "word/document.xml"


def test_large_legitimate_document_renders_within_the_defaults() -> None:
    """5,000 table rows × 3 cells and a 300,000-character text: well inside the limits."""
    data = make_template(
        ["{{ text }}"],
        table=[
            ["{%tr for r in rows %}", "", ""],
            ["{{ r.a }}", "{{ r.b }}", "{{ r.c }}"],
            ["{%tr endfor %}", "", ""],
        ],
    )
    rows = [{"a": f"第{i}项", "b": "示例市科学技术局", "c": "2026年12月31日"} for i in range(5000)]
    out = Template.load(data).render({"text": "字" * 300_000, "rows": rows})
    document = docx.Document(io.BytesIO(out))
    assert len(document.tables[0].rows) == 5000


def test_repr_of_objects_never_printed() -> None:
    tpl = Template.load(make_template(["{{ lipsum }}"]))
    with pytest.raises(TemplateValueError, match="lipsum|generate_lorem_ipsum") as caught:
        tpl.render({})
    assert "0x" not in str(caught.value)


def test_fields_joined_by_tags_at_render_time_are_refused() -> None:
    """Two harmless fields at load; a {%r if %} removes the runs between them at render time."""
    parts = corpus.members()
    runs = (
        '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText xml:space="preserve">INCLUDEPIC</w:instrText></w:r>'
        "<w:r><w:t>{%r if join %}</w:t></w:r>"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        "<w:r><w:t>{%r endif %}</w:t></w:r>"
        '<w:r><w:instrText xml:space="preserve">TURE "http://127.0.0.1:9/x.png"</w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
    )
    corpus.insert_paragraph(parts, "word/document.xml", runs)
    tpl = Template.load(corpus.package(parts))
    assert tpl.render({**corpus.CONTEXT, "join": True})
    with pytest.raises(TemplateSecurityError, match="INCLUDEPICTURE"):
        tpl.render({**corpus.CONTEXT, "join": False})
