package checks

import (
	"strings"
	"time"
)

// Status is how a step ended.
type Status string

// Step statuses.
const (
	Pass Status = "pass"
	Warn Status = "warn"
	Fail Status = "fail"
	Skip Status = "skip"
)

// Step is the answer of one probe: its status, how long it took, what it saw, and the codes
// (normalized, as the knowledge base knows them) or the server's words to explain a failure.
type Step struct {
	ID       string        `json:"id"`
	Status   Status        `json:"status"`
	Duration time.Duration `json:"-"`
	Detail   string        `json:"detail,omitempty"` // raw: what was seen, or the error's own text
	Codes    []string      `json:"codes,omitempty"`
	Answer   string        `json:"-"` // the server's reply, for the knowledge base
	Reason   string        `json:"-"` // one of Reasons when a network or TLS error ended the step
}

func timed(id string, start time.Time) Step { return Step{ID: id, Duration: time.Since(start)} }

// failedOn records the error that ends the step: its raw text and its reason.
func (s Step) failedOn(err error) Step { s.Detail, s.Reason = err.Error(), ReasonOf(err); return s }

func (s Step) fail(codes ...string) Step { s.Status, s.Codes = Fail, codes; return s }

// Text is what the knowledge base reads to explain the step: the server's reply, else its codes.
func (s Step) Text() string {
	if s.Answer != "" {
		return s.Answer
	}
	return strings.Join(s.Codes, " ")
}
