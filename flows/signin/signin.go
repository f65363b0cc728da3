// Package signin runs the OAuth 2.0 device authorization grant (RFC 8628) against Microsoft
// Entra, the same sign-in a printer runs: check the input offline, check that the tenant
// exists in the chosen cloud, ask for a device code, poll the token endpoint at the interval
// Microsoft asks for, and read the token's claims. Polling is golang.org/x/oauth2's
// (AuthStyleInParams: one token request per interval, slow_down adds 5 s). Tokens stay in
// memory: the outcome holds them for the caller, never in a file or a log.
package signin

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"golang.org/x/oauth2"

	"mfp365/checks"
	"mfp365/input"
)

// Purposes of the sign-in: what the token is for.
const (
	PurposeSMTP  = "smtp"  // Exchange Online SMTP submission
	PurposeGraph = "graph" // Microsoft 365 external location (OneDrive/SharePoint through Graph)
)

// graphScopes are the delegated permissions of an external location.
var graphScopes = []string{"User.Read", "Files.ReadWrite.All", "Sites.ReadWrite.All", "offline_access"}

// Timeouts of the steps that are not the person's: named, so that they can be read and tested.
const (
	RequestTimeout = 30 * time.Second // one HTTP request to Microsoft
)

// Config is what a sign-in needs.
type Config struct {
	Cloud     string // "global", "usgov", "china"
	Tenant    string // GUID or domain
	ClientID  string // GUID
	Purpose   string // PurposeSMTP, PurposeGraph, or a raw space-separated scope list
	Sender    string // optional: the mailbox the printer sends from, compared with the account
	Authority string // optional: replaces https://{login host} (http only on loopback)
	Lang      string // "fr" asks Microsoft for its message in French, anything else in English

	HTTPClient *http.Client // nil: a client with RequestTimeout and verified TLS
	GraphURL   string       // test seam: replaces the cloud's Graph address
}

// Stage is where the flow is.
type Stage string

// The stages, in order.
const (
	StageTenant   Stage = "tenant"   // checking the tenant
	StageCode     Stage = "code"     // asking for a device code
	StageWaiting  Stage = "waiting"  // the code is shown; polling
	StageVerify   Stage = "verify"   // reading the token, calling Graph
	StageFinished Stage = "finished" // Outcome is set
)

// DeviceCode is what the person needs to sign in.
type DeviceCode struct {
	UserCode        string
	VerificationURI string
	Message         string // Microsoft's own instructions, localized
	Expires         time.Time
	Interval        time.Duration
}

// Event reports progress.
type Event struct {
	Stage Stage
	Code  *DeviceCode // with StageWaiting
}

// Status is how a sign-in ended.
type Status string

// The statuses of CLI.md.
const (
	StatusOK        Status = "ok"
	StatusError     Status = "error"
	StatusExpired   Status = "expired"
	StatusDeclined  Status = "declined"
	StatusCancelled Status = "cancelled"
)

// Outcome is how the sign-in ended and what it learned.
type Outcome struct {
	Status Status
	Step   Step // where it stopped
	// Answer is Microsoft's error answer (its JSON body), or, for a value refused offline, the
	// code Microsoft would have given: the text the knowledge base explains.
	Answer string
	Err    error // a network or protocol failure, when there is no answer to explain
	// Reason is Err in one word (checks.ReasonOf) for a failure with no answer to explain:
	// the faces say it in the reader's language.
	Reason string

	Cloud      string // the cloud signed in to
	OtherCloud string // set when the tenant belongs to another cloud than the chosen one
	TenantID   string // the tenant's GUID, read from its OpenID configuration
	Scopes     []string
	Claims     Claims
	Warnings   []Warning
	Graph      []GraphCheck

	Token *oauth2.Token `json:"-"` // in memory only
}

// Step is where a sign-in stopped.
type Step string

// The steps, in order.
const (
	StepInput      Step = "input"      // a value refused offline (Err is an *input.Error)
	StepTenant     Step = "tenant"     // the tenant's OpenID configuration
	StepDeviceCode Step = "devicecode" // asking for a device code
	StepToken      Step = "token"      // polling the token endpoint
	StepGraph      Step = "graph"      // Microsoft Graph's checks of an external location
)

// DeviceError is an error value of the token endpoint while a device code is polled
// (RFC 8628 section 3.5, and Microsoft's authorization_declined and bad_verification_code).
type DeviceError string

// The values the outcome depends on; authorization_pending and slow_down only keep x/oauth2
// polling.
const (
	ErrDeclined            DeviceError = "authorization_declined" // Microsoft's access_denied
	ErrAccessDenied        DeviceError = "access_denied"
	ErrExpiredToken        DeviceError = "expired_token"
	ErrBadVerificationCode DeviceError = "bad_verification_code"
)

