"""Compile a .docx template once, render it many times.  一次编译，多次渲染。

Stages, each small and testable alone:

1. **load** — bounded read of the zip (:mod:`.package`), refusal of macro files;
2. **compile** — per XML part with tags: repair split tags (:mod:`.tags`),
   compile with the sandboxed environment (:mod:`.environment`); unchanged
   parts are deflated once and kept;
3. **render** — per part: Jinja render, restore layout, fix tables and drawing
   ids where needed, check the XML is well formed;
4. **package** — pictures, relationships, deterministic zip (:mod:`.package`).

A loaded :class:`Template` is immutable and safe to render from many threads.
"""

from __future__ import annotations

import contextlib
import os
import re
import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import jinja2
from jinja2 import meta
from jinja2.exceptions import SecurityError, UndefinedError
from lxml import etree

from doctemplates.errors import (
    DocTemplatesError,
    TemplateError,
    TemplateSecurityError,
    TemplateSyntaxError,
    UndefinedVariableError,
)
from doctemplates.output import write_atomic
from doctemplates.render import limits, normalize, tags
from doctemplates.render import media as _media
from doctemplates.render.environment import WordEnvironment
from doctemplates.render.package import Member, PackageLimits, read_package, write_package

__all__ = ["Template", "current_part"]

_WORD_ENV = WordEnvironment()
_PLAIN_ENV = WordEnvironment(plain=True)
_local = threading.local()
_DOCPR_ID = re.compile(r'(<wp:docPr\b[^>]*?\bid=")(\d+)(")')
_MACRO_PARTS = ("word/vbaProject.bin", "word/vbaData.xml")
_PLAIN_PARTS = ("docProps/core.xml", "docProps/app.xml", "docProps/custom.xml")


@dataclass(frozen=True)
class _StaticPart:
    member: Member


@dataclass(frozen=True)
class _TemplatePart:
    name: str
    source: str  # prepared Jinja source, one paragraph per line
    compiled: jinja2.Template
    fix_tables: bool


def current_part() -> _media.RenderingPart:
    """The part being rendered on this thread (for pictures).  当前渲染的部件。"""
    part = getattr(_local, "part", None)
    if part is None:
        raise TemplateError("图片只能在模板渲染过程中插入")
    return part


