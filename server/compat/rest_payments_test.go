package compat_test

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/portico-apim/portico/ent"
	"github.com/portico-apim/portico/ent/accesstoken"
	"github.com/portico-apim/portico/ent/tenant"
	"github.com/portico-apim/portico/schema/viewer"
	"github.com/portico-apim/portico/server/apptest"
	"github.com/portico-apim/portico/server/payments/stripetest"
)

var stripeRefs = regexp.MustCompile(`\b(pi|ch)_[0-9A-Za-z]+`)

// TestPaymentsAPI charges invoices through the Billing API (§2.13) with
// Stripe's stripe-mock as the gateway and compares the payment
// transactions, in XML and JSON, with §3.18's representation: a paid
// charge answers 201 with the invoice, a decline 422 with the reason and a
// second transaction, a state that cannot be charged 422, and another
// tenant 404.
func TestPaymentsAPI(t *testing.T) {
	st := stripetest.Start(t)
	cfg := apptest.Config(t)
	cfg.StripeAPIURL = st.URL
	in := apptest.StartWith(t, cfg)
	ctx := apptest.SystemContext()
	tn, err := in.Client().Tenant.Query().Where(tenant.Master(false)).Only(ctx)
	if err != nil {
		t.Fatal(err)
	}
	a := &restAPI{in: in, tenant: tn}
	finance := newToken(t, in, tn.ID, accesstoken.PermissionRW, viewer.ScopeFinance)
	in.Client().BillingSettings.Create().SetTenantID(tn.ID).SetFinanceEnabled(true).SetCurrency("USD").SaveX(ctx)
	in.MustGraphQL(t, in.Admin, `mutation { configurePaymentGateway(input: {kind: STRIPE,
		publishableKey: "pk_test_51PorticoPublishable", secretKey: "sk_test_51PorticoSecretKey0042"}) { id } }`, nil, nil)

	card := func(org, pm string) *ent.Account {
		acc := in.Client().Account.Create().SetTenantID(tn.ID).SetOrgName(org).SaveX(ctx)
		var s struct{ StartCardSetup struct{ SetupRef string } }
		in.MustGraphQL(t, in.Admin, `mutation($a: ID!) { startCardSetup(accountID: $a) { setupRef } }`, map[string]any{"a": acc.ID}, &s)
		st.ConfirmSetup(t, "sk_test_51PorticoSecretKey0042", s.StartCardSetup.SetupRef, pm)
		in.MustGraphQL(t, in.Admin, `mutation($a: ID!) { confirmCardSetup(accountID: $a) { id } }`, map[string]any{"a": acc.ID}, nil)
		return acc
	}
	invoiceFor := func(acc *ent.Account, cost string, issue bool) int {
		var x struct {
			ID int `xml:"id"`
		}
		ans := a.call(t, "POST", "/api/invoices.xml", finance, "", url.Values{"account_id": {fmt.Sprint(acc.ID)}})
		decodeXML(t, ans, 201, &x)
		path := fmt.Sprintf("/api/invoices/%d", x.ID)
		if ans := a.call(t, "POST", path+"/line_items.json", finance, "", url.Values{"name": {"Support"}, "cost": {cost}}); ans.status != 201 {
			t.Fatalf("line item: %d %s", ans.status, ans.body)
		}
		if issue {
			if ans := a.call(t, "PUT", path+"/state.json", finance, "", url.Values{"state": {"pending"}}); ans.status != 200 {
				t.Fatalf("issue: %d %s", ans.status, ans.body)
			}
		}
		return x.ID
	}

	payer := card("Payer Inc", "pm_card_visa")
	// The account representation says a card is stored, as 3scale does.
	accounts := newToken(t, in, tn.ID, accesstoken.PermissionRO, viewer.ScopeAccountManagement)
	var acc struct {
		Account map[string]any `json:"account"`
	}
	if ans := a.call(t, "GET", fmt.Sprintf("/admin/api/accounts/%d.json", payer.ID), accounts, "", nil); ans.status != 200 || json.Unmarshal(ans.body, &acc) != nil {
		t.Fatalf("account: %d %s", ans.status, ans.body)
	}
	if got := acc.Account; got["credit_card_stored"] != true || got["credit_card_partial_number"] != "4242" ||
		!regexp.MustCompile(`^\d{4}-\d{2}-01$`).MatchString(fmt.Sprint(got["credit_card_expires_on"])) {
		t.Errorf("account with a card: %v", got)
	}
	var accXML struct {
		Stored  bool   `xml:"credit_card_stored"`
		Partial string `xml:"credit_card_partial_number"`
	}
	decodeXML(t, a.call(t, "GET", fmt.Sprintf("/admin/api/accounts/%d.xml", payer.ID), accounts, "", nil), 200, &accXML)
	if !accXML.Stored || accXML.Partial != "4242" {
		t.Errorf("account with a card in XML: %+v", accXML)
	}
	bare := in.Client().Account.Create().SetTenantID(tn.ID).SetOrgName("No Card Ltd").SaveX(ctx)
	if ans := a.call(t, "GET", fmt.Sprintf("/admin/api/accounts/%d.json", bare.ID), accounts, "", nil); ans.status != 200 ||
		!strings.Contains(string(ans.body), `"credit_card_stored":false`) || strings.Contains(string(ans.body), "credit_card_partial_number") {
		t.Errorf("account without a card: %d %s", ans.status, ans.body)
	}
	open := invoiceFor(payer, "10", false)
	if ans := a.call(t, "POST", fmt.Sprintf("/api/invoices/%d/charge.json", open), finance, "", nil); ans.status != 422 ||
		!strings.Contains(string(ans.body), "not in chargeable state") {
		t.Fatalf("charge an open invoice: %d %s", ans.status, ans.body)
	}
	paid := invoiceFor(payer, "42.5", true)
	var x struct {
		State string `xml:"state"`
		Count int    `xml:"payment_transactions_count"`
	}
	decodeXML(t, a.call(t, "POST", fmt.Sprintf("/api/invoices/%d/charge.xml", paid), finance, "", nil), 201, &x)
	if x.State != "paid" || x.Count != 1 {
		t.Fatalf("charged invoice is %s with %d payment transactions", x.State, x.Count)
	}
	if ans := a.call(t, "POST", fmt.Sprintf("/api/invoices/%d/charge.json", paid), finance, "", nil); ans.status != 422 {
		t.Fatalf("charge a paid invoice: %d %s", ans.status, ans.body)
	}

	decliner := card("Decliner LLC", "pm_card_chargeDeclined")
	declined := invoiceFor(decliner, "9.99", true)
	ans := a.call(t, "POST", fmt.Sprintf("/api/invoices/%d/charge.json", declined), finance, "", nil)
	if ans.status != 422 || !strings.Contains(string(ans.body), "Your card was declined.") {
		t.Fatalf("declined charge: %d %s", ans.status, ans.body)
	}
	var y struct {
		State string `xml:"state"`
	}
	decodeXML(t, a.call(t, "GET", fmt.Sprintf("/api/invoices/%d.xml", declined), finance, "", nil), 200, &y)
	if y.State != "pending" {
		t.Fatalf("a manual decline moved the invoice to %s", y.State)
	}

	labels := map[int]string{paid: "invoice", declined: "declined_invoice", payer.ID: "account", decliner.ID: "decliner"}
	for _, c := range []struct {
		name string
		id   int
	}{{"payment_transactions_paid", paid}, {"payment_transactions_declined", declined}} {
		for _, ext := range []string{".xml", ".json"} {
			ans := a.call(t, "GET", fmt.Sprintf("/api/invoices/%d/payment_transactions%s", c.id, ext), finance, "", nil)
			if ans.status != 200 {
				t.Fatalf("%s%s: %d %s", c.name, ext, ans.status, ans.body)
			}
			goldenDoc(t, c.name+ext, stripeRefs.ReplaceAll(ans.body, []byte("${1}_REF")), labels)
		}
	}

	// Another tenant's finance token reaches none of it.
	in.NewTenant(t, "payments-api-other.example.com")
	otherTenant, err := in.Client().Tenant.Query().Where(tenant.AdminDomain("payments-api-other.example.com")).Only(ctx)
	if err != nil {
		t.Fatal(err)
	}
	in.Client().BillingSettings.Create().SetTenantID(otherTenant.ID).SetFinanceEnabled(true).SaveX(ctx)
	foreign := newToken(t, in, otherTenant.ID, accesstoken.PermissionRW, viewer.ScopeFinance)
	for _, c := range []struct{ method, path string }{
		{"POST", fmt.Sprintf("/api/invoices/%d/charge.json", declined)},
		{"GET", fmt.Sprintf("/api/invoices/%d/payment_transactions.json", paid)},
	} {
		if ans := a.call(t, c.method, c.path, foreign, "payments-api-other.example.com", nil); ans.status != 404 {
			t.Errorf("another tenant: %s %s answered %d %s", c.method, c.path, ans.status, ans.body)
		}
	}
	// A read-only token cannot charge.
	readOnly := newToken(t, in, tn.ID, accesstoken.PermissionRO, viewer.ScopeFinance)
	if ans := a.call(t, "POST", fmt.Sprintf("/api/invoices/%d/charge.json", declined), readOnly, tn.AdminDomain, nil); ans.status != 403 {
		t.Errorf("read-only charge: %d %s", ans.status, ans.body)
	}
	if st.TotalCharges() != 1 {
		t.Errorf("Stripe charged %d times, want 1", st.TotalCharges())
	}
}

func decodeXML(t *testing.T, ans answer, status int, out any) {
	t.Helper()
	if ans.status != status {
		t.Fatalf("%d %s, want %d", ans.status, ans.body, status)
	}
	if err := xml.Unmarshal(ans.body, out); err != nil {
		t.Fatalf("%v in %s", err, ans.body)
	}
}
