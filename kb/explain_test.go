package kb

import "testing"

func TestExplainRendersEachEntryOnceWithKnownDetails(t *testing.T) {
	cat, tr := catalog(t), trFR
	reply := "535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant."
	ex := cat.Explain(tr, Details{User: "scan@contoso.fr"}, SaidByAnyone, reply, "", reply, "check:clock")
	var ids []string
	for _, p := range ex.Panels {
		ids = append(ids, p.ID)
	}
	if len(ex.Panels) < 2 || len(ids) != len(uniq(ids)) {
		t.Fatalf("panels %v", ids)
	}
	if len(ex.Codes) != len(uniq(ex.Codes)) || ex.Codes[0] != "SMTP 535 5.7.139" {
		t.Errorf("codes %v", ex.Codes)
	}
	if none := cat.Explain(tr, Details{}, SaidByAnyone); none.Panels == nil || none.Codes == nil || len(none.Panels) != 0 {
		t.Errorf("no text: %+v (JSON wants empty lists, not null)", none)
	}
}

func uniq(s []string) map[string]bool {
	m := map[string]bool{}
	for _, x := range s {
		m[x] = true
	}
	return m
}