class Template:
    """A compiled .docx template.  已编译的模板。

    >>> from doctemplates.render import Template
    >>> tpl = Template.load("doctemplates/templates/wenjian.docx")  # doctest: +SKIP
    >>> data = tpl.render({"title": "关于……的通知"})                   # doctest: +SKIP
    """

    def __init__(
        self, parts: list[_StaticPart | _TemplatePart], first_shape_id: int, name: str
    ) -> None:
        self._parts = parts
        self._first_shape_id = first_shape_id
        self.name = name

    # -- load & compile -------------------------------------------------------------------
    @classmethod
    def load(
        cls,
        source: str | os.PathLike[str] | bytes | IO[bytes],
        *,
        limits: PackageLimits | None = None,
    ) -> Template:
        """Read and compile a .docx template (path, bytes or binary stream)."""
        data, name = _read_source(source)
        with _naming(name):
            members = read_package(data, limits)
            _refuse_macros(members, name)
            members = normalize.normalize_package(members)  # office-suite artefacts
            parts = [_compile_member(part, content) for part, content in members.items()]
        return cls(parts, _max_shape_id(members) + 1, name)

    @property
    def part_names(self) -> list[str]:
        """Names of the parts that hold tags.  含标签的部件。"""
        return [p.name for p in self._parts if isinstance(p, _TemplatePart)]

    def variables(self) -> set[str]:
        """Top-level variables the template reads.  模板用到的顶层变量。"""
        found: set[str] = set()
        for part in self._parts:
            if isinstance(part, _TemplatePart):
                env = _env_for(part.name)
                found |= meta.find_undeclared_variables(env.parse(part.source))
        return found - set(_WORD_ENV.globals)

    # -- render ---------------------------------------------------------------------------
    @property
    def current_rendering_part(self) -> _media.RenderingPart:
        """docxtpl compatibility: ``InlineImage(template, …)`` calls this."""
        return current_part()

    def render(self, context: Mapping[str, Any] | Any) -> bytes:
        """Render ``context`` (a mapping or a pydantic model) to .docx bytes."""
        ctx = _as_mapping(context)
        collector = _media.MediaCollector(next_shape_id=self._first_shape_id)
        rendered: dict[str, bytes] = {}
        with _naming(self.name), limits.iteration_budget():
            for part in self._parts:
                if isinstance(part, _TemplatePart):
                    rendered[part.name] = _render_part(part, ctx, collector)
        return self._package(rendered, collector)

    def render_to(
        self,
        path: str | os.PathLike[str],
        context: Mapping[str, Any] | Any,
        *,
        overwrite: bool = False,
    ) -> Path:
        """Render and write atomically; refuses to replace a file unless ``overwrite``."""
        return write_atomic(path, self.render(context), overwrite=overwrite)

    def _package(self, rendered: dict[str, bytes], collector: _media.MediaCollector) -> bytes:
        static = {p.member.name: p.member for p in self._parts if isinstance(p, _StaticPart)}
        if collector.pictures:
            for name in (
                "[Content_Types].xml",
                *{_media._rels_name(p.part) for p in collector.pictures},
            ):
                if name in static:
                    rendered[name] = _inflate(static.pop(name))
            new_members = _media.add_to_package(rendered, collector)
        else:
            new_members = {}
        members = []
        for part in self._parts:
            name = part.member.name if isinstance(part, _StaticPart) else part.name
            members.append(
                static[name] if name in static else Member.deflate(name, rendered.pop(name))
            )
        members += [
            Member.deflate(name, content)
            for name, content in sorted({**rendered, **new_members}.items())
        ]
        return write_package(members)


# -- helpers -----------------------------------------------------------------------------
@contextlib.contextmanager
def _naming(name: str) -> Iterator[None]:
    """Name the template file in every TemplateError raised inside (not for bytes input)."""
    try:
        yield
    except TemplateError as exc:
        if exc.template is None and not name.startswith("<"):
            exc.template = name
        raise


def _read_source(source: str | os.PathLike[str] | bytes | IO[bytes]) -> tuple[bytes, str]:
    if isinstance(source, (bytes, bytearray)):
        return bytes(source), "<bytes>"
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        try:
            return path.read_bytes(), str(path)
        except FileNotFoundError as exc:
            raise TemplateError(f"找不到模板文件：{path}") from exc
        except OSError as exc:
            raise TemplateError(f"无法读取模板文件 {path}：{exc.strerror}") from exc
    return source.read(), getattr(source, "name", "<stream>")


def _refuse_macros(members: Mapping[str, bytes], name: str) -> None:
    if any(part in members for part in _MACRO_PARTS):
        raise TemplateSecurityError(f"模板 {name} 含有宏（vbaProject），出于安全原因拒绝加载")
    types = members.get("[Content_Types].xml", b"")
    if b"macroEnabled" in types:
        raise TemplateSecurityError(
            f"模板 {name} 是启用宏的文档（.docm/.dotm），出于安全原因拒绝加载"
        )
    if "word/document.xml" not in members:
        raise TemplateError(f"{name} 不是 Word 文档（缺少 word/document.xml）")
    for part, content in members.items():
        if part.endswith((".xml", ".rels")) and (b"<!DOCTYPE" in content or b"<!ENTITY" in content):
            raise TemplateSecurityError(
                f"模板 {name} 的部件 {part} 含有 DTD/实体声明（可用于 XXE 攻击），拒绝加载"
            )


def _compile_member(name: str, content: bytes) -> _StaticPart | _TemplatePart:
    if not name.endswith(".xml"):
        return _StaticPart(Member.deflate(name, content))
    text = content.decode("utf-8", errors="replace")
    if not tags.has_tags(text):
        return _StaticPart(Member.deflate(name, content))
    source = tags.prepare(text) if name.startswith("word/") else text
    return _TemplatePart(name, source, _compile(name, source), _needs_table_fix(source))


