package assets

import _ "embed"

// Readiness is the OAuth readiness table: which printer models can send with Microsoft OAuth
// (as they are, after a firmware update, or not at all), how they sign in, the route
// recommended once basic authentication is off, and the vendor page each row comes from.
// discovery.Readiness reads it.
//
//go:embed readiness.json
var Readiness []byte
