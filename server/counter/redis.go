package counter

import (
	"context"
	_ "embed"
	"encoding/binary"
	"errors"
	"fmt"
	"log/slog"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"

	"github.com/redis/go-redis/v9"
)

//go:embed decide.lua
var decideSource string

// RedisConfig configures the Redis store.
type RedisConfig struct {
	// URL is a redis:// or rediss:// URL; it is used only when Client is nil.
	URL string
	// Cluster says that URL names seed nodes of a Redis Cluster, in
	// go-redis's cluster URL form (redis://host:port?addr=host:port).
	Cluster bool
	// Client is an existing client (single node, Sentinel or Cluster). The
	// store does not close a client it was given.
	Client redis.UniversalClient
	// KeyPrefix is put before every key; it must not contain '{' or '}'.
	// Empty means "portico:".
	KeyPrefix string
	// PoolSize is the connection pool size when the store builds the client
	// from URL; 0 means 64. It should be at least the number of concurrent
	// gateway connections.
	PoolSize int
	// MaxBatch caps how many decisions and report updates travel in one
	// pipeline (a call larger than that travels alone); 0 means 128.
	MaxBatch int
	// Pipelines is how many batches may be in flight at once; 0 means 2.
	// Fewer, larger batches cost Redis and this process less per decision
	// than many small ones, so a batch waits for the one in flight to come
	// back, and a further pipeline is used only while a whole batch
	// (MaxBatch decisions) is waiting.
	Pipelines int
	// Timeout bounds one pipeline round trip; 0 means 2 s.
	Timeout time.Duration
	// Recount returns the counters of the current periods as the durable
	// usage record holds them; the store writes them back when it finds
	// that Redis lost its data (see Recover). Nil disables the check.
	Recount func(ctx context.Context, now time.Time) ([]Update, error)
	// RecountWait is how long a rebuild waits for every replica to save
	// the usage it acknowledged before counting (their flush interval).
	RecountWait time.Duration
	// Logger reports losses and rebuilds; nil discards them.
	Logger *slog.Logger
	// RoundTrip, when set, is told of every script call: how long its
	// round trip took and how many decisions and report updates it
	// carried.
	RoundTrip func(took time.Duration, decisions int)
	// Lease is the lifetime of the leases that let busy applications be
	// decided in process (see leases); 0 decides every decision in Redis.
	Lease time.Duration
}

// Redis keeps the counters in Redis. Decisions run in a Lua script, atomic
// on the server; concurrent decisions are coalesced so that one script call
// (one per hash slot, in one pipeline) carries many of them. The script gets
// complete keys and packed numbers: Go computes every key, window and
// expiry, so the script only reads, compares and writes. All keys of a
// scope share a hash tag, so the store works on Redis Cluster. When the
// store connects from a URL, batches travel on connections of their own
// (scriptConn) rather than through go-redis.
//
// There is no batching goroutine: a decision that finds no batch in flight
// runs one itself, made of its own call and every call queued so far
// (leader); decisions arriving meanwhile queue and sleep (followers). A
// leader done with its batch wakes the batch's other callers and hands the
// pipeline to the oldest queued call, whose goroutine wakes up to run the
// next batch. So a decision costs at most one goroutine wake-up, and the
// decisions arriving during one round trip travel together in the next.
// Further pipelines are used only while a whole batch is waiting.
type Redis struct {
	trip      func(time.Duration, int)
	client    redis.UniversalClient
	ownClient bool
	// opts is set when the store connected from a URL: decisions then
	// travel on connections of their own (see scriptConn).
	opts     *redis.Options
	script   *redis.Script
	prefix   string
	maxBatch int
	timeout  time.Duration
	windows  windowCache
	calls    sync.Pool

	mu      sync.Mutex
	waiting []*redisCall // queued for the next batch, oldest first
	// queued is how many decisions and report updates the waiting calls
	// carry: a report's call carries one per application.
	queued int
	idle   []*pipeline
	closed bool
	// busy counts pipelines carrying a batch; Close waits for them.
	busy sync.WaitGroup
	all  []*pipeline

	batches, decisions atomic.Int64

	// leases is nil when leases are off.
	leases *leases

	recovery
}

