package auth

import (
	"context"
	_ "embed"
	"fmt"
	"math"
	"net/netip"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/portico-apim/portico/server/secret"
)

// ThrottleConfig sets how failed logins slow down the next attempts.
//
// The policy: failures are counted per login name of a tenant (from
// anywhere) and per login name from one client address. Past a few free
// failures, the next attempt on that name waits a delay that doubles with
// every further failure, up to MaxDelay after the last failure; a failure
// count is forgotten Window after its last failure, and a successful login
// clears both counts of its name. No count ever refuses a login for longer
// than MaxDelay, so guessing cannot lock a user out for long, and a client
// address on its own never refuses anything: many failures from one address
// (a proxy or NAT many people share, or someone trying many names) only
// make the names tried from there wait after their first failure instead of
// after PerAddressName failures. The first attempt on a name from an
// address is therefore never delayed because of the address.
type ThrottleConfig struct {
	// Store keeps the counts; nil keeps them in this process. Replicas
	// share a RedisThrottle.
	Store ThrottleStore
	// PerName is the failures of one login name, from anywhere, before its
	// attempts wait (default 10).
	PerName int
	// PerAddressName is the failures of one login name from one client
	// address before attempts from there wait (default 3).
	PerAddressName int
	// PerAddress is the failures from one client address, whatever the
	// names, past which PerAddressName is 1 for that address (default 20).
	PerAddress int
	// BaseDelay is the first delay (default 1 second); each further
	// failure doubles it.
	BaseDelay time.Duration
	// MaxDelay bounds every delay (default 1 minute).
	MaxDelay time.Duration
	// Window is how long after its last failure a count is forgotten
	// (default 15 minutes).
	Window time.Duration
}

// Backoff is how one failure count delays attempts: after n failures the
// next attempt waits min(Base·2^(n-Free), Max) after the last failure, or
// nothing while n < Free. A count is forgotten Window after its last
// failure.
type Backoff struct {
	Free      int
	Base, Max time.Duration
	Window    time.Duration
}

// delay is how long after the last of n failures the next attempt waits.
func (b Backoff) delay(n int) time.Duration {
	if n < b.Free {
		return 0
	}
	e := min(n-b.Free, 40)
	d := float64(b.Base) * math.Pow(2, float64(e))
	if d > float64(b.Max) {
		return b.Max
	}
	return time.Duration(d)
}

// ThrottleStore keeps failure counts per key.
type ThrottleStore interface {
	// Take counts an attempt under key at now unless the count's backoff
	// makes it wait; then it counts nothing and returns how long to wait.
	Take(ctx context.Context, key string, now time.Time, b Backoff) (wait time.Duration, err error)
	// Count returns the attempts counted under key in the window ending at
	// now.
	Count(ctx context.Context, key string, now time.Time, window time.Duration) (int, error)
	// Forgive uncounts one attempt (a login that succeeded).
	Forgive(ctx context.Context, key string) error
	// Clear forgets every attempt under key.
	Clear(ctx context.Context, key string) error
}

// throttle is the login throttle of the auth service.
type throttle struct {
	store                        ThrottleStore
	perName, perPair, perAddress int
	base, max, window            time.Duration
}

func newThrottle(cfg ThrottleConfig) *throttle {
	t := &throttle{store: cfg.Store, perName: cfg.PerName, perPair: cfg.PerAddressName, perAddress: cfg.PerAddress,
		base: cfg.BaseDelay, max: cfg.MaxDelay, window: cfg.Window}
	if t.store == nil {
		t.store = newMemoryThrottle()
	}
	def := func(v *int, d int) {
		if *v <= 0 {
			*v = d
		}
	}
	def(&t.perName, 10)
	def(&t.perPair, 3)
	def(&t.perAddress, 20)
	if t.base <= 0 {
		t.base = time.Second
	}
	if t.max <= 0 {
		t.max = time.Minute
	}
	if t.window <= 0 {
		t.window = 15 * time.Minute
	}
	return t
}

func (t *throttle) backoff(free int) Backoff {
	return Backoff{Free: free, Base: t.base, Max: t.max, Window: t.window}
}

// attempt is a login attempt counted until it succeeds.
type attempt struct {
	nameKey, pairKey, addrKey string
}

// begin counts an attempt before the password is checked, so concurrent
// guesses cannot overtake the backoff. It returns how long to wait when a
// delay is in force for the login name, from anywhere or from addr.
func (t *throttle) begin(ctx context.Context, tenantID int, login string, ip netip.Addr, now time.Time) (*attempt, time.Duration, error) {
	// Digests keep login names out of the throttle store.
	name := strconv.Itoa(tenantID) + ":" + secret.Digest(strings.ToLower(strings.TrimSpace(login)))[:32]
	a := &attempt{nameKey: "name:" + name}
	if addr := addressKey(ip); addr != "" {
		a.addrKey = "addr:" + addr
		a.pairKey = "pair:" + addr + ":" + name
		free := t.perPair
		n, err := t.store.Count(ctx, a.addrKey, now, t.window)
		if err != nil {
			return nil, 0, err
		}
		if n >= t.perAddress {
			free = 1
		}
		// The address's own count goes first: refusals there touch no count
		// other users depend on.
		if wait, err := t.store.Take(ctx, a.pairKey, now, t.backoff(free)); err != nil || wait > 0 {
			return nil, wait, err
		}
	}
	wait, err := t.store.Take(ctx, a.nameKey, now, t.backoff(t.perName))
	if err != nil || wait > 0 {
		if a.pairKey != "" {
			_ = t.store.Forgive(ctx, a.pairKey)
		}
		return nil, wait, err
	}
	if a.addrKey != "" {
		if _, err := t.store.Take(ctx, a.addrKey, now, t.backoff(math.MaxInt32)); err != nil {
			return nil, 0, err
		}
	}
	return a, 0, nil
}

