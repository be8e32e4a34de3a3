package decision

import (
	"strings"
	"sync"
	"testing"

	"github.com/portico-apim/portico/server/counter"
)

func TestSnapshotLookups(t *testing.T) {
	snap, err := NewSnapshot(fixtureData())
	if err != nil {
		t.Fatal(err)
	}
	if got := snap.defaultService("pk1"); got != "1001" {
		t.Fatalf("default service of pk1 = %q", got)
	}
	if got := snap.defaultService("pk2"); got != "2001" {
		t.Fatalf("default service of pk2 = %q (lowest id)", got)
	}
	if snap.defaultService("bogus") != "" {
		t.Fatal("unknown provider has a default service")
	}
	if !snap.hasToken("tok1", "1001") || snap.hasToken("tok1", "1002") {
		t.Fatal("service token lookup")
	}
	if a := snap.applicationByUserKey("1002", "uk1"); a == nil || a.ID != "u1" {
		t.Fatal("user key lookup")
	}
	svc := snap.service("1001")
	pl := svc.plans["p1"]
	var order []string
	for _, l := range pl.limits {
		order = append(order, svc.metrics[l.metric].name+"/"+l.period.String())
	}
	if got := strings.Join(order, " "); got != "hits/month hits/week hits/day search/minute disabled/day" {
		t.Fatalf("limit order %s", got)
	}
	if got := svc.metrics[svc.byName["hits"]].childNames; got != "search update" {
		t.Fatalf("children of hits = %q", got)
	}
}

func TestSnapshotRejectsMalformedData(t *testing.T) {
	tests := []struct {
		name string
		data Data
		want string
	}{
		{"empty service id", Data{Services: []Service{{ProviderKey: "pk"}}}, "service id"},
		{"metric cycle", Data{Services: []Service{{ID: "1", ProviderKey: "pk", Metrics: []Metric{
			{ID: "1", Name: "a", ParentID: "2"}, {ID: "2", Name: "b", ParentID: "1"}}}}}, "cyclic"},
		{"duplicate metric name", Data{Services: []Service{{ID: "1", ProviderKey: "pk", Metrics: []Metric{
			{ID: "1", Name: "a"}, {ID: "2", Name: "a"}}}}}, "duplicate metric name"},
		{"metric id with a space", Data{Services: []Service{{ID: "1", ProviderKey: "pk", Metrics: []Metric{{ID: "1 2", Name: "a"}}}}}, "without spaces"},
		{"negative limit", Data{Services: []Service{{ID: "1", ProviderKey: "pk", Metrics: []Metric{{ID: "1", Name: "a"}},
			Plans: []Plan{{ID: "p", Limits: []UsageLimit{{MetricID: "1", Period: counter.Day, Max: -1}}}}}}}, "invalid limit"},
		{"application without id", Data{Applications: []Application{{ServiceID: "1"}}}, "ids must not be empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := NewSnapshot(tt.data)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v, want one containing %q", err, tt.want)
			}
		})
	}
}