// pipeline is one lane batches travel on: a connection of its own, or
// go-redis pipelines when the store was given a client.
type pipeline struct {
	conn   *scriptConn
	batch  []*redisCall
	groups []*scriptCall
}

// redisCall is one decision (or report update) on its way through a
// pipeline: its keys and packed entries (see decide.lua), and its answer.
type redisCall struct {
	keys    []string
	entries []byte
	// shape is how many values each decision (or report update) of the
	// call answers; oks whether each was admitted, and admitted whether
	// all were.
	shape    []int32
	oks      []bool
	admitted bool
	values   []int64
	err      error
	// done wakes the caller: with its answer, or with lead set, to run
	// the next batch on that pipeline.
	done   chan struct{}
	lead   *pipeline
	keyBuf []byte
}

// RedisStats describes how decisions travelled to Redis.
type RedisStats struct {
	// Batches is the number of script calls (one per batch and hash slot).
	Batches int64 `json:"batches"`
	// Decisions is the number of decisions and report updates they carried.
	Decisions int64 `json:"decisions"`
	// Leases describes the decisions made in process; nil when leases
	// are off.
	Leases *LeaseStats `json:"leases,omitempty"`
}

// PoolStats describes the client's connection pool (decisions travel on
// connections of their own when the store connected from a URL).
func (s *Redis) PoolStats() *redis.PoolStats { return s.client.PoolStats() }

// Stats returns the batching counters so far.
func (s *Redis) Stats() RedisStats {
	st := RedisStats{Batches: s.batches.Load(), Decisions: s.decisions.Load()}
	if l := s.leases; l != nil {
		st.Leases = &LeaseStats{Local: l.local.Load(), Granted: l.granted.Load(), Refused: l.refused.Load(), Retried: l.retried.Load()}
	}
	return st
}

var _ Store = (*Redis)(nil)

