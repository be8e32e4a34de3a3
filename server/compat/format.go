package compat

import (
	"strings"
)

// Format is the wire format of a response.
type Format int

// The formats.
const (
	XML Format = iota + 1
	JSON
	// CSV is spoken by the stats usage routes only.
	CSV
)

func (f Format) contentType() string {
	switch f {
	case JSON:
		return "application/json; charset=utf-8"
	case CSV:
		return "text/csv; charset=utf-8"
	}
	return "application/xml; charset=utf-8"
}

// splitExtension cuts a .xml, .json or .csv extension off a path's last segment.
// ext is "" when the path has none, and "?" for an extension that is
// neither.
func splitExtension(path string) (base, ext string) {
	// One released 3scale client puts a space after ".xml" in its limit
	// URLs; the extension is read without it.
	path = strings.TrimRight(path, " ")
	slash := strings.LastIndexByte(path, '/')
	dot := strings.LastIndexByte(path, '.')
	if dot <= slash {
		return path, ""
	}
	switch e := path[dot+1:]; e {
	case "xml", "json", "csv", "pdf":
		return path[:dot], e
	default:
		return path[:dot], "?"
	}
}

// defaultFormat is the format of a path without extension when no route
// says otherwise: JSON under /master/api, XML elsewhere.
func defaultFormat(path string) Format {
	if strings.HasPrefix(path, "/master/api/") {
		return JSON
	}
	return XML
}
