package graph_test

import (
	"testing"

	"github.com/portico-apim/portico/server/apptest"
)

// TestMasterProviders: users of the master account list, sign up, change
// and move provider tenants through GraphQL; a provider's admin can do none
// of it, and the master's view gives no access to the tenants' own data.
func TestMasterProviders(t *testing.T) {
	t.Parallel()
	in := apptest.Start(t)
	master := in.Login(t, "master", apptest.AdminPassword, "master.localhost")
	const create = `mutation($in: CreateProviderInput!) { createProvider(input: $in) { provider { id orgName adminDomain developerDomain state } adminUsername accessToken } }`
	in1 := map[string]any{"in": map[string]any{"orgName": "Delta Labs", "username": "delta", "email": "delta@example.com", "password": "Delta-passw0rd-long"}}

	expectError(t, in, in.Admin, create, in1, "FORBIDDEN", "")
	expectError(t, in, in.Admin, `{ providers { totalCount } }`, nil, "FORBIDDEN", "")
	d := do(t, in, master, create, in1)
	id := d.str(t, "createProvider.provider.id")
	if d.str(t, "createProvider.provider.adminDomain") != "delta-labs-admin.localhost" || d.str(t, "createProvider.provider.developerDomain") != "delta-labs.localhost" ||
		d.str(t, "createProvider.provider.state") != "APPROVED" || d.str(t, "createProvider.adminUsername") != "delta" || len(d.str(t, "createProvider.accessToken")) < 32 {
		t.Errorf("signup: %v", d)
	}
	expectError(t, in, master, create, in1, "VALIDATION", "input.orgName")

	d = do(t, in, master, `{ all: providers { totalCount } delta: providers(query: "delta-labs") { edges { node { id } } } suspended: providers(state: SUSPENDED) { totalCount } }`, nil)
	if d.val(t, "all.totalCount") != "2" || d.str(t, "delta.edges.0.node.id") != id || d.val(t, "suspended.totalCount") != "0" {
		t.Errorf("providers: %v", d)
	}
	const event = `mutation($id: ID!, $e: ProviderEvent!) { changeProviderState(id: $id, event: $e) { state stateChangedAt } }`
	if d := do(t, in, master, event, map[string]any{"id": id, "e": "SUSPEND"}); d.str(t, "changeProviderState.state") != "SUSPENDED" {
		t.Errorf("suspend: %v", d)
	}
	expectError(t, in, master, event, map[string]any{"id": id, "e": "APPROVE"}, "CONFLICT", "")
	expectError(t, in, in.Admin, event, map[string]any{"id": id, "e": "RESUME"}, "FORBIDDEN", "")
	if d := do(t, in, master, event, map[string]any{"id": id, "e": "RESUME"}); d.str(t, "changeProviderState.state") != "APPROVED" {
		t.Errorf("resume: %v", d)
	}
	const update = `mutation($id: ID!, $in: UpdateProviderInput!) { updateProvider(id: $id, input: $in) { orgName adminDomain } }`
	expectError(t, in, master, update, map[string]any{"id": id, "in": map[string]any{"adminDomain": "localhost"}}, "VALIDATION", "input.adminDomain")
	expectError(t, in, master, update, map[string]any{"id": id, "in": map[string]any{"adminDomain": "Not a domain"}}, "VALIDATION", "input.adminDomain")
	if d := do(t, in, master, update, map[string]any{"id": id, "in": map[string]any{"orgName": "Delta Labs Ltd", "adminDomain": "delta.example.com"}}); d.str(t, "updateProvider.adminDomain") != "delta.example.com" {
		t.Errorf("update: %v", d)
	}
	// The master reads tenants, not their data: accounts are the master's own.
	if d := do(t, in, master, `{ accounts { totalCount } products { totalCount } }`, nil); d.val(t, "accounts.totalCount") != "0" || d.val(t, "products.totalCount") != "0" {
		t.Errorf("the master sees tenants' data: %v", d)
	}
	// The new tenant's admin works on the tenant's (changed) domain.
	delta := in.Login(t, "delta", "Delta-passw0rd-long", "delta.example.com")
	if d := do(t, in, delta, `{ viewer { tenant { orgName } } products { totalCount } }`, nil); d.str(t, "viewer.tenant.orgName") != "Delta Labs Ltd" || d.val(t, "products.totalCount") != "1" {
		t.Errorf("the new tenant: %v", d)
	}
	expectError(t, in, delta, `{ providers { totalCount } }`, nil, "FORBIDDEN", "")
}
