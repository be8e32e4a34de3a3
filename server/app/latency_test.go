package app_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/portico-apim/portico/schema/viewer"
	"github.com/portico-apim/portico/server/apptest"
	"github.com/portico-apim/portico/server/config"
	"github.com/portico-apim/portico/server/latency"
)

type latencyPoint struct {
	Start         time.Time
	Count         int
	P50, P95, P99 *float64
}

type latencyResult struct {
	Granularity, TimeZone string
	Since, Until          time.Time
	Count                 int
	P50, P95, P99         *float64
	Points                []latencyPoint
}

// timed is one response time sent and the time of its call.
type timed struct {
	at time.Time
	ms float64
}

// exactPercentiles checks percentiles against the exact ones of values
// (rank q·(n−1) in sorted order) within the sketch's accuracy.
func exactPercentiles(t *testing.T, what string, count int, p50, p95, p99 *float64, values []float64) {
	t.Helper()
	if count != len(values) {
		t.Errorf("%s: count %d, want %d", what, count, len(values))
		return
	}
	if len(values) == 0 {
		if p50 != nil || p95 != nil || p99 != nil {
			t.Errorf("%s: percentiles %v %v %v without response times", what, p50, p95, p99)
		}
		return
	}
	sorted := slices.Clone(values)
	slices.Sort(sorted)
	for _, c := range []struct {
		name string
		q    float64
		got  *float64
	}{{"p50", 0.5, p50}, {"p95", 0.95, p95}, {"p99", 0.99, p99}} {
		want := sorted[int(c.q*float64(len(sorted)-1))]
		if c.got == nil || math.Abs(*c.got-want) > latency.RelativeAccuracy*want+0.001 {
			t.Errorf("%s: %s = %v, exact %v (±%v %%)", what, c.name, c.got, want, latency.RelativeAccuracy*100)
		}
	}
}

// latencyModes are the storages the latency test runs on: the embedded
// SQLite always, PostgreSQL when its URL is set.
func latencyModes() []struct {
	name string
	cfg  func(t *testing.T) config.Config
} {
	modes := []struct {
		name string
		cfg  func(t *testing.T) config.Config
	}{{"sqlite", func(t *testing.T) config.Config {
		c := apptest.Config(t)
		c.DatabaseURL = ""
		return c
	}}}
	if os.Getenv("PORTICO_TEST_DATABASE_URL") != "" {
		modes = append(modes, struct {
			name string
			cfg  func(t *testing.T) config.Config
		}{"postgres", func(t *testing.T) config.Config { return apptest.Config(t) }})
	}
	return modes
}

