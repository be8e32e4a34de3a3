package graph_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/portico-apim/portico/ent/emailmessage"
	"github.com/portico-apim/portico/ent/invitation"
	"github.com/portico-apim/portico/ent/messagerecipient"
	"github.com/portico-apim/portico/server/apptest"
)

// TestPlanChangesAndMessages walks a developer's plan change request to the
// admin and back, and a conversation between provider and developer.
func TestPlanChangesAndMessages(t *testing.T) {
	t.Parallel()
	in := apptest.Start(t)
	f := loadFixture(t, in)
	ctx, c := apptest.SystemContext(), in.Client()
	d := do(t, in, in.Admin, signupOp, signupVars("Acme", nil))
	uid, appID, accID := d.str(t, "signup.user.id"), d.str(t, "signup.applications.0.id"), d.str(t, "signup.account.id")
	req := `mutation($u: ID!, $a: ID!, $p: ID!) { requestApplicationPlanChange(userID: $u, applicationID: $a, planID: $p) {
		application { planID } request { id state fromPlanID toPlanID adminPath } } }`
	vars := map[string]any{"u": uid, "a": appID, "p": f.unlimID}

	t.Run("request, then apply", func(t *testing.T) {
		d := do(t, in, in.Admin, req, vars)
		if d.str(t, "requestApplicationPlanChange.request.state") != "PENDING" ||
			d.str(t, "requestApplicationPlanChange.application.planID") != itoa(f.basicID) {
			t.Fatalf("request: %v", d)
		}
		rid := d.str(t, "requestApplicationPlanChange.request.id")
		if want := fmt.Sprintf("/audience/applications/%s?planChangeRequest=%s", appID, rid); d.str(t, "requestApplicationPlanChange.request.adminPath") != want {
			t.Errorf("admin path %s", d.str(t, "requestApplicationPlanChange.request.adminPath"))
		}
		if e, err := c.EmailMessage.Query().Where(emailmessage.Subject("Application plan change requested")).Only(ctx); err != nil || !strings.Contains(e.Body, "Requested plan: Unlimited") {
			t.Errorf("admins' email: %v %v", e, err)
		}
		expectError(t, in, in.Admin, req, vars, "CONFLICT", "")
		d = do(t, in, in.Admin, `query($id: ID!) { node(id: $id) { ... on PlanChangeRequest {
			productID product { id } requestedByID requestedBy { id username } resolvedBy { id } } } }`, map[string]any{"id": rid})
		if d.str(t, "node.product.id") != itoa(f.productID) || d.str(t, "node.productID") != itoa(f.productID) ||
			d.str(t, "node.requestedBy.id") != uid || d.str(t, "node.requestedByID") != uid || d.get(t, "node.resolvedBy") != nil {
			t.Errorf("pending request's product and users: %v", d)
		}
		d = do(t, in, in.Admin, `mutation($id: ID!) { applyPlanChangeRequest(id: $id) { state resolvedAt resolvedBy { id } } }`, map[string]any{"id": rid})
		if d.str(t, "applyPlanChangeRequest.state") != "APPLIED" {
			t.Errorf("apply: %v", d)
		}
		if admin := do(t, in, in.Admin, `{ viewer { user { id } } }`, nil).str(t, "viewer.user.id"); d.str(t, "applyPlanChangeRequest.resolvedBy.id") != admin {
			t.Errorf("resolved by %v, want the admin %s", d.get(t, "applyPlanChangeRequest.resolvedBy"), admin)
		}
		expectError(t, in, in.Admin, `mutation($id: ID!) { dismissPlanChangeRequest(id: $id) { state } }`, map[string]any{"id": rid}, "CONFLICT", "")
		d = do(t, in, in.Admin, `query($a: ID!) { messageRecipients(where: {accountID: $a}) { edges { node { message { subject } } } } }`, map[string]any{"a": accID})
		if got := d.nodeField(t, "messageRecipients", "message"); len(got) != 1 || !strings.Contains(got[0], "Application plan changed") {
			t.Errorf("developer's inbox %v", got)
		}
		if got := events(t, in, "plan_change_request", id(t, rid)); strings.Join(got, " ") != "plan_change.requested plan_change.applied" {
			t.Errorf("events %v", got)
		}
	})

	t.Run("direct and forbidden plan changes", func(t *testing.T) {
		do(t, in, in.Admin, `mutation($p: ID!) { updateProduct(id: $p, input: {planChangePermission: DIRECT}) { id } }`, map[string]any{"p": f.productID})
		vars := map[string]any{"u": uid, "a": appID, "p": f.basicID}
		d := do(t, in, in.Admin, req, vars)
		if d.str(t, "requestApplicationPlanChange.application.planID") != itoa(f.basicID) || d.get(t, "requestApplicationPlanChange.request") != nil {
			t.Errorf("direct: %v", d)
		}
		do(t, in, in.Admin, `mutation($p: ID!) { updateProduct(id: $p, input: {planChangePermission: NONE}) { id } }`, map[string]any{"p": f.productID})
		vars["p"] = f.unlimID
		expectError(t, in, in.Admin, req, vars, "FORBIDDEN", "")
	})

	t.Run("messages both ways", func(t *testing.T) {
		d := do(t, in, in.Admin, `mutation($a: ID!) { sendMessage(accountID: $a, subject: "Welcome", body: "Hello") { id direction } }`, map[string]any{"a": accID})
		mid := d.str(t, "sendMessage.id")
		d = do(t, in, in.Admin, `mutation($u: ID!, $m: ID!) { sendDeveloperMessage(userID: $u, replyToID: $m, body: "Thanks") { id subject direction } }`,
			map[string]any{"u": uid, "m": mid})
		if d.str(t, "sendDeveloperMessage.subject") != "Re: Welcome" || d.str(t, "sendDeveloperMessage.direction") != "TO_PROVIDER" {
			t.Errorf("reply %v", d)
		}
		d = do(t, in, in.Admin, `{ inbox: messageRecipients(where: {accountIDIsNil: true, readAtIsNil: true}) { edges { node { id message { subject } } } }
			sent: messages(where: {direction: TO_ACCOUNTS}) { totalCount } }`, nil)
		rid := d.nodeField(t, "inbox", "id")
		if len(rid) != 1 || d.get(t, "sent.totalCount").(float64) < 1 {
			t.Fatalf("provider inbox %v", d)
		}
		do(t, in, in.Admin, `mutation($r: ID!) { markMessageRead(recipientID: $r) { readAt } }`, map[string]any{"r": rid[0]})
		if n, _ := c.MessageRecipient.Query().Where(messagerecipient.AccountIDIsNil(), messagerecipient.ReadAtIsNil()).Count(ctx); n != 0 {
			t.Errorf("%d unread in the provider's inbox", n)
		}
		// A developer cannot reply to a message its account never received.
		other := do(t, in, in.Admin, signupOp, signupVars("Other", nil)).str(t, "signup.user.id")
		expectError(t, in, in.Admin, `mutation($u: ID!, $m: ID!) { sendDeveloperMessage(userID: $u, replyToID: $m, body: "x") { id } }`,
			map[string]any{"u": other, "m": mid}, "NOT_FOUND", "")
	})

	t.Run("developer users", func(t *testing.T) {
		do(t, in, in.Admin, `mutation($a: ID!) { inviteDeveloperUser(accountID: $a, email: "colleague@example.com") { id accountID } }`, map[string]any{"a": accID})
		if n, _ := c.Invitation.Query().Where(invitation.AccountIDNotNil(), invitation.Email("colleague@example.com")).Count(ctx); n != 1 {
			t.Error("no developer invitation")
		}
		if n, _ := c.EmailMessage.Query().Where(emailmessage.To("colleague@example.com")).Count(ctx); n != 1 {
			t.Error("no invitation email")
		}
		d := do(t, in, in.Admin, `mutation($a: ID!) { createUser(input: {username: "member1", email: "member1@example.com", accountID: $a}) { id state role } }`, map[string]any{"a": accID})
		u := d.str(t, "createUser.id")
		do(t, in, in.Admin, `mutation($u: ID!) { suspendUser(id: $u) { state } }`, map[string]any{"u": u})
		expectError(t, in, in.Admin, `mutation($u: ID!) { activateUser(id: $u) { state } }`, map[string]any{"u": u}, "CONFLICT", "")
		do(t, in, in.Admin, `mutation($u: ID!) { unsuspendUser(id: $u) { state } }`, map[string]any{"u": u})
		if got := events(t, in, "user", id(t, u)); strings.Join(got, " ") != "user.created user.suspended user.unsuspended" {
			t.Errorf("user events %v", got)
		}
	})

	t.Run("accounts CSV and deletion cascade", func(t *testing.T) {
		csv := do(t, in, in.Admin, `{ accountsCSV }`, nil).str(t, "accountsCSV")
		if !strings.HasPrefix(csv, "id,org_name,state,admin_username,admin_email,plan") || !strings.Contains(csv, ",Acme,APPROVED,acme,acme@example.com,") {
			t.Errorf("csv:\n%s", csv)
		}
		do(t, in, in.Admin, `mutation($a: ID!) { deleteAccount(id: $a) { deletedID } }`, map[string]any{"a": accID})
		for _, q := range []string{
			`SELECT COUNT(*) FROM users WHERE account_id = %s`, `SELECT COUNT(*) FROM applications WHERE account_id = %s`,
			`SELECT COUNT(*) FROM service_subscriptions WHERE account_id = %s`, `SELECT COUNT(*) FROM message_recipients WHERE account_id = %s`,
			`SELECT COUNT(*) FROM plan_change_requests WHERE account_id = %s`, `SELECT COUNT(*) FROM invitations WHERE account_id = %s`,
		} {
			var n int
			if err := in.App.Store.DB.QueryRow(fmt.Sprintf(q, accID)).Scan(&n); err != nil || n != 0 {
				t.Errorf("%s: %d left (%v)", q, n, err)
			}
		}
		if got := last(events(t, in, "account", id(t, accID))); got != "account.deleted" {
			t.Errorf("last account event %s", got)
		}
	})
}

