#!/usr/bin/env bash
# Builds the installers into dist/: the Windows setup.exe (NSIS, per user), the Linux archive of
# `fyne package` and a .deb, with SHA256SUMS. Version and build number come from FyneApp.toml.
# Signing: set MFP365_SIGN_CERT and MFP365_SIGN_KEY (PEM files) to sign setup.exe.
set -euo pipefail
cd "$(dirname "$0")/.."
version=$(sed -n 's/^Version = "\(.*\)"/\1/p' FyneApp.toml)
build=$(sed -n 's/^Build = \([0-9]*\)/\1/p' FyneApp.toml)
out=dist
rm -rf "$out" && mkdir -p "$out/work"
cp FyneApp.toml "$out/work/FyneApp.toml.orig"   # fyne package bumps the build number: put it back
trap 'cp "$out/work/FyneApp.toml.orig" FyneApp.toml 2>/dev/null || true; rm -f fyne_metadata_init.go' EXIT
fyne="$PWD/$out/work/fyne"
go build -o "$fyne" fyne.io/tools/cmd/fyne   # the fyne CLI for this machine (go tool would cross-build it)

echo "== Linux" >&2
go build -trimpath -ldflags "-s -w" -o "$out/work/mfp365" .
"$fyne" package -os linux --executable "$out/work/mfp365" --name mfp365 --icon assets/icon.png \
  --app-id fr.mfp365.assistant --app-version "$version" --app-build "$build" --release >/dev/null
mv mfp365.tar.xz "$out/mfp365-$version-linux-amd64.tar.xz"

deb="$out/work/deb"
install -Dm755 "$out/work/mfp365" "$deb/usr/bin/mfp365"
install -Dm644 packaging/linux/mfp365.desktop "$deb/usr/share/applications/fr.mfp365.assistant.desktop"
install -Dm644 assets/icon.png "$deb/usr/share/icons/hicolor/512x512/apps/fr.mfp365.assistant.png"
mkdir -p "$deb/DEBIAN"
sed "s/@VERSION@/$version/; s/@BUILD@/$build/" packaging/linux/control > "$deb/DEBIAN/control"
dpkg-deb --root-owner-group --build "$deb" "$out/mfp365_${version}-${build}_amd64.deb" >/dev/null

echo "== Windows" >&2
# `fyne package --release` compiles the C parts with -D_FORTIFY_SOURCE=3 -fstack-protector-strong,
# whose runtime is mingw's libssp. It is linked statically (-l:libssp.a): linked dynamically, the
# exe needs libssp-0.dll, which Windows does not ship, and never starts.
CC=x86_64-w64-mingw32-gcc CGO_ENABLED=1 GOOS=windows GOARCH=amd64 CGO_LDFLAGS="-l:libssp.a" \
  "$fyne" package -os windows --name mfp365 --icon assets/icon.png --app-id fr.mfp365.assistant \
  --app-version "$version" --app-build "$build" --release >/dev/null
mv mfp365.exe "$out/work/mfp365.exe"
convert assets/icon.png -define icon:auto-resize=256,64,48,32,16 "$out/work/icon.ico"
makensis -V2 -DVERSION="$version" -DBUILD="$build" -DEXE="$PWD/$out/work/mfp365.exe" -DICON="$PWD/$out/work/icon.ico" \
  -DOUT="$PWD/$out/mfp365-$version-setup.exe" packaging/windows/installer.nsi >&2
if [ -n "${MFP365_SIGN_CERT:-}" ] && [ -n "${MFP365_SIGN_KEY:-}" ]; then
  osslsigncode sign -certs "$MFP365_SIGN_CERT" -key "$MFP365_SIGN_KEY" -n "Assistant MFP 365" \
    -in "$out/mfp365-$version-setup.exe" -out "$out/work/signed.exe"
  mv "$out/work/signed.exe" "$out/mfp365-$version-setup.exe"
fi

cp "$out/work/mfp365.exe" "$out/mfp365-$version-windows-amd64.exe"
cp "$out/work/FyneApp.toml.orig" FyneApp.toml
rm -rf "$out/work"
(cd "$out" && sha256sum -- * > SHA256SUMS)
ls -l "$out" >&2
