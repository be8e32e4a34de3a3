package counter

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/redis/go-redis/v9"
)

// Leases let most decisions of a busy application finish in process.
//
// A lease is a slice of an application's allowance that one process
// reserves in Redis, atomically with the check: the reservation is added to
// every counter of the leased metrics, exactly as usage would be, and is
// granted only while it leaves at least as much again below every limit.
// The process then admits decisions against the slice without a round
// trip, and when the lease ends (its lifetime is over, the period rolls,
// the decision's limits differ from the lease's, or a decision needs more
// than is left) it returns what it did not use in the same atomic step as
// its next decision on the application. So a counter in Redis is always the
// usage plus the unused part of the leases out on it: no process can admit
// beyond a limit, whatever the interleaving.
//
// What a reservation cannot bound is usage that is not checked: report
// updates and decisions that set counters. Such a write, when leases are
// out on its application, marks the application so that no lease is
// granted on it for a minute, and answers only once the leases out have
// ended (at most their lifetime), so that a decision after it never counts
// on a lease granted before it. A set drops the leases of the metrics it
// sets, whose returns then change nothing.
//
// A decision denied on a metric another process holds a lease on may have
// been denied only by its unused units; it is retried when the lease ends,
// for up to three lease lifetimes, so that the last units of an allowance
// go to whichever process asks for them.
type leases struct {
	life   time.Duration
	holder string

	mu      sync.RWMutex
	byScope map[Scope]*scopeLease

	local, granted, refused, retried atomic.Int64

	stop chan struct{}
	done chan struct{}
}

// Lease operations of decide.lua.
const (
	leaseNone byte = iota
	leaseGrant
	leaseReturn
	leaseUnchecked
	leaseChecked
)

// leaseOp is one entry's lease operation and its data.
type leaseOp struct {
	code   byte
	life   int64    // ms, for a grant
	fields []string // a grant's fields, or the one field a return drops
	sets   []string // metrics an unchecked write sets
}

// fits reports whether the operation's data can be packed: lengths and
// counts are single bytes.
func (op *leaseOp) fits() bool {
	if len(op.fields) > 255 || len(op.sets) > 255 {
		return false
	}
	for _, f := range op.fields {
		if len(f) > 255 {
			return false
		}
	}
	for _, m := range op.sets {
		if len(m) > 255 {
			return false
		}
	}
	return true
}

func (op *leaseOp) append(b []byte) []byte {
	b = append(b, op.code)
	switch op.code {
	case leaseGrant:
		b = binary.LittleEndian.AppendUint64(b, uint64(op.life))
		b = append(b, byte(len(op.fields)))
		for _, f := range op.fields {
			b = append(b, byte(len(f)))
			b = append(b, f...)
		}
	case leaseReturn:
		b = append(b, byte(len(op.fields[0])))
		b = append(b, op.fields[0]...)
	case leaseUnchecked:
		b = append(b, byte(len(op.sets)))
		for _, m := range op.sets {
			b = append(b, byte(len(m)))
			b = append(b, m...)
		}
	}
	return b
}

// scopeLease is this process's lease state for one application.
type scopeLease struct {
	mu sync.Mutex
	// dead is set when the entry left the table; a caller holding it
	// looks it up again.
	dead     bool
	held     bool
	granting bool
	w        *Windows
	sec      int64     // the decision time the lease was granted at
	ends     time.Time // local end: never after the end Redis records
	from     time.Time
	limits   []Limit
	values   []int64 // per limit, the counter before the reservation
	metrics  []leasedMetric
	size     int64 // decisions the next lease is sized for
	last     time.Time
	holdoff  time.Time
}

type leasedMetric struct {
	metric        string
	periods       PeriodSet // the counters reserved in, as the usage writes them
	granted, used int64
	field         string
}

// heldLease is a lease taken out of its entry, on its way back to Redis.
type heldLease struct {
	w       *Windows
	sec     int64
	metrics []leasedMetric
}

