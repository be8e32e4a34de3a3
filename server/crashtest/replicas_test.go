package crashtest

import (
	"net/http"
	"os"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// balancer sends each call to the next replica in turn and, like a load
// balancer, retries a call that got no response (a connection error) once
// on the other replica; a call that got a response is never retried.
type balancer struct {
	c       *http.Client
	targets []string
	next    atomic.Uint64
}

// do sends the request build makes for a replica's base URL. It returns the
// final answer, and the failed first attempt when there was a retry.
func (b *balancer) do(build func(base string) *http.Request) (final answer, failed *answer) {
	i := int(b.next.Add(1))
	a := doCall(b.c, build(b.targets[i%len(b.targets)]))
	if a.status != 0 {
		return a, nil
	}
	return doCall(b.c, build(b.targets[(i+1)%len(b.targets)])), &a
}

const (
	// replicaLimit is the daily hits limit before the plan change, and
	// replicaRaised after it.
	replicaLimit, replicaRaised = 300, 1500
	// replicaKillAfter is how many hits are acknowledged before replica A
	// is killed.
	replicaKillAfter = 500
)

// TestReplicaKilled runs two server processes on one PostgreSQL database and
// one Redis: a limit change made through replica A reaches replica B's
// decisions within 1s; then, with authrep traffic spread over both, A is
// killed with SIGKILL, and B answers every call, the limit admits exactly
// its value, and nothing acknowledged is lost. It runs without leases,
// where the counter then reads exactly what was acknowledged, and with them
// (the default), where the units A had reserved and not used stay counted.
func TestReplicaKilled(t *testing.T) {
	if os.Getenv("PORTICO_TEST_DATABASE_URL") == "" || os.Getenv("PORTICO_TEST_REDIS_URL") == "" {
		t.Skip("needs PORTICO_TEST_DATABASE_URL and PORTICO_TEST_REDIS_URL: replicas share PostgreSQL and Redis")
	}
	skipNearMidnight(t)
	t.Run("leases off", func(t *testing.T) { replicaKilled(t, false) })
	t.Run("leases", func(t *testing.T) { replicaKilled(t, true) })
}

func replicaKilled(t *testing.T, leases bool) {
	cfgA := storage{name: "postgres+redis", postgres: true, redis: true}.config(t)
	if !leases {
		cfgA.Env = append(cfgA.Env, "PORTICO_REDIS_LEASE=0")
	}
	cfgB := cfgA
	cfgB.Addr, cfgB.DataDir = "127.0.0.1:"+freePort(t), t.TempDir()
	a := startServer(t, "replica A", cfgA)
	b := startServer(t, "replica B", cfgB)
	admin := a.login(t)
	fx := provision(t, a, admin, replicaLimit)
	c := newClient()
	fx.waitKnown(t, c, a.URL)
	fx.waitKnown(t, c, b.URL)

	// A plan change made through A is enforced by B within 1s.
	a.graphQL(t, admin, `mutation($id: ID!, $v: Int!) { updateUsageLimit(id: $id, input: {value: $v}) { id } }`,
		map[string]any{"id": fx.limitID, "v": replicaRaised}, nil)
	changed := time.Now()
	var seen int64
	for deadline := changed.Add(time.Second); ; time.Sleep(10 * time.Millisecond) {
		if _, seen = fx.usageAt(t, c, b.URL); seen == replicaRaised || time.Now().After(deadline) {
			break
		}
	}
	if seen != replicaRaised {
		t.Errorf("1s after the limit was raised to %d through replica A, replica B still enforces %d", replicaRaised, seen)
	}

	lb := &balancer{c: c, targets: []string{a.URL, b.URL}}
	var y tally
	var failures atomic.Int64 // calls the client saw fail, after any retry
	var stop atomic.Bool
	var kill sync.Once
	var triggered, killed atomic.Bool
	dead := make(chan struct{})
	bounded(6, replicaRaised, 30*time.Second, &stop, func(_, _ int) bool {
		final, failed := lb.do(func(base string) *http.Request {
			return fx.authRequest(base, "authrep", map[string]int{"hits": 1})
		})
		if failed != nil {
			y.record(*failed, true, 1, 0)
		}
		if y.record(final, true, 1, 0) >= replicaKillAfter {
			kill.Do(func() {
				triggered.Store(true)
				go func() { // beside the traffic: calls are in flight when A dies
					a.kill()
					killed.Store(true)
					close(dead)
				}()
			})
		}
		if final.err != nil || (final.status != http.StatusOK && final.status != http.StatusConflict) {
			failures.Add(1)
			return true
		}
		return final.status == http.StatusOK || !killed.Load()
	})
	got := y.snapshot()
	t.Logf("traffic: %s; calls failed for the client: %d", &y, failures.Load())
	if !triggered.Load() {
		t.Fatalf("the traffic ended before replica A was killed: %s", &y)
	}
	<-dead
	if failures.Load() > 0 {
		t.Errorf("%d calls failed for the client although replica B was up: %s", failures.Load(), &y)
	}
	counted, limit := fx.usageAt(t, c, b.URL)
	t.Logf("hits/day at replica B reads %d; acknowledged %d, uncertain %d", counted, got.ackHits, got.maybeHits)
	if got.ackHits > limit {
		t.Errorf("over-admission: %d authreps admitted with a limit of %d (by %d)", got.ackHits, limit, got.ackHits-limit)
	}
	switch {
	case counted < got.ackHits:
		t.Errorf("hits/day reads %d, acknowledged %d: acknowledged usage was lost", counted, got.ackHits)
	case counted > got.ackHits+got.maybeHits && leases:
		// A died holding a lease: what it reserved and did not use stays
		// counted, which can deny but never over-admit.
		t.Logf("hits/day reads %d: %d units replica A had reserved and not used when it died", counted, counted-got.ackHits-got.maybeHits)
	case counted > got.ackHits+got.maybeHits:
		t.Errorf("hits/day reads %d, acknowledged %d (+%d uncertain)", counted, got.ackHits, got.maybeHits)
	}
	if counted != limit {
		t.Errorf("authrep was refused with hits/day at %d, not at the limit %d", counted, limit)
	}
}
