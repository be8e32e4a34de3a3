package counter

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/portico-apim/portico/server/counter/clustertest"
)

// testNow is a Wednesday noon, half a minute past.
var testNow = time.Date(2026, 3, 18, 12, 0, 30, 0, time.UTC)

type storeFactory struct {
	name string
	make func(t *testing.T) Store
}

// storeFactories returns the in-process store, the Redis store (skipped
// when PORTICO_TEST_REDIS_URL is unset) and the store on a Redis Cluster
// of the tests' own (skipped when redis-server is not installed).
func storeFactories(t *testing.T) []storeFactory {
	f := []storeFactory{{"memory", func(t *testing.T) Store {
		m, err := NewMemory(MemoryConfig{Now: func() time.Time { return testNow }})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = m.Close() })
		return m
	}}}
	f = append(f, storeFactory{"redis", func(t *testing.T) Store { return NewTestRedis(t) }})
	f = append(f, storeFactory{"redis-cluster", func(t *testing.T) Store { return newClusterStore(t, clustertest.Shared(t)) }})
	f = append(f, storeFactory{"redis-lease", func(t *testing.T) Store { return newTestRedis(t, RedisConfig{Lease: time.Second}) }})
	f = append(f, storeFactory{"redis-cluster-lease", func(t *testing.T) Store {
		return newClusterStoreWith(t, clustertest.Shared(t), time.Second)
	}})
	return f
}

// NewTestRedis connects a Redis store under a key prefix of its own and
// removes its keys when the test ends; it skips the test when
// PORTICO_TEST_REDIS_URL is unset.
func NewTestRedis(t testing.TB) *Redis {
	t.Helper()
	return newTestRedis(t, RedisConfig{})
}

// newTestRedis is NewTestRedis with cfg's options.
func newTestRedis(t testing.TB, cfg RedisConfig) *Redis {
	t.Helper()
	url := os.Getenv("PORTICO_TEST_REDIS_URL")
	if url == "" {
		t.Skip("PORTICO_TEST_REDIS_URL is not set")
	}
	var b [6]byte
	_, _ = rand.Read(b[:])
	prefix := "portico-test:" + hex.EncodeToString(b[:]) + ":"
	cfg.URL, cfg.KeyPrefix = url, prefix
	s, err := NewRedis(context.Background(), cfg)
	if err != nil {
		t.Fatalf("redis store: %v", err)
	}
	t.Cleanup(func() {
		dropKeys(s.client, prefix)
		_ = s.Close()
	})
	return s
}

// dropKeys deletes the keys under prefix on a single Redis.
func dropKeys(c redis.UniversalClient, prefix string) {
	ctx := context.Background()
	iter := c.Scan(ctx, 0, prefix+"*", 1000).Iterator()
	var keys []string
	for iter.Next(ctx) {
		keys = append(keys, iter.Val())
	}
	if len(keys) > 0 {
		c.Del(ctx, keys...)
	}
}

var scope = Scope{Service: "1001", Application: "app2"}

var planLimits = []Limit{
	{Metric: "1", Period: Month, Max: 100},
	{Metric: "1", Period: Week, Max: 50},
	{Metric: "1", Period: Day, Max: 10},
	{Metric: "2", Period: Minute, Max: 5},
	{Metric: "4", Period: Day, Max: 0},
}