// addressKey is how failures from ip are counted: IPv6 clients by their /64
// network, which one subscriber usually holds whole.
func addressKey(ip netip.Addr) string {
	if !ip.IsValid() {
		return ""
	}
	if ip.Is6() {
		p, _ := ip.Prefix(64)
		return p.String()
	}
	return ip.String()
}

// succeeded forgets the login name's failures and uncounts the attempt
// from its address.
func (t *throttle) succeeded(ctx context.Context, a *attempt) error {
	if err := t.store.Clear(ctx, a.nameKey); err != nil {
		return err
	}
	if a.addrKey == "" {
		return nil
	}
	if err := t.store.Clear(ctx, a.pairKey); err != nil {
		return err
	}
	return t.store.Forgive(ctx, a.addrKey)
}

// memoryThrottle keeps counts in this process.
type memoryThrottle struct {
	mu   sync.Mutex
	keys map[string]*failures
	ops  int
}

type failures struct {
	n      int
	last   time.Time
	window time.Duration
}

func newMemoryThrottle() *memoryThrottle { return &memoryThrottle{keys: map[string]*failures{}} }

var _ ThrottleStore = (*memoryThrottle)(nil)

// get returns the live count under key, dropping an expired one.
func (m *memoryThrottle) get(key string, now time.Time) *failures {
	f := m.keys[key]
	if f != nil && !now.Before(f.last.Add(f.window)) {
		delete(m.keys, key)
		return nil
	}
	return f
}

func (m *memoryThrottle) Take(_ context.Context, key string, now time.Time, b Backoff) (time.Duration, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.ops++
	if m.ops%1024 == 0 {
		for k := range m.keys {
			m.get(k, now)
		}
	}
	f := m.get(key, now)
	if f == nil {
		f = &failures{}
		m.keys[key] = f
	}
	if wait := f.last.Add(b.delay(f.n)).Sub(now); f.n >= b.Free && wait > 0 {
		return wait, nil
	}
	f.n++
	f.last = now
	f.window = b.Window
	return 0, nil
}

func (m *memoryThrottle) Count(_ context.Context, key string, now time.Time, _ time.Duration) (int, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if f := m.get(key, now); f != nil {
		return f.n, nil
	}
	return 0, nil
}

func (m *memoryThrottle) Forgive(_ context.Context, key string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if f := m.keys[key]; f != nil && f.n > 0 {
		f.n--
	}
	return nil
}

func (m *memoryThrottle) Clear(_ context.Context, key string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.keys, key)
	return nil
}

// RedisThrottle keeps counts in Redis, shared by every replica: one hash
// per key holding the count and the time of the last failure, expiring a
// window after it.
type RedisThrottle struct {
	client redis.UniversalClient
	prefix string
}

var _ ThrottleStore = (*RedisThrottle)(nil)

// NewRedisThrottle returns a throttle store on client; every key starts
// with prefix.
func NewRedisThrottle(client redis.UniversalClient, prefix string) *RedisThrottle {
	return &RedisThrottle{client: client, prefix: prefix + "throttle:"}
}

//go:embed throttle.lua
var takeSource string

var takeScript = redis.NewScript(takeSource)

// forgiveScript uncounts one attempt of a live count only, so that it never
// leaves a key without expiry behind.
var forgiveScript = redis.NewScript(`if redis.call('HGET', KEYS[1], 'n') then redis.call('HINCRBY', KEYS[1], 'n', -1) end return 0`)

func (r *RedisThrottle) Take(ctx context.Context, key string, now time.Time, b Backoff) (time.Duration, error) {
	wait, err := takeScript.Run(ctx, r.client, []string{r.prefix + key},
		now.UnixMilli(), b.Window.Milliseconds(), b.Free, b.Base.Milliseconds(), b.Max.Milliseconds()).Int64()
	if err != nil {
		return 0, fmt.Errorf("login throttle: %w", err)
	}
	return time.Duration(wait) * time.Millisecond, nil
}

func (r *RedisThrottle) Count(ctx context.Context, key string, now time.Time, window time.Duration) (int, error) {
	v, err := r.client.HMGet(ctx, r.prefix+key, "n", "last").Result()
	if err != nil {
		return 0, fmt.Errorf("login throttle: %w", err)
	}
	n, _ := v[0].(string)
	last, _ := v[1].(string)
	count, _ := strconv.Atoi(n)
	ms, _ := strconv.ParseInt(last, 10, 64)
	if now.UnixMilli()-ms >= window.Milliseconds() {
		return 0, nil
	}
	return count, nil
}

func (r *RedisThrottle) Forgive(ctx context.Context, key string) error {
	return forgiveScript.Run(ctx, r.client, []string{r.prefix + key}).Err()
}

func (r *RedisThrottle) Clear(ctx context.Context, key string) error {
	return r.client.Del(ctx, r.prefix+key).Err()
}
