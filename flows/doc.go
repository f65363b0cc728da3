// Package flows holds the procedures that take time and report progress: sign-in with the
// device code flow, the connection test, printer discovery. A flow takes a context.Context
// and an emit func(Event); cancel works at every step. The flows arrive with the next
// versions; see DESIGN.md.
package flows