// TestLatencyOfRealTraffic sends response times through the Service
// Management API (authrep now, report transactions backdated into earlier
// hours, two applications) and reads them back as percentiles within the
// sketch's accuracy of the exact ones: per hour, per day in UTC (from the
// day sketches) and in a zone whose days are not UTC days (hour sketches
// merged when read), for an application and its product. Calls without a
// response time, or with a bad one, count as traffic and leave latency
// alone.
func TestLatencyOfRealTraffic(t *testing.T) {
	for _, mode := range latencyModes() {
		t.Run(mode.name, func(t *testing.T) {
			in := apptest.StartWith(t, mode.cfg(t))
			p := provision(t, in, 1_000_000)
			var acc struct{ CreateAccount struct{ ID string } }
			in.MustGraphQL(t, in.Admin, `mutation { createAccount(input: {orgName: "Second Co"}) { id } }`, nil, &acc)
			var app2 struct{ CreateApplication struct{ ID, UserKey string } }
			in.MustGraphQL(t, in.Admin, `mutation($a: ID!, $p: ID!, $pl: ID!) { createApplication(input: {name: "second", accountID: $a, productID: $p, planID: $pl}) { id userKey } }`,
				map[string]any{"a": acc.CreateAccount.ID, "p": p.productID, "pl": p.planID}, &app2)

			auth := url.Values{"service_token": {p.serviceToken}, "service_id": {p.productID}}
			form := func(kv ...string) url.Values {
				v := url.Values{}
				for k, x := range auth {
					v[k] = x
				}
				for i := 0; i+1 < len(kv); i += 2 {
					v.Set(kv[i], kv[i+1])
				}
				return v
			}
			eventually(t, "the application reaches the decision plane", p.answers(t, in.URL, "authorize", 1, http.StatusOK, ""))

			rng := rand.New(rand.NewPCG(7, 13))
			value := func() float64 { // long-tailed, to the microsecond
				return math.Round(math.Exp(rng.NormFloat64()+4)*1000) / 1000
			}
			now := time.Now().UTC()
			var sent1, sent2 []timed
			hits := 0
			// Application 1: 40 authreps now with a response time (some with a
			// response code too), and 6 without one or with a bad one.
			for i := range 40 {
				v := value()
				q := form("user_key", p.userKey, "usage[hits]", "1", "log[response_time]", strconv.FormatFloat(v, 'f', -1, 64))
				if i%3 == 0 {
					q.Set("log[code]", "200")
				}
				smCall(t, in, http.MethodGet, "/transactions/authrep.xml", q, http.StatusOK)
				sent1 = append(sent1, timed{now, v})
				hits++
			}
			for _, bad := range []string{"", "-12", "fast", "1e3", "7200000", "12ms"} {
				q := form("user_key", p.userKey, "usage[hits]", "1")
				if bad != "" {
					q.Set("log[response_time]", bad)
				}
				smCall(t, in, http.MethodGet, "/transactions/authrep.xml", q, http.StatusOK)
				hits++
			}
			// Reports backdated by 2, 5 and 20 hours: 60 transactions each,
			// alternating between the applications, every tenth without a
			// response time and every seventh with a bad one.
			for _, ago := range []time.Duration{2 * time.Hour, 5 * time.Hour, 20 * time.Hour} {
				at := now.Add(-ago)
				v := form()
				for i := range 60 {
					key, list := p.userKey, &sent1
					if i%2 == 1 {
						key, list = app2.CreateApplication.UserKey, &sent2
					}
					tx := fmt.Sprintf("transactions[%d]", i)
					v.Set(tx+"[user_key]", key)
					v.Set(tx+"[usage][hits]", "1")
					v.Set(tx+"[timestamp]", at.Format("2006-01-02 15:04:05"))
					hits++
					switch {
					case i%10 == 0:
					case i%7 == 0:
						v.Set(tx+"[log][response_time]", "-"+strconv.Itoa(i))
					default:
						ms := value()
						v.Set(tx+"[log][response_time]", strconv.FormatFloat(ms, 'f', -1, 64))
						*list = append(*list, timed{at, ms})
					}
				}
				smCall(t, in, http.MethodPost, "/transactions.xml", v, http.StatusAccepted)
			}
			all := append(slices.Clone(sent1), sent2...)

			series := func(token, subject, id, rng string) (latencyResult, []apptest.GQLError) {
				q := fmt.Sprintf(`query($id: ID!) { latencySeries(%s: $id, range: %s) {
					granularity timeZone since until count p50 p95 p99 points { start count p50 p95 p99 } } }`, subject, rng)
				r := in.GraphQL(t, token, q, map[string]any{"id": id})
				var d struct{ LatencySeries latencyResult }
				if len(r.Errors) == 0 {
					if err := json.Unmarshal(r.Data, &d); err != nil {
						t.Fatal(err)
					}
				}
				return d.LatencySeries, r.Errors
			}
			eventually(t, "the response times are flushed", func() error {
				s, errs := series(in.Admin, "productID", p.productID, `{period: DAY}`)
				if errs != nil {
					return fmt.Errorf("%v", errs)
				}
				if s.Count != len(all) {
					return fmt.Errorf("product count %d, want %d", s.Count, len(all))
				}
				return nil
			})
			var usage struct{ UsageSeries struct{ Total int } }
			in.MustGraphQL(t, in.Admin, `query($p: ID!) { usageSeries(productID: $p, metric: "hits", range: {period: DAY}) { total } }`,
				map[string]any{"p": p.productID}, &usage)
			if usage.UsageSeries.Total != hits {
				t.Errorf("hits %d, want %d: calls without a (valid) response time count as traffic", usage.UsageSeries.Total, hits)
			}

			// Each point holds the response times of its hours; the whole
			// range holds them all.
			group := func(list []timed, start func(time.Time) time.Time) map[time.Time][]float64 {
				out := map[time.Time][]float64{}
				for _, x := range list {
					k := start(x.at)
					out[k] = append(out[k], x.ms)
				}
				return out
			}
			madrid, err := time.LoadLocation("Europe/Madrid")
			if err != nil {
				t.Fatal(err)
			}
			hour := func(at time.Time) time.Time { return at.Truncate(time.Hour) }
			utcDay := func(at time.Time) time.Time { return time.Date(at.Year(), at.Month(), at.Day(), 0, 0, 0, 0, time.UTC) }
			madridDay := func(at time.Time) time.Time {
				l := at.In(madrid)
				return time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, madrid)
			}
			for _, c := range []struct {
				subject, id, rng string
				sent             []timed
				start            func(time.Time) time.Time
			}{
				{"applicationID", p.appID, `{period: DAY}`, sent1, hour},
				{"applicationID", app2.CreateApplication.ID, `{period: DAY}`, sent2, hour},
				{"productID", p.productID, `{period: DAY}`, all, hour},
				{"productID", p.productID, `{period: WEEK, granularity: DAY}`, all, utcDay},
				{"applicationID", p.appID, `{period: MONTH}`, sent1, utcDay},
				{"productID", p.productID, `{period: MONTH, timeZone: "Europe/Madrid"}`, all, madridDay},
				{"applicationID", p.appID, `{period: WEEK, granularity: DAY, timeZone: "Madrid"}`, sent1, madridDay},
			} {
				what := c.subject + " " + c.rng
				s, errs := series(in.Admin, c.subject, c.id, c.rng)
				if errs != nil {
					t.Errorf("%s: %v", what, errs)
					continue
				}
				values := make([]float64, len(c.sent))
				for i, x := range c.sent {
					values[i] = x.ms
				}
				exactPercentiles(t, what+" total", s.Count, s.P50, s.P95, s.P99, values)
				groups := group(c.sent, c.start)
				seen := 0
				for _, pt := range s.Points {
					vs := groups[pt.Start.UTC()]
					for k, g := range groups {
						if k.Equal(pt.Start) {
							vs = g
						}
					}
					seen += len(vs)
					exactPercentiles(t, what+" at "+pt.Start.Format(time.RFC3339), pt.Count, pt.P50, pt.P95, pt.P99, vs)
				}
				if seen != len(values) {
					t.Errorf("%s: the points hold %d response times, %d were sent", what, seen, len(values))
				}
			}

			// Bad ranges are refused precisely; a stats token may ask.
			var tok struct{ CreateAccessToken struct{ Value string } }
			in.MustGraphQL(t, in.Admin, `mutation { createAccessToken(input: {name: "stats", scopes: [STATS], permission: RO}) { value } }`, nil, &tok)
			stats := tok.CreateAccessToken.Value
			if s, errs := series(stats, "productID", p.productID, `{period: DAY}`); errs != nil || s.Count != len(all) {
				t.Errorf("stats token: count %d, %v", s.Count, errs)
			}
			if s, errs := series(stats, "applicationID", p.appID, `{period: HOUR}`); errs != nil || s.Granularity != "HOUR" || len(s.Points) == 0 {
				t.Errorf("the last hour: %+v, %v", s, errs)
			}
			for _, tc := range []struct{ rng, code, field string }{
				{`{period: DAY, granularity: MINUTE}`, "UNSUPPORTED_GRANULARITY", "range.granularity"},
				{`{period: ETERNITY}`, "UNSUPPORTED_GRANULARITY", "range.granularity"},
				{`{granularity: HOUR, since: "2020-01-01T00:00:00Z", until: "2020-06-01T00:00:00Z"}`, "RANGE_TOO_LONG", "range.granularity"},
				{`{granularity: DAY, since: "2020-06-01T00:00:00Z", until: "2020-01-01T00:00:00Z"}`, "SINCE_AFTER_UNTIL", "range.since"},
				{`{period: DAY, timeZone: "Mars/Olympus"}`, "UNKNOWN_TIME_ZONE", "range.timeZone"},
			} {
				_, errs := series(stats, "productID", p.productID, tc.rng)
				if len(errs) != 1 || errs[0].Code() != tc.code || errs[0].Field() != tc.field {
					t.Errorf("%s: errors %+v, want %s on %s", tc.rng, errs, tc.code, tc.field)
				}
			}
			r := in.GraphQL(t, in.Admin, `query($p: ID!, $a: ID!) { latencySeries(productID: $p, applicationID: $a, range: {period: DAY}) { count } }`,
				map[string]any{"p": p.productID, "a": p.appID})
			if len(r.Errors) != 1 || r.Errors[0].Code() != "VALIDATION" {
				t.Errorf("two subjects: %+v", r.Errors)
			}

			// Another tenant reads none of it: not through GraphQL, not
			// through its own queries of the tables.
			other := in.NewTenant(t, "latency-b.example.com")
			for _, c := range []struct{ subject, id string }{{"productID", p.productID}, {"applicationID", p.appID}} {
				_, errs := series(other, c.subject, c.id, `{period: DAY}`)
				if len(errs) != 1 || errs[0].Code() != "NOT_FOUND" {
					t.Errorf("tenant B's latencySeries(%s: A's): %+v", c.subject, errs)
				}
			}
			var tenantB struct {
				Viewer struct{ Tenant struct{ ID string } }
			}
			in.MustGraphQL(t, other, `{ viewer { tenant { id } } }`, nil, &tenantB)
			bID, err := strconv.Atoi(tenantB.Viewer.Tenant.ID)
			if err != nil {
				t.Fatalf("tenant id %q: %v", tenantB.Viewer.Tenant.ID, err)
			}
			asB := viewer.TenantSystemContext(context.Background(), bID)
			sys := apptest.SystemContext()
			c := in.Client()
			if n := c.LatencyBucket.Query().CountX(sys); n == 0 {
				t.Fatal("no latency buckets stored")
			}
			if n := c.ProductLatencyBucket.Query().CountX(sys); n == 0 {
				t.Fatal("no product latency buckets stored")
			}
			if n, m := c.LatencyBucket.Query().CountX(asB), c.ProductLatencyBucket.Query().CountX(asB); n != 0 || m != 0 {
				t.Errorf("tenant B reads %d of A's latency buckets and %d product latency buckets", n, m)
			}
		})
	}
}
