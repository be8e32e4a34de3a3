package graph_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/portico-apim/portico/ent"
	"github.com/portico-apim/portico/ent/tenant"
	"github.com/portico-apim/portico/schema/viewer"
	"github.com/portico-apim/portico/server/apptest"
)

const invoiceFields = `id friendlyID state creationType cost costWithoutVat vatAmount period lineItems { id name cost }`

// enableFinance turns the finance module on, prepaid, EUR, numbered by year.
func enableFinance(t *testing.T, in *apptest.Instance, token string) {
	t.Helper()
	d := do(t, in, token, `mutation { updateBillingSettings(input: {financeEnabled: true, strategy: PREPAID, currency: "EUR",
		numberingPeriod: YEARLY, zeroVatText: "VAT exempt"}) { financeEnabled currency saved } }`, nil)
	if d.get(t, "updateBillingSettings.saved") != true || d.str(t, "updateBillingSettings.currency") != "EUR" {
		t.Fatalf("settings not saved: %v", d)
	}
}

// billedAccount creates an account with a 10% VAT rate and an OPEN manual
// invoice with a charge of 100, and returns their ids.
func billedAccount(t *testing.T, in *apptest.Instance, token string) (account, inv, line string) {
	t.Helper()
	d := do(t, in, token, `mutation { createAccount(input: {orgName: "Buyer", vatRate: "10"}) { id } }`, nil)
	account = d.str(t, "createAccount.id")
	d = do(t, in, token, `mutation($a: ID!) { createInvoice(accountID: $a) { `+invoiceFields+` } }`, map[string]any{"a": account})
	inv = d.str(t, "createInvoice.id")
	d = do(t, in, token, `mutation($i: ID!) { addLineItem(invoiceID: $i, input: {name: "Consulting", cost: "100", quantity: "2"}) { id } }`,
		map[string]any{"i": inv})
	return account, inv, d.str(t, "addLineItem.id")
}

