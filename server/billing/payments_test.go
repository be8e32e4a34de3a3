package billing_test

import (
	"strings"
	"testing"
	"time"

	"github.com/portico-apim/portico/ent"
	"github.com/portico-apim/portico/ent/emailmessage"
	"github.com/portico-apim/portico/ent/invoice"
	"github.com/portico-apim/portico/ent/notification"
	"github.com/portico-apim/portico/ent/paymentgateway"
	"github.com/portico-apim/portico/ent/paymenttransaction"
	"github.com/portico-apim/portico/ent/user"
	"github.com/portico-apim/portico/server/apptest"
	"github.com/portico-apim/portico/server/payments/stripetest"
)

const (
	testPublishable = "pk_test_51PorticoPublishable"
	testSecret      = "sk_test_51PorticoSecretKey0042"
)

type gqlTransaction struct {
	ID, State, Amount, Currency, Reference, Message string
	Success, Automatic, Test                        bool
}

type gqlCharged struct {
	ID, State            string
	ChargingRetriesCount int
	PaymentTransactions  []gqlTransaction
}

const chargedFields = `id state chargingRetriesCount paymentTransactions { id state success amount currency reference message automatic test }`

// payWorld is the billing world with Stripe (stripe-mock) as its gateway.
type payWorld struct {
	*world
	stripe *stripetest.Stripe
}

func setUpPayments(t *testing.T) *payWorld {
	t.Helper()
	st := stripetest.Start(t)
	cfg := apptest.Config(t)
	cfg.StripeAPIURL = st.URL
	return &payWorld{world: setUpWith(t, cfg), stripe: st}
}

func (w *payWorld) configure(t *testing.T) {
	t.Helper()
	w.in.MustGraphQL(t, w.in.Admin, `mutation($p: String!, $s: String!) {
		configurePaymentGateway(input: {kind: STRIPE, publishableKey: $p, secretKey: $s}) { id } }`,
		map[string]any{"p": testPublishable, "s": testSecret}, nil)
}

// saveCard saves a card for an account as the developer portal does: it
// starts a setup, the browser confirms it at Stripe with a test card, and
// the portal confirms it to Portico.
func (w *payWorld) saveCard(t *testing.T, accountID, paymentMethod string) map[string]any {
	t.Helper()
	var setup struct {
		StartCardSetup struct{ SetupRef, ClientSecret, PublishableKey string }
	}
	w.in.MustGraphQL(t, w.in.Admin, `mutation($a: ID!) { startCardSetup(accountID: $a) { setupRef clientSecret publishableKey } }`,
		map[string]any{"a": accountID}, &setup)
	s := setup.StartCardSetup
	if s.SetupRef == "" || s.ClientSecret == "" || s.PublishableKey != testPublishable {
		t.Fatalf("card setup: %+v", s)
	}
	w.stripe.ConfirmSetup(t, testSecret, s.SetupRef, paymentMethod)
	var card struct{ ConfirmCardSetup map[string]any }
	w.in.MustGraphQL(t, w.in.Admin, `mutation($a: ID!) { confirmCardSetup(accountID: $a) { brand last4 expMonth expYear setupRef } }`,
		map[string]any{"a": accountID}, &card)
	return card.ConfirmCardSetup
}

// issuedInvoice creates an invoice by hand with one line and issues it.
func (w *payWorld) issuedInvoice(t *testing.T, accountID, cost string) string {
	t.Helper()
	var inv struct{ CreateInvoice struct{ ID string } }
	w.in.MustGraphQL(t, w.in.Admin, `mutation($a: ID!) { createInvoice(accountID: $a) { id } }`, map[string]any{"a": accountID}, &inv)
	id := inv.CreateInvoice.ID
	w.in.MustGraphQL(t, w.in.Admin, `mutation($i: ID!, $c: Decimal!) { addLineItem(invoiceID: $i, input: {name: "Consulting", cost: $c}) { id } }`,
		map[string]any{"i": id, "c": cost}, nil)
	w.in.MustGraphQL(t, w.in.Admin, `mutation($i: ID!) { issueInvoice(id: $i) { id } }`, map[string]any{"i": id}, nil)
	return id
}

