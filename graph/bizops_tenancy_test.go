package graph_test

import (
	"strings"
	"testing"

	"github.com/portico-apim/portico/server/apptest"
)

// buildBizops creates, with token, one of every bizops record a tenant owns
// and returns the ids by role.
func buildBizops(t *testing.T, in *apptest.Instance, token string) map[string]string {
	t.Helper()
	ids := map[string]string{}
	d := do(t, in, token, `mutation {
		product: createProduct(input: {name: "Shop", systemName: "shop"}) { id plans(where: {kind: SERVICE}) { edges { node { id } } } }
		accountPlan: createPlan(input: {kind: ACCOUNT, name: "Partners", systemName: "partners"}) { id }
		field: createFieldDefinition(input: {target: ACCOUNT, name: "tax_id", label: "Tax ID"}) { id }
	}`, nil)
	ids["product"], ids["service plan"] = d.str(t, "product.id"), d.str(t, "product.plans.edges.0.node.id")
	ids["account plan"], ids["field definition"] = d.str(t, "accountPlan.id"), d.str(t, "field.id")
	d = do(t, in, token, `mutation($p: ID!) {
		gold: createPlan(input: {kind: APPLICATION, productID: $p, name: "Gold", systemName: "gold", state: PUBLISHED}) { id }
		silver: createPlan(input: {kind: APPLICATION, productID: $p, name: "Silver", systemName: "silver", state: PUBLISHED}) { id }
	}`, map[string]any{"p": ids["product"]})
	ids["plan"], ids["other plan"] = d.str(t, "gold.id"), d.str(t, "silver.id")
	do(t, in, token, `mutation($p: ID!) { setDefaultPlan(id: $p) { id } }`, map[string]any{"p": ids["plan"]})
	d = do(t, in, token, signupOp, signupVars("Tenantdev", nil))
	ids["account"], ids["developer"] = d.str(t, "signup.account.id"), d.str(t, "signup.user.id")
	for _, a := range d.list(t, "signup.applications") {
		if a.(map[string]any)["planID"] == ids["plan"] {
			ids["application"] = a.(map[string]any)["id"].(string)
		}
	}
	for _, s := range d.list(t, "signup.subscriptions") {
		if s.(map[string]any)["productID"] == ids["product"] {
			ids["subscription"] = s.(map[string]any)["id"].(string)
		}
	}
	d = do(t, in, token, `mutation($a: ID!) { sendMessage(accountID: $a, subject: "Hi", body: "Hello") { id } }`, map[string]any{"a": ids["account"]})
	ids["message"] = d.str(t, "sendMessage.id")
	d = do(t, in, token, `mutation($u: ID!) { sendDeveloperMessage(userID: $u, subject: "Question", body: "Hello") { id } }`,
		map[string]any{"u": ids["developer"]})
	ids["developer message"] = d.str(t, "sendDeveloperMessage.id")
	ids["developer invitation"], ids["developer invitation token"] = inviteDeveloper(t, in, token, ids["account"], "invitee@example.com")
	d = do(t, in, token, `{ messageRecipients(where: {accountIDNotNil: true}) { edges { node { id } } } }`, nil)
	ids["recipient"] = d.nodeField(t, "messageRecipients", "id")[0]
	d = do(t, in, token, `mutation($u: ID!, $a: ID!, $p: ID!) { requestApplicationPlanChange(userID: $u, applicationID: $a, planID: $p) { request { id } } }`,
		map[string]any{"u": ids["developer"], "a": ids["application"], "p": ids["other plan"]})
	ids["plan change request"] = d.str(t, "requestApplicationPlanChange.request.id")
	d = do(t, in, token, `{ domainEvents(first: 1) { edges { node { id } } } }`, nil)
	ids["domain event"] = d.nodeField(t, "domainEvents", "id")[0]
	return ids
}

