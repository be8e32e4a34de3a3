package decision

import (
	"testing"
	"time"

	"github.com/3scale/3scale-go-client/threescale"
	"github.com/3scale/3scale-go-client/threescale/api"
	threescalehttp "github.com/3scale/3scale-go-client/threescale/http"

	"github.com/portico-apim/portico/server/counter"
)

// TestGoClient drives the server with the unchanged 3scale Go client.
func TestGoClient(t *testing.T) {
	for _, kind := range storeKinds() {
		t.Run(string(kind), func(t *testing.T) {
			e := newEnv(t, kind)
			c, err := threescalehttp.NewClient(e.srv.URL, e.srv.Client())
			if err != nil {
				t.Fatal(err)
			}
			auth := api.ClientAuth{Type: api.ProviderKey, Value: "pk1"}
			req := func(app string, hits int, ext api.Extensions) threescale.Request {
				return threescale.Request{
					Auth: auth, Service: "1001", Extensions: ext,
					Transactions: []api.Transaction{{Params: api.Params{AppID: app}, Metrics: api.Metrics{"hits": hits}}},
				}
			}

			res, err := c.AuthRep(req("app2", 1, api.Extensions{api.LimitExtension: "1"}))
			if err != nil {
				t.Fatal(err)
			}
			if !res.Authorized || res.RateLimits == nil || res.RateLimits.LimitRemaining != 9 || res.RateLimits.LimitReset != 43170 {
				t.Fatalf("authrep: %+v rate limits %+v", res, res.RateLimits)
			}
			var day *api.UsageReport
			for i, r := range res.UsageReports["hits"] {
				if r.PeriodWindow.Period == api.Day {
					day = &res.UsageReports["hits"][i]
				}
			}
			if day == nil || day.CurrentValue != 1 || day.MaxValue != 10 ||
				day.PeriodWindow.Start != time.Date(2026, 3, 18, 0, 0, 0, 0, time.UTC).Unix() ||
				day.PeriodWindow.End != time.Date(2026, 3, 19, 0, 0, 0, 0, time.UTC).Unix() {
				t.Fatalf("hits/day report %+v in %+v", day, res.UsageReports)
			}
			if n := len(res.UsageReports["hits"]); n != 3 {
				t.Fatalf("hits reports = %d, want 3", n)
			}

			res, err = c.Authorize(req("app2", 20, api.Extensions{api.HierarchyExtension: "1", api.LimitExtension: "1"}))
			if err != nil {
				t.Fatal(err)
			}
			if res.Authorized || res.RejectionReason != "usage limits are exceeded" || res.RateLimits.LimitRemaining != 0 {
				t.Fatalf("authorize over the limit: %+v", res)
			}
			if got := res.Hierarchy["hits"]; len(got) != 2 {
				t.Fatalf("hierarchy %+v", res.Hierarchy)
			}

			res, err = c.Authorize(req("app2", 1, api.Extensions{"no_body": "1", threescalehttp.RejectionReasonHeaderExtension: "1"}))
			if err != nil || !res.Authorized {
				t.Fatalf("authorize no_body: %+v, %v", res, err)
			}
			res, err = c.Authorize(threescale.Request{Auth: auth, Service: "1001", Extensions: api.Extensions{"no_body": "1", threescalehttp.RejectionReasonHeaderExtension: "1"},
				Transactions: []api.Transaction{{Params: api.Params{AppID: "app1", AppKey: "bad"}}}})
			if err != nil || res.Authorized || res.ErrorCode != "application_key_invalid" {
				t.Fatalf("authorize denied no_body: %+v, %v", res, err)
			}

			res, err = c.Authorize(req("nope", 1, nil))
			if err != nil || res.Authorized || res.ErrorCode != "application_not_found" {
				t.Fatalf("unknown application: %+v, %v", res, err)
			}

			rep, err := c.Report(threescale.Request{
				Auth: api.ClientAuth{Type: api.ServiceToken, Value: "tok1"}, Service: "1001",
				Transactions: []api.Transaction{
					{Params: api.Params{AppID: "app2"}, Metrics: api.Metrics{"hits": 2}, Timestamp: testNow.Add(-time.Minute).Unix()},
					{Params: api.Params{AppID: "app4"}, Metrics: api.Metrics{"search": 1}},
				},
			})
			if err != nil || !rep.Accepted {
				t.Fatalf("report: %+v, %v", rep, err)
			}
			if got := e.counter("app2", "1", counter.Day); got != 3 {
				t.Fatalf("app2 hits/day = %d, want 3", got)
			}
			if got := e.counter("app4", "1", counter.Day); got != 1 {
				t.Fatalf("app4 hits/day = %d, want 1", got)
			}

			rep, err = c.Report(threescale.Request{Auth: api.ClientAuth{Type: api.ProviderKey, Value: "bogus"}, Service: "1001",
				Transactions: []api.Transaction{{Params: api.Params{AppID: "app2"}, Metrics: api.Metrics{"hits": 1}}}})
			if err != nil || rep.Accepted || rep.ErrorCode != "provider_key_invalid" {
				t.Fatalf("report with a bad key: %+v, %v", rep, err)
			}

			if v, err := c.GetVersion(); err != nil || v != "test" {
				t.Fatalf("version %q, %v", v, err)
			}
		})
	}
}