func (w *payWorld) charge(t *testing.T, invoiceID string) (gqlCharged, gqlTransaction) {
	t.Helper()
	var out struct {
		ChargeInvoice struct {
			Invoice     gqlCharged
			Transaction gqlTransaction
		}
	}
	w.in.MustGraphQL(t, w.in.Admin, `mutation($i: ID!) { chargeInvoice(id: $i) { invoice { `+chargedFields+` } transaction { id state success amount currency reference message automatic test } } }`,
		map[string]any{"i": invoiceID}, &out)
	return out.ChargeInvoice.Invoice, out.ChargeInvoice.Transaction
}

func (w *payWorld) invoice(t *testing.T, id string) gqlCharged {
	t.Helper()
	var out struct{ Node gqlCharged }
	w.in.MustGraphQL(t, w.in.Admin, `query($i: ID!) { node(id: $i) { ... on Invoice { `+chargedFields+` } } }`, map[string]any{"i": id}, &out)
	return out.Node
}

// TestPaymentGatewaySettings checks the gateway's keys before storing them,
// sealed, and the rule that charging needs a gateway.
func TestPaymentGatewaySettings(t *testing.T) {
	w := setUpPayments(t)
	bad := []struct{ name, pk, sk, field string }{
		{"publishable key of the wrong shape", "nope", testSecret, "input.publishableKey"},
		{"secret key of the wrong shape", testPublishable, "secret", "input.secretKey"},
		{"a live secret key with a test publishable key", testPublishable, "sk_live_51PorticoSecretKey0042", "input.secretKey"},
		{"live keys stripe refuses", "pk_live_51PorticoPublishable", "sk_live_51PorticoSecretKey0042", "input.secretKey"},
	}
	for _, c := range bad {
		e := w.in.ExpectError(t, w.in.Admin, `mutation($p: String!, $s: String!) {
			configurePaymentGateway(input: {kind: STRIPE, publishableKey: $p, secretKey: $s}) { id } }`,
			map[string]any{"p": c.pk, "s": c.sk}, "VALIDATION")
		if e.Field() != c.field {
			t.Errorf("%s: field %q (%s), want %q", c.name, e.Field(), e.Message, c.field)
		}
	}
	if e := w.in.ExpectError(t, w.in.Admin, `mutation { updateBillingSettings(input: {chargingEnabled: true}) { id } }`, nil, "VALIDATION"); !strings.Contains(e.Message, "payment gateway") {
		t.Errorf("charging without a gateway: %s", e.Message)
	}
	if n, err := w.in.Client().PaymentGateway.Query().Count(apptest.SystemContext()); err != nil || n != 0 {
		t.Fatalf("refused keys stored %d gateways (%v)", n, err)
	}

	w.configure(t)
	var got struct {
		PaymentGateway struct {
			Kind, PublishableKey, SecretKeyHint string
			TestMode                            bool
		}
	}
	w.in.MustGraphQL(t, w.in.Admin, `{ paymentGateway { kind publishableKey secretKeyHint testMode } }`, nil, &got)
	if g := got.PaymentGateway; g.Kind != "STRIPE" || g.PublishableKey != testPublishable || g.SecretKeyHint != "sk_test_…0042" || !g.TestMode {
		t.Errorf("gateway: %+v", g)
	}
	row, err := w.in.Client().PaymentGateway.Query().Where(paymentgateway.KindEQ(paymentgateway.KindSTRIPE)).Only(apptest.SystemContext())
	if err != nil {
		t.Fatal(err)
	}
	if row.SecretKeySealed == "" || strings.Contains(row.SecretKeySealed, "PorticoSecret") {
		t.Errorf("the secret key is not sealed: %q", row.SecretKeySealed)
	}
	w.in.MustGraphQL(t, w.in.Admin, `mutation { updateBillingSettings(input: {chargingEnabled: true}) { id } }`, nil, nil)
	w.in.ExpectError(t, w.in.Admin, `mutation { removePaymentGateway { deletedID } }`, nil, "CONFLICT")

	// Another tenant sees no gateway and cannot touch this tenant's accounts.
	other := w.in.NewTenant(t, "payments-other.example.com")
	var none struct{ PaymentGateway *struct{ ID string } }
	w.in.MustGraphQL(t, other, `{ paymentGateway { id } }`, nil, &none)
	if none.PaymentGateway != nil {
		t.Errorf("another tenant sees the gateway")
	}
	w.in.MustGraphQL(t, other, `mutation($p: String!, $s: String!) {
		configurePaymentGateway(input: {kind: STRIPE, publishableKey: $p, secretKey: $s}) { id } }`,
		map[string]any{"p": testPublishable, "s": testSecret}, nil)
	w.in.ExpectError(t, other, `mutation($a: ID!) { startCardSetup(accountID: $a) { setupRef } }`, map[string]any{"a": w.accountID}, "NOT_FOUND")
	id := w.issuedInvoice(t, w.accountID, "3")
	w.in.ExpectError(t, other, `mutation($i: ID!) { chargeInvoice(id: $i) { invoice { id } } }`, map[string]any{"i": id}, "NOT_FOUND")
	if n, err := w.in.Client().PaymentGateway.Query().Count(apptest.SystemContext()); err != nil || n != 2 {
		t.Fatalf("%d gateways (%v), want one per tenant", n, err)
	}
}

