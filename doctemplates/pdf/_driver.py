"""UNO driver run by the system Python that has ``uno`` (not the project's venv).

It connects to one ``soffice --accept=pipe,name=…`` process and converts documents on
request.  Protocol: JSON lines on stdin/stdout.

- on start, once connected: ``{"ready": true}`` (or ``{"ready": false, "error": …}``)
- request ``{"in": path, "out": path, "filter": {name: value, …}, "props": {…}}``
- answer ``{"ok": true}`` or ``{"ok": false, "error": text, "fatal": bool}``; after
  ``ok`` the document is closed and ``{"closed": true}`` follows (the parent checks the
  PDF meanwhile, and waits for it before the next request)

``fatal`` means the office process is gone; the parent replaces the worker.
This file imports nothing from doctemplates: it runs under another interpreter.
"""

from __future__ import annotations

import contextlib
import json
import sys
import time
from typing import Any

import uno  # type: ignore[import-not-found]
from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]


def _prop(name: str, value: Any) -> Any:
    prop = PropertyValue()
    prop.Name = name
    prop.Value = value
    return prop


def _connect(pipe: str, deadline: float) -> Any:
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local
    )
    url = f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext"
    while True:
        try:
            ctx = resolver.resolve(url)
            return ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        except Exception:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def _filter_data(options: dict[str, Any]) -> Any:
    values = []
    for name, value in options.items():
        if isinstance(value, bool):
            values.append(_prop(name, value))
        elif isinstance(value, int):
            values.append(_prop(name, uno.Any("long", value)))
        else:
            values.append(_prop(name, value))
    return uno.Any("[]com.sun.star.beans.PropertyValue", tuple(values))


def _set_props(doc: Any, props: dict[str, Any]) -> None:
    info = doc.getDocumentProperties()
    for name, value in props.items():
        if name in ("Title", "Author", "Subject", "Description"):
            setattr(info, name, value)


def _convert(desktop: Any, job: dict[str, Any]) -> None:
    doc = _export(desktop, job)
    _close(doc)


def _export(desktop: Any, job: dict[str, Any]) -> Any:
    """Load and export; returns the document, still open (closed on failure)."""
    load = (_prop("Hidden", True), _prop("ReadOnly", True), _prop("UpdateDocMode", 0))
    doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(job["in"]), "_blank", 0, load)
    if doc is None:
        raise RuntimeError("LibreOffice could not open the document")
    try:
        _set_props(doc, job.get("props") or {})
        store = [_prop("FilterName", job.get("filter_name", "writer_pdf_Export"))]
        if job.get("filter"):
            store.append(_prop("FilterData", _filter_data(job["filter"])))
        doc.storeToURL(uno.systemPathToFileUrl(job["out"]), tuple(store))
    except BaseException:
        _close(doc)
        raise
    return doc


def _close(doc: Any) -> None:
    try:
        doc.close(True)
    except Exception:
        doc.dispose()


def _is_fatal(exc: BaseException) -> bool:
    """The bridge to LibreOffice is gone (the office process died)."""
    text = f"{type(exc).__name__}: {exc}"
    return "DisposedException" in text or "Binary URP bridge" in text


def _reply(obj: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


def main() -> int:
    pipe, timeout = sys.argv[1], float(sys.argv[2])
    try:
        desktop = _connect(pipe, time.monotonic() + timeout)
    except Exception as exc:
        _reply({"ready": False, "error": f"{type(exc).__name__}: {exc}"})
        return 1
    _reply({"ready": True})
    for line in sys.stdin:
        if not line.strip():
            continue
        job = json.loads(line)
        if job.get("quit"):
            break
        try:
            doc = _export(desktop, job)
        except Exception as exc:
            fatal = _is_fatal(exc)
            _reply({"ok": False, "error": f"{type(exc).__name__}: {exc}", "fatal": fatal})
            if fatal:
                return 2
        else:
            # The PDF is written: answer first, then close the document (5–7 ms of
            # LibreOffice's time) while the parent reads and checks the PDF (issue 20 §2).
            _reply({"ok": True})
            try:
                _close(doc)
            except Exception as exc:
                if _is_fatal(exc):
                    return 2
            _reply({"closed": True})
    # quit asked, or stdin closed because the parent is gone: end LibreOffice too
    with contextlib.suppress(Exception):
        desktop.terminate()
    return 0


if __name__ == "__main__":
    sys.exit(main())
