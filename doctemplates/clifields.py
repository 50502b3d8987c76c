"""``doctemplates fields KIND``: every variable a template of a kind can use.  模板变量一览。

The rows come from :func:`doctemplates.fieldnames.fields` (the context TypedDicts):
Chinese name, English name, type, description and an example: the value the
``--data`` file gives, else the value of the project's samples, kept in
``fieldexamples.json`` (generated: ``python -m doctemplates.clifields samples``;
a test keeps it current).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.cells import cell_len

from doctemplates.clitext import columns, terminal_width
from doctemplates.errors import DocTemplatesError

__all__ = ["FIELDS_EPILOG", "build_examples", "example_text", "field_rows", "fields_command"]

#: Each kind's examples live beside its package's templates (a kind's data stays in its package).
EXAMPLES_FILE = "fieldexamples.json"


def examples_path(package: str) -> Path:
    """``fieldexamples.json`` of ``package`` (the package that ships the kind's templates)."""
    import importlib.resources

    return Path(str(importlib.resources.files(package) / EXAMPLES_FILE))


#: The command's examples (cli.py registers the command with them).
FIELDS_EPILOG = "\n".join(
    (
        "doctemplates fields document",
        "doctemplates fields plan --json",
        "doctemplates fields plan --data 方案.yaml",
    )
)

_SHOWN = 24  # characters of an example value shown in the table (all of it in --json)


def field_rows(kind_name: str, context: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """One row per variable: 中文名, 英文名, 类型, 可为空, 说明, 示例.

    The example is the value in ``context`` when given, else the samples' value.

    >>> rows = field_rows("document")
    >>> [(r["中文名"], r["英文名"], r["类型"]) for r in rows if r["中文名"] == "发文字号"]
    [('发文字号', 'header.doc_number', '文字')]
    >>> next(r["示例"] for r in rows if r["中文名"] == "成文日期")
    '2026年11月23日'
    """
    from doctemplates.fieldnames import fields
    from doctemplates.kinds import get_kind

    kind = get_kind(kind_name)
    context_type = kind.context_type
    if context_type is None:
        return []
    shipped: dict[str, Any] = {}
    examples = examples_path(kind.template_package)
    if context is None and examples.is_file():
        shipped = json.loads(examples.read_text(encoding="utf-8")).get(kind.name, {})
    return [
        {
            "中文名": f.chinese or "",
            "英文名": f.path,
            "类型": f.type,
            "可为空": f.optional,
            "说明": f.description,
            "示例": _example(context, f.path) if context is not None else shipped.get(f.path),
        }
        for f in fields(context_type)
    ]


def _example(context: Any, path: str) -> Any:
    """The value at ``path``, as JSON shows it; for ``[]`` the first item that has one."""
    return _first(context, path.replace("[]", ".[]").split("."))


_ITEMS = 50  # items of a list looked at for an example


def _first(value: Any, pieces: list[str]) -> Any:
    if not pieces:
        return _leaf(value)
    piece, rest = pieces[0], pieces[1:]
    if piece == "[]":
        items = value[:_ITEMS] if isinstance(value, list) else []
        found = (_first(item, rest) for item in items)
        return next((v for v in found if v not in (None, "", [])), None)
    return _first(value.get(piece), rest) if isinstance(value, dict) else None


def _leaf(value: Any) -> Any:
    if isinstance(value, dict):
        return None  # a group: its fields have the values
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str | int | float | bool)][:3] or None
    return value if isinstance(value, str | int | float | bool) or value is None else "（图片）"


def example_text(value: Any) -> str:
    """An example value in one short line.

    >>> example_text("示例市科学技术局关于开展二〇二六年科技活动周和科技服务月活动的通知")
    '示例市科学技术局关于开展二〇二六年科技活…'
    >>> example_text([1, 2]), example_text(None)
    ('1、2', '')
    """
    if value is None:
        return ""
    text = "、".join(map(str, value)) if isinstance(value, list) else str(value)
    text = text.replace("\n", "")
    return text if len(text) <= _SHOWN else text[: _SHOWN - 4] + "…"


