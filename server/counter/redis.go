package counter

import (
	"context"
	_ "embed"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"
)

//go:embed decide.lua
var decideSource string

// RedisConfig configures the Redis store.
type RedisConfig struct {
	// URL is a redis:// or rediss:// URL; it is used only when Client is nil.
	URL string
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
	// MaxBatch caps how many decisions travel in one pipeline; 0 means 128.
	MaxBatch int
	// Pipelines is how many pipelines may be in flight at once; 0 means 4.
	Pipelines int
	// Timeout bounds one pipeline round trip; 0 means 2 s.
	Timeout time.Duration
}

// Redis keeps the counters in Redis. Decisions run in a Lua script, atomic
// on the server; concurrent decisions are coalesced so that one script call
// (one per hash slot, in one pipeline) carries many of them. All keys of a
// scope share a hash tag, so the store works on Redis Cluster.
type Redis struct {
	client    redis.UniversalClient
	ownClient bool
	script    *redis.Script
	prefix    string
	maxBatch  int
	timeout   time.Duration
	windows   windowCache

	queue chan *redisCall
	stop  chan struct{}
	wg    sync.WaitGroup
	once  sync.Once
	calls sync.Pool
	bufs  sync.Pool
}

type redisCall struct {
	key   string
	argv  string
	reply string
	err   error
	done  chan struct{}
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
	if cfg.PoolSize < 0 || cfg.MaxBatch < 0 || cfg.Pipelines < 0 || cfg.Timeout < 0 {
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
		stop:     make(chan struct{}),
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
		opts, err := redis.ParseURL(cfg.URL)
		if err != nil {
			return nil, fmt.Errorf("counter: parse redis URL: %w", err)
		}
		opts.PoolSize = cfg.PoolSize
		if opts.PoolSize == 0 {
			opts.PoolSize = 64
		}
		s.client = redis.NewClient(opts)
		s.ownClient = true
	}
	if err := s.script.Load(ctx, s.client).Err(); err != nil {
		if s.ownClient {
			_ = s.client.Close()
		}
		return nil, fmt.Errorf("counter: load redis script: %w: %w", ErrUnavailable, err)
	}
	pipelines := cfg.Pipelines
	if pipelines == 0 {
		pipelines = 4
	}
	s.queue = make(chan *redisCall, 4096)
	s.calls.New = func() any { return &redisCall{done: make(chan struct{}, 1)} }
	s.bufs.New = func() any { b := make([]byte, 0, 256); return &b }
	for range pipelines {
		s.wg.Add(1)
		go s.flushLoop()
	}
	return s, nil
}

// Close stops the pipelines and closes the client if the store created it.
func (s *Redis) Close() error {
	s.once.Do(func() { close(s.stop) })
	s.wg.Wait()
	if s.ownClient {
		return s.client.Close()
	}
	return nil
}

// Client returns the underlying client (for health checks).
func (s *Redis) Client() redis.UniversalClient { return s.client }

// keyBase returns the prefix of every counter key of a scope; the braces
// make the service and application the Redis Cluster hash tag.
func (s *Redis) keyBase(sc Scope) string {
	return s.prefix + "{" + sc.Service + ":" + sc.Application + "}:"
}

// encode packs a decision into the script's single argument.
func (s *Redis) encode(buf []byte, commit, hasUsage bool, now int64, w *Windows, limits []Limit, usage []Delta) ([]byte, error) {
	buf = appendFlag(buf, commit)
	buf = append(buf, ' ')
	buf = appendFlag(buf, hasUsage)
	buf = append(buf, ' ')
	buf = strconv.AppendInt(buf, now, 10)
	for p := range NumPeriods {
		buf = append(buf, ' ')
		buf = strconv.AppendInt(buf, w.Start[p], 10)
	}
	for p := range NumPeriods {
		buf = append(buf, ' ')
		buf = strconv.AppendInt(buf, w.End[p], 10)
	}
	buf = append(buf, ' ')
	buf = strconv.AppendInt(buf, int64(len(limits)), 10)
	for _, l := range limits {
		if !validMetricID(l.Metric) || !l.Period.Valid() {
			return buf, ErrInvalid
		}
		buf = append(buf, ' ')
		buf = append(buf, l.Metric...)
		buf = append(buf, ' ')
		buf = strconv.AppendInt(buf, int64(l.Period), 10)
		buf = append(buf, ' ')
		buf = strconv.AppendInt(buf, l.Max, 10)
	}
	buf = append(buf, ' ')
	buf = strconv.AppendInt(buf, int64(len(usage)), 10)
	for _, u := range usage {
		if !validMetricID(u.Metric) {
			return buf, ErrInvalid
		}
		buf = append(buf, ' ')
		buf = append(buf, u.Metric...)
		buf = append(buf, ' ')
		buf = appendFlag(buf, u.Set)
		buf = append(buf, ' ')
		buf = strconv.AppendInt(buf, u.Value, 10)
		buf = append(buf, ' ')
		buf = strconv.AppendInt(buf, int64(u.Periods.orAll()), 10)
	}
	return buf, nil
}

func appendFlag(buf []byte, b bool) []byte {
	if b {
		return append(buf, '1')
	}
	return append(buf, '0')
}

// validMetricID rejects ids the script's argument format cannot carry.
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
func (s *Redis) Decide(ctx context.Context, d *Decision, r *Result) error {
	sec := d.At.Unix()
	w := s.windows.at(sec)
	bp := s.bufs.Get().(*[]byte)
	buf, err := s.encode((*bp)[:0], d.Commit, d.HasUsage, sec, w, d.Limits, d.Usage)
	*bp = buf
	if err != nil {
		s.bufs.Put(bp)
		return err
	}
	c := s.calls.Get().(*redisCall)
	c.key = s.keyBase(d.Scope)
	c.argv = string(buf)
	s.bufs.Put(bp)
	reply, err := s.submit(c)
	if err != nil {
		return err
	}
	r.Values = growValues(r.Values, len(d.Limits))
	r.Admitted, err = parseReply(reply, r.Values)
	return err
}

