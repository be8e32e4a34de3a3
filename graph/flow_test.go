package graph_test

import (
	"reflect"
	"slices"
	"testing"

	"github.com/portico-apim/portico/ent"
	"github.com/portico-apim/portico/ent/plan"
	"github.com/portico-apim/portico/ent/product"
	"github.com/portico-apim/portico/server/apptest"
)

// TestFlow drives the control plane the way a script does: with an access
// token only, it builds a product with everything under it, pages through
// and filters what it built, copies a plan and deletes the product, after
// which nothing under the product is left.
func TestFlow(t *testing.T) {
	t.Parallel()
	in := apptest.Start(t)
	tok := accessToken(t, in, in.Admin, "RW")
	gql := func(t *testing.T, query string, vars map[string]any) tree {
		t.Helper()
		return do(t, in, tok, query, vars)
	}
	ids := map[string]string{} // what was built, by role

	if !t.Run("build a product with an access token", func(t *testing.T) {
		d := gql(t, `mutation {
			createProduct(input: {name: "Flow", systemName: "flow", authentication: USER_KEY}) {
				id serviceTokens { id }
				plans(where: {kind: SERVICE, isDefault: true}) { edges { node { id } } }
			}
		}`, nil)
		ids["product"] = d.str(t, "createProduct.id")
		ids["service token"] = d.str(t, "createProduct.serviceTokens.0.id")
		ids["service plan"] = d.str(t, "createProduct.plans.edges.0.node.id")
		p := map[string]any{"p": ids["product"]}

		d = gql(t, `mutation($p: ID!) {
			metric: createMetric(input: {productID: $p, systemName: "searches", friendlyName: "Searches"}) { id }
		}`, p)
		ids["metric"] = d.str(t, "metric.id")
		d = gql(t, `mutation($p: ID!, $m: ID!) {
			method: createMetric(input: {productID: $p, parentID: $m, systemName: "search_by_tag", friendlyName: "Search by tag"}) { id parentID }
		}`, map[string]any{"p": ids["product"], "m": ids["metric"]})
		ids["method"] = d.str(t, "method.id")
		if got := d.str(t, "method.parentID"); got != ids["metric"] {
			t.Errorf("method's parentID = %s, want %s", got, ids["metric"])
		}
		d = gql(t, `mutation($p: ID!, $m: ID!) {
			rule: createMappingRule(input: {productID: $p, metricID: $m, httpMethod: GET, pattern: "/search/{tag}", delta: 2}) { id }
			plan: createPlan(input: {kind: APPLICATION, productID: $p, name: "Gold", systemName: "gold", costPerMonth: "10.5"}) { id }
			feature: createFeature(input: {productID: $p, name: "Support", systemName: "support"}) { id }
			backend: createBackend(input: {name: "Search API", systemName: "search_api", privateEndpoint: "https://search.internal"}) { id }
			account: createAccount(input: {orgName: "Acme"}) { id state }
		}`, map[string]any{"p": ids["product"], "m": ids["method"]})
		for _, k := range []string{"rule", "plan", "feature", "backend", "account"} {
			ids[k] = d.str(t, k+".id")
		}
		if got := d.str(t, "account.state"); got != "APPROVED" {
			t.Errorf("new account state = %s, want APPROVED", got)
		}
		d = gql(t, `mutation($p: ID!, $plan: ID!, $m: ID!, $f: ID!, $b: ID!, $a: ID!, $sp: ID!) {
			limit: createUsageLimit(input: {planID: $plan, metricID: $m, period: DAY, value: 1000}) { id }
			pricing: createPricingRule(input: {planID: $plan, metricID: $m, min: 1, max: 1000, costPerUnit: "0.0125"}) { id }
			plan: updatePlan(id: $plan, input: {addFeatureIDs: [$f]}) { features { id } }
			usage: createBackendUsage(input: {productID: $p, backendID: $b, path: "/search"}) { id }
			app: createApplication(input: {name: "Acme search", accountID: $a, productID: $p, planID: $plan}) { id state userKey }
			subscription: createServiceSubscription(input: {accountID: $a, productID: $p, planID: $sp}) { id state }
			token: createServiceToken(productID: $p) { id }
		}`, map[string]any{"p": ids["product"], "plan": ids["plan"], "m": ids["metric"], "f": ids["feature"],
			"b": ids["backend"], "a": ids["account"], "sp": ids["service plan"]})
		for _, k := range []string{"limit", "pricing", "usage", "app", "subscription"} {
			ids[k] = d.str(t, k+".id")
		}
		ids["second service token"] = d.str(t, "token.id")
		if got := d.list(t, "plan.features"); len(got) != 1 {
			t.Errorf("plan features after addFeatureIDs = %v, want the one feature", got)
		}
		if d.str(t, "app.state") != "LIVE" || len(d.str(t, "app.userKey")) < 5 {
			t.Errorf("new application: state %s, user key %q; want LIVE with a generated key", d.str(t, "app.state"), d.str(t, "app.userKey"))
		}
	}) {
		return
	}

	t.Run("each list finds what was built", func(t *testing.T) {
		for _, c := range []struct{ list, role string }{
			{"products", "product"}, {"metrics", "metric"}, {"metrics", "method"}, {"mappingRules", "rule"},
			{"plans", "plan"}, {"usageLimits", "limit"}, {"pricingRules", "pricing"}, {"features", "feature"},
			{"backends", "backend"}, {"backendUsages", "usage"}, {"accounts", "account"}, {"applications", "app"},
			{"serviceSubscriptions", "subscription"}, {"serviceTokens", "service token"},
		} {
			t.Run(c.list+" "+c.role, func(t *testing.T) {
				d := gql(t, `query($id: ID!) { list: `+c.list+`(where: {id: $id}) { totalCount edges { node { id } } } }`,
					map[string]any{"id": ids[c.role]})
				if got := d.nodeField(t, "list", "id"); !slices.Equal(got, []string{ids[c.role]}) {
					t.Errorf("%s(where: {id: %s}) = %v", c.list, ids[c.role], got)
				}
			})
		}
	})

	t.Run("page, filter and order", func(t *testing.T) {
		for _, name := range []string{"page_c", "page_a", "page_e", "page_b", "page_d"} {
			gql(t, `mutation($p: ID!, $n: String!) { createMetric(input: {productID: $p, systemName: $n, friendlyName: $n}) { id } }`,
				map[string]any{"p": ids["product"], "n": name})
		}
		const q = `query($p: ID!, $first: Int, $after: Cursor, $last: Int, $before: Cursor, $dir: OrderDirection!) {
			metrics(first: $first, after: $after, last: $last, before: $before,
				where: {productID: $p, systemNameHasPrefix: "page_"}, orderBy: [{field: SYSTEM_NAME, direction: $dir}]) {
				totalCount
				pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
				edges { node { systemName } }
			}
		}`
		page := func(t *testing.T, vars map[string]any) tree {
			t.Helper()
			vars["p"] = ids["product"]
			if vars["dir"] == nil {
				vars["dir"] = "ASC"
			}
			return gql(t, q, vars)
		}
		check := func(t *testing.T, d tree, want ...string) {
			t.Helper()
			if got := d.nodeField(t, "metrics", "systemName"); !slices.Equal(got, want) {
				t.Errorf("page = %v, want %v", got, want)
			}
			if n := d.get(t, "metrics.totalCount"); n != float64(5) {
				t.Errorf("totalCount = %v, want 5", n)
			}
		}

		d := page(t, map[string]any{"first": 2})
		check(t, d, "page_a", "page_b")
		if d.get(t, "metrics.pageInfo.hasNextPage") != true {
			t.Error("first page: hasNextPage is false")
		}
		d = page(t, map[string]any{"first": 2, "after": d.str(t, "metrics.pageInfo.endCursor")})
		check(t, d, "page_c", "page_d")
		d = page(t, map[string]any{"first": 2, "after": d.str(t, "metrics.pageInfo.endCursor")})
		check(t, d, "page_e")
		if d.get(t, "metrics.pageInfo.hasNextPage") != false {
			t.Error("last page: hasNextPage is true")
		}

		d = page(t, map[string]any{"last": 2})
		check(t, d, "page_d", "page_e")
		if d.get(t, "metrics.pageInfo.hasPreviousPage") != true {
			t.Error("last two: hasPreviousPage is false")
		}
		d = page(t, map[string]any{"last": 2, "before": d.str(t, "metrics.pageInfo.startCursor")})
		check(t, d, "page_b", "page_c")

		d = page(t, map[string]any{"first": 3, "dir": "DESC"})
		check(t, d, "page_e", "page_d", "page_c")
		d = page(t, map[string]any{"first": 3, "dir": "DESC", "after": d.str(t, "metrics.pageInfo.endCursor")})
		check(t, d, "page_b", "page_a")

		d = gql(t, `query($p: ID!) {
			methods: metrics(where: {productID: $p, hasParent: true}) { edges { node { systemName } } }
			topLevel: metrics(where: {productID: $p, hasParent: false, systemNameIn: ["hits", "searches", "search_by_tag"]}, orderBy: [{field: FRIENDLY_NAME, direction: DESC}]) { edges { node { systemName } } }
			liveApps: applications(where: {productID: $p, state: LIVE}) { totalCount }
			suspendedApps: applications(where: {productID: $p, state: SUSPENDED}) { totalCount }
			plans(where: {productID: $p, kind: APPLICATION}, orderBy: [{field: NAME}]) { edges { node { systemName } } }
		}`, map[string]any{"p": ids["product"]})
		if got := d.nodeField(t, "methods", "systemName"); !slices.Equal(got, []string{"search_by_tag"}) {
			t.Errorf("methods = %v", got)
		}
		// Friendly names Searches and Hits (the method is not top-level).
		if got := d.nodeField(t, "topLevel", "systemName"); !slices.Equal(got, []string{"searches", "hits"}) {
			t.Errorf("top-level metrics by friendly name desc = %v", got)
		}
		if d.get(t, "liveApps.totalCount") != float64(1) || d.get(t, "suspendedApps.totalCount") != float64(0) {
			t.Errorf("applications by state: live %v, suspended %v", d.get(t, "liveApps.totalCount"), d.get(t, "suspendedApps.totalCount"))
		}
		if got := d.nodeField(t, "plans", "systemName"); !slices.Equal(got, []string{"gold"}) {
			t.Errorf("application plans of the product = %v", got)
		}
	})

	t.Run("copy a plan with its limits, pricing rules and features", func(t *testing.T) {
		d := gql(t, `mutation($id: ID!) {
			copyPlan(id: $id) {
				id name systemName state isDefault costPerMonth productID
				limits { edges { node { metricID period value } } }
				pricingRules { edges { node { metricID min max costPerUnit } } }
				features { id }
			}
		}`, map[string]any{"id": ids["plan"]})
		ids["copy"] = d.str(t, "copyPlan.id")
		if d.str(t, "copyPlan.name") != "Gold (copy)" || d.str(t, "copyPlan.systemName") != "gold_copy" ||
			d.str(t, "copyPlan.state") != "HIDDEN" || d.get(t, "copyPlan.isDefault") != false {
			t.Errorf("copy: %v", d["copyPlan"])
		}
		if d.str(t, "copyPlan.productID") != ids["product"] || d.str(t, "copyPlan.costPerMonth") != "10.5" {
			t.Errorf("copy: product %s, cost per month %s", d.str(t, "copyPlan.productID"), d.str(t, "copyPlan.costPerMonth"))
		}
		limits := d.list(t, "copyPlan.limits.edges")
		if len(limits) != 1 || d.str(t, "copyPlan.limits.edges.0.node.metricID") != ids["metric"] ||
			d.str(t, "copyPlan.limits.edges.0.node.period") != "DAY" || d.get(t, "copyPlan.limits.edges.0.node.value") != float64(1000) {
			t.Errorf("copied limits = %v", limits)
		}
		rules := d.list(t, "copyPlan.pricingRules.edges")
		if len(rules) != 1 || d.get(t, "copyPlan.pricingRules.edges.0.node.max") != float64(1000) ||
			d.str(t, "copyPlan.pricingRules.edges.0.node.costPerUnit") != "0.0125" {
			t.Errorf("copied pricing rules = %v", rules)
		}
		if got := d.list(t, "copyPlan.features"); len(got) != 1 || got[0].(map[string]any)["id"] != ids["feature"] {
			t.Errorf("copied features = %v", got)
		}
		// A second copy takes the next free system name; the original is unchanged.
		d = gql(t, `mutation($id: ID!) { copyPlan(id: $id, input: {name: "Gold 2"}) { systemName name } }
		`, map[string]any{"id": ids["plan"]})
		if d.str(t, "copyPlan.systemName") != "gold_copy_2" || d.str(t, "copyPlan.name") != "Gold 2" {
			t.Errorf("second copy = %v", d["copyPlan"])
		}
		d = gql(t, `query($id: ID!) { node(id: $id) { ... on Plan { limits { totalCount } pricingRules { totalCount } features { id } } } }`,
			map[string]any{"id": ids["plan"]})
		if d.get(t, "node.limits.totalCount") != float64(1) || d.get(t, "node.pricingRules.totalCount") != float64(1) || len(d.list(t, "node.features")) != 1 {
			t.Errorf("original after copying: %v", d["node"])
		}
	})

	// gqlgen resolves a payload's fields concurrently; inside the mutation's
	// transaction (one connection) they must still all resolve, each to what
	// is stored, and each update must be stored.
	t.Run("mutation payloads with nested lists", func(t *testing.T) {
		const fields = `position
			limits { edges { node { id metric { id } } } }
			pricingRules { edges { node { id metric { id } } } }
			features { id product { id } }
			applications { edges { node { id account { id } } } }
			product { id metrics { totalCount } plans { totalCount } features { totalCount } serviceTokens { id } }`
		vars := func(position int) map[string]any { return map[string]any{"id": ids["plan"], "position": position} }
		// What the nested lists hold, read outside any mutation.
		want := gql(t, `query($id: ID!) { node(id: $id) { ... on Plan { `+fields+` } } }`, map[string]any{"id": ids["plan"]})["node"].(map[string]any)
		if got := tree(want); got.str(t, "limits.edges.0.node.id") != ids["limit"] || got.str(t, "limits.edges.0.node.metric.id") != ids["metric"] ||
			got.str(t, "pricingRules.edges.0.node.id") != ids["pricing"] || got.str(t, "features.0.id") != ids["feature"] ||
			got.str(t, "features.0.product.id") != ids["product"] || got.str(t, "applications.edges.0.node.id") != ids["app"] ||
			got.str(t, "applications.edges.0.node.account.id") != ids["account"] || got.str(t, "product.id") != ids["product"] ||
			len(got.list(t, "product.serviceTokens")) != 2 {
			t.Fatalf("the plan before the updates: %v", want)
		}
		for i := 1; i <= 20; i++ {
			d := gql(t, `mutation($id: ID!, $position: Int!) { updatePlan(id: $id, input: {position: $position}) { `+fields+` } }`, vars(i))
			got := d["updatePlan"].(map[string]any)
			want["position"] = float64(i)
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("update %d answered\n%v\nwant\n%v", i, got, want)
			}
			d = gql(t, `query($id: ID!) { node(id: $id) { ... on Plan { position } } }`, map[string]any{"id": ids["plan"]})
			if p := d.get(t, "node.position"); p != float64(i) {
				t.Fatalf("after update %d the stored position is %v", i, p)
			}
		}
	})

	t.Run("delete the product with everything under it", func(t *testing.T) {
		d := gql(t, `mutation($id: ID!) { deleteProduct(id: $id) { deletedID } }`, map[string]any{"id": ids["product"]})
		if d.str(t, "deleteProduct.deletedID") != ids["product"] {
			t.Errorf("deletedID = %s", d.str(t, "deleteProduct.deletedID"))
		}
		gone := []string{"product", "metric", "method", "rule", "plan", "copy", "limit", "pricing", "feature",
			"usage", "app", "subscription", "service plan", "service token", "second service token"}
		sys := apptest.SystemContext()
		for _, role := range gone {
			expectError(t, in, tok, `query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": ids[role]}, "NOT_FOUND", "")
			if _, err := in.Client().Noder(sys, id(t, ids[role])); !ent.IsNotFound(err) {
				t.Errorf("%s %s is still stored (err %v)", role, ids[role], err)
			}
		}
		pid := id(t, ids["product"])
		if n := in.Client().Plan.Query().Where(plan.ProductID(pid)).CountX(sys); n != 0 {
			t.Errorf("%d plans of the deleted product remain", n)
		}
		if n := in.Client().Product.Query().Where(product.ID(pid)).QueryFeatures().QueryPlans().CountX(sys); n != 0 {
			t.Errorf("%d plan-feature links remain", n)
		}
		d = gql(t, `query($p: ID!) {
			metrics(where: {productID: $p}) { totalCount }
			plans(where: {productID: $p}) { totalCount }
			applications(where: {productID: $p}) { totalCount }
			serviceSubscriptions(where: {productID: $p}) { totalCount }
			features(where: {productID: $p}) { totalCount }
			mappingRules(where: {productID: $p}) { totalCount }
			backendUsages(where: {productID: $p}) { totalCount }
			serviceTokens(where: {productID: $p}) { totalCount }
		}`, map[string]any{"p": ids["product"]})
		for list := range d {
			if n := d.get(t, list+".totalCount"); n != float64(0) {
				t.Errorf("%s of the deleted product: %v left", list, n)
			}
		}
		// What does not belong to the product stays.
		for _, role := range []string{"account", "backend"} {
			if _, err := in.Client().Noder(sys, id(t, ids[role])); err != nil {
				t.Errorf("%s was deleted with the product: %v", role, err)
			}
		}
	})
}
