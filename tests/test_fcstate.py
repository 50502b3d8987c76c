"""fc-match's answer kept while fontconfig's state is unchanged (issue 20 §3, fonts/fcstate.py).

The stamp must change with whatever changes fontconfig's answer: a font added in any
folder below a ``<dir>``, a configuration file (or an included one) changed, added or
removed, the locale; a cached answer is used only under the same stamp.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from doctemplates.fonts import fcstate, metrics
from doctemplates.render import cache as cache_mod

pytestmark = pytest.mark.skipif(shutil.which("fc-match") is None, reason="no fontconfig")


@pytest.fixture
def conf(tmp_path: Path) -> tuple[dict[str, str], Path]:
    """A fontconfig setup of its own: fonts.conf → conf.d/*.conf, one font folder with a sub."""
    fonts = tmp_path / "fonts"
    (fonts / "sub").mkdir(parents=True)
    confd = tmp_path / "conf.d"
    confd.mkdir()
    (confd / "10-a.conf").write_text("<fontconfig></fontconfig>")
    top = tmp_path / "fonts.conf"
    top.write_text(
        f"<fontconfig><include ignore_missing='yes'>conf.d</include><dir>{fonts}</dir>"
        "<dir prefix='xdg'>fonts</dir></fontconfig>"
    )
    env = {"FONTCONFIG_FILE": str(top), "HOME": str(tmp_path), "LANG": "zh_CN.UTF-8"}
    return env, tmp_path


def _stamp(env: dict[str, str]) -> str | None:
    fcstate._stamp.cache_clear()
    return fcstate.fontconfig_stamp(env)


def _later(path: Path) -> None:
    """A modification time that differs (coarse file systems)."""
    info = path.stat()
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns + 1_000_000_000))


def test_the_stamp_is_stable_and_ignores_unrelated_variables(
    conf: tuple[dict[str, str], Path],
) -> None:
    env, _ = conf
    first = _stamp(env)
    assert first is not None and len(first) == 64
    assert _stamp({**env, "PATH_UNRELATED": "x"}) == first


@pytest.mark.parametrize(
    "change",
    [
        "font in a sub-folder",
        "font folder created (xdg)",
        "included file changed",
        "included file added",
        "top file changed",
        "locale",
        "FONTCONFIG_PATH",
    ],
)
def test_the_stamp_follows_what_fontconfig_reads(
    conf: tuple[dict[str, str], Path], change: str
) -> None:
    env, root = conf
    before = _stamp(env)
    if change == "font in a sub-folder":
        (root / "fonts" / "sub" / "new.otf").write_bytes(b"x")
        _later(root / "fonts" / "sub")
    elif change == "font folder created (xdg)":
        (root / ".local" / "share" / "fonts").mkdir(parents=True)
    elif change == "included file changed":
        (root / "conf.d" / "10-a.conf").write_text("<fontconfig><!-- changed --></fontconfig>")
    elif change == "included file added":
        (root / "conf.d" / "20-b.conf").write_text("<fontconfig></fontconfig>")
        _later(root / "conf.d")
    elif change == "top file changed":
        (root / "fonts.conf").write_text((root / "fonts.conf").read_text() + " ")
    elif change == "locale":
        env = {**env, "LANG": "en_US.UTF-8"}
    else:
        env = {**env, "FONTCONFIG_PATH": str(root)}
    assert _stamp(env) != before


def test_a_folder_included_from_an_included_file_counts(conf: tuple[dict[str, str], Path]) -> None:
    env, root = conf
    extra = root / "more-fonts" / "deep"
    extra.mkdir(parents=True)
    (root / "conf.d" / "10-a.conf").write_text(
        f"<fontconfig><dir>{extra.parent}</dir></fontconfig>"
    )
    before = _stamp(env)
    (extra / "x.ttf").write_bytes(b"x")
    _later(extra)
    assert _stamp(env) != before


def test_too_many_font_folders_means_no_stamp(
    conf: tuple[dict[str, str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    env, _ = conf
    monkeypatch.setattr(fcstate, "MAX_DIRS", 1)
    assert _stamp(env) is None


def test_a_second_lookup_asks_fontconfig_no_more(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from doctemplates.gbt9704 import geometry as g

    monkeypatch.setenv("DOCTEMPLATES_CACHE", str(tmp_path))
    monkeypatch.delenv("DOCTEMPLATES_NO_CACHE", raising=False)
    fcstate._stamp.cache_clear()
    asked: list[str] = []
    real = metrics.fc_query

    def counting(face: str, fmt: str, env: object) -> str | None:
        asked.append(face)
        return real(face, fmt, env)  # type: ignore[arg-type]

    monkeypatch.setattr(metrics, "fc_query", counting)
    first = metrics._resolve_file(g.FONT_FANGSONG)
    if first is None:
        pytest.skip("fontconfig does not resolve 仿宋 on this machine")
    assert metrics._resolve_file(g.FONT_FANGSONG) == first
    assert asked == [g.FONT_FANGSONG]  # once
    # an entry naming a file that is gone is not believed: fontconfig is asked again
    (entry,) = (tmp_path / "doctemplates" / "fontfiles").iterdir()
    store = cache_mod.Store("fontfiles")
    key = f"file 1|{g.FONT_FANGSONG}|{fcstate.fontconfig_stamp(metrics.fontconfig_env())}"
    store.put(key, b"/nonexistent/face.otf|0")
    assert metrics._resolve_file(g.FONT_FANGSONG) == first
    assert asked == [g.FONT_FANGSONG] * 2
    assert entry.exists()
    monkeypatch.setenv("DOCTEMPLATES_NO_CACHE", "1")  # --no-cache: fontconfig every time
    assert metrics._resolve_file(g.FONT_FANGSONG) == first
    assert asked == [g.FONT_FANGSONG] * 3