func TestHolderIncrementalUpdates(t *testing.T) {
	snap, err := NewSnapshot(fixtureData())
	if err != nil {
		t.Fatal(err)
	}
	h := NewHolder(snap)
	before := h.Load()

	// Change an application's user key: the old key stops working.
	if err := h.UpsertApplication(Application{ServiceID: "1002", ID: "u1", PlanID: "p1", State: "active", UserKey: "uk2"}); err != nil {
		t.Fatal(err)
	}
	now := h.Load()
	if now.applicationByUserKey("1002", "uk1") != nil || now.applicationByUserKey("1002", "uk2") == nil {
		t.Fatal("user key change not applied")
	}
	if before.applicationByUserKey("1002", "uk1") == nil {
		t.Fatal("the previous snapshot changed")
	}

	// Suspend, then remove an application.
	if err := h.UpsertApplication(Application{ServiceID: "1001", ID: "app1", PlanID: "p1", State: "suspended"}); err != nil {
		t.Fatal(err)
	}
	if a, _ := h.Load().Application("1001", "app1"); a.State != "suspended" {
		t.Fatal("state change not applied")
	}
	h.RemoveApplication("1001", "app1")
	if _, ok := h.Load().Application("1001", "app1"); ok {
		t.Fatal("application not removed")
	}

	// Move a service to another provider, and back to a chosen default.
	svc, _ := h.Load().Service("1002")
	svc.ProviderKey = "pk3"
	if err := h.UpsertService(svc); err != nil {
		t.Fatal(err)
	}
	if got := h.Load().defaultService("pk3"); got != "1002" {
		t.Fatalf("pk3 default = %q", got)
	}
	h.SetDefaultService("pk1", "1003")
	if got := h.Load().defaultService("pk1"); got != "1003" {
		t.Fatalf("pk1 default = %q", got)
	}

	// Metrics and plans.
	if err := h.UpsertMetric("1001", Metric{ID: "5", Name: "delete", ParentID: "1"}); err != nil {
		t.Fatal(err)
	}
	if got := h.Load().service("1001"); got.metrics[got.byName["hits"]].childNames != "search update delete" {
		t.Fatalf("children after adding a metric: %q", got.metrics[got.byName["hits"]].childNames)
	}
	if err := h.UpsertPlan("1001", Plan{ID: "p2", Name: "Free", Limits: []UsageLimit{{MetricID: "5", Period: counter.Hour, Max: 3}}}); err != nil {
		t.Fatal(err)
	}
	if pl := h.Load().service("1001").plans["p2"]; len(pl.limits) != 1 || pl.store[0].Metric != "5" {
		t.Fatal("plan change not applied")
	}
	if err := h.Update(func(tx *Txn) error { return tx.RemoveMetric("1001", "5") }); err != nil {
		t.Fatal(err)
	}
	if pl := h.Load().service("1001").plans["p2"]; len(pl.limits) != 0 {
		t.Fatal("limits of a removed metric still apply")
	}

	// Tokens and whole services.
	h.RemoveServiceToken(ServiceToken{Token: "tok1", ServiceID: "1001"})
	if h.Load().hasToken("tok1", "1001") {
		t.Fatal("token not removed")
	}
	h.RemoveService("1001")
	s := h.Load()
	if s.service("1001") != nil || s.application("1001", "app2") != nil {
		t.Fatal("service or its applications not removed")
	}
	if err := h.UpsertPlan("1001", Plan{ID: "x"}); err == nil {
		t.Fatal("plan of a missing service accepted")
	}
}

// TestHolderConcurrentReaders publishes updates while readers decide.
func TestHolderConcurrentReaders(t *testing.T) {
	snap, err := NewSnapshot(fixtureData())
	if err != nil {
		t.Fatal(err)
	}
	h := NewHolder(snap)
	var wg sync.WaitGroup
	stop := make(chan struct{})
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				s := h.Load()
				if s.application("1001", "app2") == nil {
					t.Error("app2 vanished")
					return
				}
			}
		}()
	}
	for i := range 500 {
		state := "active"
		if i%2 == 0 {
			state = "suspended"
		}
		if err := h.UpsertApplication(Application{ServiceID: "1001", ID: "app1", PlanID: "p1", State: state}); err != nil {
			t.Fatal(err)
		}
	}
	close(stop)
	wg.Wait()
}

// TestMetricAliases checks the plain names of backend metrics: a metric's
// name always wins over another's alias, and an alias two metrics share
// names neither of them.
func TestMetricAliases(t *testing.T) {
	snap, err := NewSnapshot(Data{Services: []Service{{ID: "1", ProviderKey: "pk", Metrics: []Metric{
		{ID: "10", Name: "hits"},
		{ID: "20", Name: "hits.7", Alias: "hits", ParentID: "10"},
		{ID: "21", Name: "upload.7", Alias: "upload", ParentID: "20"},
		{ID: "22", Name: "storage.7", Alias: "storage"},
		{ID: "30", Name: "storage.8", Alias: "storage"},
		{ID: "31", Name: "search.8", Alias: "search"},
	}}}})
	if err != nil {
		t.Fatal(err)
	}
	svc := snap.service("1")
	for name, want := range map[string]string{
		"hits": "10", "hits.7": "20", "upload": "21", "upload.7": "21",
		"storage.7": "22", "storage.8": "30", "search": "31", "storage": "",
	} {
		i, ok := svc.byName[name]
		got := ""
		if ok {
			got = svc.metrics[i].id
		}
		if got != want {
			t.Errorf("%q names metric %q, want %q", name, got, want)
		}
	}
	if got := svc.metrics[svc.byName["upload"]].ancestors; len(got) != 2 || svc.metrics[got[1]].id != "10" {
		t.Errorf("ancestors of upload.7: %v", got)
	}
}
