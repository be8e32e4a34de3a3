package counter

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	mrand "math/rand/v2"
	"os"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// leasedPair connects n Redis stores with leases of the given lifetime
// under one key prefix, as n server processes sharing one Redis, and a
// reader without leases that sees the counters as they are stored.
func leasedPair(t *testing.T, n int, life time.Duration) (stores []*Redis, reader *Redis) {
	t.Helper()
	url := os.Getenv("PORTICO_TEST_REDIS_URL")
	if url == "" {
		t.Skip("PORTICO_TEST_REDIS_URL is not set")
	}
	var b [6]byte
	_, _ = rand.Read(b[:])
	prefix := "portico-test:" + hex.EncodeToString(b[:]) + ":"
	open := func(life time.Duration) *Redis {
		s, err := NewRedis(context.Background(), RedisConfig{URL: url, KeyPrefix: prefix, Lease: life})
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	for range n {
		stores = append(stores, open(life))
	}
	reader = open(0)
	t.Cleanup(func() {
		for _, s := range stores {
			_ = s.Close()
		}
		dropKeys(reader.client, prefix)
		_ = reader.Close()
	})
	return stores, reader
}

func localDecisions(s *Redis) int64 {
	if st := s.Stats().Leases; st != nil {
		return st.Local
	}
	return 0
}

// A single process decides most of a busy application's decisions in
// process, with the values and the limit exactly as without leases, and
// gives back what it reserved.
func TestLeaseDecidesInProcess(t *testing.T) {
	stores, reader := leasedPair(t, 1, time.Second)
	s := stores[0]
	ctx := context.Background()
	limits := []Limit{{Metric: "1", Period: Day, Max: 150}, {Metric: "1", Period: Month, Max: 1000}, {Metric: "2", Period: Day, Max: 7}}
	var r Result
	authorized := false
	for i := range 200 {
		// An authorization without usage, while the lease holds units,
		// is answered in process too, with the values as they are.
		if !authorized && i >= 60 && s.leases.unused(scope, s.windows.at(testNow.Unix()), Bucket{"1", Day}) > 0 {
			authorized = true
			before := localDecisions(s)
			if err := s.Decide(ctx, &Decision{Scope: scope, At: testNow, Limits: limits}, &r); err != nil {
				t.Fatal(err)
			}
			if !r.Admitted || !equalValues(r.Values, []int64{int64(i), int64(i), 0}) || localDecisions(s) != before+1 {
				t.Fatalf("authorization after %d hits: admitted %v, values %v, in process %v", i, r.Admitted, r.Values, localDecisions(s) == before+1)
			}
		}
		d := &Decision{Scope: scope, At: testNow, Limits: limits, Usage: []Delta{{Metric: "1", Value: 1}}, HasUsage: true, Commit: true}
		if err := s.Decide(ctx, d, &r); err != nil {
			t.Fatal(err)
		}
		want := min(i, 150)
		if r.Admitted != (i < 150) || r.Values[0] != int64(want) || r.Values[1] != int64(want) || r.Values[2] != 0 {
			t.Fatalf("decision %d: admitted %v, values %v; want %v, [%d %d 0]", i, r.Admitted, r.Values, i < 150, want, want)
		}
	}
	if n := localDecisions(s); n < 100 || !authorized {
		t.Fatalf("%d decisions in process, want most of 200; an authorization under a lease: %v", n, authorized)
	}
	got, err := s.Values(ctx, scope, testNow, []Bucket{{"1", Day}, {"1", Month}, {"1", Eternity}}, nil)
	if err != nil || !equalValues(got, []int64{150, 150, 150}) {
		t.Fatalf("values through the leasing store = %v, %v; want 150 each", got, err)
	}
	_ = s.Close()
	got, err = reader.Values(ctx, scope, testNow, []Bucket{{"1", Day}, {"1", Month}, {"1", Eternity}, {"2", Day}}, nil)
	if err != nil || !equalValues(got, []int64{150, 150, 150, 0}) {
		t.Fatalf("stored counters after close = %v, %v; want 150 ×3 and 0", got, err)
	}
}

// Two processes sharing Redis, each with leases, admit exactly the limit
// under concurrent load: never more, and (denials waiting for the other
// process's leases to come back) never less.
func TestLeaseTwoProcessesExact(t *testing.T) {
	const limit = 300
	stores, reader := leasedPair(t, 2, 100*time.Millisecond)
	limits := []Limit{{Metric: "1", Period: Day, Max: limit}, {Metric: "1", Period: Month, Max: 100000}}
	var admitted, denied atomic.Int64
	var wg sync.WaitGroup
	for g := range 32 {
		s := stores[g%2]
		wg.Add(1)
		go func() {
			defer wg.Done()
			var r Result
			for range 30 {
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
	local := localDecisions(stores[0]) + localDecisions(stores[1])
	t.Logf("%d admitted, %d denied, %d decided in process", admitted.Load(), denied.Load(), local)
	if admitted.Load() != limit {
		t.Fatalf("admitted %d, want exactly %d", admitted.Load(), limit)
	}
	if local == 0 {
		t.Fatal("no decision was made in process: the leases were not used")
	}
	for _, s := range stores {
		_ = s.Close()
	}
	got, err := reader.Values(context.Background(), scope, testNow, []Bucket{{"1", Day}, {"1", Month}}, nil)
	if err != nil || !equalValues(got, []int64{limit, limit}) {
		t.Fatalf("stored counters = %v, %v; want %d", got, err, limit)
	}
}

// A denial waits for another process's lease only when that lease is on a
// metric the decision was denied on: then the units it reserved and did
// not use go to the decision once they are back.
func TestLeaseDenialWaitsForItsMetric(t *testing.T) {
	stores, _ := leasedPair(t, 2, 50*time.Millisecond)
	a, b := stores[0], stores[1]
	ctx := context.Background()
	limits := []Limit{{Metric: "1", Period: Day, Max: 100}, {Metric: "2", Period: Day, Max: 0}}
	hit := func(s *Redis, metric string, n int64) bool {
		t.Helper()
		var r Result
		d := &Decision{Scope: scope, At: testNow, Limits: limits, Usage: []Delta{{Metric: metric, Value: n}}, HasUsage: true, Commit: true}
		if err := s.Decide(ctx, d, &r); err != nil {
			t.Fatal(err)
		}
		return r.Admitted
	}
	// b takes a lease on metric 1.
	for i := 0; i < 3 && b.Stats().Leases.Granted == 0; i++ {
		hit(b, "1", 1)
	}
	reserved := b.leases.unused(scope, b.windows.at(testNow.Unix()), Bucket{"1", Day})
	if reserved == 0 {
		t.Fatal("b holds no lease on metric 1")
	}
	// Metric 2 is over its limit: b's lease on metric 1 is no reason to
	// wait.
	if hit(a, "2", 1) {
		t.Fatal("metric 2 over its limit was admitted")
	}
	if n := a.Stats().Leases.Retried; n != 0 {
		t.Fatalf("a denial on metric 2 was retried %d times for a lease on metric 1", n)
	}
	// a asks for all that is left of metric 1 once b's reservation is
	// back: denied while b holds its lease, it waits and gets it.
	stored, err := a.Values(ctx, scope, testNow, []Bucket{{"1", Day}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	rest := 100 - stored[0] + reserved
	if !hit(a, "1", rest) {
		t.Fatalf("the last %d units were refused although b's lease ended", rest)
	}
	if a.Stats().Leases.Retried == 0 {
		t.Fatal("the decision was admitted without waiting for b's lease: the reservation was not counted")
	}
}

// TestLeaseInterleavings runs random sequences of decisions on two
// processes with leases, plan changes, period rollovers, reports and sets,
// and checks every decision against the in-process store, which decides
// each one exactly; at the end of a sequence the stored counters must
// equal the in-process ones. PORTICO_LEASE_SEED replays one sequence.
func TestLeaseInterleavings(t *testing.T) {
	seed := uint64(time.Now().UnixNano())
	if v := os.Getenv("PORTICO_LEASE_SEED"); v != "" {
		seed, _ = strconv.ParseUint(v, 10, 64)
	}
	sequences := 24
	if testing.Short() {
		sequences = 6
	}
	t.Logf("seed %d (PORTICO_LEASE_SEED replays it)", seed)
	rng := mrand.New(mrand.NewPCG(seed, seed))
	ctx := context.Background()
	var local int64
	for seq := range sequences {
		stores, reader := leasedPair(t, 2, 40*time.Millisecond)
		at := testNow
		oracle, err := NewMemory(MemoryConfig{Now: func() time.Time { return at }})
		if err != nil {
			t.Fatal(err)
		}
		sc := Scope{Service: "1001", Application: "seq" + strconv.Itoa(seq)}
		plans := [][]Limit{
			{{Metric: "1", Period: Minute, Max: 15}, {Metric: "1", Period: Day, Max: 60}, {Metric: "2", Period: Day, Max: 25}},
			{{Metric: "1", Period: Minute, Max: 8}, {Metric: "1", Period: Day, Max: 40}, {Metric: "2", Period: Day, Max: 25}},
			{{Metric: "1", Period: Minute, Max: 30}, {Metric: "1", Period: Day, Max: 90}},
		}
		plan := plans[0]
		reports := rng.IntN(3) == 0 // a third of the sequences mix in reports and sets
		// Half the sequences count only the limited periods, as the
		// decision plane asks when no plan limits the others.
		var periods [2]PeriodSet
		if rng.IntN(2) == 0 {
			periods = [2]PeriodSet{PeriodSet(0).With(Minute).With(Day), PeriodSet(0).With(Day)}
		}
		var log []string
		for step := range 90 {
			switch x := rng.IntN(100); {
			case x < 4:
				plan = plans[rng.IntN(len(plans))]
				log = append(log, "plan change")
			case x < 8:
				at = at.Add(time.Duration(20+rng.IntN(50)) * time.Second)
				log = append(log, "time "+at.Format("15:04:05"))
			case x < 10:
				time.Sleep(50 * time.Millisecond) // the leases out end
				log = append(log, "pause")
			case reports && x < 13:
				u := []Update{{Scope: sc, At: at, Usage: []Delta{{Metric: "1", Value: int64(1 + rng.IntN(3))}}}}
				if rng.IntN(3) == 0 {
					u[0].Usage[0] = Delta{Metric: "1", Set: true, Value: int64(rng.IntN(10))}
				}
				s := stores[rng.IntN(2)]
				if err := s.Apply(ctx, at, u); err != nil {
					t.Fatal(err)
				}
				if err := oracle.Apply(ctx, at, u); err != nil {
					t.Fatal(err)
				}
				log = append(log, "report "+strconv.FormatInt(u[0].Usage[0].Value, 10))
			default:
				usage := []Delta{{Metric: "1", Value: int64(1 + rng.IntN(2)), Periods: periods[0]}}
				if rng.IntN(4) == 0 {
					usage = append(usage, Delta{Metric: "2", Value: 1, Periods: periods[1]})
				}
				d := Decision{Scope: sc, At: at, Limits: plan, Usage: usage, HasUsage: true, Commit: true}
				var got, want Result
				which := rng.IntN(2)
				if err := stores[which].Decide(ctx, &d, &got); err != nil {
					t.Fatal(err)
				}
				if err := oracle.Decide(ctx, &d, &want); err != nil {
					t.Fatal(err)
				}
				log = append(log, "decide "+strconv.FormatInt(usage[0].Value, 10)+" on "+strconv.Itoa(which)+": "+strconv.FormatBool(got.Admitted))
				if got.Admitted != want.Admitted {
					t.Fatalf("seed %d, sequence %d, step %d: admitted %v, exactly decided %v (stored %v); steps:\n%v",
						seed, seq, step, got.Admitted, want.Admitted, want.Values, log)
				}
			}
		}
		for _, s := range stores {
			local += localDecisions(s)
			_ = s.Close()
		}
		buckets := []Bucket{{"1", Minute}, {"1", Day}, {"1", Eternity}, {"2", Day}}
		got, err := reader.Values(ctx, sc, at, buckets, nil)
		if err != nil {
			t.Fatal(err)
		}
		want, _ := oracle.Values(ctx, sc, at, buckets, nil)
		if !equalValues(got, want) {
			t.Fatalf("seed %d, sequence %d: stored counters %v, exactly %v", seed, seq, got, want)
		}
		_ = oracle.Close()
	}
	t.Logf("%d decisions made in process", local)
	if local == 0 {
		t.Fatal("no decision was made in process: the leases were not used")
	}
}

// TestUncheckedWriteSeesAGrantOfItsBatch runs a lease grant and then an
// unchecked write of the same application in one script call: the write
// must see the lease granted just before it, wait for it and mark the
// application, as it would in a call of its own.
func TestUncheckedWriteSeesAGrantOfItsBatch(t *testing.T) {
	s := newTestRedis(t, RedisConfig{})
	ctx := context.Background()
	sc := Scope{Service: "1001", Application: "batched"}
	sec := testNow.Unix()
	w := WindowsAt(sec)
	wp := &w
	grant, write := &redisCall{}, &redisCall{}
	limits := []Limit{{Metric: "1", Period: Day, Max: 1000}}
	op := leaseOp{code: leaseGrant, life: 60_000, fields: []string{"other|1"}}
	if err := s.encode(grant, sc, true, true, sec, wp, limits, []Delta{{Metric: "1", Value: 10}}, &op); err != nil {
		t.Fatal(err)
	}
	unchecked := leaseOp{code: leaseUnchecked}
	if err := s.encode(write, sc, true, true, sec, wp, nil, []Delta{{Metric: "1", Value: 1, Periods: 1 << Day}}, &unchecked); err != nil {
		t.Fatal(err)
	}
	s.exec(ctx, []*redisCall{grant, write}, nil)
	if grant.err != nil || write.err != nil {
		t.Fatalf("script call: %v, %v", grant.err, write.err)
	}
	if !grant.admitted {
		t.Fatal("the grant was refused")
	}
	if wait := write.values[len(write.values)-1]; wait <= 0 || wait > 60_000 {
		t.Fatalf("the unchecked write after the grant waits %d ms, want the lease's time left", wait)
	}
	marked, err := s.client.Exists(ctx, write.keys[len(write.keys)-1]).Result()
	if err != nil || marked != 1 {
		t.Fatalf("no-lease marker: %d, %v; want it set", marked, err)
	}
	got, err := s.Values(ctx, sc, testNow, []Bucket{{"1", Day}}, nil)
	if err != nil || got[0] != 11 {
		t.Fatalf("day counter %v, %v; want the grant's 10 and the write's 1", got, err)
	}
}
