#!/usr/bin/env bash
# Installs what the PDF pipeline needs from Debian packages: LibreOffice Writer
# (headless), python3-uno for the warm conversion pool, and free CJK fonts that
# stand in for the GB/T 9704 faces; Chromium renders OFD pages with ofd.js in the
# OFD tests (tests/ofd), poppler-utils renders PDF pages.
# 安装 PDF 所需的系统软件包（LibreOffice 与免费中文字体）。
# Idempotent; never fails the caller: without root/sudo/apt it prints the command.
set -u
PKGS="libreoffice-writer-nogui python3-uno fonts-noto-cjk fonts-arphic-ukai fonts-lxgw-wenkai poppler-utils fontconfig chromium fonts-dejavu-core"
missing=""
for p in $PKGS; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -z "$missing" ]; then
  exit 0
fi
cmd="apt-get install -y --no-install-recommends$missing"
if ! command -v apt-get >/dev/null 2>&1; then
  echo "未找到 apt-get；PDF 功能需要手动安装：$missing (no apt-get: install these for PDF output)" >&2
  exit 0
fi
SUDO=""
if [ "$(id -u)" != "0" ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO="sudo"
  else
    echo "需要 root 权限安装 PDF 依赖，请运行 (needs root): sudo apt-get update && sudo $cmd" >&2
    exit 0
  fi
fi
echo "正在安装 PDF 依赖 (installing PDF dependencies):$missing" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null 2>&1 || true
if ! $SUDO $cmd -qq >/dev/null 2>&1; then
  echo "安装失败，请手动运行 (install failed, run by hand): $SUDO apt-get update && $SUDO $cmd" >&2
fi
exit 0
