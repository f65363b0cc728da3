#!/usr/bin/env bash
# Checks the installers `make dist` built, as far as this Linux machine can:
# the setup.exe and the Windows binary carry the version resource and the icon; signed with a
# throwaway certificate, `osslsigncode verify` passes; the .deb holds the expected files and its
# binary runs from a scratch root; the Linux archive holds the fyne package layout; the Linux
# binary shows its window under Xvfb; the checksums match.
set -euo pipefail
cd "$(dirname "$0")/../dist"
version=$(sed -n 's/^Version = "\(.*\)"/\1/p' ../FyneApp.toml)
build=$(sed -n 's/^Build = \([0-9]*\)/\1/p' ../FyneApp.toml)
setup="mfp365-$version-setup.exe" exe="mfp365-$version-windows-amd64.exe"
deb="mfp365_${version}-${build}_amd64.deb" tarball="mfp365-$version-linux-amd64.tar.xz"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
fail() { echo "dist-check: $*" >&2; exit 1; }
ok() { echo "ok   $*"; }

sha256sum -c --quiet SHA256SUMS || fail "checksums"
ok "SHA256SUMS"

for f in "$setup" "$exe"; do
  file "$f" | grep -q "PE32+ executable (GUI) x86-64" || fail "$f is not a 64-bit Windows GUI program"
  wrestool -l "$f" | grep -q -- "--type=14" || fail "$f has no icon"
  wrestool -x --raw --type=16 "$f" | iconv -f UTF-16LE -t UTF-8 -c | grep -q "$version" || fail "$f has no version $version"
  ok "$f: icon and version $version"
done

openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=mfp365 test signer" \
  -keyout "$scratch/key.pem" -out "$scratch/cert.pem" 2>/dev/null
osslsigncode sign -certs "$scratch/cert.pem" -key "$scratch/key.pem" -n "Assistant MFP 365" \
  -in "$setup" -out "$scratch/signed.exe" >/dev/null
osslsigncode verify -CAfile "$scratch/cert.pem" -in "$scratch/signed.exe" | grep -q "Signature verification: ok" \
  || fail "osslsigncode verify"
ok "signed with a throwaway certificate, osslsigncode verify passes"

contents=$(dpkg-deb -c "$deb")
for want in ./usr/bin/mfp365 ./usr/share/applications/fr.mfp365.assistant.desktop \
            ./usr/share/icons/hicolor/512x512/apps/fr.mfp365.assistant.png; do
  grep -q " $want\$" <<<"$contents" || fail "$deb lacks $want"
done
[ "$(dpkg-deb -f "$deb" Version)" = "$version-$build" ] || fail "$deb version"
dpkg -x "$deb" "$scratch/root"
"$scratch/root/usr/bin/mfp365" lookup --lang en AADSTS7000218 | grep -q "does not allow sign-in with a code" \
  || fail "the packaged binary does not run"
ok "$deb: files, version $version-$build, the binary runs from a scratch root"

listing=$(tar tJf "$tarball")
for want in mfp365/Makefile mfp365/usr/local/bin/mfp365 mfp365/usr/local/share/applications/fr.mfp365.assistant.desktop; do
  grep -qx "$want" <<<"$listing" || fail "$tarball lacks $want"
done
ok "$tarball: fyne package layout"

tar xJf "$tarball" -C "$scratch"
# Xvfb picks a free display itself (-displayfd), so that another X server cannot be in the way.
Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp 3>"$scratch/display" >/dev/null 2>&1 &
xvfb=$!
trap 'kill $xvfb 2>/dev/null || true; rm -rf "$scratch"' EXIT
for _ in $(seq 100); do [ -s "$scratch/display" ] && break; sleep 0.1; done
export DISPLAY=":$(tr -d '[:space:]' <"$scratch/display")"
for _ in $(seq 100); do xdpyinfo >/dev/null 2>&1 && break; sleep 0.1; done
HOME="$scratch" "$scratch/mfp365/usr/local/bin/mfp365" >"$scratch/app.log" 2>&1 &
app=$!
for _ in $(seq 300); do
  xdotool search --onlyvisible --name '^Assistant MFP 365$' >/dev/null 2>&1 && break
  sleep 0.1
done
if ! xdotool search --onlyvisible --name '^Assistant MFP 365$' >/dev/null 2>&1; then
  cat "$scratch/app.log" >&2
  fail "no window under Xvfb (display $DISPLAY)"
fi
kill "$app"
ok "the Linux binary shows its window under Xvfb"

ls -l . | awk 'NR > 1 {printf "%-42s %10d bytes\n", $9, $5}'
