package graph_test

import (
	"slices"
	"testing"

	"github.com/portico-apim/portico/ent/account"
	"github.com/portico-apim/portico/ent/application"
	"github.com/portico-apim/portico/server/apptest"
)

// TestPlanListingsHideCustomPlans lists plans every way the API offers: the
// plans query, a product's plans (through node, product lists and a
// mutation's payload) and a feature's plans all leave an application's
// custom plan out unless the filter asks for custom plans.
func TestPlanListingsHideCustomPlans(t *testing.T) {
	t.Parallel()
	in := apptest.Start(t)
	f := loadFixture(t, in)
	feature := do(t, in, in.Admin, `mutation($p: ID!) { createFeature(input: {productID: $p, name: "Support", systemName: "support"}) { id } }`,
		map[string]any{"p": itoa(f.productID)}).str(t, "createFeature.id")
	do(t, in, in.Admin, `mutation($plan: ID!, $f: ID!) { updatePlan(id: $plan, input: {addFeatureIDs: [$f]}) { id } }`,
		map[string]any{"plan": itoa(f.basicID), "f": feature})
	app := f.app(t, in, f.account(t, in, account.StateAPPROVED), application.StateLIVE)
	custom := do(t, in, in.Admin, `mutation($a: ID!) { customizeApplicationPlan(id: $a) { planID } }`,
		map[string]any{"a": itoa(app)}).str(t, "customizeApplicationPlan.planID")
	basic, unlimited, service := itoa(f.basicID), itoa(f.unlimID), itoa(f.servicePlanID)
	vars := map[string]any{"p": itoa(f.productID), "f": feature, "c": custom, "b": basic}

	cases := []struct {
		name, query, path string
		want              []string
	}{
		{"plans", `{ l: plans(first: 1000) { edges { node { id } } } }`, "l", nil},
		{"plans asking for custom plans", `{ l: plans(where: {originalIDNotNil: true}) { edges { node { id } } } }`, "l", []string{custom}},
		{"product by node", `query($p: ID!) { node(id: $p) { ... on Product { plans { edges { node { id } } } } } }`, "node.plans",
			[]string{service, basic, unlimited}},
		{"product list", `query($p: ID!) { products(where: {id: $p}) { edges { node { plans(where: {kind: APPLICATION}) { totalCount edges { node { id } } } } } } }`,
			"products.edges.0.node.plans", []string{basic, unlimited}},
		{"product plans counted only", `query($p: ID!) { node(id: $p) { ... on Product { plans(where: {kind: APPLICATION}) { totalCount } } } }`,
			"node.plans", nil},
		{"product plans paginated", `query($p: ID!) { node(id: $p) { ... on Product { plans(first: 10, where: {kind: APPLICATION}) { edges { node { id } } } } } }`,
			"node.plans", []string{basic, unlimited}},
		{"product plans asking for custom plans", `query($p: ID!) { node(id: $p) { ... on Product { plans(where: {originalIDNotNil: true}) { edges { node { id } } } } } }`,
			"node.plans", []string{custom}},
		{"product plans by id", `query($p: ID!, $c: ID!) { node(id: $p) { ... on Product { plans(where: {idIn: [$c]}) { edges { node { id } } } } } }`,
			"node.plans", []string{custom}},
		{"product plans of an original", `query($p: ID!, $b: ID!) { node(id: $p) { ... on Product { plans(where: {hasOriginalWith: {id: $b}}) { edges { node { id } } } } } }`,
			"node.plans", []string{custom}},
		{"plan customizations", `query($b: ID!) { node(id: $b) { ... on Plan { customizations { id } } } }`, "node.customizations", []string{custom}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d := do(t, in, in.Admin, tc.query, vars)
			var got []string
			switch v := d.get(t, tc.path).(type) {
			case []any:
				for _, p := range v {
					got = append(got, p.(map[string]any)["id"].(string))
				}
			case map[string]any:
				if _, ok := v["edges"]; ok {
					got = d.nodeField(t, tc.path, "id")
				}
				if n, ok := v["totalCount"]; ok && n != float64(2) {
					t.Errorf("totalCount %v, want 2 (the custom plan left out)", n)
				}
			}
			if tc.want == nil {
				if slices.Contains(got, custom) {
					t.Errorf("%v lists the custom plan %s", got, custom)
				}
				return
			}
			slices.Sort(got)
			want := slices.Sorted(slices.Values(tc.want))
			if !slices.Equal(got, want) {
				t.Errorf("plans %v, want %v", got, want)
			}
		})
	}

	t.Run("feature", func(t *testing.T) {
		d := do(t, in, in.Admin, `query($f: ID!) { node(id: $f) { ... on Feature { plans { id } } } }`, vars)
		var got []string
		for _, p := range d.list(t, "node.plans") {
			got = append(got, p.(map[string]any)["id"].(string))
		}
		if !slices.Equal(got, []string{basic}) {
			t.Errorf("feature plans %v, want only %s (its custom copy left out)", got, basic)
		}
		// The plans query finds the custom copy when asked.
		d = do(t, in, in.Admin, `query($f: ID!) { plans(where: {hasFeaturesWith: {id: $f}, originalIDNotNil: true}) { edges { node { id } } } }`, vars)
		if got := d.nodeField(t, "plans", "id"); !slices.Equal(got, []string{custom}) {
			t.Errorf("custom plans with the feature %v, want %s", got, custom)
		}
	})

	t.Run("mutation payload", func(t *testing.T) {
		d := do(t, in, in.Admin, `mutation($p: ID!) { updateProduct(id: $p, input: {description: "x"}) { plans { edges { node { id } } } } }`, vars)
		if got := d.nodeField(t, "updateProduct.plans", "id"); slices.Contains(got, custom) || len(got) != 3 {
			t.Errorf("product plans %v, want the three plans without the custom one", got)
		}
	})
}
