package compat_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	porta "github.com/3scale/3scale-porta-go-client/client"

	"github.com/portico-apim/portico/ent/accesstoken"
	"github.com/portico-apim/portico/ent/tenant"
	"github.com/portico-apim/portico/schema/viewer"
	"github.com/portico-apim/portico/server/apptest"
)

// rateManifest is an APIcast policy manifest as a policy's apicast-policy.json
// carries it.
func rateManifest(version string) map[string]any {
	return map[string]any{
		"$schema": "http://apicast.io/policy-v1/schema#manifest#",
		"name":    "x_rate", "version": version, "summary": "Per-header rate",
		"description": []string{"Counts requests per header value.", "Refuses beyond the limit."},
		"configuration": map[string]any{
			"type": "object", "required": []string{"header"},
			"properties": map[string]any{
				"header": map[string]any{"type": "string", "minLength": 1},
				"limit":  map[string]any{"type": "integer", "minimum": 1},
			},
		},
	}
}

// TestRegistryPolicies covers /admin/api/registry/policies as the 3scale
// porta Go client and the toolbox use it: CRUD with 3scale's codes and
// wrappers, manifests refused with 422 naming the problem, custom policies
// in /admin/api/policies and in a product's chain and gateway
// configuration, and deletion refused while a chain holds the policy.
func TestRegistryPolicies(t *testing.T) {
	a := newRestAPI(t)
	a.token = newToken(t, a.in, a.tenant.ID, accesstoken.PermissionRW, viewer.ScopeAccountManagement, viewer.ScopePolicyRegistry)

	// The unchanged porta Go client: create (201), read, list, update.
	pc := newPortaClient(t, a.in, a.token)
	schema := &porta.APIcastPolicySchema{}
	raw, _ := json.Marshal(rateManifest("1.0.0"))
	if err := json.Unmarshal(raw, schema); err != nil {
		t.Fatal(err)
	}
	name, version := "x_rate", "1.0.0"
	created, err := pc.CreateAPIcastPolicy(&porta.APIcastPolicy{Element: porta.APIcastPolicyItem{Name: &name, Version: &version, Schema: schema}})
	if err != nil {
		t.Fatalf("porta client create: %v", err)
	}
	id := *created.Element.ID
	if got, err := pc.ReadAPIcastPolicy(id); err != nil || *got.Element.Name != "x_rate" || *got.Element.Schema.Summary != "Per-header rate" {
		t.Fatalf("porta client read: %+v %v", got, err)
	}
	list, err := pc.ListAPIcastPolicies()
	if err != nil || len(list.Items) != 1 || *list.Items[0].Element.ID != id {
		t.Fatalf("porta client list: %+v %v", list, err)
	}
	summary := "Rate per header"
	created.Element.Schema.Summary = &summary
	if got, err := pc.UpdateAPIcastPolicy(created); err != nil || *got.Element.Schema.Summary != summary {
		t.Fatalf("porta client update: %+v %v", got, err)
	}
	one := fmt.Sprintf("/admin/api/registry/policies/%d.json", id)
	goldenDoc(t, "registry_policy.json", a.call(t, "GET", one, a.token, "", nil).body, map[int]string{int(id): "policy"})

	// Wrapped toolbox body, schema as text in a form body.
	v2 := a.tb(t, 201, "POST", "/admin/api/registry/policies.json", map[string]any{"policy": map[string]any{"schema": rateManifest("2.0.0")}})
	if field(t, v2, "policy", "version") != "2.0.0" || field(t, v2, "policy", "name") != "x_rate" {
		t.Errorf("name and version from the manifest: %v", v2)
	}
	form, _ := json.Marshal(rateManifest("3.0.0"))
	v3 := a.want(t, 201, "POST", "/admin/api/registry/policies.json", url.Values{"name": {"x_rate"}, "version": {"3.0.0"}, "schema": {string(form)}})
	a.want(t, 200, "DELETE", fmt.Sprintf("/admin/api/registry/policies/%d.json", idOf(t, v3, "policy")), nil)

	// Refused manifests: 422 with 3scale's errors body, nothing stored.
	bad := func(mut func(m map[string]any)) map[string]any {
		m := rateManifest("9.0.0")
		mut(m)
		return m
	}
	for _, c := range []struct {
		name string
		body any
		want string
	}{
		{"no schema", map[string]any{"name": "x_rate", "version": "9.0.0"}, `"schema":["can't be blank"]`},
		{"not an object", map[string]any{"schema": []int{1}}, "must be a JSON object"},
		{"no configuration", map[string]any{"schema": bad(func(m map[string]any) { delete(m, "configuration") })}, "configuration"},
		{"no summary nor description", map[string]any{"schema": bad(func(m map[string]any) { delete(m, "summary"); delete(m, "description") })}, "summary"},
		{"configuration not a schema", map[string]any{"schema": bad(func(m map[string]any) { m["configuration"] = map[string]any{"type": "banana"} })}, "configuration"},
		{"name differs", map[string]any{"name": "other", "schema": rateManifest("9.0.0")}, `"name":["must match the name in the schema`},
		{"duplicate", map[string]any{"schema": rateManifest("2.0.0")}, "has already been taken"},
		{"builtin version", map[string]any{"schema": bad(func(m map[string]any) { m["version"] = "builtin" })}, "kept for the gateway's own policies"},
		{"built-in name", map[string]any{"schema": bad(func(m map[string]any) { m["name"] = "cors" })}, "is a built-in policy"},
	} {
		t.Run(c.name, func(t *testing.T) {
			ans := a.call(t, "POST", "/admin/api/registry/policies.json", a.token, "", c.body)
			if ans.status != http.StatusUnprocessableEntity || !strings.Contains(string(ans.body), `{"errors":`) || !strings.Contains(string(ans.body), c.want) {
				t.Errorf("%d %s, want 422 with %s", ans.status, ans.body, c.want)
			}
		})
	}
	if n := len(a.want(t, 200, "GET", "/admin/api/registry/policies.json", nil)["policies"].([]any)); n != 2 {
		t.Errorf("%d policies after the refusals, want 2", n)
	}
	if ans := a.call(t, "GET", "/admin/api/registry/policies.xml", a.token, "", nil); ans.status != http.StatusNotAcceptable {
		t.Errorf("XML: %d", ans.status)
	}

	// Every policy a chain may hold, built-in and custom.
	all := a.want(t, 200, "GET", "/admin/api/policies.json", nil)["policies"].(map[string]any)
	if len(all["x_rate"].([]any)) != 2 || all["cors"] == nil || all["apicast"] == nil {
		t.Errorf("policies list: %v", all)
	}

	// A product's chain holds the custom policy; its configuration follows
	// the manifest's schema; the gateway configuration carries it.
	svc := idOf(t, a.want(t, 201, "POST", "/admin/api/services.json", url.Values{"name": {"Rated"}}), "service")
	chain := fmt.Sprintf("/admin/api/services/%d/proxy/policies.json", svc)
	if ans := a.call(t, "PUT", chain, a.token, "", map[string]any{"policies_config": []any{
		map[string]any{"name": "x_rate", "version": "1.0.0", "enabled": true, "configuration": map[string]any{"limit": 5}}}}); ans.status != 422 ||
		!strings.Contains(string(ans.body), "header") {
		t.Errorf("configuration missing a required property: %d %s", ans.status, ans.body)
	}
	a.want(t, 200, "PUT", chain, map[string]any{"policies_config": []any{
		map[string]any{"name": "x_rate", "version": "1.0.0", "enabled": true, "configuration": map[string]any{"header": "X-User", "limit": 5}}}})
	a.want(t, 201, "POST", fmt.Sprintf("/admin/api/services/%d/proxy/deploy.json", svc), nil)
	latest := a.call(t, "GET", fmt.Sprintf("/admin/api/services/%d/proxy/configs/sandbox/latest.json", svc), a.token, "", nil)
	var cfg struct {
		ProxyConfig struct {
			Content struct {
				Proxy struct {
					PolicyChain []map[string]any `json:"policy_chain"`
				} `json:"proxy"`
			} `json:"content"`
		} `json:"proxy_config"`
	}
	if latest.status != 200 || json.Unmarshal(latest.body, &cfg) != nil || len(cfg.ProxyConfig.Content.Proxy.PolicyChain) != 2 ||
		fmt.Sprint(cfg.ProxyConfig.Content.Proxy.PolicyChain[0]) != "map[configuration:map[header:X-User limit:5] name:x_rate version:1.0.0]" {
		t.Errorf("gateway configuration: %d %s", latest.status, latest.body)
	}

	// Deleting or renaming the policy a chain holds is refused.
	ans := a.call(t, "DELETE", one, a.token, "", nil)
	if ans.status != http.StatusForbidden || !strings.Contains(string(ans.body), `policy x_rate 1.0.0 is in the policy chain of \"Rated\"`) {
		t.Errorf("delete while used: %d %s", ans.status, ans.body)
	}
	a.want(t, 200, "GET", one, nil)
	if ans := a.call(t, "PUT", one, a.token, "", map[string]any{"schema": rateManifest("1.0.1")}); ans.status != 422 {
		t.Errorf("renaming a used version: %d %s", ans.status, ans.body)
	}
	a.want(t, 200, "PUT", chain, map[string]any{"policies_config": []any{}})
	a.want(t, 200, "DELETE", one, nil)
	a.want(t, 404, "GET", one, nil)
	if err := pc.DeleteAPIcastPolicy(int64(idOf(t, v2, "policy"))); err != nil {
		t.Errorf("porta client delete: %v", err)
	}
}

