package usage

import (
	"testing"
	"time"

	"github.com/portico-apim/portico/ent/latencybucket"
	"github.com/portico-apim/portico/server/decision"
	"github.com/portico-apim/portico/server/latency"
)

// TestReplayedResponseTimesReachTheSketches: response times read back from
// a journal record (as a restart replays them) are aggregated per
// application and UTC hour like those of live calls; untimed usage adds
// none; the flush derives day and product sketches holding them all.
func TestReplayedResponseTimesReachTheSketches(t *testing.T) {
	apps := newAppTable(map[int][2]string{11: {"7", "a"}, 12: {"7", "b"}})
	r := New(Config{Resolver: apps})
	at := time.Date(2026, 3, 18, 10, 59, 0, 0, time.UTC)
	usage := func(app string, at time.Time, ms float64, timed bool) decision.Usage {
		return decision.Usage{ServiceID: "7", ApplicationID: app, At: at, Source: decision.SourceReport, Timed: timed,
			ResponseTime: time.Duration(ms * float64(time.Millisecond)), Metrics: []decision.MetricUsage{{MetricID: "1", Value: 1}}}
	}
	e := decision.Entry{Usage: []decision.Usage{
		usage("a", at, 10, true), usage("a", at, 20, true), usage("a", at.Add(2*time.Minute), 30, true), // 10:59, 10:59, 11:01
		usage("b", at, 40, true), usage("b", at, 50, false),
	}}
	replayed, err := decodeRecord(appendRecord(nil, &e, apps), apps)
	if err != nil {
		t.Fatal(err)
	}
	r.Record(t.Context(), replayed.Usage)

	hours := map[hourKey]*latency.Sketch{}
	for i := range r.shards {
		for k, s := range r.shards[i].lat {
			hours[k] = s
		}
	}
	ten, eleven := at.Truncate(time.Hour).Unix(), at.Truncate(time.Hour).Add(time.Hour).Unix()
	want := map[hourKey]int64{{1, 11, 7, ten}: 2, {1, 11, 7, eleven}: 1, {1, 12, 7, ten}: 1}
	if len(hours) != len(want) {
		t.Fatalf("%d hour sketches, want %d: %v", len(hours), len(want), hours)
	}
	for k, n := range want {
		if s := hours[k]; s == nil || s.Count() != n {
			t.Errorf("sketch %+v holds %v, want %d", k, s, n)
		}
	}
	lb := rollUpLatency(hours)
	day := time.Date(2026, 3, 18, 0, 0, 0, 0, time.UTC).Unix()
	if s := lb.apps[appLatencyKey{1, 11, 7, latencybucket.GranularityDAY, day}]; s == nil || s.Count() != 3 {
		t.Errorf("application a's day sketch: %v", s)
	}
	if s := lb.products[productLatencyKey{1, 7, latencybucket.GranularityDAY, day}]; s == nil || s.Count() != 4 {
		t.Errorf("the product's day sketch: %v", s)
	}
	if s := lb.products[productLatencyKey{1, 7, latencybucket.GranularityHOUR, ten}]; s == nil || s.Count() != 3 {
		t.Errorf("the product's 10:00 sketch: %v", s)
	}
	// Deriving leaves the hour sketches as they were (a failed flush
	// requeues them).
	if hours[hourKey{1, 11, 7, ten}].Count() != 2 {
		t.Error("rollUpLatency changed an hour sketch")
	}
}
