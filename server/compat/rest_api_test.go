package compat_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/portico-apim/portico/ent"
	"github.com/portico-apim/portico/ent/accesstoken"
	"github.com/portico-apim/portico/ent/tenant"
	"github.com/portico-apim/portico/schema/viewer"
	"github.com/portico-apim/portico/server/apptest"
)

// restAPI is a running server with one tenant's read-write token.
type restAPI struct {
	in     *apptest.Instance
	tenant *ent.Tenant
	token  string
}

func newRestAPI(t *testing.T) *restAPI {
	t.Helper()
	in := apptest.Start(t)
	tn, err := in.Client().Tenant.Query().Where(tenant.Master(false)).Only(apptest.SystemContext())
	if err != nil {
		t.Fatal(err)
	}
	return &restAPI{in: in, tenant: tn, token: newToken(t, in, tn.ID, accesstoken.PermissionRW, viewer.ScopeAccountManagement)}
}

// call sends a request with the token in HTTP basic credentials (empty user,
// as the 3scale clients do). body is url.Values (form) or anything else
// (JSON); host, when set, is the Host header.
func (a *restAPI) call(t *testing.T, method, path, token, host string, body any) answer {
	t.Helper()
	var rd io.Reader
	ctype := ""
	switch b := body.(type) {
	case nil:
	case url.Values:
		rd, ctype = strings.NewReader(b.Encode()), "application/x-www-form-urlencoded"
	case string:
		rd, ctype = strings.NewReader(b), "application/json"
	default:
		j, err := json.Marshal(b)
		if err != nil {
			t.Fatal(err)
		}
		rd, ctype = bytes.NewReader(j), "application/json"
	}
	req, err := http.NewRequest(method, a.in.URL+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	if token != "" {
		req.SetBasicAuth("", token)
	}
	if host != "" {
		req.Host = host
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return answer{resp.StatusCode, resp.Header, b}
}

// want calls and requires status; it returns the decoded JSON object of a
// .json answer (nil otherwise).
func (a *restAPI) want(t *testing.T, status int, method, path string, body any) map[string]any {
	t.Helper()
	ans := a.call(t, method, path, a.token, "", body)
	if ans.status != status {
		t.Fatalf("%s %s: %d %s", method, path, ans.status, ans.body)
	}
	var out map[string]any
	if strings.HasSuffix(strings.SplitN(path, "?", 2)[0], ".json") && len(ans.body) > 0 && ans.body[0] == '{' {
		if err := json.Unmarshal(ans.body, &out); err != nil {
			t.Fatalf("%s %s: %v", method, path, err)
		}
	}
	return out
}

// idOf reads root.id of a JSON answer.
func idOf(t *testing.T, doc map[string]any, root string) int {
	t.Helper()
	obj, ok := doc[root].(map[string]any)
	if !ok {
		t.Fatalf("no %s in %v", root, doc)
	}
	return int(obj["id"].(float64))
}

// fixture is one of everything, built through the REST API.
type fixture struct {
	product, backend, usage, hits, metric, method, rule, backendMetric, backendRule int
	plan, limit, pricingRule, feature, account, user, admin, app                    int
	appKey                                                                          string
}

func (a *restAPI) build(t *testing.T) fixture {
	t.Helper()
	var f fixture
	f.product = idOf(t, a.want(t, 201, "POST", "/admin/api/services.json", url.Values{"service[name]": {"Maps"}, "service[system_name]": {"maps"},
		"service[description]": {"Tiles and routes"}, "service[backend_version]": {"2"}}), "service")
	svc := fmt.Sprintf("/admin/api/services/%d", f.product)
	f.backend = idOf(t, a.want(t, 201, "POST", "/admin/api/backend_apis.json", url.Values{"name": {"Tiles"}, "system_name": {"tiles"},
		"private_endpoint": {"https://tiles.internal:8443"}}), "backend_api")
	f.usage = idOf(t, a.want(t, 201, "POST", svc+"/backend_usages.json", url.Values{"backend_api_id": {itoa(f.backend)}, "path": {"/tiles"}}), "backend_usage")
	metrics := a.want(t, 200, "GET", svc+"/metrics.json", nil)["metrics"].([]any)
	f.hits = int(metrics[0].(map[string]any)["metric"].(map[string]any)["id"].(float64))
	f.metric = idOf(t, a.want(t, 201, "POST", svc+"/metrics.json", url.Values{"friendly_name": {"Routes"}, "unit": {"route"}}), "metric")
	f.method = idOf(t, a.want(t, 201, "POST", fmt.Sprintf("%s/metrics/%d/methods.json", svc, f.hits), url.Values{"friendly_name": {"Geocode"}}), "method")
	f.rule = idOf(t, a.want(t, 201, "POST", svc+"/proxy/mapping_rules.json", url.Values{"http_method": {"GET"}, "pattern": {"/routes/{id}"},
		"delta": {"1"}, "metric_id": {itoa(f.metric)}}), "mapping_rule")
	be := fmt.Sprintf("/admin/api/backend_apis/%d", f.backend)
	f.backendMetric = idOf(t, a.want(t, 201, "POST", be+"/metrics.json", url.Values{"friendly_name": {"Hits"}, "system_name": {"hits"}, "unit": {"hit"}}), "metric")
	f.backendRule = idOf(t, a.want(t, 201, "POST", be+"/mapping_rules.json", url.Values{"http_method": {"GET"}, "pattern": {"/z/{z}/{x}/{y}.png"},
		"delta": {"1"}, "metric_id": {itoa(f.backendMetric)}}), "mapping_rule")
	f.plan = idOf(t, a.want(t, 201, "POST", svc+"/application_plans.json", url.Values{"application_plan[name]": {"Pro"},
		"application_plan[cost_per_month]": {"20.5"}, "application_plan[setup_fee]": {"5"}, "application_plan[state_event]": {"publish"}}), "application_plan")
	pl := fmt.Sprintf("/admin/api/application_plans/%d", f.plan)
	f.limit = idOf(t, a.want(t, 201, "POST", fmt.Sprintf("%s/metrics/%d/limits.json", pl, f.metric), url.Values{"period": {"month"}, "value": {"1000"}}), "limit")
	f.pricingRule = idOf(t, a.want(t, 201, "POST", fmt.Sprintf("%s/metrics/%d/pricing_rules.json", pl, f.metric),
		url.Values{"min": {"1"}, "max": {"500"}, "cost_per_unit": {"0.015"}}), "pricing_rule")
	f.feature = idOf(t, a.want(t, 201, "POST", svc+"/features.json", url.Values{"name": {"Offline maps"}, "description": {"Download tiles"}}), "feature")
	a.want(t, 201, "POST", pl+"/features.json", url.Values{"feature_id": {itoa(f.feature)}})
	acc := a.want(t, 201, "POST", "/admin/api/signup.json", url.Values{"org_name": {"Globex"}, "username": {"hank"}, "email": {"hank@globex.test"},
		"password": {"Sup3r-secret-pw"}})
	f.account = idOf(t, acc, "account")
	accPath := fmt.Sprintf("/admin/api/accounts/%d", f.account)
	users := a.want(t, 200, "GET", accPath+"/users.json", nil)["users"].([]any)
	f.admin = int(users[0].(map[string]any)["user"].(map[string]any)["id"].(float64))
	f.user = idOf(t, a.want(t, 201, "POST", accPath+"/users.json", url.Values{"username": {"marge"}, "email": {"marge@globex.test"}}), "user")
	app := a.want(t, 201, "POST", accPath+"/applications.json", url.Values{"plan_id": {itoa(f.plan)}, "name": {"Fleet tracker"},
		"description": {"Trucks on a map"}, "application_id": {"fleet-01"}, "application_key": {"fleet-key-0001"}})
	f.app = idOf(t, app, "application")
	f.appKey = "fleet-key-0001"
	return f
}

func itoa(n int) string { return strconv.Itoa(n) }

var (
	xmlStamp = regexp.MustCompile(`\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)`)
	idJSON   = regexp.MustCompile(`"((?:[a-z_]+_)?id)": (\d+)`)
	idXML    = regexp.MustCompile(`<((?:[a-z_]+_)?id)>(\d+)</`)
	hrefID   = regexp.MustCompile(`/(\d+)(/|")`)
	secretXY = regexp.MustCompile(`Shared_secret_sent_from_proxy_to_API_backend_[0-9a-f]+`)
)

// goldenDoc compares an XML or JSON answer with testdata/<name>, after
// replacing times, the origin, secrets and database ids (by their labels).
func goldenDoc(t *testing.T, name string, body []byte, labels map[int]string) {
	t.Helper()
	label := func(n string) string {
		id, _ := strconv.Atoi(n)
		if l, ok := labels[id]; ok {
			return "{" + l + "}"
		}
		return "{id}"
	}
	var s string
	if strings.HasSuffix(name, ".json") {
		var buf bytes.Buffer
		if err := json.Indent(&buf, body, "", "  "); err != nil {
			t.Fatalf("%s: not JSON: %s", name, body)
		}
		s = buf.String()
		s = idJSON.ReplaceAllStringFunc(s, func(m string) string {
			p := idJSON.FindStringSubmatch(m)
			return `"` + p[1] + `": ` + `"` + label(p[2]) + `"`
		})
		lines := strings.Split(s, "\n")
		for i, l := range lines {
			if strings.Contains(l, `"href"`) {
				lines[i] = hrefID.ReplaceAllStringFunc(l, func(m string) string {
					p := hrefID.FindStringSubmatch(m)
					return "/" + label(p[1]) + p[2]
				})
			}
		}
		s = strings.Join(lines, "\n")
	} else {
		s = string(body)
		s = idXML.ReplaceAllStringFunc(s, func(m string) string {
			p := idXML.FindStringSubmatch(m)
			return "<" + p[1] + ">" + label(p[2]) + "</"
		})
		s = strings.ReplaceAll(s, "><", ">\n<")
	}
	s = xmlStamp.ReplaceAllString(s, "2026-01-01T00:00:00Z")
	s = origin.ReplaceAllString(s, "http://portico.test")
	s = secretXY.ReplaceAllString(s, "Shared_secret_sent_from_proxy_to_API_backend_<hex>")
	path := filepath.Join("testdata", "rest", name)
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
	if strings.TrimSpace(string(want)) != s {
		t.Errorf("%s differs from %s:\n%s", name, path, s)
	}
}

// TestRepresentations compares the XML and JSON answers of every family
// with golden files written from spec §3.
func TestRepresentations(t *testing.T) {
	a := newRestAPI(t)
	f := a.build(t)
	labels := map[int]string{f.product: "service", f.backend: "backend", f.usage: "usage", f.hits: "hits", f.metric: "metric",
		f.method: "method", f.rule: "rule", f.backendMetric: "backend_metric", f.backendRule: "backend_rule", f.plan: "plan",
		f.limit: "limit", f.pricingRule: "pricing_rule", f.feature: "feature", f.account: "account", f.user: "user",
		f.admin: "admin", f.app: "application", a.tenant.ID: "tenant"}
	svc := fmt.Sprintf("/admin/api/services/%d", f.product)
	pl := fmt.Sprintf("/admin/api/application_plans/%d", f.plan)
	acc := fmt.Sprintf("/admin/api/accounts/%d", f.account)
	both := []struct{ name, path string }{
		{"service", svc},
		{"metric", fmt.Sprintf("%s/metrics/%d", svc, f.metric)},
		{"method", fmt.Sprintf("%s/metrics/%d/methods/%d", svc, f.hits, f.method)},
		{"mapping_rules", svc + "/proxy/mapping_rules"},
		{"application_plan", fmt.Sprintf("%s/application_plans/%d", svc, f.plan)},
		{"limits", pl + "/limits"},
		{"pricing_rules", pl + "/pricing_rules"},
		{"plan_features", pl + "/features"},
		{"account", acc},
		{"user", fmt.Sprintf("%s/users/%d", acc, f.user)},
		{"application", fmt.Sprintf("%s/applications/%d", acc, f.app)},
		{"application_keys", fmt.Sprintf("%s/applications/%d/keys", acc, f.app)},
		{"proxy", svc + "/proxy"},
		{"oidc_configuration", svc + "/proxy/oidc_configuration"},
		{"provider", "/admin/api/provider"},
	}
	for _, c := range both {
		for _, ext := range []string{".xml", ".json"} {
			ans := a.call(t, "GET", c.path+ext, a.token, "", nil)
			if ans.status != 200 {
				t.Fatalf("GET %s%s: %d %s", c.path, ext, ans.status, ans.body)
			}
			wantType := "application/json; charset=utf-8"
			if ext == ".xml" {
				wantType = "application/xml; charset=utf-8"
				if !bytes.HasPrefix(ans.body, []byte(`<?xml version="1.0" encoding="UTF-8"?>`)) {
					t.Errorf("%s%s: no XML declaration", c.path, ext)
				}
			}
			if got := ans.header.Get("Content-Type"); got != wantType {
				t.Errorf("%s%s: content type %q", c.path, ext, got)
			}
			goldenDoc(t, c.name+ext, ans.body, labels)
		}
	}
	jsonOnly := []struct{ name, path string }{
		{"backend_api", fmt.Sprintf("/admin/api/backend_apis/%d", f.backend)},
		{"backend_metrics", fmt.Sprintf("/admin/api/backend_apis/%d/metrics", f.backend)},
		{"backend_mapping_rule", fmt.Sprintf("/admin/api/backend_apis/%d/mapping_rules/%d", f.backend, f.backendRule)},
		{"backend_usages", svc + "/backend_usages"},
		{"policies", svc + "/proxy/policies"},
		{"settings", "/admin/api/settings"},
	}
	for _, c := range jsonOnly {
		ans := a.call(t, "GET", c.path+".json", a.token, "", nil)
		if ans.status != 200 {
			t.Fatalf("GET %s.json: %d %s", c.path, ans.status, ans.body)
		}
		goldenDoc(t, c.name+".json", ans.body, labels)
		if x := a.call(t, "GET", c.path+".xml", a.token, "", nil); x.status != http.StatusNotAcceptable {
			t.Errorf("GET %s.xml: %d, want 406", c.path, x.status)
		}
	}
	// The extension wins over Accept, and a path without one is XML.
	req, _ := http.NewRequest("GET", a.in.URL+svc+".json", nil)
	req.Header.Set("Accept", "application/xml")
	req.SetBasicAuth("", a.token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
		t.Errorf(".json with Accept XML answered %s", resp.Header.Get("Content-Type"))
	}
	if ans := a.call(t, "GET", svc, a.token, "", nil); !bytes.HasPrefix(ans.body, []byte("<?xml")) {
		t.Errorf("no extension: %s", ans.body)
	}
	// Validation errors in both formats.
	for _, ext := range []string{".xml", ".json"} {
		ans := a.call(t, "POST", "/admin/api/services"+ext, a.token, "", url.Values{"service[description]": {"no name"}})
		if ans.status != http.StatusUnprocessableEntity {
			t.Fatalf("blank name%s: %d %s", ext, ans.status, ans.body)
		}
		goldenDoc(t, "errors_blank_name"+ext, ans.body, labels)
	}
}
