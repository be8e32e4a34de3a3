// Package journal owns the append-only usage journal: records written with
// group commit before the decision plane acknowledges them, kept in numbered
// segment files, replayed at start and removed once every consumer has
// saved what they hold.
package journal