def _env_for(name: str) -> WordEnvironment:
    return _PLAIN_ENV if name in _PLAIN_PARTS else _WORD_ENV


def _compile(name: str, source: str) -> jinja2.Template:
    env = _env_for(name)
    try:
        code = env.compile(source, name=name, filename=name)
    except jinja2.TemplateSyntaxError as exc:
        raise _syntax_error(exc, name, source) from exc
    return env.template_class.from_code(env, code, env.make_globals(None), None)


def _needs_table_fix(source: str) -> bool:
    return "<w:tbl" in source and (
        "{%tc" in source or "{% tc" in source or 'gridSpan w:val="{{' in source
    )


def _render_part(
    part: _TemplatePart, ctx: Mapping[str, Any], collector: _media.MediaCollector
) -> bytes:
    _local.part = _media.RenderingPart(part.name, collector)
    try:
        xml = part.compiled.render(ctx)
    except DocTemplatesError as exc:
        raise _located(exc, part, TemplateError) from exc
    except SecurityError as exc:
        raise _located(exc, part, TemplateSecurityError) from exc
    except UndefinedError as exc:
        raise _located(exc, part, UndefinedVariableError) from exc
    except (
        jinja2.TemplateError,
        TypeError,
        ValueError,
        ArithmeticError,
        LookupError,
        AttributeError,
    ) as exc:
        raise _located(exc, part, TemplateError) from exc
    finally:
        _local.part = None
    xml = tags.restore(xml) if part.name.startswith("word/") else xml
    if part.fix_tables:
        xml = _fix_tables(xml)
    if "<wp:docPr" in xml:
        xml = _DOCPR_ID.sub(lambda m: f"{m.group(1)}{collector.shape_id()}{m.group(3)}", xml)
    data = xml.encode("utf-8")
    _check_xml(data, part.name)
    return data


def _fix_tables(xml: str) -> str:
    from docxtpl import DocxTemplate

    declaration, _, body = xml.partition("?>") if xml.startswith("<?xml") else ("", "", xml)
    tree = DocxTemplate.fix_tables(None, body)  # type: ignore[arg-type]  # uses no instance state
    text = etree.tostring(tree, encoding="unicode")
    return f"{declaration}?>{text}" if declaration else text


def _check_xml(data: bytes, name: str) -> None:
    try:
        etree.fromstring(data, parser=_SAFE_PARSER)
    except etree.XMLSyntaxError as exc:
        raise TemplateError(
            f"渲染结果不是合法的 XML（{exc.msg}）；请检查 {{%p %}}/{{%tr %}} 等标签是否独占一段或一行",
            part=name,
        ) from exc


_SAFE_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False
)


def _inflate(member: Member) -> bytes:
    import zlib

    return zlib.decompress(member.data, -15)


def _as_mapping(context: Mapping[str, Any] | Any) -> Mapping[str, Any]:
    if isinstance(context, Mapping):
        return context
    if hasattr(context, "model_dump"):
        return context.model_dump()
    raise TypeError(f"context must be a mapping or a pydantic model, not {type(context).__name__}")


def _max_shape_id(members: Mapping[str, bytes]) -> int:
    ids = (
        [
            int(m.group(2))
            for content in members.values()
            for m in _DOCPR_ID.finditer(content.decode("utf-8", "replace"))
        ]
        if any(b"<wp:docPr" in c for c in members.values())
        else []
    )
    return max(ids, default=0)


# -- error location ----------------------------------------------------------------------
def _template_lineno(exc: BaseException, name: str) -> int | None:
    lineno = None
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == name:
            lineno = tb.tb_lineno
        tb = tb.tb_next
    return lineno


def _pick_tag(paragraph_source: str, hint: str | None) -> str | None:
    found = tags.TAG_RE.findall(paragraph_source)
    if hint:
        for tag in found:
            if hint in tag:
                return tag
    return found[0] if found else None


