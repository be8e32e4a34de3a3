package auth

import (
	"context"
	_ "embed"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/portico-apim/portico/server/secret"
)

// ThrottleConfig limits failed logins: per login name of a tenant and per
// client IP, a number of failures within a sliding window.
type ThrottleConfig struct {
	// Store keeps the failures; nil keeps them in this process. Replicas
	// share a RedisThrottle.
	Store ThrottleStore
	// PerLogin is the failures one login name may have in Window (default 5).
	PerLogin int
	// PerIP is the failures one client IP may have in Window (default 20:
	// several people may share an address).
	PerIP int
	// Window is the sliding window (default 15 minutes).
	Window time.Duration
}

// ThrottleStore keeps login attempts per key in a sliding window.
type ThrottleStore interface {
	// Take records an attempt at now under key when fewer than limit are in
	// the window ending at now, and returns its id; otherwise it records
	// nothing and returns how long until an attempt is possible again.
	Take(ctx context.Context, key string, now time.Time, limit int, window time.Duration) (id string, wait time.Duration, err error)
	// Forgive removes one attempt (a login that succeeded).
	Forgive(ctx context.Context, key, id string) error
	// Clear removes every attempt under key.
	Clear(ctx context.Context, key string) error
}

// throttle is the login throttle of the auth service.
type throttle struct {
	store           ThrottleStore
	perLogin, perIP int
	window          time.Duration
}

func newThrottle(cfg ThrottleConfig) *throttle {
	t := &throttle{store: cfg.Store, perLogin: cfg.PerLogin, perIP: cfg.PerIP, window: cfg.Window}
	if t.store == nil {
		t.store = newMemoryThrottle()
	}
	if t.perLogin <= 0 {
		t.perLogin = 5
	}
	if t.perIP <= 0 {
		t.perIP = 20
	}
	if t.window <= 0 {
		t.window = 15 * time.Minute
	}
	return t
}

// attempt is a login attempt counted against a login name and an IP until
// it succeeds.
type attempt struct {
	loginKey, loginID string
	ipKey, ipID       string
}

// begin counts an attempt before the password is checked, so concurrent
// guesses cannot overtake the limit. It returns how long to wait when the
// login name or the IP has used up its attempts.
func (t *throttle) begin(ctx context.Context, tenantID int, login, ip string, now time.Time) (*attempt, time.Duration, error) {
	a := &attempt{}
	if tenantID != 0 {
		// Digests keep login names out of the throttle store.
		a.loginKey = "login:" + strconv.Itoa(tenantID) + ":" + secret.Digest(strings.ToLower(strings.TrimSpace(login)))[:32]
		id, wait, err := t.store.Take(ctx, a.loginKey, now, t.perLogin, t.window)
		if err != nil || wait > 0 {
			return nil, wait, err
		}
		a.loginID = id
	}
	if ip != "" {
		a.ipKey = "ip:" + ip
		id, wait, err := t.store.Take(ctx, a.ipKey, now, t.perIP, t.window)
		if err != nil || wait > 0 {
			if a.loginID != "" {
				_ = t.store.Forgive(ctx, a.loginKey, a.loginID)
			}
			return nil, wait, err
		}
		a.ipID = id
	}
	return a, 0, nil
}

// succeeded forgives the attempt and clears the login name's failures.
func (t *throttle) succeeded(ctx context.Context, a *attempt) error {
	if a.loginKey != "" {
		if err := t.store.Clear(ctx, a.loginKey); err != nil {
			return err
		}
	}
	if a.ipKey != "" {
		return t.store.Forgive(ctx, a.ipKey, a.ipID)
	}
	return nil
}

// memoryThrottle keeps attempts in this process.
type memoryThrottle struct {
	mu   sync.Mutex
	keys map[string][]stamp
	seq  uint64
	ops  int
}

type stamp struct {
	id string
	at time.Time
}

func newMemoryThrottle() *memoryThrottle { return &memoryThrottle{keys: map[string][]stamp{}} }

var _ ThrottleStore = (*memoryThrottle)(nil)

func (m *memoryThrottle) Take(_ context.Context, key string, now time.Time, limit int, window time.Duration) (string, time.Duration, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.ops++
	if m.ops%1024 == 0 {
		for k, s := range m.keys {
			if len(live(s, now, window)) == 0 {
				delete(m.keys, k)
			}
		}
	}
	s := live(m.keys[key], now, window)
	if len(s) >= limit {
		m.keys[key] = s
		return "", s[len(s)-limit].at.Add(window).Sub(now), nil
	}
	m.seq++
	id := strconv.FormatUint(m.seq, 36)
	m.keys[key] = append(s, stamp{id: id, at: now})
	return id, 0, nil
}

// live drops the stamps at or before the start of the window ending at now.
func live(s []stamp, now time.Time, window time.Duration) []stamp {
	start := now.Add(-window)
	i := 0
	for i < len(s) && !s[i].at.After(start) {
		i++
	}
	return s[i:]
}

func (m *memoryThrottle) Forgive(_ context.Context, key, id string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	s := m.keys[key]
	for i := range s {
		if s[i].id == id {
			m.keys[key] = append(s[:i:i], s[i+1:]...)
			break
		}
	}
	return nil
}

func (m *memoryThrottle) Clear(_ context.Context, key string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.keys, key)
	return nil
}

// RedisThrottle keeps attempts in Redis, shared by every replica: one sorted
// set per key, scored by the attempt's time in milliseconds.
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

func (r *RedisThrottle) Take(ctx context.Context, key string, now time.Time, limit int, window time.Duration) (string, time.Duration, error) {
	id := secret.Hex(8)
	wait, err := takeScript.Run(ctx, r.client, []string{r.prefix + key},
		now.UnixMilli(), window.Milliseconds(), limit, strconv.FormatInt(now.UnixMilli(), 10)+"-"+id).Int64()
	if err != nil {
		return "", 0, fmt.Errorf("login throttle: %w", err)
	}
	if wait > 0 {
		return "", time.Duration(wait) * time.Millisecond, nil
	}
	return strconv.FormatInt(now.UnixMilli(), 10) + "-" + id, 0, nil
}

func (r *RedisThrottle) Forgive(ctx context.Context, key, id string) error {
	return r.client.ZRem(ctx, r.prefix+key, id).Err()
}

func (r *RedisThrottle) Clear(ctx context.Context, key string) error {
	return r.client.Del(ctx, r.prefix+key).Err()
}