// NewRedis connects the Redis store and loads its script.
func NewRedis(ctx context.Context, cfg RedisConfig) (*Redis, error) {
	var errs []error
	if cfg.Client == nil && cfg.URL == "" {
		errs = append(errs, errors.New("counter: redis URL or client is required"))
	}
	if strings.ContainsAny(cfg.KeyPrefix, "{}") {
		errs = append(errs, errors.New("counter: redis key prefix must not contain braces"))
	}
	if cfg.PoolSize < 0 || cfg.MaxBatch < 0 || cfg.Pipelines < 0 || cfg.Timeout < 0 || cfg.Lease < 0 {
		errs = append(errs, errors.New("counter: redis sizes and timeout must not be negative"))
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	s := &Redis{
		client:   cfg.Client,
		script:   redis.NewScript(decideSource),
		prefix:   cfg.KeyPrefix,
		maxBatch: cfg.MaxBatch,
		timeout:  cfg.Timeout,
		trip:     cfg.RoundTrip,
	}
	if s.prefix == "" {
		s.prefix = "portico:"
	}
	if s.maxBatch == 0 {
		s.maxBatch = 128
	}
	if s.timeout == 0 {
		s.timeout = 2 * time.Second
	}
	if s.client == nil {
		pool := cfg.PoolSize
		if pool == 0 {
			pool = 64
		}
		client, err := OpenRedis(cfg.URL, cfg.Cluster, pool)
		if err != nil {
			return nil, err
		}
		s.client, s.ownClient = client, true
		if c, ok := client.(*redis.Client); ok {
			s.opts = c.Options()
		}
	}
	s.initRecovery(cfg) // after the client: the guard depends on its kind
	if err := s.script.Load(ctx, s.client).Err(); err != nil {
		if s.ownClient {
			_ = s.client.Close()
		}
		return nil, fmt.Errorf("counter: load redis script: %w: %w", ErrUnavailable, err)
	}
	pipelines := cfg.Pipelines
	if pipelines == 0 {
		pipelines = 2
	}
	s.calls.New = func() any { return &redisCall{done: make(chan struct{}, 1)} }
	for range pipelines {
		p := &pipeline{batch: make([]*redisCall, 0, s.maxBatch)}
		if s.opts != nil {
			p.conn = newScriptConn(s.opts, s.script.Hash(), decideSource, s.timeout)
		}
		s.idle = append(s.idle, p)
		s.all = append(s.all, p)
	}
	if cfg.Lease > 0 {
		s.leases = newLeases(cfg.Lease)
		go s.sweep()
	}
	return s, nil
}

// OpenRedis connects a client from a URL: a single node, or with cluster
// set a Redis Cluster whose seed nodes the URL names
// (redis://host:port?addr=host:port&addr=…). poolSize is the connection
// pool size (per node on a cluster); 0 keeps go-redis's default.
func OpenRedis(url string, cluster bool, poolSize int) (redis.UniversalClient, error) {
	if cluster {
		opts, err := redis.ParseClusterURL(url)
		if err != nil {
			return nil, fmt.Errorf("counter: parse redis cluster URL: %w", err)
		}
		if poolSize > 0 {
			opts.PoolSize = poolSize
		}
		return redis.NewClusterClient(opts), nil
	}
	opts, err := redis.ParseURL(url)
	if err != nil {
		return nil, fmt.Errorf("counter: parse redis URL: %w", err)
	}
	if poolSize > 0 {
		opts.PoolSize = poolSize
	}
	return redis.NewClient(opts), nil
}

// Close fails the queued calls, waits for the batches in flight and closes
// the connections (and the client if the store created it).
func (s *Redis) Close() error {
	if l := s.leases; l != nil {
		select {
		case <-l.stop:
		default:
			close(l.stop)
			<-l.done
			s.returnLeases(func(*scopeLease) bool { return true }, time.Now())
		}
	}
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	s.end()
	waiting := s.waiting
	s.waiting, s.queued = nil, 0
	s.mu.Unlock()
	for _, c := range waiting {
		c.err = ErrUnavailable
		c.done <- struct{}{}
	}
	s.busy.Wait()
	for _, p := range s.all {
		if p.conn != nil {
			p.conn.close()
		}
	}
	if s.ownClient {
		return s.client.Close()
	}
	return nil
}

// Client returns the underlying client (for health checks).
func (s *Redis) Client() redis.UniversalClient { return s.client }

// encode appends a decision (or, without limits, a report update) to the
// call: one entry per limit, in order, then one per counter written that no
// limit reads. now is the processing time in Unix seconds: writes to buckets
// that already ended are left out.
//
// op, when not nil, is the entry's lease operation (see decide.lua); it
// adds the scope's lease hash and no-lease marker after the counters.
func (s *Redis) encode(c *redisCall, sc Scope, commit, hasUsage bool, now int64, w *Windows, limits []Limit, usage []Delta, op *leaseOp) error {
	for _, l := range limits {
		if !validMetricID(l.Metric) || !l.Period.Valid() {
			return ErrInvalid
		}
	}
	for _, u := range usage {
		if !validMetricID(u.Metric) {
			return ErrInvalid
		}
	}
	// Keys are built into one buffer and cut from it without copying: the
	// call's buffer is only appended to until the call is released, when
	// no batch refers to its keys any more.
	kb := c.keyBuf
	first := int32(len(kb))
	var offs [2*NumPeriods + 16]int32
	ends := offs[:0]
	base := func() {
		kb = append(kb, s.prefix...)
		kb = append(kb, '{')
		kb = append(kb, sc.Service...)
		kb = append(kb, ':')
		kb = append(kb, sc.Application...)
		kb = append(kb, "}:"...)
	}
	key := func(metric string, p Period) {
		base()
		kb = append(kb, metric...)
		kb = append(kb, ':', periodCodes[p], ':')
		kb = strconv.AppendInt(kb, w.Start[p], 10)
		ends = append(ends, int32(len(kb)))
	}
	// The header (reads, writes, size of the write entries) is filled in
	// at the end; the lease operation and its data follow it.
	head := len(c.entries)
	e := append(c.entries, make([]byte, 12)...)
	reads := len(limits)
	if op != nil && !op.fits() {
		return ErrInvalid
	}
	if op == nil {
		e = append(e, leaseNone)
	} else {
		e = op.append(e)
		if op.code == leaseUnchecked || op.code == leaseChecked {
			reads++ // the wait
		}
	}
	// An increment is applied while checking only when no two limits share
	// a counter (the second would read the incremented value).
	merge := commit && hasUsage && !duplicateLimits(limits)
	var merged uint64 // bit i: limit i carries the write of its counter
	for i, l := range limits {
		var flags entryFlags
		var value int64
		switch {
		case !hasUsage:
			flags.check = true
		default:
			if d, ok := findDelta(usage, l.Metric); ok {
				flags.check, flags.set, value = true, d.Set, d.Value
				// A delta above the limit is denied whatever is stored
				// (counters are never negative): a GET is cheaper than an
				// increment and its undoing.
				if merge && i < 64 && !d.Set && d.Value != 0 && d.Value <= l.Max && d.Periods.orAll().Has(l.Period) {
					if ttl, live := bucketTTL(w, l.Period, now); live {
						flags.write, flags.ttl = true, ttl
						merged |= 1 << i
					}
				}
			}
		}
		e = appendRead(e, flags, l.Max, value)
		key(l.Metric, l.Period)
	}
	writesAt := len(e)
	if commit && hasUsage {
		for ui, u := range usage {
			if !u.Set && u.Value == 0 {
				continue
			}
			set := u.Periods.orAll()
			for p := Period(0); p < NumPeriods; p++ {
				if !set.Has(p) {
					continue
				}
				ttl, live := bucketTTL(w, p, now)
				if !live {
					continue
				}
				if merged != 0 && firstDelta(usage, ui) && mergedLimit(limits, merged, u.Metric, p) {
					continue
				}
				e = appendWrite(e, u.Set, ttl, u.Value)
				key(u.Metric, p)
			}
		}
	}
	writes := len(ends) - len(limits)
	if op != nil {
		base()
		kb = append(kb, "lease"...)
		ends = append(ends, int32(len(kb)))
		base()
		kb = append(kb, "nolease"...)
		ends = append(ends, int32(len(kb)))
	}
	var keys string
	if len(kb) > 0 {
		keys = unsafe.String(&kb[0], len(kb))
	}
	from := first
	for _, to := range ends {
		c.keys = append(c.keys, keys[from:to])
		from = to
	}
	binary.LittleEndian.PutUint32(e[head:], uint32(len(limits)))
	binary.LittleEndian.PutUint32(e[head+4:], uint32(writes))
	binary.LittleEndian.PutUint32(e[head+8:], uint32(len(e)-writesAt))
	c.keyBuf, c.entries = kb, e
	c.shape = append(c.shape, int32(reads))
	return nil
}

// entryFlags are the switches of a read entry of decide.lua.
type entryFlags struct {
	check, set, write bool
	ttl               int64
}

func appendRead(b []byte, f entryFlags, max, delta int64) []byte {
	b = append(b, flag(f.check), flag(f.set), flag(f.write))
	b = binary.LittleEndian.AppendUint64(b, uint64(max))
	b = binary.LittleEndian.AppendUint64(b, uint64(f.ttl))
	return appendDigits(b, delta)
}

func appendWrite(b []byte, set bool, ttl, delta int64) []byte {
	b = append(b, flag(set))
	b = binary.LittleEndian.AppendUint64(b, uint64(ttl))
	return appendDigits(b, delta)
}

// appendDigits appends the decimal digits of n after their count.
func appendDigits(b []byte, n int64) []byte {
	at := len(b)
	b = append(b, 0)
	b = strconv.AppendInt(b, n, 10)
	b[at] = byte(len(b) - at - 1)
	return b
}

func flag(b bool) byte {
	if b {
		return 1
	}
	return 0
}

// bucketTTL is the expiry of a counter written now in period p's current
// instance: 0 for eternity; live is false when the bucket already ended.
func bucketTTL(w *Windows, p Period, now int64) (ttl int64, live bool) {
	if p == Eternity {
		return 0, true
	}
	ttl = w.End[p] + ExpiryGrace - now
	return ttl, ttl > 0
}

// duplicateLimits reports whether two limits name the same counter.
func duplicateLimits(limits []Limit) bool {
	for i := range limits {
		for j := i + 1; j < len(limits); j++ {
			if limits[i].Metric == limits[j].Metric && limits[i].Period == limits[j].Period {
				return true
			}
		}
	}
	return false
}

// firstDelta reports whether usage[i] is the first delta of its metric (the
// one limits are checked with).
func firstDelta(usage []Delta, i int) bool {
	for j := 0; j < i; j++ {
		if usage[j].Metric == usage[i].Metric {
			return false
		}
	}
	return true
}

// mergedLimit reports whether a limit carrying its write is on metric over p.
func mergedLimit(limits []Limit, merged uint64, metric string, p Period) bool {
	for i, l := range limits {
		if i < 64 && merged&(1<<i) != 0 && l.Period == p && l.Metric == metric {
			return true
		}
	}
	return false
}

// validMetricID rejects ids that cannot be part of a counter key.
func validMetricID(id string) bool {
	if id == "" {
		return false
	}
	for i := 0; i < len(id); i++ {
		switch id[i] {
		case ' ', '\t', '\n', '\r', '\v', '\f':
			return false
		}
	}
	return true
}

// Decide implements Store.
func (s *Redis) Decide(_ context.Context, d *Decision, r *Result) error {
	if s.lost.Load() {
		return errRebuilding
	}
	sec := d.At.Unix()
	w := s.windows.at(sec)
	if s.leases != nil {
		return s.decideLeased(d, r, w, sec)
	}
	return s.decideOnce(d, r, w, sec)
}

// decideOnce runs d in Redis, in the next batch.
func (s *Redis) decideOnce(d *Decision, r *Result, w *Windows, sec int64) error {
	c := s.calls.Get().(*redisCall)
	if err := s.encode(c, d.Scope, d.Commit, d.HasUsage, sec, w, d.Limits, d.Usage, nil); err != nil {
		s.release(c)
		return err
	}
	if err := s.submit(c); err != nil {
		s.release(c)
		return err
	}
	r.Admitted = c.admitted
	r.Values = growValues(r.Values, len(d.Limits))
	copy(r.Values, c.values)
	s.release(c)
	return nil
}

func (s *Redis) release(c *redisCall) {
	clear(c.keys)
	c.keys, c.entries, c.values, c.err = c.keys[:0], c.entries[:0], c.values[:0], nil
	c.shape, c.oks = c.shape[:0], c.oks[:0]
	c.keyBuf = c.keyBuf[:0]
	if cap(c.keyBuf) > 4096 || cap(c.entries) > 4096 {
		return
	}
	s.calls.Put(c)
}

// submit runs c in the next batch and waits for its answer: as the leader
// of a batch when no batch is in flight (or a whole batch is waiting and a
// pipeline is idle), else queued.
func (s *Redis) submit(c *redisCall) error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return ErrUnavailable
	}
	if n := len(s.idle); n == len(s.all) || (n > 0 && s.queued+len(c.shape) >= s.maxBatch) {
		p := s.idle[n-1]
		s.idle = s.idle[:n-1]
		s.busy.Add(1)
		s.mu.Unlock()
		s.lead(p, c)
		return c.err
	}
	s.waiting = append(s.waiting, c)
	s.queued += len(c.shape)
	s.mu.Unlock()
	<-c.done
	if p := c.lead; p != nil {
		c.lead = nil
		s.lead(p, c)
	}
	return c.err
}

