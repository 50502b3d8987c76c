"""Files on disk, permissions and names (issue 13 §7, §8, §9); ``check`` on bad files (§5).

- §7: a batch never replaces or deletes a file it did not write (a user's
  ``errors.csv``, ``00002.docx`` unknown to the manifest, a symlinked or FIFO
  manifest); ``render --force`` never replaces a FIFO, device, socket,
  symlink or directory.
- §8: every output follows the umask (render, new, batch documents,
  errors.csv, manifest).
- §9: names by bytes (255 is legal, 256 is not), empty names, bidi and
  control characters, Windows device names, unbalanced patterns; a property
  test writes a file under every generated name.
- §5: ``check`` on empty, random, renamed, truncated, zip-bomb and DTD files
  exits 2 with one Chinese sentence.
"""

from __future__ import annotations

import io
import os
import socket
import stat
import unicodedata
import zipfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from doctemplates.batch import make_name
from doctemplates.cli import app
from tests.bad_inputs.files import GOOD, rows
from tests.docxbuild import make_template
from tests.reliability.checks import has_cjk
from tests.reliability.settings import fuzz_settings

runner = CliRunner()
TEMPLATE = make_template(["{{ title }}", "{{ signature.date }}"])


def _invoke(*argv: str) -> tuple[int, str]:
    result = runner.invoke(app, list(argv))
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    output = result.stderr + result.stdout
    assert "Traceback" not in output
    return result.exit_code, " ".join(output.split())


