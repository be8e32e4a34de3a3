package decision

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/portico-apim/portico/server/counter"
)

const (
	pathA   = "/transactions/authorize.xml?"
	pathAR  = "/transactions/authrep.xml?"
	pathOA  = "/transactions/oauth_authorize.xml?"
	pathOAR = "/transactions/oauth_authrep.xml?"
	pk1     = "provider_key=pk1"
)

// step is one request of a conformance case and what its answer must be.
type step struct {
	method     string // GET when empty
	target     string
	header     map[string]string
	body       string
	status     int
	code       string // expected <error code>
	message    string // expected error text
	authorized string // expected <authorized>
	reason     string
	golden     string // golden file name under testdata/
	empty      bool   // the body must be empty
	headers    map[string]string
	absent     []string
	check      func(t *testing.T, e *env, r response, doc *statusXML)
}

type conformanceCase struct {
	name  string
	setup func(e *env)
	steps []step
	after func(t *testing.T, e *env)
}

func opts(v string) map[string]string { return map[string]string{"3scale-options": v} }

var formCT = map[string]string{"Content-Type": "application/x-www-form-urlencoded"}

// reportsAre checks the (metric, period) list of the usage reports.
func reportsAre(want ...string) func(*testing.T, *env, response, *statusXML) {
	return func(t *testing.T, _ *env, _ response, doc *statusXML) {
		t.Helper()
		var got []string
		if doc.UsageReports != nil {
			for _, r := range doc.UsageReports.Reports {
				got = append(got, r.Metric+"/"+r.Period)
			}
		}
		if !slices.Equal(got, want) {
			t.Fatalf("usage reports = %v, want %v", got, want)
		}
	}
}

// current checks current_value (and the exceeded flag) of one report.
func current(metric, period string, want int64, exceeded bool) func(*testing.T, *env, response, *statusXML) {
	return func(t *testing.T, _ *env, _ response, doc *statusXML) {
		t.Helper()
		r := doc.report(metric, period)
		if r == nil {
			t.Fatalf("no %s/%s report", metric, period)
		}
		if r.Current != want {
			t.Fatalf("%s/%s current_value = %d, want %d", metric, period, r.Current, want)
		}
		if got := r.Exceeded == "true"; got != exceeded {
			t.Fatalf("%s/%s exceeded = %q, want %v", metric, period, r.Exceeded, exceeded)
		}
	}
}

func checks(fs ...func(*testing.T, *env, response, *statusXML)) func(*testing.T, *env, response, *statusXML) {
	return func(t *testing.T, e *env, r response, doc *statusXML) {
		t.Helper()
		for _, f := range fs {
			f(t, e, r, doc)
		}
	}
}

func counterIs(app, metricID string, p counter.Period, want int64) func(*testing.T, *env) {
	return func(t *testing.T, e *env) {
		t.Helper()
		if got := e.counter(app, metricID, p); got != want {
			t.Fatalf("counter %s metric %s %s = %d, want %d", app, metricID, p, got, want)
		}
	}
}

func reportHits(app string, n int) func(*env) {
	return func(e *env) {
		e.report(fmt.Sprintf("%s&transactions[0][app_id]=%s&transactions[0][usage][hits]=%d", pk1, app, n))
	}
}

func manyTransactions(n int) string {
	var b strings.Builder
	b.WriteString(pk1)
	for i := range n {
		fmt.Fprintf(&b, "&transactions[%d][app_id]=app2&transactions[%d][usage][hits]=0", i, i)
	}
	return b.String()
}

