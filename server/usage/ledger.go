package usage

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"entgo.io/ent/dialect/sql"

	"github.com/portico-apim/portico/ent"
	"github.com/portico-apim/portico/ent/journalmark"
	"github.com/portico-apim/portico/schema/viewer"
	"github.com/portico-apim/portico/server/counter"
	"github.com/portico-apim/portico/server/decision"
	"github.com/portico-apim/portico/server/journal"
	"github.com/portico-apim/portico/server/store"
)

// The consumers of the usage journal: each saves what it holds in memory
// together with the journal segment its snapshot reaches.
const (
	consumerCounters = "counters"
	consumerRollup   = "rollup"
)

// LedgerConfig wires a Ledger.
type LedgerConfig struct {
	Journal *journal.Journal
	Client  *ent.Client
	// Memory is the in-process counter store, whose counters and claims
	// the journal restores; nil when the counters live in Redis.
	Memory *counter.Memory
	// Saver saves Memory (nil with Redis); Rollup aggregates usage. The
	// ledger attaches itself to both: they then save with checkpoints.
	Saver  *CounterSaver
	Rollup *Rollup
	Logger *slog.Logger
}

// Ledger implements decision.Ledger on the usage journal: every
// acknowledged transaction is a record, written before the answer. At
// start Replay applies the records that the saved counters and rollups do
// not hold yet; the counter saver and the rollup flusher take checkpoints
// and record, in their own transactions, how far they reach, after which
// the journal forgets what every consumer saved.
type Ledger struct {
	cfg  LedgerConfig
	log  *slog.Logger
	j    *journal.Journal
	bufs sync.Pool
	// names names applications in records by database id.
	names Resolver

	mu    sync.Mutex
	marks map[string]uint64 // saved segment by consumer
}

var _ decision.Ledger = (*Ledger)(nil)

// NewLedger returns a ledger on an open journal.
func NewLedger(cfg LedgerConfig) *Ledger {
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	l := &Ledger{cfg: cfg, log: cfg.Logger, j: cfg.Journal, names: cfg.Rollup.cfg.Resolver, marks: map[string]uint64{}}
	l.bufs.New = func() any { b := make([]byte, 0, 512); return &b }
	if cfg.Saver != nil {
		cfg.Saver.ledger = l
	}
	cfg.Rollup.ledger = l
	return l
}

// consumers are the journal's readers in this installation.
func (l *Ledger) consumers() []string {
	if l.cfg.Memory != nil {
		return []string{consumerCounters, consumerRollup}
	}
	return []string{consumerRollup}
}

// Hold implements decision.Ledger.
func (l *Ledger) Hold() { l.j.Hold() }

// Release implements decision.Ledger.
func (l *Ledger) Release() { l.j.Release() }

// Commit implements decision.Ledger: one record, written with group commit.
func (l *Ledger) Commit(_ context.Context, e *decision.Entry) error {
	bp := l.bufs.Get().(*[]byte)
	*bp = appendRecord((*bp)[:0], e, l.names)
	err := l.j.Append(*bp)
	if cap(*bp) <= 64<<10 {
		l.bufs.Put(bp)
	}
	return err
}

// Replay reads the saved positions and applies every journaled record
// that a consumer has not saved: counters and claims to the in-process
// store, usage to the rollups. It runs once, before the server answers
// gateways.
func (l *Ledger) Replay(ctx context.Context) (int, error) {
	ctx = store.Background(viewer.SystemContext(ctx))
	rows, err := l.cfg.Client.JournalMark.Query().Where(journalmark.Journal(l.j.ID())).All(ctx)
	if err != nil {
		return 0, fmt.Errorf("read journal positions: %w", err)
	}
	l.mu.Lock()
	for _, r := range rows {
		l.marks[r.Consumer] = r.Segment
	}
	counters, rollup := l.marks[consumerCounters], l.marks[consumerRollup]
	l.mu.Unlock()
	from := rollup
	if l.cfg.Memory != nil {
		from = min(from, counters)
	}
	now := time.Now()
	n, err := l.j.Replay(from, func(seg uint64, rec []byte) error {
		e, err := decodeRecord(rec, l.names)
		if err != nil {
			return fmt.Errorf("segment %d: %w", seg, err)
		}
		if l.cfg.Memory != nil && seg > counters {
			for _, c := range e.Claims {
				if _, err := l.cfg.Memory.Claim(ctx, c.Scope, c.Key, c.At); err != nil {
					return err
				}
			}
			if err := l.cfg.Memory.Apply(ctx, now, e.Updates); err != nil {
				return fmt.Errorf("segment %d: %w", seg, err)
			}
		}
		if seg > rollup && len(e.Usage) > 0 {
			l.cfg.Rollup.Record(ctx, e.Usage)
		}
		return nil
	})
	if err != nil {
		return n, fmt.Errorf("replay usage journal: %w", err)
	}
	return n, nil
}

// checkpoint seals the journal's current segment around snapshot (see
// journal.Checkpoint).
func (l *Ledger) checkpoint(snapshot func()) (uint64, error) {
	return l.j.Checkpoint(snapshot)
}

// mark records in a consumer's transaction that its saved state holds the
// journal up to segment seg.
func (l *Ledger) mark(ctx context.Context, c *ent.Client, consumer string, seg uint64) error {
	l.mu.Lock()
	cur, ok := l.marks[consumer]
	l.mu.Unlock()
	if ok && cur >= seg {
		return nil
	}
	err := c.JournalMark.Create().SetJournal(l.j.ID()).SetConsumer(consumer).SetSegment(seg).
		OnConflict(sql.ConflictColumns(journalmark.FieldJournal, journalmark.FieldConsumer)).
		UpdateSegment().Exec(ctx)
	if err != nil {
		return fmt.Errorf("save journal position: %w", err)
	}
	return nil
}

// Lag is the number of journal segments, the current one included, that
// some consumer has not saved yet: what a restart would replay.
func (l *Ledger) Lag() uint64 {
	cur := l.j.Current()
	l.mu.Lock()
	defer l.mu.Unlock()
	saved := cur
	for _, c := range l.consumers() {
		saved = min(saved, l.marks[c])
	}
	return cur - saved
}

// Appended is the number of records journaled since start.
func (l *Ledger) Appended() uint64 { return l.j.Appended() }

// behind reports whether consumer's saved position is before seg.
func (l *Ledger) behind(consumer string, seg uint64) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.marks[consumer] < seg
}

// saved notes a committed mark and removes the segments every consumer
// has saved.
func (l *Ledger) saved(consumer string, seg uint64) {
	l.mu.Lock()
	if seg > l.marks[consumer] {
		l.marks[consumer] = seg
	}
	upTo := uint64(0)
	for i, c := range l.consumers() {
		if m := l.marks[c]; i == 0 || m < upTo {
			upTo = m
		}
	}
	l.mu.Unlock()
	if upTo == 0 {
		return
	}
	if err := l.j.Remove(upTo); err != nil {
		l.log.Warn("usage journal: remove saved segments", "error", err)
	}
}
