package graph_test

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/portico-apim/portico/ent/domainevent"
	"github.com/portico-apim/portico/server/apptest"
)

// TestTenancy proves that one tenant can neither see nor change another's
// data: for every tenant-owned type, every query and mutation of tenant B
// naming tenant A's ids answers NOT_FOUND (lists answer empty), and the
// database is byte for byte the same afterwards.
func TestTenancy(t *testing.T) {
	t.Parallel()
	in := apptest.Start(t)
	tokenA := in.Admin
	tokenB := in.NewTenant(t, "b.example.com")
	a := buildTenant(t, in, tokenA)
	b := buildTenant(t, in, tokenB)

	t.Run("each tenant sees its own data", func(t *testing.T) {
		for _, c := range []struct {
			token string
			ids   map[string]string
		}{{tokenA, a}, {tokenB, b}} {
			for role, x := range c.ids {
				if notIDs[role] {
					continue
				}
				d := do(t, in, c.token, `query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": x})
				if d.str(t, "node.id") != x {
					t.Errorf("own %s %s not found", role, x)
				}
			}
		}
	})

	t.Run("queries", func(t *testing.T) {
		lists := map[string]string{
			"user": "users", "account": "accounts", "product": "products", "backend": "backends",
			"backend usage": "backendUsages", "metric": "metrics", "method": "metrics", "mapping rule": "mappingRules",
			"plan": "plans", "service plan": "plans", "account plan": "plans", "usage limit": "usageLimits",
			"pricing rule": "pricingRules", "feature": "features", "subscription": "serviceSubscriptions",
			"application": "applications", "access token": "accessTokens", "service token": "serviceTokens",
			"account user": "users", "sso integration": "ssoIntegrations",
		}
		for role, x := range a {
			if notIDs[role] {
				continue
			}
			t.Run(role, func(t *testing.T) {
				vars := map[string]any{"id": x}
				expectError(t, in, tokenB, `query($id: ID!) { node(id: $id) { id } }`, vars, "NOT_FOUND", "")
				expectError(t, in, tokenB, `query($id: ID!) { nodes(ids: [$id]) { id } }`, vars, "NOT_FOUND", "")
				// With one of B's own ids beside it, only A's id is refused.
				r := in.GraphQL(t, tokenB, `query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, map[string]any{"ids": []string{b["product"], x}})
				if len(r.Errors) != 1 || r.Errors[0].Code() != "NOT_FOUND" || !strings.Contains(string(r.Data), `[{"id":"`+b["product"]+`"},null]`) {
					t.Errorf("nodes([own, foreign]) = %s %+v", r.Data, r.Errors)
				}
				if list, ok := lists[role]; ok {
					d := do(t, in, tokenB, `query($id: ID!) { l: `+list+`(where: {id: $id}) { totalCount edges { node { id } } } }`, vars)
					if n := d.get(t, "l.totalCount"); n != float64(0) || len(d.list(t, "l.edges")) != 0 {
						t.Errorf("%s(where: {id: %s}) found %v", list, x, n)
					}
				}
			})
		}
		t.Run("lists hold only the tenant's own rows", func(t *testing.T) {
			foreign := map[string]bool{}
			for _, x := range a {
				foreign[x] = true
			}
			for _, list := range slices.Sorted(func(yield func(string) bool) {
				seen := map[string]bool{}
				for _, l := range lists {
					if !seen[l] {
						seen[l] = true
						if !yield(l) {
							return
						}
					}
				}
			}) {
				d := do(t, in, tokenB, `{ l: `+list+`(first: 1000) { edges { node { id } } } }`, nil)
				for _, got := range d.nodeField(t, "l", "id") {
					if foreign[got] {
						t.Errorf("%s of tenant B lists tenant A's %s", list, got)
					}
				}
			}
			d := do(t, in, tokenB, `{ viewer { tenant { id } } }`, nil)
			if d.str(t, "viewer.tenant.id") == a["tenant"] {
				t.Error("tenant B's viewer is tenant A")
			}
		})
	})

	// Every mutation names at least one of tenant A's ids (A.x); the others
	// are tenant B's own (B.x), so only A's id can be the reason to refuse.
	mutations := []struct{ name, op string }{
		// Tenant and users
		{"update user", `updateUser(id: "A.user", input: {firstName: "Mallory"}) { id }`},
		{"delete user", `deleteUser(id: "A.user") { deletedID }`},
		{"create user in account", `createUser(input: {username: "mallory", email: "m@example.com", accountID: "A.account"}) { id }`},
		// Accounts
		{"update account", `updateAccount(id: "A.account", input: {orgName: "Mallory"}) { id }`},
		{"delete account", `deleteAccount(id: "A.account") { deletedID }`},
		{"approve account", `approveAccount(id: "A.account") { id }`},
		{"reject account", `rejectAccount(id: "A.account") { id }`},
		{"make account pending", `makeAccountPending(id: "A.account") { id }`},
		{"suspend account", `suspendAccount(id: "A.account") { id }`},
		{"resume account", `resumeAccount(id: "A.account") { id }`},
		{"create account on plan", `createAccount(input: {orgName: "Mallory", planID: "A.account plan"}) { id }`},
		{"move account to plan", `updateAccount(id: "B.account", input: {planID: "A.account plan"}) { id }`},
		{"add account to plan", `updatePlan(id: "B.account plan", input: {addAccountIDs: ["A.account"]}) { id }`},
		{"create plan with account", `createPlan(input: {kind: ACCOUNT, name: "M", systemName: "m", accountIDs: ["A.account"]}) { id }`},
		// Products
		{"update product", `updateProduct(id: "A.product", input: {name: "Mallory"}) { id }`},
		{"delete product", `deleteProduct(id: "A.product") { deletedID }`},
		{"create service token", `createServiceToken(productID: "A.product") { id }`},
		{"clear integration errors", `clearIntegrationErrors(productID: "A.product")`},
		{"create metric of product", `createMetric(input: {productID: "A.product", systemName: "m", friendlyName: "M"}) { id }`},
		{"create plan of product", `createPlan(input: {kind: APPLICATION, productID: "A.product", name: "M", systemName: "m"}) { id }`},
		{"create feature of product", `createFeature(input: {productID: "A.product", name: "M", systemName: "m"}) { id }`},
		{"create mapping rule of product", `createMappingRule(input: {productID: "A.product", metricID: "B.metric", httpMethod: GET, pattern: "/m"}) { id }`},
		{"create application of product", `createApplication(input: {name: "M", accountID: "B.account", productID: "A.product", planID: "B.plan"}) { id }`},
		{"subscribe to product", `createServiceSubscription(input: {accountID: "B.account", productID: "A.product", planID: "B.service plan"}) { id }`},
		{"use backend in product", `createBackendUsage(input: {productID: "A.product", backendID: "B.backend"}) { id }`},
		// Backends
		{"update backend", `updateBackend(id: "A.backend", input: {name: "Mallory"}) { id }`},
		{"delete backend", `deleteBackend(id: "A.backend") { deletedID }`},
		{"use foreign backend", `createBackendUsage(input: {productID: "B.product", backendID: "A.backend", path: "/m"}) { id }`},
		{"create metric of backend", `createMetric(input: {backendID: "A.backend", systemName: "m", friendlyName: "M"}) { id }`},
		{"create mapping rule of backend", `createMappingRule(input: {backendID: "A.backend", metricID: "B.metric", httpMethod: GET, pattern: "/m"}) { id }`},
		{"update backend usage", `updateBackendUsage(id: "A.backend usage", input: {path: "/m"}) { id }`},
		{"delete backend usage", `deleteBackendUsage(id: "A.backend usage") { deletedID }`},
		// Metrics and mapping rules
		{"update metric", `updateMetric(id: "A.metric", input: {friendlyName: "Mallory"}) { id }`},
		{"delete metric", `deleteMetric(id: "A.metric") { deletedID }`},
		{"delete method", `deleteMetric(id: "A.method") { deletedID }`},
		{"create method of metric", `createMetric(input: {productID: "B.product", parentID: "A.metric", systemName: "m", friendlyName: "M"}) { id }`},
		{"reparent metric", `updateMetric(id: "B.method", input: {parentID: "A.metric"}) { id }`},
		{"map to metric", `createMappingRule(input: {productID: "B.product", metricID: "A.metric", httpMethod: GET, pattern: "/m"}) { id }`},
		{"remap to metric", `updateMappingRule(id: "B.mapping rule", input: {metricID: "A.metric"}) { id }`},
		{"update mapping rule", `updateMappingRule(id: "A.mapping rule", input: {pattern: "/m"}) { id }`},
		{"delete mapping rule", `deleteMappingRule(id: "A.mapping rule") { deletedID }`},
		// Plans
		{"update plan", `updatePlan(id: "A.plan", input: {name: "Mallory"}) { id }`},
		{"delete plan", `deletePlan(id: "A.plan") { deletedID }`},
		{"copy plan", `copyPlan(id: "A.plan") { id }`},
		{"copy plan with names", `copyPlan(id: "A.plan", input: {name: "M", systemName: "m"}) { id }`},
		{"set default plan", `setDefaultPlan(id: "A.plan") { id }`},
		{"unset default plan", `unsetDefaultPlan(id: "A.service plan") { id }`},
		{"limit on plan", `createUsageLimit(input: {planID: "A.plan", metricID: "B.metric", period: DAY, value: 1}) { id }`},
		{"limit of metric", `createUsageLimit(input: {planID: "B.plan", metricID: "A.metric", period: MONTH, value: 1}) { id }`},
		{"price on plan", `createPricingRule(input: {planID: "A.plan", metricID: "B.metric", min: 5000}) { id }`},
		{"price of metric", `createPricingRule(input: {planID: "B.plan", metricID: "A.metric", min: 5000}) { id }`},
		{"create application on plan", `createApplication(input: {name: "M", accountID: "B.account", productID: "B.product", planID: "A.plan"}) { id }`},
		{"change application to plan", `changeApplicationPlan(id: "B.application", planID: "A.plan") { id }`},
		{"update application to plan", `updateApplication(id: "B.application", input: {planID: "A.plan"}) { id }`},
		{"subscribe on plan", `createServiceSubscription(input: {accountID: "B.account", productID: "B.product", planID: "A.service plan"}) { id }`},
		{"move subscription to plan", `updateServiceSubscription(id: "B.subscription", input: {planID: "A.service plan"}) { id }`},
		{"enable feature on plan", `updateFeature(id: "B.feature", input: {addPlanIDs: ["A.plan"]}) { id }`},
		{"create feature on plan", `createFeature(input: {productID: "B.product", name: "M", systemName: "m", planIDs: ["A.plan"]}) { id }`},
		// Limits, pricing rules, features
		{"update usage limit", `updateUsageLimit(id: "A.usage limit", input: {value: 1}) { id }`},
		{"delete usage limit", `deleteUsageLimit(id: "A.usage limit") { deletedID }`},
		{"update pricing rule", `updatePricingRule(id: "A.pricing rule", input: {costPerUnit: "9"}) { id }`},
		{"delete pricing rule", `deletePricingRule(id: "A.pricing rule") { deletedID }`},
		{"update feature", `updateFeature(id: "A.feature", input: {name: "Mallory"}) { id }`},
		{"delete feature", `deleteFeature(id: "A.feature") { deletedID }`},
		{"enable foreign feature", `updatePlan(id: "B.plan", input: {addFeatureIDs: ["A.feature"]}) { id }`},
		{"create plan with feature", `createPlan(input: {kind: APPLICATION, productID: "B.product", name: "M", systemName: "m", featureIDs: ["A.feature"]}) { id }`},
		// Subscriptions
		{"update subscription", `updateServiceSubscription(id: "A.subscription", input: {planID: "B.service plan"}) { id }`},
		{"delete subscription", `deleteServiceSubscription(id: "A.subscription") { deletedID }`},
		{"subscribe account", `createServiceSubscription(input: {accountID: "A.account", productID: "B.product", planID: "B.service plan"}) { id }`},
		// Applications
		{"update application", `updateApplication(id: "A.application", input: {name: "Mallory"}) { id }`},
		{"update account fields", `updateAccountFields(id: "A.account", fields: {org_name: "Mallory"}) { id }`},
		{"update user fields", `updateUserFields(id: "A.account user", fields: {first_name: "Mallory"}) { id }`},
		{"update application fields", `updateApplicationFields(id: "A.application", fields: {name: "Mallory"}) { id }`},
		{"delete application", `deleteApplication(id: "A.application") { deletedID }`},
		{"suspend application", `suspendApplication(id: "A.application") { id }`},
		{"resume application", `resumeApplication(id: "A.application") { id }`},
		{"accept application", `acceptApplication(id: "A.application") { id }`},
		{"change application plan", `changeApplicationPlan(id: "A.application", planID: "B.plan") { id }`},
		{"regenerate user key", `regenerateUserKey(id: "A.application") { id }`},
		{"add application key", `addApplicationKey(id: "A.application", key: "mallory-key") { id }`},
		{"add random application key", `addApplicationKey(id: "A.application") { id }`},
		{"remove application key", `removeApplicationKey(id: "A.application", key: "A.app key") { id }`},
		{"regenerate application key", `regenerateApplicationKey(id: "A.application", key: "A.app key") { id }`},
		{"add referrer filter", `addReferrerFilter(id: "A.application", filter: "evil.example.com") { id }`},
		{"remove referrer filter", `removeReferrerFilter(id: "A.application", filter: "A.referrer") { id }`},
		{"create application of account", `createApplication(input: {name: "M", accountID: "A.account", productID: "B.product", planID: "B.plan"}) { id }`},
		// Tokens
		{"delete access token", `deleteAccessToken(id: "A.access token") { deletedID }`},
		{"delete service token", `deleteServiceToken(id: "A.service token") { deletedID }`},
		// Single sign-on
		{"update SSO integration", `updateSSOIntegration(id: "A.sso integration", input: {name: "Mallory", enabled: false}) { id }`},
		{"delete SSO integration", `deleteSSOIntegration(id: "A.sso integration") { deletedID }`},
	}
	resolve := func(op string) string {
		for _, side := range []struct {
			prefix string
			ids    map[string]string
		}{{"A.", a}, {"B.", b}} {
			for role, x := range side.ids {
				op = strings.ReplaceAll(op, `"`+side.prefix+role+`"`, `"`+x+`"`)
			}
		}
		if strings.Contains(op, `"A.`) || strings.Contains(op, `"B.`) {
			t.Fatalf("unresolved id in %s", op)
		}
		return op
	}

	t.Run("mutations", func(t *testing.T) {
		before := dump(t, in)
		for _, c := range mutations {
			t.Run(c.name, func(t *testing.T) {
				expectError(t, in, tokenB, "mutation { "+resolve(c.op)+" }", nil, "NOT_FOUND", "")
				if after := dump(t, in); after != before {
					t.Fatalf("the database changed:\n%s", diffLines(before, after))
				}
			})
		}
	})

	// The same operations naming B's own ids instead get past the tenant
	// check, so the refusals above are about ownership, not typos. A second
	// field that fails rolls each operation back.
	t.Run("the same mutations on the tenant's own ids", func(t *testing.T) {
		before := dump(t, in)
		for _, c := range mutations {
			op := resolve(strings.ReplaceAll(c.op, `"A.`, `"B.`))
			r := in.GraphQL(t, tokenB, `mutation { op: `+op+` rollback: deleteMetric(id: "0") { deletedID } }`, nil)
			for _, e := range r.Errors {
				if len(e.Path) > 0 && e.Path[0] == "op" && e.Code() == "NOT_FOUND" {
					t.Errorf("%s with tenant B's own ids: %s", c.name, e.Message)
				}
			}
			if len(r.Errors) == 0 || r.Errors[len(r.Errors)-1].Path[0] != "rollback" {
				t.Fatalf("%s: the rollback field did not fail: %+v", c.name, r.Errors)
			}
		}
		if after := dump(t, in); after != before {
			t.Errorf("failed operations changed the database:\n%s", diffLines(before, after))
		}
	})
}

