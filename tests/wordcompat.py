"""One reading of openxml-audit's verdict, shared by the Word-compatibility and corpus tests.

A document passes with 0 schema/semantic/package errors, no Word app-compat finding of
any severity (the cases where Word repairs a file the Open XML SDK accepts), and the
verdict ``opens-clean``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

AUDIT_MISSING = "openxml-audit 未安装（pip install -e '.[dev]'）"


def word_findings(validator: Any, data: bytes, where: Path) -> list[str]:
    """Every error, every Word repair finding and a verdict other than opens-clean."""
    import openxml_audit as audit

    where.write_bytes(data)
    result = validator.validate(where)
    found = [
        f"{e.severity.value} {e.part_uri} {e.path}: {e.description}"
        for e in result.errors
        if e.severity is audit.ValidationSeverity.ERROR
        or e.source_class is audit.SourceClass.WORD_APP_COMPAT
    ]
    verdict = audit.predict(result)
    if verdict.prediction is not audit.AppPrediction.OPENS_CLEAN:
        found.append(f"verdict {verdict.prediction.value}: {verdict.headline}")
    return found
