package assistant

import (
	"slices"

	"mfp365/flows/conntest"
	"mfp365/flows/discovery"
	"mfp365/flows/signin"
)

// StepID names a stage of the guided path.
type StepID string

// The stages, in their order.
const (
	StepPrinter   StepID = "printer"   // find and choose the printer
	StepRoute     StepID = "route"     // choose how it sends
	StepPrepare   StepID = "prepare"   // what the Microsoft 365 administrator checks or runs first
	StepSignIn    StepID = "signin"    // the device code sign-in
	StepTest      StepID = "test"      // the connection test
	StepListen    StepID = "listen"    // what the printer really sends, when it signs in by itself
	StepConfigure StepID = "configure" // the printer's guide, filled in
	StepDone      StepID = "done"      // the verdict and the report
)

// Step is one stage of the guided path and the message that titles it.
type Step struct {
	ID      StepID
	TitleID string
}

var allSteps = []Step{
	{StepPrinter, "assistant.step.printer"}, {StepRoute, "assistant.step.route"}, {StepPrepare, "assistant.step.prepare"},
	{StepSignIn, "assistant.step.signin"}, {StepTest, "assistant.step.test"}, {StepConfigure, "assistant.step.configure"},
	{StepDone, "assistant.step.done"},
}

var listenStep = Step{StepListen, "assistant.step.listen"}

// Steps are the stages for a purpose: an external location has no sending route and no SMTP
// test (the sign-in checks Microsoft Graph instead).
func Steps(purpose string) []Step {
	if purpose != signin.PurposeGraph {
		return allSteps
	}
	return without(allSteps, StepRoute, StepTest)
}

// Steps are the stages of this session's path, which follows the purpose, the route and the
// printer: a route the assistant signs in for none of (a password, a connector, Direct Send)
// has no « Connexion »; a printer that signs in with its own code is set up first, then signs
// in once, then is checked by listening to what it really sends (the assistant's own OAuth
// test would need a token it never gets).
func (s *Session) Steps() []Step {
	switch {
	case s.Purpose == signin.PurposeGraph:
		return Steps(s.Purpose)
	case !s.Route.NeedsToken(false):
		return without(allSteps, StepSignIn)
	case s.VendorSignsIn() && s.Route == conntest.RouteOAuth:
		steps := without(allSteps, StepSignIn, StepTest, StepConfigure, StepDone)
		return append(steps, allSteps[5], allSteps[3], listenStep, allSteps[6]) // configure, sign-in, listen, done
	}
	return allSteps
}

// without is steps less those with the IDs given.
func without(steps []Step, ids ...StepID) []Step {
	return slices.DeleteFunc(slices.Clone(steps), func(st Step) bool { return slices.Contains(ids, st.ID) })
}

// PrepareGuide is the knowledge base's guide that prepares Microsoft 365 for the purpose and
// the route.
func (s *Session) PrepareGuide() string {
	if s.Purpose == signin.PurposeGraph {
		return "prepare-graph"
	}
	return prepareGuides[s.Route]
}

var prepareGuides = map[conntest.Route]string{conntest.RouteOAuth: "prepare-smtp", conntest.RouteBasic: "prepare-smtp",
	conntest.RouteHVE: "prepare-hve", conntest.RouteRelay: "prepare-relay", conntest.RouteDirect: "prepare-direct"}

// Printers without an address, whose guides show when none was chosen.
var (
	genericPrinter  = discovery.Printer{Guide: "generic"}
	webtoolsPrinter = discovery.Printer{Guide: "webtools"}
)

// GuidePrinter is the printer whose guide « Configurer l'imprimante » shows: the one chosen,
// else the generic guide, or WebTools Express's for an external location.
func (s *Session) GuidePrinter() discovery.Printer {
	switch p := s.ChosenPrinter(); {
	case p != nil:
		return *p
	case s.Purpose == signin.PurposeGraph:
		return webtoolsPrinter
	default:
		return genericPrinter
	}
}

// RecommendedRoute is the route the readiness table gives the chosen printer, else OAuth.
func (s *Session) RecommendedRoute() conntest.Route {
	if p := s.ChosenPrinter(); p != nil && p.Route != "" {
		return p.Route
	}
	return conntest.RouteOAuth
}

// VendorSignsIn is whether the chosen printer signs in with its vendor's own application.
func (s *Session) VendorSignsIn() bool {
	p := s.ChosenPrinter()
	return p != nil && p.Readiness.VendorSignsIn()
}
