package decision

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/portico-apim/portico/server/counter"
)

type seenDecision struct {
	endpoint string
	outcome  Outcome
	reason   Code
}

type recordingObserver struct {
	mu   sync.Mutex
	seen []seenDecision
}

func (o *recordingObserver) Decision(endpoint string, outcome Outcome, reason Code) {
	o.mu.Lock()
	o.seen = append(o.seen, seenDecision{endpoint, outcome, reason})
	o.mu.Unlock()
}

// TestObserverSeesEveryOutcome checks that each kind of ending reaches the
// observer once, with its endpoint and the protocol's error code.
func TestObserverSeesEveryOutcome(t *testing.T) {
	now := time.Date(2026, 5, 15, 12, 0, 0, 0, time.UTC)
	data := Data{
		Services: []Service{{ID: "7", ProviderKey: "pk", AuthMode: AuthAppID, State: "active",
			Metrics: []Metric{{ID: "1", Name: "hits"}},
			Plans:   []Plan{{ID: "basic", Name: "Basic", Limits: []UsageLimit{{MetricID: "1", Period: counter.Day, Max: 1}}}},
		}},
		Applications: []Application{
			{ServiceID: "7", ID: "a1", PlanID: "basic", State: "active"},
			{ServiceID: "7", ID: "a2", PlanID: "basic", State: "suspended"},
		},
	}
	snap, err := NewSnapshot(data)
	if err != nil {
		t.Fatal(err)
	}
	obs := &recordingObserver{}
	h, err := New(Config{Snapshots: NewHolder(snap), Counters: newStore(t, memoryStore, func() time.Time { return now }),
		Now: func() time.Time { return now }, Observer: obs})
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	h.Routes(mux)
	srv := httptest.NewServer(mux)
	defer srv.Close()

	get := func(path string) int {
		t.Helper()
		resp, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	report := func(form url.Values) int {
		t.Helper()
		resp, err := http.Post(srv.URL+"/transactions.xml", "application/x-www-form-urlencoded", strings.NewReader(form.Encode()))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	steps := []struct {
		do     func() int
		status int
		want   seenDecision
	}{
		{func() int {
			return get("/transactions/authrep.xml?provider_key=pk&service_id=7&app_id=a1&usage%5Bhits%5D=1")
		}, 200,
			seenDecision{EndpointAuthRep, OutcomeAuthorized, ""}},
		{func() int {
			return get("/transactions/authorize.xml?provider_key=pk&service_id=7&app_id=a1&usage%5Bhits%5D=1")
		}, 409,
			seenDecision{EndpointAuthorize, OutcomeLimited, CodeLimitsExceeded}},
		{func() int { return get("/transactions/authorize.xml?provider_key=pk&service_id=7&app_id=a2") }, 409,
			seenDecision{EndpointAuthorize, OutcomeDenied, CodeApplicationNotActive}},
		{func() int { return get("/transactions/authrep.xml?provider_key=nope&service_id=7&app_id=a1") }, 403,
			seenDecision{EndpointAuthRep, OutcomeRejected, CodeProviderKeyInvalid}},
		{func() int {
			return report(url.Values{"provider_key": {"pk"}, "service_id": {"7"}, "transactions[0][app_id]": {"a1"}, "transactions[0][usage][hits]": {"2"}})
		}, 202, seenDecision{EndpointReport, OutcomeAccepted, ""}},
		{func() int {
			return report(url.Values{"provider_key": {"pk"}, "service_id": {"7"}, "transactions[0][app_id]": {"zz"}, "transactions[0][usage][hits]": {"2"}})
		}, 202, seenDecision{EndpointReport, OutcomeRejected, CodeApplicationNotFound}},
	}
	for i, s := range steps {
		if got := s.do(); got != s.status {
			t.Fatalf("step %d: status %d, want %d", i, got, s.status)
		}
		obs.mu.Lock()
		n := len(obs.seen)
		var last seenDecision
		if n > 0 {
			last = obs.seen[n-1]
		}
		obs.mu.Unlock()
		if n != i+1 || last != s.want {
			t.Fatalf("step %d: observer saw %d decisions, the last %+v; want %d, the last %+v", i, n, last, i+1, s.want)
		}
	}
}
