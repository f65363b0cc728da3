package kb

import (
	"slices"
	"testing"
)

func TestShown(t *testing.T) {
	got := Shown([]string{"check:dns", "SMTP 535 5.7.139", "oauth:invalid_client", "AADSTS7000218", "EPSON 361"})
	if want := []string{"SMTP 535 5.7.139", "invalid_client", "AADSTS7000218", "EPSON 361"}; !slices.Equal(got, want) {
		t.Errorf("Shown: %q, want %q", got, want)
	}
}
