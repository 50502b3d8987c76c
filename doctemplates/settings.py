"""An agency's settings in one file: ``doctemplates.toml``.  本单位设置文件。

Offices type the same 发文机关, 签发人, 印发机关 and fonts folder into every
data file; the settings file holds them once.  Files are read in this order,
a later one overriding an earlier one key by key:

1. ``doctemplates.toml`` in the user's config folder (``platformdirs``:
   ``~/.config/doctemplates/`` on Linux, ``$XDG_CONFIG_HOME`` honoured);
2. ``doctemplates.toml`` in the working folder — or, instead, the file named
   by ``--config FILE`` (or ``$DOCTEMPLATES_CONFIG``).

Sections (English names, or Chinese ones in quotes: ``["默认值"]``)::

    [defaults]                     # 默认值: under every document's data
    "发文机关" = "示例市科学技术局"   # keys: a field's Chinese title or English name
    "版记"."印发机关" = "示例市科学技术局办公室"

    [kinds.proposal-reply]         # 文种.<kind>: only for that kind
    "签发人" = "赵恒"

    [pdf]
    "字体目录" = ["~/字体"]          # font_dirs

    [check]                        # 检查
    "日期写法" = "chinese"           # date_style: arabic、chinese 或 any

The data file always wins: defaults fill only what it leaves out.  A key a
kind does not have is skipped for that kind (one file serves every kind).
TOML bare keys are ASCII only: Chinese keys are written in double quotes.

>>> s = Settings.parse('[defaults]\\n"发文机关" = "示例市科学技术局"\\n', "a.toml")
>>> from doctemplates.kinds import get_kind
>>> s.defaults_for(get_kind("document"))
{'organs': '示例市科学技术局'}
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from doctemplates.assemble import merge_data
from doctemplates.environ import CONFIG_ENV
from doctemplates.errors import DataError
from doctemplates.inputs import read_regular

__all__ = [
    "CONFIG_ENV",
    "FILE_NAME",
    "Settings",
    "SettingsError",
    "load_settings",
    "settings_files",
]

_log = logging.getLogger(__name__)

FILE_NAME = "doctemplates.toml"
_MAX_BYTES = 1024 * 1024

#: Section names: Chinese or English → the one used here.
_SECTIONS = {
    "默认值": "defaults",
    "defaults": "defaults",
    "文种": "kinds",
    "kinds": "kinds",
    "pdf": "pdf",
    "PDF": "pdf",
    "检查": "check",
    "check": "check",
}
_PDF_KEYS = {"字体目录": "font_dirs", "font_dirs": "font_dirs"}
_CHECK_KEYS = {"日期写法": "date_style", "date_style": "date_style"}
DATE_STYLES = ("arabic", "chinese", "any")


class SettingsError(DataError):
    """The settings file cannot be used.  设置文件有误（退出码 2）。"""


@dataclass(frozen=True)
class Setting:
    """One effective setting and the file it came from.  一项设置及其来源。"""

    key: str  # 如 默认值.发文机关、PDF.字体目录
    value: Any
    source: str  # 文件路径


@dataclass(frozen=True)
class Settings:
    """The effective settings (empty when there is no file).  生效的设置。"""

    defaults: dict[str, Any] = field(default_factory=dict)
    kinds: dict[str, dict[str, Any]] = field(default_factory=dict)
    font_dirs: tuple[Path, ...] = ()
    date_style: str | None = None
    sources: dict[str, str] = field(default_factory=dict)  # key → file
    files: tuple[Path, ...] = ()  # files read, in order

    @classmethod
    def parse(cls, text: str, name: str) -> Settings:
        """Settings from the text of one file (``name`` for messages)."""
        return cls()._with(_parse_toml(text, name), name)

    def _with(self, raw: dict[str, Any], name: str) -> Settings:
        defaults = dict(self.defaults)
        kinds = {k: dict(v) for k, v in self.kinds.items()}
        font_dirs, date_style = self.font_dirs, self.date_style
        sources = dict(self.sources)
        for section, body in raw.items():
            where = _SECTIONS.get(section)
            if where is None:
                raise SettingsError(
                    f"{name}：未知的设置段「{section}」（可用：[默认值]、[文种.名称]、[PDF]、[检查]）"
                )
            if not isinstance(body, dict):
                raise SettingsError(f"{name}：「{section}」应为一段设置（写作 [{section}]）")
            if where == "defaults":
                defaults = merge_data(defaults, body)
                sources.update({f"默认值.{k}": name for k in _flat(body)})
            elif where == "kinds":
                for kind, values in body.items():
                    if not isinstance(values, dict):
                        raise SettingsError(f"{name}：[文种.{kind}] 应为一段设置")
                    kinds[kind] = merge_data(kinds.get(kind, {}), values)
                    sources.update({f"文种.{kind}.{k}": name for k in _flat(values)})
            elif where == "pdf":
                font_dirs = _font_dirs(body, name, Path(name).parent) or font_dirs
                sources["PDF.字体目录"] = name
            else:
                date_style = _date_style(body, name) or date_style
                sources["检查.日期写法"] = name
        return Settings(defaults, kinds, font_dirs, date_style, sources, (*self.files, Path(name)))

    def defaults_for(self, kind: Any) -> dict[str, Any]:
        """The defaults for ``kind``, keys mapped to its model's field names.

        ``[默认值]`` keys the kind's model does not have are skipped; a key of
        ``[文种.<kind>]`` it does not have is an error (it can only be a typo).
        """
        mapped = _map_keys(self.defaults, kind.model, strict=False)
        for name, values in self.kinds.items():
            if _kind_matches(kind, name):
                source = next(
                    (v for k, v in self.sources.items() if k.startswith(f"文种.{name}.")), ""
                )
                where = f"{source}：[文种.{name}]" if source else f"[文种.{name}]"
                mapped = merge_data(mapped, _map_keys(values, kind.model, strict=True, where=where))
        return mapped

    def unused(self, kinds: Iterable[Any]) -> list[str]:
        """``[默认值]`` keys no kind has (most likely a typo): shown by ``doctemplates config``."""
        used: set[str] = set()
        for kind in kinds:
            used.update(f"默认值.{k}" for k in _flat(_known(self.defaults, kind.model)))
        return [f"默认值.{k}" for k in _flat(self.defaults) if f"默认值.{k}" not in used]

    def rows(self) -> list[Setting]:
        """Every effective setting with its source (for ``doctemplates config``)."""
        rows = [
            Setting(f"默认值.{k}", v, self.sources.get(f"默认值.{k}", ""))
            for k, v in _flat(self.defaults).items()
        ]
        for kind, values in self.kinds.items():
            rows.extend(
                Setting(f"文种.{kind}.{k}", v, self.sources.get(f"文种.{kind}.{k}", ""))
                for k, v in _flat(values).items()
            )
        if self.font_dirs:
            rows.append(
                Setting(
                    "PDF.字体目录", [str(p) for p in self.font_dirs], self.sources["PDF.字体目录"]
                )
            )
        if self.date_style:
            rows.append(Setting("检查.日期写法", self.date_style, self.sources["检查.日期写法"]))
        return rows


def settings_files(config: str | os.PathLike[str] | None = None) -> list[Path]:
    """The files that would be read, lowest priority first (existing or not)."""
    from platformdirs import user_config_path

    chosen = config or os.environ.get(CONFIG_ENV) or None
    return [
        user_config_path("doctemplates", appauthor=False) / FILE_NAME,
        Path(chosen) if chosen else Path.cwd() / FILE_NAME,
    ]


def load_settings(config: str | os.PathLike[str] | None = None) -> Settings:
    """The effective settings: the user's file, then the working folder's (or ``config``).

    A file named by ``config`` must exist; the others are optional.
    """
    settings = Settings()
    explicit = config or os.environ.get(CONFIG_ENV) or None
    for index, path in enumerate(settings_files(config)):
        required = explicit is not None and index == 1
        if not required and not path.is_file():
            _log.debug("settings file %s not found", path)
            continue
        try:
            raw = read_regular(path, _MAX_BYTES, "设置文件")
        except DataError as exc:
            raise SettingsError(exc.message) from exc
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise SettingsError(f"设置文件 {path} 不是 UTF-8 编码") from exc
        _log.debug("settings file %s read", path)
        settings = settings._with(_parse_toml(text, str(path)), str(path))
    return settings


# -- TOML ----------------------------------------------------------------------------------
_TOML_REASONS = (
    (r"^Invalid statement", "这一行不是「键 = 值」"),
    (r"^Expected '=' after a key", "键后面应有「=」"),
    (r"^Invalid value", '值无效：文字要加双引号，列表写作 ["a", "b"]'),
    (r"^Unterminated string", "引号没有闭合"),
    (r"^Cannot overwrite a value|^Cannot declare .* twice", "同一个键或设置段写了两次"),
    (r"^Expected ']' at the end of a table", "设置段名缺少「]」"),
    (r"^Expected newline or end of document", "一行只能写一项设置"),
    (r"^Illegal character", "含有不允许的字符"),
    (r"^Invalid initial character for a key", "键名的第一个字符无效"),
)


def _parse_toml(text: str, name: str) -> dict[str, Any]:
    import tomllib  # only when a settings file exists (its regexes: a few ms of every render)

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(_toml_message(str(exc), text, name)) from exc


def _toml_message(message: str, text: str, name: str) -> str:
    """tomllib's English error as a Chinese sentence with its line and column."""
    where = re.search(r"\(at line (\d+), column (\d+)\)", message)
    place = f"第 {where[1]} 行第 {where[2]} 列" if where else "文件末尾"
    reason = next(
        (zh for pattern, zh in _TOML_REASONS if re.search(pattern, message)), "格式无法识别"
    )
    lines = text.splitlines()
    line = lines[int(where[1]) - 1] if where and int(where[1]) <= len(lines) else ""
    column = int(where[2]) - 1 if where else 0
    about_key = re.search(
        r"Invalid statement|character for a key|after a key|at the end of a table", message
    )
    if about_key and (
        re.match(r"[^\x00-\x7f]", line[column : column + 1])
        or re.match(r"\s*\[*\s*[^\x00-\x7f\s\"'\[]", line)
    ):
        reason = '中文键名和设置段名要加双引号，如 "发文机关" = "示例市科学技术局"、["默认值"]'
    return f"设置文件 {name} {place}：TOML 格式错误：{reason}"


