package report

import (
	"mfp365/checks"
	"mfp365/flows/conntest"
	"mfp365/flows/signin"
	"mfp365/kb"
)

// Verdict is how a run ends, in one word: the printer can send (ready), it can but something
// will stop it or should be looked at (warnings), or it cannot (not-ready). "" when nothing
// was run that can tell.
type Verdict string

// The verdicts, from the best.
const (
	VerdictReady    Verdict = "ready"
	VerdictWarnings Verdict = "warnings"
	VerdictNotReady Verdict = "not-ready"
)

// worse is the more serious of two verdicts.
func worse(a, b Verdict) Verdict {
	rank := map[Verdict]int{"": 0, VerdictReady: 1, VerdictWarnings: 2, VerdictNotReady: 3}
	if rank[b] > rank[a] {
		return b
	}
	return a
}

// VerdictOf combines what the run learned: the connection test, the sign-in and what the
// listener saw the printers do. A printer still sending a password is not ready: basic
// authentication for SMTP AUTH is off by default at the end of December 2026 (Microsoft's
// timeline of 27 January 2026, see DESIGN.md).
func VerdictOf(cat *kb.Catalog, r Report) Verdict {
	v := testVerdict(r.Test)
	if r.SignIn != "" {
		v = worse(v, signinVerdict(r.SignIn))
	}
	for _, s := range r.Listened {
		v = worse(v, findingsVerdict(cat, s.Findings))
	}
	for code := range r.ListenTally.Findings {
		v = worse(v, findingsVerdict(cat, []string{code}))
	}
	if r.ListenTally.Refused > 0 {
		v = worse(v, VerdictWarnings) // a printer was turned away: its session was not seen
	}
	return v
}

// testVerdict: a failed step, or the password route, is not ready; a step that warns is a warning.
func testVerdict(t *Test) Verdict {
	if t == nil {
		return ""
	}
	if t.Result.Status == checks.Fail || t.Config.Route == conntest.RouteBasic {
		return VerdictNotReady
	}
	for _, s := range t.Result.Steps {
		if s.Status == checks.Warn {
			return VerdictWarnings
		}
	}
	return VerdictReady
}

func signinVerdict(v signin.Verdict) Verdict {
	switch v {
	case signin.Verdict(signin.StatusOK):
		return VerdictReady
	case signin.VerdictOKWarnings:
		return VerdictWarnings
	}
	return VerdictNotReady
}

// findingsVerdict: what the listener found, as the knowledge base rates it; a password sent
// is not ready whatever its entry's kind (it works until basic authentication ends).
func findingsVerdict(cat *kb.Catalog, findings []string) Verdict {
	v := VerdictReady
	for _, f := range findings {
		switch {
		case f == passwordFinding || cat.KindOf(f) == kb.KindError:
			return VerdictNotReady
		case cat.KindOf(f) == kb.KindWarning:
			v = VerdictWarnings
		}
	}
	return v
}

// passwordFinding is the listener's finding of a printer that signs in with a password.
const passwordFinding = "check:listen-basic-auth"
