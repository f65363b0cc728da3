#!/usr/bin/env bash
# Checks the installers `make dist` built, as far as this Linux machine can:
# the setup.exe and the Windows binary carry the version resource and the icon; signed with a
# throwaway certificate, `osslsigncode verify` passes; the .deb holds the expected files and its
# binary runs from a scratch root; the Linux archive holds the fyne package layout; the Linux
# binary shows its window under Xvfb; the checksums match. The Windows program imports only DLLs
# that Windows ships, and it runs under Wine (64-bit prefix, Xvfb): the command line explains a
# code, the window appears, `setup.exe /S` installs it, the installed program's window appears
# from its Start-menu shortcut, and the silent uninstall removes it.
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

# The DLLs a Windows program may import: Windows' own. A DLL outside this list (libssp-0.dll,
# libwinpthread-1.dll, libgcc_s_seh-1.dll...) is on no user's machine, and the program would not
# start ("... was not found"). Add a name only after checking that Windows 10 and 11 ship it.
windows_dlls="advapi32 bcrypt bcryptprimitives comctl32 comdlg32 crypt32 dnsapi dwmapi gdi32 imm32
  iphlpapi kernel32 msvcrt ntdll ole32 oleaut32 opengl32 powrprof secur32 setupapi shcore shell32
  shlwapi user32 userenv uxtheme version winmm winspool.drv ws2_32 wsock32"
