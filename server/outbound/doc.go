// Package outbound owns requests the server makes to addresses its tenants
// choose (webhook receivers, OpenID Connect issuers): an HTTP client that
// refuses loopback, private, link-local, unspecified and cloud metadata
// addresses after name resolution, at connect time, with bounded timeouts
// and bounded response bodies.
package outbound
