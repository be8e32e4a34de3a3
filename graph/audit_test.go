package graph_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/portico-apim/portico/ent/auditentry"
	"github.com/portico-apim/portico/ent/tenant"
	"github.com/portico-apim/portico/server/apptest"
	"github.com/portico-apim/portico/server/audit"
)

// TestAuditLog: changes to users and their rights, tokens and the tenant are
// recorded with their actor and fields (never values); logins are not; a
// tenant's admins read their own log only, members none; the master's
// signup of a tenant names the master, who reads every tenant's log; entries
// past a year are pruned.
func TestAuditLog(t *testing.T) {
	t.Parallel()
	in := apptest.Start(t)
	ctx, c := apptest.SystemContext(), in.Client()
	const log = `query($type: String, $tenant: ID) { auditEntries(first: 50, objectType: $type, tenantID: $tenant) { totalCount
		edges { node { actor actorTenant action objectType objectID fields clientIP } } } }`
	entries := func(token string, vars map[string]any) []map[string]any {
		t.Helper()
		var out []map[string]any
		for _, e := range do(t, in, token, log, vars).list(t, "auditEntries.edges") {
			out = append(out, e.(map[string]any)["node"].(map[string]any))
		}
		return out
	}

	d := do(t, in, in.Admin, `mutation($in: CreateUserInput!) { createUser(input: $in, password: "Member-passw0rd!") { id } }`,
		map[string]any{"in": map[string]any{"username": "auditor", "email": "auditor@example.com"}})
	uid := d.str(t, "createUser.id")
	do(t, in, in.Admin, `mutation($id: ID!, $in: UserPermissionsInput!) { updateUserPermissions(id: $id, input: $in) { id } }`,
		map[string]any{"id": uid, "in": map[string]any{"role": "MEMBER", "sections": []string{"PARTNERS"}, "allProducts": true}})
	do(t, in, in.Admin, `mutation { createAccessToken(input: {name: "ci", scopes: [ACCOUNT_MANAGEMENT], permission: RO}) { accessToken { id } } }`, nil)
	do(t, in, in.Admin, `mutation { updateTenant(input: {supportEmail: "help@example.com"}) { id } }`, nil)
	member := in.Login(t, "auditor", "Member-passw0rd!", in.Cfg.AdminDomain)

	// The bootstrap's own creations are the system's; the rest is the admin's.
	var got []map[string]any
	for _, e := range entries(in.Admin, map[string]any{}) {
		if e["actor"] != "system" {
			got = append(got, e)
		}
	}
	var seen []string
	for _, e := range got {
		seen = append(seen, e["action"].(string)+" "+e["objectType"].(string))
		if e["actor"] != "admin" {
			t.Errorf("entry %v: actor %v, want admin", e, e["actor"])
		}
		if e["clientIP"] != "127.0.0.1" {
			t.Errorf("entry %v: client IP %v", e, e["clientIP"])
		}
		for _, f := range e["fields"].([]any) {
			if strings.Contains(f.(string), "@") || strings.Contains(f.(string), "passw0rd") {
				t.Errorf("a value in the fields: %v", e)
			}
		}
	}
	want := []string{"UPDATE Tenant", "CREATE AccessToken", "UPDATE User", "CREATE User"}
	if strings.Join(seen, ", ") != strings.Join(want, ", ") {
		t.Errorf("entries, newest first: %v, want %v (a login records nothing)", seen, want)
	}
	if len(got) == 4 && !strings.Contains(strings.Join(anyStrings(got[2]["fields"]), " "), "sections") {
		t.Errorf("the rights change does not name sections: %v", got[2])
	}
	if users := entries(in.Admin, map[string]any{"type": "User"}); len(users) != 3 || users[2]["actor"] != "system" {
		t.Errorf("User entries: %v, want the admin's two and the bootstrap's", users)
	}
	expectError(t, in, member, log, map[string]any{}, "FORBIDDEN", "")

	// Another tenant reads only its own.
	other := in.NewTenant(t, "audit-b.example.com")
	for _, e := range entries(other, map[string]any{}) {
		if e["actor"] != "system" || e["action"] != "CREATE" {
			t.Errorf("another tenant reads an entry not about its own creation: %v", e)
		}
	}

	// The master signs a tenant up: the entries name the master.
	master := in.Login(t, "master", apptest.AdminPassword, "master.localhost")
	d = do(t, in, master, `mutation { createProvider(input: {orgName: "Audited", username: "aud", email: "aud@example.com", password: "Audited-passw0rd-long"}) { provider { id } } }`, nil)
	tid := d.str(t, "createProvider.provider.id")
	byMaster := entries(master, map[string]any{"tenant": tid, "type": "Tenant"})
	if len(byMaster) != 1 || byMaster[0]["actor"] != "master" || byMaster[0]["actorTenant"] != "master" || byMaster[0]["action"] != "CREATE" {
		t.Errorf("the signup's tenant entry: %v", byMaster)
	}
	if all := do(t, in, master, `{ auditEntries { totalCount } }`, nil).val(t, "auditEntries.totalCount"); all == "0" || all == "" {
		t.Errorf("the master reads %s entries of every tenant", all)
	}

	// Retention.
	tenantID := c.Tenant.Query().Where(tenant.Master(false)).FirstIDX(ctx)
	c.AuditEntry.Create().SetTenantID(tenantID).SetCreatedAt(time.Now().Add(-audit.Retention - time.Hour)).SetActor("admin").
		SetAction(auditentry.ActionUPDATE).SetObjectType("User").ExecX(ctx)
	kept := c.AuditEntry.Query().CountX(ctx) - 1
	n, err := audit.Prune(context.Background(), c, time.Now())
	if err != nil || n != 1 {
		t.Errorf("pruned %d, want the one entry past a year: %v", n, err)
	}
	if left := c.AuditEntry.Query().CountX(ctx); left != kept {
		t.Errorf("%d entries left, want %d", left, kept)
	}
	if left := c.AuditEntry.Query().Where(auditentry.CreatedAtLT(time.Now().Add(-audit.Retention))).CountX(ctx); left != 0 {
		t.Errorf("%d entries past the retention", left)
	}
}

func anyStrings(v any) []string {
	var out []string
	for _, x := range v.([]any) {
		out = append(out, x.(string))
	}
	return out
}
