package app_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/portico-apim/portico/ent/tenant"
	"github.com/portico-apim/portico/server/apptest"
)

// smCall sends one Service Management API call and fails the test unless it
// answers status.
func smCall(t *testing.T, in *apptest.Instance, method, path string, form url.Values, status int) {
	t.Helper()
	var res *http.Response
	var err error
	if method == http.MethodGet {
		res, err = http.Get(in.URL + path + "?" + form.Encode())
	} else {
		res, err = http.PostForm(in.URL+path, form)
	}
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != status {
		t.Fatalf("%s %s %v: %d %s", method, path, form, res.StatusCode, body)
	}
}

// restGet calls the REST API on the host of a tenant.
func restGet(t *testing.T, in *apptest.Instance, host, path string) (int, string, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, in.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Host = host
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, res.Header.Get("Content-Type"), string(b)
}

type seriesResult struct {
	Total, PreviousTotal int
	Change               float64
	Since, Until         time.Time
	TimeZone             string
	Points               []struct {
		Start time.Time
		Value int
	}
	CSV string
}

// TestAnalyticsOfRealTraffic sends traffic through the Service Management
// API (authrep now, reports backdated, metrics, a method, a backend's metric
// and method, response codes) and reads it back as series, top
// applications and response codes through GraphQL and the Analytics API,
// in UTC, in a zone off the whole hour and in a tenant zone whose range
// holds a DST change.
func TestAnalyticsOfRealTraffic(t *testing.T) {
	in := apptest.Start(t)
	p := provision(t, in, 100000)
	b := provisionBackend(t, in, p)

	var search struct{ CreateMetric struct{ ID string } }
	in.MustGraphQL(t, in.Admin, `mutation($p: ID!, $h: ID!) { createMetric(input: {productID: $p, systemName: "search", friendlyName: "Search", parentID: $h}) { id } }`,
		map[string]any{"p": p.productID, "h": p.metricID}, &search)
	var acc struct{ CreateAccount struct{ ID string } }
	in.MustGraphQL(t, in.Admin, `mutation { createAccount(input: {orgName: "Second Co"}) { id } }`, nil, &acc)
	var app2 struct{ CreateApplication struct{ ID, UserKey string } }
	in.MustGraphQL(t, in.Admin, `mutation($a: ID!, $p: ID!, $pl: ID!) { createApplication(input: {name: "second", accountID: $a, productID: $p, planID: $pl}) { id userKey } }`,
		map[string]any{"a": acc.CreateAccount.ID, "p": p.productID, "pl": p.planID}, &app2)
	key2 := app2.CreateApplication.UserKey

	auth := url.Values{"service_token": {p.serviceToken}, "service_id": {p.productID}}
	with := func(kv ...string) url.Values {
		v := url.Values{}
		for k, x := range auth {
			v[k] = x
		}
		for i := 0; i+1 < len(kv); i += 2 {
			v.Set(kv[i], kv[i+1])
		}
		return v
	}
	now := time.Now().UTC()
	ts := func(ago time.Duration) string { return now.Add(-ago).Format("2006-01-02 15:04:05") }
	eventually(t, "the method reaches the decision plane", func() error {
		res, err := http.Get(in.URL + "/transactions/authorize.xml?" + with("user_key", p.userKey, "usage[search]", "1").Encode())
		if err != nil {
			return err
		}
		res.Body.Close()
		if res.StatusCode != http.StatusOK {
			return fmt.Errorf("authorize search: %d", res.StatusCode)
		}
		return nil
	})
	// Application 1: hits 2 (search 2), hits 1, hits 4 five hours ago, the
	// backend's method once (into the backend's hits and the product's).
	smCall(t, in, http.MethodGet, "/transactions/authrep.xml", with("user_key", p.userKey, "usage[search]", "2", "log[code]", "200"), http.StatusOK)
	smCall(t, in, http.MethodGet, "/transactions/authrep.xml", with("user_key", p.userKey, "usage[hits]", "1", "log[code]", "404"), http.StatusOK)
	smCall(t, in, http.MethodPost, "/transactions.xml", with("transactions[0][user_key]", p.userKey, "transactions[0][usage][hits]", "4",
		"transactions[0][timestamp]", ts(5*time.Hour), "transactions[0][log][code]", "500",
		"transactions[1][user_key]", p.userKey, "transactions[1][usage][upload."+b.backendID+"]", "1", "transactions[1][timestamp]", ts(2*time.Hour)), http.StatusAccepted)
	// Application 2: search 3 three hours ago, the backend's storage 7.
	smCall(t, in, http.MethodPost, "/transactions.xml", with("transactions[0][user_key]", key2, "transactions[0][usage][search]", "3",
		"transactions[0][timestamp]", ts(3*time.Hour), "transactions[0][log][code]", "200",
		"transactions[1][user_key]", key2, "transactions[1][usage][storage]", "7", "transactions[1][timestamp]", ts(3*time.Hour)), http.StatusAccepted)

	// A second product using the backend reports its storage too.
	q := otherProduct(t, in)
	in.MustGraphQL(t, in.Admin, `mutation($p: ID!, $b: ID!) { createBackendUsage(input: {productID: $p, backendID: $b, path: "/files"}) { id } }`,
		map[string]any{"p": q.productID, "b": b.backendID}, nil)
	qAuth := url.Values{"service_token": {q.serviceToken}, "service_id": {q.productID}, "user_key": {q.userKey}}
	eventually(t, "the backend reaches the second product", func() error {
		res, err := http.Get(in.URL + "/transactions/authorize.xml?" + qAuth.Encode() + "&usage%5Bstorage%5D=1")
		if err != nil {
			return err
		}
		res.Body.Close()
		if res.StatusCode != http.StatusOK {
			return fmt.Errorf("authorize storage through the second product: %d", res.StatusCode)
		}
		return nil
	})
	qAuth.Set("usage[storage]", "4")
	smCall(t, in, http.MethodGet, "/transactions/authrep.xml", qAuth, http.StatusOK)

	series := func(token, subject, id, metric, rng string) (seriesResult, []apptest.GQLError) {
		q := fmt.Sprintf(`query($id: ID!, $m: String!) { usageSeries(%s: $id, metric: $m, range: %s, compare: true) {
			total previousTotal change since until timeZone points { start value } csv } }`, subject, rng)
		r := in.GraphQL(t, token, q, map[string]any{"id": id, "m": metric})
		var d struct{ UsageSeries seriesResult }
		if len(r.Errors) == 0 {
			if err := json.Unmarshal(r.Data, &d); err != nil {
				t.Fatal(err)
			}
		}
		return d.UsageSeries, r.Errors
	}
	want := []struct {
		subject, id, metric string
		total               int
	}{
		{"productID", p.productID, "hits", 11},
		{"productID", p.productID, "search", 5},
		{"productID", p.productID, "storage." + b.backendID, 7},
		{"productID", p.productID, "storage", 7},
		{"applicationID", p.appID, "hits", 8},
		{"applicationID", app2.CreateApplication.ID, "hits", 3},
		{"applicationID", app2.CreateApplication.ID, "search", 3},
		{"backendID", b.backendID, "storage", 11},
		{"productID", q.productID, "storage", 4},
		{"backendID", b.backendID, "hits", 1},
		{"backendID", b.backendID, "upload", 1},
	}
	eventually(t, "traffic appears in the series", func() error {
		for _, w := range want {
			s, errs := series(in.Admin, w.subject, w.id, w.metric, `{period: DAY}`)
			if errs != nil {
				return fmt.Errorf("%s %s %s: %v", w.subject, w.id, w.metric, errs)
			}
			if s.Total != w.total {
				return fmt.Errorf("%s %s %s: total %d, want %d", w.subject, w.id, w.metric, s.Total, w.total)
			}
		}
		return nil
	})

	// The product buckets hold exactly the sums of the application buckets.
	productBucketsMatch(t, in)

	// Every zone sees the same totals; points are whole steps of the zone.
	for _, rng := range []string{`{period: DAY}`, `{period: DAY, timeZone: "Pacific/Chatham"}`, `{period: WEEK, timeZone: "Asia/Kolkata"}`,
		`{period: MONTH, timeZone: "Madrid"}`, `{period: YEAR}`, `{period: ETERNITY}`} {
		for _, w := range want {
			s, errs := series(in.Admin, w.subject, w.id, w.metric, rng)
			if errs != nil || s.Total != w.total {
				t.Errorf("%s %s %s %s: total %d, errors %v, want %d", rng, w.subject, w.id, w.metric, s.Total, errs, w.total)
			}
		}
	}
	s, _ := series(in.Admin, "productID", p.productID, "hits", `{period: DAY}`)
	if len(s.Points) != 25 || s.PreviousTotal != 0 || s.Change != 100 {
		t.Errorf("day series: %d points, previous %d, change %v", len(s.Points), s.PreviousTotal, s.Change)
	}
	sum := 0
	for _, pt := range s.Points {
		sum += pt.Value
	}
	if sum != 11 || !strings.HasPrefix(s.CSV, "since,until,hits\n") || !strings.HasSuffix(s.CSV, "total,,11\n") {
		t.Errorf("points sum to %d; csv %q", sum, s.CSV)
	}
	// The hour five hours ago holds the backdated report.
	fiveAgo := now.Add(-5 * time.Hour).Truncate(time.Hour)
	for _, pt := range s.Points {
		if pt.Start.Equal(fiveAgo) && pt.Value != 4 {
			t.Errorf("hour %s: %d, want 4", pt.Start, pt.Value)
		}
	}

	// A tenant zone with a DST change in the range: 300 days by day in
	// Madrid hold a 23- or 25-hour day, and the same total.
	in.MustGraphQL(t, in.Admin, `mutation { updateTenant(input: {timeZone: "Europe/Madrid"}) { id } }`, nil, nil)
	since := now.AddDate(0, 0, -300).Format(time.RFC3339)
	s, errs := series(in.Admin, "productID", p.productID, "hits", `{granularity: DAY, since: "`+since+`"}`)
	if errs != nil || s.Total != 11 || s.TimeZone != "Europe/Madrid" {
		t.Fatalf("300 days in the tenant zone: %+v, %v", s, errs)
	}
	madrid, _ := time.LoadLocation("Europe/Madrid")
	odd := 0
	for i, pt := range s.Points {
		local := pt.Start.In(madrid)
		if local.Hour() != 0 || local.Minute() != 0 {
			t.Fatalf("point %d starts at %s, not at midnight in Madrid", i, local)
		}
		if i > 0 {
			if d := pt.Start.Sub(s.Points[i-1].Start); d != 24*time.Hour {
				odd++
			}
		}
	}
	if odd == 0 {
		t.Errorf("no 23- or 25-hour day in 300 days of Madrid")
	}

	// Top applications and response codes.
	var top struct {
		TopApplications struct {
			Applications []struct {
				Application struct{ ID string }
				Value       int
			}
		}
	}
	in.MustGraphQL(t, in.Admin, `query($p: ID!) { topApplications(productID: $p, metric: "hits", range: {period: MONTH}) { applications { application { id } value } } }`,
		map[string]any{"p": p.productID}, &top)
	if got := fmt.Sprint(top.TopApplications.Applications); got != fmt.Sprintf("[{{%s} 8} {{%s} 3}]", p.appID, app2.CreateApplication.ID) {
		t.Errorf("top applications %s", got)
	}
	var codes struct {
		ResponseCodes struct {
			Classes, Codes []struct {
				Code  string
				Value int
			}
		}
	}
	in.MustGraphQL(t, in.Admin, `query($p: ID!) { responseCodes(productID: $p, range: {period: DAY}) { classes { code value } codes { code value } } }`,
		map[string]any{"p": p.productID}, &codes)
	if got := fmt.Sprint(codes.ResponseCodes.Classes, codes.ResponseCodes.Codes); got != "[{1XX 0} {2XX 2} {3XX 0} {4XX 1} {5XX 1}] [{200 2} {404 1} {500 1}]" {
		t.Errorf("response codes %s", got)
	}
	var codeSeries struct{ ResponseCodeSeries struct{ Total int } }
	in.MustGraphQL(t, in.Admin, `query($a: ID!) { responseCodeSeries(applicationID: $a, responseCode: "2XX", range: {period: DAY}) { total } }`,
		map[string]any{"a": p.appID}, &codeSeries)
	if codeSeries.ResponseCodeSeries.Total != 1 {
		t.Errorf("application 2XX: %d", codeSeries.ResponseCodeSeries.Total)
	}

	// A stats token runs the queries; bad ranges are refused precisely.
	var tok struct{ CreateAccessToken struct{ Value string } }
	in.MustGraphQL(t, in.Admin, `mutation { createAccessToken(input: {name: "stats", scopes: [STATS], permission: RO}) { value } }`, nil, &tok)
	stats := tok.CreateAccessToken.Value
	if s, errs := series(stats, "productID", p.productID, "hits", `{period: DAY}`); errs != nil || s.Total != 11 {
		t.Errorf("stats token: %d, %v", s.Total, errs)
	}
	for _, tc := range []struct{ metric, rng, code string }{
		{"nope", `{period: DAY}`, "UNKNOWN_METRIC"},
		{"hits", `{granularity: HOUR, since: "2020-01-01T00:00:00Z", until: "2020-06-01T00:00:00Z"}`, "RANGE_TOO_LONG"},
		{"hits", `{granularity: DAY, since: "2020-06-01T00:00:00Z", until: "2020-01-01T00:00:00Z"}`, "SINCE_AFTER_UNTIL"},
		{"hits", `{period: DAY, timeZone: "Mars/Olympus"}`, "UNKNOWN_TIME_ZONE"},
		{"hits", `{period: DAY, granularity: ETERNITY}`, "ETERNITY_GRANULARITY"},
		{"hits", `{granularity: DAY}`, "VALIDATION"},
	} {
		_, errs := series(stats, "productID", p.productID, tc.metric, tc.rng)
		if len(errs) != 1 || errs[0].Code() != tc.code {
			t.Errorf("%s %s: errors %+v, want %s", tc.metric, tc.rng, errs, tc.code)
		}
	}

	// Exactly one subject.
	r := in.GraphQL(t, in.Admin, `query($p: ID!, $a: ID!) { usageSeries(productID: $p, applicationID: $a, metric: "hits", range: {period: DAY}) { total } }`,
		map[string]any{"p": p.productID, "a": p.appID})
	if len(r.Errors) != 1 || r.Errors[0].Code() != "VALIDATION" {
		t.Errorf("two subjects: %+v", r)
	}

	// The Analytics API.
	ctx := apptest.SystemContext()
	host, err := in.Client().Tenant.Query().Where(tenant.Master(false)).Select(tenant.FieldAdminDomain).String(ctx)
	if err != nil {
		t.Fatal(err)
	}
	qs := "?access_token=" + stats + "&period=day&timezone=UTC"
	for _, tc := range []struct {
		path, want string
	}{
		{"/stats/services/" + p.productID + "/usage.json" + qs + "&metric_name=hits", `"total":11`},
		{"/stats/services/" + p.productID + "/usage.xml" + qs + "&metric_name=search", `<total>5</total><values length="25">`},
		{"/stats/services/" + p.productID + "/usage.csv" + qs + "&metric_name=hits", "total,,11"},
		{"/stats/applications/" + p.appID + "/usage.json" + qs + "&metric_name=hits", `"total":8`},
		{"/stats/backend_apis/" + b.backendID + "/usage.json" + qs + "&metric_name=storage", `"total":11`},
		{"/stats/services/" + p.productID + "/usage_response_code.json" + qs + "&response_code=2XX", `"response_code":{"code":"2XX"}`},
		{"/stats/services/" + p.productID + "/usage_response_code.json" + qs + "&response_code=500", `"total":1`},
		{"/stats/services/" + p.productID + "/top_applications.json?access_token=" + stats + "&period=month&metric_name=hits", `"value":"8"`},
		{"/stats/services/" + p.productID + "/usage.json" + qs + "&metric_name=hits&skip_change=false", `"previous_total":0,"change":100.0`},
	} {
		code, _, body := restGet(t, in, host, tc.path)
		if code != http.StatusOK || !strings.Contains(body, tc.want) {
			t.Errorf("GET %s: %d %s, want %s", tc.path, code, body, tc.want)
		}
	}
	for _, tc := range []struct {
		path string
		code int
		want string
	}{
		{"/stats/services/" + p.productID + "/usage.json" + qs + "&metric_name=nope", 400, `{"error":"Metric nope is not a metric or method of this service"}`},
		{"/stats/services/" + p.productID + "/usage.json?access_token=" + stats + "&metric_name=hits&period=day&granularity=eternity", 400, `{"error":"Granularity eternity is only valid with period eternity"}`},
		{"/stats/services/" + p.productID + "/usage.xml?access_token=" + stats + "&metric_name=hits&period=fortnight", 400, `<error>Period must be one of eternity, year, month, week, day</error>`},
		{"/stats/services/" + p.productID + "/usage.json?access_token=" + stats + "&metric_name=hits&period=day&timezone=Nowhere", 400, `{"error":"Timezone Nowhere is not a known time zone"}`},
		{"/stats/services/999999/usage.json" + qs + "&metric_name=hits", 404, `{"error":"Service not found"}`},
		{"/stats/applications/999999/usage.xml" + qs + "&metric_name=hits", 404, `<error>Application not found</error>`},
		{"/stats/services/" + p.productID + "/usage.json?period=day&metric_name=hits", 403, `{"error":"Access denied"}`},
	} {
		code, _, body := restGet(t, in, host, tc.path)
		if code != tc.code || !strings.Contains(body, tc.want) {
			t.Errorf("GET %s: %d %s, want %d %s", tc.path, code, body, tc.code, tc.want)
		}
	}

	// Another tenant sees none of it.
	other := in.NewTenant(t, "analytics-other.example.com")
	for _, q := range []struct{ subject, id string }{{"productID", p.productID}, {"applicationID", p.appID}, {"backendID", b.backendID}} {
		_, errs := series(other, q.subject, q.id, "hits", `{period: DAY}`)
		if len(errs) != 1 || errs[0].Code() != "NOT_FOUND" {
			t.Errorf("another tenant reads %s %s: %+v", q.subject, q.id, errs)
		}
	}
	r = in.GraphQL(t, other, `query($p: ID!) { topApplications(productID: $p, metric: "hits", range: {period: MONTH}) { applications { value } } }`,
		map[string]any{"p": p.productID})
	if len(r.Errors) != 1 || r.Errors[0].Code() != "NOT_FOUND" {
		t.Errorf("another tenant reads top applications: %+v", r)
	}
	var otherTok struct{ CreateAccessToken struct{ Value string } }
	in.MustGraphQL(t, other, `mutation { createAccessToken(input: {name: "stats", scopes: [STATS], permission: RO}) { value } }`, nil, &otherTok)
	code, _, body := restGet(t, in, "analytics-other.example.com", "/stats/services/"+p.productID+"/usage.json?period=day&metric_name=hits&access_token="+otherTok.CreateAccessToken.Value)
	if code != http.StatusNotFound || body != `{"error":"Service not found"}` {
		t.Errorf("another tenant's product over REST: %d %s", code, body)
	}
}