// TestPlanChangeRequestOutlivesItsUsers deletes the developer user who asked
// for a plan change and the team member who answered it: the request stays,
// only who asked and who answered is forgotten.
func TestPlanChangeRequestOutlivesItsUsers(t *testing.T) {
	t.Parallel()
	in := apptest.Start(t)
	f := loadFixture(t, in)
	d := do(t, in, in.Admin, signupOp, signupVars("Acme", nil))
	accID, appID := d.str(t, "signup.account.id"), d.str(t, "signup.applications.0.id")
	dev := do(t, in, in.Admin, `mutation($a: ID!) { createUser(input: {username: "asker", email: "asker@example.com", accountID: $a}) { id } }`,
		map[string]any{"a": accID}).str(t, "createUser.id")
	member := do(t, in, in.Admin, `mutation { createUser(input: {username: "partner", email: "partner@example.com"}, password: "Member-passw0rd!") { id } }`, nil).
		str(t, "createUser.id")
	do(t, in, in.Admin, `mutation($id: ID!) { updateUserPermissions(id: $id, input: {role: MEMBER, sections: [PARTNERS], allProducts: true}) { id } }`,
		map[string]any{"id": member})
	session := in.Login(t, "partner", "Member-passw0rd!", in.Cfg.AdminDomain)

	rid := do(t, in, in.Admin, `mutation($u: ID!, $a: ID!, $p: ID!) { requestApplicationPlanChange(userID: $u, applicationID: $a, planID: $p) { request { id } } }`,
		map[string]any{"u": dev, "a": appID, "p": f.unlimID}).str(t, "requestApplicationPlanChange.request.id")
	d = do(t, in, session, `mutation($id: ID!) { dismissPlanChangeRequest(id: $id) { requestedBy { id } resolvedBy { id } } }`, map[string]any{"id": rid})
	if d.str(t, "dismissPlanChangeRequest.requestedBy.id") != dev || d.str(t, "dismissPlanChangeRequest.resolvedBy.id") != member {
		t.Fatalf("dismissed request: %v", d)
	}

	for _, u := range []string{dev, member} {
		do(t, in, in.Admin, `mutation($u: ID!) { deleteUser(id: $u) { deletedID } }`, map[string]any{"u": u})
	}
	d = do(t, in, in.Admin, `query($id: ID!) { planChangeRequests(where: {id: $id}) { edges { node {
		state product { id } requestedByID requestedBy { id } resolvedByID resolvedBy { id } } } } }`, map[string]any{"id": rid})
	nodes := d.list(t, "planChangeRequests.edges")
	if len(nodes) != 1 {
		t.Fatalf("the request is gone with its users: %v", d)
	}
	if d.str(t, "planChangeRequests.edges.0.node.state") != "DISMISSED" || d.str(t, "planChangeRequests.edges.0.node.product.id") != itoa(f.productID) {
		t.Errorf("request after deleting its users: %v", d)
	}
	for _, field := range []string{"requestedByID", "requestedBy", "resolvedByID", "resolvedBy"} {
		if got := d.get(t, "planChangeRequests.edges.0.node."+field); got != nil {
			t.Errorf("%s = %v after the user was deleted", field, got)
		}
	}
}
