package counter

import (
	"context"
	"errors"
	"hash/maphash"
	"sync"
	"time"
)

// MemoryConfig configures the in-process store.
type MemoryConfig struct {
	// Shards is the number of independently locked shards (rounded up to a
	// power of two); 0 means 256.
	Shards int
	// SweepInterval is how often ended buckets are dropped; 0 means one
	// minute, a negative value disables the background sweep.
	SweepInterval time.Duration
	// Now is the clock used to expire buckets; nil means time.Now.
	Now func() time.Time
}

// Memory is the in-process store: counters sharded by scope, one mutex per
// shard held only for the duration of one decision, no I/O under the lock.
type Memory struct {
	seed    maphash.Seed
	mask    uint64
	shards  []memShard
	now     func() time.Time
	windows windowCache
	stop    chan struct{}
	done    chan struct{}
	once    sync.Once
}

type memShard struct {
	mu     sync.Mutex
	scopes map[Scope]*scopeCells
	// changed lists the scopes written since the last ExportChanged.
	changed []*scopeCells
	_       [24]byte // keep shards on separate cache lines
}

// scopeCells holds the counters of one scope.
type scopeCells struct {
	scope   Scope
	cells   map[bucketKey]cell
	changed bool
}

// cellsOf returns the counters of scope s; when there are none it creates
// them if create is set and returns nil otherwise.
func (sh *memShard) cellsOf(s Scope, create bool, hint int) *scopeCells {
	sc := sh.scopes[s]
	if sc == nil && create {
		sc = &scopeCells{scope: s, cells: make(map[bucketKey]cell, hint)}
		sh.scopes[s] = sc
	}
	return sc
}

// markChanged lists sc for the next ExportChanged.
func (sh *memShard) markChanged(sc *scopeCells) {
	if !sc.changed {
		sc.changed = true
		sh.changed = append(sh.changed, sc)
	}
}

type bucketKey struct {
	metric string
	period Period
	start  int64
}

type cell struct {
	value   int64
	expires int64 // Unix seconds; 0 never
}

var _ Store = (*Memory)(nil)

// NewMemory returns an in-process store and starts its sweeper.
func NewMemory(cfg MemoryConfig) (*Memory, error) {
	if cfg.Shards < 0 {
		return nil, errors.New("counter: shards must not be negative")
	}
	n := 256
	if cfg.Shards > 0 {
		n = 1
		for n < cfg.Shards {
			n <<= 1
		}
	}
	m := &Memory{
		seed:   maphash.MakeSeed(),
		mask:   uint64(n - 1),
		shards: make([]memShard, n),
		now:    cfg.Now,
		stop:   make(chan struct{}),
		done:   make(chan struct{}),
	}
	if m.now == nil {
		m.now = time.Now
	}
	for i := range m.shards {
		m.shards[i].scopes = make(map[Scope]*scopeCells)
	}
	interval := cfg.SweepInterval
	if interval == 0 {
		interval = time.Minute
	}
	if interval > 0 {
		go m.sweepLoop(interval)
	} else {
		close(m.done)
	}
	return m, nil
}

func (m *Memory) shard(s Scope) *memShard {
	h := maphash.String(m.seed, s.Service)*31 ^ maphash.String(m.seed, s.Application)
	return &m.shards[h&m.mask]
}

// Decide implements Store.
func (m *Memory) Decide(_ context.Context, d *Decision, r *Result) error {
	sec := d.At.Unix()
	w := m.windows.at(sec)
	r.Values = growValues(r.Values, len(d.Limits))
	sh := m.shard(d.Scope)
	sh.mu.Lock()
	sc := sh.cellsOf(d.Scope, false, 0)
	var cells map[bucketKey]cell
	if sc != nil {
		cells = sc.cells
	}
	for i, l := range d.Limits {
		if !l.Period.Valid() {
			sh.mu.Unlock()
			return ErrInvalid
		}
		r.Values[i] = cells[bucketKey{l.Metric, l.Period, w.Start[l.Period]}].value
	}
	r.Admitted = admit(d, r.Values)
	if r.Admitted && d.Commit && d.HasUsage && len(d.Usage) > 0 {
		if sc == nil {
			sc = sh.cellsOf(d.Scope, true, len(d.Usage)*NumPeriods)
		}
		applyCells(sc.cells, d.Usage, w, sec)
		sh.markChanged(sc)
	}
	sh.mu.Unlock()
	return nil
}

// Apply implements Store.
func (m *Memory) Apply(_ context.Context, now time.Time, updates []Update) error {
	nowSec := now.Unix()
	m.windows.at(nowSec) // most transactions happened now
	for i := range updates {
		u := &updates[i]
		if len(u.Usage) == 0 {
			continue
		}
		w := m.windows.peek(u.At.Unix())
		sh := m.shard(u.Scope)
		sh.mu.Lock()
		sc := sh.cellsOf(u.Scope, true, len(u.Usage)*NumPeriods)
		applyCells(sc.cells, u.Usage, w, nowSec)
		sh.markChanged(sc)
		sh.mu.Unlock()
	}
	return nil
}

