package compat_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/portico-apim/portico/ent/accesstoken"
	"github.com/portico-apim/portico/ent/tenant"
	"github.com/portico-apim/portico/ent/user"
	"github.com/portico-apim/portico/schema/viewer"
	"github.com/portico-apim/portico/server/apptest"
	"github.com/portico-apim/portico/server/secret"
)

// snapshot is every row the REST API can change, as JSON, to prove a
// refused call changed nothing.
func snapshot(t *testing.T, in *apptest.Instance) string {
	t.Helper()
	ctx := apptest.SystemContext()
	c := in.Client()
	var parts []any
	add := func(v any, err error) {
		if err != nil {
			t.Fatal(err)
		}
		parts = append(parts, v)
	}
	add(c.Tenant.Query().All(ctx))
	add(c.Product.Query().All(ctx))
	add(c.Backend.Query().All(ctx))
	add(c.BackendUsage.Query().All(ctx))
	add(c.Metric.Query().All(ctx))
	add(c.MappingRule.Query().All(ctx))
	add(c.Plan.Query().All(ctx))
	add(c.UsageLimit.Query().All(ctx))
	add(c.PricingRule.Query().All(ctx))
	add(c.Feature.Query().All(ctx))
	add(c.Account.Query().All(ctx))
	add(c.User.Query().All(ctx))
	add(c.Application.Query().All(ctx))
	add(c.ServiceSubscription.Query().All(ctx))
	add(c.Proxy.Query().All(ctx))
	add(c.ProxyConfig.Query().All(ctx))
	add(c.FieldDefinition.Query().All(ctx))
	b, err := json.Marshal(parts)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

var placeholder = regexp.MustCompile(`\{[a-z_]+\}`)

// concrete fills a route pattern with the fixture's ids.
func (f fixture) concrete(pattern string) string {
	path := strings.SplitN(pattern, " ", 2)[1]
	ids := map[string]int{"{service_id}": f.product, "{backend_id}": f.backend, "{plan_id}": f.plan, "{account_id}": f.account,
		"{application_id}": f.app, "{metric_id}": f.metric}
	if strings.Contains(path, "/methods") {
		ids["{metric_id}"] = f.hits
	}
	id := 0
	switch {
	case strings.Contains(path, "/limits/"):
		id = f.limit
	case strings.Contains(path, "/pricing_rules/"):
		id = f.pricingRule
	case strings.Contains(path, "/features/"):
		id = f.feature
	case strings.Contains(path, "/methods/"):
		id = f.method
	case strings.Contains(path, "/backend_apis/{backend_id}/metrics/"):
		id = f.backendMetric
	case strings.Contains(path, "/backend_apis/{backend_id}/mapping_rules/"):
		id = f.backendRule
	case strings.Contains(path, "/metrics/"):
		id = f.metric
	case strings.Contains(path, "/mapping_rules/"):
		id = f.rule
	case strings.Contains(path, "/backend_usages/"):
		id = f.usage
	case strings.Contains(path, "/application_plans/"):
		id = f.plan
	case strings.Contains(path, "/users/"):
		id = f.user
	case strings.Contains(path, "/applications/"):
		id = f.app
	case strings.HasPrefix(path, "/admin/api/services/"):
		id = f.product
	case strings.HasPrefix(path, "/admin/api/backend_apis/"):
		id = f.backend
	case strings.HasPrefix(path, "/admin/api/accounts/"):
		id = f.account
	default:
		id = 1
	}
	ids["{id}"] = id
	ids["{version}"] = 1
	path = placeholder.ReplaceAllStringFunc(path, func(p string) string {
		switch p {
		case "{env}":
			return "sandbox"
		case "{key}":
			return f.appKey
		}
		if n, ok := ids[p]; ok {
			return itoa(n)
		}
		return "1"
	})
	return path + ".json"
}

// TestReadOnlyTokenRefusedOnEveryWriteRoute calls every registered route
// that changes something with a read-only token: each answers 403 with
// 3scale's permissions message, and nothing changes.
func TestReadOnlyTokenRefusedOnEveryWriteRoute(t *testing.T) {
	a := newRestAPI(t)
	f := a.build(t)
	ro := newToken(t, a.in, a.tenant.ID, accesstoken.PermissionRO, viewer.ScopeAccountManagement)
	masterRO := newToken(t, a.in, a.in.Client().Tenant.Query().Where(tenant.Master(true)).OnlyIDX(apptest.SystemContext()),
		accesstoken.PermissionRO, viewer.ScopeAccountManagement)
	if ans := a.call(t, "GET", fmt.Sprintf("/admin/api/services/%d.json", f.product), ro, "", nil); ans.status != 200 {
		t.Fatalf("read-only token cannot read: %d %s", ans.status, ans.body)
	}
	before := snapshot(t, a.in)
	writes := 0
	for _, pattern := range a.in.App.REST.Routes() {
		method := strings.SplitN(pattern, " ", 2)[0]
		if method == http.MethodGet {
			continue
		}
		writes++
		path := f.concrete(pattern)
		tok := ro
		if strings.HasPrefix(path, "/master/api/") {
			tok = masterRO
		}
		t.Run(pattern, func(t *testing.T) {
			ans := a.call(t, method, path, tok, "", url.Values{"name": {"changed"}, "org_name": {"changed"}, "to": {"production"}})
			if ans.status != http.StatusForbidden || string(ans.body) != `{"error":"Your access token does not have the correct permissions"}` {
				t.Errorf("%s %s: %d %s", method, path, ans.status, ans.body)
			}
		})
	}
	if writes < 90 {
		t.Errorf("only %d write routes registered", writes)
	}
	if after := snapshot(t, a.in); after != before {
		t.Error("a read-only call changed the database")
	}
	t.Logf("%d write routes refused to a read-only token", writes)
}

// TestOtherTenant proves tenancy: a token of another tenant is refused on
// this tenant's host, and on its own host it neither sees nor changes this
// tenant's objects.
func TestOtherTenant(t *testing.T) {
	a := newRestAPI(t)
	f := a.build(t)
	a.in.NewTenant(t, "tenant-b.test")
	tb, err := a.in.Client().Tenant.Query().Where(tenant.AdminDomain("tenant-b.test")).Only(apptest.SystemContext())
	if err != nil {
		t.Fatal(err)
	}
	tokenB := newToken(t, a.in, tb.ID, accesstoken.PermissionRW, viewer.ScopeAccountManagement)
	hostA := a.tenant.AdminDomain
	def := a.call(t, "POST", "/admin/api/fields_definitions.json", a.token, hostA, url.Values{"target": {"Account"}, "name": {"tier"}, "label": {"Tier"}})
	if def.status != 201 {
		t.Fatalf("field definition: %d %s", def.status, def.body)
	}
	var defDoc map[string]any
	if err := json.Unmarshal(def.body, &defDoc); err != nil {
		t.Fatal(err)
	}
	defID := idOf(t, defDoc, "fields_definition")
	mine := func(path string, body url.Values, root string) int {
		ans := a.call(t, "POST", path, a.token, hostA, body)
		var doc map[string]any
		if ans.status != 201 || json.Unmarshal(ans.body, &doc) != nil {
			t.Fatalf("POST %s: %d %s", path, ans.status, ans.body)
		}
		return idOf(t, doc, root)
	}
	servicePlan := mine(fmt.Sprintf("/admin/api/services/%d/service_plans.json", f.product), url.Values{"name": {"Support"}}, "service_plan")
	accountPlan := mine("/admin/api/account_plans.json", url.Values{"name": {"Resellers"}}, "account_plan")
	providerFeature := mine("/admin/api/features.json", url.Values{"name": {"Paper invoices"}}, "feature")
	// The signup subscribed the account to the product's default service
	// plan: that subscription is the one tenant B tries to reach.
	subs := a.call(t, "GET", fmt.Sprintf("/admin/api/accounts/%d/service_subscriptions.json", f.account), a.token, hostA, nil)
	var subsDoc struct {
		Subscriptions []struct {
			Subscription struct {
				ID        int
				ServiceID int `json:"service_id"`
			} `json:"service_subscription"`
		} `json:"service_subscriptions"`
	}
	if err := json.Unmarshal(subs.body, &subsDoc); subs.status != 200 || err != nil {
		t.Fatalf("the account's service subscriptions: %d %s (%v)", subs.status, subs.body, err)
	}
	subscription := 0
	for _, s := range subsDoc.Subscriptions {
		if s.Subscription.ServiceID == f.product {
			subscription = s.Subscription.ID
		}
	}
	if subscription == 0 {
		t.Fatalf("the signup made no subscription to product %d: %s", f.product, subs.body)
	}
	before := snapshot(t, a.in)

	for _, c := range []struct{ method, path string }{
		{"GET", "/admin/api/services.json"},
		{"GET", fmt.Sprintf("/admin/api/services/%d.xml", f.product)},
		{"POST", "/admin/api/services.json"},
		{"DELETE", fmt.Sprintf("/admin/api/accounts/%d.json", f.account)},
	} {
		ans := a.call(t, c.method, c.path, tokenB, hostA, url.Values{"name": {"intruder"}})
		if ans.status != http.StatusForbidden || !strings.Contains(string(ans.body), "Access denied") {
			t.Errorf("tenant B's token on A's host, %s %s: %d %s", c.method, c.path, ans.status, ans.body)
		}
	}
	// Tenant A's own token works on its host, so the refusals are about the tenant.
	if ans := a.call(t, "GET", "/admin/api/services.json", a.token, hostA, nil); ans.status != 200 || !strings.Contains(string(ans.body), `"Maps"`) {
		t.Fatalf("tenant A on its host: %d %s", ans.status, ans.body)
	}

	svc := fmt.Sprintf("/admin/api/services/%d", f.product)
	acc := fmt.Sprintf("/admin/api/accounts/%d", f.account)
	objects := []string{
		svc,
		fmt.Sprintf("/admin/api/backend_apis/%d", f.backend),
		fmt.Sprintf("%s/backend_usages/%d", svc, f.usage),
		fmt.Sprintf("%s/metrics/%d", svc, f.metric),
		fmt.Sprintf("%s/metrics/%d/methods/%d", svc, f.hits, f.method),
		fmt.Sprintf("%s/proxy/mapping_rules/%d", svc, f.rule),
		fmt.Sprintf("%s/application_plans/%d", svc, f.plan),
		fmt.Sprintf("/admin/api/application_plans/%d/metrics/%d/limits/%d", f.plan, f.metric, f.limit),
		fmt.Sprintf("%s/features/%d", svc, f.feature),
		acc,
		fmt.Sprintf("%s/users/%d", acc, f.user),
		fmt.Sprintf("%s/applications/%d", acc, f.app),
		fmt.Sprintf("/admin/api/fields_definitions/%d", defID),
		fmt.Sprintf("%s/service_plans/%d", svc, servicePlan),
		fmt.Sprintf("/admin/api/account_plans/%d", accountPlan),
		fmt.Sprintf("/admin/api/features/%d", providerFeature),
		fmt.Sprintf("%s/service_subscriptions/%d", acc, subscription),
	}
	for _, o := range objects {
		for _, method := range []string{"GET", "PUT", "DELETE"} {
			ans := a.call(t, method, o+".json", tokenB, "tenant-b.test", url.Values{"name": {"intruder"}, "org_name": {"intruder"}})
			if ans.status != http.StatusNotFound {
				t.Errorf("tenant B, %s %s: %d %s", method, o, ans.status, ans.body)
			}
		}
	}
	for _, extra := range []struct{ method, path string }{
		{"PUT", svc + "/proxy.json"},
		{"POST", svc + "/proxy/deploy.json"},
		{"POST", svc + "/metrics.json"},
		{"POST", fmt.Sprintf("/admin/api/application_plans/%d/metrics/%d/limits.json", f.plan, f.metric)},
		{"PUT", acc + "/approve.json"},
		{"DELETE", fmt.Sprintf("/admin/api/application_plans/%d/metrics/%d/pricing_rules/%d.json", f.plan, f.metric, f.pricingRule)},
		{"PUT", fmt.Sprintf("%s/applications/%d/customize_plan.json", acc, f.app)},
		{"PUT", fmt.Sprintf("%s/users/%d/activate.json", acc, f.user)},
		{"PUT", svc + "/proxy/oidc_configuration.json"},
		{"POST", fmt.Sprintf("%s/applications/%d/keys.json", acc, f.app)},
		{"PUT", fmt.Sprintf("/admin/api/account_plans/%d/default.json", accountPlan)},
		{"POST", fmt.Sprintf("/admin/api/account_plans/%d/features.json", accountPlan)},
		{"GET", fmt.Sprintf("/admin/api/service_plans/%d/features.json", servicePlan)},
		{"POST", svc + "/service_plans.json"},
		{"PUT", fmt.Sprintf("%s/service_subscriptions/%d/approve.json", acc, subscription)},
		{"PUT", fmt.Sprintf("%s/service_subscriptions/%d/change_plan.json", acc, subscription)},
		{"POST", acc + "/service_subscriptions.json"},
		{"GET", acc + "/service_subscriptions.json"},
		{"GET", acc + "/plan.json"},
		{"PUT", acc + "/change_plan.json"},
		{"GET", acc + "/service_plans.json"},
		{"POST", fmt.Sprintf("%s/service_plans/%d/buy.json", acc, servicePlan)},
		{"POST", acc + "/messages.json"},
	} {
		ans := a.call(t, extra.method, extra.path, tokenB, "tenant-b.test", url.Values{"friendly_name": {"x"}, "unit": {"x"}, "period": {"day"}, "value": {"1"}})
		if ans.status != http.StatusNotFound {
			t.Errorf("tenant B, %s %s: %d %s", extra.method, extra.path, ans.status, ans.body)
		}
	}
	for _, list := range []string{"/admin/api/services.json", "/admin/api/accounts.json", "/admin/api/applications.json", "/admin/api/backend_apis.json",
		"/admin/api/application_plans.json", "/admin/api/service_plans.json", "/admin/api/account_plans.json", "/admin/api/features.json"} {
		ans := a.call(t, "GET", list, tokenB, "tenant-b.test", nil)
		for _, name := range []string{`"Maps"`, `"Globex"`, `"Fleet tracker"`, `"Tiles"`, `"Pro"`, `"Support"`, `"Resellers"`, `"Paper invoices"`} {
			if ans.status != 200 || strings.Contains(string(ans.body), name) {
				t.Errorf("tenant B lists %s: %d %s", list, ans.status, ans.body)
			}
		}
	}
	if after := snapshot(t, a.in); after != before {
		t.Error("tenant B's calls changed tenant A's data")
	}
}

// TestBadInputStoresNothing sends invalid input to each family: the answer
// is 422 with 3scale's errors body naming the field, and no row is added.
func TestBadInputStoresNothing(t *testing.T) {
	a := newRestAPI(t)
	f := a.build(t)
	svc := fmt.Sprintf("/admin/api/services/%d", f.product)
	acc := fmt.Sprintf("/admin/api/accounts/%d", f.account)
	pl := fmt.Sprintf("/admin/api/application_plans/%d", f.plan)
	cases := []struct {
		name, method, path string
		body               any
		field              string
	}{
		{"service without name", "POST", "/admin/api/services.json", url.Values{"description": {"x"}}, "name"},
		{"service with bad system name", "POST", "/admin/api/services.json", map[string]any{"service": map[string]any{"name": "X", "system_name": "no spaces allowed"}}, "system_name"},
		{"service with unknown backend version", "PUT", svc + ".json", url.Values{"backend_version": {"7"}}, "backend_version"},
		{"backend without endpoint", "POST", "/admin/api/backend_apis.json", url.Values{"name": {"B"}}, "private_endpoint"},
		{"backend usage without backend", "POST", svc + "/backend_usages.json", url.Values{"path": {"/x"}}, "backend_api_id"},
		{"metric without unit", "POST", svc + "/metrics.json", url.Values{"friendly_name": {"Things"}}, "unit"},
		{"method under a metric", "POST", fmt.Sprintf("%s/metrics/%d/methods.json", svc, f.metric), url.Values{"friendly_name": {"M"}}, "metric_id"},
		{"mapping rule with bad verb", "POST", svc + "/proxy/mapping_rules.json", url.Values{"http_method": {"FETCH"}, "pattern": {"/a"}, "metric_id": {itoa(f.hits)}}, "http_method"},
		{"mapping rule with bad pattern", "POST", svc + "/proxy/mapping_rules.json", url.Values{"http_method": {"GET"}, "pattern": {"no-slash"}, "metric_id": {itoa(f.hits)}}, "pattern"},
		{"duplicate mapping rule", "POST", svc + "/proxy/mapping_rules.json", url.Values{"http_method": {"GET"}, "pattern": {"/routes/{id}"}, "metric_id": {itoa(f.metric)}}, "pattern"},
		{"plan without name", "POST", svc + "/application_plans.json", map[string]any{"application_plan": map[string]any{"cost_per_month": "5"}}, "name"},
		{"plan with negative trial", "POST", svc + "/application_plans.json", url.Values{"name": {"Neg"}, "trial_period_days": {"-1"}}, "trial_period_days"},
		{"limit with unknown period", "POST", fmt.Sprintf("%s/metrics/%d/limits.json", pl, f.metric), url.Values{"period": {"fortnight"}, "value": {"1"}}, "period"},
		{"limit with negative value", "POST", fmt.Sprintf("%s/metrics/%d/limits.json", pl, f.hits), url.Values{"period": {"day"}, "value": {"-5"}}, "value"},
		{"overlapping pricing rule", "POST", fmt.Sprintf("%s/metrics/%d/pricing_rules.json", pl, f.metric), url.Values{"min": {"100"}, "max": {"900"}, "cost_per_unit": {"1"}}, "min"},
		{"feature without name", "POST", svc + "/features.json", url.Values{"description": {"x"}}, "name"},
		{"signup without email", "POST", "/admin/api/signup.json", url.Values{"org_name": {"O"}, "username": {"u"}}, "email"},
		{"signup with bad password", "POST", "/admin/api/signup.json", url.Values{"org_name": {"O"}, "username": {"u"}, "email": {"u@o.test"}, "password": {"x"}}, "password"},
		{"user without username", "POST", acc + "/users.json", url.Values{"email": {"x@y.test"}}, "username"},
		{"application without plan", "POST", acc + "/applications.json", url.Values{"name": {"A"}}, "plan_id"},
		{"application with a spaced app id", "POST", acc + "/applications.json", url.Values{"name": {"A"}, "plan_id": {itoa(f.plan)}, "application_id": {"a b c d"}}, "application_id"},
		{"proxy with bad endpoint", "PUT", svc + "/proxy.json", url.Values{"endpoint": {"ftp://x"}}, "endpoint"},
		{"proxy with bad status", "PATCH", svc + "/proxy.json", map[string]any{"proxy": map[string]any{"error_status_no_match": 42}}, "error_status_no_match"},
		{"approving an approved account", "PUT", acc + "/approve.json", nil, "state"},
		{"field definition with unknown target", "POST", "/admin/api/fields_definitions.json", url.Values{"target": {"Invoice"}, "name": {"n"}, "label": {"l"}}, "target"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before := snapshot(t, a.in)
			ans := a.call(t, c.method, c.path, a.token, "", c.body)
			if ans.status != http.StatusUnprocessableEntity {
				t.Fatalf("%d %s", ans.status, ans.body)
			}
			var doc struct {
				Errors map[string][]string `json:"errors"`
			}
			if err := json.Unmarshal(ans.body, &doc); err != nil || len(doc.Errors[c.field]) == 0 {
				t.Errorf("errors body does not name %s: %s", c.field, ans.body)
			}
			if after := snapshot(t, a.in); after != before {
				t.Error("a refused call changed the database")
			}
		})
	}
	t.Run("XML error list", func(t *testing.T) {
		ans := a.call(t, "POST", svc+"/metrics.xml", a.token, "", url.Values{"friendly_name": {"Things"}})
		if ans.status != 422 || !strings.Contains(string(ans.body), "<errors><error>Unit can&#39;t be blank</error></errors>") {
			t.Errorf("%d %s", ans.status, ans.body)
		}
	})
	t.Run("wrapper key that is not an object", func(t *testing.T) {
		before := snapshot(t, a.in)
		ans := a.call(t, "POST", "/admin/api/services.json", a.token, "", url.Values{"service": {"5"}, "name": {"Flat"}})
		if ans.status != 422 || string(ans.body) != "Wrong type for parameter: service" {
			t.Errorf("%d %s", ans.status, ans.body)
		}
		if snapshot(t, a.in) != before {
			t.Error("stored something")
		}
	})
}

