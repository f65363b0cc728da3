#!/usr/bin/env bash
# Checks the installers `make dist` built, as far as this Linux machine can:
# the setup.exe and the Windows binary carry the version resource and the icon; signed with a
# throwaway certificate, `osslsigncode verify` passes; the .deb holds the expected files and its
# binary runs from a scratch root; the Linux archive holds the fyne package layout; the Linux
# binary shows its window under Xvfb; the checksums match. The Windows program imports only DLLs
# that Windows ships, and it runs under Wine (64-bit prefix, Xvfb): the command line explains a
# code, the window appears, `setup.exe /S` installs it, the installed program's window appears
# from its Start-menu shortcut, and the silent uninstall removes it.
# The MSI: its properties (name, version, codes, manufacturer, per machine), its File, Shortcut
# and Upgrade tables, the program inside it is the standalone one, a throwaway signature
# verifies; under Wine `msiexec /i ... /qn` installs it into Program Files, an MSI built from the
# same .wxs with a higher version upgrades it in place, and `msiexec /x ... /qn` removes it.
# The winget manifests: valid YAML, the fields winget's schema requires, the setup.exe's SHA-256
# and the version.
set -euo pipefail
cd "$(dirname "$0")/../dist"
version=$(sed -n 's/^Version = "\(.*\)"/\1/p' ../FyneApp.toml)
build=$(sed -n 's/^Build = \([0-9]*\)/\1/p' ../FyneApp.toml)
setup="mfp365-$version-setup.exe" exe="mfp365-$version-windows-amd64.exe"
deb="mfp365_${version}-${build}_amd64.deb" tarball="mfp365-$version-linux-amd64.tar.xz"
msi="mfp365-$version-x64.msi"
winget="winget/manifests/m/Mfp365/AssistantMFP365/$version"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
fail() { echo "dist-check: $*" >&2; exit 1; }
ok() { echo "ok   $*"; }

sha256sum -c --quiet SHA256SUMS || fail "checksums"
for f in "$setup" "$exe" "$msi" "$deb" "$tarball"; do
  grep -q "^[0-9a-f]\{64\}  $f\$" SHA256SUMS || fail "SHA256SUMS does not cover $f"
done
ok "SHA256SUMS covers the setup.exe, the exe, the MSI, the .deb and the archive"

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

# The MSI (msitools). msiinfo export prints a table as tab-separated lines after 3 header lines.
tab=$'\t'
msi_path="$PWD/$msi"   # (in $scratch: msiinfo writes the streams of a table with binary columns, Icon here, into ./TABLE/)
table() { (cd "$scratch" && msiinfo export "$msi_path" "$1") | tail -n +4 | tr -d '\r'; } # TABLE
property() { table Property | awk -F'\t' -v p="$1" '$1 == p { print $2 }'; } # NAME
# The UpgradeCode is the MSI's identity across versions: it must never change (a new one would
# install beside the older versions instead of upgrading them).
upgrade_code=C9C2B9EF-66C0-4FF3-9331-FD99DD6B36EC
grep -q "UpgradeCode=\"$upgrade_code\"" ../packaging/windows/mfp365.wxs \
  || fail "packaging/windows/mfp365.wxs: the UpgradeCode changed (it must stay $upgrade_code)"
product_code_of() { # VERSION: dist.sh's ProductCode for that version
  /usr/bin/python3 -c 'import sys, uuid; print(str(uuid.uuid5(uuid.UUID(sys.argv[1]), "mfp365 " + sys.argv[2])).upper())' \
    "$upgrade_code" "$1"
}
product_code=$(product_code_of "$version")
want_property() { [ "$(property "$1")" = "$2" ] || fail "$msi: $1 is '$(property "$1")', not '$2'"; } # NAME VALUE
want_property ProductName "Assistant MFP 365"
want_property ProductVersion "$version"
want_property Manufacturer mfp365
want_property ALLUSERS 1
want_property UpgradeCode "{$upgrade_code}"
want_property ProductCode "{$product_code}"
want_property ARPPRODUCTICON mfp365.ico
table Icon | grep -q "^mfp365.ico${tab}" || fail "$msi: no mfp365.ico in the Icon table"
msiinfo suminfo "$msi" | grep -q "^Template: x64;" || fail "$msi is not a 64-bit package"
table File | awk -F'\t' '$1 == "mfp365.exe" && $2 == "MainExe" && $3 == "mfp365.exe" { found = 1 } END { exit !found }' \
  || fail "$msi: no mfp365.exe in the File table"
