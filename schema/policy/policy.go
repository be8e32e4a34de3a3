// Package policy holds the stored form of a gateway policy chain: which
// policies a product's gateway runs, in order, and their configuration.
package policy

import "encoding/json"

// Config is one policy in a chain (APIcast's policies_config entry).
type Config struct {
	Name          string          `json:"name"`
	Version       string          `json:"version"`
	Enabled       bool            `json:"enabled"`
	Configuration json.RawMessage `json:"configuration"`
}

// Builtin is the APIcast policy every chain holds: it authorizes and reports
// each request to the decision plane.
const Builtin = "apicast"

// BuiltinVersion is the version of policies shipped with the gateway.
const BuiltinVersion = "builtin"
