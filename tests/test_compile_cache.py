"""The compiled-template and font-width cache (issue 20 §3): signed, bounded, never trusted.

Each test gets its own cache folder (``DOCTEMPLATES_CACHE``); what a hit must give is
the same bytes as no cache at all.
"""

from __future__ import annotations

import hashlib
import hmac
import marshal
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from doctemplates.fonts import metrics
from doctemplates.kinds import DOCUMENT
from doctemplates.render import RenderLimits, Template, partcache
from doctemplates.render import cache as cache_mod

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "doctemplates" / "templates" / "wenjian.docx"
DATA = {
    "organs": ["示例市科学技术局"],
    "title": "关于开展二〇二六年度科技项目检查的通知",
    "signature": {"date": "2026-04-20"},
    "body": ["各单位：", "请按要求开展自查。"],
}


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache" / "doctemplates"
    monkeypatch.setenv("DOCTEMPLATES_CACHE", str(folder.parent))
    monkeypatch.delenv("DOCTEMPLATES_NO_CACHE", raising=False)
    # a process checks its cache folder once: each test is a fresh process as far as that goes
    monkeypatch.setattr(partcache, "_STORE", cache_mod.Store("compiled"))
    return folder


@pytest.fixture
def compiles(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Names of the parts actually compiled (cache misses)."""
    seen: list[str] = []
    real = partcache.compile_source

    def counting(env, name, source, limits, styles=None):  # type: ignore[no-untyped-def]
        seen.append(name)
        return real(env, name, source, limits, styles)

    monkeypatch.setattr(partcache, "compile_source", counting)
    return seen


def _render(template: Path = TEMPLATE, **load: object) -> bytes:
    return DOCUMENT.prepare(DATA).render(Template.load(template, **load))  # type: ignore[arg-type]


def _entries(cache_dir: Path, namespace: str = "compiled") -> list[Path]:
    folder = cache_dir / namespace
    return (
        sorted(p for p in folder.iterdir() if not p.name.startswith(".")) if folder.exists() else []
    )


def _uncached(monkeypatch: pytest.MonkeyPatch) -> bytes:
    with monkeypatch.context() as m:
        m.setenv("DOCTEMPLATES_NO_CACHE", "1")
        return _render()


def test_a_hit_renders_the_same_bytes_without_compiling(
    cache_dir: Path, compiles: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = _uncached(monkeypatch)
    assert compiles and not _entries(cache_dir)  # off: compiled, nothing written
    compiles.clear()
    first = _render()  # miss: compiles and stores
    assert compiles and len(_entries(cache_dir)) >= len(compiles)  # + parts without tags
    compiles.clear()
    second = _render()  # hit
    assert compiles == []
    assert first == second == expected


def test_entries_are_private_and_signed(cache_dir: Path) -> None:
    _render()
    assert (cache_dir.stat().st_mode & 0o777) == 0o700
    assert ((cache_dir / "key").stat().st_mode & 0o777) == 0o600
    for entry in _entries(cache_dir):
        assert (entry.stat().st_mode & 0o777) == 0o600
        assert entry.read_bytes().startswith(b"DTC1")


@pytest.mark.parametrize(
    "damage",
    [
        lambda b: b[: len(b) // 2],  # torn
        lambda b: b"",  # empty
        lambda b: b[:-1] + bytes([b[-1] ^ 1]),  # one bit of the payload
        lambda b: b[:4] + bytes(32) + b[36:],  # MAC zeroed
        lambda b: b"garbage" * 10,
    ],
    ids=["truncated", "empty", "bitflip", "mac", "garbage"],
)
def test_a_damaged_entry_is_ignored_and_rebuilt(
    cache_dir: Path, compiles: list[str], damage, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    expected = _render()
    for entry in _entries(cache_dir):
        entry.write_bytes(damage(entry.read_bytes()))
    compiles.clear()
    assert _render() == expected
    assert compiles  # recompiled
    compiles.clear()
    assert _render() == expected
    assert compiles == []  # and rewritten: the next load hits


def test_a_forged_entry_never_runs(cache_dir: Path, compiles: list[str], tmp_path: Path) -> None:
    """An entry written without this user's key — valid format, malicious code — is refused."""
    _render()
    marker = tmp_path / "pwned"
    evil = compile(f"open({str(marker)!r}, 'w').close()", "<evil>", "exec")
    payload = marshal.dumps((evil, False))
    for entry in _entries(cache_dir):
        wrong_key = os.urandom(32)
        mac = hmac.new(wrong_key, b"anything" + payload, hashlib.sha256).digest()
        entry.write_bytes(b"DTC1" + mac + payload)
    compiles.clear()
    _render()
    assert compiles and not marker.exists()


def test_a_folder_others_can_write_is_not_used(cache_dir: Path, compiles: list[str]) -> None:
    cache_dir.mkdir(mode=0o700, parents=True)
    os.chmod(cache_dir, 0o777)
    _render()
    assert not (cache_dir / "key").exists() and not (cache_dir / "compiled").exists()
    compiles.clear()
    _render()
    assert compiles  # no hit either


def test_a_readable_key_turns_the_cache_off(
    cache_dir: Path, compiles: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _render()
    os.chmod(cache_dir / "key", 0o644)
    monkeypatch.setattr(partcache, "_STORE", cache_mod.Store("compiled"))  # a new process
    compiles.clear()
    _render()
    assert compiles


@pytest.mark.skipif(not hasattr(os, "getuid") or os.getuid() != 0, reason="chown needs root")
def test_a_folder_owned_by_someone_else_is_not_used(
    cache_dir: Path, compiles: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _render()
    os.chown(cache_dir, 65534, 65534)
    monkeypatch.setattr(partcache, "_STORE", cache_mod.Store("compiled"))  # a new process
    compiles.clear()
    _render()
    assert compiles


def test_no_cache_env_bypasses(
    cache_dir: Path, compiles: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _render()
    monkeypatch.setenv("DOCTEMPLATES_NO_CACHE", "1")
    compiles.clear()
    _render()
    assert compiles


def test_a_changed_template_or_limits_miss(
    cache_dir: Path, compiles: list[str], tmp_path: Path
) -> None:
    from doctemplates.package import Member, read_package, write_package

    _render()
    members = read_package(TEMPLATE.read_bytes())
    doc = members["word/document.xml"].replace(b"{{", b"{{ ", 1)  # same meaning, other source
    assert doc != members["word/document.xml"]
    members["word/document.xml"] = doc
    changed = tmp_path / "changed.docx"
    changed.write_bytes(write_package([Member.deflate(n, c) for n, c in members.items()]))
    compiles.clear()
    _render(changed)
    assert compiles == ["word/document.xml"]  # only the changed part
    compiles.clear()
    _render(limits=RenderLimits(max_nesting=7))
    assert compiles  # other limits: compiled (and checked) again


def test_expanders_and_styles_are_part_of_the_key(
    cache_dir: Path, compiles: list[str], tmp_path: Path
) -> None:
    """A block placeholder is expanded before compiling: another expander for a name,
    or other style ids in styles.xml, must miss (a stale expansion would render)."""
    from doctemplates.package import Member, read_package, write_package
    from doctemplates.render import placeholders

    members = read_package(TEMPLATE.read_bytes())
    body = members["word/document.xml"].replace(
        b"</w:body>",
        b"<w:p><w:r><w:t>{{p \xe7\xa4\xba\xe4\xbe\x8b\xe5\x9d\x97 }}</w:t></w:r></w:p></w:body>",
    )
    members["word/document.xml"] = body
    template = tmp_path / "block.docx"
    template.write_bytes(write_package([Member.deflate(n, c) for n, c in members.items()]))

    def block(text: str):  # type: ignore[no-untyped-def]
        return lambda: f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"

    placeholders.register({"示例块": block("第一种")})
    first = _render(template)
    compiles.clear()
    assert _render(template) == first and compiles == []  # a hit
    placeholders.register({"示例块": block("第二种")})
    second = _render(template)
    assert "word/document.xml" in compiles
    assert "第二种".encode() in _document_xml(second) and "第一种".encode() not in _document_xml(
        second
    )
    compiles.clear()
    styles = members["word/styles.xml"].replace(b'w:styleId="', b'w:styleId="X', 1)
    members["word/styles.xml"] = styles
    restyled = tmp_path / "restyled.docx"
    restyled.write_bytes(write_package([Member.deflate(n, c) for n, c in members.items()]))
    _render(restyled)
    assert "word/document.xml" in compiles


def _document_xml(docx: bytes) -> bytes:
    from doctemplates.package import read_package

    return read_package(docx)["word/document.xml"]


def test_concurrent_writers_never_tear_an_entry(tmp_path: Path) -> None:
    """Two processes rewrite one key with different payloads while we read its raw file."""
    root = tmp_path / "c"
    store = cache_mod.Store("race", root=root)
    store.put("k", b"seed")
    sizes = {4 + 32 + n for n in (4, 300_000, 500_000)}
    writer = textwrap.dedent(
        f"""
        import sys
        from pathlib import Path
        from doctemplates.render.cache import Store
        store = Store("race", root=Path({str(root)!r}))
        payload = bytes([int(sys.argv[1])]) * int(sys.argv[2])
        for _ in range(150):
            store.put("k", payload)
        """
    )
    procs = [
        subprocess.Popen([sys.executable, "-c", writer, str(i), str(n)], cwd=ROOT)
        for i, n in ((1, 300_000), (2, 500_000))
    ]
    entry = next(p for p in (root / "race").iterdir() if not p.name.startswith("."))
    seen: set[int] = set()
    while any(p.poll() is None for p in procs):
        blob = entry.read_bytes()
        assert len(blob) in sizes, len(blob)
        assert store.get("k") in (b"seed", b"\1" * 300_000, b"\2" * 500_000)
        seen.add(len(blob))
    assert all(p.returncode == 0 for p in procs)
    assert len(seen) > 1  # the reader did see the writers at work
    assert store.get("k") in (b"\1" * 300_000, b"\2" * 500_000)
    assert not [p for p in (root / "race").iterdir() if p.name.startswith(".tmp-")]


def test_the_store_stays_under_its_bound(tmp_path: Path) -> None:
    store = cache_mod.Store("small", root=tmp_path, max_bytes=10_000)
    for i in range(20):
        store.put(f"k{i}", bytes(1_000))
    total = sum(p.stat().st_size for p in (tmp_path / "small").iterdir())
    assert total <= 10_000
    assert store.get("k19") == bytes(1_000)  # the newest stay
    assert store.get("k0") is None


def test_font_widths_come_from_the_cache(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from doctemplates.gbt9704 import geometry as g

    found = metrics._resolve_file(g.FONT_FANGSONG)
    if found is None:
        pytest.skip("fontconfig does not resolve 仿宋 on this machine")
    read = metrics._read_widths(*found)
    metrics._store_widths(*found, read)
    assert metrics._cached_widths(*found) == read
    metrics.face_metrics.cache_clear()
    monkeypatch.setattr(metrics, "_read_widths", lambda *a: pytest.fail("read again"))
    try:
        assert metrics.face_metrics(g.FONT_FANGSONG).widths == read
    finally:
        metrics.face_metrics.cache_clear()
    (entry,) = _entries(cache_dir, "metrics")
    entry.write_bytes(entry.read_bytes()[:100])  # torn: ignored
    assert metrics._cached_widths(*found) is None


def test_the_command_line_no_cache_option(tmp_path: Path, cache_dir: Path) -> None:
    out = tmp_path / "x.docx"
    args = ["render", "document", str(ROOT / "samples" / "notice.yaml"), "-o", str(out)]
    run = [sys.executable, "-m", "doctemplates.cli"]
    subprocess.run([*run, "--no-cache", *args], check=True, cwd=tmp_path, capture_output=True)
    assert not cache_dir.exists()
    first = out.read_bytes()
    subprocess.run([*run, *args, "--force"], check=True, cwd=tmp_path, capture_output=True)
    assert _entries(cache_dir) and _entries(cache_dir, "titles") and out.read_bytes() == first


def test_title_tags_come_from_the_cache(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from doctemplates.layout import titlecache, titlewords

    monkeypatch.setattr(titlecache, "_STORE", cache_mod.Store("titles"))
    calls: list[str] = []

    def tag(text: str) -> list[tuple[str, str]]:
        calls.append(text)
        return titlewords._tag_now(text)

    words = titlewords._all_words
    first = titlecache.cached_tag("关于开展科技项目检查的通知", words, tag)
    again = titlecache.cached_tag("关于开展科技项目检查的通知", words, tag)
    assert first == again and calls == ["关于开展科技项目检查的通知"]
    titlecache.cached_tag("关于开展科技项目检查的通知", lambda: ["科技项目检查"], tag)
    assert len(calls) == 2  # another dictionary: tagged again
    for e in _entries(cache_dir, "titles"):
        e.write_bytes(b"DTC1" + bytes(40))  # forged: tagged again
    titlecache.cached_tag("关于开展科技项目检查的通知", words, tag)
    assert len(calls) == 3
