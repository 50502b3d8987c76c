"""What the checker does not check, and why (未检查的条款): listed in docs/checks.md.

Split from :mod:`doctemplates.check.rules` (which re-exports :data:`UNCHECKED`) to keep
each checker module under 400 lines.
"""

from __future__ import annotations

__all__ = ["UNCHECKED"]

UNCHECKED: tuple[tuple[str, str, str], ...] = (
    (
        "§7.2.4",
        "发文机关标志“醒目、美观、庄重”",
        "审美要求，没有可测量的数值；只检查颜色和位置。",
    ),
    (
        "§7.3.1",
        "标题回行“梯形或菱形”",
        "排版审美：引擎按梯形、菱形选择回行（layout.titles），检查只看回行是否拆开词语（title-break）。",
    ),
    (
        "§7.3.5.1",
        "印章端正、居中下压署名和成文日期、上距正文一行之内",
        "印章是图片或电子签章，位置由盖章系统决定，文档中通常没有可比对的对象。",
    ),
    (
        "§7.3.5.3",
        "签发人签名章、联合行文印章互不相交",
        "同上：印章和签名章不在 .docx 文字中。",
    ),
    (
        "§7.2.4",
        "联合行文机关顺序（主办机关在前）",
        "需要知道哪个机关主办，文档本身不含此信息。",
    ),
    (
        "§7.3.3",
        "正文内容、数字和标点用法（§9）",
        "属于语言文字规范，超出版式检查范围。",
    ),
    (
        "§5.2.4、§4",
        "印刷颜色的 CMYK 值、纸张和装订",
        "电子文档中只有 RGB，纸张与装订是印制环节。",
    ),
    (
        "§10.1",
        "信函格式版记不加印发机关和印发日期、无分隔线",
        "本项目的信函模板沿用文件格式版记，暂不检查。",
    ),
)