// productBucketsMatch checks that every product bucket is the sum of the
// product's application buckets of the same metric, granularity and start,
// and that there is one for each.
func productBucketsMatch(t *testing.T, in *apptest.Instance) {
	t.Helper()
	ctx := apptest.SystemContext()
	type key struct {
		product, metric int
		gran            string
		start           int64
	}
	want := map[key]int64{}
	apps, err := in.Client().UsageBucket.Query().All(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range apps {
		want[key{b.ProductID, b.MetricID, string(b.Granularity), b.Start.Unix()}] += b.Value
	}
	products, err := in.Client().ProductUsageBucket.Query().All(ctx)
	if err != nil {
		t.Fatal(err)
	}
	got := map[key]int64{}
	for _, b := range products {
		got[key{b.ProductID, b.MetricID, string(b.Granularity), b.Start.Unix()}] = b.Value
	}
	if len(want) == 0 || fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("product buckets %v, want the sums of the application buckets %v", got, want)
	}
}

// TestProductBucketsFollowSetUsage reports usage set with "#N" beside
// increments of two applications: the product buckets are summed again
// from the application buckets rather than increased.
func TestProductBucketsFollowSetUsage(t *testing.T) {
	in := apptest.Start(t)
	p := provision(t, in, 100000)
	var acc struct{ CreateAccount struct{ ID string } }
	in.MustGraphQL(t, in.Admin, `mutation { createAccount(input: {orgName: "Setter Co"}) { id } }`, nil, &acc)
	var app2 struct{ CreateApplication struct{ ID, UserKey string } }
	in.MustGraphQL(t, in.Admin, `mutation($a: ID!, $p: ID!, $pl: ID!) { createApplication(input: {name: "setter", accountID: $a, productID: $p, planID: $pl}) { id userKey } }`,
		map[string]any{"a": acc.CreateAccount.ID, "p": p.productID, "pl": p.planID}, &app2)
	auth := url.Values{"service_token": {p.serviceToken}, "service_id": {p.productID}}
	total := func() (int, error) {
		r := in.GraphQL(t, in.Admin, `query($p: ID!) { usageSeries(productID: $p, metric: "hits", range: {period: DAY}) { total } }`, map[string]any{"p": p.productID})
		var d struct{ UsageSeries struct{ Total int } }
		if len(r.Errors) > 0 {
			return 0, fmt.Errorf("%v", r.Errors)
		}
		return d.UsageSeries.Total, json.Unmarshal(r.Data, &d)
	}
	send := func(kv ...string) {
		v := url.Values{}
		for k, x := range auth {
			v[k] = x
		}
		for i := 0; i+1 < len(kv); i += 2 {
			v.Set(kv[i], kv[i+1])
		}
		smCall(t, in, http.MethodPost, "/transactions.xml", v, http.StatusAccepted)
	}
	// Both applications are known to the decision plane once an increment
	// of each is counted.
	send("transactions[0][user_key]", p.userKey, "transactions[0][usage][hits]", "2",
		"transactions[1][user_key]", app2.CreateApplication.UserKey, "transactions[1][usage][hits]", "3")
	eventually(t, "increments are counted", func() error {
		if n, err := total(); err != nil || n != 5 {
			return fmt.Errorf("total %d, %v; want 5", n, err)
		}
		return nil
	})
	send("transactions[0][user_key]", p.userKey, "transactions[0][usage][hits]", "#10")
	eventually(t, "the set replaces the first application's count", func() error {
		if n, err := total(); err != nil || n != 13 {
			return fmt.Errorf("total %d, %v; want 10 + 3", n, err)
		}
		return nil
	})
	productBucketsMatch(t, in)
}
