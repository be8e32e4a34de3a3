package compat_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/portico-apim/portico/ent"
	"github.com/portico-apim/portico/ent/accesstoken"
	"github.com/portico-apim/portico/ent/productusagebucket"
	"github.com/portico-apim/portico/ent/responsecodebucket"
	"github.com/portico-apim/portico/ent/usagebucket"
	"github.com/portico-apim/portico/schema/viewer"
	"github.com/portico-apim/portico/server/apptest"
)

// usageWriter writes usage buckets at every granularity, as the rollup
// does.
type usageWriter struct {
	usage map[[5]int64]int64 // app, product, metric, granularity index, start
	codes map[string]int64
}

var bucketGrans = []usagebucket.Granularity{usagebucket.GranularityMINUTE, usagebucket.GranularityHOUR, usagebucket.GranularityDAY, usagebucket.GranularityMONTH}

func bucketStart(t time.Time, g usagebucket.Granularity) time.Time {
	t = t.UTC()
	switch g {
	case usagebucket.GranularityMINUTE:
		return t.Truncate(time.Minute)
	case usagebucket.GranularityHOUR:
		return t.Truncate(time.Hour)
	case usagebucket.GranularityDAY:
		return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	}
	return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
}

func (w *usageWriter) add(app, product, metric int, at time.Time, v int64) {
	for i, g := range bucketGrans {
		w.usage[[5]int64{int64(app), int64(product), int64(metric), int64(i), bucketStart(at, g).Unix()}] += v
	}
}

func (w *usageWriter) code(app, product int, code string, at time.Time, v int64) {
	for i, g := range bucketGrans {
		for _, c := range []string{code, code[:1] + "XX"} {
			w.codes[fmt.Sprintf("%d|%d|%s|%d|%d", app, product, c, i, bucketStart(at, g).Unix())] += v
		}
	}
}

func (w *usageWriter) save(t *testing.T, c *ent.Client, tenantID int) {
	t.Helper()
	ctx := viewer.TenantSystemContext(apptest.SystemContext(), tenantID)
	// The product buckets hold the sums of the application buckets, as the rollup writes them.
	products := map[[4]int64]int64{}
	for k, v := range w.usage {
		if err := c.UsageBucket.Create().SetApplicationID(int(k[0])).SetProductID(int(k[1])).SetMetricID(int(k[2])).
			SetGranularity(bucketGrans[k[3]]).SetStart(time.Unix(k[4], 0).UTC()).SetValue(v).Exec(ctx); err != nil {
			t.Fatal(err)
		}
		products[[4]int64{k[1], k[2], k[3], k[4]}] += v
	}
	for k, v := range products {
		if err := c.ProductUsageBucket.Create().SetTenantID(tenantID).SetProductID(int(k[0])).SetMetricID(int(k[1])).
			SetGranularity(productusagebucket.Granularity(bucketGrans[k[2]])).SetStart(time.Unix(k[3], 0).UTC()).SetValue(v).Exec(ctx); err != nil {
			t.Fatal(err)
		}
	}
	for k, v := range w.codes {
		var app, product, gi int
		var code string
		var start int64
		parts := strings.Split(k, "|")
		app, _ = strconv.Atoi(parts[0])
		product, _ = strconv.Atoi(parts[1])
		code = parts[2]
		gi, _ = strconv.Atoi(parts[3])
		start, _ = strconv.ParseInt(parts[4], 10, 64)
		if err := c.ResponseCodeBucket.Create().SetApplicationID(app).SetProductID(product).SetCode(code).
			SetGranularity(responsecodebucket.Granularity(bucketGrans[gi])).SetStart(time.Unix(start, 0).UTC()).SetValue(v).Exec(ctx); err != nil {
			t.Fatal(err)
		}
	}
}