table Component | awk -F'\t' '$1 == "MainExe" && $3 == "INSTALLDIR" && $4 % 512 >= 256 { found = 1 } END { exit !found }' \
  || fail "$msi: the component of mfp365.exe is not a 64-bit one in INSTALLDIR"
table Directory | grep -qx "INSTALLDIR${tab}ProgramFiles64Folder${tab}Assistant MFP 365" \
  || fail "$msi: INSTALLDIR is not Program Files\\Assistant MFP 365"
table Shortcut | awk -F'\t' '$2 == "ProgramMenuFolder" && $3 == "Assistant MFP 365" && $5 == "[#mfp365.exe]" { found = 1 }
  END { exit !found }' || fail "$msi: no Start-menu shortcut « Assistant MFP 365 » to mfp365.exe"
table Upgrade | grep -q "^{$upgrade_code}${tab}.*WIX_UPGRADE_DETECTED" || fail "$msi: no major upgrade of older versions"
table InstallExecuteSequence | grep -q "^RemoveExistingProducts${tab}" || fail "$msi: RemoveExistingProducts is not scheduled"
ok "$msi: ProductName, ProductVersion $version, Manufacturer, ALLUSERS=1, UpgradeCode {$upgrade_code}, ProductCode {$product_code}, icon"
ok "$msi: mfp365.exe in Program Files (64-bit), the Start-menu shortcut « Assistant MFP 365 », the major upgrade"
mkdir "$scratch/msi"
msiextract -C "$scratch/msi" "$msi" >/dev/null
cmp -s "$scratch/msi/Assistant MFP 365/mfp365.exe" "$exe" || fail "the mfp365.exe in $msi is not $exe"
[ "$(find "$scratch/msi" -type f | wc -l)" -eq 1 ] || fail "$msi holds more than mfp365.exe"
ok "$msi holds $exe, and only it"

openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=mfp365 test signer" \
  -keyout "$scratch/key.pem" -out "$scratch/cert.pem" 2>/dev/null
for f in "$setup" "$msi"; do
  osslsigncode sign -certs "$scratch/cert.pem" -key "$scratch/key.pem" -n "Assistant MFP 365" \
    -in "$f" -out "$scratch/signed-$f" >/dev/null
  osslsigncode verify -CAfile "$scratch/cert.pem" -in "$scratch/signed-$f" | grep -q "Signature verification: ok" \
    || fail "osslsigncode verify $f"
done
ok "$setup and $msi signed with a throwaway certificate: osslsigncode verify passes"
if [ -n "${MFP365_SIGN_CERT:-}" ] && [ -n "${MFP365_SIGN_KEY:-}" ]; then
  # make dist signed them: each carries a signature by that certificate.
  signer=$(openssl x509 -in "$MFP365_SIGN_CERT" -noout -subject | sed 's/^subject= *//')
  for f in "$setup" "$msi"; do
    osslsigncode extract-signature -in "$f" -out "$scratch/sig-$f.p7" >/dev/null 2>&1 || fail "$f is not signed"
    openssl pkcs7 -inform DER -in "$scratch/sig-$f.p7" -print_certs -noout | grep -qF "subject=$signer" \
      || fail "$f is not signed by $signer"
  done
  ok "$setup and $msi are signed by $signer"
fi

