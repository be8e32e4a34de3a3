package graph_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/portico-apim/portico/server/apptest"
)

// searchIDs runs a search and returns the ids found per kind.
func searchIDs(t *testing.T, in *apptest.Instance, token, text string) map[string][]string {
	t.Helper()
	d := do(t, in, token, `query($q: String!) { search(query: $q) {
		accounts { id } applications { id } products { id } backends { id } plans { id } users { id }
	} }`, map[string]any{"q": text})
	out := map[string][]string{}
	for _, kind := range []string{"accounts", "applications", "products", "backends", "plans", "users"} {
		for _, x := range d.list(t, "search."+kind) {
			out[kind] = append(out[kind], x.(map[string]any)["id"].(string))
		}
	}
	return out
}

// TestSearch finds each kind by its texts and any whole credential, and
// never another tenant's objects, though both tenants hold the same names.
func TestSearch(t *testing.T) {
	t.Parallel()
	in := apptest.Start(t)
	tokenA := in.Admin
	tokenB := in.NewTenant(t, "b.example.com")
	a := buildTenant(t, in, tokenA)
	b := buildTenant(t, in, tokenB)
	d := do(t, in, tokenA, `mutation {
		keys: createProduct(input: {name: "Keys", systemName: "keys", authentication: USER_KEY}) { id }
	}`, nil)
	keys := d.str(t, "keys.id")
	d = do(t, in, tokenA, `mutation($p: ID!) { plan: createPlan(input: {kind: APPLICATION, productID: $p, name: "Basic", systemName: "basic"}) { id } }`,
		map[string]any{"p": keys})
	d = do(t, in, tokenA, `mutation($a: ID!, $p: ID!, $plan: ID!) {
		app: createApplication(input: {name: "Key holder", accountID: $a, productID: $p, planID: $plan}) { id userKey }
	}`, map[string]any{"a": a["account"], "p": keys, "plan": d.str(t, "plan.id")})
	keyApp, userKey := d.str(t, "app.id"), d.str(t, "app.userKey")
	appID := do(t, in, tokenA, `query($id: ID!) { node(id: $id) { ... on Application { appID } } }`, map[string]any{"id": a["application"]}).str(t, "node.appID")

	for _, c := range []struct {
		name, text, kind string
		want             []string
	}{
		{"account by part of its name", "acm", "accounts", []string{a["account"]}},
		{"application by name", "acme sh", "applications", []string{a["application"]}},
		{"application by its whole user key", userKey, "applications", []string{keyApp}},
		{"application by its application ID", appID, "applications", []string{a["application"]}},
		{"application by one of its keys", a["app key"], "applications", []string{a["application"]}},
		{"product by system name", "shop", "products", []string{a["product"]}},
		{"backend by name", "Orders", "backends", []string{a["backend"]}},
		{"plan by name", "gold", "plans", []string{a["plan"]}},
		{"users by email", "@example.com", "users", []string{a["user"], a["account user"]}},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := searchIDs(t, in, tokenA, c.text)
			for _, want := range c.want {
				if !slices.Contains(got[c.kind], want) {
					t.Errorf("search(%q).%s = %v, want %s among them", c.text, c.kind, got[c.kind], want)
				}
			}
		})
	}

	t.Run("part of a credential finds nothing", func(t *testing.T) {
		if got := searchIDs(t, in, tokenA, userKey[:10]); len(got["applications"]) != 0 {
			t.Errorf("search(part of a user key) = %v", got["applications"])
		}
	})

	t.Run("never another tenant's objects", func(t *testing.T) {
		foreign := map[string]bool{keyApp: true}
		for _, x := range a {
			foreign[x] = true
		}
		for _, text := range []string{"acme", "shop", "orders", "gold", "partners", "example.com", "key holder", userKey, appID, a["app key"]} {
			for kind, ids := range searchIDs(t, in, tokenB, text) {
				for _, x := range ids {
					if foreign[x] {
						t.Errorf("tenant B's search(%q).%s holds tenant A's %s", text, kind, x)
					}
				}
			}
		}
		if got := searchIDs(t, in, tokenB, "acme"); !slices.Contains(got["accounts"], b["account"]) {
			t.Errorf("tenant B's search(acme) = %v, want its own account %s", got["accounts"], b["account"])
		}
	})

	t.Run("bad input", func(t *testing.T) {
		for _, c := range []struct{ query, field string }{
			{`{ search(query: " a ") { accounts { id } } }`, "query"},
			{`{ search(query: "` + strings.Repeat("x", 256) + `") { accounts { id } } }`, "query"},
			{`{ search(query: "acme", first: 0) { accounts { id } } }`, "first"},
			{`{ search(query: "acme", first: 51) { accounts { id } } }`, "first"},
		} {
			expectError(t, in, tokenA, c.query, nil, "VALIDATION", c.field)
		}
	})
}

