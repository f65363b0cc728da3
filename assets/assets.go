// Package assets holds the files embedded in the binary: the application icon and the
// knowledge base (kb/*.json entries and kb/guides/*.json guides, described in kb/README.md).
package assets

import "embed"

// KB is the knowledge base: kb/*.json, one JSON array of entries per file, and
// kb/guides/*.json, one guide per file. kb.Load reads both.
//
//go:embed kb/*.json kb/guides/*.json
var KB embed.FS

// Icon is the application icon, 512x512 PNG drawn from icon.svg, for packaging
// (FyneApp.toml). The running window uses SmallIcon, which decodes faster at start-up.
//
//go:embed icon.png
var Icon []byte

// SmallIcon is the same icon at 128x128.
//
//go:embed icon-128.png
var SmallIcon []byte

// Version is the assistant's version (FyneApp.toml's).
const Version = "0.1.0"

// Vendors is the printer vendor table: enterprise numbers, identifying words, guide.
//
//go:embed vendors.json
var Vendors []byte