@pytest.fixture
def d(tmp_path: Path) -> Path:
    (tmp_path / "d.yaml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "t.docx").write_bytes(TEMPLATE)
    (tmp_path / "r.csv").write_text(rows(3), encoding="utf-8")
    return tmp_path


# -- §7 targets that are not regular files ------------------------------------------------------
def _make(kind: str, path: Path, base: Path) -> None:
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "dir":
        path.mkdir()
    elif kind == "socket":
        sock = socket.socket(socket.AF_UNIX)
        sock.bind(str(path))
        sock.close()
    elif kind == "symlink-file":
        (base / "victim.txt").write_text("用户的文件", encoding="utf-8")
        path.symlink_to(base / "victim.txt")
    elif kind == "symlink-dangling":
        path.symlink_to(base / "nowhere.txt")
    elif kind == "symlink-null":
        path.symlink_to("/dev/null")


TARGETS = ["fifo", "dir", "socket", "symlink-file", "symlink-dangling", "symlink-null"]


@pytest.mark.parametrize("force", [False, True])
@pytest.mark.parametrize("kind", TARGETS)
def test_render_never_replaces_special_target(d: Path, kind: str, force: bool) -> None:
    target = d / "out.docx"
    _make(kind, target, d)
    before = os.lstat(target)
    code, message = _invoke(
        "render", "document", str(d / "d.yaml"), "-o", str(target), *(["--force"] if force else [])
    )
    assert code == 1, message
    assert has_cjk(message)
    after = os.lstat(target)
    assert (stat.S_IFMT(after.st_mode), after.st_ino) == (
        stat.S_IFMT(before.st_mode),
        before.st_ino,
    )
    if kind == "symlink-file":
        assert (d / "victim.txt").read_text(encoding="utf-8") == "用户的文件"
    assert not [p for p in d.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.parametrize("kind", TARGETS)
def test_new_never_replaces_special_target(d: Path, kind: str) -> None:
    target = d / "new.docx"
    _make(kind, target, d)
    code, message = _invoke("new", str(target), "--force")
    assert code == 1 and has_cjk(message), message


# -- §7 the batch touches only its own files ----------------------------------------------------
def _batch(d: Path, *extra: str, records: str = "r.csv") -> tuple[int, str]:
    return _invoke("batch", "document", str(d / records), "-o", str(d / "out"), "--template", str(d / "t.docx"),
                   "--jobs", "1", *extra)  # fmt: skip


@pytest.mark.parametrize("bad_rows", [False, True])
def test_user_errors_csv_kept(d: Path, bad_rows: bool) -> None:
    out = d / "out"
    out.mkdir()
    (out / "errors.csv").write_text("我的表格\n", encoding="utf-8")
    if bad_rows:
        (d / "r.csv").write_text(
            rows(2) + "关于,示例局,示科发〔2026〕9号,2026-02-30\n", encoding="utf-8"
        )
    code, message = _batch(d)
    assert code == 2 and "errors.csv" in message, message
    assert (out / "errors.csv").read_text(encoding="utf-8") == "我的表格\n"
    assert not list(out.glob("*.docx"))


def test_own_errors_csv_replaced_then_removed(d: Path) -> None:
    (d / "r.csv").write_text(
        rows(2) + "关于,示例局,示科发〔2026〕9号,2026-02-30\n", encoding="utf-8"
    )
    code, _ = _batch(d)
    assert code == 1 and (d / "out" / "errors.csv").exists()
    (d / "r.csv").write_text(rows(3), encoding="utf-8")
    code, message = _batch(d, "--resume")
    assert code == 0, message
    assert not (d / "out" / "errors.csv").exists()  # ours (manifest), so removed on a clean run


def test_user_errors_csv_replaced_with_force(d: Path) -> None:
    (d / "out").mkdir()
    (d / "out" / "errors.csv").write_text("我的表格\n", encoding="utf-8")
    code, message = _batch(d, "--force")
    assert code == 0, message


def test_resume_keeps_file_the_manifest_does_not_list(d: Path) -> None:
    code, _ = _batch(d)
    assert code == 0
    out = d / "out"
    manifest = (out / "manifest.jsonl").read_text(encoding="utf-8")
    (out / "manifest.jsonl").write_text(
        "\n".join(line for line in manifest.splitlines() if "00003" not in line) + "\n",
        encoding="utf-8",
    )
    (out / "00003.docx").write_bytes(b"user's own document")
    code, message = _batch(d, "--resume")
    assert code == 1 and "00003.docx" in message and "manifest" in message, message
    assert (out / "00003.docx").read_bytes() == b"user's own document"
    assert (out / "00002.docx").read_bytes()[:2] == b"PK"


@pytest.mark.parametrize("kind", ["symlink", "fifo", "dir"])
def test_manifest_not_followed(d: Path, kind: str) -> None:
    out = d / "out"
    out.mkdir()
    outside = d / "outside.jsonl"
    outside.write_text("", encoding="utf-8")
    if kind == "symlink":
        (out / "manifest.jsonl").symlink_to(outside)
    elif kind == "fifo":
        os.mkfifo(out / "manifest.jsonl")
    else:
        (out / "manifest.jsonl").mkdir()
    code, message = _batch(d, "--resume")
    assert code == 2 and "manifest.jsonl" in message, message
    assert outside.read_text(encoding="utf-8") == ""
    assert not list(out.glob("*.docx"))


def test_batch_output_symlink_not_followed(d: Path) -> None:
    out = d / "out"
    out.mkdir()
    (d / "victim.docx").write_bytes(b"victim")
    (out / "00002.docx").symlink_to(d / "victim.docx")
    code, message = _batch(d, "--force")
    assert code == 1 and "符号链接" in message, message
    assert (d / "victim.docx").read_bytes() == b"victim"
    assert (out / "00002.docx").is_symlink()
    assert (out / "00003.docx").exists()


# -- §8 permissions follow the umask --------------------------------------------------------------
UMASKS = [0o022, 0o002, 0o077, 0o027, 0o000]


@pytest.mark.parametrize("umask", UMASKS, ids=oct)
def test_outputs_follow_umask(d: Path, umask: int) -> None:
    (d / "r.csv").write_text(
        rows(2) + "关于,示例局,示科发〔2026〕9号,2026-02-30\n", encoding="utf-8"
    )
    old = os.umask(umask)
    try:
        assert _invoke("render", "document", str(d / "d.yaml"), "-o", str(d / "a.docx"))[0] == 0
        assert _invoke("new", str(d / "n.docx"))[0] == 0
        assert _batch(d)[0] == 1
    finally:
        os.umask(old)
    expected = 0o666 & ~umask
    for path in [d / "a.docx", d / "n.docx", d / "out" / "00002.docx", d / "out" / "errors.csv",
                 d / "out" / "manifest.jsonl"]:  # fmt: skip
        assert stat.S_IMODE(path.stat().st_mode) == expected, (path.name, oct(path.stat().st_mode))


# -- §9 names ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("stem", "ok"),
    [("x" * 250, True), ("中" * 83, True), ("😀" * 62, True), ("x" * 251, False), ("中" * 84, False),
     ("😀" * 63, False), ("x" * 1000, False), ("中" * 81, True)],
    ids=lambda v: str(len(v.encode())) if isinstance(v, str) else str(v),
)  # fmt: skip
def test_output_name_by_bytes(d: Path, stem: str, ok: bool) -> None:
    target = d / f"{stem}.docx"
    code, message = _invoke("render", "document", str(d / "d.yaml"), "-o", str(target))
    if ok:
        assert code == 0, message
        assert target.read_bytes()[:2] == b"PK"
    else:
        assert code == 2 and "字节" in message and "255" in message, message
    assert not [p for p in d.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.parametrize("name", ["", " ", "   ", "/", "dir/", "."])
def test_output_name_empty_or_dir(d: Path, name: str) -> None:
    code, message = _invoke("render", "document", str(d / "d.yaml"), "-o", name)
    assert code == 2 and has_cjk(message), message
    assert "已存在" not in message


@pytest.mark.parametrize(
    "pattern", ["{标题", "标题}", "{标题!r}", "{标题:>9}", "{}", "{0}", "{{标题}", "x{标题}}"]
)
def test_name_pattern_validated(d: Path, pattern: str) -> None:
    code, message = _batch(d, "--name", pattern)
    assert code == 2 and has_cjk(message), message
    assert not (d / "out").exists() or not list((d / "out").glob("*.docx"))


EVIL = [
    "\u202e",
    "\u2028",
    "\u2029",
    "\u0085",
    "\u200b",
    "\u2066",
    "\x00",
    "\x1b",
    "\ufeff",
    "\ud800",
]


@pytest.mark.parametrize("char", EVIL, ids=lambda c: f"U+{ord(c):04X}")
def test_generated_names_drop_bidi_and_controls(char: str) -> None:
    name = make_name(f"关于{char}通知{char}exe.docx")
    assert name == "关于通知exe.docx"


@pytest.mark.parametrize("stem", ["CON", "con", "COM1", "COM¹", "LPT²", "NUL.txt", "aux", "PRN"])
def test_generated_names_avoid_device_names(stem: str) -> None:
    assert make_name(stem).startswith("_")


@given(st.text(min_size=0, max_size=400))
@fuzz_settings()
def test_any_text_gives_a_writable_name(text: str) -> None:
    import tempfile

    name = make_name(text)
    assert len(name.encode()) <= 200 and len(name) <= 80
    assert not any(unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Zl", "Zp") for ch in name)
    assert not any(ch in name for ch in '/\\<>:"|?*')
    if name:
        with tempfile.TemporaryDirectory() as tmp:
            (Path(tmp) / f"{name}-99.docx").write_bytes(b"x")


# -- §5 check on bad files ----------------------------------------------------------------------
def _docx() -> bytes:
    return make_template(["关于示例工作的通知", "正文。"])


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return out.getvalue()


def _replace(data: bytes, member: str, new: bytes) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    return _zip({n: (new if n == member else src.read(n)) for n in src.namelist()})


def _xxe(encoding: str) -> bytes:
    text = '<?xml version="1.0" encoding="%s"?><!DOCTYPE d [<!ENTITY e SYSTEM "file:///etc/passwd">]><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&e;</w:t></w:r></w:p></w:body></w:document>'
    return (text % encoding).encode(encoding)


BAD_CHECK = {
    "empty.docx": b"",
    "empty.pdf": b"",
    "random.docx": os.urandom(3000),
    "random.pdf": os.urandom(3000),
    "text.docx": "不是文档".encode(),
    "pdf-renamed.docx": b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF",
    "docx-renamed.pdf": _docx(),
    "pdf-header-only.pdf": b"%PDF-1.7\n",
    "pdf-garbage.pdf": b"%PDF-1.4\n" + os.urandom(5000),
    "truncated-10.docx": _docx()[: len(_docx()) // 10],
    "truncated-50.docx": _docx()[: len(_docx()) // 2],
    "truncated-90.docx": _docx()[: len(_docx()) * 9 // 10],
    "no-document.docx": _zip({"[Content_Types].xml": b"<Types/>"}),
    "document-not-xml.docx": _replace(_docx(), "word/document.xml", b"<w:document><w:body>"),
    "xxe-utf8.docx": _replace(_docx(), "word/document.xml", _xxe("utf-8")),
    "xxe-utf16.docx": _replace(_docx(), "word/document.xml", _xxe("utf-16")),
    "xxe-styles.docx": _replace(_docx(), "word/styles.xml", _xxe("utf-8")),
    "bomb.docx": _replace(_docx(), "word/document.xml", b"<a/>" + b" " * (80 << 20)),
    "many-members.docx": _zip({f"x/{i}.xml": b"<a/>" for i in range(2500)}),
}


@pytest.mark.parametrize("name", list(BAD_CHECK))
def test_check_bad_file_exits_2(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(BAD_CHECK[name])
    code, message = _invoke("check", str(path))
    assert code == 2, message
    assert has_cjk(message) and "错误" in message


@pytest.mark.parametrize("kind", ["fifo", "dir", "socket", "symlink-null"])
@pytest.mark.parametrize("suffix", [".docx", ".pdf"])
def test_check_special_file_exits_2(tmp_path: Path, kind: str, suffix: str) -> None:
    path = tmp_path / f"x{suffix}"
    _make(kind, path, tmp_path)
    code, message = _invoke("check", str(path))
    assert code == 2 and has_cjk(message), message


@given(st.binary(max_size=3000), st.sampled_from([".docx", ".pdf"]))
@fuzz_settings()
def test_check_any_bytes(data: bytes, suffix: str) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"x{suffix}"
        path.write_bytes((b"PK\x03\x04" if suffix == ".docx" else b"%PDF-1.4\n") + data)
        code, message = _invoke("check", str(path))
        assert code in (0, 1, 2) and has_cjk(message)
