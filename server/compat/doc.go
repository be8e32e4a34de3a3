// Package compat is the one layer every 3scale-compatible REST endpoint
// (/admin/api, /api, /stats, /master/api) goes through: the path extension
// picks XML or JSON, credentials come from access_token, HTTP basic or
// provider_key with 3scale's scope and read-only rules, the tenant comes from
// the Host header, lists page at 500, and one encoder writes representations
// and another writes 3scale's error bodies. REST families plug their
// handlers in through Mux; handlers decode, authorize and call one service.
package compat
