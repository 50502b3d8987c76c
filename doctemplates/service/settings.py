"""Settings of the document service.  文档服务的配置。

Every bound has a default a public service can live with; ``doctemplates serve``
sets them from its options and hands them to each server process through one
environment variable (uvicorn starts ``--workers`` processes by import string).

>>> s = ServiceSettings(max_records=50)
>>> ServiceSettings.from_env({ENV: s.to_json()}).max_records
50
"""

from __future__ import annotations

import dataclasses
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from doctemplates.errors import DataError

__all__ = ["ENV", "ServiceSettings", "read_tokens"]

ENV = "DOCTEMPLATES_SERVICE"
_MiB = 1024 * 1024


@dataclass(frozen=True)
class ServiceSettings:
    """Bounds and switches of one service.  服务配置（均有安全的默认值）。"""

    max_body_bytes: int = 4 * _MiB  # JSON 请求体大小
    max_upload_bytes: int = 32 * _MiB  # 上传（multipart）请求体大小
    max_template_bytes: int = 16 * _MiB  # 上传的模板大小
    max_records: int = 10_000  # 一次批量生成的记录数
    pdf_workers: int = 2  # LibreOffice 转换进程数（0 表示不提供 PDF）
    pdf_queue: int = 8  # 正在转换之外最多排队的 PDF 请求数，满则 429
    pdf_timeout: float = 60.0  # 一次转换的时限（秒），超过则 503
    pdf_wait: float = 30.0  # 排队等待的时限（秒），超过则 503
    batch_workers: int = 1  # 批量生成的渲染进程数
    render_threads: int = 4  # 每个服务进程同时校验、渲染的线程数（其余请求排队）
    tokens_file: str | None = None  # 令牌文件（每行一个）；不设则不检查
    cors_origins: tuple[str, ...] = ()  # 允许跨域访问的来源；默认不允许
    template_cache: int = 16  # 已编译的上传模板缓存个数
    tokens: tuple[str, ...] = field(default=(), repr=False)  # read from tokens_file

    def to_json(self) -> str:
        data = dataclasses.asdict(self)
        data.pop("tokens")  # never in the environment: each process reads the file
        return json.dumps(data)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> ServiceSettings:
        """The settings ``doctemplates serve`` put in :data:`ENV` (defaults without it)."""
        raw = (environ if environ is not None else os.environ).get(ENV)
        if not raw:
            return cls()
        data = json.loads(raw)
        data["cors_origins"] = tuple(data.get("cors_origins") or ())
        return cls(**data)

    def with_tokens(self) -> ServiceSettings:
        """These settings with the tokens read from :attr:`tokens_file`."""
        if not self.tokens_file:
            return self
        return dataclasses.replace(self, tokens=read_tokens(self.tokens_file))


def read_tokens(path: str | os.PathLike[str]) -> tuple[str, ...]:
    """Bearer tokens of a token file: one a line, ``#`` comments and blank lines skipped.

    A token file that is empty (no token) is refused: it would lock every client out
    while the operator believes the service is protected.
    """
    source = Path(path)
    try:
        text = source.read_text(encoding="utf-8")
    except OSError as exc:
        raise DataError(f"无法读取令牌文件 {source}：{exc.strerror}", field="--token-file") from exc
    tokens = tuple(
        line.strip()
        for line in text.splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    )
    if not tokens:
        raise DataError(f"令牌文件 {source} 中没有令牌（每行一个）", field="--token-file")
    short = [t for t in tokens if len(t) < 16]
    if short:
        raise DataError(
            f"令牌文件 {source} 中有 {len(short)} 个令牌短于 16 个字符，太容易猜中",
            field="--token-file",
        )
    return tokens
