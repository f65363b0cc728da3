#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages the project needs, if any is missing.
# Usage: scripts/deps.sh build|test|screens|dist
#   build:   what Fyne needs to compile (cgo, OpenGL and X11/Wayland headers)
#   test:    also Debian's SNMP agent (snmpd), which the discovery tests run on loopback, and zbarimg
#            (zbar-tools), which reads the sign-in page's QR code back
#   screens: also Xvfb, xdotool, ImageMagick and Chromium, to run and capture the real window
#   dist:    the Windows cross-compiler, NSIS, msitools (wixl, msiinfo, msiextract) for the MSI,
#            signing and checking tools, Python's YAML module (the winget manifests), Xvfb, and
#            Wine to run the Windows build
set -euo pipefail

build=(gcc pkg-config libgl1-mesa-dev libx11-dev libxcursor-dev libxrandr-dev libxinerama-dev
       libxi-dev libxxf86vm-dev libwayland-dev libxkbcommon-dev wayland-protocols)
tests=(snmpd iproute2 util-linux zbar-tools)
screens=(xvfb xdotool x11-utils imagemagick chromium)
dist=(gcc-mingw-w64-x86-64 binutils-mingw-w64-x86-64 nsis osslsigncode icoutils imagemagick openssl xvfb
      xdotool x11-utils xz-utils file wine wine64 msitools wixl python3 python3-yaml)

want=("${build[@]}")
[ "${1:-build}" = test ] && want+=("${tests[@]}")
[ "${1:-build}" = screens ] && want+=("${screens[@]}")
[ "${1:-build}" = dist ] && want+=("${dist[@]}")

missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if ! command -v go >/dev/null 2>&1; then
  echo "Go 1.26 or later is needed (https://go.dev/dl/); it was not found in PATH." >&2
  exit 1
fi

[ ${#missing[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
  echo "Missing packages: ${missing[*]}" >&2
  echo "This is not a Debian/Ubuntu system: install the equivalents with your package manager." >&2
  exit 1
fi

if [ "$(id -u)" -eq 0 ]; then
  sudo=()
elif command -v sudo >/dev/null 2>&1; then
  sudo=(sudo)
else
  echo "Missing packages: ${missing[*]}" >&2
  echo "Run as root, or install sudo, or ask an administrator to run:" >&2
  echo "  apt-get install ${missing[*]}" >&2
  exit 1
fi

echo "Installing: ${missing[*]}" >&2
"${sudo[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