// goldenStats compares an Analytics API answer with testdata/rest/stats/,
// database ids replaced by their labels; times are kept, they are the
// point.
func goldenStats(t *testing.T, name string, body []byte, labels map[int]string) {
	t.Helper()
	label := func(n string) string {
		id, _ := strconv.Atoi(n)
		if l, ok := labels[id]; ok {
			return "{" + l + "}"
		}
		return "{id}"
	}
	s := string(body)
	switch {
	case strings.HasSuffix(name, ".json"):
		var buf bytes.Buffer
		if err := json.Indent(&buf, body, "", "  "); err != nil {
			t.Fatalf("%s: not JSON: %s", name, body)
		}
		s = idJSON.ReplaceAllStringFunc(buf.String(), func(m string) string {
			p := idJSON.FindStringSubmatch(m)
			return `"` + p[1] + `": "` + label(p[2]) + `"`
		})
		s = hrefID.ReplaceAllStringFunc(s, func(m string) string {
			p := hrefID.FindStringSubmatch(m)
			return "/" + label(p[1]) + p[2]
		})
	case strings.HasSuffix(name, ".xml"):
		s = idXML.ReplaceAllStringFunc(s, func(m string) string {
			p := idXML.FindStringSubmatch(m)
			return "<" + p[1] + ">" + label(p[2]) + "</"
		})
		s = strings.ReplaceAll(s, "><", ">\n<")
	}
	path := filepath.Join("testdata", "rest", "stats", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(s+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("golden file: %v (run with -update to create it)", err)
	}
	if strings.TrimSpace(string(want)) != strings.TrimSpace(s) {
		t.Errorf("%s differs from %s:\n%s", name, path, s)
	}
}

// TestAnalyticsAPIExamples answers the §2.15 examples (a day by hour in
// Madrid, 25 values; a month's top applications) in JSON, XML and CSV, from
// buckets of December 2009.
func TestAnalyticsAPIExamples(t *testing.T) {
	a := newRestAPI(t)
	f := a.build(t)
	stats := newToken(t, a.in, a.tenant.ID, accesstoken.PermissionRO, viewer.ScopeStats)
	// A second application on the plan, with less traffic.
	app2 := idOf(t, a.want(t, 201, "POST", fmt.Sprintf("/admin/api/accounts/%d/applications.json", f.account), url.Values{"plan_id": {itoa(f.plan)},
		"name": {"Backup tracker"}, "application_id": {"fleet-02"}}), "application")
	madrid := func(s string) time.Time {
		loc, _ := time.LoadLocation("Europe/Madrid")
		t0, err := time.ParseInLocation("2006-01-02 15:04", s, loc)
		if err != nil {
			t.Fatal(err)
		}
		return t0
	}
	w := &usageWriter{usage: map[[5]int64]int64{}, codes: map[string]int64{}}
	// The method counts into hits too, as the decision plane propagates it.
	for _, e := range []struct {
		app    int
		at     string
		hits   int64
		method int64
		code   string
	}{
		{f.app, "2009-12-03 12:10", 2, 0, "200"},
		{f.app, "2009-12-03 23:59", 1, 1, "404"},
		{f.app, "2009-12-04 12:40", 3, 2, "200"},
		{f.app, "2009-12-04 13:05", 50, 0, "500"}, // after the range
		{f.app, "2009-12-03 11:59", 40, 0, "200"}, // before the range: the previous period
		{app2, "2009-12-04 00:30", 4, 0, "201"},
		// Around the change to winter time on 25 October 2009 (02:30
		// twice, below): the first half hours of the 25th and the 26th.
		{app2, "2009-10-25 00:30", 1, 0, "200"},
		{app2, "2009-10-25 03:30", 8, 0, "200"}, // CET, 02:30 UTC
		{app2, "2009-10-26 00:30", 16, 0, "200"},
	} {
		at := madrid(e.at)
		w.add(e.app, f.product, f.hits, at, e.hits)
		if e.method > 0 {
			w.add(e.app, f.product, f.method, at, e.method)
		}
		w.add(e.app, f.product, f.backendMetric, at, e.hits)
		w.code(e.app, f.product, e.code, at, 1)
	}
	// 02:30 of summer time, then 02:30 of winter time, which a local
	// layout cannot tell apart.
	w.add(app2, f.product, f.hits, time.Date(2009, 10, 25, 0, 30, 0, 0, time.UTC), 2)
	w.add(app2, f.product, f.hits, time.Date(2009, 10, 25, 1, 30, 0, 0, time.UTC), 4)
	w.save(t, a.in.Client(), a.tenant.ID)

	labels := map[int]string{f.product: "service", f.hits: "hits", f.method: "method", f.backendMetric: "backend_metric", f.plan: "plan",
		f.account: "account", f.app: "application", app2: "application2", f.backend: "backend"}
	day := "period=day&since=2009-12-03+12:50:00&timezone=Europe/Madrid"
	for _, c := range []struct{ name, path string }{
		{"service_usage.json", fmt.Sprintf("/stats/services/%d/usage.json?metric_name=hits&skip_change=false&%s", f.product, day)},
		{"service_usage.xml", fmt.Sprintf("/stats/services/%d/usage.xml?metric_name=hits&skip_change=false&%s", f.product, day)},
		{"service_usage.csv", fmt.Sprintf("/stats/services/%d/usage.csv?metric_name=hits&%s", f.product, day)},
		{"service_usage_method.json", fmt.Sprintf("/stats/services/%d/usage.json?metric_name=%d&%s", f.product, f.method, day)},
		{"application_usage.json", fmt.Sprintf("/stats/applications/%d/usage.json?metric_name=hits&%s", f.app, day)},
		{"application_usage.xml", fmt.Sprintf("/stats/applications/%d/usage.xml?metric_name=hits&%s", f.app, day)},
		{"backend_usage.json", fmt.Sprintf("/stats/backend_apis/%d/usage.json?metric_name=hits&%s", f.backend, day)},
		{"service_usage_response_code.json", fmt.Sprintf("/stats/services/%d/usage_response_code.json?response_code=2XX&%s", f.product, day)},
		{"application_usage_response_code.xml", fmt.Sprintf("/stats/applications/%d/usage_response_code.xml?response_code=404&%s", f.app, day)},
		{"service_usage_month.json", fmt.Sprintf("/stats/services/%d/usage.json?metric_name=hits&granularity=day&since=2009-12-01&until=2009-12-05", f.product)},
		{"dst_hours.json", fmt.Sprintf("/stats/applications/%d/usage.json?metric_name=hits&granularity=hour&since=2009-10-25&until=2009-10-25+23:59:59&timezone=Madrid", app2)},
		{"dst_days.json", fmt.Sprintf("/stats/applications/%d/usage.json?metric_name=hits&granularity=day&since=2009-10-24&until=2009-10-26&timezone=Europe/Madrid", app2)},
		{"dst_days_utc.json", fmt.Sprintf("/stats/applications/%d/usage.json?metric_name=hits&granularity=day&since=2009-10-24&until=2009-10-26&timezone=UTC", app2)},
		{"top_applications.json", fmt.Sprintf("/stats/services/%d/top_applications.json?metric_name=hits&period=month&since=2009-12-10", f.product)},
		{"top_applications.xml", fmt.Sprintf("/stats/services/%d/top_applications.xml?metric_name=hits&period=month&since=2009-12-10", f.product)},
	} {
		ans := a.call(t, "GET", c.path, stats, "", nil)
		if ans.status != 200 {
			t.Fatalf("GET %s: %d %s", c.path, ans.status, ans.body)
		}
		wantType := map[string]string{".json": "application/json; charset=utf-8", ".xml": "application/xml; charset=utf-8", ".csv": "text/csv; charset=utf-8"}[filepath.Ext(c.name)]
		if got := ans.header.Get("Content-Type"); got != wantType {
			t.Errorf("%s: content type %s", c.name, got)
		}
		goldenStats(t, c.name, ans.body, labels)
	}
	// Routes other than the usage ones do not speak CSV.
	if ans := a.call(t, "GET", fmt.Sprintf("/stats/services/%d/top_applications.csv?metric_name=hits&period=month", f.product), stats, "", nil); ans.status != 404 {
		t.Errorf("top applications as CSV: %d", ans.status)
	}
	if ans := a.call(t, "GET", "/admin/api/services.csv", a.token, "", nil); ans.status != 404 {
		t.Errorf("services as CSV: %d", ans.status)
	}
	// A backend's usage is JSON only.
	if ans := a.call(t, "GET", fmt.Sprintf("/stats/backend_apis/%d/usage.xml?metric_name=hits&period=day", f.backend), stats, "", nil); ans.status != 406 {
		t.Errorf("backend usage as XML: %d", ans.status)
	}
}
