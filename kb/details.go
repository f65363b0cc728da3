package kb

import (
	"regexp"
	"strings"
)

// Details are the facts read from a pasted text, filled into the panels' steps.
type Details struct {
	TenantID      string `json:"tenant_id,omitempty"`
	ClientID      string `json:"client_id,omitempty"`
	TraceID       string `json:"trace_id,omitempty"`
	CorrelationID string `json:"correlation_id,omitempty"`
	Timestamp     string `json:"timestamp,omitempty"`
	User          string `json:"user,omitempty"`
	Server        string `json:"server,omitempty"`
}

// Fill sets the fields that were not read from the text to what is known otherwise (the
// tenant and application a sign-in was started with, say).
func (d *Details) Fill(known Details) {
	for _, f := range []struct {
		dst *string
		v   string
	}{
		{&d.TenantID, known.TenantID}, {&d.ClientID, known.ClientID}, {&d.TraceID, known.TraceID},
		{&d.CorrelationID, known.CorrelationID}, {&d.Timestamp, known.Timestamp}, {&d.User, known.User}, {&d.Server, known.Server},
	} {
		if *f.dst == "" {
			*f.dst = f.v
		}
	}
}

// Empty reports whether nothing was read.
func (d Details) Empty() bool { return d == Details{} }

// templateData is what the catalog's text templates see.
func (d Details) templateData() map[string]string {
	return map[string]string{"TenantID": d.TenantID, "ClientID": d.ClientID, "User": d.User,
		"Server": d.Server, "CorrelationID": d.CorrelationID}
}

const guid = `[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}`

var (
	guidValue   = regexp.MustCompile(`^[\s"':=]{0,6}\{?(` + guid + `)`)
	idValue     = regexp.MustCompile(`^[\s"':=]{0,6}\{?(` + guid + `|[A-Za-z0-9][A-Za-z0-9.-]{1,253}\.[A-Za-z]{2,63})\b`)
	quotedValue = regexp.MustCompile(`^\s{0,3}['"]([^'"\s]{1,200})['"]`)
	timeValue   = regexp.MustCompile(`^[\s"':=]{0,6}(\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(?:\.\d+)?Z?)`)
	emailValue  = regexp.MustCompile(`^[\s"':=<]{0,6}([A-Za-z0-9._%+'-]{1,64}@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,63})`)
)

// detailRule reads one detail: after any of the labels (lowercase), the first value the
// pattern accepts. A rule fills its field only if an earlier rule left it empty.
type detailRule struct {
	labels []string
	value  *regexp.Regexp
	field  func(*Details) *string
}

var detailRules = []detailRule{
	{[]string{"trace id", "trace_id", "traceid"}, guidValue, func(d *Details) *string { return &d.TraceID }},
	{[]string{"correlation id", "correlation_id", "correlationid", "client-request-id"}, guidValue, func(d *Details) *string { return &d.CorrelationID }},
	{[]string{"timestamp"}, timeValue, func(d *Details) *string { return &d.Timestamp }},
	{[]string{"directory (tenant) id", "tenant id", "tenant_id", "tenantid", "tenant identifier", "tenant", "login.microsoftonline.com/", "login.microsoftonline.us/", "login.partner.microsoftonline.cn/"}, idValue, func(d *Details) *string { return &d.TenantID }},
	// AADSTS900023 quotes a tenant identifier that is neither a GUID nor a domain.
	{[]string{"tenant identifier"}, quotedValue, func(d *Details) *string { return &d.TenantID }},
	{[]string{"application (client) id", "application with identifier", "client_id", "client id", "clientid", "client-id", "app id", "appid", "application id", "the application", "application"}, guidValue, func(d *Details) *string { return &d.ClientID }},
	{[]string{"user account", "user=", "--user", "\"user\"", "upn", "preferred_username", "mailbox", "sender", "from"}, emailValue, func(d *Details) *string { return &d.User }},
}

// readDetails reads the tenant, application, account, server and request identifiers.
// Each is looked for after its labels, first in the text as pasted, then with line wraps
// removed (a GUID cut by the terminal width).
func (x *index) readDetails(p *prepared) Details {
	var d Details
	var joined *view
	for _, r := range detailRules {
		f := r.field(&d)
		if *f != "" {
			continue
		}
		*f = findLabelled(&p.view, r)
		if *f == "" && p.joined != p.text && hasAnyLabel(&p.view, r) {
			if joined == nil {
				joined = x.newView(p.joined)
			}
			*f = findLabelled(joined, r)
		}
	}
	if d.User == "" {
		d.User = firstEmail(p.text)
	}
	d.Server = findServer(&p.view)
	return d
}

// hasAnyLabel reports whether one of the rule's labels is in the text: only then can the
// value be there, cut by a wrap.
func hasAnyLabel(v *view, r detailRule) bool {
	for _, label := range r.labels {
		if len(v.at(label)) > 0 {
			return true
		}
	}
	return false
}

// findLabelled returns the value found after the earliest label of the rule, or "".
// The value is sliced from the original text so that its case is kept.
func findLabelled(v *view, r detailRule) string {
	best, bestAt := "", len(v.lower)
	for _, label := range r.labels {
		for _, at := range v.at(label) {
			if at >= bestAt {
				break
			}
			end := at + len(label)
			if m := r.value.FindStringSubmatch(v.text[end:min(len(v.text), end+300)]); m != nil {
				best, bestAt = m[1], at
				break
			}
		}
	}
	return best
}

// firstEmail returns the first e-mail address in the text, or "".
func firstEmail(s string) string {
	for i := 0; ; {
		j := strings.IndexByte(s[i:], '@')
		if j < 0 {
			return ""
		}
		at := i + j
		start := at
		for start > 0 && at-start < 64 && (isAlnum(s[start-1]) || strings.IndexByte("._%+-", s[start-1]) >= 0) {
			start--
		}
		if m := emailValue.FindStringSubmatch(s[start:min(len(s), at+255)]); m != nil {
			return strings.TrimRight(m[1], ".")
		}
		i = at + 1
	}
}

// serverSuffixes are the endings of Microsoft's mail host names.
var serverSuffixes = []string{"office365.com", "outlook.com", "office365.us", "partner.outlook.cn"}

// findServer returns the first Microsoft mail host name in the text: the submission host
// (smtp.office365.com) or the front end that answered ("AM0PR02CA0001.eurprd02.prod.outlook.com").
func findServer(v *view) string {
	best, bestAt := "", len(v.lower)
	for _, suffix := range serverSuffixes {
		for _, at := range v.at(suffix) {
			if at >= bestAt {
				break
			}
			end := at + len(suffix)
			if end < len(v.lower) && (isAlnum(v.lower[end]) || v.lower[end] == '-') || at > 0 && v.lower[at-1] == '@' {
				continue
			}
			if host := hostEndingAt(v.text, end); strings.Count(host, ".") >= 2 {
				best, bestAt = host, at
			}
		}
	}
	return best
}

// hostEndingAt returns the host name (letters, digits, '-' and '.') that ends at end.
func hostEndingAt(s string, end int) string {
	start := end
	for start > 0 && end-start < 253 && (isAlnum(s[start-1]) || s[start-1] == '-' || s[start-1] == '.') {
		start--
	}
	return strings.Trim(s[start:end], ".-")
}
