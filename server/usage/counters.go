package usage

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/portico-apim/portico/ent"
	"github.com/portico-apim/portico/schema/viewer"
	"github.com/portico-apim/portico/server/counter"
)

// CounterSaver persists the in-process counter store to the database:
// periodically, and once more at shutdown, so a restart loses no usage.
type CounterSaver struct {
	client   *ent.Client
	store    *counter.Memory
	interval time.Duration
	log      *slog.Logger
	now      func() time.Time
	stop     chan struct{}
	done     chan struct{}
}

// NewCounterSaver returns a saver for store; interval defaults to 5s.
func NewCounterSaver(client *ent.Client, store *counter.Memory, interval time.Duration, log *slog.Logger) *CounterSaver {
	if interval <= 0 {
		interval = 5 * time.Second
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &CounterSaver{client: client, store: store, interval: interval, log: log, now: time.Now}
}

// Restore loads the saved counters into the store.
func (s *CounterSaver) Restore(ctx context.Context) (int, error) {
	rows, err := s.client.CounterEntry.Query().All(viewer.SystemContext(ctx))
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

// Save replaces the saved counters with the store's current ones, in one
// transaction.
func (s *CounterSaver) Save(ctx context.Context) error {
	ctx = viewer.SystemContext(ctx)
	entries := s.store.Export(s.now())
	tx, err := s.client.Tx(ctx)
	if err != nil {
		return err
	}
	c := tx.Client()
	if _, err := c.CounterEntry.Delete().Exec(ctx); err != nil {
		_ = tx.Rollback()
		return err
	}
	creates := make([]*ent.CounterEntryCreate, len(entries))
	for i, e := range entries {
		creates[i] = c.CounterEntry.Create().SetService(e.Scope.Service).SetApplication(e.Scope.Application).
			SetMetric(e.Metric).SetPeriod(int(e.Period)).SetStart(e.Start).SetValue(e.Value)
	}
	for part := range chunks(creates) {
		if err := c.CounterEntry.CreateBulk(part...).Exec(ctx); err != nil {
			_ = tx.Rollback()
			return fmt.Errorf("save counters: %w", err)
		}
	}
	return tx.Commit()
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
				if err := s.Save(context.Background()); err != nil {
					s.log.Error("save counters", "error", err)
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
