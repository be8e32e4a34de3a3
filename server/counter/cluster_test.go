package counter

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"os"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/portico-apim/portico/server/counter/clustertest"
)

func TestMain(m *testing.M) {
	code := m.Run()
	clustertest.StopShared()
	os.Exit(code)
}

// newClusterStore connects a store to cluster c from its URL, as
// PORTICO_REDIS_CLUSTER=true does, under a key prefix of its own whose keys
// are removed from every master when the test ends.
func newClusterStore(t testing.TB, c *clustertest.Cluster) *Redis {
	return newClusterStoreWith(t, c, 0)
}

// newClusterStoreWith is newClusterStore with leases of the given lifetime.
func newClusterStoreWith(t testing.TB, c *clustertest.Cluster, lease time.Duration) *Redis {
	return openClusterStore(t, c, RedisConfig{Lease: lease})
}

// openClusterStore connects a store configured by cfg to cluster c, with
// a recount that finds no usage unless cfg has one, and checks that Redis
// holds the counters (setting the guard of every slot), as the server
// does at start.
func openClusterStore(t testing.TB, c *clustertest.Cluster, cfg RedisConfig) *Redis {
	t.Helper()
	var b [6]byte
	_, _ = rand.Read(b[:])
	prefix := "portico-test:" + hex.EncodeToString(b[:]) + ":"
	cfg.URL, cfg.Cluster, cfg.KeyPrefix = c.URL(), true, prefix
	if cfg.Recount == nil {
		cfg.Recount = func(context.Context, time.Time) ([]Update, error) { return nil, nil }
	}
	s, err := NewRedis(context.Background(), cfg)
	if err != nil {
		t.Fatalf("redis cluster store: %v", err)
	}
	if err := s.Recover(context.Background()); err != nil {
		_ = s.Close()
		t.Fatalf("redis cluster store: %v", err)
	}
	if _, ok := s.Client().(*redis.ClusterClient); !ok {
		t.Fatalf("the store's client is a %T, not a cluster client", s.Client())
	}
	t.Cleanup(func() {
		_ = s.Close()
		_ = c.DeletePrefix(context.Background(), prefix)
	})
	return s
}

// TestRedisClusterSpreadsScopes checks that decisions of many applications
// land on every master, each scope's counters together in one slot.
func TestRedisClusterSpreadsScopes(t *testing.T) {
	c := clustertest.Shared(t)
	s := newClusterStore(t, c)
	ctx := context.Background()
	var wg sync.WaitGroup
	for i := range 60 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sc := Scope{Service: "1001", Application: "app" + string(rune('a'+i%26)) + string(rune('a'+i/26))}
			var r Result
			d := &Decision{Scope: sc, At: testNow, Limits: planLimits, Usage: []Delta{{Metric: "1", Value: 1}}, HasUsage: true, Commit: true}
			if err := s.Decide(ctx, d, &r); err != nil || !r.Admitted {
				t.Errorf("%s: admitted %v, %v", sc.Application, r.Admitted, err)
			}
		}()
	}
	wg.Wait()
	// Count this store's keys on each master (the cluster is shared).
	var perMaster []int
	if err := c.ForEachMaster(ctx, func(r *redis.Client) error {
		n, iter := 0, r.Scan(ctx, 0, s.prefix+"*", 1000).Iterator()
		for iter.Next(ctx) {
			n++
		}
		perMaster = append(perMaster, n)
		return iter.Err()
	}); err != nil {
		t.Fatal(err)
	}
	total := 0
	for _, n := range perMaster {
		if n == 0 {
			t.Fatalf("keys per master %v: a master holds none of the 60 scopes", perMaster)
		}
		total += n
	}
	// Each admitted decision counts its hit in every period: 7 keys; and
	// each slot has its guard.
	if want := 60*int(NumPeriods) + clusterSlots; len(perMaster) != 3 || total != want {
		t.Fatalf("keys per master %v; want %d over 3 masters", perMaster, want)
	}
}

