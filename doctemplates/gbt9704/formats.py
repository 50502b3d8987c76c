"""The 公文格式 (§7, §10) as classes: what differs between 文件, 信函, 讲话 and 纪要.

One :class:`Format` subclass per format; its class attributes are the rules
(where the 标志 goes, whether the header is red, which 版记 lines exist, whether
page 1 is numbered …).  The builder, the checker, the model and the kinds read
these attributes instead of comparing names — policy as a class, as Jinja's
``SandboxedEnvironment`` overrides ``Environment``: a new format (命令, §10.2) is
a subclass with its own attributes, added to :data:`FORMATS`.

>>> get_format("信函").letterhead, get_format("文件").letterhead
(True, False)
>>> get_format("letter") is get_format("信函")
True
>>> [f.template for f in FORMATS.values()]
['wenjian.docx', 'xinhan.docx', 'jianghua.docx', 'jiyao.docx', 'mingling.docx']
>>> get_format("纪要").mark_top_mm, get_format("信函").mark_top_mm, get_format("令").mark_top_mm
(72.0, 30.0, 57.0)
>>> format_of_mark("示例市科学技术局办公室纪要").name
'纪要'
>>> format_of_mark("示例市人民政府令").name, format_of_mark("示例市人民政府命令").name
('命令', '命令')
"""

from __future__ import annotations

from typing import ClassVar

from doctemplates.gbt9704 import geometry as g

__all__ = [
    "DEFAULT_FORMAT",
    "FORMATS",
    "FORMAT_NAMES",
    "DocumentFormat",
    "Format",
    "LetterFormat",
    "MinutesFormat",
    "OrderFormat",
    "SpeechFormat",
    "format_aliases",
    "format_of_mark",
    "get_format",
]


class Format:
    """One 公文格式.  Subclasses set the class attributes; instances are registered in FORMATS."""

    #: Its name (what the data's ``format`` and ``check --format`` say).
    name: ClassVar[str] = ""
    #: Other spellings the data may use (English, ``…格式``).
    aliases: ClassVar[tuple[str, ...]] = ()
    #: The engine's generic template of this format (doctemplates/templates/).
    template: ClassVar[str] = ""
    #: What follows the organ name in the 标志 unless the data says otherwise (§7.2.4).
    mark_suffix: ClassVar[str] = ""
    #: Page 1 carries a red 发文机关标志.
    has_mark: ClassVar[bool] = True
    #: The 标志's top edge below the 版心 top (§7.2.4); None when placed from the paper top.
    mark_below_ban_xin_mm: ClassVar[float | None] = g.MARK_BELOW_BAN_XIN_MM
    #: 标志 and 发文字号 in the body, a red 分隔线 under the 文号 line (§7.2.4–7.2.7).
    red_header: ClassVar[bool] = True
    #: 联合行文 stacks the organs, one a line, beside the suffix (§7.2.4).
    joint_mark: ClassVar[bool] = True
    #: 标志 and red double lines in a first-page header and footer, 文号 flush right (§10.1).
    letterhead: ClassVar[bool] = False
    #: Page 1 shows its page number (§7.5; not in a 信函, §10.1).
    first_page_number: ClassVar[bool] = True
    #: The 版记 has separator lines (§7.4.1; not in a 信函).
    banji_lines: ClassVar[bool] = True
    #: The 版记 has the 印发机关 and 印发日期 line (§7.4.3; not in a 信函).
    banji_printer: ClassVar[bool] = True
    #: 发文机关 and 署名/成文日期 are required (a 讲话稿 has neither of necessity).
    needs_issuer: ClassVar[bool] = True
    #: Title block of a 讲话稿: 讲话人 and the date under the title (spec §7).
    speaker_lines: ClassVar[bool] = False
    #: 出席、请假、列席 lines after the title (§10.3).
    attendance: ClassVar[bool] = False
    #: 命令（令）(§10.2): no 份号/密级 lines, no red line and no title; the 令号 centred two
    #: blank lines under the 标志, the text two blank lines under the 令号.
    order_number: ClassVar[bool] = False
    #: Other 标志 endings that name this format (``命令`` beside the default ``令``).
    mark_suffixes: ClassVar[tuple[str, ...]] = ()
    #: 署名 form when the data names none (§7.3.5: seal / none / stamp).
    default_seal_mode: ClassVar[str] = "seal"

    @property
    def mark_top_mm(self) -> float:
        """The 标志's top edge from the top of the paper."""
        below = self.mark_below_ban_xin_mm
        return g.LETTER_MARK_TOP_MM if below is None else g.MARGIN_TOP_MM + below

    def __str__(self) -> str:
        return self.name

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name}>"