# -- keys ----------------------------------------------------------------------------------
def _flat(values: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in values.items():
        path = f"{prefix}.{key}" if prefix else str(key)
        if isinstance(value, dict):
            out.update(_flat(value, path))
        else:
            out[path] = value
    return out


def _kind_matches(kind: Any, name: str) -> bool:
    return name in (kind.name, kind.title, *kind.aliases)


def _lookup(model: type[BaseModel]) -> dict[str, str]:
    lookup: dict[str, str] = {}
    for key, info in model.model_fields.items():
        for alias in (key, info.title, info.alias):
            if alias:
                lookup.setdefault(alias.lower(), key)
    return lookup


def _map_keys(
    values: Mapping[str, Any], model: type[BaseModel], *, strict: bool, where: str = ""
) -> dict[str, Any]:
    """Keys (Chinese titles or English names) → the model's field names, tables nested."""
    lookup = _lookup(model)
    out: dict[str, Any] = {}
    for key, value in values.items():
        name = lookup.get(str(key).lower())
        if name is None:
            if strict:
                known = "、".join(sorted(model.model_fields))
                raise SettingsError(
                    f"设置文件 {where} 中的「{key}」不是该文种的字段（可用：{known}）"
                )
            _log.debug("setting %s skipped: not a field of %s", key, model.__name__)
            continue
        inner = _inner_model(model.model_fields[name].annotation)
        if isinstance(value, dict) and inner is not None:
            out[name] = _map_keys(value, inner, strict=strict, where=where)
        else:
            out[name] = value
    return out


def _known(values: Mapping[str, Any], model: type[BaseModel]) -> dict[str, Any]:
    """``values`` (keys as written) limited to the keys ``model`` has."""
    lookup = _lookup(model)
    out: dict[str, Any] = {}
    for key, value in values.items():
        name = lookup.get(str(key).lower())
        if name is None:
            continue
        inner = _inner_model(model.model_fields[name].annotation)
        out[key] = _known(value, inner) if isinstance(value, dict) and inner else value
    return out


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    from doctemplates.model import inner_model  # here: the CLI starts without the models

    return inner_model(annotation)


def _font_dirs(body: Mapping[str, Any], name: str, base: Path) -> tuple[Path, ...]:
    dirs: list[Path] = []
    for key, value in body.items():
        if _PDF_KEYS.get(key) != "font_dirs":
            raise SettingsError(f"{name}：[PDF] 中未知的设置「{key}」（可用：字体目录）")
        items: Iterable[Any] = [value] if isinstance(value, str) else value
        if not isinstance(items, list | tuple) and not isinstance(value, str):
            raise SettingsError(f"{name}：[PDF] 字体目录应为文字或文字列表")
        for item in items:
            if not isinstance(item, str) or not item.strip():
                raise SettingsError(f"{name}：[PDF] 字体目录应为文字或文字列表")
            path = Path(item).expanduser()
            dirs.append(path if path.is_absolute() else base / path)
    return tuple(dirs)


def _date_style(body: Mapping[str, Any], name: str) -> str | None:
    style = None
    for key, value in body.items():
        if _CHECK_KEYS.get(key) != "date_style":
            raise SettingsError(f"{name}：[检查] 中未知的设置「{key}」（可用：日期写法）")
        if value not in DATE_STYLES:
            raise SettingsError(
                f"{name}：[检查] 日期写法应为 arabic、chinese 或 any，实为「{value}」"
            )
        style = str(value)
    return style