// TestInvoiceOperations goes through an invoice's life by hand: creation,
// manual charges and credits with VAT totals, renumbering, issue, the
// state machine's refusals, bulk issue and earnings; and the run's bad
// dates.
func TestInvoiceOperations(t *testing.T) {
	t.Parallel()
	in := apptest.Start(t)
	tok := in.Admin
	expectError(t, in, tok, `mutation { runBilling(date: "2026-01-01") { accounts } }`, nil, "FORBIDDEN", "")
	expectError(t, in, tok, `mutation { updateBillingSettings(input: {currency: "XYZ"}) { id } }`, nil, "VALIDATION", "input.currency")
	expectError(t, in, tok, `mutation { updateBillingSettings(input: {currency: "eur"}) { id } }`, nil, "VALIDATION", "input.currency")
	if d := do(t, in, tok, `{ billingSettings { saved financeEnabled currency } }`, nil); d.get(t, "billingSettings.saved") != false {
		t.Fatalf("refused settings were saved: %v", d)
	}
	enableFinance(t, in, tok)
	year := time.Now().UTC().Format("2006")

	account, inv, line := billedAccount(t, in, tok)
	d := do(t, in, tok, `query($i: ID!) { node(id: $i) { ... on Invoice { `+invoiceFields+` } } }`, map[string]any{"i": inv})
	if d.str(t, "node.friendlyID") != year+"-00000001" || d.str(t, "node.creationType") != "MANUAL" || d.str(t, "node.state") != "OPEN" ||
		d.str(t, "node.cost") != "110" || d.str(t, "node.vatAmount") != "10" {
		t.Fatalf("manual invoice: %v", d)
	}
	do(t, in, tok, `mutation($i: ID!) { addLineItem(invoiceID: $i, input: {name: "Goodwill", cost: "-20.5"}) { id } }`, map[string]any{"i": inv})
	d = do(t, in, tok, `query($i: ID!) { node(id: $i) { ... on Invoice { `+invoiceFields+` } } }`, map[string]any{"i": inv})
	if d.str(t, "node.costWithoutVat") != "79.5" || d.str(t, "node.vatAmount") != "7.95" || d.str(t, "node.cost") != "87.45" {
		t.Errorf("totals with a credit: %v", d)
	}
	expectError(t, in, tok, `mutation($i: ID!) { addLineItem(invoiceID: $i, input: {name: "x", cost: "1.23456"}) { id } }`,
		map[string]any{"i": inv}, "VALIDATION", "input.cost")
	expectError(t, in, tok, `mutation($i: ID!) { addLineItem(invoiceID: $i, input: {name: " ", cost: "1"}) { id } }`,
		map[string]any{"i": inv}, "VALIDATION", "input.name")

	// Friendly ids: the format is checked, and the counter is raised past
	// an edited number.
	for _, bad := range []string{"2026-1-00000001", "abcd-00000001", year + "-0000001", year + "-13-000000011"} {
		expectError(t, in, tok, `mutation($i: ID!, $f: String!) { updateInvoice(id: $i, input: {friendlyID: $f}) { id } }`,
			map[string]any{"i": inv, "f": bad}, "VALIDATION", "input.friendlyID")
	}
	do(t, in, tok, `mutation($i: ID!, $f: String!) { updateInvoice(id: $i, input: {friendlyID: $f}) { id } }`,
		map[string]any{"i": inv, "f": year + "-00000050"})
	d = do(t, in, tok, `mutation($a: ID!) { createInvoice(accountID: $a) { id friendlyID } }`, map[string]any{"a": account})
	second := d.str(t, "createInvoice.id")
	if got := d.str(t, "createInvoice.friendlyID"); got != year+"-00000051" {
		t.Errorf("the invoice after a renumbered one is %s, want %s-00000051", got, year)
	}
	expectError(t, in, tok, `mutation($i: ID!) { updateInvoice(id: $i, input: {friendlyID: "`+year+`-00000051"}) { id } }`,
		map[string]any{"i": inv}, "VALIDATION", "input.friendlyID")
	expectError(t, in, tok, `mutation($a: ID!) { createInvoice(accountID: $a, period: "2026-13") { id } }`,
		map[string]any{"a": account}, "VALIDATION", "period")

	// Issue: frozen, dated, with a PDF; then no more line changes.
	d = do(t, in, tok, `mutation($i: ID!) { issueInvoice(id: $i) { state issuedOn dueOn pdfURL vatRate } }`, map[string]any{"i": inv})
	if d.str(t, "issueInvoice.state") != "PENDING" || d.get(t, "issueInvoice.pdfURL") == nil || d.str(t, "issueInvoice.vatRate") != "10" {
		t.Fatalf("issued: %v", d)
	}
	expectError(t, in, tok, `mutation($i: ID!) { addLineItem(invoiceID: $i, input: {name: "Late", cost: "1"}) { id } }`,
		map[string]any{"i": inv}, "CONFLICT", "")
	expectError(t, in, tok, `mutation($l: ID!) { removeLineItem(id: $l) { deletedID } }`, map[string]any{"l": line}, "CONFLICT", "")
	expectError(t, in, tok, `mutation($i: ID!) { finalizeInvoice(id: $i) { id } }`, map[string]any{"i": inv}, "CONFLICT", "")
	expectError(t, in, tok, `mutation($i: ID!) { failInvoice(id: $i) { id } }`, map[string]any{"i": inv}, "CONFLICT", "")
	expectError(t, in, tok, `mutation($i: ID!) { updateInvoice(id: $i, input: {period: "2026-01"}) { id } }`, map[string]any{"i": inv}, "CONFLICT", "")
	d = do(t, in, tok, `mutation($i: ID!) { markInvoicePaid(id: $i) { state paidAt } }`, map[string]any{"i": inv})
	if d.str(t, "markInvoicePaid.state") != "PAID" {
		t.Errorf("paid: %v", d)
	}
	expectError(t, in, tok, `mutation($i: ID!) { cancelInvoice(id: $i) { id } }`, map[string]any{"i": inv}, "CONFLICT", "")

	// The second invoice: its only line removed while open, then a bulk
	// issue with an unknown id.
	d = do(t, in, tok, `mutation($i: ID!) { addLineItem(invoiceID: $i, input: {name: "Setup", cost: "5"}) { id } }`, map[string]any{"i": second})
	do(t, in, tok, `mutation($l: ID!) { removeLineItem(id: $l) { deletedID } }`, map[string]any{"l": d.str(t, "addLineItem.id")})
	d = do(t, in, tok, `mutation($ids: [ID!]!) { issueInvoices(ids: $ids) { succeeded failed items { id ok code } } }`,
		map[string]any{"ids": []string{second, "999999999"}})
	if d.get(t, "issueInvoices.succeeded") != float64(1) || d.get(t, "issueInvoices.failed") != float64(1) {
		t.Errorf("bulk issue: %v", d)
	}

	d = do(t, in, tok, `{ earningsByMonth { month currency cost byState { state invoiceCount cost } } }`, nil)
	months := d.list(t, "earningsByMonth")
	if len(months) != 1 || d.str(t, "earningsByMonth.0.currency") != "EUR" || d.str(t, "earningsByMonth.0.cost") != "87.45" {
		t.Errorf("earnings: %v", months)
	}
	expectError(t, in, tok, `{ earningsByMonth(from: "2026-1") { month } }`, nil, "VALIDATION", "from")

	// Run dates: never in the future, always a date.
	tomorrow := time.Now().UTC().AddDate(0, 0, 2).Format(time.DateOnly)
	expectError(t, in, tok, `mutation($d: String!) { runBilling(date: $d) { accounts } }`, map[string]any{"d": tomorrow}, "VALIDATION", "date")
	expectError(t, in, tok, `mutation { runBilling(date: "2026-02-30") { accounts } }`, nil, "VALIDATION", "date")
	expectError(t, in, tok, `mutation { runBilling(date: "2026-01-01", accountID: "999999999") { accounts } }`, nil, "NOT_FOUND", "")
}

