package graph_test

import (
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
