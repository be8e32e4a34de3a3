package compat_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/portico-apim/portico/server/apptest"
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
		{"GET", fmt.Sprintf("%s/service_plans/%d.json", svc, ap), nil, 404, ""},    // an account plan is no service plan
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

// TestServiceSubscriptions subscribes an account to a product through the
// REST API (§2.5, §3.14): pending on a plan that needs approval, approved,
// moved to another plan, listed, bought, and ended with the account's
// applications of that product; and the account plan an account is on.
func TestServiceSubscriptions(t *testing.T) {
	a := newRestAPI(t)
	f := a.build(t)
	acc := fmt.Sprintf("/admin/api/accounts/%d", f.account)
	weather := idOf(t, a.want(t, 201, "POST", "/admin/api/services.json", url.Values{"name": {"Weather"}}), "service")
	ws := fmt.Sprintf("/admin/api/services/%d", weather)
	gold := idOf(t, a.want(t, 201, "POST", ws+"/service_plans.json", url.Values{"name": {"Gold"}, "approval_required": {"true"}, "setup_fee": {"5"}}), "service_plan")
	silver := idOf(t, a.want(t, 201, "POST", ws+"/service_plans.json", url.Values{"name": {"Silver"}}), "service_plan")
	appPlan := idOf(t, a.want(t, 201, "POST", ws+"/application_plans.json", url.Values{"name": {"Free"}}), "application_plan")

	sub := a.want(t, 201, "POST", acc+"/service_subscriptions.json", url.Values{"plan_id": {itoa(gold)}})
	id := idOf(t, sub, "service_subscription")
	labels := map[int]string{id: "subscription", gold: "gold", f.account: "account", weather: "service", a.tenant.ID: "tenant"}
	raw := a.call(t, "GET", fmt.Sprintf("%s/service_subscriptions/%d.json", acc, id), a.token, "", nil)
	goldenDoc(t, "service_subscription.json", raw.body, labels)
	if x := a.call(t, "GET", acc+"/service_subscriptions.xml", a.token, "", nil); x.status != 404 {
		t.Errorf("service subscriptions as XML: %d, want 404 (routed for .json only)", x.status)
	}
	if x := a.call(t, "GET", acc+"/service_subscriptions", a.token, "", nil); x.status != 200 || !strings.HasPrefix(string(x.body), "{") {
		t.Errorf("service subscriptions without extension: %d %s, want JSON", x.status, x.body)
	}

	approved := a.want(t, 200, "PUT", fmt.Sprintf("%s/service_subscriptions/%d/approve.json", acc, id), nil)["service_subscription"].(map[string]any)
	if approved["state"] != "live" || approved["accepted_at"] == nil {
		t.Errorf("approved subscription %v", approved)
	}
	if ans := a.call(t, "PUT", fmt.Sprintf("%s/service_subscriptions/%d/approve.json", acc, id), a.token, "", nil); ans.status < 400 {
		t.Errorf("approving a live subscription: %d %s", ans.status, ans.body)
	}
	moved := a.want(t, 200, "PUT", fmt.Sprintf("%s/service_subscriptions/%d/change_plan.json", acc, id), url.Values{"plan_id": {itoa(silver)}})
	if idOf(t, moved, "service_plan") != silver {
		t.Errorf("change_plan answered %v, want the Silver plan", moved)
	}
	bought := a.want(t, 200, "GET", acc+"/service_plans.json", nil)["plans"].([]any)
	ids := map[int]bool{}
	for _, p := range bought {
		ids[int(p.(map[string]any)["service_plan"].(map[string]any)["id"].(float64))] = true
	}
	if !ids[silver] || ids[gold] {
		t.Errorf("the account's service plans %v, want Silver and not Gold", ids)
	}

	// Buying a plan of a product the account is not on subscribes it.
	news := idOf(t, a.want(t, 201, "POST", "/admin/api/services.json", url.Values{"name": {"News"}}), "service")
	newsPlan := idOf(t, a.want(t, 201, "POST", fmt.Sprintf("/admin/api/services/%d/service_plans.json", news), url.Values{"name": {"Basic"}}), "service_plan")
	if idOf(t, a.want(t, 201, "POST", fmt.Sprintf("%s/service_plans/%d/buy.json", acc, newsPlan), nil), "service_plan") != newsPlan {
		t.Error("buy did not answer the plan bought")
	}
	if n := len(a.want(t, 200, "GET", acc+"/service_subscriptions.json", nil)["service_subscriptions"].([]any)); n < 2 {
		t.Errorf("%d subscriptions after buying a second product's plan", n)
	}

	// Bad input.
	for _, c := range []struct {
		body   url.Values
		status int
		want   string
	}{
		{url.Values{}, 422, "plan_id"},
		{url.Values{"plan_id": {itoa(appPlan)}}, 404, "Not found"}, // an application plan is no service plan
		{url.Values{"plan_id": {"x"}}, 422, "plan_id"},
	} {
		if ans := a.call(t, "POST", acc+"/service_subscriptions.json", a.token, "", c.body); ans.status != c.status || !strings.Contains(string(ans.body), c.want) {
			t.Errorf("POST subscription %v: %d %s, want %d naming %q", c.body, ans.status, ans.body, c.status, c.want)
		}
	}

	// Ending the subscription takes the account's Weather applications along.
	app := idOf(t, a.want(t, 201, "POST", acc+"/applications.json", url.Values{"plan_id": {itoa(appPlan)}, "name": {"Forecasts"}}), "application")
	a.want(t, 200, "DELETE", fmt.Sprintf("%s/service_subscriptions/%d.json", acc, id), nil)
	if ans := a.call(t, "GET", fmt.Sprintf("%s/applications/%d.json", acc, app), a.token, "", nil); ans.status != 404 {
		t.Errorf("the account's application of the product after unsubscribing: %d", ans.status)
	}
	if ans := a.call(t, "GET", fmt.Sprintf("%s/applications/%d.json", acc, f.app), a.token, "", nil); ans.status != 200 {
		t.Errorf("the account's application of another product after unsubscribing: %d", ans.status)
	}

	// The account plan.
	partners := idOf(t, a.want(t, 201, "POST", "/admin/api/account_plans.json", url.Values{"name": {"Partners"}}), "account_plan")
	if got := a.want(t, 200, "GET", acc+"/plan.json", nil)["account_plan"].(map[string]any)["default"]; got != true {
		t.Errorf("a new account's plan is not the default one: default=%v", got)
	}
	if idOf(t, a.want(t, 200, "PUT", acc+"/change_plan.json", url.Values{"plan_id": {itoa(partners)}}), "account_plan") != partners {
		t.Error("change_plan did not answer the new account plan")
	}
	if idOf(t, a.want(t, 200, "GET", acc+"/plan.json", nil), "account_plan") != partners {
		t.Error("the account is not on Partners after change_plan")
	}
	if ans := a.call(t, "PUT", acc+"/change_plan.json", a.token, "", url.Values{"plan_id": {itoa(silver)}}); ans.status != 422 && ans.status != 404 {
		t.Errorf("an account moved to a service plan: %d %s", ans.status, ans.body)
	}
}

