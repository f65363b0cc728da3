package assistant

import (
	"mfp365/flows/conntest"
	"mfp365/flows/discovery"
	"mfp365/flows/signin"
)

// StepID names a stage of the guided path.
type StepID string

// The stages (each path orders them: see Steps).
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

// titles name the steps in the step bar.
var titles = map[StepID]string{StepPrinter: "assistant.step.printer", StepRoute: "assistant.step.route",
	StepPrepare: "assistant.step.prepare", StepSignIn: "assistant.step.signin", StepTest: "assistant.step.test",
	StepListen: "assistant.step.listen", StepConfigure: "assistant.step.configure", StepDone: "assistant.step.done"}

// stepsOf is the path made of these steps, in this order.
func stepsOf(ids ...StepID) []Step {
	steps := make([]Step, len(ids))
	for i, id := range ids {
		steps[i] = Step{id, titles[id]}
	}
	return steps
}

// Steps are the stages for a purpose: an external location has no sending route and no SMTP
// test (the sign-in checks Microsoft Graph instead).
func Steps(purpose string) []Step {
	if purpose == signin.PurposeGraph {
		return stepsOf(StepPrinter, StepPrepare, StepSignIn, StepConfigure, StepDone)
	}
	return stepsOf(StepPrinter, StepRoute, StepPrepare, StepSignIn, StepTest, StepConfigure, StepDone)
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
		return stepsOf(StepPrinter, StepRoute, StepPrepare, StepTest, StepConfigure, StepDone)
	case s.VendorSignsIn() && s.Route == conntest.RouteOAuth:
		return stepsOf(StepPrinter, StepRoute, StepPrepare, StepConfigure, StepSignIn, StepListen, StepDone)
	}
	return Steps(s.Purpose)
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
