package cli

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

// run runs the command line with the given stdin and returns stdout, stderr and the exit code.
// The saved language is fixed to "" so that the machine's preferences do not matter.
func run(t *testing.T, stdin string, args ...string) (string, string, int) {
	t.Helper()
	var out, errOut bytes.Buffer
	t.Setenv("LANGUAGE", "")
	t.Setenv("LC_ALL", "")
	t.Setenv("LC_MESSAGES", "")
	t.Setenv("LANG", "")
	env := &Env{Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errOut, SavedLanguage: func() string { return "" }}
	code := Run(env, args)
	return out.String(), errOut.String(), code
}

func TestLookupJSON(t *testing.T) {
	out, _, code := run(t, "", "lookup", "--json", `{"error":"invalid_client","error_description":"AADSTS7000218: The request body must contain the following parameter: 'client_assertion' or 'client_secret'.\r\nTrace ID: 0000aaaa-11bb-cccc-dd22-eeeeee333333","error_codes":[7000218]}`)
	if code != ExitOK {
		t.Fatalf("exit %d", code)
	}
	var got struct {
		Codes   []string          `json:"codes"`
		Details map[string]string `json:"details"`
		Matches []struct {
			ID          string              `json:"id"`
			Codes       []string            `json:"codes"`
			Title       string              `json:"title"`
			Cause       string              `json:"cause"`
			Actions     []string            `json:"actions"`
			VendorSteps map[string][]string `json:"vendor_steps"`
			Sources     []string            `json:"sources"`
			Score       float64             `json:"score"`
		} `json:"matches"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("not one JSON object: %v\n%s", err, out)
	}
	if strings.Join(got.Codes, ",") != "oauth:invalid_client,AADSTS7000218" {
		t.Errorf("codes %v", got.Codes)
	}
	if got.Details["trace_id"] != "0000aaaa-11bb-cccc-dd22-eeeeee333333" || len(got.Details) != 1 {
		t.Errorf("details %v (absent keys must be omitted)", got.Details)
	}
	m := got.Matches
	if len(m) != 1 || m[0].ID != "entra-public-client-flows" || m[0].Codes[0] != "AADSTS7000218" || m[0].Score <= 0.9 ||
		!strings.HasPrefix(m[0].Title, "L'application") || len(m[0].Actions) == 0 || len(m[0].VendorSteps["webtools"]) == 0 ||
		m[0].Sources[0] != "000_aa104b4102b39e1e.txt" {
		t.Errorf("matches %+v", m)
	}
}

func TestLookupExitCodesAndInput(t *testing.T) {
	for _, tc := range []struct {
		name, stdin string
		args        []string
		code        int
		stdout      string // substring expected on stdout
		stderr      string // substring expected on stderr
	}{
		{"found", "", []string{"lookup", "AADSTS50126"}, ExitOK, "AADSTS50126", ""},
		{"flags after the text, two dashes", "", []string{"lookup", "AADSTS50126", "--lang", "en"}, ExitOK, "What to do:", ""},
		{"one dash and =", "", []string{"lookup", "-lang=en", "AADSTS50126"}, ExitOK, "What to do:", ""},
		{"nothing found", "", []string{"lookup", "all", "good"}, ExitProblem, "Aucune explication", ""},
		{"stdin", "535 5.7.3 Authentication unsuccessful", []string{"lookup"}, ExitOK, "SMTP 535 5.7.3", ""},
		{"stdin with -", "535 5.7.3 Authentication unsuccessful", []string{"lookup", "-"}, ExitOK, "SMTP 535 5.7.3", ""},
		{"empty stdin", "", []string{"lookup"}, ExitUsage, "", "Aucun texte"},
		{"unknown flag", "", []string{"lookup", "--nope", "x"}, ExitUsage, "", "Option inconnue"},
		{"unknown flag in English", "", []string{"lookup", "--lang", "en", "--nope"}, ExitUsage, "", "Unknown option"},
		{"bad language", "", []string{"lookup", "--lang", "de", "x"}, ExitUsage, "", "fr ou en"},
		{"missing value", "", []string{"lookup", "x", "--lang"}, ExitUsage, "", "attend une valeur"},
		{"unknown command", "", []string{"frobnicate"}, ExitUsage, "", "Commande inconnue"},
		{"planned command", "", []string{"report"}, ExitUsage, "", "pas encore disponible"},
		{"help", "", []string{"help"}, ExitOK, "mfp365 lookup", ""},
		{"binary", "\x00\x01\x02\xff\xfe\x00\x00\x01AADSTS\x00\x00\x00\x03", []string{"lookup"}, ExitProblem, "", "illisibles"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, errOut, code := run(t, tc.stdin, tc.args...)
			if code != tc.code || !strings.Contains(out, tc.stdout) || !strings.Contains(errOut, tc.stderr) {
				t.Errorf("exit %d (want %d)\nstdout: %s\nstderr: %s", code, tc.code, out, errOut)
			}
		})
	}
}

// TestLookupTooLong: a 10 MB paste is read up to the limit and the excess is reported.
func TestLookupTooLong(t *testing.T) {
	big := "AADSTS50126 " + strings.Repeat("x", 10<<20)
	out, errOut, code := run(t, big, "lookup", "--json")
	if code != ExitOK || !strings.Contains(errOut, "seul le début") || !strings.Contains(out, `"warnings"`) {
		t.Errorf("exit %d\nstderr: %s", code, errOut)
	}
}

// TestLookupSuggestions: nothing matches, so lookup exits 1, and the nearest entries come as
// suggestions, never as matches.
func TestLookupSuggestions(t *testing.T) {
	gmail := "535-5.7.8 Username and Password not accepted. Learn more at https://support.google.com/mail/?p=BadCredentials"
	if out, errOut, code := run(t, "", "lookup", "--lang", "fr", gmail); code != ExitProblem || strings.Contains(out, "Peut-être") ||
		!strings.Contains(errOut, "réponse de Google") {
		t.Errorf("Google's reply: exit %d\nstdout: %s\nstderr: %s", code, out, errOut)
	}
	postfix := "535 5.7.8 Error: authentication failed: authentication failure"
	out, _, code := run(t, "", "lookup", "--json", postfix)
	var got struct {
		Matches     []json.RawMessage `json:"matches"`
		Suggestions []struct {
			ID string `json:"id"`
		} `json:"suggestions"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	if code != ExitProblem || len(got.Matches) != 0 || len(got.Suggestions) == 0 {
		t.Errorf("exit %d, %d matches, suggestions %v", code, len(got.Matches), got.Suggestions)
	}
	out, _, code = run(t, "", "lookup", "--lang", "fr", postfix)
	if code != ExitProblem || !strings.Contains(out, "Aucune explication trouvée") || !strings.Contains(out, "Peut-être") {
		t.Errorf("exit %d:\n%s", code, out)
	}
	if out, _, _ := run(t, "", "lookup", "--json", "AADSTS7000218"); strings.Contains(out, `"suggestions"`) {
		t.Errorf("a match came with suggestions:\n%s", out)
	}
}

// TestInputErrorsInTheReadersLanguage: every engine's refusal reads in the language asked
// for, names the option, and exits 2 before any traffic.
func TestInputErrorsInTheReadersLanguage(t *testing.T) {
	for _, tc := range []struct {
		args   []string
		fr, en string
	}{
		{[]string{"listen", "--tenant", "x!"}, "--tenant\u00a0: «\u00a0x!\u00a0» n'est pas un locataire", `--tenant: "x!" is not a tenant`},
		{[]string{"listen", "--timeout", "2h"}, "Durée invalide", "Invalid duration"},
		{[]string{"signin", "--tenant", "contoso.fr", "--client-id", "00001111-aaaa-2222-bbbb-3333cccc4444", "--scope", " "}, "Permissions invalides", "Invalid scope"},
		{[]string{"signin", "--tenant", "contoso.fr", "--client-id", "00001111-aaaa-2222-bbbb-3333cccc4444", "--cloud", "mars"}, "Cloud inconnu", "Unknown cloud"},
		{[]string{"discover", "--snmp-port", "0"}, "Port invalide", "Invalid port"},
		{[]string{"discover", "--host", "a b"}, "Adresse d'imprimante invalide", "Invalid printer address"},
		{[]string{"discover", "--subnet", "10.0.0.0/8"}, "Sous-réseau trop grand", "Subnet too large"},
		{[]string{"test", "smtp", "--user", "scan", "--token-file", "/dev/null"}, "--user\u00a0: «\u00a0scan\u00a0»", `--user: "scan"`},
	} {
		for lang, want := range map[string]string{"fr": tc.fr, "en": tc.en} {
			_, stderr, code := run(t, "", append(tc.args, "--lang", lang)...)
			if code != ExitUsage || !strings.Contains(stderr, want) || strings.Contains(stderr, "invalid ") {
				t.Errorf("%v --lang %s: exit %d, stderr %q; want exit 2 and %q", tc.args, lang, code, stderr, want)
			}
		}
	}
}
