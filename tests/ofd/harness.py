"""Independent checks of an OFD: ofd.js in headless Chromium, ofdkit, pdfplumber, poppler.

Nothing here uses doctemplates' own OFD code: the OFD is read by ofdkit (PyPI)
and rendered by ofd.js (npm, DLTech21, Apache-2.0) in Chromium (Debian); the
PDF it came from is read by pdfplumber and rendered by poppler's pdftoppm.

ofd.js draws text with the font *family name* of the OFD and ignores embedded
font files, as a browser would.  To check the fonts we embed, the harness acts
like a reader that honours ``FontFile``: it loads each embedded font with
``@font-face`` under a unique name and points the font's ``FamilyName`` at it,
and Chromium runs under a fontconfig with no CJK face at all — a glyph missing
from an embedded font, or a font Chromium's sanitizer (OTS) rejects, shows as
a hole in the page image.
"""

from __future__ import annotations

import base64
import io
import json
import os
import re
import shutil
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageChops, ImageFilter

ROOT = Path(__file__).resolve().parents[2]
OFDJS_VERSION = "0.2.6"
#: Where ``make test`` puts ofd.js (``npm pack``); tests fetch it there when npm exists.
OFDJS_DIR = ROOT / ".venv" / "ofdjs"
SCALE = 4  # ofd.js pixels per millimetre (about 101.6 dpi)
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--force-device-scale-factor=1",
    "--virtual-time-budget=20000",
]
NS = "{http://www.ofdspec.org/2016}"


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def ofdjs() -> Path | None:
    """ofd.js's UMD bundle, fetched with ``npm pack`` on first use (None without npm)."""
    target = OFDJS_DIR / "ofd.umd.js"
    if target.is_file():
        return target
    npm = shutil.which("npm")
    if npm is None:
        return None
    OFDJS_DIR.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        done = subprocess.run(
            [npm, "pack", f"ofd.js@{OFDJS_VERSION}", "--pack-destination", tmp],
            capture_output=True, text=True, timeout=300, check=False,
        )  # fmt: skip
        tarballs = list(Path(tmp).glob("ofd.js-*.tgz"))
        if done.returncode or not tarballs:
            return None
        import tarfile

        with tarfile.open(tarballs[0]) as tar:
            member = tar.extractfile("package/lib/ofd.umd.js")
            if member is None:
                return None
            partial = target.with_suffix(".tmp")
            partial.write_bytes(member.read())
            os.replace(partial, target)
    return target


def _fontconfig(tmp: Path) -> Path:
    """A fontconfig with Latin faces only (DejaVu): no system CJK face can stand in."""
    conf = tmp / "fonts.conf"
    dirs = [d for d in ("/usr/share/fonts/truetype/dejavu",) if Path(d).is_dir()]
    conf.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd"><fontconfig>'
        + "".join(f"<dir>{d}</dir>" for d in dirs)
        + f"<cachedir>{tmp / 'fc-cache'}</cachedir></fontconfig>",
        encoding="utf-8",
    )
    return conf


def _with_font_faces(ofd: bytes) -> tuple[bytes, str]:
    """The OFD with each embedded font's FamilyName made unique, and the @font-face CSS."""
    source = zipfile.ZipFile(io.BytesIO(ofd))
    public = source.read("Doc_0/PublicRes.xml").decode()
    css: list[str] = []

    def rename(match: re.Match[str]) -> str:
        tag = match.group(0)
        font_id = re.search(r'ID="(\d+)"', tag)
        file = re.search(r"<ofd:FontFile>([^<]+)</ofd:FontFile>", tag)
        if not (font_id and file):
            return tag
        data = source.read(f"Doc_0/Res/{file.group(1)}")
        family = f"ofdfont{font_id.group(1)}"
        kind = "opentype" if file.group(1).endswith(".otf") else "truetype"
        css.append(
            f"@font-face {{ font-family: '{family}'; src: url(data:font/{kind};base64,"
            f"{base64.b64encode(data).decode()}) format('{kind}'); font-weight: 100 900; }}"
        )
        return re.sub(r'FamilyName="[^"]*"', f'FamilyName="{family}"', tag)

    public = re.sub(r"<ofd:Font [^>]*>.*?</ofd:Font>", rename, public, flags=re.S)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = public.encode() if info.filename == "Doc_0/PublicRes.xml" else source.read(info)
            target.writestr(info.filename, data)
    return out.getvalue(), "\n".join(css)


_PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8">
<style>html,body{{margin:0;padding:0;background:#808080}} {css}</style>
<script>{script}</script></head><body><div id="pages"></div><pre id="result"></pre>
<script>
const raw = atob("{data}");
const bytes = new Uint8Array(raw.length);
for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
ofd.setPageScale({scale});
function collect() {{
  const pages = [];
  for (const div of document.querySelectorAll('#pages > div')) {{
    const base = div.getBoundingClientRect();
    const runs = [];
    for (const text of div.querySelectorAll('text')) {{
      const svg = text.ownerSVGElement;
      const p = svg.createSVGPoint();
      p.x = parseFloat(text.getAttribute('x')); p.y = parseFloat(text.getAttribute('y'));
      const q = p.matrixTransform(text.getCTM());
      const r = svg.getBoundingClientRect();
      runs.push([text.textContent, (r.left - base.left + q.x) / {scale}, (r.top - base.top + q.y) / {scale}]);
    }}
    pages.push({{top: base.top, left: base.left, width: base.width, height: base.height, chars: runs}});
  }}
  document.getElementById('result').textContent = 'RESULT' + JSON.stringify(pages) + 'END';
}}
ofd.parseOfdDocument({{ofd: bytes.buffer,
  success(res) {{
    const holder = document.getElementById('pages');
    for (const div of ofd.renderOfdByScale(res[0])) holder.appendChild(div);
    document.fonts.ready.then(collect);
  }},
  fail(err) {{ document.getElementById('result').textContent = 'RESULT' + JSON.stringify({{error: String(err)}}) + 'END'; }}
}});
</script></body></html>"""


@dataclass
class Rendered:
    """ofd.js's rendering: one image per page and every character's origin (mm)."""

    pages: list[Image.Image]
    chars: list[list[tuple[str, float, float]]]
    console: str


def render(ofd: bytes, page_sizes_mm: list[tuple[float, float]]) -> Rendered:
    """Render ``ofd`` with ofd.js in headless Chromium."""
    exe, script = chromium(), ofdjs()
    assert exe and script
    renamed, css = _with_font_faces(ofd)
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        html = tmp / "view.html"
        html.write_text(
            _PAGE.format(
                css=css,
                script=script.read_text(encoding="utf-8"),
                data=base64.b64encode(renamed).decode(),
                scale=SCALE,
            ),
            encoding="utf-8",
        )
        env = {**os.environ, "FONTCONFIG_FILE": str(_fontconfig(tmp)), "HOME": str(tmp)}
        width = max(round(w * SCALE) for w, _ in page_sizes_mm)
        height = sum(round(h * SCALE) + 20 for _, h in page_sizes_mm) + 40
        profile = ["--user-data-dir=" + str(tmp / "profile")]
        dom = subprocess.run(
            [exe, *CHROMIUM_FLAGS, *profile, "--dump-dom", html.as_uri()],
            capture_output=True, text=True, env=env, timeout=180, check=False,
        )  # fmt: skip
        match = re.search(r"<pre id=\"result\">RESULT(.*?)END</pre>", dom.stdout, re.S)
        assert match, f"ofd.js did not finish: {dom.stderr[-2000:]}"
        result = json.loads(
            match.group(1).replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
        )
        assert not isinstance(result, dict), f"ofd.js could not parse the OFD: {result}"
        shot = tmp / "shot.png"
        subprocess.run(
            [exe, *CHROMIUM_FLAGS, *profile, f"--window-size={width},{height}", f"--screenshot={shot}", html.as_uri()],
            capture_output=True, env=env, timeout=180, check=False,
        )  # fmt: skip
        image = Image.open(shot).convert("RGB")
        pages = [
            image.crop(
                (
                    round(p["left"]),
                    round(p["top"]),
                    round(p["left"] + p["width"]),
                    round(p["top"] + p["height"]),
                )
            )
            for p in result
        ]
        chars = [[(c[0], c[1], c[2]) for c in p["chars"]] for p in result]
        return Rendered(pages, chars, dom.stderr)


def pdf_pages(pdf: bytes) -> list[Image.Image]:
    """The PDF rendered by poppler at the same scale."""
    with tempfile.TemporaryDirectory() as name:
        source = Path(name) / "in.pdf"
        source.write_bytes(pdf)
        subprocess.run(
            ["pdftoppm", "-png", "-r", str(SCALE * 25.4), str(source), str(Path(name) / "p")],
            check=True, capture_output=True, timeout=180,
        )  # fmt: skip
        files = sorted(Path(name).glob("p-*.png"), key=lambda p: int(p.stem.split("-")[1]))
        return [Image.open(f).convert("RGB") for f in files]


def ink(image: Image.Image) -> Image.Image:
    """Pixels darker than light grey (text, rules, seal) as a 1-bit mask."""
    return image.convert("L").point(lambda v: 255 if v < 200 else 0).convert("1")


def mismatch(a: Image.Image, b: Image.Image, tolerance: int = 1) -> float:
    """Share of ink pixels of either image with no ink in the other within ``tolerance`` px.

    The denominator is all ink pixels of both images, at least 1 % of the page area.
    """
    size = (min(a.width, b.width), min(a.height, b.height))
    ia, ib = ink(a.crop((0, 0, *size))).convert("L"), ink(b.crop((0, 0, *size))).convert("L")
    grow = ImageFilter.MaxFilter(2 * tolerance + 1)
    lone_a = ImageChops.subtract(ia, ib.filter(grow))
    lone_b = ImageChops.subtract(ib, ia.filter(grow))
    total = max(_count(ia) + _count(ib), size[0] * size[1] // 100)
    return (_count(lone_a) + _count(lone_b)) / total


def _count(mask: Image.Image) -> int:
    return sum(mask.histogram()[128:])


def side_by_side(left: Image.Image, right: Image.Image, width: int = 420) -> Image.Image:
    """PDF (left) and OFD (right) pages next to each other, scaled to ``width`` each."""
    scale = width / left.width
    size = (width, round(left.height * scale))
    canvas = Image.new("RGB", (2 * width + 12, size[1]), (128, 128, 128))
    canvas.paste(left.resize(size), (0, 0))
    canvas.paste(right.resize(size), (width + 12, 0))
    return canvas
