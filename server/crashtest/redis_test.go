package crashtest

import (
	"net/http"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

const (
	// redisLimit is the daily hits limit of the Redis restart test.
	redisLimit = 1000
	// redisLossAfter is how many hits are acknowledged before Redis is
	// killed and replaced by an empty one.
	redisLossAfter = 800
)

// TestRedisRestartedEmpty replaces the server's Redis with an empty one
// (SIGKILL, no persistence, same port) during authrep traffic close to the
// limit: afterwards the counters still hold every acknowledged hit, the
// limit is not exceeded, and the server warns that counters were lost and
// rebuilt. The database is PostgreSQL when PORTICO_TEST_DATABASE_URL is
// set, else the embedded one.
func TestRedisRestartedEmpty(t *testing.T) {
	skipNearMidnight(t)
	rs := startRedis(t)
	cfg := newConfig(t)
	if os.Getenv("PORTICO_TEST_DATABASE_URL") != "" {
		cfg = storage{name: "postgres", postgres: true}.config(t)
	}
	cfg.RedisURL = rs.url()
	s := startServer(t, "portico", cfg)
	admin := s.login(t)
	fx := provision(t, s, admin, redisLimit)
	c := newClient()
	fx.waitKnown(t, c, s.URL)

	var y tally
	var stop atomic.Bool
	var replace sync.Once
	var triggered atomic.Bool
	replaced := make(chan struct{})
	var fresh *redisServer // the empty Redis, once started
	var freshErr error
	dir := t.TempDir()
	t.Cleanup(func() {
		if triggered.Load() {
			<-replaced
			if fresh != nil {
				fresh.kill()
			}
		}
	})
	bounded(4, 3*redisLimit, 30*time.Second, &stop, func(_, _ int) bool {
		a := doCall(c, fx.authRequest(s.URL, "authrep", map[string]int{"hits": 1}))
		if y.record(a, true, 1, 0) >= redisLossAfter {
			replace.Do(func() {
				triggered.Store(true)
				go func() {
					defer close(replaced)
					rs.kill()
					fresh, freshErr = launchRedis(rs.port, dir)
				}()
			})
		}
		switch {
		case a.err == nil && a.status == http.StatusConflict:
			select {
			case <-replaced:
				return false // refused after the replacement: done
			default:
				return true
			}
		case a.err != nil || a.status >= 500:
			time.Sleep(10 * time.Millisecond) // Redis is away: do not spin
		}
		return true
	})
	if !triggered.Load() {
		t.Fatalf("the traffic ended before Redis was replaced: %s", &y)
	}
	<-replaced
	if freshErr != nil {
		t.Fatalf("restart Redis: %v", freshErr)
	}
	got := y.snapshot()
	t.Logf("traffic: %s", &y)
	if got.unexpected > 0 {
		t.Errorf("answers outside 200/409/5xx: %s", &y)
	}
	counted, limit := fx.usageAt(t, c, s.URL)
	t.Logf("after Redis was replaced the hits/day counter reads %d; acknowledged %d, uncertain %d", counted, got.ackHits, got.maybeHits)
	if got.ackHits > limit {
		t.Errorf("over-admission: %d authreps admitted with a limit of %d (by %d)", got.ackHits, limit, got.ackHits-limit)
	}
	if counted < got.ackHits {
		t.Errorf("acknowledged usage lost with Redis: hits/day reads %d, %d were acknowledged: %d lost", counted, got.ackHits, got.ackHits-counted)
	}
	if counted > got.ackHits+got.maybeHits {
		t.Errorf("usage counted twice: hits/day reads %d, at most %d acknowledged or uncertain", counted, got.ackHits+got.maybeHits)
	}
	if !warned(s.log.String(), "counters lost") {
		t.Errorf(`the server log has no WARN line saying "counters lost" after Redis came back empty`)
	}
}

// warned reports whether a log line of level WARN contains phrase.
func warned(log, phrase string) bool {
	for _, line := range strings.Split(log, "\n") {
		if (strings.Contains(line, "level=WARN") || strings.Contains(line, `"level":"WARN"`)) && strings.Contains(line, phrase) {
			return true
		}
	}
	return false
}
