package kb

import "strings"

// A bare SMTP reply code or OAuth error value is not Microsoft's: "535 5.7.8" is what Gmail,
// Postfix or any other server answers too, and "invalid_grant" what Google, Okta or Keycloak
// answer. A code alone explains a text only when the text ties it to Microsoft or to a printer
// (its words, its servers, the vendor), when the text is nothing but the code (someone asking
// what it means), or when the text is the sign-in's own answer (SaidByMicrosoft). Wording
// that an entry knows (its phrases) is a tie by itself.

// microsoftTies are words that place a reply at Microsoft: host names, products, the links its
// replies carry, its client libraries (ADAL, MSAL, the Azure CLI), its error bodies' labels,
// and the wording of Exchange Online's own replies ("5.7.3 Authentication unsuccessful",
// "5.3.3 Unrecognized command"; other servers say "authentication failed" and "command not
// recognized").
var microsoftTies = []string{"outlook.com", "office365", "office 365", "microsoft", "exchange", "aka.ms/",
	"onmicrosoft", "hotmail", "live.com", "smtp.office365", "o365", "m365", "entra", "azure",
	"authentication unsuccessful", "unrecognized command", "aadsts", "microsoftonline", "trace id:",
	"correlation id:", "adal", "msal", "az login", "azure cli"}

// printerTies are the words of each printer group: the vendors, their web pages and messages.
var printerTies = map[string][]string{
	"epson":     {"epson", "web config"},
	"nashuatec": {"nashuatec", "ricoh", "savin", "lanier", "gestetner", "rex-rotary", "web image monitor", "scantoemail"},
	"printers": {"brother", "kyocera", "taskalfa", "ecosys", "sharp", "canon", "imagerunner", "xerox", "altalink", "versalink",
		"hewlett", "laserjet", "konica", "bizhub", "lexmark", "ricoh", "epson", "printer", "imprimante", "scanner", "mfp"},
}

// otherProviders are the mail and identity providers whose replies people paste for
// Microsoft's: the word that shows it, and the provider's name.
var otherProviders = []struct{ word, name string }{{"support.google.com", "Google"}, {"gmail", "Google"},
	{"googlemail", "Google"}, {"accounts.google", "Google"}, {"yahoo", "Yahoo"}, {"okta", "Okta"},
	{"keycloak", "Keycloak"}, {"zoho", "Zoho"}}

// otherProvider names the provider a text (lowercased) comes from, or "".
func otherProvider(lower string) string {
	for _, p := range otherProviders {
		if strings.Contains(lower, p.word) {
			return p.name
		}
	}
	return ""
}

// codeOnlyWords may stand around a code in a text that is only the code.
var codeOnlyWords = map[string]bool{"smtp": true, "error": true, "erreur": true, "code": true, "err": true, "status": true,
	"reply": true, "aadsts": true, "oauth": true}

// tied reports whether the text (lowercased) ties a code-only match of e to the entry's world.
func tied(lower string, e *Entry) bool {
	ties := printerTies[e.Group]
	return hasContext(lower, microsoftTies) || len(ties) > 0 && hasContext(lower, ties)
}

// codeOnly reports whether the text holds nothing but codes and a few words such as "error".
// It stops at the first other word, so a long text costs nothing.
func codeOnly(lower string) bool {
	for i := 0; i < len(lower); {
		if lower[i] < 'a' || lower[i] > 'z' {
			i++
			continue
		}
		j := i
		for j < len(lower) && (lower[j] >= 'a' && lower[j] <= 'z' || lower[j] == '_') {
			j++
		}
		w := lower[i:j]
		if len(w) > 1 && !codeOnlyWords[w] && !strings.Contains(w, "_") { // invalid_grant is a code
			return false
		}
		i = j
	}
	return true
}

// onlyShared reports whether every code of a candidate is one other servers share: an SMTP
// reply code or an OAuth error value.
func onlyShared(k *candidate) bool {
	for _, code := range append(k.exact, k.prefix...) {
		if !strings.HasPrefix(code, "SMTP ") && !strings.HasPrefix(code, "oauth:") {
			return false
		}
	}
	return len(k.exact)+len(k.prefix) > 0
}