// TestRedisClusterLossIsNoticed removes every key of a store from the one
// master that holds an application's slot, as a failover to an empty
// replica would: the next decision on that application notices it from its
// slot's guard and is refused, the counters are rebuilt from the recount,
// and decisions then go on from the rebuilt values.
func TestRedisClusterLossIsNoticed(t *testing.T) {
	c := clustertest.Shared(t)
	ctx := context.Background()
	var recounts atomic.Int64
	// lost is chosen once the store is open, as the choice needs its key
	// prefix; the recount at opening writes a counter of the zero scope,
	// which the rebuild below deletes.
	var lost Scope
	s := openClusterStore(t, c, RedisConfig{Recount: func(_ context.Context, now time.Time) ([]Update, error) {
		recounts.Add(1)
		return []Update{{Scope: lost, At: now, Usage: []Delta{{Metric: "1", Set: true, Value: 5}}}}, nil
	}})
	// The application's slot is served by another master than a key
	// without a hash tag, such as a single guard for the whole store would
	// be: only a guard of the slot's own notices the loss.
	counterKey := func(sc Scope) string { return s.prefix + "{" + sc.Service + ":" + sc.Application + "}:1:e:0" }
	untagged, err := c.MasterOf(ctx, s.prefix+"complete")
	if err != nil {
		t.Fatal(err)
	}
	master := ""
	for i := 0; master == "" || master == untagged; i++ {
		lost = Scope{Service: "1001", Application: "loss" + strconv.Itoa(i)}
		if master, err = c.MasterOf(ctx, counterKey(lost)); err != nil {
			t.Fatal(err)
		}
	}
	// The store was rebuilt at start, before lost was chosen: it forgets
	// everything once more so that the recount below writes lost's 5.
	if err := c.DeletePrefix(ctx, s.prefix); err != nil {
		t.Fatal(err)
	}
	if err := s.Recover(ctx); err != nil {
		t.Fatal(err)
	}
	limits := []Limit{{Metric: "1", Period: Eternity, Max: 100}}
	decide := func() (Result, error) {
		var r Result
		err := s.Decide(ctx, &Decision{Scope: lost, At: time.Now(), Limits: limits,
			Usage: []Delta{{Metric: "1", Value: 1}}, HasUsage: true, Commit: true}, &r)
		return r, err
	}
	// A decision's values are the counters before its own usage.
	if r, err := decide(); err != nil || !r.Admitted || r.Values[0] != 5 {
		t.Fatalf("after the rebuild: %+v, %v; want admitted on the recount's 5", r, err)
	}
	// The master of the application's slot forgets this store's keys.
	if err := c.ForEachMaster(ctx, func(r *redis.Client) error {
		if r.Options().Addr != master {
			return nil
		}
		return clustertest.DeletePrefixOn(ctx, r, s.prefix)
	}); err != nil {
		t.Fatal(err)
	}
	before := recounts.Load()
	if _, err := decide(); !errors.Is(err, ErrUnavailable) {
		t.Fatalf("the first decision after the loss: %v; want it refused while the counters are rebuilt", err)
	}
	if s.Losses() == 0 {
		t.Fatal("the loss was not counted")
	}
	var r Result
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if r, err = decide(); err == nil {
			break
		}
	}
	if err != nil || !r.Admitted || r.Values[0] != 5 {
		t.Fatalf("after the rebuild: %+v, %v; want admitted on the recount's 5", r, err)
	}
	if recounts.Load() == before {
		t.Fatal("the counters were not recounted")
	}
}

// TestRedisClusterFailover hammers one application while the master of its
// slot hands over to its replica (CLUSTER FAILOVER): decisions go on, every
// admitted decision is counted once on the new master, and the limit is
// then exact to the unit.
func TestRedisClusterFailover(t *testing.T) {
	c := clustertest.Start(t)
	s := newClusterStore(t, c)
	ctx := context.Background()
	const limit = 1_000_000
	limits := []Limit{{Metric: "1", Period: Day, Max: limit}, {Metric: "1", Period: Month, Max: 10 * limit}}
	decide := func(value int64) (bool, error) {
		var r Result
		d := &Decision{Scope: scope, At: testNow, Limits: limits, Usage: []Delta{{Metric: "1", Value: value}}, HasUsage: true, Commit: true}
		err := s.Decide(ctx, d, &r)
		return r.Admitted, err
	}
	var admitted, denied, failed atomic.Int64
	var firstErr atomic.Value
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for range 32 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				ok, err := decide(1)
				switch {
				case err != nil:
					failed.Add(1)
					firstErr.CompareAndSwap(nil, err)
					time.Sleep(10 * time.Millisecond)
				case ok:
					admitted.Add(1)
				default:
					denied.Add(1)
				}
			}
		}()
	}
	for admitted.Load() < 200 {
		time.Sleep(time.Millisecond)
	}
	key := s.prefix + "{" + scope.Service + ":" + scope.Application + "}"
	from, to, err := c.Failover(ctx, key)
	after := admitted.Load()
	if err == nil {
		// Traffic goes on against the new master for a while.
		for admitted.Load() < after+200 {
			time.Sleep(time.Millisecond)
		}
	}
	close(stop)
	wg.Wait()
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("failover %s → %s with %d admitted; %d admitted, %d denied, %d failed decisions", from, to, after, admitted.Load(), denied.Load(), failed.Load())
	if n := failed.Load(); n > 0 {
		err, _ := firstErr.Load().(error)
		if !errors.Is(err, ErrUnavailable) {
			t.Fatalf("%d decisions failed during the failover with %v; want none, or ErrUnavailable", n, err)
		}
	}
	if denied.Load() != 0 {
		t.Fatalf("%d decisions denied far below the limit", denied.Load())
	}
	got, err := s.Values(ctx, scope, testNow, []Bucket{{"1", Day}}, nil)
	if err != nil || got[0] != admitted.Load() {
		t.Fatalf("day counter on the new master = %v, %v; want the %d admitted", got, err, admitted.Load())
	}
	// The rest of the allowance fits exactly; one more unit does not.
	if ok, err := decide(limit - admitted.Load()); err != nil || !ok {
		t.Fatalf("the rest of the allowance: admitted %v, %v", ok, err)
	}
	if ok, err := decide(1); err != nil || ok {
		t.Fatalf("one past the limit: admitted %v, %v", ok, err)
	}
}