// microsoftRefusal is the code Microsoft would answer a value refused offline with: the
// knowledge base explains it as if Microsoft had said it.
var microsoftRefusal = map[string]string{"tenant": "AADSTS900023", "client_id": "AADSTS90112"}

// Verdict is how the outcome reads to a person: a sign-in that works now but will fail for
// the printer (it has warnings) is not a plain success.
type Verdict string

// VerdictOKWarnings is the verdict of a sign-in with warnings; the others are its Status.
const VerdictOKWarnings Verdict = "ok_warnings"

// Verdict is the outcome as people read it.
func (o *Outcome) Verdict() Verdict {
	if o.Status == StatusOK && len(o.Warnings) > 0 {
		return VerdictOKWarnings
	}
	return Verdict(o.Status)
}

// Warning is something that works now but will fail for the printer.
type Warning string

// The warnings.
const (
	WarnNoSMTPSend   Warning = "no-smtp-send"  // the token lacks SMTP.Send
	WarnOtherTenant  Warning = "other-tenant"  // the token is for another tenant
	WarnNotSender    Warning = "not-sender"    // the account is not the sending mailbox
	WarnGraphMissing Warning = "graph-missing" // a Graph permission of external locations is missing
)

// Run signs in; emit reports progress. Cancel ctx to stop at any step.
func Run(ctx context.Context, cfg Config, emit func(Event)) *Outcome {
	in, out := prepare(cfg)
	if out != nil {
		return out
	}
	out = &Outcome{Cloud: in.cloud.Name, Scopes: in.scopes}
	ctx = context.WithValue(ctx, oauth2.HTTPClient, in.client)

	emit(Event{Stage: StageTenant})
	info, err := checks.TenantExists(ctx, in.client, in.base, in.tenant)
	if err != nil {
		return out.fail(ctx, StepTenant, err)
	}
	out.TenantID = info.TenantID
	if other, ok := checks.CloudOfInstance(info.Instance); ok && other.Name != in.cloud.Name {
		out.OtherCloud = other.Name
		return out.fail(ctx, StepTenant, errOtherCloud)
	}

	emit(Event{Stage: StageCode})
	da, code, err := requestCode(ctx, in)
	if err != nil {
		return out.fail(ctx, StepDeviceCode, err)
	}
	emit(Event{Stage: StageWaiting, Code: code})

	tok, err := in.oauth.DeviceAccessToken(ctx, da)
	if err != nil {
		return out.fail(ctx, StepToken, err)
	}
	emit(Event{Stage: StageVerify})
	out.Status, out.Token = StatusOK, tok
	out.verify(ctx, in, cfg.Sender)
	return out
}

// errOtherCloud stops a sign-in whose tenant lives in another cloud (Outcome.OtherCloud).
var errOtherCloud = errors.New("the tenant belongs to another cloud")

// checked is a configuration checked offline.
type checked struct {
	cloud    checks.Cloud
	base     *url.URL // the sign-in host, or the authority that replaces it
	tenant   string
	clientID string
	scopes   []string
	mkt      string
	client   *http.Client
	oauth    *oauth2.Config
	graphURL string
	purpose  string
}

// prepare checks everything offline. A refused value ends the flow before any request.
func prepare(cfg Config) (*checked, *Outcome) {
	refuse := func(err error) (*checked, *Outcome) {
		o := &Outcome{Status: StatusError, Step: StepInput, Err: err}
		var ie *input.Error
		if errors.As(err, &ie) {
			o.Answer = microsoftRefusal[ie.Code] // what the knowledge base explains
		}
		return nil, o
	}
	in := &checked{purpose: cfg.Purpose}
	var ok bool
	if in.cloud, ok = checks.CloudNamed(cmp.Or(cfg.Cloud, "global")); !ok {
		return refuse(input.Refuse("cloud", cfg.Cloud, "cloud"))
	}
	var err error
	if in.tenant, err = checks.Tenant(cfg.Tenant); err != nil {
		return refuse(err)
	}
	if in.clientID, err = checks.ClientID(cfg.ClientID); err != nil {
		return refuse(err)
	}
	in.base = &url.URL{Scheme: "https", Host: in.cloud.LoginHost}
	if cfg.Authority != "" {
		if in.base, err = checks.Authority(cfg.Authority); err != nil {
			return refuse(err)
		}
	}
	if in.scopes, err = scopesFor(in.cloud, cfg.Purpose); err != nil {
		return refuse(err)
	}
	in.mkt = "en-US" // Microsoft's message in the reader's language, whatever the computer's
	if strings.HasPrefix(cfg.Lang, "fr") {
		in.mkt = "fr-FR"
	}
	in.client = cfg.HTTPClient
	if in.client == nil {
		in.client = &http.Client{Timeout: RequestTimeout}
	}
	in.graphURL = cmp.Or(cfg.GraphURL, in.cloud.GraphURL)
	tenantURL := in.base.JoinPath(in.tenant, "oauth2", "v2.0")
	in.oauth = &oauth2.Config{ClientID: in.clientID, Scopes: in.scopes, Endpoint: oauth2.Endpoint{
		DeviceAuthURL: tenantURL.JoinPath("devicecode").String(),
		TokenURL:      tenantURL.JoinPath("token").String(),
		AuthStyle:     oauth2.AuthStyleInParams, // public client: no secret, and no second try per poll
	}}
	return in, nil
}

