package graph_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/portico-apim/portico/server/apptest"
)

// TestChangePlanPermissions: the tenant's change-plan permissions of account
// and service plans are REQUEST until an admin chooses, are stored per
// tenant, refuse a value outside 3scale's list, and are changed only by those
// who may change the settings.
func TestChangePlanPermissions(t *testing.T) {
	t.Parallel()
	in := apptest.Start(t)
	other := in.NewTenant(t, "permissions-b.example.com")
	const read = `{ viewer { tenant { changeAccountPlanPermission changeServicePlanPermission } } }`
	if d := do(t, in, in.Admin, read, nil); d.str(t, "viewer.tenant.changeAccountPlanPermission") != "REQUEST" ||
		d.str(t, "viewer.tenant.changeServicePlanPermission") != "REQUEST" {
		t.Fatalf("defaults: %v", d)
	}
	d := do(t, in, in.Admin, `mutation { updateTenant(input: {changeAccountPlanPermission: DIRECT, changeServicePlanPermission: CREDIT_CARD}) {
		changeAccountPlanPermission changeServicePlanPermission } }`, nil)
	if d.str(t, "updateTenant.changeAccountPlanPermission") != "DIRECT" || d.str(t, "updateTenant.changeServicePlanPermission") != "CREDIT_CARD" {
		t.Fatalf("after the change: %v", d)
	}
	expectError(t, in, in.Admin, `mutation { updateTenant(input: {changeAccountPlanPermission: SOMETIMES}) { id } }`, nil, "VALIDATION", "")
	if d := do(t, in, other, read, nil); d.str(t, "viewer.tenant.changeAccountPlanPermission") != "REQUEST" {
		t.Errorf("the other tenant's permission changed: %v", d)
	}

	u := do(t, in, in.Admin, `mutation($in: CreateUserInput!) { createUser(input: $in, password: "Member-passw0rd!") { id } }`,
		map[string]any{"in": map[string]any{"username": "partner", "email": "partner@example.com"}})
	do(t, in, in.Admin, `mutation($id: ID!, $in: UserPermissionsInput!) { updateUserPermissions(id: $id, input: $in) { id } }`,
		map[string]any{"id": u.str(t, "createUser.id"), "in": map[string]any{"role": "MEMBER", "sections": []string{"PARTNERS"}, "allProducts": true}})
	member := in.Login(t, "partner", "Member-passw0rd!", in.Cfg.AdminDomain)
	expectError(t, in, member, `mutation { updateTenant(input: {changeAccountPlanPermission: NONE}) { id } }`, nil, "FORBIDDEN", "")
	if d := do(t, in, in.Admin, read, nil); d.str(t, "viewer.tenant.changeAccountPlanPermission") != "DIRECT" {
		t.Errorf("a member without the settings area changed it: %v", d)
	}
}

