package compat_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
)

// TestServiceAndAccountPlans drives service plans, account plans and their
// features through the REST API: create, read in both formats against
// golden files (§3.6, §3.11), default, features, update, delete, errors.
func TestServiceAndAccountPlans(t *testing.T) {
	a := newRestAPI(t)
	f := a.build(t)
	svc := fmt.Sprintf("/admin/api/services/%d", f.product)

	sp := idOf(t, a.want(t, 201, "POST", svc+"/service_plans.json", map[string]any{"service_plan": map[string]any{
		"name": "Premium support", "approval_required": true, "setup_fee": "10.50", "cost_per_month": "99", "state_event": "publish"}}), "service_plan")
	ap := idOf(t, a.want(t, 201, "POST", "/admin/api/account_plans.json", url.Values{"name": {"Partners"}, "system_name": {"partners"}}), "account_plan")
	labels := map[int]string{f.product: "service", sp: "service_plan", ap: "account_plan", a.tenant.ID: "tenant"}

	for _, c := range []struct{ name, path string }{
		{"service_plan", fmt.Sprintf("%s/service_plans/%d", svc, sp)},
		{"account_plan", fmt.Sprintf("/admin/api/account_plans/%d", ap)},
	} {
		for _, ext := range []string{".xml", ".json"} {
			ans := a.call(t, "GET", c.path+ext, a.token, "", nil)
			if ans.status != 200 {
				t.Fatalf("GET %s%s: %d %s", c.path, ext, ans.status, ans.body)
			}
			goldenDoc(t, c.name+ext, ans.body, labels)
		}
	}

	// Listings: per product, across products, and the provider's account
	// plans (the default one a fresh tenant has, and the new one).
	if n := len(a.want(t, 200, "GET", svc+"/service_plans.json", nil)["plans"].([]any)); n < 1 {
		t.Errorf("%d service plans of the product", n)
	}
	found := false
	for _, p := range a.want(t, 200, "GET", "/admin/api/service_plans.json", nil)["plans"].([]any) {
		if int(p.(map[string]any)["service_plan"].(map[string]any)["id"].(float64)) == sp {
			found = true
		}
	}
	if !found {
		t.Error("the new service plan is not in /admin/api/service_plans")
	}
	accounts := a.want(t, 200, "GET", "/admin/api/account_plans.json", nil)["plans"].([]any)
	if len(accounts) != 2 {
		t.Errorf("%d account plans, want the default one and Partners", len(accounts))
	}

	// Default: the XML attribute appears only on the default plan.
	a.want(t, 200, "PUT", fmt.Sprintf("/admin/api/account_plans/%d/default.json", ap), nil)
	x := a.call(t, "GET", fmt.Sprintf("/admin/api/account_plans/%d.xml", ap), a.token, "", nil)
	if !strings.Contains(string(x.body), `<plan default="true">`) {
		t.Errorf("default account plan XML: %s", x.body)
	}
	if got := a.want(t, 200, "GET", fmt.Sprintf("/admin/api/account_plans/%d.json", ap), nil)["account_plan"].(map[string]any)["default"]; got != true {
		t.Errorf("default = %v after PUT default", got)
	}

	// Features: a product feature for service plans, a provider feature for
	// account plans; each enabled on its kind of plan only.
	sf := idOf(t, a.want(t, 201, "POST", svc+"/features.json", url.Values{"name": {"24/7 phone"}, "scope": {"ServicePlan"}}), "feature")
	af := idOf(t, a.want(t, 201, "POST", "/admin/api/features.json", url.Values{"name": {"Invoices by post"}, "description": {"paper"}}), "feature")
	if got := a.want(t, 200, "GET", fmt.Sprintf("/admin/api/features/%d.json", af), nil)["feature"].(map[string]any); got["scope"] != "account_plan" || got["account_id"] == nil {
		t.Errorf("provider feature %v", got)
	}
	if n := len(a.want(t, 200, "GET", "/admin/api/features.json", nil)["features"].([]any)); n != 1 {
		t.Errorf("%d provider features, want 1 (product features are listed under their product)", n)
	}
	a.want(t, 201, "POST", fmt.Sprintf("/admin/api/service_plans/%d/features.json", sp), url.Values{"feature_id": {itoa(sf)}})
	a.want(t, 201, "POST", fmt.Sprintf("/admin/api/account_plans/%d/features.json", ap), url.Values{"feature_id": {itoa(af)}})
	if ans := a.call(t, "POST", fmt.Sprintf("/admin/api/account_plans/%d/features.json", ap), a.token, "", url.Values{"feature_id": {itoa(sf)}}); ans.status != 422 ||
		!strings.Contains(string(ans.body), "service plans") {
		t.Errorf("a service plan feature on an account plan: %d %s, want 422", ans.status, ans.body)
	}
	if n := len(a.want(t, 200, "GET", fmt.Sprintf("/admin/api/service_plans/%d/features.json", sp), nil)["features"].([]any)); n != 1 {
		t.Errorf("%d features on the service plan, want 1", n)
	}
	a.want(t, 200, "DELETE", fmt.Sprintf("/admin/api/account_plans/%d/features/%d.json", ap, af), nil)
	a.want(t, 200, "PUT", fmt.Sprintf("/admin/api/features/%d.json", af), url.Values{"name": {"Invoices by mail"}})
	a.want(t, 200, "DELETE", fmt.Sprintf("/admin/api/features/%d.json", af), nil)

	// Update, and the errors of each kind.
	if got := a.want(t, 200, "PUT", fmt.Sprintf("%s/service_plans/%d.json", svc, sp), url.Values{"name": {"Gold support"}, "state_event": {"hide"}})["service_plan"].(map[string]any); got["name"] != "Gold support" || got["state"] != "hidden" {
		t.Errorf("updated service plan %v", got)
	}
	for _, c := range []struct {
		method, path string
		body         url.Values
		status       int
		want         string
	}{
		{"POST", "/admin/api/account_plans.json", url.Values{"approval_required": {"true"}}, 422, "name"},
		{"POST", svc + "/service_plans.json", url.Values{"name": {"X"}, "state_event": {"sell"}}, 422, "state_event"},
		{"POST", "/admin/api/features.json", url.Values{"name": {"Y"}, "scope": {"ApplicationPlan"}}, 422, "scope"},
		{"GET", fmt.Sprintf("%s/service_plans/%d.json", svc, ap), nil, 404, ""},     // an account plan is no service plan
		{"GET", fmt.Sprintf("/admin/api/account_plans/%d.json", sp), nil, 404, ""}, // nor the other way round
		{"GET", fmt.Sprintf("%s/application_plans/%d.json", svc, sp), nil, 404, ""},
	} {
		ans := a.call(t, c.method, c.path, a.token, "", c.body)
		if ans.status != c.status || !strings.Contains(string(ans.body), c.want) {
			t.Errorf("%s %s: %d %s, want %d naming %q", c.method, c.path, ans.status, ans.body, c.status, c.want)
		}
	}
	a.want(t, 200, "DELETE", fmt.Sprintf("%s/service_plans/%d.json", svc, sp), nil)
	if ans := a.call(t, "GET", fmt.Sprintf("%s/service_plans/%d.json", svc, sp), a.token, "", nil); ans.status != 404 {
		t.Errorf("deleted service plan: %d", ans.status)
	}
}
