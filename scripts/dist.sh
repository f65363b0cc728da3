#!/usr/bin/env bash
# Builds the installers into dist/: the Windows setup.exe (NSIS, per user), the Windows MSI
# (msitools' wixl, per machine, for Intune and other deployment tools), the Linux archive of
# `fyne package` and a .deb, with SHA256SUMS; and the winget manifests of the setup.exe in
# dist/winget/. Version and build number come from FyneApp.toml.
# Signing: set MFP365_SIGN_CERT and MFP365_SIGN_KEY (PEM files) to sign setup.exe and the MSI.
# winget: set MFP365_RELEASE_URL to the address the setup.exe will be published under (the
# folder, without the file name); without it the manifest's InstallerUrl is a placeholder.
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

echo "== Windows MSI" >&2
# The same mfp365.exe as in the setup.exe. wixl finds Source files relative to the current
# directory, so it runs in dist/work. The ProductCode is a name-based UUID (SHA-1, RFC 4122) of
# the version under the UpgradeCode kept in the .wxs: new for each version (so MajorUpgrade
# replaces the older one), the same when the same version is built again.
msi="mfp365-$version-x64.msi"
upgrade_code=$(sed -n 's/.*UpgradeCode="\([0-9A-Fa-f-]*\)".*/\1/p' packaging/windows/mfp365.wxs)
product_code=$(/usr/bin/python3 -c 'import sys, uuid; print(str(uuid.uuid5(uuid.UUID(sys.argv[1]), "mfp365 " + sys.argv[2])).upper())' \
  "$upgrade_code" "$version")
cp packaging/windows/mfp365.wxs "$out/work/mfp365.wxs"
(cd "$out/work" && wixl -a x64 -D Version="$version" -D ProductCode="$product_code" -D Exe=mfp365.exe \
  -D Icon=icon.ico -o "../$msi" mfp365.wxs) 2>"$out/work/wixl.log" \
  || { cat "$out/work/wixl.log" >&2; echo "wixl failed" >&2; exit 1; }
cat "$out/work/wixl.log" >&2
echo "MSI ProductCode {$product_code}, UpgradeCode {$upgrade_code}" >&2

if [ -n "${MFP365_SIGN_CERT:-}" ] && [ -n "${MFP365_SIGN_KEY:-}" ]; then
  for f in "mfp365-$version-setup.exe" "$msi"; do
    osslsigncode sign -certs "$MFP365_SIGN_CERT" -key "$MFP365_SIGN_KEY" -n "Assistant MFP 365" \
      -in "$out/$f" -out "$out/work/signed"
    mv "$out/work/signed" "$out/$f"
  done
fi

cp "$out/work/mfp365.exe" "$out/mfp365-$version-windows-amd64.exe"
cp "$out/work/FyneApp.toml.orig" FyneApp.toml
rm -rf "$out/work"

echo "== winget" >&2
# The manifests of the setup.exe (after signing: the hash is the published file's), laid out as
# in the winget-pkgs repository: copy dist/winget/manifests into a clone of it to submit.
setup="mfp365-$version-setup.exe"
sha=$(sha256sum "$out/$setup" | cut -d' ' -f1 | tr a-f A-F)
url="${MFP365_RELEASE_URL:-https://release-url-not-set.invalid/mfp365/$version}"
url="${url%/}/$setup"
manifests="$out/winget/manifests/m/Mfp365/AssistantMFP365/$version"
mkdir -p "$manifests"
for f in packaging/winget/*.yaml; do
  sed -e "/^##/d" -e "s|@VERSION@|$version|g" -e "s|@SHA256@|$sha|g" -e "s|@INSTALLER_URL@|${url//&/\\&}|g" "$f" \
    > "$manifests/$(basename "$f")"
done
[ -n "${MFP365_RELEASE_URL:-}" ] || echo "winget: InstallerUrl is a placeholder ($url): set MFP365_RELEASE_URL" >&2

(cd "$out" && find . -maxdepth 1 -type f ! -name SHA256SUMS -printf '%P\n' | LC_ALL=C sort | xargs sha256sum -- > SHA256SUMS)
ls -l "$out" >&2