// TestChargeInvoice saves a card through a SetupIntent and charges an
// issued invoice with it; a charge whose answer is lost is resumed under
// the same idempotency key, so Stripe charges once.
func TestChargeInvoice(t *testing.T) {
	w := setUpPayments(t)
	w.configure(t)
	sys := apptest.SystemContext()

	id := w.issuedInvoice(t, w.accountID, "12.34")
	w.in.ExpectError(t, w.in.Admin, `mutation($i: ID!) { chargeInvoice(id: $i) { invoice { id } } }`, map[string]any{"i": id}, "VALIDATION")
	w.in.ExpectError(t, w.in.Admin, `mutation($a: ID!) { confirmCardSetup(accountID: $a) { id } }`, map[string]any{"a": w.accountID}, "VALIDATION")

	buyer, err := w.in.Client().User.Create().SetTenantID(w.tenantID).SetAccountID(atoi(t, w.accountID)).SetUsername("buyer").
		SetEmail("buyer@acme.test").SetRole(user.RoleADMIN).SetState(user.StateACTIVE).Save(sys)
	if err != nil {
		t.Fatal(err)
	}
	card := w.saveCard(t, w.accountID, "pm_card_visa")
	if card["brand"] != "visa" || card["last4"] != "4242" || card["expMonth"] == nil || card["setupRef"] != nil {
		t.Fatalf("saved card: %v", card)
	}

	inv, tr := w.charge(t, id)
	// 12.34 plus 21 % VAT (2.5914, rounded to 2.59).
	if inv.State != "PAID" || !tr.Success || tr.State != "SUCCEEDED" || tr.Amount != "14.93" || tr.Currency != "EUR" ||
		!strings.HasPrefix(tr.Reference, "pi_") || tr.Automatic || !tr.Test || len(inv.PaymentTransactions) != 1 {
		t.Fatalf("charge: invoice %+v, transaction %+v", inv, tr)
	}
	if w.stripe.TotalCharges() != 1 {
		t.Fatalf("Stripe charged %d times", w.stripe.TotalCharges())
	}
	mails, err := w.in.Client().EmailMessage.Query().Where(emailmessage.To(buyer.Email)).Order(ent.Asc(emailmessage.FieldID)).All(sys)
	if err != nil || len(mails) != 1 || !strings.Contains(mails[0].Body, "charged 14.93 EUR to your card") {
		t.Fatalf("the buyer's emails: %+v (%v)", mails, err)
	}
	w.in.MustGraphQL(t, w.in.Admin, `mutation { updateBillingSettings(input: {chargingEnabled: true}) { id } }`, nil, nil)
	w.in.ExpectError(t, w.in.Admin, `mutation($i: ID!) { chargeInvoice(id: $i) { invoice { id } } }`, map[string]any{"i": id}, "VALIDATION")

	// The answer to the charge is lost after Stripe made it.
	id2 := w.issuedInvoice(t, w.accountID, "5")
	issued, err := w.in.Client().EmailMessage.Query().Where(emailmessage.To(buyer.Email), emailmessage.SubjectHasPrefix("Invoice ")).
		Order(ent.Desc(emailmessage.FieldID)).First(sys)
	if err != nil || !strings.Contains(issued.Body, "It will be charged to your card on file on") {
		t.Fatalf("the issue email does not announce the charge: %+v (%v)", issued, err)
	}
	w.stripe.LoseChargeAnswers(true)
	inv, tr = w.charge(t, id2)
	w.stripe.LoseChargeAnswers(false)
	if inv.State != "PENDING" || tr.State != "PENDING" || tr.Success {
		t.Fatalf("lost answer: invoice %+v, transaction %+v", inv, tr)
	}
	inv, tr2 := w.charge(t, id2)
	if inv.State != "PAID" || tr2.ID != tr.ID || tr2.State != "SUCCEEDED" || len(inv.PaymentTransactions) != 1 {
		t.Fatalf("resumed charge: invoice %+v, transaction %+v", inv, tr2)
	}
	att, err := w.in.Client().PaymentTransaction.Query().Where(paymenttransaction.InvoiceID(atoi(t, id2))).Only(sys)
	if err != nil {
		t.Fatal(err)
	}
	if n := w.stripe.Charges(att.IdempotencyKey); n != 1 || w.stripe.TotalCharges() != 2 {
		t.Fatalf("Stripe charged invoice %s %d times (%d in all)", id2, n, w.stripe.TotalCharges())
	}

	// Stripe cannot be reached: nothing is lost, the attempt waits.
	id3 := w.issuedInvoice(t, w.accountID, "7")
	w.stripe.SetDown(true)
	inv, tr = w.charge(t, id3)
	w.stripe.SetDown(false)
	if inv.State != "PENDING" || tr.State != "PENDING" {
		t.Fatalf("outage: invoice %+v, transaction %+v", inv, tr)
	}
	if inv, _ = w.charge(t, id3); inv.State != "PAID" {
		t.Fatalf("after the outage: %+v", inv)
	}

	// Another tenant, with a gateway of its own, reaches none of it.
	var mine struct {
		Node           struct{ PaymentProfile struct{ ID string } }
		PaymentGateway struct{ ID string }
	}
	w.in.MustGraphQL(t, w.in.Admin, `query($a: ID!) { node(id: $a) { ... on Account { paymentProfile { id } } } paymentGateway { id } }`,
		map[string]any{"a": w.accountID}, &mine)
	other := w.in.NewTenant(t, "payments-other.example.com")
	w.in.MustGraphQL(t, other, `mutation($p: String!, $s: String!) {
		configurePaymentGateway(input: {kind: STRIPE, publishableKey: $p, secretKey: $s}) { id } }`,
		map[string]any{"p": testPublishable, "s": testSecret}, nil)
	for _, x := range []string{mine.Node.PaymentProfile.ID, mine.PaymentGateway.ID, tr.ID, id3} {
		w.in.ExpectError(t, other, `query($i: ID!) { node(id: $i) { id } }`, map[string]any{"i": x}, "NOT_FOUND")
	}
	w.in.ExpectError(t, other, `mutation($a: ID!) { removeCard(accountID: $a) { id } }`, map[string]any{"a": w.accountID}, "NOT_FOUND")
	w.in.ExpectError(t, other, `mutation($a: ID!) { startCardSetup(accountID: $a) { setupRef } }`, map[string]any{"a": w.accountID}, "NOT_FOUND")
	w.in.ExpectError(t, other, `mutation($i: ID!) { chargeInvoice(id: $i) { invoice { id } } }`, map[string]any{"i": w.issuedInvoice(t, w.accountID, "2")}, "NOT_FOUND")

	w.in.MustGraphQL(t, w.in.Admin, `mutation($a: ID!) { removeCard(accountID: $a) { last4 } }`, map[string]any{"a": w.accountID}, nil)
	id4 := w.issuedInvoice(t, w.accountID, "1")
	if e := w.in.ExpectError(t, w.in.Admin, `mutation($i: ID!) { chargeInvoice(id: $i) { invoice { id } } }`, map[string]any{"i": id4}, "VALIDATION"); !strings.Contains(e.Message, "no card") {
		t.Errorf("charge without a card: %s", e.Message)
	}
}

