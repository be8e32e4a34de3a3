package compat

import (
	"encoding/xml"
	"net/http"
	"slices"
	"strings"

	"github.com/portico-apim/portico/ent"
	"github.com/portico-apim/portico/ent/invoice"
	"github.com/portico-apim/portico/ent/paymenttransaction"
	"github.com/portico-apim/portico/server/problem"
)

// paymentTransactionRep is §3.18's payment_transaction.
type paymentTransactionRep struct {
	ID              int             `json:"id" xml:"id"`
	CreatedAt       string          `json:"created_at" xml:"created_at"`
	UpdatedAt       string          `json:"updated_at" xml:"updated_at"`
	InvoiceID       int             `json:"-" xml:"invoice_id"`
	AccountID       nullable        `json:"-" xml:"account_id"`
	Reference       string          `json:"reference" xml:"reference"`
	Success         bool            `json:"success" xml:"success"`
	Amount          money           `json:"amount" xml:"amount"`
	Currency        string          `json:"currency" xml:"currency"`
	Action          string          `json:"action" xml:"action"`
	Message         string          `json:"message" xml:"message"`
	GatewayResponse gatewayResponse `json:"-" xml:"gateway_response"`
	Test            bool            `json:"test" xml:"test"`
	Links           []link          `json:"links" xml:"-"`
}

// gatewayResponse writes the processor's answer as one element per field,
// in name order.
type gatewayResponse map[string]string

func (g gatewayResponse) MarshalXML(e *xml.Encoder, start xml.StartElement) error {
	if err := e.EncodeToken(start); err != nil {
		return err
	}
	for _, k := range slices.Sorted(func(yield func(string) bool) {
		for k := range g {
			if !yield(k) {
				return
			}
		}
	}) {
		if err := e.EncodeElement(g[k], xml.StartElement{Name: xml.Name{Local: k}}); err != nil {
			return err
		}
	}
	return e.EncodeToken(start.End())
}

func (c *Call) paymentTransactionOf(t *ent.PaymentTransaction) paymentTransactionRep {
	return paymentTransactionRep{ID: t.ID, CreatedAt: c.stamp(t.CreatedAt), UpdatedAt: c.stamp(t.UpdatedAt),
		InvoiceID: t.InvoiceID, AccountID: optionalInt(t.AccountID), Reference: t.Reference, Success: t.Success,
		Amount: money(t.Amount.Round(2)), Currency: t.Currency, Action: t.Action, Message: t.Message,
		GatewayResponse: t.GatewayResponse, Test: t.Test,
		Links: []link{c.link("invoice", "/api/invoices/"+itoa(t.InvoiceID))}}
}

// PaymentTransactions lists the attempts to charge an invoice, oldest first.
// GET /api/invoices/{invoice_id}/payment_transactions
func (a *API) PaymentTransactions(c *Call) error {
	inv, err := a.invoice(c, "invoice_id")
	if err != nil {
		return err
	}
	ts, err := a.client.PaymentTransaction.Query().Where(paymenttransaction.InvoiceID(inv.ID)).
		Order(ent.Asc(paymenttransaction.FieldID)).All(c.Context())
	if err != nil {
		return err
	}
	reps := make([]paymentTransactionRep, len(ts))
	for i, t := range ts {
		reps[i] = c.paymentTransactionOf(t)
	}
	return RespondList(c, "payment_transactions", "payment_transaction", reps, nil)
}

// ChargeInvoice charges a pending, unpaid or failed invoice now, leaving its
// retry count alone: 201 with the paid invoice, 422 when the state does not
// allow it or the charge fails.
// POST /api/invoices/{id}/charge
func (a *API) ChargeInvoice(c *Call) error {
	inv, err := a.invoice(c, "id")
	if err != nil {
		return err
	}
	if inv.State != invoice.StatePENDING && inv.State != invoice.StateUNPAID && inv.State != invoice.StateFAILED {
		return &problem.Error{Kind: problem.KindInvalid, Message: "Invoice is not in chargeable state"}
	}
	res, err := a.billing.Charge(c.Context(), inv.ID)
	if err != nil {
		return err
	}
	if !res.Transaction.Success {
		msg := "Charging failed"
		if m := strings.TrimSpace(res.Transaction.Message); m != "" {
			msg += ": " + m
		}
		return &problem.Error{Kind: problem.KindInvalid, Field: "charging_failed", Message: msg}
	}
	return a.respondInvoice(c, http.StatusCreated, res.Invoice)
}
