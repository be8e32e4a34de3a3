package decision

import (
	"net/http"
	"testing"
)

// TestAuthRepRecordsUnlimitedUsage: usage of metrics that no plan limits is
// not counted, but an authorized authrep still hands it to the usage sink.
func TestAuthRepRecordsUnlimitedUsage(t *testing.T) {
	for _, kind := range storeKinds() {
		t.Run(string(kind), func(t *testing.T) {
			e := newEnv(t, kind)
			if err := e.snaps.UpsertService(Service{ID: "3001", ProviderKey: "pk3", AuthMode: AuthAppID,
				Metrics: []Metric{{ID: "31", Name: "hits"}, {ID: "32", Name: "search", ParentID: "31"}},
				Plans:   []Plan{{ID: "p31", Name: "Open"}}}); err != nil {
				t.Fatal(err)
			}
			if err := e.snaps.UpsertApplication(Application{ServiceID: "3001", ID: "open1", PlanID: "p31", State: "active"}); err != nil {
				t.Fatal(err)
			}
			r := e.get("/transactions/authrep.xml?provider_key=pk3&app_id=open1&usage[search]=2", nil)
			if r.status != http.StatusOK {
				t.Fatalf("status %d: %s", r.status, r.body)
			}
			recs := e.usage.all()
			if len(recs) != 1 {
				t.Fatalf("usage records = %d, want 1", len(recs))
			}
			got := map[string]int64{}
			for _, m := range recs[0].Metrics {
				got[m.MetricName] = m.Value
			}
			if got["search"] != 2 || got["hits"] != 2 || len(got) != 2 {
				t.Fatalf("recorded metrics = %v, want search and hits at 2", got)
			}
			// authorize never records.
			e.get("/transactions/authorize.xml?provider_key=pk3&app_id=open1&usage[search]=2", nil)
			if n := len(e.usage.all()); n != 1 {
				t.Fatalf("usage records after authorize = %d, want 1", n)
			}
		})
	}
}
