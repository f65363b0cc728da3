// Package checks holds single probes that each answer one question about the customer's
// network or tenant: does DNS resolve, is port 587 open, does STARTTLS verify, does AUTH
// XOAUTH2 pass, is a proxy needed, is the clock right, does the tenant exist. A check returns
// data (status, codes seen, duration, detail) and never decides the wording shown to a person.
// The probes arrive with the connection test; see DESIGN.md.
package checks
