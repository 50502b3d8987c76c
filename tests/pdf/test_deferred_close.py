"""The driver answers before it closes the document (issue 20 §2).  先应答、后关闭文档。

LibreOffice takes 5–7 ms to close a converted document; the driver answers as soon as
the PDF is written and closes the document while the parent checks the PDF, then says
``{"closed": true}``.  The worker waits for that before the next document, and a close
that never ends is the closed document's fault, not the next one's: that worker is
replaced and the next document converted on a new one.
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from doctemplates.pdf import ConverterPool, PdfError, _worker
from tests.pdf.conftest import needs_soffice, page_texts
from tests.pdf.docs import cjk_docx

pytestmark = [needs_soffice, pytest.mark.pdf]


def test_the_worker_waits_for_the_close_before_the_next_document() -> None:
    with ConverterPool(size=1, timeout=60) as pool:
        first = pool.convert(cjk_docx("甲"))
        worker = pool._all[0].worker
        assert worker is not None and worker._closing  # answered before the close
        second = pool.convert(cjk_docx("乙"))
        assert pool._all[0].worker is worker and worker._closing
        assert "甲" in page_texts(first)[0] and "乙" in page_texts(second)[0]
        # nothing was left unread: the closes were answered in order
        assert worker._lines.empty() or worker._lines.qsize() <= 1


# A driver whose first document never closes: it answers "ok" and then nothing more.
_STUCK = """
import json, shutil, sys
print(json.dumps({"ready": True}), flush=True)
first = True
for line in sys.stdin:
    job = json.loads(line)
    if job.get("quit"):
        break
    shutil.copyfile(PDF, job["out"])
    print(json.dumps({"ok": True}), flush=True)
    if not first:
        print(json.dumps({"closed": True}), flush=True)
    first = False
"""


def test_a_close_that_hangs_costs_the_next_document_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with ConverterPool(size=1, timeout=60) as real:
        pdf = real.convert(cjk_docx("丙"))
    (tmp_path / "out.pdf").write_bytes(pdf)
    driver = tmp_path / "stuck_driver.py"
    driver.write_text(f"PDF = {json.dumps(str(tmp_path / 'out.pdf'))}\n" + textwrap.dedent(_STUCK))
    monkeypatch.setattr(_worker, "DRIVER", driver)
    with ConverterPool(size=1, timeout=3) as pool:
        assert pool.convert(cjk_docx("丁")) == pdf
        hung = pool._all[0].worker
        # the first worker never says "closed": it is replaced, the document converted
        assert pool.convert(cjk_docx("戊")) == pdf
        assert pool._all[0].worker is not hung and hung is not None and not hung.alive()


def test_a_wrong_answer_in_place_of_closed_is_a_crash(monkeypatch: pytest.MonkeyPatch) -> None:
    with ConverterPool(size=1, timeout=60) as pool:
        pool.convert(cjk_docx("己"))
        worker = pool._all[0].worker
        assert worker is not None
        worker._lines.get(timeout=30)  # take the real "closed" away
        worker._lines.put({"ok": True})  # and answer something else in its place
        with pytest.raises(PdfError):
            worker.convert({"in": "/nonexistent", "out": "/nonexistent"}, 5)