// scopesFor turns a purpose into scopes: SMTP.Send of the cloud's Exchange, the Graph
// permissions of external locations, or the raw list given.
func scopesFor(cloud checks.Cloud, purpose string) ([]string, error) {
	switch purpose {
	case "", PurposeSMTP:
		return []string{cloud.SMTPScope, "offline_access"}, nil
	case PurposeGraph:
		return graphScopes, nil
	}
	scopes := strings.Fields(purpose)
	if len(scopes) == 0 || len(purpose) > 2048 {
		return nil, input.Refuse("scope", purpose, "scope")
	}
	return scopes, nil
}

// deviceCodeAnswer is the devicecode endpoint's answer. golang.org/x/oauth2's DeviceAuth
// drops Microsoft's "message", so the flow asks for the code itself and polls with x/oauth2.
type deviceCodeAnswer struct {
	UserCode        string `json:"user_code"`
	DeviceCode      string `json:"device_code"`
	VerificationURI string `json:"verification_uri"`
	ExpiresIn       int64  `json:"expires_in"`
	Interval        int64  `json:"interval"`
	Message         string `json:"message"`
}

// requestCode asks for a device code (POST .../devicecode, client_id and scope in the body;
// ?mkt=fr-FR for Microsoft's message in French).
func requestCode(ctx context.Context, in *checked) (*oauth2.DeviceAuthResponse, *DeviceCode, error) {
	u, _ := url.Parse(in.oauth.Endpoint.DeviceAuthURL)
	if in.mkt != "" {
		u.RawQuery = url.Values{"mkt": {in.mkt}}.Encode()
	}
	form := url.Values{"client_id": {in.clientID}, "scope": {strings.Join(in.scopes, " ")}}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u.String(), strings.NewReader(form.Encode()))
	if err != nil {
		return nil, nil, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	start := time.Now()
	resp, err := in.client.Do(req)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return nil, nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, nil, checks.ParseEntraAnswer(resp.StatusCode, body)
	}
	var a deviceCodeAnswer
	if err := json.Unmarshal(body, &a); err != nil || a.DeviceCode == "" || a.UserCode == "" {
		return nil, nil, fmt.Errorf("devicecode: unexpected answer (%d bytes)", len(body))
	}
	if a.Interval <= 0 {
		a.Interval = 5 // RFC 8628 section 3.2: "If no value is provided, clients MUST use 5"
	}
	expires := start.Add(time.Duration(a.ExpiresIn) * time.Second)
	da := &oauth2.DeviceAuthResponse{DeviceCode: a.DeviceCode, UserCode: a.UserCode,
		VerificationURI: a.VerificationURI, Expiry: expires, Interval: a.Interval}
	return da, &DeviceCode{UserCode: a.UserCode, VerificationURI: a.VerificationURI, Message: a.Message,
		Expires: expires, Interval: time.Duration(a.Interval) * time.Second}, nil
}

// fail ends the flow: Microsoft's answer for the knowledge base, or the failure as is.
func (o *Outcome) fail(ctx context.Context, step Step, err error) *Outcome {
	o.Step, o.Status, o.Err, o.Reason = step, StatusError, err, checks.ReasonOf(err)
	var answer *checks.EntraAnswer
	var re *oauth2.RetrieveError
	switch {
	case ctx.Err() == context.Canceled:
		o.Status = StatusCancelled
	case errors.Is(err, context.DeadlineExceeded) && step == StepToken:
		o.Status = StatusExpired // x/oauth2 stops polling when the code's lifetime ends
	case errors.As(err, &answer):
		o.Answer = answer.Body
	case errors.As(err, &re):
		o.Answer = string(re.Body)
		switch DeviceError(re.ErrorCode) {
		case ErrDeclined, ErrAccessDenied:
			o.Status = StatusDeclined
		case ErrExpiredToken, ErrBadVerificationCode:
			o.Status = StatusExpired
		}
	}
	return o
}