class DocumentFormat(Format):
    """文件格式 (§7): the red 标志 ``××文件``, 发文字号 and red line."""

    name = "文件"
    aliases = ("file", "文件格式")
    template = "wenjian.docx"
    mark_suffix = "文件"


class LetterFormat(Format):
    """信函格式 (§10.1): 标志 30 mm from the paper top, red double lines, no page 1 number."""

    name = "信函"
    aliases = ("letter", "信函格式")
    template = "xinhan.docx"
    mark_below_ban_xin_mm = None
    red_header = False
    joint_mark = False
    letterhead = True
    first_page_number = False
    banji_lines = False
    banji_printer = False


class SpeechFormat(Format):
    """讲话稿 (spec §7): no 版头; 讲话人 and date under the title."""

    name = "讲话"
    aliases = ("speech", "讲话稿")
    template = "jianghua.docx"
    has_mark = False
    mark_below_ban_xin_mm = None
    red_header = False
    joint_mark = False
    needs_issuer = False
    speaker_lines = True


class MinutesFormat(Format):
    """纪要格式 (§10.3): ``××纪要`` 35 mm below the 版心 top; 出席、请假、列席."""

    name = "纪要"
    aliases = ("minutes", "纪要格式")
    template = "jiyao.docx"
    mark_suffix = "纪要"
    mark_below_ban_xin_mm = g.MINUTES_MARK_BELOW_BAN_XIN_MM
    joint_mark = False
    attendance = True


class OrderFormat(Format):
    """命令（令）格式 (§10.2): ``××令`` 20 mm below the 版心 top, 令号, text, 签名章 (§7.3.5.3)."""

    name = "命令"
    aliases = ("order", "令", "命令格式", "命令（令）", "命令（令）格式")
    template = "mingling.docx"
    mark_suffix = "令"
    mark_suffixes = ("命令", "令")
    mark_below_ban_xin_mm = g.ORDER_MARK_BELOW_BAN_XIN_MM
    red_header = False
    order_number = True
    default_seal_mode = "stamp"


#: Name → format, in the order users see them.
FORMATS: dict[str, Format] = {
    f.name: f
    for f in (DocumentFormat(), LetterFormat(), SpeechFormat(), MinutesFormat(), OrderFormat())
}
FORMAT_NAMES: tuple[str, ...] = tuple(FORMATS)
#: The format of a document that says none.
DEFAULT_FORMAT = FORMATS["文件"]


def format_aliases() -> dict[str, str]:
    """Alias → format name (``{"letter": "信函", "讲话稿": "讲话", …}``)."""
    return {alias: f.name for f in FORMATS.values() for alias in f.aliases}


def get_format(name: str | Format) -> Format:
    """The format called ``name`` (or one of its aliases); KeyError when there is none."""
    if isinstance(name, Format):
        return name
    key = name.strip()
    found = FORMATS.get(key) or FORMATS.get(format_aliases().get(key, ""))
    if found is None:
        raise KeyError(name)
    return found


def format_of_mark(mark: str) -> Format:
    """The in-body-标志 format whose 标志 suffix ends ``mark`` (``…纪要`` → 纪要), else 文件."""
    text = mark.strip()
    for fmt in FORMATS.values():
        in_body = fmt.red_header or fmt.order_number
        suffixes = fmt.mark_suffixes or ((fmt.mark_suffix,) if fmt.mark_suffix else ())
        if fmt is not DEFAULT_FORMAT and in_body and text.endswith(suffixes):
            return fmt
    return DEFAULT_FORMAT
