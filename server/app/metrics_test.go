package app_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"github.com/portico-apim/portico/server/apptest"
)

// scrape reads /metrics and parses it.
func scrape(t *testing.T, base string) map[string]*dto.MetricFamily {
	t.Helper()
	resp, err := http.Get(base + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /metrics: %d", resp.StatusCode)
	}
	p := expfmt.NewTextParser(model.UTF8Validation)
	fams, err := p.TextToMetricFamilies(resp.Body)
	if err != nil {
		t.Fatalf("parse /metrics: %v", err)
	}
	return fams
}

// value is the sum of a family's samples whose labels include want.
func value(f *dto.MetricFamily, want map[string]string) (float64, int) {
	if f == nil {
		return 0, 0
	}
	sum, n := 0.0, 0
next:
	for _, m := range f.Metric {
		labels := map[string]string{}
		for _, l := range m.Label {
			labels[l.GetName()] = l.GetValue()
		}
		for k, v := range want {
			if labels[k] != v {
				continue next
			}
		}
		n++
		switch {
		case m.Counter != nil:
			sum += m.Counter.GetValue()
		case m.Gauge != nil:
			sum += m.Gauge.GetValue()
		case m.Histogram != nil:
			sum += float64(m.Histogram.GetSampleCount())
		}
	}
	return sum, n
}

// TestMetricsAfterTraffic sends authrep, authorize, report and GraphQL
// traffic, waits for background jobs, and finds each family with the right
// labels and counts; no label value is an id, a key or a raw path.
func TestMetricsAfterTraffic(t *testing.T) {
	in := apptest.Start(t)
	p := provision(t, in, 3)
	for range 4 { // 3 authorized, then limited
		p.call(t, in.URL, "authrep", 1)
	}
	p.call(t, in.URL, "authorize", 0)
	bad := provisioned{productID: p.productID, serviceToken: p.serviceToken, userKey: "nobody-has-this-key"}
	bad.call(t, in.URL, "authrep", 1)
	form := url.Values{"service_token": {p.serviceToken}, "service_id": {p.productID},
		"transactions[0][user_key]": {p.userKey}, "transactions[0][usage][hits]": {"1"}}
	resp, err := http.PostForm(in.URL+"/transactions.xml", form)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	in.MustGraphQL(t, in.Admin, `query ProductNames { products(first: 5) { edges { node { name } } } }`, nil, nil)
	in.MustGraphQL(t, in.Admin, `mutation RenameAccount { createAccount(input: {orgName: "Metrics Inc"}) { id } }`, nil, nil)

	var fams map[string]*dto.MetricFamily
	deadline := time.Now().Add(propagation)
	for {
		fams = scrape(t, in.URL)
		if v, _ := value(fams["portico_jobs_total"], map[string]string{"job": "usage_rollup_flush", "outcome": "ok"}); v > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("no usage rollup flush was counted")
		}
		time.Sleep(100 * time.Millisecond)
	}

	checks := []struct {
		family string
		labels map[string]string
		want   float64 // exact; -1: at least one
	}{
		{"portico_decisions_total", map[string]string{"endpoint": "authrep", "outcome": "authorized", "reason": ""}, 3},
		{"portico_decisions_total", map[string]string{"endpoint": "authrep", "outcome": "limited", "reason": "limits_exceeded"}, 1},
		{"portico_decisions_total", map[string]string{"endpoint": "authorize", "outcome": "authorized", "reason": ""}, 1},
		{"portico_decisions_total", map[string]string{"endpoint": "authrep", "outcome": "rejected", "reason": "user_key_invalid"}, 1},
		{"portico_decisions_total", map[string]string{"endpoint": "report", "outcome": "accepted", "reason": ""}, 1},
		{"portico_graphql_operations_total", map[string]string{"operation": "ProductNames", "type": "query", "errors": "false"}, 1},
		{"portico_graphql_operations_total", map[string]string{"operation": "RenameAccount", "type": "mutation", "errors": "false"}, 1},
		{"portico_graphql_operation_duration_seconds", map[string]string{"operation": "ProductNames"}, 1},
		{"portico_http_requests_total", map[string]string{"route": "/graphql", "method": "POST", "code": "200"}, -1},
		{"portico_http_request_duration_seconds", map[string]string{"route": "/graphql", "method": "POST"}, -1},
		{"portico_jobs_total", map[string]string{"job": "usage_rollup_flush", "outcome": "ok"}, -1},
		{"portico_job_duration_seconds", map[string]string{"job": "usage_rollup_flush"}, -1},
		{"portico_jobs_total", map[string]string{"job": "snapshot_reload", "outcome": "ok"}, -1},
		{"portico_usage_journal_records_total", nil, -1},
		{"portico_usage_journal_lag_segments", nil, -1},
		{"portico_email_outbox_queued", nil, -1},
		{"portico_build_info", nil, 1},
		{"go_sql_open_connections", map[string]string{"db_name": "portico"}, -1},
		{"go_goroutines", nil, -1},
	}
	for _, c := range checks {
		f := fams[c.family]
		if f == nil {
			t.Errorf("no %s family", c.family)
			continue
		}
		v, n := value(f, c.labels)
		switch {
		case n == 0:
			t.Errorf("%s has no sample labelled %v", c.family, c.labels)
		case c.want >= 0 && v != c.want:
			t.Errorf("%s%v = %v, want %v", c.family, c.labels, v, c.want)
		case c.want < 0 && v <= 0 && c.family != "portico_usage_journal_lag_segments" && c.family != "portico_email_outbox_queued":
			t.Errorf("%s%v = %v, want some", c.family, c.labels, v)
		}
	}
	if os.Getenv("PORTICO_TEST_REDIS_URL") != "" {
		if _, n := value(fams["portico_counter_store_round_trip_seconds"], nil); n == 0 {
			t.Error("with Redis, no counter store round trips were timed")
		}
		if _, n := value(fams["portico_redis_pool_connections"], nil); n == 0 {
			t.Error("with Redis, no pool statistics")
		}
	}

	// Bounded labels: no value looks like an id, a key or a path with one.
	unbounded := regexp.MustCompile(`[0-9]{6,}|` + regexp.QuoteMeta(p.userKey) + `|` + regexp.QuoteMeta(p.serviceToken))
	for name, f := range fams {
		for _, m := range f.Metric {
			for _, l := range m.Label {
				if unbounded.MatchString(l.GetValue()) || strings.Contains(l.GetValue(), "?") {
					t.Errorf("%s carries an unbounded label %s=%q", name, l.GetName(), l.GetValue())
				}
			}
		}
	}
	t.Logf("scraped %d metric families", len(fams))
	checkDashboard(t, fams)
}

