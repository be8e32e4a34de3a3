package graph_test

import (
	"slices"
	"testing"

	"github.com/portico-apim/portico/server/apptest"
)

// TestTenantCurrency: every team member reads the tenant's currency (the
// console shows plan fees with it) without the finance section the billing
// settings need; each tenant reads its own.
func TestTenantCurrency(t *testing.T) {
	t.Parallel()
	in := apptest.Start(t)
	tok := in.Admin
	other := in.NewTenant(t, "currency-b.example.com")
	const q = `{ viewer { tenant { currency } } }`
	if got := do(t, in, tok, q, nil).str(t, "viewer.tenant.currency"); got != "USD" {
		t.Fatalf("currency before the billing settings are saved = %q, want USD", got)
	}
	enableFinance(t, in, tok)
	do(t, in, other, `mutation { updateBillingSettings(input: {currency: "GBP"}) { id } }`, nil)

	d := do(t, in, tok, `mutation($in: CreateUserInput!) { createUser(input: $in, password: "Member-passw0rd!") { id } }`,
		map[string]any{"in": map[string]any{"username": "planner", "email": "planner@example.com"}})
	do(t, in, tok, `mutation($id: ID!, $in: UserPermissionsInput!) { updateUserPermissions(id: $id, input: $in) { id } }`,
		map[string]any{"id": d.str(t, "createUser.id"), "in": map[string]any{"role": "MEMBER", "sections": []string{"PLANS"}, "allProducts": true}})
	member := in.Login(t, "planner", "Member-passw0rd!", in.Cfg.AdminDomain)
	expectError(t, in, member, `{ billingSettings { currency } }`, nil, "FORBIDDEN", "")
	for name, token := range map[string]string{"admin": tok, "member without finance": member,
		"token without finance": accessToken(t, in, tok, "RO", "ACCOUNT_MANAGEMENT")} {
		if got := do(t, in, token, q, nil).str(t, "viewer.tenant.currency"); got != "EUR" {
			t.Errorf("%s reads currency %q, want EUR", name, got)
		}
	}
	if got := do(t, in, other, q, nil).str(t, "viewer.tenant.currency"); got != "GBP" {
		t.Errorf("the other tenant reads currency %q, want its own GBP", got)
	}
}

