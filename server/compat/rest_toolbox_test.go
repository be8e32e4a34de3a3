package compat_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"testing"

	"github.com/portico-apim/portico/ent/domainevent"
	"github.com/portico-apim/portico/ent/servicetoken"
	"github.com/portico-apim/portico/server/apptest"
)

// toolbox sends a request as the 3scale toolbox (3scale-api gem) does: a
// .json URL, JSON Accept and Content-Type, basic credentials with an empty
// user, and a JSON body.
func (a *restAPI) toolbox(t *testing.T, method, path string, body any) (int, map[string]any) {
	t.Helper()
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			t.Fatal(err)
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, a.in.URL+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("Content-Type", "application/json")
	req.SetBasicAuth("", a.token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var out map[string]any
	if len(bytes.TrimSpace(raw)) > 0 && raw[0] == '{' {
		if err := json.Unmarshal(raw, &out); err != nil {
			t.Fatalf("%s %s: %v %s", method, path, err, raw)
		}
	}
	return resp.StatusCode, out
}

func (a *restAPI) tb(t *testing.T, status int, method, path string, body any) map[string]any {
	t.Helper()
	got, out := a.toolbox(t, method, path, body)
	if got != status {
		t.Fatalf("%s %s: %d %v", method, path, got, out)
	}
	return out
}

func field(t *testing.T, doc map[string]any, root, name string) any {
	t.Helper()
	obj, ok := doc[root].(map[string]any)
	if !ok {
		t.Fatalf("no %s in %v", root, doc)
	}
	return obj[name]
}

// TestToolboxJSON runs the calls of spec §8.2 the way the toolbox sends
// them, with wrapped and flat JSON bodies.
func TestToolboxJSON(t *testing.T) {
	a := newRestAPI(t)

	// Wrapped create, flat update.
	svc := a.tb(t, 201, "POST", "/admin/api/services.json", map[string]any{"service": map[string]any{"name": "Weather", "system_name": "weather"}})
	sid := idOf(t, svc, "service")
	base := fmt.Sprintf("/admin/api/services/%d", sid)
	if got := field(t, a.tb(t, 200, "PUT", base+".json", map[string]any{"description": "Forecasts"}), "service", "description"); got != "Forecasts" {
		t.Errorf("flat update: %v", got)
	}
	if got := field(t, a.tb(t, 200, "GET", base+".json", nil), "service", "description"); got != "Forecasts" {
		t.Errorf("re-read: %v", got)
	}
	// 422 answers are JSON with errors, as the toolbox parses them.
	code, body := a.toolbox(t, "POST", "/admin/api/services.json", map[string]any{"service": map[string]any{"system_name": "nameless"}})
	if code != 422 || body["errors"] == nil {
		t.Errorf("toolbox 422: %d %v", code, body)
	}

	metric := a.tb(t, 201, "POST", base+"/metrics.json", map[string]any{"metric": map[string]any{"friendly_name": "Forecasts", "unit": "forecast"}})
	mid := idOf(t, metric, "metric")
	hits := int(a.tb(t, 200, "GET", base+"/metrics.json", nil)["metrics"].([]any)[0].(map[string]any)["metric"].(map[string]any)["id"].(float64))
	a.tb(t, 201, "POST", fmt.Sprintf("%s/metrics/%d/methods.json", base, hits), map[string]any{"friendly_name": "Daily"})
	a.tb(t, 201, "POST", base+"/proxy/mapping_rules.json", map[string]any{"mapping_rule": map[string]any{"http_method": "GET", "pattern": "/forecast",
		"delta": 1, "metric_id": mid}})
	rule := a.tb(t, 201, "POST", base+"/proxy/mapping_rules.json", map[string]any{"http_method": "GET", "pattern": "/daily", "delta": 2, "metric_id": hits})
	rid := idOf(t, rule, "mapping_rule")
	if got := field(t, a.tb(t, 200, "PATCH", fmt.Sprintf("%s/proxy/mapping_rules/%d.json", base, rid), map[string]any{"mapping_rule": map[string]any{"last": true}}),
		"mapping_rule", "last"); got != true {
		t.Errorf("mapping rule PATCH: %v", got)
	}

	plan := a.tb(t, 201, "POST", base+"/application_plans.json", map[string]any{"application_plan": map[string]any{"name": "Basic", "system_name": "basic",
		"approval_required": false, "cost_per_month": 10, "setup_fee": 1.5, "state_event": "publish"}})
	pid := idOf(t, plan, "application_plan")
	if got := field(t, a.tb(t, 200, "PATCH", fmt.Sprintf("%s/application_plans/%d.json", base, pid), map[string]any{"application_plan": map[string]any{"trial_period_days": 14}}),
		"application_plan", "trial_period_days"); got != float64(14) {
		t.Errorf("plan PATCH: %v", got)
	}
	plans := a.tb(t, 200, "GET", "/admin/api/application_plans.json", nil)["plans"].([]any)
	if len(plans) < 3 {
		t.Errorf("all application plans: %v", plans)
	}
	pl := fmt.Sprintf("/admin/api/application_plans/%d", pid)
	a.tb(t, 201, "POST", fmt.Sprintf("%s/metrics/%d/limits.json", pl, mid), map[string]any{"limit": map[string]any{"period": "day", "value": 100}})
	a.tb(t, 201, "POST", fmt.Sprintf("%s/metrics/%d/pricing_rules.json", pl, mid), map[string]any{"pricing_rule": map[string]any{"min": 1, "cost_per_unit": "0.01"}})
	if n := len(a.tb(t, 200, "GET", pl+"/limits.json", nil)["limits"].([]any)); n != 1 {
		t.Errorf("plan limits: %d", n)
	}
	if n := len(a.tb(t, 200, "GET", pl+"/pricing_rules.json", nil)["pricing_rules"].([]any)); n != 1 {
		t.Errorf("plan pricing rules: %d", n)
	}
	feat := a.tb(t, 201, "POST", base+"/features.json", map[string]any{"feature": map[string]any{"name": "SLA", "system_name": "sla", "scope": "ApplicationPlan"}})
	fid := idOf(t, feat, "feature")
	a.tb(t, 201, "POST", pl+"/features.json", map[string]any{"feature_id": fid})
	if n := len(a.tb(t, 200, "GET", pl+"/features.json", nil)["features"].([]any)); n != 1 {
		t.Errorf("plan features: %d", n)
	}
	if n := len(a.tb(t, 200, "GET", base+"/features.json", nil)["features"].([]any)); n != 1 {
		t.Errorf("service features: %d", n)
	}
	a.tb(t, 200, "DELETE", fmt.Sprintf("%s/features/%d.json", pl, fid), nil)

	// Integration settings, policies, deployment and configurations.
	px := a.tb(t, 200, "PUT", base+"/proxy.json", map[string]any{"proxy": map[string]any{"sandbox_endpoint": "https://weather-staging.example.com",
		"endpoint": "https://weather.example.com", "api_backend": "https://weather.internal:443"}})
	if field(t, px, "proxy", "api_backend") != "https://weather.internal:443" {
		t.Errorf("proxy: %v", px)
	}
	pol := a.tb(t, 200, "PUT", base+"/proxy/policies.json", map[string]any{"policies_config": []any{
		map[string]any{"name": "headers", "version": "builtin", "enabled": true, "configuration": map[string]any{}},
		map[string]any{"name": "apicast", "version": "builtin", "enabled": true, "configuration": map[string]any{}},
	}})
	if chain := pol["policies_config"].([]any); len(chain) != 2 {
		t.Errorf("policies: %v", pol)
	}
	a.tb(t, 201, "POST", base+"/proxy/deploy.json", nil)
	latest := a.tb(t, 200, "GET", base+"/proxy/configs/sandbox/latest.json", nil)
	if field(t, latest, "proxy_config", "version") != float64(1) {
		t.Errorf("latest: %v", latest)
	}
	a.tb(t, 200, "GET", base+"/proxy/configs/sandbox.json", nil)
	a.tb(t, 200, "GET", base+"/proxy/configs/sandbox/1.json", nil)
	a.tb(t, 201, "POST", base+"/proxy/configs/sandbox/1/promote.json?to=production", nil)
	a.tb(t, 200, "GET", base+"/proxy/configs/production/latest.json", nil)

	// A list larger than the page carries 3scale's metadata; one that fits does not.
	paged := a.tb(t, 200, "GET", "/admin/api/services.json?page=2&per_page=1", nil)
	meta, _ := paged["metadata"].(map[string]any)
	if len(paged["services"].([]any)) != 1 || meta == nil || meta["per_page"] != float64(1) || meta["total_entries"] != float64(2) ||
		meta["total_pages"] != float64(2) || meta["current_page"] != float64(2) {
		t.Errorf("second page: %v", paged)
	}
	if whole := a.tb(t, 200, "GET", "/admin/api/services.json?per_page=oops", nil); whole["metadata"] != nil || len(whole["services"].([]any)) != 2 {
		t.Errorf("whole list: %v", whole)
	}
	if ans := a.call(t, "GET", "/admin/api/services.xml?per_page=1", a.token, "", nil); !bytes.Contains(ans.body,
		[]byte(`<services per_page="1" total_entries="2" total_pages="2" current_page="1">`)) {
		t.Errorf("XML page: %s", ans.body)
	}

	// The provider, accounts, users and applications.
	prov := a.tb(t, 200, "GET", "/admin/api/provider.json", nil)
	if field(t, prov, "account", "admin_domain") != a.tenant.AdminDomain {
		t.Errorf("provider: %v", prov)
	}
	if got := field(t, a.tb(t, 200, "PUT", "/admin/api/provider.json", map[string]any{"support_email": "help@provider.test"}), "account", "support_email"); got != "help@provider.test" {
		t.Errorf("provider update: %v", got)
	}
	acc := a.tb(t, 201, "POST", "/admin/api/signup.json", map[string]any{"org_name": "Initech", "username": "peter", "email": "peter@initech.test"})
	aid := idOf(t, acc, "account")
	accPath := fmt.Sprintf("/admin/api/accounts/%d", aid)
	a.tb(t, 200, "PUT", accPath+"/make_pending.json", nil)
	if got := field(t, a.tb(t, 200, "PUT", accPath+"/approve.json", nil), "account", "state"); got != "approved" {
		t.Errorf("approve: %v", got)
	}
	// REST changes record the same domain events as GraphQL's.
	for _, ev := range []string{"account.made_pending", "account.approved"} {
		n, err := a.in.Client().DomainEvent.Query().Where(domainevent.EventType(ev), domainevent.ObjectID(aid)).Count(apptest.SystemContext())
		if err != nil || n != 1 {
			t.Errorf("%s events of the account: %d %v", ev, n, err)
		}
	}
	if n := len(a.tb(t, 200, "GET", "/admin/api/accounts.json?state=approved", nil)["accounts"].([]any)); n != 1 {
		t.Errorf("approved accounts: %d", n)
	}
	user := a.tb(t, 201, "POST", accPath+"/users.json", map[string]any{"username": "milton", "email": "milton@initech.test", "password": "Stapl3r-red-one"})
	uid := idOf(t, user, "user")
	if got := field(t, a.tb(t, 200, "PUT", fmt.Sprintf("%s/users/%d/activate.json", accPath, uid), nil), "user", "state"); got != "active" {
		t.Errorf("activate: %v", got)
	}
	app := a.tb(t, 201, "POST", accPath+"/applications.json", map[string]any{"plan_id": pid, "name": "Umbrella app"})
	appID := idOf(t, app, "application")
	userKey, _ := field(t, app, "application", "user_key").(string)
	if len(userKey) != 32 {
		t.Fatalf("generated user key: %v", app)
	}
	list := a.tb(t, 200, "GET", fmt.Sprintf("/admin/api/applications.json?service_id=%d&plan_id=%d", sid, pid), nil)["applications"].([]any)
	if len(list) != 1 {
		t.Errorf("applications by service and plan: %v", list)
	}
	for _, q := range []string{fmt.Sprintf("id=%d", appID), "user_key=" + userKey, fmt.Sprintf("user_key=%s&service_id=%d", userKey, sid)} {
		if got := idOf(t, a.tb(t, 200, "GET", "/admin/api/applications/find.json?"+q, nil), "application"); got != appID {
			t.Errorf("find %s: %d", q, got)
		}
	}
	if code, _ := a.toolbox(t, "GET", "/admin/api/applications/find.json?app_id=nope", nil); code != 404 {
		t.Errorf("find unknown: %d", code)
	}
	// The gateway decides on what the REST API just created: the day limit
	// of 100 forecasts admits a call of 60 and refuses a second one.
	st, err := a.in.Client().ServiceToken.Query().Where(servicetoken.ProductID(sid)).First(apptest.SystemContext())
	if err != nil {
		t.Fatal(err)
	}
	decide := func() int {
		q := url.Values{"service_token": {st.Value}, "service_id": {itoa(sid)}, "user_key": {userKey}, "usage[forecasts]": {"60"}}
		resp, err := http.Get(a.in.URL + "/transactions/authrep.xml?" + q.Encode())
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if first, second := decide(), decide(); first != 200 || second != 409 {
		t.Errorf("authrep on the REST-built product: %d then %d, want 200 then 409", first, second)
	}
	appPath := fmt.Sprintf("%s/applications/%d", accPath, appID)
	custom := a.tb(t, 200, "PUT", appPath+"/customize_plan.json", nil)
	if field(t, custom, "application_plan", "custom") != true {
		t.Errorf("customize: %v", custom)
	}
	back := a.tb(t, 200, "PUT", appPath+"/decustomize_plan.json", nil)
	if idOf(t, back, "application_plan") != pid {
		t.Errorf("decustomize: %v", back)
	}
	a.tb(t, 200, "DELETE", fmt.Sprintf("%s/proxy/mapping_rules/%d.json", base, rid), nil)
}
