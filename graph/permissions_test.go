package graph_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/portico-apim/portico/server/apptest"
)

// Sections of the admin portal, as GraphQL names them.
var allSections = []string{"PARTNERS", "PLANS", "MONITORING", "FINANCE", "SETTINGS", "PORTAL", "POLICY_REGISTRY"}

// principal is who runs an operation in the permission matrix.
type principal struct {
	name    string
	token   string
	kind    string // admin, member, limited, ro, rw, noscope, anonymous
	section string // a member's only section
}

// permOp is a representative operation on one type, with the rule of
// spec/admin-api.md §1.5 that governs it.
type permOp struct {
	area, kind string // kind: query or mutation
	op         string // one root field, ids written "{{role}}"
	// sections lets members holding any of them run the operation; nil
	// means every member.
	sections  []string
	adminOnly bool
	// hidden: the rows are invisible to members without the sections, so
	// naming one answers NOT_FOUND rather than FORBIDDEN.
	hidden bool
}

// expect returns the error code p must get for o, or "" when it is allowed.
func (o permOp) expect(p principal) string {
	switch p.kind {
	case "anonymous":
		return "UNAUTHENTICATED"
	case "noscope":
		// The token has the stats scope: it reads usage analytics only.
		if o.kind == "query" && (o.area == "usage buckets" || o.area == "response code buckets") {
			return ""
		}
		return "FORBIDDEN"
	case "ro":
		if o.kind == "mutation" {
			return "FORBIDDEN"
		}
		return ""
	case "admin", "rw":
		return ""
	}
	if o.adminOnly {
		return "FORBIDDEN"
	}
	if o.sections == nil || p.kind == "limited" || slices.Contains(o.sections, p.section) {
		return ""
	}
	if o.hidden {
		return "NOT_FOUND"
	}
	return "FORBIDDEN"
}

var (
	partnersOnly = []string{"PARTNERS"}
	catalog      = []string{"PARTNERS", "PLANS", "MONITORING", "POLICY_REGISTRY"}
	planReaders  = []string{"PARTNERS", "PLANS", "MONITORING"}
	integrators  = []string{"PLANS", "MONITORING"}
	plansOnly    = []string{"PLANS"}
	monitoring   = []string{"MONITORING"}
)

