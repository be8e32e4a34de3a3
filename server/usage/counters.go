package usage

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/portico-apim/portico/ent"
	"github.com/portico-apim/portico/ent/counterentry"
	"github.com/portico-apim/portico/ent/predicate"
	"github.com/portico-apim/portico/schema/viewer"
	"github.com/portico-apim/portico/server/counter"
	"github.com/portico-apim/portico/server/store"
)

// CounterSaver persists the in-process counter store to the database:
// periodically, and once more at shutdown, so a restart loses no usage.
// Each save writes only the counters of scopes that changed since the
// previous one, and removes the saved counters whose period ended.
type CounterSaver struct {
	// Observe, when set before Start, is told of every periodic save.
	Observe func(took time.Duration, err error)

	client   *ent.Client
	store    *counter.Memory
	interval time.Duration
	log      *slog.Logger
	now      func() time.Time
	// ledger, when set, journals the counters' changes: saves checkpoint it.
	ledger *Ledger
	stop   chan struct{}
	done   chan struct{}

	// mu serialises saves; pending holds the changes to write, kept when a
	// save fails, for the next one.
	mu      sync.Mutex
	pending map[entryKey]counter.Entry
	scratch []counter.Entry
}

// entryKey names one saved counter.
type entryKey struct {
	scope  counter.Scope
	metric string
	period counter.Period
	start  int64
}

// NewCounterSaver returns a saver for store; interval defaults to 5s.
func NewCounterSaver(client *ent.Client, store *counter.Memory, interval time.Duration, log *slog.Logger) *CounterSaver {
	if interval <= 0 {
		interval = 5 * time.Second
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &CounterSaver{client: client, store: store, interval: interval, log: log, now: time.Now,
		pending: map[entryKey]counter.Entry{}}
}

// Restore loads the saved counters into the store.
func (s *CounterSaver) Restore(ctx context.Context) (int, error) {
	rows, err := s.client.CounterEntry.Query().All(store.Background(viewer.SystemContext(ctx)))
	if err != nil {
		return 0, fmt.Errorf("read saved counters: %w", err)
	}
	entries := make([]counter.Entry, len(rows))
	for i, r := range rows {
		entries[i] = counter.Entry{
			Scope:  counter.Scope{Service: r.Service, Application: r.Application},
			Metric: r.Metric, Period: counter.Period(r.Period), Start: r.Start, Value: r.Value,
		}
	}
	if err := s.store.Import(s.now(), entries); err != nil {
		return 0, fmt.Errorf("restore counters: %w", err)
	}
	return len(entries), nil
}

// Save writes the counters that changed since the last save (upserting
// them, a few at a time with pauses in between, see pacer) and deletes the
// saved counters that are 0 or whose period ended, in one transaction. What
// a failed save could not write is written by the next one.
func (s *CounterSaver) Save(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	ctx = store.Background(viewer.SystemContext(ctx))
	now := s.now()
	export := func() { s.scratch = s.store.ExportChanged(now, s.scratch[:0]) }
	var seg uint64
	if s.ledger != nil {
		var err error
		if seg, err = s.ledger.checkpoint(export); err != nil {
			return err
		}
	} else {
		export()
	}
	for _, e := range s.scratch {
		s.pending[entryKey{e.Scope, e.Metric, e.Period, e.Start}] = e
	}
	clear(s.scratch)
	p := newPacer()
	tx, err := s.client.Tx(ctx)
	if err != nil {
		return err
	}
	if err := s.write(ctx, tx.Client(), p, now); err != nil {
		_ = tx.Rollback()
		return err
	}
	if s.ledger != nil {
		if err := s.ledger.mark(ctx, tx.Client(), consumerCounters, seg); err != nil {
			_ = tx.Rollback()
			return err
		}
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	if s.ledger != nil {
		s.ledger.saved(consumerCounters, seg)
	}
	clear(s.pending)
	s.log.Debug("counters saved", p.logArgs()...)
	return nil
}

func (s *CounterSaver) write(ctx context.Context, c *ent.Client, p *pacer, now time.Time) error {
	creates := make([]*ent.CounterEntryCreate, 0, min(len(s.pending), upsertChunk))
	flush := func() error {
		if len(creates) == 0 {
			return nil
		}
		err := c.CounterEntry.CreateBulk(creates...).
			OnConflictColumns(counterentry.FieldService, counterentry.FieldApplication, counterentry.FieldMetric,
				counterentry.FieldPeriod, counterentry.FieldStart).
			UpdateValue().Exec(ctx)
		if err != nil {
			return fmt.Errorf("save counters: %w", err)
		}
		p.step(len(creates))
		clear(creates)
		creates = creates[:0]
		return nil
	}
	for _, e := range s.pending {
		creates = append(creates, c.CounterEntry.Create().SetService(e.Scope.Service).SetApplication(e.Scope.Application).
			SetMetric(e.Metric).SetPeriod(int(e.Period)).SetStart(e.Start).SetValue(e.Value))
		if len(creates) == upsertChunk {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	if err := flush(); err != nil {
		return err
	}
	if _, err := c.CounterEntry.Delete().Where(endedOrZero(now)).Exec(ctx); err != nil {
		return fmt.Errorf("delete ended counters: %w", err)
	}
	p.step(0)
	return nil
}

// endedOrZero selects the saved counters that are 0 or whose bucket ended
// (with the grace the store keeps ended buckets for) before now.
func endedOrZero(now time.Time) predicate.CounterEntry {
	preds := []predicate.CounterEntry{counterentry.Value(0)}
	horizon := now.Unix() - counter.ExpiryGrace
	claimed := now.Unix() - int64(counter.ClaimTTL/time.Second)
	preds = append(preds, counterentry.And(counterentry.Period(int(counter.Claims)), counterentry.ValueLT(claimed)))
	for p := counter.Period(0); p < counter.NumPeriods; p++ {
		if p == counter.Eternity {
			continue
		}
		start, _ := p.Window(horizon)
		preds = append(preds, counterentry.And(counterentry.Period(int(p)), counterentry.StartLT(start)))
	}
	return counterentry.Or(preds...)
}

// Start saves every interval until Stop.
func (s *CounterSaver) Start() {
	s.stop, s.done = make(chan struct{}), make(chan struct{})
	go func() {
		defer close(s.done)
		t := time.NewTicker(s.interval)
		defer t.Stop()
		for {
			select {
			case <-s.stop:
				return
			case <-t.C:
				start := time.Now()
				err := s.Save(context.Background())
				if err != nil {
					s.log.Error("save counters", "error", err)
				}
				if s.Observe != nil {
					s.Observe(time.Since(start), err)
				}
			}
		}
	}()
}

// Stop ends the periodic saves and saves once more.
func (s *CounterSaver) Stop(ctx context.Context) error {
	if s.stop != nil {
		close(s.stop)
		<-s.done
		s.stop = nil
	}
	return s.Save(ctx)
}