# The winget manifests: valid YAML, what the schema requires (ManifestVersion 1.10.0), the same
# identifier and version in the four files, the setup.exe's SHA-256.
# winget finds an installed version by its ProductCode: the name of the setup.exe's Uninstall key (APPID).
appid=$(sed -n 's/^!define APPID "\(.*\)"/\1/p' ../packaging/windows/installer.nsi)
/usr/bin/python3 - "$winget" "$version" "$(sha256sum "$setup" | cut -d' ' -f1)" "$setup" "$appid" <<'PY' || fail "winget manifests"
import re, sys, yaml
folder, version, sha, setup, appid = sys.argv[1:]
ident = "Mfp365.AssistantMFP365"
def load(name):
    raw = open(f"{folder}/{ident}.{name}yaml", "rb").read()
    assert not raw.startswith(b"\xef\xbb\xbf"), f"{name}: a byte-order mark"
    m = yaml.safe_load(raw.decode("utf-8"))
    for k, v in m.items():
        assert not (isinstance(v, str) and re.search(r"@[A-Z0-9_]+@", v)), f"{name}{k}: placeholder {v!r} left"
    assert m["PackageIdentifier"] == ident, f"{name}: PackageIdentifier {m['PackageIdentifier']!r}"
    assert re.fullmatch(r'[^.\s\\/:*?"<>|\x01-\x1f]{1,32}(\.[^.\s\\/:*?"<>|\x01-\x1f]{1,32}){1,7}', ident)
    assert m["PackageVersion"] == version, f"{name}: PackageVersion {m['PackageVersion']!r}, not {version}"
    assert m["ManifestVersion"] == "1.10.0", f"{name}: ManifestVersion {m['ManifestVersion']!r}"
    return m
def need(m, name, *keys):
    for k in keys:
        assert m.get(k) not in (None, "", []), f"{name}: {k} missing"
v = load("")
need(v, "version", "DefaultLocale", "ManifestType")
assert v["ManifestType"] == "version" and v["DefaultLocale"] == "fr-FR"
i = load("installer.")
need(i, "installer", "Installers", "ManifestType", "InstallerType", "Scope", "InstallerSwitches")
assert i["ManifestType"] == "installer"
assert (i["InstallerType"], i["Scope"]) == ("nullsoft", "user"), "installer: not nullsoft per user"
assert appid and i.get("ProductCode") == appid, f"installer: ProductCode {i.get('ProductCode')!r}, not the setup.exe's Uninstall key {appid!r}"
assert i["InstallerSwitches"]["Silent"] == "/S" and i["InstallerSwitches"]["SilentWithProgress"] == "/S"
assert len(i["Installers"]) == 1
inst = i["Installers"][0]
assert inst["Architecture"] == "x64"
assert re.fullmatch(r"[A-F0-9]{64}", inst["InstallerSha256"]), "InstallerSha256 is not 64 hex digits"
assert inst["InstallerSha256"] == sha.upper(), f"InstallerSha256 is not {setup}'s SHA-256"
assert re.fullmatch(r"[Hh][Tt][Tt][Pp][Ss]?://.+", inst["InstallerUrl"]) and len(inst["InstallerUrl"]) <= 2048
assert inst["InstallerUrl"].endswith("/" + setup), "InstallerUrl does not name the setup.exe"
licenses = []
for loc, kind in (("fr-FR", "defaultLocale"), ("en-US", "locale")):
    m = load(f"locale.{loc}.")
    licenses.append(m["License"])
    assert m["ManifestType"] == kind and m["PackageLocale"] == loc, f"locale {loc}"
    need(m, loc, "Publisher", "PackageName", "License", "ShortDescription")
    assert 3 <= len(m["ShortDescription"]) <= 256 and len(m["License"]) >= 3
    assert all(1 <= len(t) <= 40 for t in m.get("Tags", [])) and len(m.get("Tags", [])) <= 16
    assert m["Publisher"] == "mfp365" and m["PackageName"] == "Assistant MFP 365"
placeholders = [s for s in {inst["InstallerUrl"], *licenses} if ".invalid/" in s or "TO-BE-SET" in s]
if placeholders:
    print("note winget placeholders to replace before submitting: " + ", ".join(placeholders))
PY
ok "$winget: 4 manifests (ManifestVersion 1.10.0, fr-FR and en-US), version $version, InstallerSha256 of $setup, ProductCode $appid"

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