// permOps are one query and (where the type has one) one mutation of every
// type. Mutations are rolled back: the matrix changes nothing.
var permOps = []permOp{
	{"accounts", "query", `accounts { totalCount }`, partnersOnly, false, false},
	{"accounts", "mutation", `updateAccount(id: "{{account}}", input: {orgName: "X"}) { id }`, partnersOnly, false, false},
	{"account signups", "mutation", `signUpAccount(input: {orgName: "X"}) { account { id } applications { id } }`, partnersOnly, false, false},
	{"account fields", "mutation", `updateAccountFields(id: "{{account}}", fields: {org_name: "X"}) { id }`, partnersOnly, false, false},
	{"application fields", "mutation", `updateApplicationFields(id: "{{application}}", fields: {name: "X"}) { id }`, partnersOnly, false, false},
	{"applications", "query", `applications { totalCount }`, partnersOnly, false, false},
	{"data exports", "query", `dataExport(kind: APPLICATIONS) { rows }`, partnersOnly, false, false},
	{"applications", "mutation", `updateApplication(id: "{{application}}", input: {name: "X"}) { id }`, partnersOnly, false, false},
	{"subscriptions", "query", `serviceSubscriptions { totalCount }`, partnersOnly, false, false},
	{"subscriptions", "mutation", `updateServiceSubscription(id: "{{subscription}}", input: {planID: "{{service plan}}"}) { id }`, partnersOnly, false, false},
	{"products", "query", `products { totalCount }`, catalog, false, false},
	{"products", "mutation", `updateProduct(id: "{{product}}", input: {name: "X"}) { id }`, plansOnly, false, false},
	{"backends", "query", `backends { totalCount }`, integrators, false, false},
	{"backends", "mutation", `updateBackend(id: "{{backend}}", input: {name: "X"}) { id }`, plansOnly, false, false},
	{"backend usages", "query", `backendUsages { totalCount }`, planReaders, false, false},
	{"backend usages", "mutation", `updateBackendUsage(id: "{{backend usage}}", input: {path: "/x"}) { id }`, plansOnly, false, false},
	{"metrics", "query", `metrics { totalCount }`, planReaders, false, false},
	{"metrics", "mutation", `updateMetric(id: "{{metric}}", input: {friendlyName: "X"}) { id }`, plansOnly, false, false},
	{"mapping rules", "query", `mappingRules { totalCount }`, integrators, false, false},
	{"mapping rules", "mutation", `updateMappingRule(id: "{{mapping rule}}", input: {pattern: "/x"}) { id }`, plansOnly, false, false},
	{"plans", "query", `plans { totalCount }`, planReaders, false, false},
	{"plans", "mutation", `updatePlan(id: "{{plan}}", input: {name: "X"}) { id }`, plansOnly, false, false},
	{"limits", "query", `usageLimits { totalCount }`, planReaders, false, false},
	{"limits", "mutation", `updateUsageLimit(id: "{{usage limit}}", input: {value: 5}) { id }`, plansOnly, false, false},
	{"pricing rules", "query", `pricingRules { totalCount }`, planReaders, false, false},
	{"pricing rules", "mutation", `updatePricingRule(id: "{{pricing rule}}", input: {costPerUnit: "1"}) { id }`, plansOnly, false, false},
	{"features", "query", `features { totalCount }`, planReaders, false, false},
	{"features", "mutation", `updateFeature(id: "{{feature}}", input: {name: "X"}) { id }`, plansOnly, false, false},
	{"service tokens", "query", `serviceTokens { totalCount }`, plansOnly, false, false},
	{"service tokens", "mutation", `createServiceToken(productID: "{{product}}") { id }`, plansOnly, false, false},
	{"integration settings", "query", `node(id: "{{product}}") { ... on Product { integration { secretToken } } }`, integrators, false, false},
	{"integration settings", "mutation", `updateIntegrationSettings(productID: "{{product}}", input: {secretToken: "x"}) { secretToken }`, plansOnly, false, false},
	{"configurations", "query", `node(id: "{{product}}") { ... on Product { proxyConfigs(environment: STAGING) { version } } }`, integrators, false, false},
	{"configurations", "mutation", `promoteToStaging(productID: "{{product}}") { created }`, plansOnly, false, false},
	{"policy registry", "query", `policyRegistry { name }`, nil, false, false},
	{"custom policies", "query", `customPolicies { id }`, []string{"POLICY_REGISTRY", "PLANS", "MONITORING"}, false, false},
	{"custom policies", "mutation", `createCustomPolicy(input: {manifest: {name: "p", version: "1.0", summary: "P", configuration: {type: "object"}}}) { id }`, []string{"POLICY_REGISTRY"}, false, false},
	{"provider key", "query", `viewer { tenant { providerKey } }`, nil, true, false},
	{"provider key", "mutation", `regenerateProviderKey { id }`, nil, true, false},
	{"usage buckets", "query", `usageBuckets { totalCount }`, monitoring, false, false},
	{"response code buckets", "query", `responseCodeBuckets { totalCount }`, monitoring, false, false},
	{"integration errors", "query", `integrationErrors { totalCount }`, integrators, false, false},
	{"integration errors", "mutation", `clearIntegrationErrors(productID: "{{product}}")`, plansOnly, false, false},
	{"invitations", "query", `invitations { totalCount }`, nil, true, false},
	{"invitations", "mutation", `inviteUser(email: "new.member@example.com") { id }`, nil, true, false},
	{"email messages", "query", `emailMessages { totalCount }`, nil, true, false},
	{"SSO integrations", "query", `ssoIntegrations { totalCount }`, nil, true, false},
	{"SSO integrations", "mutation", `createSSOIntegration(input: {name: "X", issuer: "https://sso.example.com", clientID: "c", clientSecret: "s"}) { id }`, nil, true, false},
	{"email templates", "query", `emailTemplates { name customized }`, []string{"SETTINGS"}, false, false},
	{"email templates", "mutation", `updateEmailTemplate(name: "invitation.team", subject: "Hi", body: "x") { name }`, []string{"SETTINGS"}, false, false},
	{"webhooks", "query", `webhook { url events }`, nil, true, false},
	{"webhooks", "mutation", `updateWebhook(input: {active: false, events: [USER_CREATED]}) { id }`, nil, true, false},
	{"webhook deliveries", "query", `webhookDeliveries { totalCount }`, nil, true, false},
	{"webhook deliveries", "mutation", `clearWebhookFailures`, nil, true, false},
	{"team users", "query", `users(where: {accountIDIsNil: true}) { totalCount }`, nil, false, false},
	{"team users", "mutation", `updateUserPermissions(id: "{{user}}", input: {role: MEMBER, sections: [PARTNERS], allProducts: true}) { id }`, nil, true, false},
	{"developer users", "query", `users(where: {accountIDNotNil: true}) { edges { node { id } } }`, nil, false, false},
	{"developer users", "mutation", `updateUser(id: "{{account user}}", input: {firstName: "X"}) { id }`, partnersOnly, false, true},
	{"developer user fields", "mutation", `updateUserFields(id: "{{account user}}", fields: {first_name: "X"}) { id }`, partnersOnly, false, true},
	{"tenant settings", "query", `viewer { tenant { orgName } }`, nil, false, false},
	{"built-in fields", "query", `builtInFields { name }`, nil, false, false},
	{"tenant settings", "mutation", `updateTenant(input: {supportEmail: "help@example.com"}) { id }`, nil, true, false},
	{"access tokens", "query", `accessTokens { totalCount }`, nil, false, false},
	{"access tokens", "mutation", `createAccessToken(input: {name: "X", scopes: [ACCOUNT_MANAGEMENT], permission: RO}) { value }`, partnersOnly, false, false},
}

