package i18n

import (
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
)

// AppID is the application ID of FyneApp.toml; Fyne keeps the window's preferences under it.
const AppID = "fr.mfp365.assistant"

// LanguagePref is the preference key under which the window saves the chosen language.
const LanguagePref = "language"

// SavedLanguage reads the language the window saved in Fyne's preferences file, or "".
// The command line does not link Fyne's store, so it reads the same file (Fyne's layout:
// <config>/fyne/<app ID>/preferences.json, <config> being ~/Library/Preferences on macOS).
func SavedLanguage() string {
	dir, err := os.UserConfigDir()
	if runtime.GOOS == "darwin" {
		var home string
		home, err = os.UserHomeDir()
		dir = filepath.Join(home, "Library", "Preferences")
	}
	if err != nil {
		return ""
	}
	data, err := os.ReadFile(filepath.Join(dir, "fyne", AppID, "preferences.json"))
	if err != nil || len(data) > 1<<20 {
		return ""
	}
	var prefs map[string]any
	if json.Unmarshal(data, &prefs) != nil {
		return ""
	}
	s, _ := prefs[LanguagePref].(string)
	return s
}