# The MSI under Wine: a silent per-machine install, an upgrade in place, a silent uninstall.
# Wine's msiexec puts the shortcut of a per-machine install in the user's Start menu (Windows
# puts it in ProgramData's, for all users): either is accepted.
programs="$WINEPREFIX/drive_c/Program Files/Assistant MFP 365"
msi_shortcut() {
  ls "$WINEPREFIX/drive_c/ProgramData/Microsoft/Windows/Start Menu/Programs/Assistant MFP 365.lnk" \
     "$profile/AppData/Roaming/Microsoft/Windows/Start Menu/Programs/Assistant MFP 365.lnk" 2>/dev/null | head -1
}
arp_key() { echo "HKLM\\Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\{$1}"; } # PRODUCT_CODE
registered() { # PRODUCT_CODE VERSION: its "Apps & features" entry exists, for that version
  wine reg query "$(arp_key "$1")" >"$scratch/key.txt" 2>>"$wine_log" || true
  grep -q "DisplayVersion.*REG_SZ.*$2" "$scratch/key.txt" && grep -q "Publisher.*REG_SZ.*mfp365" "$scratch/key.txt"
}
t=$(now_ms)
wine msiexec /i "$(winepath -w "$msi" 2>>"$wine_log")" /qn >>"$wine_log" 2>&1 || true
wineserver -w
cmp -s "$programs/mfp365.exe" "$exe" || fail "msiexec /i $msi /qn did not install $exe into Program Files"
[ -n "$(msi_shortcut)" ] || fail "msiexec /i $msi /qn made no Start-menu shortcut"
registered "$product_code" "$version" || { cat "$scratch/key.txt" >&2; fail "$msi: no Apps & features entry for $version"; }
ok "msiexec /i $msi /qn installs mfp365.exe in Program Files, the shortcut, the Apps & features entry: $(seconds "$t") s"

t=$(now_ms)
wine start "$(winepath -w "$(msi_shortcut)" 2>>"$wine_log")" >>"$wine_log" 2>&1 &
wait_window "$wine_log" "the program the MSI installed, from its Start-menu shortcut"
ok "the program the MSI installed shows its window from its Start-menu shortcut: $(seconds "$t") s"
wineserver -k; wait_no_window

# A newer version, built from the same .wxs as dist.sh does, replaces this one (MajorUpgrade).
t=$(now_ms)
next=$(awk -F. -v OFS=. '{ $NF = $NF + 1; print }' <<<"$version")
next_code=$(product_code_of "$next")
mkdir "$scratch/next"
cp "$exe" "$scratch/next/mfp365.exe"
cp ../packaging/windows/mfp365.wxs "$scratch/next/"
convert ../assets/icon.png -define icon:auto-resize=256,64,48,32,16 "$scratch/next/icon.ico"
(cd "$scratch/next" && wixl -a x64 -D Version="$next" -D ProductCode="$next_code" -D Exe=mfp365.exe \
  -D Icon=icon.ico -o next.msi mfp365.wxs) 2>>"$wine_log" || fail "wixl could not build version $next"
wine msiexec /i "$(winepath -w "$scratch/next/next.msi" 2>>"$wine_log")" /qn >>"$wine_log" 2>&1 || true
wineserver -w
registered "$next_code" "$next" || fail "the MSI of version $next did not install"
! registered "$product_code" "$version" || fail "the MSI of version $next left version $version registered beside it"
cmp -s "$programs/mfp365.exe" "$exe" || fail "the upgrade to $next lost mfp365.exe"
ok "an MSI of version $next (same .wxs) upgrades $version in place: one entry, one program: $(seconds "$t") s"

t=$(now_ms)
wine msiexec /x "{$next_code}" /qn >>"$wine_log" 2>&1 || true
wineserver -w
[ ! -e "$programs/mfp365.exe" ] || fail "msiexec /x left the program"
[ -z "$(msi_shortcut)" ] || fail "msiexec /x left the Start-menu shortcut"
! registered "$next_code" "$next" || fail "msiexec /x left the Apps & features entry"
ok "msiexec /x ... /qn removes the program, its shortcut and its entry: $(seconds "$t") s"

ls -l . | awk 'NR > 1 {printf "%-42s %10d bytes\n", $9, $5}'