// TestDeveloperAccountAndServicePlanChanges: a developer's change of its
// account plan or of a service plan follows the tenant's permission for that
// level: REQUEST tells the team (a notification linking to the account) and
// leaves the plan, DIRECT changes it, NONE refuses, CREDIT_CARD refuses a
// paid plan without a card but lets a free one through; developers choose
// only published plans of the right kind and product.
func TestDeveloperAccountAndServicePlanChanges(t *testing.T) {
	t.Parallel()
	in := apptest.Start(t)
	f := loadFixture(t, in)
	d := do(t, in, in.Admin, signupOp, signupVars("Acme", nil))
	uid, accID, subID := d.str(t, "signup.user.id"), d.str(t, "signup.account.id"), d.str(t, "signup.subscriptions.0.id")
	d = do(t, in, in.Admin, `mutation($p: ID!) {
		pro: createPlan(input: {kind: ACCOUNT, name: "Pro", systemName: "pro", state: PUBLISHED}) { id }
		gold: createPlan(input: {kind: ACCOUNT, name: "Gold", systemName: "gold", state: PUBLISHED, costPerMonth: "50"}) { id }
		secret: createPlan(input: {kind: ACCOUNT, name: "Secret", systemName: "secret"}) { id }
		premium: createPlan(input: {kind: SERVICE, productID: $p, name: "Premium", systemName: "premium", state: PUBLISHED}) { id }
	}`, map[string]any{"p": f.productID})
	pro, gold, secret, premium := d.str(t, "pro.id"), d.str(t, "gold.id"), d.str(t, "secret.id"), d.str(t, "premium.id")
	const acc = `mutation($u: ID!, $p: ID!) { requestAccountPlanChange(userID: $u, planID: $p) { requested account { id planID } } }`
	const svc = `mutation($u: ID!, $s: ID!, $p: ID!) { requestServicePlanChange(userID: $u, subscriptionID: $s, planID: $p) {
		requested subscription { id planID } } }`
	setPerms := func(a, s string) {
		do(t, in, in.Admin, fmt.Sprintf(`mutation { updateTenant(input: {changeAccountPlanPermission: %s, changeServicePlanPermission: %s}) { id } }`, a, s), nil)
	}
	feedKinds := func() []string {
		var kinds []string
		for _, e := range do(t, in, in.Admin, feedQ, nil).list(t, "viewer.notifications.edges") {
			n := e.(map[string]any)["node"].(map[string]any)
			kinds = append(kinds, fmt.Sprint(n["kind"], " ", n["link"], " ", n["title"]))
		}
		return kinds
	}

	// REQUEST (the default): the plans stay, the team is told.
	d = do(t, in, in.Admin, acc, map[string]any{"u": uid, "p": pro})
	if d.get(t, "requestAccountPlanChange.requested") != true || d.str(t, "requestAccountPlanChange.account.planID") != itoa(f.accountPlanID) {
		t.Errorf("account plan request: %v", d)
	}
	d = do(t, in, in.Admin, svc, map[string]any{"u": uid, "s": subID, "p": premium})
	if d.get(t, "requestServicePlanChange.requested") != true || d.str(t, "requestServicePlanChange.subscription.planID") != itoa(f.servicePlanID) {
		t.Errorf("service plan request: %v", d)
	}
	link := "/audience/accounts/" + accID
	want := map[string]bool{
		"account_plan_change_requested " + link + " Account plan change requested for Acme: Default to Pro":                         false,
		"service_subscription_plan_change_requested " + link + " Service plan change requested for Acme on API: Default to Premium": false,
	}
	for _, k := range feedKinds() {
		if _, ok := want[k]; ok {
			want[k] = true
		}
	}
	for k, seen := range want {
		if !seen {
			t.Errorf("the admin's feed lacks %q: %v", k, feedKinds())
		}
	}

	// Plans a developer may not choose.
	expectError(t, in, in.Admin, acc, map[string]any{"u": uid, "p": secret}, "NOT_FOUND", "")
	expectError(t, in, in.Admin, acc, map[string]any{"u": uid, "p": premium}, "VALIDATION", "")
	expectError(t, in, in.Admin, svc, map[string]any{"u": uid, "s": subID, "p": f.basicID}, "VALIDATION", "")
	expectError(t, in, in.Admin, acc, map[string]any{"u": uid, "p": f.accountPlanID}, "CONFLICT", "")
	other := do(t, in, in.Admin, signupOp, signupVars("Other", nil)).str(t, "signup.user.id")
	expectError(t, in, in.Admin, svc, map[string]any{"u": other, "s": subID, "p": premium}, "NOT_FOUND", "")

	// DIRECT changes at once; NONE refuses.
	setPerms("DIRECT", "NONE")
	d = do(t, in, in.Admin, acc, map[string]any{"u": uid, "p": pro})
	if d.get(t, "requestAccountPlanChange.requested") != false || d.str(t, "requestAccountPlanChange.account.planID") != pro {
		t.Errorf("direct account plan change: %v", d)
	}
	expectError(t, in, in.Admin, svc, map[string]any{"u": uid, "s": subID, "p": premium}, "FORBIDDEN", "")

	// CREDIT_CARD: a paid plan needs a card, a free one does not.
	setPerms("CREDIT_CARD", "CREDIT_CARD")
	if e := expectError(t, in, in.Admin, acc, map[string]any{"u": uid, "p": gold}, "FORBIDDEN", ""); !strings.Contains(e.Message, "credit card") {
		t.Errorf("paid plan without a card: %q", e.Message)
	}
	d = do(t, in, in.Admin, svc, map[string]any{"u": uid, "s": subID, "p": premium})
	if d.get(t, "requestServicePlanChange.requested") != false || d.str(t, "requestServicePlanChange.subscription.planID") != premium {
		t.Errorf("free service plan under CREDIT_CARD: %v", d)
	}
	d = do(t, in, in.Admin, `query($a: ID!) { node(id: $a) { ... on Account { planID subscriptions { edges { node { planID } } } } } }`, map[string]any{"a": accID})
	if d.str(t, "node.planID") != pro || d.str(t, "node.subscriptions.edges.0.node.planID") != premium {
		t.Errorf("stored plans: %v", d)
	}
}