// TestListOrders: plans, limits, invitations and messages sort by the
// columns the console offers, both ways, on the server.
func TestListOrders(t *testing.T) {
	t.Parallel()
	in := apptest.Start(t)
	tok := in.Admin
	d := do(t, in, tok, `mutation {
		p: createProduct(input: {name: "Ordered", systemName: "ordered"}) { id }
		acc: createAccount(input: {orgName: "Orders Inc"}) { id }
	}`, nil)
	product, account := d.str(t, "p.id"), d.str(t, "acc.id")
	d = do(t, in, tok, `mutation($p: ID!) {
		a: createPlan(input: {kind: APPLICATION, productID: $p, name: "Alpha", systemName: "alpha", trialPeriodDays: 30, costPerMonth: "100", setupFee: "5"}) { id }
		b: createPlan(input: {kind: APPLICATION, productID: $p, name: "Beta", systemName: "beta", trialPeriodDays: 7, costPerMonth: "3"}) { id }
		g: createPlan(input: {kind: APPLICATION, productID: $p, name: "Gamma", systemName: "gamma", costPerMonth: "9.5", setupFee: "10.25"}) { id }
		z: createMetric(input: {productID: $p, friendlyName: "Zebra calls", systemName: "zebra", unit: "call"}) { id }
		m: createMetric(input: {productID: $p, friendlyName: "Apple calls", systemName: "apple", unit: "call"}) { id }
	}`, map[string]any{"p": product})
	alpha, zebra, apple := d.str(t, "a.id"), d.str(t, "z.id"), d.str(t, "m.id")
	// Amounts sort by value, not as the text SQLite stores them in ("100" < "20" < "9.5"); a change
	// of amount moves the plan.
	do(t, in, tok, `mutation($b: ID!) { updatePlan(id: $b, input: {costPerMonth: "20"}) { id } }`, map[string]any{"b": d.str(t, "b.id")})
	type sorted struct {
		field, dir string
		want       []string
	}
	check := func(what, query, path, field string, vars map[string]any, cases []sorted) {
		t.Helper()
		for _, c := range cases {
			vars["o"] = []any{map[string]any{"field": c.field, "direction": c.dir}}
			if got := do(t, in, tok, query, vars).nodeField(t, path, field); !slices.Equal(got, c.want) {
				t.Errorf("%s by %s %s = %v, want %v", what, c.field, c.dir, got, c.want)
			}
		}
	}
	check("plans", `query($p: ID!, $o: [PlanOrder!]) { plans(first: 10, where: {productID: $p, nameIn: ["Alpha", "Beta", "Gamma"]}, orderBy: $o) { edges { node { name } } } }`,
		"plans", "name", map[string]any{"p": product}, []sorted{
			{"COST_PER_MONTH", "ASC", []string{"Gamma", "Beta", "Alpha"}},
			{"COST_PER_MONTH", "DESC", []string{"Alpha", "Beta", "Gamma"}},
			{"SETUP_FEE", "ASC", []string{"Beta", "Alpha", "Gamma"}},
			{"SETUP_FEE", "DESC", []string{"Gamma", "Alpha", "Beta"}},
			{"TRIAL_PERIOD_DAYS", "ASC", []string{"Gamma", "Beta", "Alpha"}},
			{"TRIAL_PERIOD_DAYS", "DESC", []string{"Alpha", "Beta", "Gamma"}},
			{"NAME", "DESC", []string{"Gamma", "Beta", "Alpha"}},
		})

	d = do(t, in, tok, `mutation($pl: ID!, $z: ID!, $m: ID!) {
		a: createUsageLimit(input: {planID: $pl, metricID: $z, period: DAY, value: 5}) { id }
		b: createUsageLimit(input: {planID: $pl, metricID: $m, period: DAY, value: 900}) { id }
		c: createUsageLimit(input: {planID: $pl, metricID: $z, period: HOUR, value: 7}) { id }
		d: createUsageLimit(input: {planID: $pl, metricID: $m, period: MINUTE, value: 1}) { id }
	}`, map[string]any{"pl": alpha, "z": zebra, "m": apple})
	// Periods sort by length, not by name (DAY < HOUR < MINUTE < YEAR); a changed period moves the limit.
	do(t, in, tok, `mutation($d: ID!) { updateUsageLimit(id: $d, input: {period: YEAR}) { id } }`, map[string]any{"d": d.str(t, "d.id")})
	check("limits", `query($pl: ID!, $o: [UsageLimitOrder!]) { usageLimits(first: 10, where: {planID: $pl}, orderBy: $o) { edges { node { value } } } }`,
		"usageLimits", "value", map[string]any{"pl": alpha}, []sorted{
			{"VALUE", "DESC", []string{"900", "7", "5", "1"}},
			{"VALUE", "ASC", []string{"1", "5", "7", "900"}},
			{"PERIOD", "ASC", []string{"7", "5", "900", "1"}},
			{"PERIOD", "DESC", []string{"1", "5", "900", "7"}},
		})

	d = do(t, in, tok, `mutation($a: ID!) {
		one: sendMessage(accountID: $a, subject: "Zulu news", body: "z") { id recipients { edges { node { id } } } }
		two: sendMessage(accountID: $a, subject: "Alpha news", body: "a") { id }
	}`, map[string]any{"a": account})
	do(t, in, tok, `mutation($r: ID!) { markMessageRead(recipientID: $r) { id } }`, map[string]any{"r": d.str(t, "one.recipients.edges.0.node.id")})
	check("messages", `query($o: [MessageOrder!]) { messages(first: 10, where: {direction: TO_ACCOUNTS}, orderBy: $o) { edges { node { subject } } } }`,
		"messages", "subject", map[string]any{}, []sorted{
			{"SUBJECT", "ASC", []string{"Alpha news", "Zulu news"}},
			{"SUBJECT", "DESC", []string{"Zulu news", "Alpha news"}},
		})
	inbox := `query($a: ID!, $o: [MessageRecipientOrder!]) { messageRecipients(first: 10, where: {accountID: $a}, orderBy: $o) { edges { node { readAt } } } }`
	d = do(t, in, tok, inbox, map[string]any{"a": account, "o": []any{map[string]any{"field": "READ_AT", "direction": "DESC"}}})
	d2 := do(t, in, tok, inbox, map[string]any{"a": account, "o": []any{map[string]any{"field": "READ_AT", "direction": "ASC"}}})
	if first, last := d.get(t, "messageRecipients.edges.0.node.readAt"), d2.get(t, "messageRecipients.edges.0.node.readAt"); (first == nil) == (last == nil) {
		t.Errorf("the read entry is not at one end of the inbox either way: desc starts with %v, asc with %v", first, last)
	}

	for _, email := range []string{"zed@example.com", "amy@example.com"} {
		do(t, in, tok, `mutation($e: String!) { inviteUser(email: $e) { id } }`, map[string]any{"e": email})
	}
	check("invitations", `query($o: [InvitationOrder!]) { invitations(first: 10, where: {accountIDIsNil: true}, orderBy: $o) { edges { node { email } } } }`,
		"invitations", "email", map[string]any{}, []sorted{
			{"EMAIL", "ASC", []string{"amy@example.com", "zed@example.com"}},
			{"EMAIL", "DESC", []string{"zed@example.com", "amy@example.com"}},
			{"EXPIRES_AT", "DESC", []string{"amy@example.com", "zed@example.com"}},
			{"EXPIRES_AT", "ASC", []string{"zed@example.com", "amy@example.com"}},
		})
}