// TestChargingRetries runs the daily run over a declined card: attempts at
// the due date, 3 and 6 days later, then FAILED (§6.9); an admin's charge
// afterwards leaves the count alone.
func TestChargingRetries(t *testing.T) {
	w := setUpPayments(t)
	w.configure(t)
	sys := apptest.SystemContext()
	w.in.MustGraphQL(t, w.in.Admin, `mutation { updateBillingSettings(input: {chargingEnabled: true, financeSupportEmail: "finance@provider.test"}) { id } }`, nil, nil)
	var acc struct{ CreateAccount struct{ ID string } }
	w.in.MustGraphQL(t, w.in.Admin, `mutation { createAccount(input: {orgName: "Decliner"}) { id } }`, nil, &acc)
	a := acc.CreateAccount.ID
	w.saveCard(t, a, "pm_card_chargeDeclined")
	id := w.issuedInvoice(t, a, "20")

	today := time.Now().UTC().Truncate(24 * time.Hour)
	due := today.AddDate(0, 0, -6)
	if err := w.in.Client().Invoice.UpdateOneID(atoi(t, id)).SetDueOn(due).Exec(sys); err != nil {
		t.Fatal(err)
	}
	run := func(day time.Time) int {
		t.Helper()
		var out struct{ RunBilling struct{ InvoicesCharged int } }
		w.in.MustGraphQL(t, w.in.Admin, `mutation($d: String!, $a: ID!) { runBilling(date: $d, accountID: $a) { invoicesCharged } }`,
			map[string]any{"d": day.Format(time.DateOnly), "a": a}, &out)
		return out.RunBilling.InvoicesCharged
	}
	steps := []struct {
		day     time.Time
		charged int
		state   string
		retries int
	}{
		{due.AddDate(0, 0, -1), 0, "PENDING", 0}, // not due yet
		{due, 1, "UNPAID", 1},
		{due.AddDate(0, 0, 1), 0, "UNPAID", 1}, // 3 days between attempts
		{due.AddDate(0, 0, 3), 1, "UNPAID", 2},
		{due.AddDate(0, 0, 6), 1, "FAILED", 3},
		{today, 0, "FAILED", 3}, // a failed invoice is not charged by the run
	}
	for _, s := range steps {
		n := run(s.day)
		inv := w.invoice(t, id)
		if n != s.charged || inv.State != s.state || inv.ChargingRetriesCount != s.retries {
			t.Fatalf("run of %s: charged %d, invoice %s with %d retries; want %d, %s, %d",
				s.day.Format(time.DateOnly), n, inv.State, inv.ChargingRetriesCount, s.charged, s.state, s.retries)
		}
	}
	inv := w.invoice(t, id)
	if len(inv.PaymentTransactions) != 3 {
		t.Fatalf("%d transactions, want 3", len(inv.PaymentTransactions))
	}
	for _, tr := range inv.PaymentTransactions {
		if tr.Success || tr.State != "FAILED" || tr.Message != "Your card was declined." || !tr.Automatic {
			t.Errorf("transaction %+v", tr)
		}
	}
	inv, tr := w.charge(t, id)
	if inv.State != "FAILED" || inv.ChargingRetriesCount != 3 || tr.Success || tr.Automatic || len(inv.PaymentTransactions) != 4 {
		t.Fatalf("manual charge of a failed invoice: %+v, %+v", inv, tr)
	}
	if n, err := w.in.Client().Invoice.Query().Where(invoice.StateEQ(invoice.StatePAID)).Count(sys); err != nil || n != 0 {
		t.Fatalf("%d paid invoices (%v)", n, err)
	}
	if w.stripe.TotalCharges() != 0 {
		t.Fatalf("a declined card was charged %d times", w.stripe.TotalCharges())
	}
	// A card whose bank asks its holder to authenticate cannot be charged
	// while they are away: the attempt fails with Stripe's reason.
	var sca struct{ CreateAccount struct{ ID string } }
	w.in.MustGraphQL(t, w.in.Admin, `mutation { createAccount(input: {orgName: "Strong Auth"}) { id } }`, nil, &sca)
	w.saveCard(t, sca.CreateAccount.ID, "pm_card_authenticationRequired")
	if inv, tr := w.charge(t, w.issuedInvoice(t, sca.CreateAccount.ID, "8")); inv.State != "PENDING" || tr.Success ||
		!strings.Contains(tr.Message, "requires authentication") {
		t.Fatalf("authentication required: %+v, %+v", inv, tr)
	}
	// The finance address heard of each automatic failure, and of the last
	// one as final; the admin's own charge told no one.
	msgs, err := w.in.Client().EmailMessage.Query().Where(emailmessage.To("finance@provider.test")).
		Order(ent.Asc(emailmessage.FieldID)).All(sys)
	if err != nil {
		t.Fatal(err)
	}
	if len(msgs) != 3 {
		t.Fatalf("%d emails to the finance address, want 3", len(msgs))
	}
	retry := due.AddDate(0, 0, 3).Format(time.DateOnly)
	for i, want := range []string{"It will try again on " + retry, "It will try again on " + due.AddDate(0, 0, 6).Format(time.DateOnly), "This was the last attempt"} {
		if !strings.Contains(msgs[i].Body, want) || !strings.Contains(msgs[i].Body, "Your card was declined.") {
			t.Errorf("email %d: %q, want %q", i, msgs[i].Body, want)
		}
	}
	// The team's finance area heard of them too, in its feed: two retries
	// and one final failure.
	for kind, want := range map[string]int{"payment_failed": 2, "payment_failed_final": 1} {
		n, err := w.in.Client().Notification.Query().Where(notification.Kind(kind)).Count(sys)
		if err != nil || n != want {
			t.Errorf("%d %s notifications (%v), want %d", n, kind, err, want)
		}
	}
}

