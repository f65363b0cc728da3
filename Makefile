# Assistant MFP 365 — build, run and test on Debian/Ubuntu.
# `make run` and `make test` install what is missing (apt packages; Go modules come through
# the Go module proxy), as root or with sudo.

export PATH := $(PATH):/usr/local/go/bin
GO ?= go
BIN := mfp365

.PHONY: run build test deps deps-test deps-screens deps-dist dist dist-check screenshots bench startup clean

run: build
	./$(BIN)

build: deps
	$(GO) build -o $(BIN) .

deps:
	@scripts/deps.sh build

deps-test:
	@scripts/deps.sh test

deps-screens:
	@scripts/deps.sh screens

deps-dist:
	@scripts/deps.sh dist

# The installers: dist/ gets the Windows setup.exe (NSIS, per user), the MSI (per machine, for
# Intune), the Windows and Linux binaries, the fyne package archive, a .deb, SHA256SUMS, and
# the winget manifests in dist/winget/. Set MFP365_SIGN_CERT and MFP365_SIGN_KEY to sign the
# setup.exe and the MSI; MFP365_RELEASE_URL for the winget InstallerUrl.
dist: deps-dist
	scripts/dist.sh

# What CI checks of the installers (version resource, icon, signature, imports, .deb, window), and
# the Windows build run under Wine (command line, window, silent install and uninstall).
dist-check: dist
	scripts/dist-check.sh

# go vet, the race-enabled tests (they include the check that checks/flows/kb/i18n never
# import fyne.io and the i18n completeness test, run again by name below so a failure is
# easy to spot).
test: deps-test
	$(GO) mod download
	$(GO) vet ./...
	$(GO) vet -tags screenshots ./gui/...
	$(GO) test -race -count=1 ./...
	$(GO) test -count=1 -run 'TestEnginesDoNotImportFyne' .
	$(GO) test -count=1 -run 'TestCompleteness' ./i18n

# Writes a PNG of each screen, in French and English, from the real window under Xvfb: the
# dark theme in screenshots/, the light one in screenshots/clair/.
screenshots: deps-screens
	$(GO) build -tags screenshots -o screenshots/capture ./gui/cmd/screenshots
	xvfb-run -a -s "-screen 0 1280x800x24" screenshots/capture -out screenshots
	FYNE_THEME=light xvfb-run -a -s "-screen 0 1280x800x24" screenshots/capture -out screenshots/clair
	@rm -f screenshots/capture
	@ls screenshots/*.png

bench:
	$(GO) test -run XXX -bench . -benchtime=2s ./kb
	$(GO) test -run XXX -bench . -benchtime=2s -benchmem ./gui

# Start-up time of the window against a minimal Fyne window, both under Xvfb.
startup: build deps-screens
	$(GO) build -o /tmp/mfp365-minimal ./gui/cmd/minimal
	scripts/startup.sh ./$(BIN) /tmp/mfp365-minimal

clean:
	rm -rf $(BIN) dist
