#!/usr/bin/env bash
# Installs what the PDF pipeline needs from Debian packages: LibreOffice Writer
# (headless), python3-uno for the warm conversion pool, and free CJK fonts that
# stand in for the GB/T 9704 faces; Chromium renders OFD pages with ofd.js in the
# OFD tests (tests/ofd) and, driven by chromium-driver (Selenium), the page of the
# service (tests/service/test_page.py); poppler-utils renders PDF pages.
# 安装 PDF 所需的系统软件包（LibreOffice 与免费中文字体）。
# Idempotent; never fails the caller: without root/sudo/apt it prints the command.
#
# The Fandol faces (FandolFang 仿宋, FandolSong 宋/小标宋, FandolKai 楷, FandolHei 黑;
# GPL with the font exception; all 6,763 GB 2312 hanzi) ship in Debian only inside
# texlive-lang-chinese.  We download that .deb and extract just the .otf files into a
# folder the project's fonts.conf lists (doctemplates/fonts/fonts.conf), instead of
# installing TeX: /usr/local/share/doctemplates/fonts as root, else
# ${XDG_DATA_HOME:-~/.local/share}/doctemplates/fonts.
set -u
PKGS="libreoffice-writer-nogui python3-uno fonts-noto-cjk fonts-arphic-ukai fonts-lxgw-wenkai poppler-utils fontconfig chromium chromium-driver fonts-dejavu-core"
FANDOL_PKG="texlive-lang-chinese"
PROJECT_FONTS_CONF="$(cd "$(dirname "$0")/.." && pwd)/doctemplates/fonts/fonts.conf"
FANDOL_FACES="FandolFang-Regular FandolSong-Regular FandolSong-Bold FandolKai-Regular FandolHei-Regular FandolHei-Bold"

SUDO=""
can_root=1
if [ "$(id -u)" != "0" ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO="sudo"
  else
    can_root=0
  fi
fi
if [ "$can_root" = 1 ]; then
  FONT_DIR="/usr/local/share/doctemplates/fonts"
else
  FONT_DIR="${XDG_DATA_HOME:-$HOME/.local/share}/doctemplates/fonts"
fi

fandol_missing() {
  for f in $FANDOL_FACES; do
    [ -s "$FONT_DIR/$f.otf" ] || return 0
  done
  return 1
}

install_fandol() {
  # apt-get download and dpkg-deb need no root; only the target folder may.
  command -v apt-get >/dev/null 2>&1 && command -v dpkg-deb >/dev/null 2>&1 || return 1
  local work
  work="$(mktemp -d)" || return 1
  (
    cd "$work" || exit 1
    apt-get download "$FANDOL_PKG" >/dev/null 2>&1 || exit 1
    deb="$(ls ./*.deb 2>/dev/null | head -n 1)"
    [ -n "$deb" ] || exit 1
    # only the font files: no TeX, nothing else of the package
    dpkg-deb --fsys-tarfile "$deb" | tar -x --wildcards --no-anchored '*/fandol/Fandol*.otf' || exit 1
    $SUDO mkdir -p "$FONT_DIR" || exit 1
    for f in $FANDOL_FACES; do
      src="$(find . -name "$f.otf" -print -quit)"
      [ -n "$src" ] || exit 1
      $SUDO install -m 0644 "$src" "$FONT_DIR/$f.otf" || exit 1
    done
  )
  local rc=$?
  rm -rf "$work"
  if [ "$rc" = 0 ] && command -v fc-cache >/dev/null 2>&1; then
    # the cache must be built under the project's fonts.conf: its scan rules mark the
    # Fandol Bold faces bold (they declare weight 400)
    $SUDO env FONTCONFIG_FILE="$PROJECT_FONTS_CONF" fc-cache -f "$FONT_DIR" >/dev/null 2>&1 || true
  fi
  return "$rc"
}

missing=""
for p in $PKGS; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -z "$missing" ] && ! fandol_missing; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "未找到 apt-get；PDF 功能需要手动安装：$missing 以及 Fandol 字体 (no apt-get: install these for PDF output, and the Fandol fonts into $FONT_DIR)" >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
if [ -n "$missing" ]; then
  cmd="apt-get install -y --no-install-recommends$missing"
  if [ "$can_root" = 0 ]; then
    echo "需要 root 权限安装 PDF 依赖，请运行 (needs root): sudo apt-get update && sudo $cmd" >&2
  else
    echo "正在安装 PDF 依赖 (installing PDF dependencies):$missing" >&2
    $SUDO apt-get update -qq >/dev/null 2>&1 || true
    if ! $SUDO $cmd -qq >/dev/null 2>&1; then
      echo "安装失败，请手动运行 (install failed, run by hand): $SUDO apt-get update && $SUDO $cmd" >&2
    fi
  fi
fi
if fandol_missing; then
  echo "正在安装 Fandol 仿宋/宋/楷/黑字体到 $FONT_DIR (installing the Fandol faces)" >&2
  if ! install_fandol; then
    if [ "$can_root" = 1 ]; then
      $SUDO apt-get update -qq >/dev/null 2>&1 || true
      install_fandol || true
    fi
  fi
  if fandol_missing; then
    echo "Fandol 字体安装失败，PDF 将用 Noto 字体替代仿宋、楷体 (Fandol fonts not installed: apt-get download $FANDOL_PKG and extract fandol/*.otf into $FONT_DIR)" >&2
  fi
fi
exit 0