// lead runs one batch on pipeline p: first's call and the queued ones. It
// then wakes the batch's other callers and passes p to the oldest call
// queued meanwhile (or returns it to the idle ones); the new leader wakes
// last, so that it runs next on this processor.
func (s *Redis) lead(p *pipeline, first *redisCall) {
	// Let the goroutines that are ready to run go first: when the
	// processors are busy, decisions on their way here join this batch
	// rather than the next (one round trip for many), and when they are
	// idle this costs next to nothing.
	runtime.Gosched()
	batch := append(p.batch[:0], first)
	s.mu.Lock()
	n, size := 0, len(first.shape)
	for ; n < len(s.waiting) && size+len(s.waiting[n].shape) <= s.maxBatch; n++ {
		size += len(s.waiting[n].shape)
	}
	batch = append(batch, s.waiting[:n]...)
	s.waiting = s.dequeue(n)
	s.mu.Unlock()

	if p.conn != nil {
		p.groups = s.execConn(p.conn, batch, p.groups)
	} else {
		ctx, cancel := context.WithTimeout(context.Background(), s.timeout)
		p.groups = s.exec(ctx, batch, p.groups)
		cancel()
	}

	for _, c := range batch[1:] {
		c.done <- struct{}{}
	}
	clear(batch)
	p.batch = batch[:0]

	s.mu.Lock()
	var next *redisCall
	if len(s.waiting) > 0 && !s.closed {
		next = s.waiting[0]
		s.waiting = s.dequeue(1)
	} else {
		s.idle = append(s.idle, p)
	}
	s.mu.Unlock()
	if next == nil {
		s.busy.Done()
		return
	}
	next.lead = p
	next.done <- struct{}{}
}