func TestDecide(t *testing.T) {
	tests := []struct {
		name     string
		seed     []Delta
		usage    []Delta
		hasUsage bool
		commit   bool
		admitted bool
		values   []int64 // stored values returned
		after    []int64 // values read afterwards
	}{
		{name: "nothing stored, no usage", admitted: true, values: []int64{0, 0, 0, 0, 0}, after: []int64{0, 0, 0, 0, 0}},
		{name: "increment within limits", usage: []Delta{{Metric: "1", Value: 3}}, hasUsage: true, commit: true, admitted: true,
			values: []int64{0, 0, 0, 0, 0}, after: []int64{3, 3, 3, 0, 0}},
		{name: "read only does not change counters", usage: []Delta{{Metric: "1", Value: 3}}, hasUsage: true, admitted: true,
			values: []int64{0, 0, 0, 0, 0}, after: []int64{0, 0, 0, 0, 0}},
		{name: "limit reached exactly is allowed", seed: []Delta{{Metric: "1", Value: 9}}, usage: []Delta{{Metric: "1", Value: 1}},
			hasUsage: true, commit: true, admitted: true, values: []int64{9, 9, 9, 0, 0}, after: []int64{10, 10, 10, 0, 0}},
		{name: "over the limit is denied and not applied", seed: []Delta{{Metric: "1", Value: 9}}, usage: []Delta{{Metric: "1", Value: 2}},
			hasUsage: true, commit: true, admitted: false, values: []int64{9, 9, 9, 0, 0}, after: []int64{9, 9, 9, 0, 0}},
		{name: "no usage denies when a stored value is above", seed: []Delta{{Metric: "1", Value: 11}}, admitted: false,
			values: []int64{11, 11, 11, 0, 0}, after: []int64{11, 11, 11, 0, 0}},
		{name: "unlisted metrics are not checked", seed: []Delta{{Metric: "2", Value: 6}}, usage: []Delta{{Metric: "3", Value: 1}},
			hasUsage: true, commit: true, admitted: true, values: []int64{0, 0, 0, 6, 0}, after: []int64{0, 0, 0, 6, 0}},
		{name: "listed zero usage still checks", seed: []Delta{{Metric: "2", Value: 6}}, usage: []Delta{{Metric: "2", Value: 0}},
			hasUsage: true, admitted: false, values: []int64{0, 0, 0, 6, 0}, after: []int64{0, 0, 0, 6, 0}},
		{name: "disabled metric", usage: []Delta{{Metric: "4", Value: 1}}, hasUsage: true, commit: true, admitted: false,
			values: []int64{0, 0, 0, 0, 0}, after: []int64{0, 0, 0, 0, 0}},
		{name: "set replaces", seed: []Delta{{Metric: "1", Value: 7}}, usage: []Delta{{Metric: "1", Set: true, Value: 5}},
			hasUsage: true, commit: true, admitted: true, values: []int64{7, 7, 7, 0, 0}, after: []int64{5, 5, 5, 0, 0}},
		{name: "set zero deletes", seed: []Delta{{Metric: "1", Value: 7}}, usage: []Delta{{Metric: "1", Set: true, Value: 0}},
			hasUsage: true, commit: true, admitted: true, values: []int64{7, 7, 7, 0, 0}, after: []int64{0, 0, 0, 0, 0}},
		{name: "set above the limit is denied", usage: []Delta{{Metric: "1", Set: true, Value: 11}},
			hasUsage: true, commit: true, admitted: false, values: []int64{0, 0, 0, 0, 0}, after: []int64{0, 0, 0, 0, 0}},
	}
	for _, f := range storeFactories(t) {
		t.Run(f.name, func(t *testing.T) {
			for _, tt := range tests {
				t.Run(tt.name, func(t *testing.T) {
					s := f.make(t)
					ctx := context.Background()
					if len(tt.seed) > 0 {
						if err := s.Apply(ctx, testNow, []Update{{Scope: scope, At: testNow, Usage: tt.seed}}); err != nil {
							t.Fatal(err)
						}
					}
					d := &Decision{Scope: scope, At: testNow, Limits: planLimits, Usage: tt.usage, HasUsage: tt.hasUsage, Commit: tt.commit}
					var r Result
					if err := s.Decide(ctx, d, &r); err != nil {
						t.Fatal(err)
					}
					if r.Admitted != tt.admitted {
						t.Errorf("admitted = %v, want %v", r.Admitted, tt.admitted)
					}
					if !equalValues(r.Values, tt.values) {
						t.Errorf("values = %v, want %v", r.Values, tt.values)
					}
					after := readLimits(t, s, testNow)
					if !equalValues(after, tt.after) {
						t.Errorf("after = %v, want %v", after, tt.after)
					}
				})
			}
		})
	}
}