// outcome runs op as p (a mutation in a transaction that a second, failing
// field rolls back) and returns the error code of op's field, "" if none.
func outcome(t *testing.T, in *apptest.Instance, p principal, kind, op string) string {
	t.Helper()
	q := `query { op: ` + op + ` }`
	if kind == "mutation" {
		q = `mutation { op: ` + op + ` rollback: deleteMetric(id: "0") { deletedID } }`
	}
	r := in.GraphQL(t, p.token, q, nil)
	for _, e := range r.Errors {
		if len(e.Path) == 0 || e.Path[0] == "op" {
			noInternals(t, e)
			return e.Code()
		}
	}
	if kind == "mutation" && len(r.Errors) == 0 {
		t.Fatalf("the rollback field did not fail: the mutation was committed")
	}
	return ""
}

// TestPermissions checks who may run what: admins, members with each
// section, a member limited to one product, access tokens (read-only,
// read-write, without the account_management scope) and anonymous callers,
// for a query and a mutation of every type.
func TestPermissions(t *testing.T) {
	t.Parallel()
	in := apptest.Start(t)
	ids := buildTenant(t, in, in.Admin)
	other := buildOtherProduct(t, in, ids)
	domain := in.Cfg.AdminDomain

	member := func(name string, sections []string, productIDs []string) string {
		t.Helper()
		d := do(t, in, in.Admin, `mutation($in: CreateUserInput!) { createUser(input: $in, password: "Member-passw0rd!") { id } }`,
			map[string]any{"in": map[string]any{"username": name, "email": name + "@example.com"}})
		perms := map[string]any{"role": "MEMBER", "sections": sections, "allProducts": productIDs == nil, "productIDs": productIDs}
		do(t, in, in.Admin, `mutation($id: ID!, $in: UserPermissionsInput!) { updateUserPermissions(id: $id, input: $in) { id } }`,
			map[string]any{"id": d.str(t, "createUser.id"), "in": perms})
		return in.Login(t, name, "Member-passw0rd!", domain)
	}
	principals := []principal{{name: "admin", token: in.Admin, kind: "admin"}}
	for _, s := range allSections {
		principals = append(principals, principal{name: "member " + s, token: member("m_"+strings.ToLower(s), []string{s}, nil), kind: "member", section: s})
	}
	limited := member("limited", allSections, []string{ids["product"]})
	principals = append(principals,
		principal{name: "member of one product", token: limited, kind: "limited"},
		principal{name: "token RO", token: accessToken(t, in, in.Admin, "RO"), kind: "ro"},
		principal{name: "token RW", token: accessToken(t, in, in.Admin, "RW"), kind: "rw"},
		principal{name: "token without ACCOUNT_MANAGEMENT", token: accessToken(t, in, in.Admin, "RW", "STATS", "FINANCE"), kind: "noscope"},
		principal{name: "no credentials", kind: "anonymous"},
	)
	resolve := func(op string, ids map[string]string) string {
		for role, x := range ids {
			op = strings.ReplaceAll(op, "{{"+role+"}}", x)
		}
		if strings.Contains(op, "{{") {
			t.Fatalf("unresolved id in %s", op)
		}
		return op
	}

	before := dump(t, in)
	for _, o := range permOps {
		t.Run(o.area+"/"+o.kind, func(t *testing.T) {
			for _, p := range principals {
				want := o.expect(p)
				if got := outcome(t, in, p, o.kind, resolve(o.op, ids)); got != want {
					t.Errorf("%s: got %q, want %q (\"\" = allowed)", p.name, orAllowed(got), orAllowed(want))
				}
			}
		})
	}
	if after := dump(t, in); after != before {
		t.Errorf("the matrix changed the database:\n%s", diffLines(before, after))
	}

	// Developer users are visible only to members with the developer
	// accounts section; team users to the whole team.
	t.Run("developer users", func(t *testing.T) {
		for _, p := range principals {
			if p.kind != "member" {
				continue
			}
			d := do(t, in, p.token, `{ dev: users(where: {accountIDNotNil: true}) { edges { node { id } } }
				team: users(where: {accountIDIsNil: true}) { edges { node { id } } } }`, nil)
			dev := d.nodeField(t, "dev", "id")
			if want := p.section == "PARTNERS"; slices.Contains(dev, ids["account user"]) != want || (!want && len(dev) != 0) {
				t.Errorf("%s sees developer users %v", p.name, dev)
			}
			if !slices.Contains(d.nodeField(t, "team", "id"), ids["user"]) {
				t.Errorf("%s does not see the team", p.name)
			}
		}
	})

	// The member limited to the first product neither sees nor changes the
	// other product's rows: they answer NOT_FOUND, like another tenant's.
	t.Run("member of one product", func(t *testing.T) {
		p := principal{name: "member of one product", token: limited, kind: "limited"}
		lists := map[string]string{
			"product": "products", "plan": "plans", "service plan": "plans", "metric": "metrics", "mapping rule": "mappingRules",
			"usage limit": "usageLimits", "pricing rule": "pricingRules", "feature": "features", "application": "applications",
			"subscription": "serviceSubscriptions", "service token": "serviceTokens", "backend usage": "backendUsages",
		}
		for role, list := range lists {
			d := do(t, in, limited, `{ l: `+list+`(first: 1000) { edges { node { id } } } }`, nil)
			got := d.nodeField(t, "l", "id")
			if slices.Contains(got, other[role]) {
				t.Errorf("%s lists the other product's %s %s", list, role, other[role])
			}
			if !slices.Contains(got, ids[role]) {
				t.Errorf("%s misses its own product's %s %s", list, role, ids[role])
			}
			expectError(t, in, limited, `query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": other[role]}, "NOT_FOUND", "")
		}
		// Rows of no product stay visible: account plans, accounts, backends.
		for role, list := range map[string]string{"account plan": "plans", "account": "accounts", "backend": "backends"} {
			d := do(t, in, limited, `{ l: `+list+`(first: 1000) { edges { node { id } } } }`, nil)
			if !slices.Contains(d.nodeField(t, "l", "id"), ids[role]) {
				t.Errorf("%s misses the %s %s", list, role, ids[role])
			}
		}
		mutations := []string{
			`updateProduct(id: "{{product}}", input: {name: "X"}) { id }`,
			`deleteProduct(id: "{{product}}") { deletedID }`,
			`updateApplication(id: "{{application}}", input: {name: "X"}) { id }`,
			`updateServiceSubscription(id: "{{subscription}}", input: {planID: "{{service plan}}"}) { id }`,
			`updateMetric(id: "{{metric}}", input: {friendlyName: "X"}) { id }`,
			`updateMappingRule(id: "{{mapping rule}}", input: {pattern: "/x"}) { id }`,
			`updatePlan(id: "{{plan}}", input: {name: "X"}) { id }`,
			`updateUsageLimit(id: "{{usage limit}}", input: {value: 5}) { id }`,
			`updatePricingRule(id: "{{pricing rule}}", input: {costPerUnit: "1"}) { id }`,
			`updateFeature(id: "{{feature}}", input: {name: "X"}) { id }`,
			`updateBackendUsage(id: "{{backend usage}}", input: {path: "/x"}) { id }`,
			`deleteServiceToken(id: "{{service token}}") { deletedID }`,
			`createServiceToken(productID: "{{product}}") { id }`,
			`createMetric(input: {productID: "{{product}}", systemName: "x", friendlyName: "X"}) { id }`,
			`createPlan(input: {kind: APPLICATION, productID: "{{product}}", name: "X", systemName: "x"}) { id }`,
			`createFeature(input: {productID: "{{product}}", name: "X", systemName: "x"}) { id }`,
			`createMappingRule(input: {productID: "{{product}}", metricID: "{{metric}}", httpMethod: GET, pattern: "/x"}) { id }`,
			`createUsageLimit(input: {planID: "{{plan}}", metricID: "{{metric}}", period: MONTH, value: 1}) { id }`,
			`createPricingRule(input: {planID: "{{plan}}", metricID: "{{metric}}", min: 500, costPerUnit: "1"}) { id }`,
			`createApplication(input: {name: "X", accountID: "{{account}}", productID: "{{product}}", planID: "{{plan}}"}) { id }`,
			`createServiceSubscription(input: {accountID: "{{account}}", productID: "{{product}}", planID: "{{service plan}}"}) { id }`,
			`createBackendUsage(input: {productID: "{{product}}", backendID: "{{backend}}", path: "/y"}) { id }`,
			`updateIntegrationSettings(productID: "{{product}}", input: {secretToken: "x"}) { secretToken }`,
			`promoteToStaging(productID: "{{product}}") { created }`,
		}
		otherIDs := map[string]string{"account": ids["account"], "backend": ids["backend"]}
		for role, x := range other {
			otherIDs[role] = x
		}
		before := dump(t, in)
		for _, m := range mutations {
			op := resolve(m, otherIDs)
			if got := outcome(t, in, p, "mutation", op); got != "NOT_FOUND" {
				t.Errorf("%s on the other product: got %q, want NOT_FOUND", op, orAllowed(got))
			}
			// The same on its own product is allowed, but for operations that
			// conflict with its data (it has applications, its subscription
			// and backend usage exist).
			own := resolve(m, ids)
			if strings.HasPrefix(own, "createBackendUsage") || strings.HasPrefix(own, "deleteProduct") || strings.HasPrefix(own, "createServiceSubscription") {
				continue
			}
			if got := outcome(t, in, p, "mutation", own); got != "" {
				t.Errorf("%s on its own product: got %q, want allowed", own, got)
			}
		}
		if after := dump(t, in); after != before {
			t.Errorf("refused mutations changed the database:\n%s", diffLines(before, after))
		}
	})
}

func orAllowed(code string) string {
	if code == "" {
		return "allowed"
	}
	return code
}

// buildOtherProduct creates a second product with one of everything that
// hangs off a product, and returns the ids by role (the roles of
// buildTenant).
func buildOtherProduct(t *testing.T, in *apptest.Instance, ids map[string]string) map[string]string {
	t.Helper()
	out := map[string]string{}
	run := func(query string, vars map[string]any, roles map[string]string) {
		t.Helper()
		d := do(t, in, in.Admin, query, vars)
		for role, path := range roles {
			out[role] = d.str(t, path)
		}
	}
	run(`mutation {
		product: createProduct(input: {name: "Other", systemName: "other", authentication: APP_ID}) {
			id serviceTokens { id } plans(where: {kind: SERVICE}) { edges { node { id } } }
		}
	}`, nil, map[string]string{"product": "product.id", "service token": "product.serviceTokens.0.id",
		"service plan": "product.plans.edges.0.node.id"})
	run(`mutation($p: ID!, $b: ID!) {
		metric: createMetric(input: {productID: $p, systemName: "other_hits", friendlyName: "Other hits"}) { id }
		plan: createPlan(input: {kind: APPLICATION, productID: $p, name: "Basic", systemName: "basic"}) { id }
		feature: createFeature(input: {productID: $p, name: "SLA", systemName: "sla"}) { id }
		usage: createBackendUsage(input: {productID: $p, backendID: $b, path: "/other"}) { id }
	}`, map[string]any{"p": out["product"], "b": ids["backend"]},
		map[string]string{"metric": "metric.id", "plan": "plan.id", "feature": "feature.id", "backend usage": "usage.id"})
	run(`mutation($p: ID!, $m: ID!, $plan: ID!, $a: ID!, $sp: ID!) {
		rule: createMappingRule(input: {productID: $p, metricID: $m, httpMethod: GET, pattern: "/other"}) { id }
		limit: createUsageLimit(input: {planID: $plan, metricID: $m, period: DAY, value: 10}) { id }
		pricing: createPricingRule(input: {planID: $plan, metricID: $m, min: 1, max: 10, costPerUnit: "0.1"}) { id }
		app: createApplication(input: {name: "Acme other", accountID: $a, productID: $p, planID: $plan}) { id }
		subscription: createServiceSubscription(input: {accountID: $a, productID: $p, planID: $sp}) { id }
	}`, map[string]any{"p": out["product"], "m": out["metric"], "plan": out["plan"], "a": ids["account"], "sp": out["service plan"]},
		map[string]string{"mapping rule": "rule.id", "usage limit": "limit.id", "pricing rule": "pricing.id",
			"application": "app.id", "subscription": "subscription.id"})
	return out
}