// dequeue drops the n oldest queued calls, reusing the queue's memory once
// it is empty. s.mu must be held.
func (s *Redis) dequeue(n int) []*redisCall {
	for _, c := range s.waiting[:n] {
		s.queued -= len(c.shape)
	}
	rest := s.waiting[n:]
	if len(rest) == 0 {
		clear(s.waiting)
		return s.waiting[:0]
	}
	return rest
}

// scriptCall is one script invocation carrying the calls of one hash slot.
type scriptCall struct {
	slot  uint16 // on a cluster
	calls []*redisCall
	keys  []string
	blob  []byte
	cmd   *redis.Cmd
}

// exec runs a batch of calls in one round trip: one script invocation per
// hash slot (a single one unless the client is a cluster client), all in
// one pipeline. Each call gets its answer or error.
func (s *Redis) exec(ctx context.Context, batch []*redisCall, groups []*scriptCall) []*scriptCall {
	groups = s.group(batch, groups)
	start := time.Now()
	pipe := s.client.Pipeline()
	carried := 0
	for _, g := range groups {
		n := g.pack()
		carried += n
		s.count(n)
		g.cmd = s.script.EvalSha(ctx, pipe, g.keys, g.blob, s.guardArg(g.slot))
	}
	_, _ = pipe.Exec(ctx)
	if s.trip != nil {
		s.trip(time.Since(start), carried)
	}
	for _, g := range groups {
		reply, err := g.cmd.Slice()
		if err != nil && isNoScript(err) {
			reply, err = s.script.Eval(ctx, s.client, g.keys, g.blob, s.guardArg(g.slot)).Slice()
		}
		var ints []int64
		if err == nil {
			ints, err = replyInts(reply)
		}
		if err == nil {
			err = distribute(ints, g.calls)
		}
		if err != nil {
			err = s.failed(err)
			for _, c := range g.calls {
				c.err = err
			}
		}
		clear(g.keys)
		clear(g.calls)
		g.calls, g.cmd = g.calls[:0], nil
	}
	return groups
}