// TestAccountMessages sends a message to an account through the REST API
// (§2.12, §3.15): it is in the account's inbox at once, in both formats;
// an empty subject or body is refused and nothing is sent.
func TestAccountMessages(t *testing.T) {
	a := newRestAPI(t)
	f := a.build(t)
	acc := fmt.Sprintf("/admin/api/accounts/%d", f.account)
	sent := a.want(t, 201, "POST", acc+"/messages.json", map[string]any{"message": map[string]any{"subject": "Maintenance", "body": "Sunday 02:00 UTC"}})
	msg := sent["message"].(map[string]any)
	if msg["state"] != "sent" || msg["subject"] != "Maintenance" || msg["body"] != "Sunday 02:00 UTC" {
		t.Errorf("sent message %v", msg)
	}
	x := a.call(t, "POST", acc+"/messages.xml", a.token, "", url.Values{"subject": {"Invoice"}, "body": {"is ready"}})
	if x.status != 201 || !strings.Contains(string(x.body), "<subject>Invoice</subject>") || !strings.Contains(string(x.body), "<state>sent</state>") {
		t.Errorf("XML message: %d %s", x.status, x.body)
	}
	ctx := apptest.SystemContext()
	before := a.in.Client().Message.Query().CountX(ctx)
	for _, c := range []struct {
		body url.Values
		want string
	}{{url.Values{"body": {"no subject"}}, "subject"}, {url.Values{"subject": {"no body"}}, "body"}} {
		if ans := a.call(t, "POST", acc+"/messages.json", a.token, "", c.body); ans.status != 422 || !strings.Contains(string(ans.body), c.want) {
			t.Errorf("POST %v: %d %s, want 422 naming %s", c.body, ans.status, ans.body, c.want)
		}
	}
	if ans := a.call(t, "POST", "/admin/api/accounts/999999999/messages.json", a.token, "", url.Values{"subject": {"x"}, "body": {"y"}}); ans.status != 404 {
		t.Errorf("a message to no account: %d", ans.status)
	}
	if after := a.in.Client().Message.Query().CountX(ctx); after != before {
		t.Errorf("refused messages were stored: %d, then %d", before, after)
	}
}
