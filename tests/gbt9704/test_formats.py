"""The 公文格式 classes: one place for what differs between 文件, 信函, 讲话, 纪要 and 命令."""

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
            **({"order_number": 3} if FORMATS[name].order_number else {}),
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
    assert FORMATS["命令"].mark_top_mm == g.MARGIN_TOP_MM + g.ORDER_MARK_BELOW_BAN_XIN_MM == 57


def test_order_format_is_a_subclass() -> None:
    """命令 (§10.2): a subclass with its own attributes; the builder, model and checker read them."""
    order = get_format("令")
    assert isinstance(order, Format) and order.name == "命令" and order.template == "mingling.docx"
    assert order.order_number and not order.red_header and order.first_page_number
    assert order.default_seal_mode == "stamp" and order.mark_suffix == "令"
    assert get_format(order) is order and get_format("order") is order


@pytest.mark.parametrize(
    ("mark", "name"),
    [
        ("示例市科学技术局文件", "文件"),
        ("示例市科学技术局办公室纪要", "纪要"),
        ("示例市科学技术局", "文件"),
        ("示例市人民政府令", "命令"),
        ("示例市人民政府命令", "命令"),
        ("示例市人民政府令　", "命令"),
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