// TestPlanChangeNeedsCard: the credit-card plan change modes. Without a
// card, CREDIT_CARD refuses a paid plan and REQUEST_CREDIT_CARD records a
// request; a free plan needs no card; with a card both change the plan at
// once, and the change is billed (the preview bills the new plan).
func TestPlanChangeNeedsCard(t *testing.T) {
	w := setUpPayments(t)
	w.configure(t)
	var plans struct{ Free, Starter struct{ ID string } }
	w.in.MustGraphQL(t, w.in.Admin, `mutation($p: ID!) {
		free: createPlan(input: {kind: APPLICATION, productID: $p, name: "Free", systemName: "free", state: PUBLISHED}) { id }
		starter: createPlan(input: {kind: APPLICATION, productID: $p, name: "Starter", systemName: "starter", state: PUBLISHED}) { id }
	}`, map[string]any{"p": w.productID}, &plans)
	w.in.MustGraphQL(t, w.in.Admin, `mutation($a: ID!, $p: ID!) { changeApplicationPlan(id: $a, planID: $p) { id } }`,
		map[string]any{"a": w.appID, "p": plans.Free.ID}, nil)
	var dev struct{ CreateUser struct{ ID string } }
	w.in.MustGraphQL(t, w.in.Admin, `mutation($a: ID!) { createUser(input: {accountID: $a, username: "buyer", email: "buyer@acme.test"}) { id } }`,
		map[string]any{"a": w.accountID}, &dev)
	permission := func(mode string) {
		w.in.MustGraphQL(t, w.in.Admin, `mutation($p: ID!, $m: ProductPlanChangePermission!) { updateProduct(id: $p, input: {planChangePermission: $m}) { id } }`,
			map[string]any{"p": w.productID, "m": mode}, nil)
	}
	const change = `mutation($u: ID!, $a: ID!, $p: ID!) { requestApplicationPlanChange(userID: $u, applicationID: $a, planID: $p) {
		application { planID } request { id state toPlanID } } }`
	type outcome struct {
		RequestApplicationPlanChange struct {
			Application struct{ PlanID string }
			Request     *struct{ ID, State, ToPlanID string }
		}
	}
	request := func(planID string) outcome {
		var out outcome
		w.in.MustGraphQL(t, w.in.Admin, change, map[string]any{"u": dev.CreateUser.ID, "a": w.appID, "p": planID}, &out)
		return out
	}
	planOf := func() string {
		var out struct{ Node struct{ PlanID string } }
		w.in.MustGraphQL(t, w.in.Admin, `query($a: ID!) { node(id: $a) { ... on Application { planID } } }`, map[string]any{"a": w.appID}, &out)
		return out.Node.PlanID
	}

	permission("CREDIT_CARD")
	e := w.in.ExpectError(t, w.in.Admin, change, map[string]any{"u": dev.CreateUser.ID, "a": w.appID, "p": w.maxID}, "FORBIDDEN")
	if !strings.Contains(e.Message, "credit card") || !strings.Contains(e.Message, `"Max"`) {
		t.Errorf("paid plan without a card: %s", e.Message)
	}
	if got := planOf(); got != plans.Free.ID {
		t.Fatalf("a refused change moved the application to %s", got)
	}
	if out := request(plans.Starter.ID); out.RequestApplicationPlanChange.Application.PlanID != plans.Starter.ID || out.RequestApplicationPlanChange.Request != nil {
		t.Errorf("a free plan needs no card: %+v", out)
	}

	permission("REQUEST_CREDIT_CARD")
	out := request(w.maxID)
	if r := out.RequestApplicationPlanChange.Request; r == nil || r.State != "PENDING" || r.ToPlanID != w.maxID || planOf() != plans.Starter.ID {
		t.Fatalf("paid plan without a card, request mode: %+v", out)
	}
	w.in.MustGraphQL(t, w.in.Admin, `mutation($r: ID!) { dismissPlanChangeRequest(id: $r) { id } }`,
		map[string]any{"r": out.RequestApplicationPlanChange.Request.ID}, nil)

	w.saveCard(t, w.accountID, "pm_card_visa")
	for _, mode := range []string{"REQUEST_CREDIT_CARD", "CREDIT_CARD"} {
		permission(mode)
		to := w.proID
		if mode == "CREDIT_CARD" {
			to = w.maxID
		}
		if out := request(to); out.RequestApplicationPlanChange.Application.PlanID != to || out.RequestApplicationPlanChange.Request != nil {
			t.Errorf("%s with a card: %+v", mode, out)
		}
	}
	var preview struct {
		InvoicePreview struct{ Lines []struct{ Name, Cost string } }
	}
	// Postpaid: the month's fixed fees are billed on the 1st of the next.
	next := time.Now().UTC().AddDate(0, 1, 0)
	w.in.MustGraphQL(t, w.in.Admin, `query($a: ID!, $d: String!) { invoicePreview(accountID: $a, date: $d) { lines { name cost } } }`,
		map[string]any{"a": w.accountID, "d": time.Date(next.Year(), next.Month(), 1, 0, 0, 0, 0, time.UTC).Format(time.DateOnly)}, &preview)
	billed := false
	for _, l := range preview.InvoicePreview.Lines {
		billed = billed || strings.Contains(l.Name, "'Max'") && l.Cost != "0"
	}
	if !billed {
		t.Errorf("the time on Max is not billed: %+v", preview.InvoicePreview.Lines)
	}
}

