package listen

import (
	"errors"
	"testing"
	"time"

	"mfp365/input"
)

func TestCheckRefusesBadInputBeforeListening(t *testing.T) {
	for _, tc := range []struct {
		in         Input
		field, why string
	}{
		{Input{Addr: "587"}, "addr", "addr"},
		{Input{Addr: "0.0.0.0:smtp"}, "addr", "addr"},
		{Input{Addr: ":70000"}, "addr", "addr"},
		{Input{Timeout: "500ms"}, "timeout", "listen_timeout"},
		{Input{Timeout: "2h"}, "timeout", "listen_timeout"},
		{Input{Timeout: "soon"}, "timeout", "listen_timeout"},
		{Input{Tenant: "x!"}, "tenant", "tenant"},
	} {
		_, err := Check(tc.in)
		var ie *input.Error
		if !errors.As(err, &ie) || ie.Field != tc.field || ie.Code != tc.why {
			t.Errorf("%+v: %v, want %s refused for %s", tc.in, err, tc.field, tc.why)
		}
	}
	cfg, err := Check(Input{Addr: " 127.0.0.1:2525 ", Timeout: "5m", Tenant: "Contoso.onmicrosoft.com"})
	if err != nil || cfg.Addr != "127.0.0.1:2525" || cfg.Timeout != 5*time.Minute || cfg.Tenant != "contoso.onmicrosoft.com" {
		t.Errorf("valid values: %+v, %v", cfg, err)
	}
	if cfg, err := Check(Input{}); err != nil || cfg.Timeout != DefaultTimeout || cfg.Addr != "" {
		t.Errorf("defaults: %+v, %v", cfg, err)
	}
}

func TestTallyAdd(t *testing.T) {
	a := Tally{More: 1, Refused: 2, Findings: map[string]int{"check:listen-basic-auth": 1}}
	b := Tally{More: 3, Findings: map[string]int{"check:listen-basic-auth": 2, "check:listen-no-tls": 1}}
	sum := a.Add(b)
	if sum.More != 4 || sum.Refused != 2 || sum.Findings["check:listen-basic-auth"] != 3 || sum.Findings["check:listen-no-tls"] != 1 || a.Findings["check:listen-basic-auth"] != 1 {
		t.Errorf("%+v (a %+v)", sum, a)
	}
}