const (
	leaseFirstSize = 4
	leaseMaxSize   = 4096
	// maxLeasedMetrics bounds the metrics of one lease (a decision's usage
	// with its ancestors); decisions with more go to Redis every time.
	maxLeasedMetrics = 16
)

// newLeases names this process in the leases it records at random.
func newLeases(life time.Duration) *leases {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return &leases{life: life, holder: hex.EncodeToString(b[:]), byScope: map[Scope]*scopeLease{},
		stop: make(chan struct{}), done: make(chan struct{})}
}

func (l *leases) lookup(sc Scope) *scopeLease {
	l.mu.RLock()
	e := l.byScope[sc]
	l.mu.RUnlock()
	return e
}

// entry returns sc's entry, creating it, locked.
func (l *leases) entry(sc Scope) *scopeLease {
	for {
		e := l.lookup(sc)
		if e == nil {
			l.mu.Lock()
			if e = l.byScope[sc]; e == nil {
				e = &scopeLease{size: leaseFirstSize}
				l.byScope[sc] = e
			}
			l.mu.Unlock()
		}
		e.mu.Lock()
		if !e.dead {
			return e
		}
		e.mu.Unlock()
	}
}

// leasable reports whether d's usage can be admitted against a lease:
// increments only, one entry per metric.
func leasable(d *Decision) bool {
	if !d.HasUsage || len(d.Usage) == 0 || len(d.Usage) > maxLeasedMetrics {
		return false
	}
	for i, u := range d.Usage {
		if u.Set || u.Value < 0 || !firstDelta(d.Usage, i) {
			return false
		}
	}
	return true
}

func hasSet(usage []Delta) bool {
	for _, u := range usage {
		if u.Set {
			return true
		}
	}
	return false
}

func (e *scopeLease) find(metric string) *leasedMetric {
	for i := range e.metrics {
		if e.metrics[i].metric == metric {
			return &e.metrics[i]
		}
	}
	return nil
}