// submit queues a call for the next pipeline and waits for its reply.
func (s *Redis) submit(c *redisCall) (string, error) {
	select {
	case s.queue <- c:
	case <-s.stop:
		s.calls.Put(c)
		return "", ErrUnavailable
	}
	<-c.done
	reply, err := c.reply, c.err
	c.key, c.argv, c.reply, c.err = "", "", "", nil
	s.calls.Put(c)
	return reply, err
}

func (s *Redis) flushLoop() {
	defer s.wg.Done()
	batch := make([]*redisCall, 0, s.maxBatch)
	for {
		var first *redisCall
		select {
		case first = <-s.queue:
		case <-s.stop:
			s.failPending()
			return
		}
		batch = append(batch[:0], first)
	drain:
		for len(batch) < s.maxBatch {
			select {
			case c := <-s.queue:
				batch = append(batch, c)
			default:
				break drain
			}
		}
		ctx, cancel := context.WithTimeout(context.Background(), s.timeout)
		s.exec(ctx, batch)
		cancel()
		for _, c := range batch {
			c.done <- struct{}{}
		}
		clear(batch)
	}
}

// failPending answers calls still queued when the store closes.
func (s *Redis) failPending() {
	for {
		select {
		case c := <-s.queue:
			c.err = ErrUnavailable
			c.done <- struct{}{}
		default:
			return
		}
	}
}

// scriptCall is one script invocation carrying the calls of one hash slot.
type scriptCall struct {
	calls []*redisCall
	keys  []string
	args  []any
	cmd   *redis.Cmd
}

// exec runs a batch of calls in one round trip: one script invocation per
// hash slot (a single one unless the client is a cluster client), all in
// one pipeline. Each call gets its reply or error.
func (s *Redis) exec(ctx context.Context, batch []*redisCall) {
	groups := s.group(batch)
	pipe := s.client.Pipeline()
	for _, g := range groups {
		g.keys = make([]string, len(g.calls))
		g.args = make([]any, len(g.calls))
		for i, c := range g.calls {
			g.keys[i], g.args[i] = c.key, c.argv
		}
		g.cmd = s.script.EvalSha(ctx, pipe, g.keys, g.args...)
	}
	_, _ = pipe.Exec(ctx)
	for _, g := range groups {
		replies, err := g.cmd.StringSlice()
		if err != nil && isNoScript(err) {
			replies, err = s.script.Eval(ctx, s.client, g.keys, g.args...).StringSlice()
		}
		if err == nil && len(replies) != len(g.calls) {
			err = fmt.Errorf("%d replies for %d decisions", len(replies), len(g.calls))
		}
		for i, c := range g.calls {
			if err != nil {
				c.err = fmt.Errorf("counter: redis decision: %w: %w", ErrUnavailable, err)
				continue
			}
			c.reply = replies[i]
		}
	}
}

// group splits a batch by Redis Cluster hash slot; without a cluster the
// whole batch is one group.
func (s *Redis) group(batch []*redisCall) []*scriptCall {
	if _, cluster := s.client.(*redis.ClusterClient); !cluster {
		return []*scriptCall{{calls: batch}}
	}
	bySlot := map[uint16]*scriptCall{}
	var groups []*scriptCall
	for _, c := range batch {
		slot := keySlot(c.key)
		g := bySlot[slot]
		if g == nil {
			g = &scriptCall{}
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
	return crc % 16384
}

func isNoScript(err error) bool {
	return err != nil && strings.HasPrefix(err.Error(), "NOSCRIPT")
}

// parseReply reads "admitted v1 v2 …" into values.
func parseReply(reply string, values []int64) (bool, error) {
	admitted, rest, _ := strings.Cut(reply, " ")
	for i := range values {
		var field string
		field, rest, _ = strings.Cut(rest, " ")
		v, err := strconv.ParseInt(field, 10, 64)
		if err != nil {
			return false, fmt.Errorf("counter: redis reply %q: %w", reply, ErrUnavailable)
		}
		values[i] = v
	}
	return admitted == "1", nil
}

// Apply implements Store: the updates travel in one round trip.
func (s *Redis) Apply(ctx context.Context, now time.Time, updates []Update) error {
	nowSec := now.Unix()
	calls := make([]*redisCall, 0, len(updates))
	var buf []byte
	for i := range updates {
		u := &updates[i]
		if len(u.Usage) == 0 {
			continue
		}
		w := s.windows.peek(u.At.Unix())
		var err error
		buf, err = s.encode(buf[:0], true, true, nowSec, w, nil, u.Usage)
		if err != nil {
			return err
		}
		calls = append(calls, &redisCall{key: s.keyBase(u.Scope), argv: string(buf)})
	}
	if len(calls) == 0 {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), s.timeout)
	defer cancel()
	s.exec(ctx, calls)
	for _, c := range calls {
		if c.err != nil {
			return fmt.Errorf("counter: redis report: %w", c.err)
		}
	}
	return nil
}

// Values implements Store.
func (s *Redis) Values(ctx context.Context, scope Scope, at time.Time, buckets []Bucket, out []int64) ([]int64, error) {
	limits := make([]Limit, len(buckets))
	for i, b := range buckets {
		limits[i] = Limit{Metric: b.Metric, Period: b.Period}
	}
	var r Result
	if err := s.Decide(ctx, &Decision{Scope: scope, At: at, Limits: limits}, &r); err != nil {
		return out, err
	}
	return append(out, r.Values...), nil
}
