package decision

import (
	"net/http"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/portico-apim/portico/server/counter"
)

// TestConcurrentAuthRepIsExact hammers one application over HTTP from 64
// goroutines: exactly the day limit is authorized, the rest is denied.
func TestConcurrentAuthRepIsExact(t *testing.T) {
	const limit = 300
	for _, kind := range storeKinds() {
		t.Run(string(kind), func(t *testing.T) {
			e := newEnv(t, kind)
			if err := e.snaps.UpsertPlan("1001", Plan{ID: "p9", Name: "Hammer", Limits: []UsageLimit{
				{MetricID: "1", Period: counter.Day, Max: limit}, {MetricID: "1", Period: counter.Month, Max: 1_000_000},
			}}); err != nil {
				t.Fatal(err)
			}
			if err := e.snaps.UpsertApplication(Application{ServiceID: "1001", ID: "hammer", PlanID: "p9", State: "active"}); err != nil {
				t.Fatal(err)
			}
			e.client.Transport.(*http.Transport).MaxIdleConnsPerHost = 64
			var ok, denied, other atomic.Int64
			var wg sync.WaitGroup
			for range 64 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for range 8 {
						r := e.get(pathAR+pk1+"&app_id=hammer&usage[hits]=1", map[string]string{"3scale-options": "no_body=1"})
						switch r.status {
						case http.StatusOK:
							ok.Add(1)
						case http.StatusConflict:
							denied.Add(1)
						default:
							other.Add(1)
						}
					}
				}()
			}
			wg.Wait()
			if ok.Load() != limit || denied.Load() != 64*8-limit || other.Load() != 0 {
				t.Fatalf("authorized %d, denied %d, other %d; want exactly %d authorized", ok.Load(), denied.Load(), other.Load(), limit)
			}
			if got := e.counter("hammer", "1", counter.Day); got != limit {
				t.Fatalf("day counter %d, want %d", got, limit)
			}
			if n := len(e.usage.all()); n != limit {
				t.Fatalf("usage records %d, want %d", n, limit)
			}
			if kind == leaseStore {
				st := e.store.(*counter.Redis).Stats().Leases
				t.Logf("%d decisions made in process under %d leases", st.Local, st.Granted)
				if st.Local == 0 {
					t.Fatal("no decision was made in process: the leases were not used")
				}
			}
		})
	}
}