// execConn is exec on the store's own connection (never a cluster, so one
// script call carries the whole batch).
func (s *Redis) execConn(conn *scriptConn, batch []*redisCall, groups []*scriptCall) []*scriptCall {
	groups = s.group(batch, groups)
	g := groups[0]
	start := time.Now()
	n := g.pack()
	s.count(n)
	reply, err := conn.run(g.keys, g.blob, s.guardArg(g.slot))
	if s.trip != nil {
		s.trip(time.Since(start), n)
	}
	if err == nil {
		err = distribute(reply, g.calls)
	}
	if err != nil {
		err = s.failed(err)
		for _, c := range g.calls {
			c.err = err
		}
	}
	clear(g.keys)
	clear(g.calls)
	g.calls = g.calls[:0]
	return groups
}

// count records one script call carrying decisions.
func (s *Redis) count(decisions int) {
	s.batches.Add(1)
	s.decisions.Add(int64(decisions))
}

// pack builds the script's keys and argument from the group's calls and
// returns how many decisions they carry.
func (g *scriptCall) pack() int {
	g.keys = g.keys[:0]
	g.blob = append(g.blob[:0], 0, 0, 0, 0)
	decisions := 0
	for _, c := range g.calls {
		g.keys = append(g.keys, c.keys...)
		g.blob = append(g.blob, c.entries...)
		decisions += len(c.shape)
	}
	binary.LittleEndian.PutUint32(g.blob, uint32(decisions))
	return decisions
}