// TestInvoicePreviewChangesNothing previews an account with a paid
// application, and the application on another plan: lines come back, and
// no invoice, line item or contract changes.
func TestInvoicePreviewChangesNothing(t *testing.T) {
	t.Parallel()
	in := apptest.Start(t)
	tok := in.Admin
	enableFinance(t, in, tok)
	d := do(t, in, tok, `{ products(first: 1) { edges { node { id } } } }`, nil)
	product := d.str(t, "products.edges.0.node.id")
	d = do(t, in, tok, `mutation($p: ID!) {
		a: createPlan(input: {kind: APPLICATION, productID: $p, name: "Paid", systemName: "paid", costPerMonth: "30", setupFee: "5"}) { id }
		b: createPlan(input: {kind: APPLICATION, productID: $p, name: "Dear", systemName: "dear", costPerMonth: "300"}) { id }
		acc: createAccount(input: {orgName: "Previewed"}) { id }
	}`, map[string]any{"p": product})
	paid, dear, account := d.str(t, "a.id"), d.str(t, "b.id"), d.str(t, "acc.id")
	d = do(t, in, tok, `mutation($a: ID!, $p: ID!, $pl: ID!) { createApplication(input: {name: "app", accountID: $a, productID: $p, planID: $pl}) { id } }`,
		map[string]any{"a": account, "p": product, "pl": paid})
	app := d.str(t, "createApplication.id")

	snapshot := func() string {
		d := do(t, in, tok, `query($a: ID!) { invoices(where: {accountID: $a}) { totalCount }
			node(id: $a) { ... on Account { applications { edges { node { paidUntil setupFee planID } } } } } }`, map[string]any{"a": account})
		return fmt.Sprint(d)
	}
	before := snapshot()
	d = do(t, in, tok, `query($a: ID!) { invoicePreview(accountID: $a) { period currency cost lines { name cost kind } } }`,
		map[string]any{"a": account})
	if len(d.list(t, "invoicePreview.lines")) != 2 || d.str(t, "invoicePreview.lines.1.name") != "Setup fee ('Paid')" ||
		d.str(t, "invoicePreview.currency") != "EUR" {
		t.Errorf("preview: %v", d)
	}
	d = do(t, in, tok, `query($a: ID!, $app: ID!, $p: ID!) { invoicePreview(accountID: $a, applicationID: $app, planID: $p) { cost lines { name cost } } }`,
		map[string]any{"a": account, "app": app, "p": dear})
	if d.str(t, "invoicePreview.lines.0.name") != "Fixed fee ('Dear')" {
		t.Errorf("preview on another plan: %v", d)
	}
	expectError(t, in, tok, `query($a: ID!, $p: ID!) { invoicePreview(accountID: $a, planID: $p) { cost } }`,
		map[string]any{"a": account, "p": dear}, "VALIDATION", "planID")
	if after := snapshot(); after != before {
		t.Errorf("a preview changed data:\nbefore %s\nafter  %s", before, after)
	}
}

// TestBillingScope: access tokens need the finance scope for billing, and it
// is enough for an operation of billing fields only.
func TestBillingScope(t *testing.T) {
	t.Parallel()
	in := apptest.Start(t)
	enableFinance(t, in, in.Admin)
	finance := accessToken(t, in, in.Admin, "RW", "FINANCE")
	management := accessToken(t, in, in.Admin, "RW", "ACCOUNT_MANAGEMENT")
	readOnly := accessToken(t, in, in.Admin, "RO", "FINANCE")
	do(t, in, finance, `{ billingSettings { currency } invoices { totalCount } }`, nil)
	expectError(t, in, finance, `{ billingSettings { currency } products { totalCount } }`, nil, "FORBIDDEN", "")
	expectError(t, in, management, `{ billingSettings { currency } }`, nil, "FORBIDDEN", "")
	expectError(t, in, management, `{ invoices { totalCount } }`, nil, "FORBIDDEN", "")
	expectError(t, in, readOnly, `mutation { updateBillingSettings(input: {currency: "USD"}) { id } }`, nil, "FORBIDDEN", "")
	do(t, in, management, `{ products { totalCount } }`, nil)
}