var conformanceCases = []conformanceCase{
	{name: "01 authorize with provider key", steps: []step{{
		target: pathA + pk1 + "&app_id=app1&app_key=k1", status: 200, authorized: "true", golden: "authorize_app1",
		check: checks(reportsAre("hits/month", "hits/week", "hits/day", "search/minute", "disabled/day"),
			func(t *testing.T, _ *env, r response, doc *statusXML) {
				if doc.XMLName.Local != "status" || doc.Reason != "" || doc.Plan == nil || *doc.Plan != "Basic" {
					t.Fatalf("unexpected document %s", r.body)
				}
			}),
	}}},
	{name: "02 authorize with service token", steps: []step{{
		target: pathA + "service_token=tok1&service_id=1001&app_id=app1&app_key=k1", status: 200, authorized: "true", golden: "authorize_app1",
	}}},
	{name: "03 second key accepted", steps: []step{{target: pathA + pk1 + "&app_id=app1&app_key=k2", status: 200, authorized: "true"}}},
	{name: "04 key missing", steps: []step{{
		target: pathA + pk1 + "&app_id=app1", status: 409, authorized: "false", reason: "application key is missing", golden: "key_missing",
		check: reportsAre("hits/month", "hits/week", "hits/day", "search/minute", "disabled/day"),
	}}},
	{name: "05 key invalid", steps: []step{{
		target: pathA + pk1 + "&app_id=app1&app_key=bad", status: 409, authorized: "false", reason: `application key "bad" is invalid`,
	}}},
	{name: "06 application without keys ignores app_key", steps: []step{
		{target: pathA + pk1 + "&app_id=app2", status: 200, authorized: "true"},
		{target: pathA + pk1 + "&app_id=app2&app_key=whatever", status: 200, authorized: "true"},
	}},
	{name: "07 unknown application", steps: []step{{
		target: pathA + pk1 + "&app_id=nope", status: 404, code: "application_not_found", message: `application with id="nope" was not found`, golden: "application_not_found",
	}}},
	{name: "08 application id missing", steps: []step{{
		target: pathA + pk1, status: 404, code: "application_not_found", message: "application id is missing",
	}}},
	{name: "09 unknown provider key without service", steps: []step{{
		target: pathA + "provider_key=bogus&app_id=app1", status: 403, code: "provider_key_invalid_or_service_missing",
		message: `provider key "bogus" invalid and/or service ID missing`,
	}}},
	{name: "10 unknown provider key with service", steps: []step{{
		target: pathA + "provider_key=bogus&service_id=1001&app_id=app1", status: 403, code: "provider_key_invalid", message: `provider key "bogus" is invalid`,
	}}},
	{name: "11 service of another provider", steps: []step{{
		target: pathA + pk1 + "&service_id=2001&app_id=app1", status: 403, code: "service_id_invalid", message: `service id "2001" is invalid`,
	}}},
	{name: "12 no credentials", steps: []step{{
		target: pathA + "app_id=app1", status: 403, code: "provider_key_or_service_token_required", message: "Provider key or service token are required",
	}}},
	{name: "13 service token without service id", steps: []step{{
		target: pathA + "service_token=tok1&app_id=app1", status: 422, code: "service_id_missing", message: "Service ID is missing",
	}}},
	{name: "14 invalid service token", steps: []step{{
		target: pathA + "service_token=bad&service_id=1001&app_id=app1", status: 403, code: "service_token_invalid",
		message: `service token "bad" or service id "1001" is invalid`,
	}}},
	{name: "15 provider key takes precedence", steps: []step{{
		target: pathA + "provider_key=bogus&service_token=tok1&service_id=1001&app_id=app1", status: 403, code: "provider_key_invalid",
	}}},
	{name: "16 app_id and user_key", steps: []step{{
		target: pathA + pk1 + "&app_id=app1&user_key=uk1", status: 403, code: "authentication_error", message: "either app_id or user_key is allowed, not both",
	}}},
	{name: "17 user key mode", steps: []step{
		{target: pathA + pk1 + "&service_id=1002&user_key=uk1", status: 200, authorized: "true"},
		{target: pathA + pk1 + "&service_id=1002&user_key=bad", status: 403, code: "user_key_invalid", message: `user key "bad" is invalid`},
		{target: pathA + pk1 + "&service_id=1002&app_id=u1", status: 403, code: "user_key_invalid", message: "user key is missing"},
	}},
	{name: "18 user key on an app id service", steps: []step{{
		target: pathA + pk1 + "&user_key=uk1", status: 404, code: "application_not_found", message: "application id is missing",
	}}},
	{name: "19 suspended application", steps: []step{{
		target: pathA + pk1 + "&app_id=app3", status: 409, authorized: "false", reason: "application is not active",
	}}},
	{name: "20 suspended service", steps: []step{{
		target: pathA + pk1 + "&service_id=1005&app_id=s1", status: 409, authorized: "false", reason: "service is not active",
	}}},
	{name: "21 user_id", steps: []step{{
		target: pathA + pk1 + "&app_id=app2&user_id=x", status: 400, code: "end_users_no_longer_supported",
		message: "End-users are no longer supported, do not specify the user_id parameter",
	}}},
	{name: "22 usage not a hash", steps: []step{{target: pathA + pk1 + "&app_id=app2&usage=5", status: 403, empty: true}}},
	{name: "23 unknown metric", steps: []step{{
		target: pathA + pk1 + "&app_id=app2&usage[nope]=1", status: 404, code: "metric_invalid", message: `metric "nope" is invalid`,
	}}},
	{name: "24 invalid usage values", steps: []step{
		{target: pathA + pk1 + "&app_id=app2&usage[hits]=-1", status: 403, code: "usage_value_invalid", message: `usage value "-1" for metric "hits" is invalid`},
		{target: pathA + pk1 + "&app_id=app2&usage[hits]=%20", status: 403, code: "usage_value_invalid", message: `usage value for metric "hits" can not be empty`},
		{target: pathA + pk1 + "&app_id=app2&usage[hits]=%23%233", status: 403, code: "usage_value_invalid", message: `usage value "##3" for metric "hits" is invalid`},
	}},
	{name: "25 predicted usage", setup: reportHits("app2", 9), steps: []step{
		{target: pathA + pk1 + "&app_id=app2&usage[hits]=2", status: 409, authorized: "false", reason: "usage limits are exceeded",
			golden: "predicted_denied", check: current("hits", "day", 9, false)},
		{target: pathA + pk1 + "&app_id=app2&usage[hits]=1", status: 200, authorized: "true", check: current("hits", "day", 9, false)},
	}, after: counterIs("app2", "1", counter.Day, 9)},
	{name: "26 parent propagation", setup: reportHits("app2", 10), steps: []step{{
		target: pathA + pk1 + "&app_id=app2&usage[search]=1", status: 409, reason: "usage limits are exceeded",
	}}},
	{name: "27 only listed metrics", setup: func(e *env) {
		e.report(pk1 + "&transactions[0][app_id]=app2&transactions[0][usage][search]=6")
	}, steps: []step{
		{target: pathA + pk1 + "&app_id=app2&usage[update]=1", status: 200, authorized: "true"},
		{target: pathA + pk1 + "&app_id=app2&usage[search]=0", status: 409, reason: "usage limits are exceeded"},
	}},
	{name: "28 no usage with a limit exceeded", setup: reportHits("app2", 11), steps: []step{{
		target: pathA + pk1 + "&app_id=app2", status: 409, reason: "usage limits are exceeded", golden: "exceeded_no_usage",
		check: checks(current("hits", "day", 11, true), current("hits", "month", 11, false)),
	}}},
	{name: "29 disabled metric", steps: []step{
		{target: pathAR + pk1 + "&app_id=app2&usage[disabled]=1", header: opts("limit_headers=1&rejection_reason_header=1"), status: 409,
			reason:  "usage limits are exceeded",
			headers: map[string]string{"3scale-Rejection-Reason": "limits_exceeded", "3scale-Limit-Max-Value": "0", "3scale-Limit-Remaining": "0"}},
		{target: pathA + pk1 + "&app_id=app2", status: 200, authorized: "true"},
	}, after: counterIs("app2", "4", counter.Day, 0)},
	{name: "30 authrep counts", steps: []step{
		{target: pathAR + pk1 + "&app_id=app2&usage[hits]=1", status: 200, authorized: "true", golden: "authrep_counted", check: current("hits", "day", 1, false)},
		{target: pathA + pk1 + "&app_id=app2", status: 200, check: checks(current("hits", "day", 1, false), current("hits", "month", 1, false))},
	}},
	{name: "31 authrep propagation in the document", steps: []step{
		{target: pathAR + pk1 + "&app_id=app2&usage[hits]=2&usage[search]=3", status: 200,
			check: checks(current("hits", "day", 5, false), current("search", "minute", 3, false))},
		{target: pathA + pk1 + "&app_id=app2", status: 200, check: checks(current("hits", "day", 5, false), current("search", "minute", 3, false))},
	}},
	{name: "32 denied authrep does not count", setup: reportHits("app2", 10), steps: []step{{
		target: pathAR + pk1 + "&app_id=app2&usage[hits]=1", status: 409, reason: "usage limits are exceeded",
	}}, after: func(t *testing.T, e *env) {
		counterIs("app2", "1", counter.Day, 10)(t, e)
		if n := len(e.usage.all()); n != 1 { // the seeding report only
			t.Fatalf("usage records = %d, want 1", n)
		}
	}},
	{name: "33 zero usage", steps: []step{{target: pathAR + pk1 + "&app_id=app2&usage[hits]=0", status: 200, authorized: "true"}},
		after: func(t *testing.T, e *env) {
			counterIs("app2", "1", counter.Day, 0)(t, e)
			if n := len(e.usage.all()); n != 0 {
				t.Fatalf("zero usage was recorded %d times", n)
			}
		}},
	{name: "34 set semantics", steps: []step{
		{target: pathAR + pk1 + "&app_id=app2&usage[hits]=%235", status: 200, authorized: "true", check: current("hits", "day", 5, false)},
		{target: pathA + pk1 + "&app_id=app2", status: 200, check: checks(current("hits", "day", 5, false), current("hits", "month", 5, false))},
		{target: pathAR + pk1 + "&app_id=app2&usage[hits]=%230", status: 200},
		{target: pathA + pk1 + "&app_id=app2", status: 200, check: checks(current("hits", "day", 0, false), current("hits", "month", 0, false))},
	}},
	{name: "35 no_body header", steps: []step{
		{target: pathA + pk1 + "&app_id=app1&app_key=k1", header: opts("no_body=1"), status: 200, empty: true},
		{target: pathA + pk1 + "&app_id=app1", header: opts("no_body=1"), status: 409, empty: true},
		{target: pathA + pk1 + "&app_id=nope", header: opts("no_body=1"), status: 404, empty: true},
	}},
	{name: "36 legacy no_body", steps: []step{
		{target: pathA + pk1 + "&app_id=app1&app_key=k1&no_body=true", status: 200, empty: true},
		{target: pathA + pk1 + "&app_id=app1&app_key=k1&no_body=0", status: 200, authorized: "true"},
	}},
	{name: "37 rejection reason header only on denial", steps: []step{
		{target: pathA + pk1 + "&app_id=app1", header: opts("rejection_reason_header=1"), status: 409,
			headers: map[string]string{"3scale-Rejection-Reason": "application_key_invalid"}},
		{target: pathA + pk1 + "&app_id=app1&app_key=k1", header: opts("rejection_reason_header=1"), status: 200, absent: []string{"3scale-Rejection-Reason"}},
		{target: pathA + pk1 + "&app_id=nope", header: opts("rejection_reason_header=1"), status: 404, code: "application_not_found", absent: []string{"3scale-Rejection-Reason"}},
	}},
	{name: "38 limit headers on authrep", steps: []step{{
		target: pathAR + pk1 + "&app_id=app2&usage[hits]=1", header: opts("limit_headers=1"), status: 200,
		headers: map[string]string{"3scale-Limit-Remaining": "9", "3scale-Limit-Max-Value": "10", "3scale-Limit-Reset": "43170"},
	}}},
	{name: "39 limit headers on authorize", steps: []step{{
		target: pathA + pk1 + "&app_id=app2&usage[hits]=2", header: opts("limit_headers=1"), status: 200,
		headers: map[string]string{"3scale-Limit-Remaining": "5", "3scale-Limit-Max-Value": "10"},
	}}},
	{name: "40 unconstrained", steps: []step{{
		target: pathAR + pk1 + "&app_id=app4&usage[hits]=1", header: opts("limit_headers=1"), status: 200,
		headers: map[string]string{"3scale-Limit-Remaining": "-1", "3scale-Limit-Reset": "-1"}, absent: []string{"3scale-Limit-Max-Value"},
	}}},
	{name: "41 no limit headers on other denials and errors", steps: []step{
		{target: pathA + pk1 + "&app_id=app1", header: opts("limit_headers=1"), status: 409,
			absent: []string{"3scale-Limit-Remaining", "3scale-Limit-Reset", "3scale-Limit-Max-Value"}},
		{target: pathA + pk1 + "&app_id=app2&usage[nope]=1", header: opts("limit_headers=1"), status: 404, code: "metric_invalid",
			absent: []string{"3scale-Limit-Remaining", "3scale-Limit-Reset", "3scale-Limit-Max-Value"}},
	}},
	{name: "42 hierarchy", steps: []step{
		{target: pathA + pk1 + "&app_id=app1&app_key=k1", header: opts("hierarchy=1"), status: 200, golden: "hierarchy",
			check: func(t *testing.T, _ *env, r response, doc *statusXML) {
				if doc.Hierarchy == nil || strings.Index(string(r.body), "<hierarchy>") < strings.Index(string(r.body), "</usage_reports>") {
					t.Fatalf("no hierarchy after the usage reports: %s", r.body)
				}
				var hits, search bool
				seen := map[string]bool{}
				for _, m := range doc.Hierarchy.Metrics {
					if seen[m.Name] {
						t.Fatalf("metric %s listed twice in the hierarchy: %s", m.Name, r.body)
					}
					seen[m.Name] = true
					switch m.Name {
					case "hits":
						children := strings.Fields(m.Children)
						slices.Sort(children)
						hits = slices.Equal(children, []string{"search", "update"})
					case "search":
						search = m.Children == ""
					}
				}
				if !hits || !search {
					t.Fatalf("hierarchy wrong: %s", r.body)
				}
			}},
		{target: pathA + pk1 + "&app_id=app1&app_key=k1", status: 200, check: func(t *testing.T, _ *env, r response, doc *statusXML) {
			if doc.Hierarchy != nil {
				t.Fatal("hierarchy without the option")
			}
		}},
	}},
	{name: "43 list_app_keys", steps: []step{
		{target: pathA + pk1 + "&app_id=app1&app_key=k1", header: opts("list_app_keys=1"), status: 200, golden: "app_keys",
			check: func(t *testing.T, _ *env, r response, doc *statusXML) {
				var keys []string
				for _, k := range doc.AppKeys.Keys {
					keys = append(keys, k.ID)
				}
				slices.Sort(keys)
				if doc.AppKeys.App != "app1" || doc.AppKeys.Svc != "1001" || !slices.Equal(keys, []string{"k1", "k2"}) {
					t.Fatalf("app_keys wrong: %s", r.body)
				}
			}},
		{target: pathA + pk1 + "&app_id=app2", header: opts("list_app_keys=1"), status: 200,
			check: func(t *testing.T, _ *env, r response, doc *statusXML) {
				if doc.AppKeys == nil || len(doc.AppKeys.Keys) != 0 {
					t.Fatalf("want an empty app_keys: %s", r.body)
				}
			}},
		{target: pathA + pk1 + "&app_id=app1", header: opts("list_app_keys=1"), status: 409,
			check: func(t *testing.T, _ *env, r response, doc *statusXML) {
				if doc.AppKeys == nil || len(doc.AppKeys.Keys) != 2 {
					t.Fatalf("want app_keys on a denial: %s", r.body)
				}
			}},
	}},
	{name: "44 flat usage", setup: reportHits("app2", 9), steps: []step{
		{target: pathA + pk1 + "&app_id=app2&usage[search]=3", header: opts("flat_usage=1"), status: 200, authorized: "true"},
		{target: pathA + pk1 + "&app_id=app2&usage[search]=3", status: 409, reason: "usage limits are exceeded"},
	}},
	{name: "45 oauth success", steps: []step{{
		target: pathOA + pk1 + "&service_id=1003&app_id=o1", status: 200, authorized: "true", golden: "oauth_authorize",
		check: func(t *testing.T, _ *env, r response, doc *statusXML) {
			a := doc.Application
			if a == nil || a.ID != "o1" || a.Key != "osecret" || a.RedirectURL == nil || *a.RedirectURL != "https://cb.example/ok" {
				t.Fatalf("application block wrong: %s", r.body)
			}
			if strings.Index(string(r.body), "<application>") > strings.Index(string(r.body), "<plan>") {
				t.Fatal("application after plan")
			}
		},
	}}},
	{name: "46 oauth redirect", steps: []step{
		{target: pathOA + pk1 + "&service_id=1003&app_id=o1&redirect_uri=https%3A%2F%2Fcb.example%2Fok", status: 200,
			check: func(t *testing.T, _ *env, r response, doc *statusXML) {
				if doc.Application.RedirectURI == nil || doc.Application.RedirectURL != nil {
					t.Fatalf("want redirect_uri only: %s", r.body)
				}
			}},
		{target: pathOA + pk1 + "&service_id=1003&app_id=o1&redirect_url=https%3A%2F%2Fx", status: 409, reason: `redirect_url "https://x" is invalid`},
		{target: pathOA + pk1 + "&service_id=1003&app_id=o1&redirect_url=https%3A%2F%2Fcb.example%2Fok&redirect_uri=https%3A%2F%2Fwrong", status: 200},
		{target: pathOA + pk1 + "&service_id=1003&app_id=o1&redirect_uri=https%3A%2F%2Fwrong", header: opts("rejection_reason_header=1"), status: 409,
			reason: `redirect_uri "https://wrong" is invalid`, headers: map[string]string{"3scale-Rejection-Reason": "redirect_uri_invalid"}},
	}},
	{name: "47 oauth on a non-oauth service", steps: []step{{
		target: pathOA + pk1 + "&app_id=app1", status: 409, reason: "oauth is not enabled",
	}}},
	{name: "48 oauth without app_id", steps: []step{{
		target: pathOA + pk1 + "&service_id=1003", status: 404, code: "application_not_found", message: "application id is missing",
	}}},
	{name: "49 oauth app_key rules", steps: []step{
		{target: pathOA + pk1 + "&service_id=1003&app_id=o1&app_key=", status: 409, reason: "application key is missing"},
		{target: pathOA + pk1 + "&service_id=1003&app_id=o1&app_key=wrong", status: 409, reason: `application key "wrong" is invalid`},
		{target: pathOA + pk1 + "&service_id=1003&app_id=o1", status: 200},
		{target: pathOAR + pk1 + "&service_id=1003&app_id=o1&app_key=osecret&usage[hits]=1", status: 200, check: current("hits", "day", 1, false)},
	}},
	{name: "50 oidc through the plain endpoint", steps: []step{{
		target: pathAR + pk1 + "&service_id=1003&app_id=o1", status: 200, authorized: "true",
		check: func(t *testing.T, _ *env, r response, doc *statusXML) {
			if doc.Application != nil {
				t.Fatalf("application block on the plain endpoint: %s", r.body)
			}
		},
	}}},
	{name: "51 referrers", steps: []step{
		{target: pathA + pk1 + "&service_id=1004&app_id=r1&referrer=api.example.org", status: 200},
		{target: pathA + pk1 + "&service_id=1004&app_id=r1&referrer=example.org", status: 409, reason: `referrer "example.org" is not allowed`},
		{target: pathA + pk1 + "&service_id=1004&app_id=r1", status: 409, reason: "referrer is missing"},
		{target: pathA + pk1 + "&service_id=1004&app_id=r1&referrer=*", status: 200},
		{target: pathA + pk1 + "&service_id=1004&app_id=r1&referrer=x.example.org.evil", status: 409},
	}},
	{name: "52 report", steps: []step{{
		method: http.MethodPost, target: "/transactions.xml", header: formCT, status: 202, empty: true,
		body: pk1 + "&transactions[0][app_id]=app2&transactions[0][usage][hits]=1&transactions[1][app_id]=app2&transactions[1][usage][hits]=2",
	}}, after: counterIs("app2", "1", counter.Day, 3)},
	{name: "53 report in the query string", steps: []step{{
		method: http.MethodPost, target: "/transactions.xml?service_id=&" + pk1 + "&transactions[0][app_id]=app2&transactions[0][usage][hits]=4&transactions[0][timestamp]=" +
			strconv.FormatInt(testNow.Unix(), 10), status: 202, empty: true,
	}}, after: counterIs("app2", "1", counter.Day, 4)},
	{name: "54 report like a gateway", steps: []step{
		{method: http.MethodPost, target: "/transactions.xml?service_token=tok1&service_id=1001", header: formCT,
			body: "transactions[0][app_id]=app2&transactions[0][usage][hits]=1", status: 202},
		{method: http.MethodPost, target: "/transactions.xml?" + pk1 + "&service_id=1002", header: formCT,
			body: "transactions[0][user_key]=uk1&transactions[0][usage][hits]=1", status: 202},
	}, after: func(t *testing.T, e *env) {
		counterIs("app2", "1", counter.Day, 1)(t, e)
		if got := e.counterIn("1002", "u1", "1", counter.Day, e.now); got != 1 {
			t.Fatalf("u1 hits/day = %d, want 1", got)
		}
	}},
	{name: "55 report content type", steps: []step{
		{method: http.MethodPost, target: "/transactions.xml", header: map[string]string{"Content-Type": "application/json"}, body: "{}",
			status: 400, code: "content_type_invalid", message: "invalid Content-Type: application/json"},
		{method: http.MethodPost, target: "/transactions.xml", header: map[string]string{"Content-Type": "application/x-www-form-urlencoded; charset=UTF-8"},
			body: pk1 + "&transactions[0][app_id]=app2&transactions[0][usage][hits]=1", status: 202},
		{method: http.MethodPost, target: "/transactions.xml", header: map[string]string{"Content-Type": "multipart/form-data; boundary=XyZ"},
			body:   "--XyZ\r\nContent-Disposition: form-data; name=\"provider_key\"\r\n\r\npk1\r\n--XyZ\r\nContent-Disposition: form-data; name=\"transactions[0][app_id]\"\r\n\r\napp2\r\n--XyZ\r\nContent-Disposition: form-data; name=\"transactions[0][usage][hits]\"\r\n\r\n2\r\n--XyZ--\r\n",
			status: 202},
	}, after: counterIs("app2", "1", counter.Day, 3)},
	{name: "56 report batch validation", steps: []step{
		{method: http.MethodPost, target: "/transactions.xml", header: formCT, body: pk1, status: 400, code: "transactions_is_blank", message: "transactions parameter is blank"},
		{method: http.MethodPost, target: "/transactions.xml", header: formCT, body: pk1 + "&transactions=abc", status: 400, code: "transactions_format_invalid", message: "transactions format is invalid"},
		{method: http.MethodPost, target: "/transactions.xml", header: formCT, body: pk1 + "&transactions[0]", status: 400, code: "transactions_has_nil_transaction", message: "transactions has a nil transaction"},
		{method: http.MethodPost, target: "/transactions.xml", header: formCT, body: pk1 + "&transactions[0][user_id]=1", status: 400, code: "end_users_no_longer_supported"},
		{method: http.MethodPost, target: "/transactions.xml", header: formCT, body: pk1 + "&transactions[][app_id]=app2", status: 400, code: "transactions_format_invalid"},
	}},
	{name: "57 report without credentials", steps: []step{{
		method: http.MethodPost, target: "/transactions.xml", header: formCT, body: "transactions[0][app_id]=app2&transactions[0][usage][hits]=1",
		status: 403, code: "provider_key_or_service_token_required",
	}}},
	{name: "58 report all or nothing", steps: []step{{
		method: http.MethodPost, target: "/transactions.xml", header: formCT, status: 202,
		body: pk1 + "&transactions[0][app_id]=app2&transactions[0][usage][hits]=1&transactions[1][app_id]=nope&transactions[1][usage][hits]=1",
	}}, after: func(t *testing.T, e *env) {
		counterIs("app2", "1", counter.Day, 0)(t, e)
		errs := e.errs.all()
		if len(errs) != 1 || errs[0].Code != CodeApplicationNotFound || errs[0].ServiceID != "1001" {
			t.Fatalf("integration errors = %+v", errs)
		}
	}},
	{name: "59 report timestamps", steps: []step{
		{method: http.MethodPost, target: "/transactions.xml", header: formCT, status: 202,
			body: fmt.Sprintf("%s&transactions[0][app_id]=app2&transactions[0][usage][hits]=1&transactions[0][timestamp]=%d", pk1, testNow.Add(-25*time.Hour).Unix())},
		{method: http.MethodPost, target: "/transactions.xml", header: formCT, status: 202,
			body: fmt.Sprintf("%s&transactions[0][app_id]=app2&transactions[0][usage][hits]=2&transactions[0][timestamp]=%d", pk1, testNow.Add(-23*time.Hour).Unix())},
		{method: http.MethodPost, target: "/transactions.xml", header: formCT, status: 202,
			body: pk1 + "&transactions[0][app_id]=app2&transactions[0][usage][hits]=4&transactions[0][timestamp]=2026-03-18+10:00:10+-02:00"},
		{method: http.MethodPost, target: "/transactions.xml", header: formCT, status: 202,
			body: fmt.Sprintf("%s&transactions[0][app_id]=app2&transactions[0][usage][hits]=8&transactions[0][timestamp]=%d", pk1, testNow.Add(2*time.Hour).Unix())},
	}, after: func(t *testing.T, e *env) {
		recs := e.usage.all()
		if len(recs) != 2 {
			t.Fatalf("usage records = %d, want 2 (the 25 h old and the future ones are rejected)", len(recs))
		}
		if !recs[0].At.Equal(testNow.Add(-23 * time.Hour)) {
			t.Fatalf("23 h old transaction recorded at %s", recs[0].At)
		}
		if want := time.Date(2026, 3, 18, 12, 0, 10, 0, time.UTC); !recs[1].At.Equal(want) {
			t.Fatalf("offset transaction recorded at %s, want %s", recs[1].At, want)
		}
		// 10:00:10 -02:00 is 12:00:10 UTC, today; yesterday's day bucket is
		// over, so today holds 4 and the week holds 2+4. Only periods some
		// plan limits are counted: hits has no hour limit.
		counterIs("app2", "1", counter.Day, 4)(t, e)
		counterIs("app2", "1", counter.Hour, 0)(t, e)
		counterIs("app2", "1", counter.Week, 6)(t, e)
		errs := e.errs.all()
		if len(errs) != 2 || errs[0].Code != CodeTransactionTimestampTooOld || errs[1].Code != CodeTransactionTimestampTooNew {
			t.Fatalf("integration errors = %+v", errs)
		}
	}},
	{name: "60 report over the limit is counted", setup: reportHits("app2", 10), steps: []step{
		{method: http.MethodPost, target: "/transactions.xml", header: formCT, status: 202,
			body: pk1 + "&transactions[0][app_id]=app2&transactions[0][usage][hits]=5"},
		{target: pathA + pk1 + "&app_id=app2", status: 409, check: current("hits", "day", 15, true)},
	}},
	{name: "61 response codes", steps: []step{
		{target: pathAR + pk1 + "&app_id=app2&usage[hits]=1&log[code]=200&log[request]=x", status: 200},
		{target: pathAR + pk1 + "&app_id=app2&usage[hits]=1&log[code]=201", status: 200},
		{target: pathAR + pk1 + "&app_id=app2&usage[hits]=1&log[code]=abc", status: 200},
		{method: http.MethodPost, target: "/transactions.xml", header: formCT, status: 202,
			body: pk1 + "&transactions[0][app_id]=app2&transactions[0][usage][hits]=1&transactions[0][log][code]=503"},
	}, after: func(t *testing.T, e *env) {
		var got []string
		for _, u := range e.usage.all() {
			exact, class := ResponseCodeCounters(u.ResponseCode)
			got = append(got, fmt.Sprintf("%d:%s:%s", u.ResponseCode, exact, class))
		}
		if want := []string{"200:200:2XX", "201::2XX", "0::", "503:503:5XX"}; !slices.Equal(got, want) {
			t.Fatalf("response codes = %v, want %v", got, want)
		}
	}},
	{name: "62 parameter limits", steps: []step{
		{method: http.MethodPost, target: "/transactions.xml", header: formCT, body: manyTransactions(2100), status: 400, code: "bad_request",
			check: func(t *testing.T, _ *env, r response, doc *statusXML) {
				if !strings.HasPrefix(doc.Text, "total number of query parameters (") {
					t.Fatalf("message %q", doc.Text)
				}
			}},
		{method: http.MethodPost, target: "/transactions.xml", header: formCT, body: manyTransactions(2000), status: 202},
	}},
	{name: "63 bad percent escape", steps: []step{{
		method: http.MethodPost, target: "/transactions.xml", header: formCT, body: "x=value1%", status: 400, code: "bad_request",
		message: "Invalid query parameters: invalid %-encoding", golden: "bad_encoding",
	}}},
	{name: "64 structural conflict", steps: []step{{
		target: pathA + pk1 + "&usage[]=1&usage[hits]=1", status: 400, code: "bad_request",
		message: "request contains syntax errors, should not be repeated without modification",
	}}},
	{name: "65 invalid UTF-8", steps: []step{{
		target: pathA + "service_token=tok1&service_id=1001&user_key=%ff%fe", status: 422, code: "not_valid_data", message: "all data must be valid UTF8",
	}}},
	{name: "66 whitespace trimming", steps: []step{{target: pathA + pk1 + "&app_id=%20app2%20", status: 200, authorized: "true"}}},
	{name: "67 leading bracket keys", steps: []step{{
		target: pathAR + pk1 + "&app_id=app2&%5Busage%5D%5Bhits%5D=1", status: 200, check: current("hits", "day", 1, false),
	}}, after: counterIs("app2", "1", counter.Day, 1)},
	{name: "68 health", steps: []step{
		{target: "/status", status: 200, check: func(t *testing.T, _ *env, r response, _ *statusXML) {
			if string(r.body) != `{"status":"ok","version":{"backend":"test"}}` || r.header.Get("Content-Type") != "application/json" {
				t.Fatalf("status: %s %v", r.body, r.header)
			}
		}},
		{target: "/check.txt", status: 200, check: func(t *testing.T, _ *env, r response, _ *statusXML) {
			if string(r.body) != "ok" || !strings.HasPrefix(r.header.Get("Content-Type"), "text/plain") {
				t.Fatalf("check.txt: %q %v", r.body, r.header)
			}
		}},
		{method: http.MethodHead, target: "/available", status: 200, empty: true},
		{target: "/available", status: 404, empty: true},
	}},
	{name: "69 unknown routes", steps: []step{
		{target: "/transactions/authorize.json", status: 404, empty: true},
		{target: "/transactions.xml", status: 404, empty: true},
		{method: http.MethodPost, target: "/transactions/authorize.xml", status: 404, empty: true},
		{method: http.MethodDelete, target: "/status", status: 404, empty: true},
	}},
	{name: "70 cors", steps: []step{
		{method: http.MethodOptions, target: "/transactions/authrep.xml", status: 204, empty: true,
			check: func(t *testing.T, _ *env, r response, _ *statusXML) {
				if r.header.Get("Access-Control-Allow-Origin") != "*" || !strings.Contains(r.header.Get("Access-Control-Allow-Headers"), "3scale-options") ||
					r.header.Get("Access-Control-Max-Age") != "86400" {
					t.Fatalf("pre-flight headers: %v", r.header)
				}
			}},
		{target: pathA + pk1 + "&app_id=app2", status: 200, check: func(t *testing.T, _ *env, r response, _ *statusXML) {
			if r.header.Get("Content-Security-Policy") != "default-src 'self'" {
				t.Fatalf("headers: %v", r.header)
			}
		}},
	}},
	{name: "72 RateLimit fields", steps: []step{
		{target: pathAR + pk1 + "&app_id=app2&usage[hits]=1", header: opts("rate_limit_headers=1"), status: 200,
			headers: map[string]string{"RateLimit-Policy": `"hits-day";q=10;w=86400`, "RateLimit": `"hits-day";r=9;t=43170`},
			absent:  []string{"Retry-After", "3scale-Limit-Remaining"}},
		// The search minute limit (5) allows fewer calls of 2 searches than the hits day limit (9 left).
		{target: pathA + pk1 + "&app_id=app2&usage[search]=2", header: opts("rate_limit_headers=1&limit_headers=1"), status: 200,
			headers: map[string]string{"RateLimit-Policy": `"search-minute";q=5;w=60`, "RateLimit": `"search-minute";r=5;t=30`,
				"3scale-Limit-Remaining": "2", "3scale-Limit-Max-Value": "5"}},
		{target: pathAR + pk1 + "&app_id=app4&usage[hits]=1", header: opts("rate_limit_headers=1"), status: 200,
			absent: []string{"RateLimit", "RateLimit-Policy", "Retry-After"}},
		{target: pathA + pk1 + "&app_id=app1", header: opts("rate_limit_headers=1"), status: 409,
			absent: []string{"RateLimit", "RateLimit-Policy", "Retry-After"}},
		{target: pathAR + pk1 + "&app_id=app2&usage[hits]=1", status: 200, absent: []string{"RateLimit", "RateLimit-Policy"}},
	}},
	{name: "73 RateLimit fields on a limits denial", setup: reportHits("app2", 10), steps: []step{
		{target: pathAR + pk1 + "&app_id=app2&usage[hits]=1", header: opts("rate_limit_headers=1"), status: 409, reason: "usage limits are exceeded",
			headers: map[string]string{"RateLimit-Policy": `"hits-day";q=10;w=86400`, "RateLimit": `"hits-day";r=0;t=43170`, "Retry-After": "43170"}},
	}},
	{name: "74 RateLimit fields by the product's setting", setup: func(e *env) {
		svc := fixtureData().Services[0]
		svc.RateLimitHeaders = true
		if err := e.snaps.UpsertService(svc); err != nil {
			e.t.Fatal(err)
		}
	}, steps: []step{
		{target: pathAR + pk1 + "&app_id=app2&usage[hits]=1", status: 200,
			headers: map[string]string{"RateLimit-Policy": `"hits-day";q=10;w=86400`, "RateLimit": `"hits-day";r=9;t=43170`}},
		{target: pathA + pk1 + "&app_id=app1", status: 409, absent: []string{"RateLimit", "RateLimit-Policy"}},
	}},
	{name: "71 period boundaries", setup: func(e *env) {
		if err := e.snaps.UpsertPlan("1001", Plan{ID: "p3", Name: "Eternal", Limits: []UsageLimit{
			{MetricID: "1", Period: counter.Eternity, Max: 1000}, {MetricID: "1", Period: counter.Year, Max: 500},
			{MetricID: "1", Period: counter.Week, Max: 50}, {MetricID: "1", Period: counter.Hour, Max: 5},
		}}); err != nil {
			e.t.Fatal(err)
		}
		if err := e.snaps.UpsertApplication(Application{ServiceID: "1001", ID: "app5", PlanID: "p3", State: "active"}); err != nil {
			e.t.Fatal(err)
		}
	}, steps: []step{
		{target: pathAR + pk1 + "&app_id=app5&usage[hits]=1", status: 200, golden: "periods",
			check: checks(reportsAre("hits/eternity", "hits/year", "hits/week", "hits/hour"),
				func(t *testing.T, _ *env, r response, doc *statusXML) {
					for _, rep := range doc.UsageReports.Reports {
						if rep.Period == "eternity" {
							if rep.PeriodStart != nil || rep.PeriodEnd != nil {
								t.Fatalf("eternity report with bounds: %s", r.body)
							}
							continue
						}
						start, err1 := time.Parse(periodLayout, *rep.PeriodStart)
						end, err2 := time.Parse(periodLayout, *rep.PeriodEnd)
						if err1 != nil || err2 != nil {
							t.Fatalf("bounds do not parse: %v %v", err1, err2)
						}
						if rep.Period == "week" && (start.Weekday() != time.Monday || end.Sub(start) != 7*24*time.Hour || start.Hour() != 0) {
							t.Fatalf("week report [%s, %s)", start, end)
						}
					}
				})},
		{target: pathA + pk1 + "&app_id=app1&app_key=k1", status: 200, check: func(t *testing.T, _ *env, r response, doc *statusXML) {
			if m := doc.report("hits", "month"); m == nil || !strings.HasPrefix(*m.PeriodStart, "2026-03-01 00:00:00 +0000") || *m.PeriodEnd != "2026-04-01 00:00:00 +0000" {
				t.Fatalf("month report: %s", r.body)
			}
		}},
	}},
}

