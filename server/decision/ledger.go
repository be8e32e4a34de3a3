package decision

import (
	"context"
	"time"

	"github.com/portico-apim/portico/server/counter"
)

// Ledger makes accepted usage durable before it is acknowledged. The
// handler takes a Hold before it changes the counters, hands the
// transaction to Commit once the counters and the usage sink have it, and
// releases the hold after Commit returned; only then does it answer 2xx.
type Ledger interface {
	Hold()
	Release()
	// Commit records e durably; it returns once e would survive a crash of
	// this process. It must copy what it keeps: e's slices are reused.
	Commit(ctx context.Context, e *Entry) error
}

// Entry is what one acknowledged request changed: the counter updates
// applied (an admitted authrep's usage, or a report's updates), the usage
// handed to the UsageSink, and the idempotency keys claimed.
type Entry struct {
	Updates []counter.Update
	// UpdateRefs, when not empty, holds the database id of each update's
	// application (parallel to Updates; 0 when unknown).
	UpdateRefs []int
	Usage      []Usage
	Claims     []Claim
}

// Claim is an idempotency key claimed in a scope (the service's, for a
// report's key).
type Claim struct {
	Scope counter.Scope
	Key   string
	At    time.Time
}

// noLedger keeps nothing: usage is as durable as the counter store and the
// usage sink make it.
type noLedger struct{}

func (noLedger) Hold()                                {}
func (noLedger) Release()                             {}
func (noLedger) Commit(context.Context, *Entry) error { return nil }
