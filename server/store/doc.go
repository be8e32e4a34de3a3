// Package store opens the system of record (embedded SQLite or PostgreSQL),
// applies the versioned migrations, and wires the data-layer rules that need
// the generated client (tenant checks on referenced rows).
package store