// notIDs are the roles of buildTenant's result that are not node ids.
var notIDs = map[string]bool{"app key": true, "referrer": true}

// buildTenant creates, with token, one of everything a tenant owns and
// returns the ids by role.
func buildTenant(t *testing.T, in *apptest.Instance, token string) map[string]string {
	t.Helper()
	ids := map[string]string{}
	run := func(query string, vars map[string]any, roles map[string]string) {
		t.Helper()
		d := do(t, in, token, query, vars)
		for role, path := range roles {
			ids[role] = d.str(t, path)
		}
	}
	run(`mutation {
		product: createProduct(input: {name: "Shop", systemName: "shop", authentication: APP_ID}) {
			id serviceTokens { id } plans(where: {kind: SERVICE}) { edges { node { id } } }
		}
		accountPlan: createPlan(input: {kind: ACCOUNT, name: "Partners", systemName: "partners"}) { id }
		backend: createBackend(input: {name: "Orders", systemName: "orders", privateEndpoint: "https://orders.internal"}) { id }
		teamUser: createUser(input: {username: "member", email: "member@example.com"}) { id }
		token: createAccessToken(input: {name: "ci", scopes: [ACCOUNT_MANAGEMENT], permission: RW}) { accessToken { id } }
		sso: createSSOIntegration(input: {name: "Keycloak", issuer: "https://sso.example.com/realms/shop", clientID: "portico", clientSecret: "s3cret"}) { id }
	}`, nil, map[string]string{"sso integration": "sso.id", "product": "product.id", "service token": "product.serviceTokens.0.id",
		"service plan": "product.plans.edges.0.node.id", "account plan": "accountPlan.id", "backend": "backend.id",
		"user": "teamUser.id", "access token": "token.accessToken.id"})
	run(`mutation($p: ID!, $b: ID!, $ap: ID!) {
		metric: createMetric(input: {productID: $p, systemName: "orders", friendlyName: "Orders"}) { id }
		plan: createPlan(input: {kind: APPLICATION, productID: $p, name: "Gold", systemName: "gold"}) { id }
		feature: createFeature(input: {productID: $p, name: "Support", systemName: "support"}) { id }
		usage: createBackendUsage(input: {productID: $p, backendID: $b, path: "/orders"}) { id }
		account: createAccount(input: {orgName: "Acme", planID: $ap}) { id }
	}`, map[string]any{"p": ids["product"], "b": ids["backend"], "ap": ids["account plan"]},
		map[string]string{"metric": "metric.id", "plan": "plan.id", "feature": "feature.id", "backend usage": "usage.id", "account": "account.id"})
	run(`mutation($p: ID!, $m: ID!, $plan: ID!, $f: ID!, $a: ID!, $sp: ID!) {
		method: createMetric(input: {productID: $p, parentID: $m, systemName: "order_create", friendlyName: "Create order"}) { id }
		rule: createMappingRule(input: {productID: $p, metricID: $m, httpMethod: POST, pattern: "/orders"}) { id }
		limit: createUsageLimit(input: {planID: $plan, metricID: $m, period: DAY, value: 100}) { id }
		pricing: createPricingRule(input: {planID: $plan, metricID: $m, min: 1, max: 100, costPerUnit: "0.5"}) { id }
		plan: updatePlan(id: $plan, input: {addFeatureIDs: [$f]}) { id }
		app: createApplication(input: {name: "Acme shop", accountID: $a, productID: $p, planID: $plan}) { id appKeys }
		subscription: createServiceSubscription(input: {accountID: $a, productID: $p, planID: $sp}) { id }
		accountUser: createUser(input: {username: "dev", email: "dev@example.com", accountID: $a}) { id }
	}`, map[string]any{"p": ids["product"], "m": ids["metric"], "plan": ids["plan"], "f": ids["feature"],
		"a": ids["account"], "sp": ids["service plan"]},
		map[string]string{"method": "method.id", "mapping rule": "rule.id", "usage limit": "limit.id",
			"pricing rule": "pricing.id", "application": "app.id", "app key": "app.appKeys.0",
			"subscription": "subscription.id", "account user": "accountUser.id"})
	run(`mutation($app: ID!) { addReferrerFilter(id: $app, filter: "shop.example.com") { referrerFilters } }`,
		map[string]any{"app": ids["application"]}, map[string]string{"referrer": "addReferrerFilter.referrerFilters.0"})
	run(`{ viewer { tenant { id } } }`, nil, map[string]string{"tenant": "viewer.tenant.id"})
	return ids
}

