"""The 公文 filters of templates: numerals, dates, labels, 发文字号.  公文过滤器。

``render`` knows nothing of 公文: its environment holds only generic filters
and takes the others from the ``doctemplates.filters`` entry-point group (as
kinds come from ``doctemplates.kinds``), which names these functions.  Another
package can add its own filters the same way.

>>> cn_number_filter(11), cn_year_filter(2020), label_filter(2, 2)
('十一', '二〇二〇', '（二）')
>>> date_filter("2020-04-20"), cn_date_filter("2020-04-20")
('2020年4月20日', '二〇二〇年四月二十日')
>>> doc_number_filter("钟科发[2020]第02号")
'钟科发〔2020〕2号'
"""

from __future__ import annotations

from typing import Any

from doctemplates.dates import format_date
from doctemplates.numbering import cn_number, cn_year, label

__all__ = [
    "cn_date_filter",
    "cn_number_filter",
    "cn_year_filter",
    "date_filter",
    "doc_number_filter",
    "label_filter",
]


def cn_number_filter(value: int) -> str:
    """``{{ 11|cn_number }}`` → 十一."""
    return cn_number(int(value))


def cn_year_filter(value: int) -> str:
    """``{{ 2020|cn_year }}`` → 二〇二〇."""
    return cn_year(int(value))


def date_filter(value: Any, style: Any = "arabic") -> str:
    """``{{ d|date }}`` → 2020年4月20日; ``{{ d|date('chinese') }}`` → 二〇二〇年四月二十日."""
    return format_date(value, style=style)


def cn_date_filter(value: Any) -> str:
    """``{{ d|cn_date }}`` → 二〇二〇年四月二十日."""
    return format_date(value, style="chinese")


def label_filter(value: int, level: int) -> str:
    """``{{ 2|label(2) }}`` → （二）: the structure number of ``level``."""
    return label(level, int(value))


def doc_number_filter(value: Any) -> str:
    """``{{ n|doc_number }}`` → 钟科发〔2020〕2号 (a loosely written 发文字号 normalised)."""
    from doctemplates.model import DocNumber  # the model is heavier than the filters

    return str(value if isinstance(value, DocNumber) else DocNumber.parse(str(value)))
