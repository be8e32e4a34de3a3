// Package mirror keeps the decision plane's in-memory snapshot in step with
// the system of record: a full load at start, then a reload of each tenant
// whose products, plans, limits, metrics, applications, accounts or tokens
// changed, announced after commit in-process or, on PostgreSQL, to every
// replica through LISTEN/NOTIFY.
package mirror
