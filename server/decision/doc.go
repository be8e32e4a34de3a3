// Package decision owns the Service Management API that gateways call on
// every API request: authorize, authrep and report over the 3scale wire
// protocol, answered from an in-memory snapshot of the management data and
// one atomic decision against the counter store.
package decision