// checkDashboard reads the Grafana dashboard committed beside the chart and
// fails on any series it queries that the server does not export (Redis
// series only when the counters live in Redis).
func checkDashboard(t *testing.T, fams map[string]*dto.MetricFamily) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "deploy", "grafana", "portico.json"))
	if err != nil {
		t.Fatal(err)
	}
	var dash struct {
		Panels []struct {
			Title   string `json:"title"`
			Targets []struct {
				Expr string `json:"expr"`
			} `json:"targets"`
		} `json:"panels"`
	}
	if err := json.Unmarshal(b, &dash); err != nil {
		t.Fatalf("dashboard: %v", err)
	}
	series := regexp.MustCompile(`\b(?:portico|go|process)_[a-z_]+\b`)
	redis := os.Getenv("PORTICO_TEST_REDIS_URL") != ""
	queried := 0
	for _, p := range dash.Panels {
		for _, tg := range p.Targets {
			for _, name := range series.FindAllString(tg.Expr, -1) {
				queried++
				if !redis && (strings.HasPrefix(name, "portico_redis_") || strings.HasPrefix(name, "portico_counter_store_")) {
					continue
				}
				family := name
				for _, suffix := range []string{"_bucket", "_sum", "_count"} {
					if base, ok := strings.CutSuffix(name, suffix); ok && fams[base] != nil &&
						(fams[base].GetType() == dto.MetricType_HISTOGRAM || fams[base].GetType() == dto.MetricType_SUMMARY) {
						family = base
					}
				}
				if fams[family] == nil {
					t.Errorf("dashboard panel %q queries %s, which /metrics does not export", p.Title, name)
				}
			}
		}
	}
	if queried < 20 {
		t.Errorf("the dashboard queries only %d series", queried)
	}
}