func TestConformance(t *testing.T) {
	for _, kind := range storeKinds() {
		t.Run(string(kind), func(t *testing.T) {
			for _, c := range conformanceCases {
				t.Run(c.name, func(t *testing.T) {
					e := newEnv(t, kind)
					if c.setup != nil {
						c.setup(e)
					}
					for i, s := range c.steps {
						runStep(t, e, i, s)
					}
					if c.after != nil {
						c.after(t, e)
					}
				})
			}
		})
	}
}

func runStep(t *testing.T, e *env, i int, s step) {
	t.Helper()
	method := s.method
	if method == "" {
		method = http.MethodGet
	}
	r := e.do(method, s.target, s.header, s.body)
	where := fmt.Sprintf("step %d (%s %s)", i, method, s.target)
	if len(where) > 200 {
		where = where[:200]
	}
	if r.status != s.status {
		t.Fatalf("%s: status %d, want %d; body %s", where, r.status, s.status, r.body)
	}
	protocol := strings.HasPrefix(s.target, "/transactions") && method != http.MethodOptions
	if protocol {
		if ct := r.header.Get("Content-Type"); ct != "application/vnd.3scale-v2.0+xml" {
			t.Fatalf("%s: Content-Type %q", where, ct)
		}
		if !strings.Contains(r.header.Get("Access-Control-Expose-Headers"), "3scale-rejection-reason") || r.header.Get("Access-Control-Allow-Origin") != "*" {
			t.Fatalf("%s: CORS headers missing: %v", where, r.header)
		}
	}
	for k, v := range s.headers {
		if got := r.header.Get(k); got != v {
			t.Fatalf("%s: header %s = %q, want %q", where, k, got, v)
		}
	}
	for _, k := range s.absent {
		if _, ok := r.header[http.CanonicalHeaderKey(k)]; ok {
			t.Fatalf("%s: unexpected header %s: %q", where, k, r.header.Get(k))
		}
		if _, ok := r.header[strings.ToLower(k)]; ok {
			t.Fatalf("%s: unexpected header %s", where, k)
		}
	}
	if s.empty {
		if len(r.body) != 0 {
			t.Fatalf("%s: want an empty body, got %s", where, r.body)
		}
		return
	}
	var doc *statusXML
	if protocol && len(r.body) > 0 {
		doc = parseDoc(t, r.body)
		if !strings.HasPrefix(string(r.body), `<?xml version="1.0" encoding="UTF-8"?><`) {
			t.Fatalf("%s: document does not start with the XML declaration: %s", where, r.body)
		}
	}
	if s.code != "" {
		if doc == nil || doc.XMLName.Local != "error" || doc.Code != s.code {
			t.Fatalf("%s: want error %s, got %s", where, s.code, r.body)
		}
		if s.message != "" && doc.Text != s.message {
			t.Fatalf("%s: message %q, want %q", where, doc.Text, s.message)
		}
	}
	if s.authorized != "" || s.reason != "" {
		if doc == nil || doc.XMLName.Local != "status" {
			t.Fatalf("%s: want a status document, got %s", where, r.body)
		}
		if doc.Plan == nil {
			t.Fatalf("%s: status without plan", where)
		}
	}
	if s.authorized != "" && doc.Authorized != s.authorized {
		t.Fatalf("%s: authorized %q, want %q", where, doc.Authorized, s.authorized)
	}
	if s.reason != "" && doc.Reason != s.reason {
		t.Fatalf("%s: reason %q, want %q", where, doc.Reason, s.reason)
	}
	if s.golden != "" {
		golden(t, "conformance/"+s.golden, r.body)
	}
	if s.check != nil {
		s.check(t, e, r, doc)
	}
}