imports_only_windows() { # FILE
  local dlls dll
  dlls=$(x86_64-w64-mingw32-objdump -p "$1" | sed -n 's/^\s*DLL Name: //p' | tr 'A-Z' 'a-z' | sed 's/\.dll$//')
  [ -n "$dlls" ] || fail "$1: no import table read"
  for dll in $dlls; do
    grep -qwF -- "$dll" <<<"$windows_dlls" || fail "$1 imports $dll.dll, which Windows does not ship"
  done
  ok "$1 imports only Windows' DLLs: $(echo $dlls)"
}
imports_only_windows "$exe"

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
# -noreset: by default Xvfb resets when its last client leaves (xdpyinfo, xdotool, a program that
# was stopped), and a program that connects during the reset fails ("PlatformUnavailable").
Xvfb -displayfd 3 -noreset -screen 0 1280x800x24 -nolisten tcp 3>"$scratch/display" >/dev/null 2>&1 &
xvfb=$!
trap 'kill $xvfb 2>/dev/null || true; rm -rf "$scratch"' EXIT
for _ in $(seq 100); do [ -s "$scratch/display" ] && break; sleep 0.1; done
export DISPLAY=":$(tr -d '[:space:]' <"$scratch/display")"
for _ in $(seq 100); do xdpyinfo >/dev/null 2>&1 && break; sleep 0.1; done
window_shown() { xdotool search --onlyvisible --name '^Assistant MFP 365$' >/dev/null 2>&1; }
wait_window() { # LOG WHAT: waits up to 30 s for the window, else prints LOG and fails
  for _ in $(seq 300); do window_shown && return 0; sleep 0.1; done
  cat "$1" >&2
  fail "$2: no window under Xvfb (display $DISPLAY)"
}
wait_no_window() { for _ in $(seq 100); do window_shown || return 0; sleep 0.1; done; fail "a window stayed open"; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
seconds() { awk -v since="$1" -v now="$(now_ms)" 'BEGIN { printf "%.1f", (now - since) / 1000 }'; } # SINCE_MS

HOME="$scratch" "$scratch/mfp365/usr/local/bin/mfp365" >"$scratch/app.log" 2>&1 &
app=$!
wait_window "$scratch/app.log" "the Linux binary"
kill "$app"
wait_no_window
ok "the Linux binary shows its window under Xvfb"

# Windows, under Wine: a smoke test, not Windows (no SmartScreen, UAC, signature or real GPU).
export WINEPREFIX="$scratch/wine" WINEARCH=win64 WINEDEBUG=-all,err+module   # a missing DLL is named in the log
export WINEDLLOVERRIDES="winemenubuilder.exe=d;mscoree,mshtml="   # no desktop entries, no Mono/Gecko prompts
wine_log="$scratch/wine.log"
trap 'wineserver -k 2>/dev/null || true; kill $xvfb 2>/dev/null || true; rm -rf "$scratch"' EXIT
t=$(now_ms)
wineboot -i >>"$wine_log" 2>&1
wineserver -w
x86_64-w64-mingw32-gcc -shared -O2 -s -o "$WINEPREFIX/drive_c/windows/system32/bcryptprimitives.dll" \
  ../scripts/wine/bcryptprimitives.c -ladvapi32
ok "Wine prefix (64-bit) with the bcryptprimitives.dll stand-in: $(seconds "$t") s"

# Wine's exit codes mean nothing: the output, the files, the registry and the windows are checked.
t=$(now_ms)
wine "$exe" lookup --lang en AADSTS7000218 >"$scratch/lookup.txt" 2>>"$wine_log" || true
grep -q "does not allow sign-in with a code" "$scratch/lookup.txt" \
  || { cat "$wine_log" >&2; fail "$exe does not explain a code on the command line under Wine"; }
ok "$exe explains a code on the command line under Wine: $(seconds "$t") s"

t=$(now_ms)
wine "$exe" >>"$wine_log" 2>&1 &
wait_window "$wine_log" "$exe under Wine"
ok "$exe shows its window under Wine: $(seconds "$t") s"
wineserver -k; wait_no_window

t=$(now_ms)
wine "$setup" /S >>"$wine_log" 2>&1
wineserver -w
installed=$(ls -d "$WINEPREFIX"/drive_c/users/*/AppData/Local/Programs/"Assistant MFP 365" 2>/dev/null | head -1)
[ -n "$installed" ] || fail "$setup /S installed nothing"
profile=${installed%/AppData/*}
shortcut="$profile/AppData/Roaming/Microsoft/Windows/Start Menu/Programs/Assistant MFP 365.lnk"
uninstall_key='HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\fr.mfp365.assistant'
cmp -s "$installed/mfp365.exe" "$exe" || fail "the installed mfp365.exe is not $exe" # so its imports were checked
[ -f "$installed/uninstall.exe" ] || fail "no uninstall.exe"
[ -f "$shortcut" ] || fail "no Start-menu shortcut"
wine reg query "$uninstall_key" >"$scratch/key.txt" 2>>"$wine_log" || true
grep -q "DisplayVersion.*$version" "$scratch/key.txt" || fail "no uninstall registration for version $version"
ok "$setup /S installs the program, its shortcut and its registration: $(seconds "$t") s"

t=$(now_ms)
wine start "$(winepath -w "$shortcut" 2>>"$wine_log")" >>"$wine_log" 2>&1 &
wait_window "$wine_log" "the installed program, from its Start-menu shortcut"
ok "the installed program shows its window from its Start-menu shortcut: $(seconds "$t") s"
wineserver -k; wait_no_window

t=$(now_ms)
wine "$installed/uninstall.exe" /S >>"$wine_log" 2>&1
wineserver -w   # the uninstaller runs again from %TEMP%: wait for it
[ ! -e "$installed/mfp365.exe" ] && [ ! -e "$installed/uninstall.exe" ] || fail "the uninstall left the program"
[ ! -e "$shortcut" ] || fail "the uninstall left the Start-menu shortcut"
wine reg query "$uninstall_key" >"$scratch/key.txt" 2>>"$wine_log" || true
! grep -q DisplayName "$scratch/key.txt" || fail "the uninstall left the registration"
ok "the silent uninstall removes the program, its shortcut and its registration: $(seconds "$t") s"

ls -l . | awk 'NR > 1 {printf "%-42s %10d bytes\n", $9, $5}'