// TestPermittedEvents follows an account, an application and a subscription
// through their states: each offers only what its state allows.
func TestPermittedEvents(t *testing.T) {
	t.Parallel()
	in := apptest.Start(t)
	ids := buildTenant(t, in, in.Admin)
	events := func(id string) []string {
		d := do(t, in, in.Admin, `query($id: ID!) { node(id: $id) { __typename
			... on Account { permittedEvents } ... on Application { e: permittedEvents } ... on ServiceSubscription { e: permittedEvents }
		} }`, map[string]any{"id": id})
		path := "node.e"
		if d.str(t, "node.__typename") == "Account" {
			path = "node.permittedEvents"
		}
		var out []string
		for _, e := range d.list(t, path) {
			out = append(out, e.(string))
		}
		return out
	}
	check := func(what string, got []string, want ...string) {
		t.Helper()
		if !slices.Equal(got, want) {
			t.Errorf("%s: permittedEvents = %v, want %v", what, got, want)
		}
	}
	check("approved account", events(ids["account"]), "REJECT", "SUSPEND", "MAKE_PENDING")
	do(t, in, in.Admin, `mutation($id: ID!) { makeAccountPending(id: $id) { id } }`, map[string]any{"id": ids["account"]})
	check("pending account", events(ids["account"]), "APPROVE", "REJECT", "SUSPEND")
	do(t, in, in.Admin, `mutation($id: ID!) { suspendAccount(id: $id) { id } }`, map[string]any{"id": ids["account"]})
	check("suspended account", events(ids["account"]), "RESUME")

	check("live application", events(ids["application"]), "SUSPEND")
	do(t, in, in.Admin, `mutation($id: ID!) { suspendApplication(id: $id) { id } }`, map[string]any{"id": ids["application"]})
	check("suspended application", events(ids["application"]), "RESUME")

	check("live subscription", events(ids["subscription"]), "SUSPEND")
	do(t, in, in.Admin, `mutation($ids: [ID!]!) { bulkChangeServiceSubscriptionState(ids: $ids, event: SUSPEND) { failed } }`,
		map[string]any{"ids": []string{ids["subscription"]}})
	check("suspended subscription", events(ids["subscription"]), "RESUME")
}

// TestPasswordPolicies reports what the server checks, and follows the
// tenant's strong passwords rule.
func TestPasswordPolicies(t *testing.T) {
	t.Parallel()
	in := apptest.Start(t)
	query := `{ passwordPolicies { team { minLength refusesCommon requiresCharacterClasses } developer { minLength refusesCommon requiresCharacterClasses } } }`
	d := do(t, in, in.Admin, query, nil)
	if d.get(t, "passwordPolicies.team.minLength") != float64(12) || d.get(t, "passwordPolicies.team.refusesCommon") != true ||
		d.get(t, "passwordPolicies.team.requiresCharacterClasses") != false {
		t.Errorf("team policy = %v", d.get(t, "passwordPolicies.team"))
	}
	if d.get(t, "passwordPolicies.developer.minLength") != float64(8) || d.get(t, "passwordPolicies.developer.requiresCharacterClasses") != false {
		t.Errorf("developer policy = %v", d.get(t, "passwordPolicies.developer"))
	}
	do(t, in, in.Admin, `mutation { updateTenant(input: {strongPasswords: true}) { id } }`, nil)
	d = do(t, in, in.Admin, query, nil)
	if d.get(t, "passwordPolicies.team.requiresCharacterClasses") != true || d.get(t, "passwordPolicies.developer.requiresCharacterClasses") != true ||
		d.get(t, "passwordPolicies.developer.refusesCommon") != true {
		t.Errorf("policies under strong passwords = %v", d.get(t, "passwordPolicies"))
	}
}