// TestExpiringCardWarning: the daily run warns a buyer's admins once, 10
// days before the stored card stops working (the end of its expiry month),
// and again only for another card.
func TestExpiringCardWarning(t *testing.T) {
	w := setUpPayments(t)
	w.configure(t)
	sys := apptest.SystemContext()
	w.in.MustGraphQL(t, w.in.Admin, `mutation { updateBillingSettings(input: {chargingEnabled: true}) { id } }`, nil, nil)
	var dev struct{ CreateUser struct{ ID string } }
	w.in.MustGraphQL(t, w.in.Admin, `mutation($a: ID!) { createUser(input: {accountID: $a, username: "owner", email: "owner@acme.test", role: ADMIN}) { id } }`,
		map[string]any{"a": w.accountID}, &dev)
	w.in.MustGraphQL(t, w.in.Admin, `mutation($u: ID!) { activateUser(id: $u) { id } }`, map[string]any{"u": dev.CreateUser.ID}, nil)
	w.saveCard(t, w.accountID, "pm_card_visa")
	// The card expired at the end of last month: it stopped working on the
	// 1st of this one.
	first := time.Now().UTC().AddDate(0, 0, -time.Now().UTC().Day()+1).Truncate(24 * time.Hour)
	last := first.AddDate(0, -1, 0)
	prof := w.in.Client().PaymentProfile.Query().OnlyX(sys)
	prof.Update().SetExpMonth(int(last.Month())).SetExpYear(last.Year()).ExecX(sys)

	warnings := func() []*ent.EmailMessage {
		t.Helper()
		msgs, err := w.in.Client().EmailMessage.Query().Where(emailmessage.Subject("Your credit card expires soon")).All(sys)
		if err != nil {
			t.Fatal(err)
		}
		return msgs
	}
	run := func(day time.Time) {
		t.Helper()
		w.in.MustGraphQL(t, w.in.Admin, `mutation($d: String!, $a: ID!) { runBilling(date: $d, accountID: $a) { accounts } }`,
			map[string]any{"d": day.Format(time.DateOnly), "a": w.accountID}, nil)
	}
	run(first.AddDate(0, 0, -11))
	if n := len(warnings()); n != 0 {
		t.Fatalf("%d warnings 11 days before the card stops working", n)
	}
	run(first.AddDate(0, 0, -10))
	msgs := warnings()
	if len(msgs) != 1 || msgs[0].To != "owner@acme.test" || !strings.Contains(msgs[0].Body, "ending in 4242 expires at the end of "+last.Format("January 2006")) {
		t.Fatalf("warning 10 days before: %+v", msgs)
	}
	run(first.AddDate(0, 0, -5))
	run(first.AddDate(0, 0, -10))
	if n := len(warnings()); n != 1 {
		t.Fatalf("%d warnings for one card", n)
	}
	// A new card that has expired already is warned of once more.
	w.in.Client().PaymentProfile.UpdateOneID(prof.ID).SetExpYear(last.Year() - 1).ExecX(sys)
	run(first)
	if msgs := warnings(); len(msgs) != 2 || !strings.Contains(msgs[1].Body, "has expired") {
		t.Fatalf("warnings after a new card: %+v", msgs)
	}
	// The team heard of each warning once, in its feed.
	told, err := w.in.Client().Notification.Query().Where(notification.Kind("credit_card_expiring")).All(sys)
	if err != nil || len(told) != 2 || !strings.HasSuffix(told[1].Title, "has expired") {
		t.Fatalf("team notifications of expiring cards: %+v %v", told, err)
	}
}
