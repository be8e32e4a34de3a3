// Package frontend embeds the built admin SPA (frontend/dist) into the
// binary. Build it with `make frontend`; without a build the server shows a
// page saying so.
package frontend

import (
	"embed"
	"io/fs"
)

//go:embed all:dist
var dist embed.FS

// Dist returns the built SPA files.
func Dist() fs.FS {
	sub, _ := fs.Sub(dist, "dist")
	return sub
}
