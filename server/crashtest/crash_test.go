package crashtest

import (
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

const (
	// crashLimit is the daily hits limit of the crash test's plan.
	crashLimit = 3000
	// crashAfter is how many acknowledged hits the first process answers
	// before it is killed.
	crashAfter = 1200
)

// TestKillKeepsAcknowledgedUsage kills the server with SIGKILL in the middle
// of authrep and report traffic, restarts it on the same storage and checks
// that the counters hold exactly what was acknowledged (nothing lost,
// nothing counted twice), that the SQL rollups of both metrics agree, and
// that the daily limit admits exactly its value across both lives.
func TestKillKeepsAcknowledgedUsage(t *testing.T) {
	for _, st := range storages {
		t.Run(st.name, func(t *testing.T) {
			skipNearMidnight(t)
			cfg := st.config(t)
			first := startServer(t, "portico", cfg)
			admin := first.login(t)
			fx := provision(t, first, admin, crashLimit)
			c := newClient()
			fx.waitKnown(t, c, first.URL)

			// First life: authrep (hits or search, one unit each) and report
			// batches (five transactions: three search, two hits) until
			// crashAfter hits are acknowledged; the worker crossing it kills
			// the server while the others have calls in flight.
			var y tally
			var stop atomic.Bool
			// The kill runs beside the traffic, which goes on until the
			// process is gone: calls are in flight when it dies.
			var kill sync.Once
			dead := make(chan struct{})
			crash := func() {
				kill.Do(func() {
					go func() {
						first.kill()
						stop.Store(true)
						close(dead)
					}()
				})
			}
			bounded(6, 2000, 30*time.Second, &stop, func(w, i int) bool {
				var a answer
				var hits, search int64
				authrep := w < 4
				if authrep {
					metric := "hits"
					if i%2 == 1 {
						metric, search = "search", 1
					}
					hits = 1
					a = doCall(c, fx.authRequest(first.URL, "authrep", map[string]int{metric: 1}))
				} else {
					txs := make([]reportTx, 5)
					for j := range txs {
						if j%2 == 0 {
							txs[j].usage = map[string]int{"search": 1}
						} else {
							txs[j].usage = map[string]int{"hits": 1}
						}
					}
					hits, search = 5, 3
					a = doCall(c, fx.reportRequest(first.URL, "", txs))
				}
				if y.record(a, authrep, hits, search) >= crashAfter {
					crash()
				}
				return true
			})
			crash() // in case the bounds ended the traffic first
			<-dead
			before := y.snapshot()
			t.Logf("first life: %s", &y)
			if before.unexpected > 0 || before.denied > 0 {
				t.Fatalf("first life answered outside 2xx before the kill: %s", &y)
			}
			if before.ackHits < crashAfter {
				t.Fatalf("only %d hits acknowledged before the bounds ended the traffic", before.ackHits)
			}

			second := startServer(t, "portico (restarted)", cfg)
			admin = second.login(t)
			counted, _ := fx.usageAt(t, c, second.URL)
			t.Logf("after the kill the hits/day counter reads %d; acknowledged %d, uncertain %d", counted, before.ackHits, before.maybeHits)
			if counted < before.ackHits {
				t.Errorf("acknowledged usage lost on kill -9: hits/day reads %d after restart, %d hits were acknowledged: %d lost (%.1f%%)",
					counted, before.ackHits, before.ackHits-counted, 100*float64(before.ackHits-counted)/float64(before.ackHits))
			}
			if counted > before.ackHits+before.maybeHits {
				t.Errorf("usage counted twice: hits/day reads %d, at most %d acknowledged or in flight at the kill",
					counted, before.ackHits+before.maybeHits)
			}

			// Second life: authrep one hit at a time until the limit refuses.
			var y2 tally
			var stop2 atomic.Bool
			bounded(4, crashLimit, 30*time.Second, &stop2, func(_, _ int) bool {
				a := doCall(c, fx.authRequest(second.URL, "authrep", map[string]int{"hits": 1}))
				y2.record(a, true, 1, 0)
				return a.err == nil && a.status == http.StatusOK
			})
			after := y2.snapshot()
			t.Logf("second life: %s", &y2)
			if after.unexpected > 0 || after.maybeHits > 0 {
				t.Errorf("second life answered outside 200/409: %s", &y2)
			}
			final, limit := fx.usageAt(t, c, second.URL)
			total := before.ackHits + after.admitted
			if total > limit {
				t.Errorf("over-admission across the kill: %d hits acknowledged before it and %d authreps admitted after it: %d > limit %d (by %d)",
					before.ackHits, after.admitted, total, limit, total-limit)
			}
			if final != limit {
				t.Errorf("authrep was refused with hits/day at %d, not at the limit %d", final, limit)
			}
			if total < limit-before.maybeHits {
				t.Errorf("under-admission: %d acknowledged in all, limit %d, only %d uncertain", total, limit, before.maybeHits)
			}

			// The SQL rollups hold the same usage: hits (with search
			// propagated to it) and search, which has no limit.
			wantHits, wantSearch := total, before.ackSearch
			hits := fx.rolledUp(t, second, admin, fx.hitsID, func(v int64) bool { return v >= wantHits })
			search := fx.rolledUp(t, second, admin, fx.searchID, func(v int64) bool { return v >= wantSearch })
			t.Logf("rollups: hits %d (acknowledged %d, uncertain %d), search %d (acknowledged %d, uncertain %d)",
				hits, wantHits, before.maybeHits, search, wantSearch, before.maybeSearch)
			if hits < wantHits || hits > wantHits+before.maybeHits {
				t.Errorf("hits day rollup is %d, acknowledged %d (+%d uncertain): %d missing", hits, wantHits, before.maybeHits, wantHits-hits)
			}
			if search < wantSearch || search > wantSearch+before.maybeSearch {
				t.Errorf("search day rollup is %d, acknowledged %d (+%d uncertain): %d missing", search, wantSearch, before.maybeSearch, wantSearch-search)
			}
		})
	}
}

// skipNearMidnight skips a test that would straddle a UTC day boundary: its
// daily counters would start over in the middle.
func skipNearMidnight(t *testing.T) {
	t.Helper()
	now := time.Now().UTC()
	next := time.Date(now.Year(), now.Month(), now.Day()+1, 0, 0, 0, 0, time.UTC)
	if next.Sub(now) < 3*time.Minute {
		t.Skip("less than 3 minutes to UTC midnight: daily counters would reset during the test")
	}
}