func readLimits(t *testing.T, s Store, at time.Time) []int64 {
	t.Helper()
	buckets := make([]Bucket, len(planLimits))
	for i, l := range planLimits {
		buckets[i] = Bucket{Metric: l.Metric, Period: l.Period}
	}
	v, err := s.Values(context.Background(), scope, at, buckets, nil)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func equalValues(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestApplyPeriods(t *testing.T) {
	for _, f := range storeFactories(t) {
		t.Run(f.name, func(t *testing.T) {
			s := f.make(t)
			ctx := context.Background()
			yesterday := testNow.Add(-23 * time.Hour)
			err := s.Apply(ctx, testNow, []Update{
				{Scope: scope, At: testNow, Usage: []Delta{{Metric: "1", Value: 2}}},
				{Scope: scope, At: yesterday, Usage: []Delta{{Metric: "1", Value: 5}}},
			})
			if err != nil {
				t.Fatal(err)
			}
			all := []Bucket{{"1", Minute}, {"1", Hour}, {"1", Day}, {"1", Week}, {"1", Month}, {"1", Year}, {"1", Eternity}}
			got, err := s.Values(ctx, scope, testNow, all, nil)
			if err != nil {
				t.Fatal(err)
			}
			// Yesterday's minute, hour and day buckets have ended: only the
			// longer periods carry its usage.
			if want := []int64{2, 2, 2, 7, 7, 7, 7}; !equalValues(got, want) {
				t.Fatalf("values = %v, want %v", got, want)
			}
			other, err := s.Values(ctx, Scope{Service: "1001", Application: "app1"}, testNow, all, nil)
			if err != nil {
				t.Fatal(err)
			}
			if want := []int64{0, 0, 0, 0, 0, 0, 0}; !equalValues(other, want) {
				t.Fatalf("another application sees %v", other)
			}
			next := testNow.Add(time.Minute)
			got, err = s.Values(ctx, scope, next, all[:1], nil)
			if err != nil || got[0] != 0 {
				t.Fatalf("next minute = %v, %v; want 0", got, err)
			}
		})
	}
}

// TestConcurrentDecideIsExact hammers one application from 64 goroutines:
// exactly as many decisions are admitted as the limit allows.
func TestConcurrentDecideIsExact(t *testing.T) {
	const limit = 500
	for _, f := range storeFactories(t) {
		t.Run(f.name, func(t *testing.T) {
			s := f.make(t)
			limits := []Limit{{Metric: "1", Period: Day, Max: limit}, {Metric: "1", Period: Month, Max: 100000}}
			var admitted, denied atomic.Int64
			var wg sync.WaitGroup
			for range 64 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					var r Result
					for range 12 {
						d := &Decision{Scope: scope, At: testNow, Limits: limits, Usage: []Delta{{Metric: "1", Value: 1}}, HasUsage: true, Commit: true}
						if err := s.Decide(context.Background(), d, &r); err != nil {
							t.Error(err)
							return
						}
						if r.Admitted {
							admitted.Add(1)
						} else {
							denied.Add(1)
						}
					}
				}()
			}
			wg.Wait()
			if admitted.Load() != limit || denied.Load() != 64*12-limit {
				t.Fatalf("admitted %d, denied %d; want %d admitted", admitted.Load(), denied.Load(), limit)
			}
			got, err := s.Values(context.Background(), scope, testNow, []Bucket{{"1", Day}}, nil)
			if err != nil || got[0] != limit {
				t.Fatalf("day counter = %v, %v; want %d", got, err, limit)
			}
		})
	}
}

