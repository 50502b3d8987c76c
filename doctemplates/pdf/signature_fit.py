"""§7.3.5.5: 署名 and 成文日期 on the page of the last body text.  署名页调整（两遍排版）。

**The problem.**  The last body paragraph, the 附件说明, the blank lines and the 署名 keep
with next (:mod:`doctemplates.layout.body`, ``layout.closing``), so that a page never
holds only a signature.  When that *closing chain* does not fit in the space left,
LibreOffice (and Word) move all of it to a new page: the page before ends early and,
when the body is short, page 1 is left without any body text, which §7.3.2 forbids.

**What the standard says.**  §7.3.5.5: when the space left cannot hold the signature and
the date, *adjust line and character spacing* so that they stay on the page of the last
body text.  :class:`SignatureFit` is the page rule that does it (``mode="tighten"``):

1. measure the first PDF: the closing chain starts at the top of page *n* while page
   *n − 1* has at least a line free (it was pushed), or page 1 lost its body text;
2. tighten the line pitch of the paragraphs of page *n − 1* (those wholly on it, after
   the 版头) and of what moves back (the chain, the 附注 under the date), all to one pitch,
   just enough, never below :data:`~doctemplates.gbt9704.geometry.SIGNATURE_FIT_MIN_PITCH`
   (0.85) × the grid pitch; every other page keeps the 22-line grid.  Empty paragraphs
   that end the flow become a hairline, so that a full page cannot push one onto a page
   of its own.  The floating 版记 comes along when there is room; when page *n − 1* is
   even it must (alone on the odd page after, the 版记 rule would put a blank page before
   it), when odd it goes on to the even page after anyway;
3. convert again and verify (the chain and the 附注 on page *n − 1*, the 版记 where it had
   to be, page 1 with body text); if not, try once more at the limit; if that fails too,
   restore the grid and keep the chain with the body (``mode="keep"``, the old way) — but
   never leave page 1 without body text: the chain is split so that it starts at the last
   body paragraph (not at its heading), and when even that leaves page 1 empty, after it
   (the 附件说明 and 署名 go on together).

**Why these limits.**  0.85 × the 28.95 pt grid pitch is 24.6 pt for 16 pt text: a leading
of 0.54 em — two thirds of the grid's 0.81 em and still more open than the single spacing
of these faces (about 0.3 em) — and at most three extra lines on the page (22 / 0.85 =
25.9).  Measured on the generated corpus, 0.9 brought back the chain in 2 of the 12
documents whose page 1 had lost its body, 0.85 in 5; lower would make the page visibly
denser than the pages around it.  Character spacing is *not* changed: within −0.5 pt a
line of full-width text gains no character (28 × 15.5 pt + 15.5 pt = 449.5 pt > the
442.2 pt 版心), and 29 字 on a line (≤ −0.75 pt) would break the 28-字 grid that
``check`` enforces — a denser line that buys nothing.

**State lives in the document.**  A page rule sees only ``(docx, pdf)``; what it did is a
bookmark (``doctemplates-signature-fit-…``) in the revised .docx, so that the next pass
can verify and, if needed, fall back — the rule itself holds no state and is shared by
threads.  Styles are found by *name* (署名, 成文日期, 附件说明 …), never by id: an
office-suite save renames ids (issue 12, defect 5).  :func:`signature_fit_report` reads
back what was done, for :class:`~doctemplates.pdf.convert.PdfResult`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from doctemplates.gbt9704 import geometry as g
from doctemplates.pdf._pdfium import PDFIUM_LOCK
from doctemplates.pdf.pdfview import pdf_view
from doctemplates.pdf.signature_fit_docx import (
    _HAIRLINE,
    _SAFETY,
    _chain,
    _Frame,
)
from doctemplates.pdf.signature_fit_pdf import _Pdf
from doctemplates.pdf.signature_fit_plan import (
    _diagnose,
    _Diagnosis,
)
from doctemplates.pdf.signature_fit_revise import (
    _Document,
    _mark,
    _restore,
    _retighten,
    _revised,
    _set_line,
    _split,
    _state,
)

__all__ = [
    "SIGNATURE_FIT_MODES",
    "SignatureFit",
    "SignatureFitMode",
    "SignatureFitReport",
    "signature_fit_report",
]

SignatureFitMode = Literal["keep", "tighten"]
#: ``keep``: the chain moves with the last body text (page 1 keeps body text);
#: ``tighten``: line pitch tightened within limits so the chain stays (default).
SIGNATURE_FIT_MODES: tuple[SignatureFitMode, ...] = ("keep", "tighten")

# --------------------------------------------------------------------------- the rule

#: The rule's reading of a .docx and its PDF, kept on the PDF's view for the report.
_LOOKED = "signature-fit look"


@dataclass(frozen=True)
class SignatureFit:
    """The §7.3.5.5 page rule (a :class:`~doctemplates.pdf.convert.PageRule`).  署名页调整。

    ``mode``: ``"tighten"`` (default) tightens line pitch within limits and falls back to
    ``"keep"`` when that cannot work; ``"keep"`` keeps the chain with the body as Word
    does, splitting it only so that page 1 keeps body text (§7.3.2).  ``min_pitch`` is
    the lowest line pitch allowed, as a share of the grid pitch.
    """

    mode: SignatureFitMode = "tighten"
    min_pitch: float = g.SIGNATURE_FIT_MIN_PITCH

    def __call__(self, docx: bytes, pdf: bytes) -> bytes | None:
        if _Document.without_chain(docx):
            _remember(docx, pdf, (True, None, None, None))
            return None
        doc = _Document.read(docx)
        state = None if doc is None else _state(doc.root)
        if doc is None:
            _remember(docx, pdf, (False, None, None, None))
        if doc is None or state in ("kept", "split2"):
            return None
        seen = _look(doc, pdf)
        _remember(docx, pdf, (True, state, seen, doc.styles.pitch))
        if seen is None:
            return None
        if state is None:
            # a first look only on the first pass: once another rule (the 版记's) has revised
            # the document, the chain was found where it belongs then
            return None if _revised(doc.root) else self._first(doc, seen)
        return self._verify(doc, seen, state)

    def _first(self, doc: _Document, seen: _Diagnosis) -> bytes | None:
        """First look: tighten (within limits) or keep, so that page 1 keeps body text."""
        if not seen.pushed or not seen.together:
            return None
        pitch = doc.styles.pitch or 0
        if self.mode == "tighten" and seen.needed and seen.needed >= self.min_pitch:
            aim = min(seen.needed, seen.aim or seen.needed)
            twips = max(math.floor(pitch * aim * _SAFETY), self._limit(pitch))
            if twips >= pitch:
                return None  # it should fit as it is: nothing the pitch can explain
            for k in seen.region:
                _set_line(doc.blocks[k].node, twips)
            for k in seen.trailing:
                _set_line(doc.blocks[k].node, _HAIRLINE)
            flags = ("-empty" if seen.first_page_empty else "") + (
                "-banji" if seen.banji_must_come else ""
            )
            _mark(doc.root, f"tighten-{twips}{flags}")
            return doc.write()
        return _keep(doc, seen.first_page_empty)

    def _limit(self, pitch: int) -> int:
        return math.ceil(pitch * self.min_pitch)

    def _verify(self, doc: _Document, seen: _Diagnosis, state: str) -> bytes | None:
        """Later looks: did the tightening (or the split) work?  Otherwise try the limit once,
        then fall back."""
        if state.startswith("tighten-"):
            banji = seen.banji_here or "-banji" not in state
            if not seen.pushed and not seen.first_page_empty and seen.together and banji:
                return None
            twips, limit = int(state.split("-")[1]), self._limit(doc.styles.pitch or 0)
            if twips > limit and "-again" not in state:  # the estimate was short: the limit
                _retighten(doc, twips, limit)
                _mark(doc.root, state.replace(f"-{twips}", f"-{limit}", 1) + "-again")
                return doc.write()
            return _keep(doc, "-empty" in state, tightened=state)
        if state == "split1" and seen.first_page_empty and _split(doc, 2):
            _mark(doc.root, "split2")
            return doc.write()
        return None


def _look(doc: _Document, pdf: bytes) -> _Diagnosis | None:
    found = _chain(doc.blocks)
    pitch = doc.styles.pitch
    frame = None if found is None or not pitch else _Frame.read(doc.blocks, found[1], pitch)
    if frame is None:
        return None
    with PDFIUM_LOCK, _Pdf(pdf, frame) as pages:  # PDFium is not thread-safe
        return _diagnose(doc.blocks, pages)


def _remember(docx: bytes, pdf: bytes, looked: tuple[object, ...]) -> None:
    """Keep the rule's reading on the PDF's view, for the report on the same .docx and PDF."""
    with PDFIUM_LOCK:
        pdf_view(pdf).memo[(_LOOKED, docx)] = looked


def _keep(doc: _Document, empty: bool, tightened: str | None = None) -> bytes | None:
    """The chain stays with the body; page 1 keeps body text (split the chain if needed)."""
    if tightened is not None:
        _restore(doc, int(tightened.split("-")[1]))
    if empty and _split(doc, 1):
        _mark(doc.root, "split1")
    elif empty and _split(doc, 2):
        _mark(doc.root, "split2")
    elif tightened is not None:
        _mark(doc.root, "kept")
    else:
        return None
    return doc.write()


# ----------------------------------------------------------------------------- report


@dataclass(frozen=True)
class SignatureFitReport:
    """What the §7.3.5.5 rule did to a document.  署名页调整结果。

    ``action``: ``tightened`` (line pitch ``pitch`` × the grid, the chain on page
    ``page``), ``kept`` (the chain went to page ``page`` with the last body text),
    ``split`` (page 1 keeps body text; the chain starts later, on page ``page``), or
    ``none`` (nothing was needed).
    """

    mode: SignatureFitMode
    action: Literal["none", "tightened", "kept", "split"]
    page: int | None = None
    pitch: float | None = None  # share of the grid pitch
    points: float | None = None  # the tightened line pitch in pt

    def describe(self) -> str:
        """One Chinese sentence for the render report."""
        if self.action == "tightened" and self.pitch is not None:
            return (
                f"署名页调整（§7.3.5.5）：第{self.page}页行距收紧为标准行距的 {self.pitch:.1%}"
                f"（{self.points:.1f} 磅），署名、成文日期与正文同页"
            )
        if self.action == "kept":
            why = "按 --signature-fit keep" if self.mode == "keep" else "行距收紧到下限仍放不下"
            return (
                f"署名页调整（§7.3.5.5）：{why}，署名、成文日期与正文最后一段"
                f"一同排在第{self.page}页"
            )
        if self.action == "split":
            return (
                "署名页调整（§7.3.2、§7.3.5.5）：首页须有正文，署名、成文日期不再带走全部正文，"
                f"排在第{self.page}页"
            )
        return "署名页调整：无需调整"


def signature_fit_report(docx: bytes, pdf: bytes, mode: SignatureFitMode) -> SignatureFitReport:
    """What :class:`SignatureFit` did, read from the converted .docx and its PDF.

    When the rule's last pass looked at this very .docx and PDF, its reading is reused
    (kept on the PDF's shared view, :mod:`~doctemplates.pdf.pdfview`): the .docx is not
    parsed again.
    """
    with PDFIUM_LOCK:
        looked = pdf_view(pdf).memo.get((_LOOKED, docx))
    if looked is not None:
        present, state, seen, pitch = looked
    elif _Document.without_chain(docx):
        present, state, seen, pitch = True, None, None, None
    else:
        doc = _Document.read(docx)
        present = doc is not None
        state = None if doc is None else _state(doc.root)
        seen = None if doc is None else _look(doc, pdf)
        pitch = None if doc is None else doc.styles.pitch
    page = None if seen is None else seen.page + 1
    if present and state and state.startswith("tighten-") and pitch:
        twips = int(state.split("-")[1])
        return SignatureFitReport(mode, "tightened", page, twips / pitch, twips / g.TWIPS_PER_PT)
    if state in ("split1", "split2"):
        return SignatureFitReport(mode, "split", page)
    if state == "kept" or (seen is not None and seen.pushed):
        return SignatureFitReport(mode, "kept", page)
    return SignatureFitReport(mode, "none", page)
