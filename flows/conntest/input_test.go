package conntest

import (
	"errors"
	"testing"
	"time"

	"mfp365/input"
)

func TestCheckRefusesBadInputBeforeTraffic(t *testing.T) {
	ok := Input{User: "scan@contoso.fr"}
	for _, tc := range []struct {
		name  string
		in    Input
		field string
	}{
		{"no mailbox", Input{}, "user"},
		{"mailbox with a name", Input{User: "Scan <scan@contoso.fr>"}, "user"},
		{"bad recipient", Input{User: ok.User, To: "direction"}, "to"},
		{"bad sender", Input{User: ok.User, From: "a@b@c"}, "from"},
		{"port zero", Input{User: ok.User, Port: "0"}, "port"},
		{"port text", Input{User: ok.User, Port: "smtp"}, "port"},
		{"port too high", Input{User: ok.User, Port: "65536"}, "port"},
		{"host with a port", Input{User: ok.User, Host: "smtp.office365.com:587"}, "host"},
		{"timeout too short", Input{User: ok.User, Timeout: "1ms"}, "timeout"},
		{"unknown cloud", Input{User: ok.User, Cloud: "mars"}, "cloud"},
		{"authority over http", Input{User: ok.User, Authority: "http://login.example.com"}, "authority"},
	} {
		_, err := Check(tc.in)
		var ie *input.Error
		if !errors.As(err, &ie) || ie.Field != tc.field {
			t.Errorf("%s: %v, want an input error on %q", tc.name, err, tc.field)
		}
	}
}

func TestCheckFillsDefaultsAndTheCloudsLoginHost(t *testing.T) {
	for cloud, want := range map[string]string{
		"":       "https://login.microsoftonline.com/",
		"global": "https://login.microsoftonline.com/",
		"usgov":  "https://login.microsoftonline.us/",
		"china":  "https://login.partner.microsoftonline.cn/",
	} {
		cfg, err := Check(Input{User: " scan@contoso.fr ", Cloud: cloud})
		if err != nil || cfg.LoginURL != want {
			t.Errorf("cloud %q: login %q, %v; want %q", cloud, cfg.LoginURL, err, want)
		}
		if cfg.Host != DefaultHost || cfg.Port != DefaultPort || cfg.Timeout != DefaultTimeout || cfg.From != "scan@contoso.fr" {
			t.Errorf("defaults: %+v", cfg)
		}
	}
	cfg, err := Check(Input{User: "scan@contoso.fr", Host: "localhost", Port: " 2525 ", Timeout: "3s", Authority: "https://127.0.0.1:8443/"})
	if err != nil || cfg.Port != 2525 || cfg.Timeout != 3*time.Second || cfg.LoginURL != "https://127.0.0.1:8443/" {
		t.Errorf("given values: %+v, %v", cfg, err)
	}
}
