"""Write docs/标题断行.md: how layout.titles breaks the long titles of tests/layout/title_corpus.py.

Usage: .venv/bin/python docs/make_title_table.py   (reads the title face's metrics through
fontconfig, as rendering does; run it after changing layout/titles.py or the corpus)
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from doctemplates.fonts.metrics import face_metrics  # noqa: E402
from doctemplates.layout import geometry as g  # noqa: E402
from doctemplates.layout.titles import break_title  # noqa: E402
from tests.layout.title_corpus import TITLES  # noqa: E402

TARGET = ROOT / "docs" / "标题断行.md"
SHAPES = {
    "inverted": "倒梯形",
    "trapezoid": "正梯形",
    "diamond": "菱形",
    "rectangle": "长方形",
    "hourglass": "沙漏形",
    "single": "单行",
    "other": "其他",
}

HEAD = """# 标题断行 / How titles are broken (§7.3.1)

由 `docs/make_title_table.py` 生成，勿手改 / generated, do not edit by hand.

GB/T 9704 §7.3.1 要求标题回行时“词意完整，排列对称，长短适宜，间距恰当，标题排列应当使用梯形或菱形”。
引擎（`doctemplates/layout/titles.py`）在生成 .docx 时就选好换行位置，不再由办公软件在行满处折行：

1. 标题中已有手工换行（数据中的 `\\n`，YAML 里用 `|` 块或 `"…\\n…"`）时，**完全按作者的换行**；
2. 一行放得下（版心宽减去左右各一个二号字）就不换行；
3. 用分词器（rjieba，即 jieba 的 Rust 实现）切词，本文的发文机关、主送机关、署名、抄送、印发机关，
   书名号《…》、引号“…”、短括注（…）、文号、数字及单位（`2026年`、`第3号`、`15%`、`十三届五次会议`）
   作为整体，**不在词中和这些整体中换行**，行首不放闭合标点、行尾不放开启标点；
4. 在能放下的最少行数里，选形状最好、断点最自然的一种：两行优先**上长下短（倒梯形）**，其次上短下长（正梯形）；
   三行优先**菱形**（中间最长）；避免上下等长（长方形）和两头长中间短（沙漏形）；不出现只有一个字的行；
   断在“关于”前后、机关名之后、“的”之前、顿号逗号之后，而不是两个实词之间。

行宽按标题字体（方正小标宋简体；未安装时为 FandolSong Bold）的实际字宽、二号（22 pt）、字距 −0.25 pt 和
中西文间距计算，每行不超过 {limit:.1f} mm（版心 156 mm 减左右各一个二号字）。括号中的数字是该行的宽度（以二号字计）。

机关名称、字号等都是虚构的示例。Fictional bodies; the numbers are line widths in 二号 字 ({face}).

形状统计 / shapes: {counts}

| # | 文种 | 选定的行 / chosen lines | 形状 |
|---:|---|---|---|
"""

TAIL = """
## 联合行文的标志 / Joint 发文机关标志

联合行文的标志每个机关一行、分散对齐，“文件”二字居右。机关名称过长、压缩到
{scale}%（`MARK_BREAK_SCALE`）以下才放得下时，该名称在词间分成两行（两行尽量等长），
再按最长的一行确定字号和压缩比例；整个标志（含“文件”栏）不超出版心。

## 手工换行 / Manual breaks

作者在标题中写的换行优先：

```yaml
title: |-
  示例市科学技术局关于开展
  2026年度科技创新服务提质增效专项行动的通知
```

## 用户词典 / User dictionary

环境变量 `DOCTEMPLATES_TITLE_WORDS` 指向一个 UTF-8 文本文件（每行一个词，`#` 后为注释，
不超过 1 MB）时，其中的词加入分词词典，不被拆开（例如本单位常用的项目名称）。
"""


def _row(i: int, kind: str, title: str, names: tuple[str, ...]) -> tuple[str, str]:
    chosen = break_title(title, protect=names)
    zi = g.SIZE_ER_HAO + g.CHAR_SPACING_PT
    lines = "<br>".join(
        f"{x}（{w / zi:.1f}）" for x, w in zip(chosen.lines, chosen.widths_pt, strict=True)
    )
    shape = SHAPES[chosen.shape]
    return f"| {i} | {kind} | {lines} | {shape} |", chosen.shape


def main() -> None:
    rows = [_row(i, *entry) for i, entry in enumerate(TITLES, 1)]
    counts = Counter(shape for _, shape in rows)
    summary = "，".join(f"{SHAPES[s]} {n}" for s, n in counts.most_common())
    limit = break_title("").limit_pt
    face = face_metrics(g.FONT_XIAOBIAOSONG).source
    text = HEAD.format(limit=g.pt_to_mm(limit), face=face, counts=summary)
    text += "\n".join(row for row, _ in rows) + "\n"
    text += TAIL.format(scale=g.MARK_BREAK_SCALE)
    TARGET.write_text(text, encoding="utf-8")
    print(f"{TARGET.relative_to(ROOT)}: {len(rows)} titles ({summary})")


if __name__ == "__main__":
    main()
