"""Markdown drafts (.md), read with markdown-it-py.  Markdown 草稿。

``#`` headings and ordered lists map onto the 公文 hierarchy: the first ``#``
heading is the 标题; the other headings take levels from their depth (the
shallowest is ``一、``) unless their text carries a typed number; an ordered
list is ``1.`` (a nested one ``（1）``); bullet lists are plain paragraphs.
Emphasis, links and inline code are reduced to their text with a note;
GitHub-style tables become tables; images are read from files next to the draft.
"""

from __future__ import annotations

from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.token import Token

from doctemplates.importer.source import Draft, Picture, SourceParagraph
from doctemplates.importer.text import is_wrapped

__all__ = ["MAX_PICTURE_BYTES", "read_markdown"]

MAX_PICTURE_BYTES = 20 * 1024 * 1024
_DROPPED = {
    "strong_open": "加粗",
    "em_open": "斜体",
    "s_open": "删除线",
    "link_open": "链接",
    "code_inline": "行内代码标记",
    "html_inline": "HTML 标签",
}


def _where(token: Token) -> str:
    return f"第 {token.map[0] + 1} 行" if token.map else "Markdown"


def _inline(token: Token) -> tuple[list[str], list[str], list[tuple[str, str]]]:
    """Lines of an inline token, the markup it dropped, and the images in it (src, alt).

    A paragraph's line breaks are kept as separate lines: a draft typed without
    blank lines (署名 over 成文日期, ``附件：1.…`` over ``2.…``) means one
    paragraph per line, as in a text draft.
    """
    lines: list[str] = [""]
    dropped: list[str] = []
    images: list[tuple[str, str]] = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            lines[-1] += child.content
        elif child.type in ("softbreak", "hardbreak"):
            lines.append("")
        elif child.type == "image":
            images.append((str(child.attrs.get("src", "")), child.content))
        if child.type in _DROPPED:
            dropped.append(_DROPPED[child.type])
    return lines, dropped, images


def _picture(base: Path | None, src: str, where: str) -> tuple[Picture | None, str | None]:
    if not src or "://" in src or src.startswith("data:"):
        return None, f"图片“{src[:60]}”不是本地文件，未导入"
    from doctemplates.data import file_access_allowed

    if not file_access_allowed():  # the HTTP service: a draft names no file of the server
        return None, f"图片 {src[:60]} 是文件路径，服务中不读取文件，未导入"
    path = (base or Path.cwd()) / src
    try:
        if path.stat().st_size > MAX_PICTURE_BYTES:
            return None, f"图片 {src} 过大，未导入"
        return Picture(path.name, path.read_bytes()), None
    except OSError:
        return None, f"找不到图片 {src}（{where}），未导入"


def read_markdown(text: str, *, base: Path | None = None, unwrap: bool = True) -> Draft:
    """Source paragraphs of a Markdown draft."""
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    headings = [int(t.tag[1]) for i, t in enumerate(tokens) if t.type == "heading_open" and i > 0]
    first_is_title = bool(tokens) and tokens[0].type == "heading_open" and tokens[0].tag == "h1"
    if not first_is_title and tokens and tokens[0].type == "heading_open":
        headings.append(int(tokens[0].tag[1]))
    shallowest = min(headings, default=1)
    out: list[SourceParagraph] = []
    notes: list[str] = []
    lists: list[tuple[bool, int]] = []  # (ordered, level) of the open lists
    heading_level = 0
    row: list[str] = []
    rows: list[list[str]] = []
    pending: tuple[str, int | None] | None = None  # heading / list item waiting for its inline
    item_number: int | None = None
    table_where = "Markdown"
    for index, token in enumerate(tokens):
        kind = token.type
        if kind == "heading_open":
            depth = int(token.tag[1]) - shallowest + 1
            pending = ("title" if index == 0 and first_is_title else "heading", depth)
        elif kind in ("ordered_list_open", "bullet_list_open"):
            ordered = kind == "ordered_list_open"
            outer = max([lvl for o, lvl in lists if o], default=max(heading_level, 2))
            lists.append((ordered, min(4, outer + 1) if ordered else outer))
        elif kind in ("ordered_list_close", "bullet_list_close"):
            lists.pop()
        elif kind == "list_item_open":
            item_number = int(token.info) if token.info.isdigit() else None
        elif kind == "tr_open":
            row = []
        elif kind == "tr_close":
            rows.append(row)
        elif kind == "table_open":
            rows, table_where = [], _where(token)
        elif kind == "table_close":
            out.append(SourceParagraph("", table_where, rows=rows))
        elif kind == "hr":
            notes.append(f"{_where(token)}的分隔线（---）已去掉")
        elif kind in ("fence", "code_block", "html_block"):
            for offset, line in enumerate(token.content.splitlines()):
                if line.strip():
                    where = (
                        f"第 {token.map[0] + 1 + offset + (kind == 'fence')} 行"
                        if token.map
                        else "Markdown"
                    )
                    out.append(SourceParagraph(line, where, notes=["代码块按文字导入"]))
        elif kind == "inline":
            lines, dropped, images = _inline(token)
            where = _where(token)
            if tokens[index - 1].type in ("th_open", "td_open"):
                row.append("\n".join(lines))
                continue
            notes_here = (
                [f"去掉了 Markdown 的{'、'.join(dict.fromkeys(dropped))}"] if dropped else []
            )
            level: int | None = None
            label: tuple[int, int] | None = None
            if pending and pending[0] == "heading":
                level = pending[1]
                heading_level = pending[1] or heading_level
            elif lists and item_number is not None and lists[-1][0]:
                label = (lists[-1][1], item_number)
                item_number = None
            elif lists and not lists[-1][0]:
                notes_here.append("无序列表符号已去掉")
            pending = None
            for src, alt in images:
                picture, problem = _picture(base, src, where)
                if picture is not None:
                    out.append(SourceParagraph("", where, picture=picture))
                else:
                    notes.append(problem or "")
                    lines[-1] += alt
            lines = [line for line in lines if line.strip()]
            if unwrap and is_wrapped(lines):
                notes_here.append(f"{where}起的 {len(lines)} 行是折行的同一段，已合并（unwrap）")
                lines = ["".join(line.strip() for line in lines)]
            first = token.map[0] + 1 if token.map else 0
            for offset, line in enumerate(lines):
                here = f"第 {first + offset} 行" if first else where
                out.append(
                    SourceParagraph(
                        line,
                        here,
                        level=level if offset == 0 else None,
                        label=label if offset == 0 else None,
                        notes=notes_here if offset == 0 else [],
                    )
                )
    return Draft(out, notes, kind="markdown")