// admitLocal decides d against the process's lease on its application,
// when there is one that covers it.
func (l *leases) admitLocal(d *Decision, r *Result, w *Windows, now time.Time) bool {
	e := l.lookup(d.Scope)
	if e == nil {
		return false
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if !e.held || e.w.Start[Minute] != w.Start[Minute] || !now.Before(e.ends) || !slices.Equal(e.limits, d.Limits) {
		return false
	}
	if d.HasUsage {
		if !leasable(d) {
			return false
		}
		for _, u := range d.Usage {
			m := e.find(u.Metric)
			if m == nil || m.periods != u.Periods.orAll() || m.granted-m.used < u.Value {
				return false
			}
		}
	}
	r.Values = growValues(r.Values, len(d.Limits))
	r.Admitted = true
	for i, lim := range d.Limits {
		v := e.values[i]
		if m := e.find(lim.Metric); m != nil {
			v += m.used
		}
		r.Values[i] = v
		// Without usage the decision is an authorization: every counter
		// must be within its limit. With usage, the lease guarantees
		// that the checked ones stay within.
		if !d.HasUsage && v > lim.Max {
			r.Admitted = false
		}
	}
	if d.Commit && d.HasUsage {
		for _, u := range d.Usage {
			e.find(u.Metric).used += u.Value
		}
	}
	l.local.Add(1)
	return true
}

// detach takes e's lease out (e locked), adapting the size of the next one
// to how much of this one was used.
func (l *leases) detach(e *scopeLease, now time.Time) *heldLease {
	if !e.held {
		return nil
	}
	e.held = false
	h := &heldLease{w: e.w, sec: e.sec, metrics: e.metrics}
	e.metrics = nil
	var granted, used int64
	for _, m := range h.metrics {
		if m.granted > 0 {
			granted, used = m.granted, m.used
			break
		}
	}
	switch {
	case granted > 0 && used*4 >= granted*3 && now.Sub(e.from) < l.life/2:
		e.size = min(2*e.size, leaseMaxSize)
	case used*4 < granted:
		e.size = max(e.size/2, 1)
	}
	return h
}

// wantsGrant reports whether a remote decision d should ask for a lease
// (e locked): the application was decided remotely within the lease
// lifetime, and no grant is on its way or was just refused.
func (l *leases) wantsGrant(e *scopeLease, d *Decision, now time.Time) bool {
	return d.Commit && leasable(d) && !e.granting && !now.Before(e.holdoff) &&
		!e.last.IsZero() && now.Sub(e.last) < l.life
}

// encodeReturn appends the return of h to c: one entry per metric, each
// dropping its field and, if the field was still recorded, giving back the
// unused units of every counter of the lease's period instances. The
// counters' expiries are taken as of the grant: they exist since then.
func (s *Redis) encodeReturn(c *redisCall, sc Scope, h *heldLease) {
	for _, m := range h.metrics {
		op := leaseOp{code: leaseReturn, fields: []string{m.field}}
		usage := []Delta{{Metric: m.metric, Value: m.used - m.granted, Periods: m.periods}}
		// The metric ids were valid when the lease was granted.
		_ = s.encode(c, sc, true, true, h.sec, h.w, nil, usage, &op)
	}
}

// grantFor appends to c a grant sized for e.size decisions like d, and
// returns the lease it asks for.
func (s *Redis) encodeGrant(c *redisCall, d *Decision, sec int64, w *Windows, size int64) ([]leasedMetric, error) {
	l := s.leases
	metrics := make([]leasedMetric, len(d.Usage))
	usage := make([]Delta, len(d.Usage))
	op := leaseOp{code: leaseGrant, life: l.life.Milliseconds(), fields: make([]string, len(d.Usage))}
	for i, u := range d.Usage {
		g := u.Value * size
		if u.Value != 0 && g/u.Value != size {
			return nil, ErrInvalid
		}
		f := l.holder + "|" + u.Metric
		metrics[i] = leasedMetric{metric: u.Metric, periods: u.Periods.orAll(), granted: g, field: f}
		usage[i] = Delta{Metric: u.Metric, Value: g, Periods: u.Periods}
		op.fields[i] = f
	}
	// A lease is granted only while it leaves as much again below every
	// limit of its metrics: the counter with the reservation must stay
	// within the limit less the reservation.
	limits := make([]Limit, len(d.Limits))
	for i, lim := range d.Limits {
		limits[i] = lim
		for _, m := range metrics {
			if m.metric == lim.Metric {
				limits[i].Max = lim.Max - m.granted
			}
		}
	}
	if err := s.encode(c, d.Scope, true, true, sec, w, limits, usage, &op); err != nil {
		return nil, err
	}
	return metrics, nil
}

// decideLeased decides d with leases: in process when this process's lease
// covers it, else in Redis, returning the lease, and asking for a new one
// when the application is busy.
func (s *Redis) decideLeased(d *Decision, r *Result, w *Windows, sec int64) error {
	l := s.leases
	now := time.Now()
	if l.admitLocal(d, r, w, now) {
		return nil
	}
	deadline := now.Add(3*l.life + 100*time.Millisecond)
	for attempt := 0; ; attempt++ {
		retry, settle, err := s.decideRemote(d, r, w, sec, attempt == 0)
		if err != nil {
			return err
		}
		if settle > 0 {
			time.Sleep(min(settle, l.life+l.life/4))
			return nil
		}
		left := time.Until(deadline)
		if r.Admitted || retry <= 0 || left <= 0 {
			return nil
		}
		l.retried.Add(1)
		time.Sleep(min(retry, left))
		if s.lost.Load() {
			return errRebuilding
		}
	}
}

// decideRemote runs d in Redis, with the return of this process's lease on
// its application before it and a grant after it when wanted. It answers
// how long to wait before retrying a denial (other leases are out), and
// how long a decision that set counters must wait before answering.
func (s *Redis) decideRemote(d *Decision, r *Result, w *Windows, sec int64, mayGrant bool) (retry, settle time.Duration, err error) {
	l := s.leases
	now := time.Now()
	e := l.entry(d.Scope)
	back := l.detach(e, now)
	grant := mayGrant && l.wantsGrant(e, d, now)
	if grant {
		e.granting = true
	}
	e.last = now
	size := e.size
	e.mu.Unlock()

	c := s.calls.Get().(*redisCall)
	defer s.release(c)
	if back != nil {
		s.encodeReturn(c, d.Scope, back)
	}
	first := len(c.shape)
	var op *leaseOp
	switch {
	case d.Commit && hasSet(d.Usage):
		op = unchecked(d.Usage)
	case d.HasUsage:
		op = &leaseOp{code: leaseChecked}
	}
	err = s.encode(c, d.Scope, d.Commit, d.HasUsage, sec, w, d.Limits, d.Usage, op)
	var metrics []leasedMetric
	if err == nil && grant {
		metrics, err = s.encodeGrant(c, d, sec, w, size)
		if err != nil {
			grant, err = false, nil
		}
	}
	if err == nil {
		err = s.submit(c)
	}
	if err != nil {
		if grant {
			e.mu.Lock()
			e.granting = false
			e.mu.Unlock()
		}
		return 0, 0, err
	}
	n := len(d.Limits)
	r.Admitted = c.oks[first]
	r.Values = growValues(r.Values, n)
	copy(r.Values, c.values[:n])
	if op != nil {
		wait := time.Duration(c.values[n]) * time.Millisecond
		if op.code == leaseUnchecked {
			settle = wait
		} else {
			retry = wait
		}
		n++
	}
	if grant {
		ok := c.oks[first+1]
		e.mu.Lock()
		e.granting = false
		switch {
		case ok && !e.dead && !e.held:
			e.held, e.w, e.sec, e.from, e.ends = true, w, sec, now, now.Add(l.life)
			e.limits = append(e.limits[:0], d.Limits...)
			e.values = append(e.values[:0], c.values[n:n+len(d.Limits)]...)
			e.metrics = metrics
			l.granted.Add(1)
		case ok:
			// The entry left the table meanwhile (a purge or a loss):
			// the reservation stays counted, which never over-admits.
		default:
			// Near a limit a smaller lease may still fit; below one
			// decision's worth, the application waits a lifetime
			// before asking again.
			if e.size == 1 {
				e.holdoff = now.Add(l.life)
			}
			e.size = max(e.size/4, 1)
			l.refused.Add(1)
		}
		e.mu.Unlock()
	}
	return retry, settle, nil
}

// apply applies report updates: in one call through the decision
// pipelines, so they share a script call (and its atomicity) with
// concurrent decisions, or on a cluster client, where one script call
// cannot span hash slots, one call per update in a pipeline of their own.
// With leases each update first returns this process's lease on its
// application, and apply waits for the other processes' leases to end.
func (s *Redis) apply(ctx context.Context, now time.Time, updates []Update, cluster bool) error {
	nowSec := now.Unix()
	s.windows.at(nowSec) // most transactions happened now
	var calls []*redisCall
	var c *redisCall
	for i := range updates {
		u := &updates[i]
		if len(u.Usage) == 0 {
			continue
		}
		if c == nil || cluster {
			c = s.calls.Get().(*redisCall)
			defer s.release(c)
			calls = append(calls, c)
		}
		var op *leaseOp
		if s.leases != nil {
			if e := s.leases.lookup(u.Scope); e != nil {
				e.mu.Lock()
				back := s.leases.detach(e, now)
				e.mu.Unlock()
				if back != nil {
					s.encodeReturn(c, u.Scope, back)
				}
			}
			op = unchecked(u.Usage)
		}
		if err := s.encode(c, u.Scope, true, true, nowSec, s.windows.peek(u.At.Unix()), nil, u.Usage, op); err != nil {
			return err
		}
	}
	if len(calls) == 0 {
		return nil
	}
	if cluster {
		ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), s.timeout)
		defer cancel()
		s.exec(ctx, calls, nil)
	} else if err := s.submit(c); err != nil {
		return err
	}
	var wait int64
	for _, c := range calls {
		if c.err != nil {
			return c.err
		}
		for _, v := range c.values { // only lease operations answer values
			wait = max(wait, v)
		}
	}
	if wait > 0 {
		time.Sleep(min(time.Duration(wait)*time.Millisecond, s.leases.life+s.leases.life/4))
	}
	return nil
}

