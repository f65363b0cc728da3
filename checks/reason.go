package checks

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"net"
	"os"
	"strings"

	"github.com/emersion/go-smtp"
)

// Reasons are the codes ReasonOf returns, in the order its rules are tried. Each has a
// message "reason.<code>" in every language (a test checks it): the one-line summary shown
// above a step's raw Detail.
var Reasons = func() []string {
	var out []string
	for _, r := range reasonRules {
		out = append(out, r.reason)
	}
	return out
}()

// reasonRules classify an error, first match wins. Order matters: an error that wraps a
// cancellation is a cancellation whatever else it says; a DNS failure met on the way to a
// proxy is the proxy's; a DNS timeout is more than "timeout"; the typed certificate errors
// come before the system errors, and those before the TLS rules that read the text (a
// timed-out exchange keeps the text of the error it replaced).
var reasonRules = []struct {
	reason string
	match  func(error) bool
}{
	{"cancelled", func(err error) bool { return errors.Is(err, context.Canceled) }},
	// Not the network's: the server's reply went past the bounds this client keeps.
	{"reply-too-long", func(err error) bool { return errors.Is(err, errReplyTooLong) }},
	// net/http wraps every failure of the connection to the proxy in an OpError "proxyconnect"
	// (Go issue 16997).
	{"proxy", func(err error) bool {
		var op *net.OpError
		return errors.As(err, &op) && op.Op == "proxyconnect"
	}},
	{"dns-not-found", func(err error) bool { d := dnsError(err); return d != nil && d.IsNotFound }},
	{"dns-timeout", func(err error) bool { d := dnsError(err); return d != nil && d.IsTimeout }},
	// The resolver flattens the socket error into DNSError.Err: a refused or unreachable
	// server ends with that error's text.
	{"dns-no-server", func(err error) bool {
		d := dnsError(err)
		if d == nil {
			return false
		}
		for _, e := range errnoReasons {
			if (e.reason == "refused" || e.reason == "unreachable") && strings.HasSuffix(d.Err, e.errno.Error()) {
				return true
			}
		}
		return false
	}},
	{"dns-failed", func(err error) bool { return dnsError(err) != nil }},
	{"tls-unknown-authority", func(err error) bool { return errors.As(err, new(x509.UnknownAuthorityError)) }},
	{"tls-hostname", func(err error) bool { return errors.As(err, new(x509.HostnameError)) }},
	{"tls-expired", func(err error) bool {
		var ci x509.CertificateInvalidError
		return errors.As(err, &ci) && ci.Reason == x509.Expired
	}},
	{"tls-certificate", func(err error) bool {
		return errors.As(err, new(x509.CertificateInvalidError)) || errors.As(err, new(*tls.CertificateVerificationError))
	}},
	{"timeout", func(err error) bool {
		var ne net.Error
		return errors.Is(err, os.ErrDeadlineExceeded) || errors.Is(err, context.DeadlineExceeded) ||
			errors.As(err, &ne) && ne.Timeout() || errnoReason(err) == "timeout"
	}},
	{"refused", func(err error) bool { return errnoReason(err) == "refused" }},
	{"unreachable", func(err error) bool { return errnoReason(err) == "unreachable" }},
	{"reset", func(err error) bool { return errnoReason(err) == "reset" }},
	{"closed", func(err error) bool {
		return errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, net.ErrClosed) ||
			errnoReason(err) == "closed"
	}},
	// Alert 70 is protocol_version (RFC 8446, 6.2); the client's own refusal of an old
	// version ("server selected unsupported protocol version 301") has no type.
	{"tls-version", func(err error) bool {
		var alert tls.AlertError
		return errors.As(err, &alert) && alert == 70 || strings.Contains(err.Error(), "protocol version")
	}},
	{"tls-handshake", func(err error) bool {
		var alert tls.AlertError
		return errors.As(err, &alert) || errors.As(err, new(tls.RecordHeaderError)) || strings.Contains(err.Error(), "tls: ")
	}},
}

// ReasonOf names, as one of Reasons, the network or TLS failure behind err (or a reply over
// the bounds the SMTP session keeps), or gives "" when err is nil, is a server's reply (an
// SMTP reply, which the knowledge base explains), or is none of those it knows.
func ReasonOf(err error) string {
	if err == nil || errors.As(err, new(*smtp.SMTPError)) {
		return ""
	}
	for _, r := range reasonRules {
		if r.match(err) {
			return r.reason
		}
	}
	return ""
}

func dnsError(err error) *net.DNSError {
	var d *net.DNSError
	if errors.As(err, &d) {
		return d
	}
	return nil
}

// errnoReason is the reason of the system error inside err, from the platform's table.
func errnoReason(err error) string {
	for _, e := range errnoReasons {
		if errors.Is(err, e.errno) {
			return e.reason
		}
	}
	return ""
}