func TestMemoryExportImport(t *testing.T) {
	clock := testNow
	m, err := NewMemory(MemoryConfig{SweepInterval: -1, Now: func() time.Time { return clock }})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := m.Apply(ctx, testNow, []Update{{Scope: scope, At: testNow, Usage: []Delta{{Metric: "1", Value: 4}}}}); err != nil {
		t.Fatal(err)
	}
	entries := m.Export(testNow)
	if len(entries) != NumPeriods {
		t.Fatalf("exported %d entries, want %d", len(entries), NumPeriods)
	}
	restored, err := NewMemory(MemoryConfig{SweepInterval: -1})
	if err != nil {
		t.Fatal(err)
	}
	// Restored an hour later: the minute bucket has ended.
	later := testNow.Add(time.Hour)
	if err := restored.Import(later, entries); err != nil {
		t.Fatal(err)
	}
	got, err := restored.Values(ctx, scope, testNow, []Bucket{{"1", Minute}, {"1", Day}, {"1", Eternity}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if want := []int64{0, 4, 4}; !equalValues(got, want) {
		t.Fatalf("restored values = %v, want %v", got, want)
	}
	if err := restored.Import(later, []Entry{{Scope: scope, Metric: "1", Period: Day, Start: 5}}); err == nil {
		t.Fatal("Import accepted a bucket start that is not a day boundary")
	}

	m.Sweep(testNow.Add(48 * time.Hour))
	left := m.Export(testNow.Add(48 * time.Hour))
	for _, e := range left {
		if e.Period != Week && e.Period != Month && e.Period != Year && e.Period != Eternity {
			t.Fatalf("sweep left a %s bucket", e.Period)
		}
	}
}

// TestMemoryExportChanged checks that only scopes written since the last
// call are exported, that a counter set to 0 is exported once as 0, and
// that restored counters do not count as changed.
func TestMemoryExportChanged(t *testing.T) {
	m, err := NewMemory(MemoryConfig{SweepInterval: -1, Now: func() time.Time { return testNow }})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	other := Scope{Service: "1001", Application: "app3"}
	day, _ := Day.Window(testNow.Unix())
	if err := m.Import(testNow, []Entry{{Scope: other, Metric: "1", Period: Day, Start: day, Value: 7}}); err != nil {
		t.Fatal(err)
	}
	if got := m.ExportChanged(testNow, nil); len(got) != 0 {
		t.Fatalf("restored counters exported as changed: %v", got)
	}
	hits := []Delta{{Metric: "1", Value: 2, Periods: PeriodSet(0).With(Day)}}
	if err := m.Decide(ctx, &Decision{Scope: scope, At: testNow, Usage: hits, HasUsage: true, Commit: true}, &Result{}); err != nil {
		t.Fatal(err)
	}
	want := []Entry{{Scope: scope, Metric: "1", Period: Day, Start: day, Value: 2}}
	if got := m.ExportChanged(testNow, nil); !equalEntries(got, want) {
		t.Fatalf("first export %v, want %v", got, want)
	}
	if got := m.ExportChanged(testNow, nil); len(got) != 0 {
		t.Fatalf("nothing changed, yet exported %v", got)
	}
	reset := []Delta{{Metric: "1", Set: true, Value: 0, Periods: PeriodSet(0).With(Day)}}
	if err := m.Apply(ctx, testNow, []Update{{Scope: other, At: testNow, Usage: reset}}); err != nil {
		t.Fatal(err)
	}
	want = []Entry{{Scope: other, Metric: "1", Period: Day, Start: day, Value: 0}}
	if got := m.ExportChanged(testNow, nil); !equalEntries(got, want) {
		t.Fatalf("export after a reset %v, want %v", got, want)
	}
	got, err := m.Values(ctx, other, testNow, []Bucket{{"1", Day}}, nil)
	if err != nil || !equalValues(got, []int64{0}) {
		t.Fatalf("reset counter reads %v %v", got, err)
	}
	if all := m.Export(testNow); !equalEntries(all, []Entry{{Scope: scope, Metric: "1", Period: Day, Start: day, Value: 2}}) {
		t.Fatalf("Export %v", all)
	}
}

func equalEntries(a, b []Entry) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestRedisKeys(t *testing.T) {
	s := NewTestRedis(t)
	ctx := context.Background()
	if err := s.Apply(ctx, testNow, []Update{{Scope: scope, At: testNow, Usage: []Delta{{Metric: "1", Value: 1}}}}); err != nil {
		t.Fatal(err)
	}
	keys, err := s.client.Keys(ctx, s.prefix+"*").Result()
	if err != nil {
		t.Fatal(err)
	}
	if len(keys) != NumPeriods {
		t.Fatalf("got %d keys, want %d: %v", len(keys), NumPeriods, keys)
	}
	for _, k := range keys {
		if !strings.HasPrefix(k, s.prefix+"{1001:app2}:") {
			t.Errorf("key %q is not hash-tagged by its application", k)
		}
		ttl, err := s.client.TTL(ctx, k).Result()
		if err != nil {
			t.Fatal(err)
		}
		eternity := strings.Contains(k, ":e:")
		if eternity && ttl != -1 {
			t.Errorf("eternity key %q has TTL %s", k, ttl)
		}
		if !eternity && ttl <= 0 {
			t.Errorf("key %q has no expiry (%s)", k, ttl)
		}
	}
	// The script is reloaded transparently after SCRIPT FLUSH.
	if err := s.client.ScriptFlush(ctx).Err(); err != nil {
		t.Fatal(err)
	}
	var r Result
	if err := s.Decide(ctx, &Decision{Scope: scope, At: testNow, Limits: planLimits[:1]}, &r); err != nil {
		t.Fatal(err)
	}
	if r.Values[0] != 1 {
		t.Fatalf("month value = %d, want 1", r.Values[0])
	}
	if _, err := NewRedis(ctx, RedisConfig{URL: "redis://127.0.0.1:6379/0", KeyPrefix: "a{b"}); err == nil {
		t.Fatal("a key prefix with a brace was accepted")
	}
	if err := s.Decide(ctx, &Decision{Scope: scope, At: testNow, Limits: []Limit{{Metric: "a b", Period: Day}}}, &r); err == nil {
		t.Fatal("a metric id with a space was accepted")
	}
}

func TestRedisUnavailable(t *testing.T) {
	client := redis.NewClient(&redis.Options{Addr: "127.0.0.1:1", MaxRetries: -1, DialTimeout: 100 * time.Millisecond})
	defer client.Close()
	if _, err := NewRedis(context.Background(), RedisConfig{Client: client}); err == nil {
		t.Fatal("NewRedis succeeded without a server")
	}
}

func TestKeySlot(t *testing.T) {
	if got := keySlot("123456789"); got != 0x31C3%16384 {
		t.Fatalf("slot of 123456789 = %d", got)
	}
	if keySlot("p:{1001:app2}:1:d:5") != keySlot("1001:app2") || keySlot("{}x") == keySlot("{}y") {
		t.Fatal("hash tags are not honoured (an empty tag hashes the whole key)")
	}
	// The guard keys of a cluster: one tag for each slot.
	tags := slotTags()
	if len(tags) != clusterSlots {
		t.Fatalf("%d slot tags", len(tags))
	}
	for slot, tag := range tags {
		if got := keySlot("p:complete{" + tag + "}"); got != uint16(slot) {
			t.Fatalf("the guard tag of slot %d, %q, hashes to slot %d", slot, tag, got)
		}
	}
}

func TestPeriodSelection(t *testing.T) {
	for _, f := range storeFactories(t) {
		t.Run(f.name, func(t *testing.T) {
			s := f.make(t)
			ctx := context.Background()
			days := PeriodSet(0).With(Day).With(Month)
			if err := s.Apply(ctx, testNow, []Update{{Scope: scope, At: testNow, Usage: []Delta{{Metric: "1", Value: 3, Periods: days}}}}); err != nil {
				t.Fatal(err)
			}
			got, err := s.Values(ctx, scope, testNow, []Bucket{{"1", Minute}, {"1", Day}, {"1", Month}, {"1", Eternity}}, nil)
			if err != nil {
				t.Fatal(err)
			}
			if want := []int64{0, 3, 3, 0}; !equalValues(got, want) {
				t.Fatalf("values = %v, want %v", got, want)
			}
		})
	}
}

// TestDecideSharedCounters covers decisions whose limits or deltas name the
// same counter twice: each limit reads the value from before the decision,
// limits are checked against the first delta of their metric, and every
// delta is applied.
func TestDecideSharedCounters(t *testing.T) {
	for _, f := range storeFactories(t) {
		t.Run(f.name, func(t *testing.T) {
			s := f.make(t)
			ctx := context.Background()
			if err := s.Apply(ctx, testNow, []Update{{Scope: scope, At: testNow, Usage: []Delta{{Metric: "1", Value: 4}}}}); err != nil {
				t.Fatal(err)
			}
			twice := []Limit{{Metric: "1", Period: Day, Max: 10}, {Metric: "1", Period: Day, Max: 10}}
			var r Result
			d := &Decision{Scope: scope, At: testNow, Limits: twice, Usage: []Delta{{Metric: "1", Value: 6}}, HasUsage: true, Commit: true}
			if err := s.Decide(ctx, d, &r); err != nil {
				t.Fatal(err)
			}
			if !r.Admitted || !equalValues(r.Values, []int64{4, 4}) {
				t.Fatalf("duplicate limits: admitted %v, values %v; want true, [4 4]", r.Admitted, r.Values)
			}
			// Two deltas of one metric: the limit is checked with the first
			// (10 + 5 ≤ 100), both are applied.
			limits := []Limit{{Metric: "1", Period: Month, Max: 100}}
			d = &Decision{Scope: scope, At: testNow, Limits: limits, HasUsage: true, Commit: true,
				Usage: []Delta{{Metric: "1", Value: 5}, {Metric: "1", Value: 7}}}
			if err := s.Decide(ctx, d, &r); err != nil {
				t.Fatal(err)
			}
			if !r.Admitted || !equalValues(r.Values, []int64{10}) {
				t.Fatalf("two deltas: admitted %v, values %v; want true, [10]", r.Admitted, r.Values)
			}
			got, err := s.Values(ctx, scope, testNow, []Bucket{{"1", Day}, {"1", Month}}, nil)
			if err != nil || !equalValues(got, []int64{22, 22}) {
				t.Fatalf("values = %v, %v; want [22 22]", got, err)
			}
		})
	}
}

// TestRedisDeniedLeavesNoKeys: a denied decision undoes what it wrote while
// checking, and an admitted one leaves counters that expire.
func TestRedisDeniedLeavesNoKeys(t *testing.T) {
	s := NewTestRedis(t)
	ctx := context.Background()
	limits := []Limit{{Metric: "1", Period: Month, Max: 100}, {Metric: "1", Period: Day, Max: 3}, {Metric: "2", Period: Minute, Max: 5}}
	usage := []Delta{{Metric: "1", Value: 4, Periods: PeriodSet(0).With(Day).With(Month)}, {Metric: "2", Value: 1}}
	var r Result
	if err := s.Decide(ctx, &Decision{Scope: scope, At: testNow, Limits: limits, Usage: usage, HasUsage: true, Commit: true}, &r); err != nil {
		t.Fatal(err)
	}
	if r.Admitted {
		t.Fatal("4 hits were admitted under a day limit of 3")
	}
	keys, err := s.client.Keys(ctx, s.prefix+"*").Result()
	if err != nil || len(keys) != 0 {
		t.Fatalf("a denied decision left keys %v (%v)", keys, err)
	}
	usage[0].Value = 3
	if err := s.Decide(ctx, &Decision{Scope: scope, At: testNow, Limits: limits, Usage: usage, HasUsage: true, Commit: true}, &r); err != nil {
		t.Fatal(err)
	}
	if !r.Admitted {
		t.Fatal("3 hits were denied under a day limit of 3")
	}
	keys, err = s.client.Keys(ctx, s.prefix+"*").Result()
	if err != nil {
		t.Fatal(err)
	}
	// hits over day and month, search over all seven periods.
	if len(keys) != 2+NumPeriods {
		t.Fatalf("got keys %v, want %d", keys, 2+NumPeriods)
	}
	for _, k := range keys {
		ttl, err := s.client.TTL(ctx, k).Result()
		if err != nil {
			t.Fatal(err)
		}
		if eternity := strings.Contains(k, ":e:"); eternity != (ttl == -1) || (!eternity && ttl <= 0) {
			t.Errorf("key %q has TTL %s", k, ttl)
		}
	}
}

// TestRedisBatchesCountReportUpdates checks that a batch's size is counted
// in decisions and report updates rather than in calls: a report's call
// carries one update per application, and a batch of calls each carrying
// several would otherwise hold many times MaxBatch updates, keeping every
// other pipeline idle. A call larger than the cap travels alone.
func TestRedisBatchesCountReportUpdates(t *testing.T) {
	const maxBatch, perCall, callers, rounds = 8, 3, 32, 20
	var largest, total, calls atomic.Int64
	s := newTestRedis(t, RedisConfig{MaxBatch: maxBatch, RoundTrip: func(_ time.Duration, n int) {
		total.Add(int64(n))
		calls.Add(1)
		for l := largest.Load(); int64(n) > l && !largest.CompareAndSwap(l, int64(n)); l = largest.Load() {
		}
	}})
	updates := func(first, n int) []Update {
		out := make([]Update, n)
		for i := range out {
			out[i] = Update{Scope: Scope{Service: "1001", Application: "app" + strconv.Itoa(first+i)}, At: testNow,
				Usage: []Delta{{Metric: "1", Value: 1, Periods: 1 << Day}}}
		}
		return out
	}
	var wg sync.WaitGroup
	for g := range callers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range rounds {
				if err := s.Apply(context.Background(), testNow, updates(g*perCall, perCall)); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	if l := largest.Load(); l > maxBatch {
		t.Fatalf("a script call carried %d updates, more than MaxBatch %d", l, maxBatch)
	}
	if got, want := total.Load(), int64(callers*rounds*perCall); got != want {
		t.Fatalf("script calls carried %d updates in all, want %d", got, want)
	}
	if calls.Load() >= callers*rounds {
		t.Logf("no two calls travelled together in %d script calls", calls.Load())
	}
	largest.Store(0)
	if err := s.Apply(context.Background(), testNow, updates(0, 3*maxBatch)); err != nil {
		t.Fatal(err)
	}
	if l := largest.Load(); l != 3*maxBatch {
		t.Fatalf("a call of %d updates travelled as %d", 3*maxBatch, l)
	}
	got, err := s.Values(context.Background(), Scope{Service: "1001", Application: "app3"}, testNow, []Bucket{{"1", Day}}, nil)
	if err != nil || got[0] != rounds+1 {
		t.Fatalf("app3's day counter = %v, %v; want %d", got, err, rounds+1)
	}
}