// unchecked is the lease operation of a write no limit checks: a report
// update, or a decision that sets counters.
func unchecked(usage []Delta) *leaseOp {
	op := &leaseOp{code: leaseUnchecked}
	for _, u := range usage {
		if u.Set {
			op.sets = append(op.sets, u.Metric)
		}
	}
	return op
}

// unused is how many units of b this process holds unused in its lease on
// sc for the period instances of w.
func (l *leases) unused(sc Scope, w *Windows, b Bucket) int64 {
	e := l.lookup(sc)
	if e == nil {
		return 0
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if !e.held || e.w.Start[Minute] != w.Start[Minute] {
		return 0
	}
	if m := e.find(b.Metric); m != nil && m.periods.Has(b.Period) {
		return m.granted - m.used
	}
	return 0
}

// sweep returns the leases that ended and forgets applications idle for a
// while; it runs until the store closes.
func (s *Redis) sweep() {
	l := s.leases
	defer close(l.done)
	tick := time.NewTicker(max(l.life/4, 10*time.Millisecond))
	defer tick.Stop()
	for {
		select {
		case <-l.stop:
			return
		case <-tick.C:
		}
		now := time.Now()
		s.returnLeases(func(e *scopeLease) bool { return !now.Before(e.ends) }, now)
	}
}

// returnLeases returns the held leases that match, and drops idle entries.
func (s *Redis) returnLeases(match func(*scopeLease) bool, now time.Time) {
	l := s.leases
	type back struct {
		sc Scope
		h  *heldLease
	}
	var backs []back
	var idle []Scope
	l.mu.RLock()
	for sc, e := range l.byScope {
		e.mu.Lock()
		if e.held && match(e) {
			backs = append(backs, back{sc, l.detach(e, now)})
		} else if !e.held && !e.granting && now.Sub(e.last) > 10*l.life {
			idle = append(idle, sc)
		}
		e.mu.Unlock()
	}
	l.mu.RUnlock()
	if len(idle) > 0 {
		l.mu.Lock()
		for _, sc := range idle {
			e := l.byScope[sc]
			e.mu.Lock()
			if !e.held && !e.granting && now.Sub(e.last) > 10*l.life {
				e.dead = true
				delete(l.byScope, sc)
			}
			e.mu.Unlock()
		}
		l.mu.Unlock()
	}
	if len(backs) == 0 {
		return
	}
	if _, cluster := s.client.(*redis.ClusterClient); cluster {
		calls := make([]*redisCall, len(backs))
		for i, b := range backs {
			calls[i] = &redisCall{}
			s.encodeReturn(calls[i], b.sc, b.h)
		}
		ctx, cancel := context.WithTimeout(context.Background(), s.timeout)
		s.exec(ctx, calls, nil)
		cancel()
		return
	}
	c := &redisCall{done: make(chan struct{}, 1)}
	for _, b := range backs {
		s.encodeReturn(c, b.sc, b.h)
	}
	// A failed return leaves its units counted until the lease hash
	// expires and the counters' periods end: never an over-admission.
	_ = s.submit(c)
}

// drop forgets the leases of the given services (all when services is
// nil) without returning them: their counters are gone.
func (l *leases) drop(services []string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for sc, e := range l.byScope {
		if services != nil && !slices.Contains(services, sc.Service) {
			continue
		}
		e.mu.Lock()
		e.dead, e.held, e.metrics = true, false, nil
		e.mu.Unlock()
		delete(l.byScope, sc)
	}
}

// LeaseStats describes the leases of a Redis store.
type LeaseStats struct {
	// Local is the number of decisions admitted in process.
	Local int64 `json:"local"`
	// Granted and Refused count lease grants asked for.
	Granted int64 `json:"granted"`
	Refused int64 `json:"refused"`
	// Retried counts denials retried because another process held a
	// lease on a metric they were denied on.
	Retried int64 `json:"retried"`
}