def fields_command(
    kind: Annotated[str, typer.Argument(metavar="文种", help="文种名称，如 plan 或 工作实施方案")],
    data: Annotated[
        Path | None,
        typer.Option("--data", metavar="数据文件", help="用这份数据的值作示例（.yaml/.json）"),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="以 JSON 输出")] = False,
) -> None:
    """列出文种模板可用的全部变量：中文名、英文名、类型、说明和示例。List template variables.

    模板中可写 {{ 中文名 }} 或 {{ 英文名 }}，两者取同一个值；列表中的项用
    {%p for 段 in 正文 %}{{ 段.标题 }}{%p endfor %}。
    """
    from doctemplates.clishared import kind_named

    chosen = kind_named(kind)
    context = _context(chosen, data) if data is not None else None
    rows = field_rows(chosen.name, context)
    if as_json:
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
        return
    width = terminal_width()
    gap = min(max(cell_len(r["中文名"] or r["英文名"]) for r in rows) + 4, 30)
    for r in rows:
        kind_text = r["类型"] + ("，可为空" if r["可为空"] else "")
        about = r["说明"]
        if r["中文名"] and about.startswith(name := r["中文名"].rsplit(".", 1)[-1]):
            about = about[len(name) :].lstrip("：:，, ")  # the name is in the left column
        text = f"{r['英文名']}（{kind_text}）{about}"
        example = example_text(r["示例"])
        text += f"；示例：{example}" if example else ""
        for line in columns(r["中文名"] or "—", text, 0, gap, width):
            sys.stdout.write(line + "\n")


def build_examples(samples: Path) -> dict[str, dict[str, Any]]:
    """kind → path → example: the first value each path has in the samples of that kind."""
    from doctemplates.assemble import data_for_kind
    from doctemplates.data import KIND_KEY, data_dir, load_data
    from doctemplates.kinds import get_kind

    out: dict[str, dict[str, Any]] = {}
    for sample in sorted(samples.glob("*.yaml")):
        raw = load_data(sample)
        kind = get_kind(str(raw.get(KIND_KEY, "document")))
        data = {k: v for k, v in raw.items() if k != KIND_KEY}
        with data_dir(sample.parent):
            context = kind.context(data_for_kind(kind, data))
        found = out.setdefault(kind.name, {})
        for row in field_rows(kind.name, context):
            if row["示例"] not in (None, "", []) and row["英文名"] not in found:
                found[row["英文名"]] = row["示例"]
    # a field every kind shares (the 份号 of DocumentContext) takes another kind's sample
    for name, found in out.items():
        paths = {row["英文名"] for row in field_rows(name, {})}
        for other in sorted(out):
            for path, value in out[other].items():
                if path in paths:
                    found.setdefault(path, value)
    return out


def _context(kind: Any, path: Path) -> dict[str, Any]:
    """The template context of the data file ``path`` (its 中文名 are in the rows)."""
    from doctemplates.assemble import data_for_kind
    from doctemplates.clishared import fail
    from doctemplates.data import data_dir, load_data

    try:
        raw = load_data(path)
        with data_dir(path.parent):
            context: dict[str, Any] = kind.context(data_for_kind(kind, raw))
    except DocTemplatesError as exc:
        fail(exc, 2)
    return context


if __name__ == "__main__":  # python -m doctemplates.clifields SAMPLES: regenerate the examples
    from doctemplates.kinds import get_kind

    built = build_examples(Path(sys.argv[1]))
    packages = sorted({get_kind(name).template_package for name in built})
    for package in packages:
        own = {n: v for n, v in built.items() if get_kind(n).template_package == package}
        text = json.dumps(own, ensure_ascii=False, indent=1) + "\n"
        examples_path(package).write_text(text, encoding="utf-8")
