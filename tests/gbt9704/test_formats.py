"""The 公文格式 classes: one place for what differs between 文件, 信函, 讲话 and 纪要."""

from __future__ import annotations

import typing

import pytest

from doctemplates.gbt9704 import geometry as g
from doctemplates.gbt9704.formats import (
    FORMAT_NAMES,
    FORMATS,
    Format,
    format_aliases,
    format_of_mark,
    get_format,
)


def test_the_model_literal_names_the_registered_formats() -> None:
    from doctemplates.model import DocFormat, OfficialDocument

    (literal, *_) = typing.get_args(DocFormat)
    assert typing.get_args(literal) == FORMAT_NAMES
    for alias, name in format_aliases().items():
        doc = OfficialDocument(
            format=alias,
            title="示例",
            organs=["示例市科学技术局"],
            signature={"date": "2026-11-23"},
        )
        assert doc.format == name
        assert doc.mark_suffix == FORMATS[name].mark_suffix


def test_templates_and_kinds_read_the_formats() -> None:
    from doctemplates.kinds import FORMAT_TEMPLATES
    from doctemplates.layout import TEMPLATE_FILES

    assert FORMAT_TEMPLATES == TEMPLATE_FILES == {n: f.template for n, f in FORMATS.items()}


def test_positions_come_from_the_geometry() -> None:
    assert FORMATS["文件"].mark_top_mm == g.MARGIN_TOP_MM + g.MARK_BELOW_BAN_XIN_MM
    assert FORMATS["纪要"].mark_top_mm == g.MARGIN_TOP_MM + g.MINUTES_MARK_BELOW_BAN_XIN_MM
    assert FORMATS["信函"].mark_top_mm == g.LETTER_MARK_TOP_MM


def test_a_new_format_is_a_subclass() -> None:
    """命令 (§10.2) comes later: a subclass with its own attributes is all the standard side needs."""

    class OrderFormat(type(FORMATS["文件"])):  # type: ignore[misc]
        name = "命令"
        mark_suffix = "命令"
        mark_below_ban_xin_mm = 20.0

    order = OrderFormat()
    assert isinstance(order, Format) and order.red_header and order.first_page_number
    assert order.mark_top_mm == g.MARGIN_TOP_MM + 20.0
    assert get_format(order) is order


@pytest.mark.parametrize(
    ("mark", "name"),
    [
        ("示例市科学技术局文件", "文件"),
        ("示例市科学技术局办公室纪要", "纪要"),
        ("示例市科学技术局", "文件"),
    ],
)
def test_format_of_mark(mark: str, name: str) -> None:
    assert format_of_mark(mark).name == name


def test_unknown_format() -> None:
    with pytest.raises(KeyError):
        get_format("公告")
    from doctemplates.layout import TemplateSpec, build_template

    with pytest.raises(ValueError, match="未知格式"):
        build_template(TemplateSpec(fmt="公告"))