def _located(exc: BaseException, part: _TemplatePart, cls: type[TemplateError]) -> TemplateError:
    lineno = _template_lineno(exc, part.name)
    paragraph = tags.paragraph_text(part.source, lineno)
    hint = getattr(exc, "message", None) or str(exc)
    name_hint = re.search(r"(?:变量|字段) (\S+?)(?:（| 未定义|$)", hint)
    message = _runtime_message(exc, cls)
    return cls(
        message,
        part=part.name,
        paragraph=paragraph,
        tag=_pick_tag(paragraph, name_hint.group(1) if name_hint else None),
    )


def _runtime_message(exc: BaseException, cls: type[TemplateError]) -> str:
    if cls is TemplateSecurityError:
        return f"模板试图执行被沙箱禁止的操作（{exc}）"
    if cls is UndefinedVariableError:
        return f"{exc}；请检查变量名是否拼错，或数据中是否缺少该字段"
    if isinstance(exc, DocTemplatesError):
        return str(exc)
    return f"渲染出错：{exc}（{type(exc).__name__}）"


_SYNTAX_HINTS = (
    (re.compile(r"Unexpected end of template.*?'(end\w+)'"), "标签块没有闭合：缺少 {{% {0} %}}"),
    (
        re.compile(r"Encountered unknown tag '(end\w+)'"),
        "多余的 {{% {0} %}}：前面没有与之配对的开始标签",
    ),
    (re.compile(r"Encountered unknown tag '(\w+)'"), "未知标签 {0}"),
    (re.compile(r"No filter named '(\w+)'"), "未知过滤器 {0}"),
    (re.compile(r"unexpected char '(.)'"), "标签中有非法字符「{0}」（可能是中文引号或全角符号）"),
    (re.compile(r"unexpected '(.+?)'"), "标签中出现了意外的「{0}」"),
)


_BLOCKS = {"for", "if", "macro", "call", "filter", "with", "block", "set"}


def _unclosed_block_line(source: str) -> int | None:
    """Line of the innermost block tag left open (``{%p for %}`` without endfor)."""
    stack: list[tuple[str, int]] = []
    tokens = [t for t in _WORD_ENV.lex(source) if t[1] != "whitespace"]
    for index, (lineno, kind, _value) in enumerate(tokens):
        if kind != "block_begin" or index + 1 >= len(tokens):
            continue
        word = tokens[index + 1][2]
        if word in _BLOCKS and not (word == "set" and _is_inline_set(tokens, index)):
            stack.append((word, lineno))
        elif word.startswith("end") and stack and stack[-1][0] == word[3:]:
            stack.pop()
    return stack[-1][1] if stack else None


def _is_inline_set(tokens: list[tuple[int, str, str]], index: int) -> bool:
    for _, kind, value in tokens[index + 2 :]:
        if kind == "block_end":
            return False
        if kind == "operator" and value == "=":
            return True
    return False


def _syntax_error(exc: jinja2.TemplateSyntaxError, name: str, source: str) -> TemplateSyntaxError:
    lineno = exc.lineno
    if (exc.message or "").startswith("Unexpected end of template"):
        lineno = _unclosed_block_line(source) or lineno  # point at the opener, not the end
    paragraph = tags.paragraph_text(source, lineno)
    lines = source.splitlines()
    line_source = lines[lineno - 1] if lineno and lineno <= len(lines) else ""
    message, hint = f"模板语法错误（{exc.message}）", None
    for pattern, text in _SYNTAX_HINTS:
        match = pattern.search(exc.message or "")
        if match:
            message, hint = text.format(*match.groups()) + f"（{exc.message}）", match.group(1)
            break
    if hint and lineno != exc.lineno:
        hint = hint.removeprefix("end")  # the unclosed opener: "for", "if"
    tag = _pick_tag(line_source, hint)
    if tag and tag not in paragraph:
        paragraph = tag  # a {%p %} paragraph: it is only its tag
    return TemplateSyntaxError(message, part=name, paragraph=paragraph, tag=tag)