// TestBillingTenancy proves that another tenant can neither read nor change
// a tenant's billing settings, invoices, line items and invoice counters.
func TestBillingTenancy(t *testing.T) {
	t.Parallel()
	in := apptest.Start(t)
	tokenB := in.NewTenant(t, "billing-b.example.com")
	enableFinance(t, in, in.Admin)
	enableFinance(t, in, tokenB)
	do(t, in, in.Admin, `mutation { updateBillingSettings(input: {currency: "GBP"}) { id } }`, nil)
	_, inv, line := billedAccount(t, in, in.Admin)
	billedAccount(t, in, tokenB)

	if d := do(t, in, tokenB, `{ billingSettings { currency } }`, nil); d.str(t, "billingSettings.currency") != "EUR" {
		t.Errorf("tenant B sees settings %v", d)
	}
	vars := map[string]any{"i": inv, "l": line}
	expectError(t, in, tokenB, `query($i: ID!) { node(id: $i) { id } }`, vars, "NOT_FOUND", "")
	expectError(t, in, tokenB, `query($l: ID!) { node(id: $l) { id } }`, map[string]any{"l": line}, "NOT_FOUND", "")
	d := do(t, in, tokenB, `query($i: ID!) { invoices(where: {id: $i}) { totalCount } all: invoices { edges { node { id } } } }`,
		map[string]any{"i": inv})
	if d.get(t, "invoices.totalCount") != float64(0) {
		t.Errorf("tenant B finds tenant A's invoice")
	}
	for _, id := range d.nodeField(t, "all", "id") {
		if id == inv {
			t.Errorf("tenant B lists tenant A's invoice")
		}
	}
	for _, op := range []string{
		`mutation($i: ID!) { addLineItem(invoiceID: $i, input: {name: "x", cost: "1"}) { id } }`,
		`mutation($i: ID!) { issueInvoice(id: $i) { id } }`,
		`mutation($i: ID!) { cancelInvoice(id: $i) { id } }`,
		`mutation($i: ID!) { updateInvoice(id: $i, input: {friendlyID: "2026-00000099"}) { id } }`,
	} {
		expectError(t, in, tokenB, op, map[string]any{"i": inv}, "NOT_FOUND", "")
	}
	expectError(t, in, tokenB, `mutation($l: ID!) { removeLineItem(id: $l) { deletedID } }`, map[string]any{"l": line}, "NOT_FOUND", "")
	d = do(t, in, in.Admin, `query($i: ID!) { node(id: $i) { ... on Invoice { state lineItems { id } } } }`, map[string]any{"i": inv})
	if d.str(t, "node.state") != "OPEN" || len(d.list(t, "node.lineItems")) != 1 {
		t.Errorf("tenant A's invoice changed: %v", d)
	}
	// Invoice counters have no API: each tenant's context sees its own.
	sys := apptest.SystemContext()
	tenants, err := in.Client().Tenant.Query().Where(tenant.Master(false)).Order(ent.Asc(tenant.FieldID)).All(sys)
	if err != nil || len(tenants) != 2 {
		t.Fatalf("tenants: %v %v", tenants, err)
	}
	for _, tn := range tenants {
		ctx := viewer.TenantSystemContext(context.Background(), tn.ID)
		cs, err := in.Client().InvoiceCounter.Query().All(ctx)
		if err != nil || len(cs) != 1 || cs[0].TenantID != tn.ID {
			t.Errorf("tenant %d sees counters %v (%v)", tn.ID, cs, err)
		}
	}
}

