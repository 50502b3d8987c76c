"""Open and save .docx files with LibreOffice, as staff who use it would (one soffice call).

Shared by the Word-compatibility, round-trip and lint-look tests: each checks what a
template becomes after an office suite saved it.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Mapping
from pathlib import Path


def saved_by_libreoffice(templates: Mapping[str, Path], work: Path) -> dict[str, bytes]:
    """Each template (name → file) opened and saved as .docx by LibreOffice, by name."""
    for name, path in templates.items():
        shutil.copy(path, work / f"{name}.docx")
    out = work / "out"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(out),
            *sorted(str(p) for p in work.glob("*.docx")),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return {name: (out / f"{name}.docx").read_bytes() for name in templates}
