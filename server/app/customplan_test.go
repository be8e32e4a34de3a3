package app_test

import (
	"strings"
	"testing"

	"github.com/portico-apim/portico/server/apptest"
)

// TestCustomPlanLimits customizes an application's plan, raises the custom
// plan's limit and sees the decision plane enforce it; decustomizing puts
// the original plan's limit back in force and deletes the custom plan.
func TestCustomPlanLimits(t *testing.T) {
	in := apptest.Start(t)
	p := provision(t, in, 2)
	eventually(t, "the new application is authorized", p.answers(t, in.URL, "authorize", 0, 200, ""))
	var cust struct {
		CustomizeApplicationPlan struct {
			Plan struct {
				ID, Name   string
				OriginalID string
				Limits     struct {
					Edges []struct{ Node struct{ ID string } }
				}
			}
		}
	}
	in.MustGraphQL(t, in.Admin, `mutation($id: ID!) { customizeApplicationPlan(id: $id) { plan { id name originalID limits { edges { node { id } } } } } }`,
		map[string]any{"id": p.appID}, &cust)
	cp := cust.CustomizeApplicationPlan.Plan
	if cp.OriginalID != p.planID || len(cp.Limits.Edges) != 1 || !strings.HasSuffix(cp.Name, "(custom)") {
		t.Fatalf("custom plan %+v", cp)
	}
	// Customizing twice is refused.
	if e := in.ExpectError(t, in.Admin, `mutation($id: ID!) { customizeApplicationPlan(id: $id) { id } }`, map[string]any{"id": p.appID}, "CONFLICT"); !strings.Contains(e.Message, "already customized") {
		t.Errorf("customize twice: %q", e.Message)
	}
	// Custom plans stay out of plan listings unless asked for.
	var plans struct{ Custom struct{ TotalCount int } }
	in.MustGraphQL(t, in.Admin, `{ custom: plans(where: {originalIDNotNil: true}) { totalCount } }`, nil, &plans)
	var listed struct {
		Plans struct {
			Edges []struct{ Node struct{ ID string } }
		}
	}
	in.MustGraphQL(t, in.Admin, `query($p: ID!) { plans(first: 1000, where: {productID: $p}) { edges { node { id } } } }`, map[string]any{"p": p.productID}, &listed)
	for _, e := range listed.Plans.Edges {
		if e.Node.ID == cp.ID {
			t.Error("the custom plan is listed among the product's plans")
		}
	}
	if plans.Custom.TotalCount != 1 {
		t.Errorf("plans(where: {originalIDNotNil: true}) = %d, want 1", plans.Custom.TotalCount)
	}

	in.MustGraphQL(t, in.Admin, `mutation($id: ID!) { updateUsageLimit(id: $id, input: {value: 4}) { id } }`,
		map[string]any{"id": cp.Limits.Edges[0].Node.ID}, nil)
	eventually(t, "the custom plan's raised limit is enforced", p.answers(t, in.URL, "authorize", 0, 200, "<max_value>4</max_value>"))
	for i := 0; i < 4; i++ {
		if code, body := p.call(t, in.URL, "authrep", 1); code != 200 {
			t.Fatalf("authrep %d within the custom limit: %d %s", i+1, code, body)
		}
	}
	if code, body := p.call(t, in.URL, "authrep", 1); code != 409 || !strings.Contains(body, "usage limits are exceeded") {
		t.Fatalf("authrep past the custom limit: %d %s", code, body)
	}

	in.MustGraphQL(t, in.Admin, `mutation($id: ID!) { decustomizeApplicationPlan(id: $id) { planID } }`, map[string]any{"id": p.appID}, nil)
	// The 4 hits made under the custom plan exceed the original limit of 2.
	eventually(t, "the original plan's limit is back in force", p.answers(t, in.URL, "authorize", 0, 409, "<max_value>2</max_value>"))
	in.ExpectError(t, in.Admin, `query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": cp.ID}, "NOT_FOUND")
	if e := in.ExpectError(t, in.Admin, `mutation($id: ID!) { decustomizeApplicationPlan(id: $id) { id } }`, map[string]any{"id": p.appID}, "CONFLICT"); !strings.Contains(e.Message, "not customized") {
		t.Errorf("decustomize twice: %q", e.Message)
	}
}