// TestMemberSections gives a team member the partners section only: the
// member manages accounts but is refused plan changes with 3scale's
// authorization-denial answer, and nothing is stored.
func TestMemberSections(t *testing.T) {
	a := newRestAPI(t)
	f := a.build(t)
	ctx := apptest.SystemContext()
	c := a.in.Client()
	m, err := c.User.Create().SetTenantID(a.tenant.ID).SetUsername("clerk").SetEmail("clerk@provider.test").
		SetRole(user.RoleMEMBER).SetSections([]viewer.Section{viewer.SectionPartners}).Save(ctx)
	if err != nil {
		t.Fatal(err)
	}
	value := secret.Token()
	if err := c.AccessToken.Create().SetTenantID(a.tenant.ID).SetUserID(m.ID).SetName("clerk").SetScopes([]viewer.Scope{viewer.ScopeAccountManagement}).
		SetPermission(accesstoken.PermissionRW).SetTokenHash(secret.Digest(value)).Exec(ctx); err != nil {
		t.Fatal(err)
	}
	if ans := a.call(t, "GET", fmt.Sprintf("/admin/api/accounts/%d.json", f.account), value, "", nil); ans.status != 200 {
		t.Fatalf("member reads an account: %d %s", ans.status, ans.body)
	}
	before := snapshot(t, a.in)
	svc := fmt.Sprintf("/admin/api/services/%d", f.product)
	ans := a.call(t, "POST", svc+"/application_plans.json", value, "", url.Values{"name": {"Sneaky"}})
	if ans.status != http.StatusForbidden || string(ans.body) != `{"status":"Forbidden"}` {
		t.Errorf("member creates a plan: %d %s", ans.status, ans.body)
	}
	ans = a.call(t, "PUT", fmt.Sprintf("%s/metrics/%d.xml", svc, f.metric), value, "", url.Values{"friendly_name": {"Sneaky"}})
	if ans.status != http.StatusForbidden || len(ans.body) != 0 {
		t.Errorf("member changes a metric (XML): %d %s", ans.status, ans.body)
	}
	if snapshot(t, a.in) != before {
		t.Error("a refused member changed the database")
	}
	ans = a.call(t, "PUT", fmt.Sprintf("/admin/api/accounts/%d.json", f.account), value, "", url.Values{"org_name": {"Globex Corp"}})
	if ans.status != 200 || !strings.Contains(string(ans.body), `"Globex Corp"`) {
		t.Errorf("member updates an account: %d %s", ans.status, ans.body)
	}
}