// TestBizopsTenancy proves that another tenant can neither read nor change
// a tenant's field definitions, messages, inbox entries, plan change
// requests, domain events and developers through the bizops operations.
func TestBizopsTenancy(t *testing.T) {
	t.Parallel()
	in := apptest.Start(t)
	tokenB := in.NewTenant(t, "b.example.com")
	a := buildBizops(t, in, in.Admin)
	b := buildBizops(t, in, tokenB)

	lists := map[string]string{"field definition": "fieldDefinitions", "message": "messages", "recipient": "messageRecipients",
		"plan change request": "planChangeRequests", "domain event": "domainEvents"}
	for role, list := range lists {
		t.Run("read "+role, func(t *testing.T) {
			vars := map[string]any{"id": a[role]}
			expectError(t, in, tokenB, `query($id: ID!) { node(id: $id) { id } }`, vars, "NOT_FOUND", "")
			d := do(t, in, tokenB, `query($id: ID!) { l: `+list+`(where: {id: $id}) { totalCount } }`, vars)
			if d.get(t, "l.totalCount") != float64(0) {
				t.Errorf("%s of tenant B finds tenant A's %s", list, a[role])
			}
			d = do(t, in, tokenB, `{ l: `+list+`(first: 1000) { edges { node { id } } } }`, nil)
			for _, got := range d.nodeField(t, "l", "id") {
				if got == a[role] {
					t.Errorf("%s of tenant B lists tenant A's %s", list, got)
				}
			}
		})
	}
	expectError(t, in, tokenB, `query($u: ID!) { developerAccount(userID: $u) { id } }`, map[string]any{"u": a["developer"]}, "NOT_FOUND", "")

	mutations := []struct{ name, op string }{
		{"update field definition", `updateFieldDefinition(id: "A.field definition", input: {label: "M"}) { id }`},
		{"delete field definition", `deleteFieldDefinition(id: "A.field definition") { deletedID }`},
		{"change account plan", `changeAccountPlan(id: "A.account", planID: "B.account plan") { id }`},
		{"change to foreign account plan", `changeAccountPlan(id: "B.account", planID: "A.account plan") { id }`},
		{"accept subscription", `acceptServiceSubscription(id: "A.subscription") { id }`},
		{"reject subscription", `rejectServiceSubscription(id: "A.subscription") { deletedID }`},
		{"suspend subscription", `suspendServiceSubscription(id: "A.subscription") { id }`},
		{"resume subscription", `resumeServiceSubscription(id: "A.subscription") { id }`},
		{"change subscription plan", `changeServiceSubscriptionPlan(id: "A.subscription", planID: "B.service plan") { id }`},
		{"unsubscribe", `unsubscribe(id: "A.subscription") { deletedID }`},
		{"suspend product subscriptions", `suspendProductSubscriptions(productID: "A.product") { failed }`},
		{"reject application", `rejectApplication(id: "A.application") { deletedID }`},
		{"customize plan", `customizeApplicationPlan(id: "A.application") { id }`},
		{"decustomize plan", `decustomizeApplicationPlan(id: "A.application") { id }`},
		{"request plan change", `requestApplicationPlanChange(userID: "A.developer", applicationID: "A.application", planID: "A.other plan") { application { id } }`},
		{"request plan change of foreign app", `requestApplicationPlanChange(userID: "B.developer", applicationID: "A.application", planID: "B.other plan") { application { id } }`},
		{"apply plan change", `applyPlanChangeRequest(id: "A.plan change request") { id }`},
		{"dismiss plan change", `dismissPlanChangeRequest(id: "A.plan change request") { id }`},
		{"invite developer", `inviteDeveloperUser(accountID: "A.account", email: "m@example.com") { id }`},
		{"resend developer invitation", `resendInvitation(id: "A.developer invitation") { id }`},
		{"revoke developer invitation", `revokeInvitation(id: "A.developer invitation") { id }`},
		{"activate user", `activateUser(id: "A.developer") { id }`},
		{"send message", `sendMessage(accountID: "A.account", subject: "M", body: "M") { id }`},
		{"reply to foreign developer message", `sendMessage(accountID: "B.account", replyToID: "A.developer message", body: "M") { id }`},
		{"developer message", `sendDeveloperMessage(userID: "A.developer", body: "M") { id }`},
		{"reply to foreign message", `sendDeveloperMessage(userID: "B.developer", replyToID: "A.message", body: "M") { id }`},
		{"mark read", `markMessageRead(recipientID: "A.recipient") { id }`},
		{"developer marks read", `markDeveloperMessageRead(userID: "B.developer", recipientID: "A.recipient") { id }`},
		{"update developer account", `updateDeveloperAccount(userID: "A.developer", fields: {tax_id: "M"}) { id }`},
		{"accept developer invitation", `acceptDeveloperInvitation(input: {token: "A.developer invitation token", username: "m", password: "Sup3r-secret!"}) { id }`},
	}
	resolve := func(op string) string {
		for prefix, side := range map[string]map[string]string{"A.": a, "B.": b} {
			for role, x := range side {
				op = strings.ReplaceAll(op, `"`+prefix+role+`"`, `"`+x+`"`)
			}
		}
		if strings.Contains(op, `"A.`) || strings.Contains(op, `"B.`) {
			t.Fatalf("unresolved id in %s", op)
		}
		return op
	}
	before := dump(t, in)
	for _, c := range mutations {
		t.Run(c.name, func(t *testing.T) {
			expectError(t, in, tokenB, "mutation { "+resolve(c.op)+" }", nil, "NOT_FOUND", "")
			if after := dump(t, in); after != before {
				t.Fatalf("the database changed:\n%s", diffLines(before, after))
			}
		})
	}
	t.Run("bulk operations report foreign ids as not found", func(t *testing.T) {
		for _, op := range []string{
			`bulkChangeAccountState(ids: ["A.account"], event: SUSPEND) { items { code } }`,
			`bulkChangeAccountPlan(ids: ["A.account"], planID: "B.account plan") { items { code } }`,
			`bulkChangeApplicationState(ids: ["A.application"], event: SUSPEND) { items { code } }`,
			`bulkChangeApplicationPlan(ids: ["A.application"], planID: "B.other plan") { items { code } }`,
			`bulkChangeServiceSubscriptionState(ids: ["A.subscription"], event: SUSPEND) { items { code } }`,
			`bulkChangeServiceSubscriptionPlan(ids: ["A.subscription"], planID: "B.service plan") { items { code } }`,
			`bulkSendMessage(accountIDs: ["A.account"], subject: "M", body: "M") { result { items { code } } }`,
			`bulkMessageApplicationOwners(ids: ["A.application"], subject: "M", body: "M") { result { items { code } } }`,
			`bulkMessageSubscribers(ids: ["A.subscription"], subject: "M", body: "M") { result { items { code } } }`,
		} {
			r := in.GraphQL(t, tokenB, "mutation { "+resolve(op)+" }", nil)
			if len(r.Errors) > 0 || !strings.Contains(string(r.Data), `"code":"NOT_FOUND"`) {
				t.Errorf("%s: %s %+v", op, r.Data, r.Errors)
			}
		}
		// Only tenant B's own outbox rows may have been written (a message
		// nobody received is created and deleted again).
		for _, line := range strings.Split(diffLines(before, dump(t, in)), "\n") {
			if line != "" && !strings.HasPrefix(line, "+ domain_events:") && !strings.Contains(line, "sqlite_sequence: name=domain_events") &&
				!strings.Contains(line, "sqlite_sequence: name=messages") {
				t.Errorf("changed: %s", line)
			}
		}
	})
}