// TestInvoiceIssuedEmail: issuing an invoice queues an email to each admin
// of the buyer, with the invoice's number, total and PDF link.
func TestInvoiceIssuedEmail(t *testing.T) {
	t.Parallel()
	in := apptest.Start(t)
	tok := in.Admin
	enableFinance(t, in, tok)
	d := do(t, in, tok, signupOp, signupVars("Payer", nil))
	account := d.str(t, "signup.account.id")
	d = do(t, in, tok, `mutation($a: ID!) { createInvoice(accountID: $a) { id friendlyID } }`, map[string]any{"a": account})
	inv, friendly := d.str(t, "createInvoice.id"), d.str(t, "createInvoice.friendlyID")
	do(t, in, tok, `mutation($i: ID!) { addLineItem(invoiceID: $i, input: {name: "Support", cost: "12.5"}) { id } }`, map[string]any{"i": inv})
	d = do(t, in, tok, `mutation($i: ID!) { issueInvoice(id: $i) { pdfURL } }`, map[string]any{"i": inv})
	pdf := d.str(t, "issueInvoice.pdfURL")
	bodies := do(t, in, tok, outboxQ, map[string]any{"to": "payer@example.com"}).nodeField(t, "emailMessages", "body")
	found := false
	for _, b := range bodies {
		found = found || (strings.Contains(b, friendly) && strings.Contains(b, "12.50 EUR") && strings.Contains(b, pdf))
	}
	if !found {
		t.Errorf("no issue email to the buyer's admin naming %s, 12.50 EUR and %s: %q", friendly, pdf, bodies)
	}
}

// TestBillingRights: a token without the finance scope reaches no invoice
// even through node; a member with the finance section alone issues an
// invoice (reading the buyer is part of it); a member with developer
// accounts alone changes an application's plan with finance on (billing the
// change is part of it) but reads no billing data.
func TestBillingRights(t *testing.T) {
	t.Parallel()
	in := apptest.Start(t)
	tok := in.Admin
	enableFinance(t, in, tok)
	_, inv, _ := billedAccount(t, in, tok)
	management := accessToken(t, in, tok, "RW", "ACCOUNT_MANAGEMENT")
	expectError(t, in, management, `query($i: ID!) { node(id: $i) { id } }`, map[string]any{"i": inv}, "FORBIDDEN", "")

	member := func(name string, sections ...string) string {
		d := do(t, in, tok, `mutation($in: CreateUserInput!) { createUser(input: $in, password: "Member-passw0rd!") { id } }`,
			map[string]any{"in": map[string]any{"username": name, "email": name + "@example.com"}})
		do(t, in, tok, `mutation($id: ID!, $in: UserPermissionsInput!) { updateUserPermissions(id: $id, input: $in) { id } }`,
			map[string]any{"id": d.str(t, "createUser.id"), "in": map[string]any{"role": "MEMBER", "sections": sections, "allProducts": true}})
		return in.Login(t, name, "Member-passw0rd!", in.Cfg.AdminDomain)
	}
	financeMember := member("accountant", "FINANCE")
	d := do(t, in, financeMember, `mutation($i: ID!) { issueInvoice(id: $i) { state buyerAddress } }`, map[string]any{"i": inv})
	if d.str(t, "issueInvoice.state") != "PENDING" || d.str(t, "issueInvoice.buyerAddress.name") != "Buyer" {
		t.Errorf("issued by the finance member: %v", d)
	}

	partners := member("sales", "PARTNERS")
	d = do(t, in, tok, `{ products(first: 1) { edges { node { id } } } }`, nil)
	product := d.str(t, "products.edges.0.node.id")
	d = do(t, in, tok, `mutation($p: ID!) {
		a: createPlan(input: {kind: APPLICATION, productID: $p, name: "Small", systemName: "small", costPerMonth: "10"}) { id }
		b: createPlan(input: {kind: APPLICATION, productID: $p, name: "Large", systemName: "large", costPerMonth: "40"}) { id }
		acc: createAccount(input: {orgName: "Grower"}) { id }
	}`, map[string]any{"p": product})
	d = do(t, in, tok, `mutation($a: ID!, $p: ID!, $pl: ID!) { createApplication(input: {name: "app", accountID: $a, productID: $p, planID: $pl}) { id } }`,
		map[string]any{"a": d.str(t, "acc.id"), "p": product, "pl": d.str(t, "a.id")})
	app := d.str(t, "createApplication.id")
	large := do(t, in, tok, `{ plans(where: {systemName: "large"}) { edges { node { id } } } }`, nil).str(t, "plans.edges.0.node.id")
	do(t, in, partners, `mutation($a: ID!, $p: ID!) { changeApplicationPlan(id: $a, planID: $p) { id } }`, map[string]any{"a": app, "p": large})
	expectError(t, in, partners, `{ invoices { totalCount } }`, nil, "FORBIDDEN", "")
	d = do(t, in, tok, `{ invoices(where: {creationType: BACKGROUND}) { edges { node { lineItems { name } } } } }`, nil)
	if names := fmt.Sprint(d.get(t, "invoices.edges.0.node.lineItems")); !strings.Contains(names, "Application upgrade ('Small' to 'Large')") {
		t.Errorf("the plan change by a member was not billed: %s", names)
	}
}