// applyCells writes usage into every period of each metric; buckets whose
// expiry is already behind now are skipped. A counter set to 0 is kept at 0
// until ExportChanged reports it (or it expires), so that a saved copy
// learns of it.
func applyCells(cells map[bucketKey]cell, usage []Delta, w *Windows, now int64) {
	for _, d := range usage {
		set := d.Periods.orAll()
		for p := Period(0); p < NumPeriods; p++ {
			if !set.Has(p) {
				continue
			}
			var expires int64
			if p != Eternity {
				expires = w.End[p] + ExpiryGrace
				if expires <= now {
					continue
				}
			}
			k := bucketKey{d.Metric, p, w.Start[p]}
			switch {
			case d.Set:
				cells[k] = cell{value: d.Value, expires: expires}
			case d.Value != 0:
				c := cells[k]
				c.value += d.Value
				c.expires = expires
				cells[k] = c
			}
		}
	}
}

// Values implements Store.
func (m *Memory) Values(_ context.Context, scope Scope, at time.Time, buckets []Bucket, out []int64) ([]int64, error) {
	w := WindowsAt(at.Unix())
	sh := m.shard(scope)
	sh.mu.Lock()
	var cells map[bucketKey]cell
	if sc := sh.cellsOf(scope, false, 0); sc != nil {
		cells = sc.cells
	}
	for _, b := range buckets {
		if !b.Period.Valid() {
			sh.mu.Unlock()
			return out, ErrInvalid
		}
		out = append(out, cells[bucketKey{b.Metric, b.Period, w.Start[b.Period]}].value)
	}
	sh.mu.Unlock()
	return out, nil
}

// Sweep drops every bucket whose period ended before now (plus a grace
// minute). It runs in the background; it is exported for tests and for a
// final sweep before Export.
func (m *Memory) Sweep(now time.Time) {
	sec := now.Unix()
	for i := range m.shards {
		sh := &m.shards[i]
		sh.mu.Lock()
		for scope, sc := range sh.scopes {
			for k, c := range sc.cells {
				if c.expires != 0 && c.expires <= sec {
					delete(sc.cells, k)
				}
			}
			if len(sc.cells) == 0 && !sc.changed {
				delete(sh.scopes, scope)
			}
		}
		sh.mu.Unlock()
	}
}

func (m *Memory) sweepLoop(interval time.Duration) {
	defer close(m.done)
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-m.stop:
			return
		case <-t.C:
			m.Sweep(m.now())
		}
	}
}

// Close stops the sweeper. The counters stay readable.
func (m *Memory) Close() error {
	m.once.Do(func() { close(m.stop) })
	<-m.done
	return nil
}

// Entry is one persisted counter: the value of a metric of a scope over the
// period instance starting at Start (Unix seconds, 0 for eternity).
type Entry struct {
	Scope  Scope
	Metric string
	Period Period
	Start  int64
	Value  int64
}

// Export returns every live counter that is not 0. Buckets ended before now
// are left out.
func (m *Memory) Export(now time.Time) []Entry {
	sec := now.Unix()
	var out []Entry
	for i := range m.shards {
		sh := &m.shards[i]
		sh.mu.Lock()
		for scope, sc := range sh.scopes {
			for k, c := range sc.cells {
				if c.value == 0 || (c.expires != 0 && c.expires <= sec) {
					continue
				}
				out = append(out, Entry{Scope: scope, Metric: k.metric, Period: k.period, Start: k.start, Value: c.value})
			}
		}
		sh.mu.Unlock()
	}
	return out
}

// ExportChanged returns the live counters of every scope written since the
// previous call (counters set to 0 included, with Value 0), appending them
// to out, for saving the store's state incrementally. Buckets ended before
// now are left out. Each shard is locked only while its own scopes are
// copied.
func (m *Memory) ExportChanged(now time.Time, out []Entry) []Entry {
	sec := now.Unix()
	for i := range m.shards {
		sh := &m.shards[i]
		sh.mu.Lock()
		for _, sc := range sh.changed {
			sc.changed = false
			for k, c := range sc.cells {
				if c.expires != 0 && c.expires <= sec {
					continue
				}
				out = append(out, Entry{Scope: sc.scope, Metric: k.metric, Period: k.period, Start: k.start, Value: c.value})
				if c.value == 0 {
					delete(sc.cells, k)
				}
			}
			if len(sc.cells) == 0 && sh.scopes[sc.scope] == sc {
				delete(sh.scopes, sc.scope)
			}
		}
		clear(sh.changed)
		sh.changed = sh.changed[:0]
		sh.mu.Unlock()
	}
	return out
}

// Import restores counters saved by Export, replacing the values of the same
// buckets. Entries whose bucket already ended before now are skipped.
func (m *Memory) Import(now time.Time, entries []Entry) error {
	sec := now.Unix()
	for _, e := range entries {
		if e.Period == Claims {
			expires := e.Value + int64(ClaimTTL/time.Second)
			if e.Value == 0 || expires <= sec {
				continue
			}
			sh := m.shard(e.Scope)
			sh.mu.Lock()
			sh.cellsOf(e.Scope, true, 0).cells[bucketKey{e.Metric, Claims, 0}] = cell{value: e.Value, expires: expires}
			sh.mu.Unlock()
			continue
		}
		if !e.Period.Valid() {
			return ErrInvalid
		}
		start, end := e.Period.Window(e.Start)
		if start != e.Start {
			return ErrInvalid
		}
		var expires int64
		if e.Period != Eternity {
			expires = end + ExpiryGrace
			if expires <= sec {
				continue
			}
		}
		sh := m.shard(e.Scope)
		sh.mu.Lock()
		sh.cellsOf(e.Scope, true, 0).cells[bucketKey{e.Metric, e.Period, e.Start}] = cell{value: e.Value, expires: expires}
		sh.mu.Unlock()
	}
	return nil
}