// TestRegistryPoliciesAccess: the registry needs the policy_registry scope,
// refuses writes to read-only tokens, and another tenant sees nothing.
func TestRegistryPoliciesAccess(t *testing.T) {
	a := newRestAPI(t)
	rw := newToken(t, a.in, a.tenant.ID, accesstoken.PermissionRW, viewer.ScopePolicyRegistry)
	ro := newToken(t, a.in, a.tenant.ID, accesstoken.PermissionRO, viewer.ScopePolicyRegistry)
	list := "/admin/api/registry/policies.json"
	created := a.call(t, "POST", list, rw, "", map[string]any{"schema": rateManifest("1.0.0")})
	if created.status != 201 {
		t.Fatalf("create: %d %s", created.status, created.body)
	}
	var doc map[string]any
	_ = json.Unmarshal(created.body, &doc)
	one := fmt.Sprintf("/admin/api/registry/policies/%d.json", idOf(t, doc, "policy"))

	// account_management alone does not open the registry.
	if ans := a.call(t, "GET", list, a.token, "", nil); ans.status != 403 || !strings.Contains(string(ans.body), "correct permissions") {
		t.Errorf("account_management token: %d %s", ans.status, ans.body)
	}
	if ans := a.call(t, "GET", one, ro, "", nil); ans.status != 200 {
		t.Errorf("read-only read: %d %s", ans.status, ans.body)
	}
	for _, c := range []struct{ method, path string }{{"POST", list}, {"PUT", one}, {"PATCH", one}, {"DELETE", one}} {
		ans := a.call(t, c.method, c.path, ro, "", map[string]any{"schema": rateManifest("5.0.0")})
		if ans.status != 403 || string(ans.body) != `{"error":"Your access token does not have the correct permissions"}` {
			t.Errorf("read-only %s %s: %d %s", c.method, c.path, ans.status, ans.body)
		}
	}

	// Another tenant: refused on this host, not found on its own.
	a.in.NewTenant(t, "tenant-b.test")
	tb, err := a.in.Client().Tenant.Query().Where(tenant.AdminDomain("tenant-b.test")).Only(apptest.SystemContext())
	if err != nil {
		t.Fatal(err)
	}
	tokenB := newToken(t, a.in, tb.ID, accesstoken.PermissionRW, viewer.ScopePolicyRegistry)
	if ans := a.call(t, "GET", one, tokenB, a.tenant.AdminDomain, nil); ans.status != 403 {
		t.Errorf("tenant B on A's host: %d %s", ans.status, ans.body)
	}
	for _, method := range []string{"GET", "PUT", "DELETE"} {
		if ans := a.call(t, method, one, tokenB, "tenant-b.test", map[string]any{"schema": rateManifest("7.0.0")}); ans.status != 404 {
			t.Errorf("tenant B %s: %d %s", method, ans.status, ans.body)
		}
	}
	if ans := a.call(t, "GET", list, tokenB, "tenant-b.test", nil); ans.status != 200 || string(ans.body) != `{"policies":[]}` {
		t.Errorf("tenant B lists: %d %s", ans.status, ans.body)
	}
	if ans := a.call(t, "GET", "/admin/api/policies.json", tokenB, "tenant-b.test", nil); strings.Contains(string(ans.body), "x_rate") {
		t.Errorf("tenant B's policy list holds A's policy: %s", ans.body)
	}
	// Tenant B may register the same name and version.
	if ans := a.call(t, "POST", list, tokenB, "tenant-b.test", map[string]any{"schema": rateManifest("1.0.0")}); ans.status != 201 {
		t.Errorf("tenant B registers the same policy: %d %s", ans.status, ans.body)
	}
	if ans := a.call(t, "GET", one, rw, a.tenant.AdminDomain, nil); ans.status != 200 || !strings.Contains(string(ans.body), `"x_rate"`) {
		t.Errorf("tenant A still reads its policy: %d %s", ans.status, ans.body)
	}
}