// replyInts converts go-redis's answer to the script into integers.
func replyInts(reply []any) ([]int64, error) {
	out := make([]int64, len(reply))
	for i, v := range reply {
		n, ok := v.(int64)
		if !ok {
			return nil, fmt.Errorf("reply value %T", v)
		}
		out[i] = n
	}
	return out, nil
}

// distribute hands each call its part of a script's answer: admitted, then
// one value per read entry.
func distribute(reply []int64, calls []*redisCall) error {
	o := 0
	for _, c := range calls {
		c.admitted = true
		c.values, c.oks = c.values[:0], c.oks[:0]
		for _, n := range c.shape {
			if o+1+int(n) > len(reply) {
				return fmt.Errorf("short reply: %d values for %d calls", len(reply), len(calls))
			}
			ok := reply[o] == 1
			c.oks = append(c.oks, ok)
			c.admitted = c.admitted && ok
			c.values = append(c.values, reply[o+1:o+1+int(n)]...)
			o += 1 + int(n)
		}
	}
	if o != len(reply) {
		return fmt.Errorf("%d reply values for %d decisions", len(reply), len(calls))
	}
	return nil
}

// group splits a batch by Redis Cluster hash slot; without a cluster the
// whole batch is one group.
// groups is reused across batches when given.
func (s *Redis) group(batch []*redisCall, groups []*scriptCall) []*scriptCall {
	if _, cluster := s.client.(*redis.ClusterClient); !cluster {
		if len(groups) == 0 {
			groups = []*scriptCall{{}}
		}
		groups[0].calls = append(groups[0].calls[:0], batch...)
		return groups[:1]
	}
	bySlot := map[uint16]*scriptCall{}
	groups = groups[:0]
	for _, c := range batch {
		var slot uint16
		if len(c.keys) > 0 {
			slot = keySlot(c.keys[0])
		}
		g := bySlot[slot]
		if g == nil {
			g = &scriptCall{slot: slot}
			bySlot[slot] = g
			groups = append(groups, g)
		}
		g.calls = append(g.calls, c)
	}
	return groups
}

// keySlot is Redis Cluster's hash slot of a key (CRC16 of its hash tag).
func keySlot(key string) uint16 {
	if i := strings.IndexByte(key, '{'); i >= 0 {
		if j := strings.IndexByte(key[i+1:], '}'); j > 0 {
			key = key[i+1 : i+1+j]
		}
	}
	var crc uint16
	for k := 0; k < len(key); k++ {
		crc ^= uint16(key[k]) << 8
		for range 8 {
			if crc&0x8000 != 0 {
				crc = crc<<1 ^ 0x1021
			} else {
				crc <<= 1
			}
		}
	}
	return crc % clusterSlots
}

// clusterSlots is the number of hash slots of a Redis Cluster.
const clusterSlots = 16384

func isNoScript(err error) bool {
	return err != nil && strings.HasPrefix(err.Error(), "NOSCRIPT")
}

// Apply implements Store. The updates travel as one call through the
// decision pipelines, so they share a script call (and its atomicity) with
// concurrent decisions; on a cluster client, where one script call cannot
// span hash slots, they travel in a pipeline of their own.
func (s *Redis) Apply(ctx context.Context, now time.Time, updates []Update) error {
	if s.lost.Load() {
		return errRebuilding
	}
	_, cluster := s.client.(*redis.ClusterClient)
	if err := s.apply(ctx, now, updates, cluster); err != nil {
		return fmt.Errorf("counter: redis report: %w", err)
	}
	return nil
}

// Values implements Store.
func (s *Redis) Values(ctx context.Context, scope Scope, at time.Time, buckets []Bucket, out []int64) ([]int64, error) {
	limits := make([]Limit, len(buckets))
	for i, b := range buckets {
		limits[i] = Limit{Metric: b.Metric, Period: b.Period}
	}
	if s.lost.Load() {
		return out, errRebuilding
	}
	var r Result
	sec := at.Unix()
	w := s.windows.peek(sec)
	if err := s.decideOnce(&Decision{Scope: scope, At: at, Limits: limits}, &r, w, sec); err != nil {
		return out, err
	}
	if s.leases != nil {
		// The counters hold this process's unused reservations too.
		for i, b := range buckets {
			r.Values[i] -= s.leases.unused(scope, w, b)
		}
	}
	return append(out, r.Values...), nil
}
