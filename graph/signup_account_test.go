package graph_test

import (
	"testing"

	"github.com/portico-apim/portico/ent/user"
	"github.com/portico-apim/portico/server/apptest"
	"github.com/portico-apim/portico/server/auth/password"
)

const signUpAccountOp = `mutation($in: SignUpAccountInput!) { signUpAccount(input: $in) {
	account { id orgName state users { totalCount } }
	admin { id username email role state signupType }
	invitation { id email status }
	subscriptions { id state productID planID }
	applications { id name state planID productID }
} }`

// TestSignUpAccount signs developers up from the console, as 3scale's admin
// portal does: the account is approved whatever the approval rules, gets
// its admin user (or an invitation whose taker becomes its admin) and its
// default contracts, all in one transaction, and a refusal stores nothing.
func TestSignUpAccount(t *testing.T) {
	t.Parallel()
	in := apptest.Start(t)
	ctx, c := apptest.SystemContext(), in.Client()
	f := loadFixture(t, in)
	// Approval rules bind developers signing themselves up, not an admin.
	do(t, in, in.Admin, `mutation { updateTenant(input: {accountApprovalRequired: true}) { id } }`, nil)
	sign := func(t *testing.T, vars map[string]any) tree {
		t.Helper()
		return do(t, in, in.Admin, signUpAccountOp, map[string]any{"in": vars})
	}

	t.Run("with an admin user and the default contracts", func(t *testing.T) {
		d := sign(t, map[string]any{"orgName": "Acme", "username": "jane", "email": "jane@acme.test", "password": "Developer-pass-1"})
		if d.str(t, "signUpAccount.account.state") != "APPROVED" || d.get(t, "signUpAccount.account.users.totalCount") != float64(1) {
			t.Errorf("account %v", d.get(t, "signUpAccount.account"))
		}
		if d.str(t, "signUpAccount.admin.role") != "ADMIN" || d.str(t, "signUpAccount.admin.state") != "ACTIVE" ||
			d.str(t, "signUpAccount.admin.signupType") != "CREATED_BY_ADMIN" || d.get(t, "signUpAccount.invitation") != nil {
			t.Errorf("admin %v, invitation %v", d.get(t, "signUpAccount.admin"), d.get(t, "signUpAccount.invitation"))
		}
		u, err := c.User.Get(ctx, id(t, d.str(t, "signUpAccount.admin.id")))
		if err != nil || !password.Verify("Developer-pass-1", u.PasswordHash) {
			t.Errorf("the admin's password was not kept: %v", err)
		}
		subs, apps := d.list(t, "signUpAccount.subscriptions"), d.list(t, "signUpAccount.applications")
		if len(subs) != 1 || d.str(t, "signUpAccount.subscriptions.0.planID") != itoa(f.servicePlanID) ||
			d.str(t, "signUpAccount.subscriptions.0.state") != "LIVE" {
			t.Errorf("subscriptions %v", subs)
		}
		if len(apps) != 1 || d.str(t, "signUpAccount.applications.0.planID") != itoa(f.basicID) ||
			d.str(t, "signUpAccount.applications.0.name") != "Acme's App" || d.str(t, "signUpAccount.applications.0.state") != "LIVE" {
			t.Errorf("applications %v", apps)
		}
		accID := id(t, d.str(t, "signUpAccount.account.id"))
		if got := events(t, in, "account", accID); len(got) != 1 || got[0] != "account.created" {
			t.Errorf("account events %v", got)
		}
	})

	t.Run("on the plans chosen", func(t *testing.T) {
		d := sign(t, map[string]any{"orgName": "Chosen", "applicationPlanID": f.unlimID, "servicePlanID": f.servicePlanID, "planID": f.accountPlanID})
		if got := d.list(t, "signUpAccount.applications"); len(got) != 1 || d.str(t, "signUpAccount.applications.0.planID") != itoa(f.unlimID) {
			t.Errorf("applications %v, want one on the unlimited plan", got)
		}
		a, err := c.Account.Get(ctx, id(t, d.str(t, "signUpAccount.account.id")))
		if err != nil || a.PlanID == nil || *a.PlanID != f.accountPlanID {
			t.Errorf("account plan %v (%v)", a, err)
		}
		if d.get(t, "signUpAccount.admin") != nil || d.get(t, "signUpAccount.invitation") != nil || d.get(t, "signUpAccount.account.users.totalCount") != float64(0) {
			t.Errorf("no user asked for: %v", d["signUpAccount"])
		}
	})

	t.Run("with its admin invited", func(t *testing.T) {
		d := sign(t, map[string]any{"orgName": "Invited", "email": " lee@invited.test "})
		if d.get(t, "signUpAccount.admin") != nil || d.str(t, "signUpAccount.invitation.email") != "lee@invited.test" ||
			d.str(t, "signUpAccount.invitation.status") != "PENDING" || d.get(t, "signUpAccount.account.users.totalCount") != float64(0) {
			t.Fatalf("invitation: %v", d["signUpAccount"])
		}
		accID := d.str(t, "signUpAccount.account.id")
		m := developerLinkRE.FindStringSubmatch(lastEmail(t, in, in.Admin, "lee@invited.test"))
		if m == nil {
			t.Fatal("no invitation link in the email")
		}
		portal := accessToken(t, in, in.Admin, "RW")
		lee := do(t, in, portal, acceptDeveloperQ, acceptance(m[1], "lee", nil))
		if lee.str(t, "acceptDeveloperInvitation.role") != "ADMIN" {
			t.Errorf("the first to accept is %s, want the account's ADMIN", lee.str(t, "acceptDeveloperInvitation.role"))
		}
		// Once it has an admin, whoever joins next is a member.
		_, token := inviteDeveloper(t, in, in.Admin, accID, "sam@invited.test")
		sam := do(t, in, portal, acceptDeveloperQ, acceptance(token, "sam", nil))
		if sam.str(t, "acceptDeveloperInvitation.role") != "MEMBER" {
			t.Errorf("the second to join is %s, want MEMBER", sam.str(t, "acceptDeveloperInvitation.role"))
		}
		n, err := c.User.Query().Where(user.AccountID(id(t, accID)), user.RoleEQ(user.RoleADMIN)).Count(ctx)
		if err != nil || n != 1 {
			t.Errorf("%d admins (%v), want 1", n, err)
		}
	})

	t.Run("refusals store nothing", func(t *testing.T) {
		other := buildTenant(t, in, in.NewTenant(t, "b.example.com"))
		do(t, in, in.Admin, `mutation { createUser(input: {username: "taken", email: "taken@example.com"}) { id } }`, nil)
		ok := func(more map[string]any) map[string]any {
			vars := map[string]any{"orgName": "Refused", "username": "refused", "email": "refused@example.com", "password": "Developer-pass-1"}
			for k, v := range more {
				if v == nil {
					delete(vars, k)
				} else {
					vars[k] = v
				}
			}
			return map[string]any{"in": vars}
		}
		cases := []struct {
			name, code, field string
			vars              map[string]any
		}{
			{"empty organization name", "VALIDATION", "input.orgName", ok(map[string]any{"orgName": ""})},
			{"a username without a password", "VALIDATION", "input.password", ok(map[string]any{"password": nil})},
			{"a password without a username", "VALIDATION", "input.username", ok(map[string]any{"username": nil})},
			{"a username without an email", "VALIDATION", "input.email", ok(map[string]any{"email": nil})},
			{"not an email", "VALIDATION", "input.email", ok(map[string]any{"email": "refused"})},
			{"an invitation to not an email", "VALIDATION", "input.email", ok(map[string]any{"username": nil, "password": nil, "email": "nope"})},
			{"a short password", "VALIDATION", "input.password", ok(map[string]any{"password": "short"})},
			{"a username taken", "CONFLICT", "input.username", ok(map[string]any{"username": "taken"})},
			{"an application plan as the account plan", "VALIDATION", "input.planID", ok(map[string]any{"planID": f.basicID})},
			{"an application plan as the service plan", "NOT_FOUND", "", ok(map[string]any{"servicePlanID": f.basicID})},
			{"an unknown application plan", "NOT_FOUND", "", ok(map[string]any{"applicationPlanID": "999999"})},
			{"another tenant's application plan", "NOT_FOUND", "", ok(map[string]any{"applicationPlanID": other["plan"]})},
			{"another tenant's service plan", "NOT_FOUND", "", ok(map[string]any{"servicePlanID": other["service plan"]})},
			{"another tenant's account plan", "NOT_FOUND", "", ok(map[string]any{"planID": other["account plan"]})},
		}
		before := dump(t, in)
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				e := expectError(t, in, in.Admin, signUpAccountOp, tc.vars, tc.code, tc.field)
				t.Logf("%s", e.Message)
				if after := dump(t, in); after != before {
					t.Fatalf("the database changed:\n%s", diffLines(before, after))
				}
			})
		}
	})
}
