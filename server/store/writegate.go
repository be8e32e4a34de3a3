package store

import (
	"context"
	"strings"
	"time"
)

// writeGate lets this process's writes at the embedded database in one at a
// time, in the order they arrived. SQLite has one writer; without the gate
// the writers waiting for it poll (its busy handler sleeps and retries), so
// under a steady stream of write transactions one waiter can lose every race
// until its busy timeout ends in "database is locked". Waiting here instead
// is first come, first served: a write waits for the writes before it, not
// for luck.
type writeGate chan struct{}

// gateWait bounds a wait at the gate: past it the write goes on to SQLite's
// own lock wait (the busy timeout), as it would without the gate. Only a
// write issued outside a transaction while the same goroutine holds one
// could wait that long, and SQLite would refuse it anyway.
const gateWait = 10 * time.Second

// enter waits for the gate and returns what lets the next write in; a nil
// gate (PostgreSQL) lets everything through at once.
func (g writeGate) enter(ctx context.Context) (leave func()) {
	if g == nil {
		return func() {}
	}
	t := time.NewTimer(gateWait)
	defer t.Stop()
	select {
	case g <- struct{}{}:
		var left bool
		return func() {
			if !left {
				left = true
				<-g
			}
		}
	case <-ctx.Done():
	case <-t.C:
	}
	return func() {}
}

// writes reports whether a statement may write: anything but a plain
// read. A WITH may end in a write, so it counts as one.
func writes(query string) bool {
	q := strings.TrimLeft(query, " \t\r\n(")
	for _, read := range []string{"SELECT", "PRAGMA", "EXPLAIN", "VALUES"} {
		if len(q) >= len(read) && strings.EqualFold(q[:len(read)], read) {
			return false
		}
	}
	return true
}
