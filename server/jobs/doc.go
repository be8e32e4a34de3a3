// Package jobs owns the one background-job mechanism: a River client on the
// system of record (PostgreSQL or the embedded SQLite database), its
// migrations, and the queue every component enqueues durable work on
// (webhook deliveries, outbox pruning), inside the caller's transaction
// when the work must commit with a change.
package jobs
