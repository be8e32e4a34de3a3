package crashtest

import (
	"bytes"
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/portico-apim/portico/server/payments/stripetest"
)

const (
	stripePublishable = "pk_test_51CrashPublishable"
	stripeSecret      = "sk_test_51CrashSecretKey0042"
)

// TestKillDuringCharge kills the server (SIGKILL) while Stripe (stripe-mock
// behind the test-mode overlay) has charged an invoice and the answer has
// not reached the server yet, then charges the invoice again after the
// restart: the attempt left pending is resumed under the same idempotency
// key, so Stripe charges the invoice once, and the invoice is paid with one
// successful payment transaction.
func TestKillDuringCharge(t *testing.T) {
	for _, st := range storages[:2] {
		t.Run(st.name, func(t *testing.T) {
			stripe := stripetest.Start(t)
			cfg := st.config(t)
			cfg.Env = append(cfg.Env, "PORTICO_STRIPE_API_URL="+stripe.URL)
			s := startServer(t, "portico", cfg)
			admin := s.login(t)
			s.graphQL(t, admin, `mutation($p: String!, $s: String!) {
				configurePaymentGateway(input: {kind: STRIPE, publishableKey: $p, secretKey: $s}) { id }
				updateBillingSettings(input: {financeEnabled: true, currency: "EUR"}) { id } }`,
				map[string]any{"p": stripePublishable, "s": stripeSecret}, nil)
			var acc struct{ CreateAccount struct{ ID string } }
			s.graphQL(t, admin, `mutation { createAccount(input: {orgName: "Card Holder"}) { id } }`, nil, &acc)
			account := acc.CreateAccount.ID
			var setup struct{ StartCardSetup struct{ SetupRef string } }
			s.graphQL(t, admin, `mutation($a: ID!) { startCardSetup(accountID: $a) { setupRef } }`, map[string]any{"a": account}, &setup)
			stripe.ConfirmSetup(t, stripeSecret, setup.StartCardSetup.SetupRef, "pm_card_visa")
			s.graphQL(t, admin, `mutation($a: ID!) { confirmCardSetup(accountID: $a) { id } }`, map[string]any{"a": account}, nil)
			var inv struct{ CreateInvoice struct{ ID string } }
			s.graphQL(t, admin, `mutation($a: ID!) { createInvoice(accountID: $a) { id } }`, map[string]any{"a": account}, &inv)
			id := inv.CreateInvoice.ID
			s.graphQL(t, admin, `mutation($i: ID!) { addLineItem(invoiceID: $i, input: {name: "Support", cost: "49.9"}) { id }
				issueInvoice(id: $i) { id } }`, map[string]any{"i": id}, nil)

			// Charge, and kill the server once Stripe has charged.
			held := stripe.HoldChargeAnswers(true)
			go func() {
				body, _ := json.Marshal(map[string]any{"query": `mutation($i: ID!) { chargeInvoice(id: $i) { invoice { state } } }`,
					"variables": map[string]any{"i": id}})
				req, _ := http.NewRequest(http.MethodPost, s.URL+"/graphql", bytes.NewReader(body))
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("Authorization", "Bearer "+admin)
				if res, err := http.DefaultClient.Do(req); err == nil {
					res.Body.Close()
				}
			}()
			var key string
			select {
			case key = <-held:
			case <-time.After(60 * time.Second):
				t.Fatal("Stripe was not asked to charge within 60s")
			}
			s.kill()
			stripe.HoldChargeAnswers(false)
			if n := stripe.Charges(key); n != 1 {
				t.Fatalf("Stripe charged %d times under %s before the kill", n, key)
			}

			s = s.restart(t)
			admin = s.login(t)
			type invoiceState struct {
				Node struct {
					State               string
					PaymentTransactions []struct {
						State   string
						Success bool
						Amount  string
					}
				}
			}
			var before invoiceState
			const read = `query($i: ID!) { node(id: $i) { ... on Invoice { state paymentTransactions { state success amount } } } }`
			s.graphQL(t, admin, read, map[string]any{"i": id}, &before)
			if n := before.Node; n.State != "PENDING" || len(n.PaymentTransactions) != 1 || n.PaymentTransactions[0].State != "PENDING" {
				t.Fatalf("after the kill: %+v, want a pending invoice with its attempt pending", n)
			}
			s.graphQL(t, admin, `mutation($i: ID!) { chargeInvoice(id: $i) { invoice { state } } }`, map[string]any{"i": id}, nil)
			var after invoiceState
			s.graphQL(t, admin, read, map[string]any{"i": id}, &after)
			if n := after.Node; n.State != "PAID" || len(n.PaymentTransactions) != 1 || !n.PaymentTransactions[0].Success ||
				n.PaymentTransactions[0].Amount != "49.9" {
				t.Errorf("after the second charge: %+v, want paid with one successful transaction of 49.9", n)
			}
			if n := stripe.TotalCharges(); n != 1 {
				t.Errorf("Stripe charged the invoice %d times", n)
			}
		})
	}
}