// dump returns every row of every table, in a stable order, leaving out
// what background work changes on its own: when access tokens were last
// used, when the outbox consumer read an event, River's job tables and the
// journal marks.
func dump(t testing.TB, in *apptest.Instance) string {
	t.Helper()
	// What earlier changes tell (notifications, webhook deliveries) is
	// written by the outbox consumer in the background: consume it all
	// first, so that only the change under test can differ.
	// On PostgreSQL the background consumer may hold the last events (our
	// read skips locked rows): wait until every event is marked consumed.
	for deadline := time.Now().Add(10 * time.Second); ; {
		n, err := in.App.Webhooks.Consume(context.Background())
		if err != nil {
			t.Fatalf("consume the outbox: %v", err)
		}
		if n > 0 {
			continue
		}
		unread, err := in.Client().DomainEvent.Query().Where(domainevent.DeliveredAtIsNil()).Exist(apptest.SystemContext())
		if err != nil {
			t.Fatalf("read the outbox: %v", err)
		}
		if !unread {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the outbox was not consumed within 10 s")
		}
		time.Sleep(10 * time.Millisecond)
	}
	db := in.App.Store.DB
	q := `SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`
	if in.App.Store.IsPostgres() {
		q = `SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename`
	}
	tables := queryStrings(t, db, q)
	var b strings.Builder
	for _, table := range tables {
		if background(table) {
			continue // how far background saves reach, and background jobs: they run on their own clock
		}
		rows, err := db.Query(`SELECT * FROM "` + table + `" ORDER BY 1, 2`)
		if err != nil {
			t.Fatalf("dump %s: %v", table, err)
		}
		cols, _ := rows.Columns()
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		for rows.Next() {
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			if table == "sqlite_sequence" && background(fmt.Sprintf("%s", vals[0])) {
				continue // the id counters of the background tables left out above
			}
			fmt.Fprintf(&b, "%s:", table)
			for i, v := range vals {
				if table == "access_tokens" && (cols[i] == "last_used_at" || cols[i] == "updated_at") {
					continue // recorded on every use of the token
				}
				if table == "domain_events" && cols[i] == "delivered_at" {
					continue // stamped by the outbox consumer in the background
				}
				if bs, ok := v.([]byte); ok {
					v = string(bs)
				}
				fmt.Fprintf(&b, " %s=%v", cols[i], v)
			}
			b.WriteByte('\n')
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		rows.Close()
	}
	return b.String()
}

// background reports whether table is written by background work on its
// own clock: the journal marks and River's tables.
func background(table string) bool {
	return table == "journal_marks" || strings.HasPrefix(table, "river_")
}

func queryStrings(t testing.TB, db *sql.DB, q string) []string {
	t.Helper()
	rows, err := db.Query(q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	return out
}

// diffLines lists the lines only in before (-) or only in after (+).
func diffLines(before, after string) string {
	bl, al := strings.Split(before, "\n"), strings.Split(after, "\n")
	var out []string
	for _, l := range bl {
		if !slices.Contains(al, l) {
			out = append(out, "- "+l)
		}
	}
	for _, l := range al {
		if !slices.Contains(bl, l) {
			out = append(out, "+ "+l)
		}
	}
	return strings.Join(out, "\n")
}
