package graph_test

import (
	"strings"
	"testing"

	"github.com/portico-apim/portico/server/apptest"
)

// TestValidation sends bad input, bad credentials and operations that fail
// half-way, and checks each gets a precise error (extensions.code, and
// extensions.field for validation errors) with a message free of
// internals, and that nothing at all was stored.
func TestValidation(t *testing.T) {
	t.Parallel()
	in := apptest.Start(t)
	admin := in.Admin
	ids := map[string]string{}
	d := do(t, in, admin, `mutation {
		keys: createProduct(input: {name: "Keys", systemName: "keys"}) { id }
		apps: createProduct(input: {name: "Apps", systemName: "apps", authentication: APP_ID}) { id }
		account: createAccount(input: {orgName: "Acme"}) { id }
		backend: createBackend(input: {name: "B", systemName: "b", privateEndpoint: "https://b.internal"}) { id }
	}`, nil)
	for _, k := range []string{"keys", "apps", "account", "backend"} {
		ids[k] = d.str(t, k+".id")
	}
	d = do(t, in, admin, `mutation($keys: ID!, $apps: ID!) {
		metric: createMetric(input: {productID: $keys, systemName: "orders", friendlyName: "Orders"}) { id }
		plan: createPlan(input: {kind: APPLICATION, productID: $keys, name: "Gold", systemName: "gold"}) { id }
		appsPlan: createPlan(input: {kind: APPLICATION, productID: $apps, name: "Gold", systemName: "gold"}) { id }
	}`, map[string]any{"keys": ids["keys"], "apps": ids["apps"]})
	for _, k := range []string{"metric", "plan", "appsPlan"} {
		ids[k] = d.str(t, k+".id")
	}
	d = do(t, in, admin, `mutation($plan: ID!, $m: ID!, $a: ID!, $apps: ID!, $appsPlan: ID!) {
		limit: createUsageLimit(input: {planID: $plan, metricID: $m, period: DAY, value: 10}) { id }
		rule: createPricingRule(input: {planID: $plan, metricID: $m, min: 1, max: 100, costPerUnit: "0.1"}) { id }
		app: createApplication(input: {name: "A", accountID: $a, productID: $apps, planID: $appsPlan}) { id }
	}`, map[string]any{"plan": ids["plan"], "m": ids["metric"], "a": ids["account"], "apps": ids["apps"], "appsPlan": ids["appsPlan"]})
	ids["app"] = d.str(t, "app.id")
	readOnly := accessToken(t, in, admin, "RO")
	statsOnly := accessToken(t, in, admin, "RW", "STATS")
	// A deleted product's id: well-formed, but nothing is there.
	d = do(t, in, admin, `mutation { p: createProduct(input: {name: "Gone", systemName: "gone"}) { id } }`, nil)
	ids["gone"] = d.str(t, "p.id")
	do(t, in, admin, `mutation($id: ID!) { deleteProduct(id: $id) { deletedID } }`, map[string]any{"id": ids["gone"]})

	long := func(n int) string { return strings.Repeat("k", n) }
	cases := []struct {
		name        string
		token       string // default: the admin's session
		query       string
		vars        map[string]any
		code, field string
	}{
		// System names
		{name: "system name with a space", query: `mutation { createProduct(input: {name: "X", systemName: "my product"}) { id } }`, code: "VALIDATION", field: "input.systemName"},
		{name: "system name with a bad character", query: `mutation { createProduct(input: {name: "X", systemName: "shop!"}) { id } }`, code: "VALIDATION", field: "input.systemName"},
		{name: "empty system name", query: `mutation { createBackend(input: {name: "X", systemName: "", privateEndpoint: "https://x"}) { id } }`, code: "VALIDATION", field: "input.systemName"},
		{name: "metric system name with a dot", query: `mutation($p: ID!) { createMetric(input: {productID: $p, systemName: "a.b", friendlyName: "AB"}) { id } }`, vars: map[string]any{"p": ids["keys"]}, code: "VALIDATION", field: "input.systemName"},
		{name: "plan system name too long", query: `mutation($p: ID!, $s: String!) { createPlan(input: {kind: APPLICATION, productID: $p, name: "X", systemName: $s}) { id } }`, vars: map[string]any{"p": ids["keys"], "s": long(256)}, code: "VALIDATION", field: "input.systemName"},
		{name: "feature system name non-ASCII", query: `mutation($p: ID!) { createFeature(input: {productID: $p, name: "X", systemName: "café"}) { id } }`, vars: map[string]any{"p": ids["keys"]}, code: "VALIDATION", field: "input.systemName"},
		// Duplicates
		{name: "duplicate product system name", query: `mutation { createProduct(input: {name: "Other", systemName: "keys"}) { id } }`, code: "CONFLICT", field: "input.systemName"},
		{name: "duplicate metric system name", query: `mutation($p: ID!) { createMetric(input: {productID: $p, systemName: "orders", friendlyName: "Other"}) { id } }`, vars: map[string]any{"p": ids["keys"]}, code: "CONFLICT", field: "input.systemName"},
		{name: "duplicate metric friendly name", query: `mutation($p: ID!) { createMetric(input: {productID: $p, systemName: "other", friendlyName: "Orders"}) { id } }`, vars: map[string]any{"p": ids["keys"]}, code: "CONFLICT", field: "input.friendlyName"},
		{name: "duplicate plan system name", query: `mutation($p: ID!) { createPlan(input: {kind: APPLICATION, productID: $p, name: "Other", systemName: "gold"}) { id } }`, vars: map[string]any{"p": ids["keys"]}, code: "CONFLICT", field: "input.systemName"},
		{name: "duplicate backend system name", query: `mutation { createBackend(input: {name: "Other", systemName: "b", privateEndpoint: "https://x"}) { id } }`, code: "CONFLICT", field: "input.systemName"},
		{name: "duplicate username", query: `mutation { createUser(input: {username: "admin", email: "other@example.com"}) { id } }`, code: "CONFLICT", field: "input.username"},
		{name: "duplicate usage limit period", query: `mutation($plan: ID!, $m: ID!) { createUsageLimit(input: {planID: $plan, metricID: $m, period: DAY, value: 5}) { id } }`, vars: map[string]any{"plan": ids["plan"], "m": ids["metric"]}, code: "CONFLICT", field: "input.period"},
		{name: "copy onto a taken system name", query: `mutation($plan: ID!) { copyPlan(id: $plan, input: {systemName: "gold"}) { id } }`, vars: map[string]any{"plan": ids["plan"]}, code: "CONFLICT", field: "input.systemName"},
		// Credentials of applications
		{name: "user key with a bad character", query: `mutation($a: ID!, $p: ID!, $plan: ID!) { createApplication(input: {name: "X", accountID: $a, productID: $p, planID: $plan, userKey: "abc_def"}) { id } }`, vars: map[string]any{"a": ids["account"], "p": ids["keys"], "plan": ids["plan"]}, code: "VALIDATION", field: "input.userKey"},
		{name: "user key too short", query: `mutation($a: ID!, $p: ID!, $plan: ID!) { createApplication(input: {name: "X", accountID: $a, productID: $p, planID: $plan, userKey: "abcd"}) { id } }`, vars: map[string]any{"a": ids["account"], "p": ids["keys"], "plan": ids["plan"]}, code: "VALIDATION", field: "input.userKey"},
		{name: "user key too long", query: `mutation($a: ID!, $p: ID!, $plan: ID!, $k: String!) { createApplication(input: {name: "X", accountID: $a, productID: $p, planID: $plan, userKey: $k}) { id } }`, vars: map[string]any{"a": ids["account"], "p": ids["keys"], "plan": ids["plan"], "k": long(257)}, code: "VALIDATION", field: "input.userKey"},
		{name: "app id too long", query: `mutation($a: ID!, $p: ID!, $plan: ID!, $k: String!) { createApplication(input: {name: "X", accountID: $a, productID: $p, planID: $plan, appID: $k}) { id } }`, vars: map[string]any{"a": ids["account"], "p": ids["apps"], "plan": ids["appsPlan"], "k": long(141)}, code: "VALIDATION", field: "input.appID"},
		{name: "app key with a space", query: `mutation($app: ID!) { addApplicationKey(id: $app, key: "my key") { id } }`, vars: map[string]any{"app": ids["app"]}, code: "VALIDATION", field: "key"},
		{name: "app key too short", query: `mutation($app: ID!) { addApplicationKey(id: $app, key: "k") { id } }`, vars: map[string]any{"app": ids["app"]}, code: "VALIDATION", field: "key"},
		{name: "app key too long", query: `mutation($app: ID!, $k: String!) { addApplicationKey(id: $app, key: $k) { id } }`, vars: map[string]any{"app": ids["app"], "k": long(257)}, code: "VALIDATION", field: "key"},
		{name: "bad referrer filter", query: `mutation($app: ID!) { addReferrerFilter(id: $app, filter: "a b") { id } }`, vars: map[string]any{"app": ids["app"]}, code: "VALIDATION", field: "filter"},
		// Limits, prices and money
		{name: "negative usage limit", query: `mutation($plan: ID!, $m: ID!) { createUsageLimit(input: {planID: $plan, metricID: $m, period: MONTH, value: -1}) { id } }`, vars: map[string]any{"plan": ids["plan"], "m": ids["metric"]}, code: "VALIDATION", field: "input.value"},
		{name: "pricing rule min above max", query: `mutation($plan: ID!, $m: ID!) { createPricingRule(input: {planID: $plan, metricID: $m, min: 500, max: 200}) { id } }`, vars: map[string]any{"plan": ids["plan"], "m": ids["metric"]}, code: "VALIDATION", field: "input.max"},
		{name: "pricing rule overlapping", query: `mutation($plan: ID!, $m: ID!) { createPricingRule(input: {planID: $plan, metricID: $m, min: 50, max: 200}) { id } }`, vars: map[string]any{"plan": ids["plan"], "m": ids["metric"]}, code: "VALIDATION", field: "input.min"},
		{name: "pricing rule open range overlapping", query: `mutation($plan: ID!, $m: ID!) { createPricingRule(input: {planID: $plan, metricID: $m, min: 100}) { id } }`, vars: map[string]any{"plan": ids["plan"], "m": ids["metric"]}, code: "VALIDATION", field: "input.min"},
		{name: "money with five decimals", query: `mutation($plan: ID!, $m: ID!) { createPricingRule(input: {planID: $plan, metricID: $m, min: 101, costPerUnit: "0.00001"}) { id } }`, vars: map[string]any{"plan": ids["plan"], "m": ids["metric"]}, code: "VALIDATION", field: "input.costPerUnit"},
		{name: "negative money", query: `mutation($plan: ID!) { updatePlan(id: $plan, input: {setupFee: "-1"}) { id } }`, vars: map[string]any{"plan": ids["plan"]}, code: "VALIDATION", field: "input.setupFee"},
		{name: "money that is not a number", query: `mutation($plan: ID!) { updatePlan(id: $plan, input: {costPerMonth: "ten"}) { id } }`, vars: map[string]any{"plan": ids["plan"]}, code: "VALIDATION", field: "input.costPerMonth"},
		{name: "money with five decimals in a variable", query: `mutation($plan: ID!, $in: UpdatePlanInput!) { updatePlan(id: $plan, input: $in) { id } }`, vars: map[string]any{"plan": ids["plan"], "in": map[string]any{"costPerMonth": "1.12345"}}, code: "VALIDATION", field: "input.costPerMonth"},
		// Types and enums
		{name: "unknown enum value", query: `mutation { createProduct(input: {name: "X", systemName: "x", authentication: PASSWORD}) { id } }`, code: "VALIDATION"},
		{name: "unknown enum value in a variable", query: `mutation($in: CreateProductInput!) { createProduct(input: $in) { id } }`, vars: map[string]any{"in": map[string]any{"name": "X", "systemName": "x", "authentication": "PASSWORD"}}, code: "VALIDATION", field: "in.authentication"},
		{name: "string for an Int", query: `mutation($plan: ID!, $m: ID!) { createUsageLimit(input: {planID: $plan, metricID: $m, period: YEAR, value: "ten"}) { id } }`, vars: map[string]any{"plan": ids["plan"], "m": ids["metric"]}, code: "VALIDATION"},
		{name: "string for an Int in a variable", query: `mutation($in: CreateUsageLimitInput!) { createUsageLimit(input: $in) { id } }`, vars: map[string]any{"in": map[string]any{"planID": ids["plan"], "metricID": ids["metric"], "period": "YEAR", "value": "ten"}}, code: "VALIDATION", field: "in.value"},
		{name: "ID that is not a number", query: `{ node(id: "shop") { id } }`, code: "VALIDATION", field: "id"},
		{name: "ID outside every type", query: `{ node(id: "999999999999999") { id } }`, code: "NOT_FOUND"},
		{name: "unknown field", query: `{ products { edges { node { price } } } }`, code: "VALIDATION"},
		{name: "syntax error", query: `{ products { `, code: "VALIDATION"},
		{name: "page too large", query: `{ products(first: 5000) { totalCount } }`, code: "VALIDATION", field: "first"},
		// Patterns and references
		{name: "pattern without a leading slash", query: `mutation($p: ID!, $m: ID!) { createMappingRule(input: {productID: $p, metricID: $m, httpMethod: GET, pattern: "orders"}) { id } }`, vars: map[string]any{"p": ids["keys"], "m": ids["metric"]}, code: "VALIDATION", field: "input.pattern"},
		{name: "pattern with an unclosed wildcard", query: `mutation($p: ID!, $m: ID!) { createMappingRule(input: {productID: $p, metricID: $m, httpMethod: GET, pattern: "/orders/{id"}) { id } }`, vars: map[string]any{"p": ids["keys"], "m": ids["metric"]}, code: "VALIDATION", field: "input.pattern"},
		{name: "reference to a deleted product", query: `mutation($p: ID!) { createFeature(input: {productID: $p, name: "X", systemName: "x"}) { id } }`, vars: map[string]any{"p": ids["gone"]}, code: "NOT_FOUND", field: "input.productID"},
		{name: "reference to a deleted product in a list", query: `mutation($b: ID!, $p: ID!) { createBackendUsage(input: {productID: $p, backendID: $b}) { id } }`, vars: map[string]any{"b": ids["backend"], "p": ids["gone"]}, code: "NOT_FOUND", field: "input.productID"},
		{name: "argument naming a deleted product", query: `mutation($p: ID!) { createServiceToken(productID: $p) { id } }`, vars: map[string]any{"p": ids["gone"]}, code: "NOT_FOUND"},
		// Credentials
		{name: "no credentials", token: "-", query: `{ products { totalCount } }`, code: "UNAUTHENTICATED"},
		{name: "no credentials for a mutation", token: "-", query: `mutation { createProduct(input: {name: "X", systemName: "x"}) { id } }`, code: "UNAUTHENTICATED"},
		{name: "unknown access token", token: "0123456789abcdef0123456789abcdef", query: `{ products { totalCount } }`, code: "UNAUTHENTICATED"},
		{name: "read-only token mutating", token: readOnly, query: `mutation { createProduct(input: {name: "X", systemName: "x"}) { id } }`, code: "FORBIDDEN"},
		{name: "read-only token minting a token", token: readOnly, query: `mutation { createAccessToken(input: {name: "x", scopes: [ACCOUNT_MANAGEMENT], permission: RW}) { value } }`, code: "FORBIDDEN"},
		{name: "token without account management", token: statsOnly, query: `{ products { totalCount } }`, code: "FORBIDDEN"},
		{name: "stats token reading usage with anything else", token: statsOnly, query: `{ usageBuckets { totalCount } products { totalCount } }`, code: "FORBIDDEN"},
		{name: "stats token reading usage through a node", token: statsOnly, query: `{ node(id: "1") { id } }`, code: "FORBIDDEN"},
		{name: "usage filtered by a product id that is not an ID", query: `{ usageBuckets(where: {productID: "shop"}) { totalCount } }`, code: "VALIDATION"},
		{name: "token without account management mutating", token: statsOnly, query: `mutation { createProduct(input: {name: "X", systemName: "x"}) { id } }`, code: "FORBIDDEN"},
		// Operations with several mutations fail as a whole.
		{name: "second mutation fails", query: `mutation {
			first: createProduct(input: {name: "First", systemName: "first"}) { id }
			second: createProduct(input: {name: "Second", systemName: "second one"}) { id }
		}`, code: "VALIDATION", field: "input.systemName"},
		{name: "second mutation conflicts with the first", query: `mutation($a: ID!) {
			first: updateAccount(id: $a, input: {orgName: "Renamed"}) { id }
			product: createProduct(input: {name: "Twin", systemName: "twin"}) { id }
			twin: createProduct(input: {name: "Twin", systemName: "twin"}) { id }
		}`, vars: map[string]any{"a": ids["account"]}, code: "CONFLICT", field: "input.systemName"},
		{name: "state transition fails after an update", query: `mutation($a: ID!) {
			rename: updateAccount(id: $a, input: {orgName: "Renamed"}) { id }
			resume: resumeAccount(id: $a) { id }
		}`, vars: map[string]any{"a": ids["account"]}, code: "CONFLICT"},
	}

	before := dump(t, in)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			token := c.token
			switch token {
			case "":
				token = admin
			case "-":
				token = ""
			}
			expectError(t, in, token, c.query, c.vars, c.code, c.field)
			if after := dump(t, in); after != before {
				t.Fatalf("the failed operation changed the database:\n%s", diffLines(before, after))
			}
		})
	}

	t.Run("read-only token reads", func(t *testing.T) {
		d := do(t, in, readOnly, `{ products { totalCount } viewer { readOnly scopes } }`, nil)
		if d.get(t, "viewer.readOnly") != true {
			t.Errorf("viewer of a read-only token: %v", d["viewer"])
		}
	})
	t.Run("login is open", func(t *testing.T) {
		d := do(t, in, "", `mutation($pw: String!) { login(input: {login: "admin", password: $pw}) { tokenType } }`,
			map[string]any{"pw": apptest.AdminPassword})
		if d.str(t, "login.tokenType") != "Bearer" {
			t.Errorf("login: %v", d)
		}
	})
}
