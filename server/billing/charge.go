package billing

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/portico-apim/portico/ent"
	"github.com/portico-apim/portico/ent/invoice"
	"github.com/portico-apim/portico/ent/paymentprofile"
	"github.com/portico-apim/portico/ent/paymenttransaction"
	"github.com/portico-apim/portico/server/payments"
	"github.com/portico-apim/portico/server/problem"
	"github.com/portico-apim/portico/server/store"
)

// Gateways gives the billing engine the tenant's payment gateway.
type Gateways interface {
	Gateway(ctx context.Context, c *ent.Client) (payments.Gateway, *ent.PaymentGateway, error)
}

// maxChargingAttempts is how many automatic attempts fail before an invoice
// is FAILED (§6.9: at the due date, 3 days and 6 days later).
const maxChargingAttempts = 3

// retryAfterDays is the wait between automatic attempts.
const retryAfterDays = 3

// ChargeResult is an invoice after a charge, and the attempt.
type ChargeResult struct {
	Invoice     *ent.Invoice
	Transaction *ent.PaymentTransaction
}

// chargeable are the states an invoice can be charged in by hand.
var chargeable = []invoice.State{invoice.StatePENDING, invoice.StateUNPAID, invoice.StateFAILED}

// Charge charges an invoice now with its account's card (an admin's charge:
// a decline leaves the invoice's state and retry count as they are).
func (s *Service) Charge(ctx context.Context, id int) (*ChargeResult, error) {
	res, err := s.charge(ctx, id, false, s.now())
	if err != nil || res.Transaction == nil {
		return res, err
	}
	// Read the outcome again outside the transactions that wrote it, so that
	// callers can follow its edges.
	c := store.Reader(ctx, s.client)
	if res.Invoice, err = c.Invoice.Get(ctx, id); err != nil {
		return nil, err
	}
	if res.Transaction, err = c.PaymentTransaction.Get(ctx, res.Transaction.ID); err != nil {
		return nil, err
	}
	return res, nil
}

// charge makes one attempt. The attempt is recorded PENDING, under the
// idempotency key the processor receives, before the processor is called,
// and settled after; an attempt left PENDING (the process stopped, the
// processor did not answer) is resumed with the same key by the next
// charge, so the processor charges the invoice at most once.
func (s *Service) charge(ctx context.Context, id int, automatic bool, now time.Time) (*ChargeResult, error) {
	if s.gateways == nil {
		return nil, problem.Forbidden("no payment gateway is configured: set one in the billing settings")
	}
	var (
		gw  payments.Gateway
		ch  payments.Charge
		att *ent.PaymentTransaction
		res = &ChargeResult{}
	)
	err := s.tx(ctx, func(ctx context.Context, c *ent.Client) error {
		q := c.Invoice.Query().Where(invoice.ID(id))
		if s.lockRows {
			q.ForUpdate()
		}
		inv, err := q.Only(ctx)
		if err != nil {
			return problem.NotFoundIf(err, "invoice %d not found", id)
		}
		ok := false
		for _, st := range chargeable {
			ok = ok || inv.State == st
		}
		if !ok {
			return problem.Invalid("state", "invoice %s is %s: only pending, unpaid or failed invoices are charged", inv.FriendlyID, strings.ToLower(string(inv.State)))
		}
		if !inv.Cost.IsPositive() {
			if automatic {
				// §6.9: an invoice that costs nothing is cancelled, not charged.
				res.Invoice, err = inv.Update().SetState(invoice.StateCANCELLED).Save(ctx)
				return err
			}
			return problem.Invalid("cost", "invoice %s costs %s %s: there is nothing to charge", inv.FriendlyID, inv.Cost.StringFixed(2), inv.Currency)
		}
		if inv.AccountID == nil {
			return problem.Invalid("account_id", "invoice %s has no account any more", inv.FriendlyID)
		}
		var pg *ent.PaymentGateway
		if gw, pg, err = s.gateways.Gateway(ctx, c); err != nil {
			return err
		}
		prof, err := c.PaymentProfile.Query().Where(paymentprofile.AccountID(*inv.AccountID)).Only(ctx)
		if err != nil || prof.PaymentMethodRef == "" {
			if automatic {
				// A buyer without a card fails the attempt, as a decline does.
				res.Invoice, err = failedAttempt(inv.Update(), inv, now).Save(ctx)
				return err
			}
			return problem.Invalid("account_id", "the account of invoice %s has no card on file", inv.FriendlyID)
		}
		att, err = c.PaymentTransaction.Query().Where(paymenttransaction.InvoiceID(id),
			paymenttransaction.StateEQ(paymenttransaction.StatePENDING)).First(ctx)
		if ent.IsNotFound(err) {
			n, err := c.PaymentTransaction.Query().Where(paymenttransaction.InvoiceID(id)).Count(ctx)
			if err != nil {
				return err
			}
			key := "portico-" + strconv.Itoa(inv.TenantID) + "-invoice-" + strconv.Itoa(id) + "-attempt-" + strconv.Itoa(n+1)
			att, err = c.PaymentTransaction.Create().SetInvoiceID(id).SetAccountID(*inv.AccountID).
				SetAmount(inv.Cost).SetCurrency(inv.Currency).SetTest(pg.TestMode).SetAutomatic(automatic).
				SetIdempotencyKey(key).Save(ctx)
			if err != nil {
				return err
			}
		} else if err != nil {
			return err
		}
		ch = payments.Charge{CustomerRef: prof.CustomerRef, PaymentMethodRef: prof.PaymentMethodRef,
			Amount: att.Amount, Currency: att.Currency, IdempotencyKey: att.IdempotencyKey,
			Description: "Invoice " + inv.FriendlyID,
			Metadata:    map[string]string{"portico_invoice_id": strconv.Itoa(id), "invoice": inv.FriendlyID}}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if att == nil {
		return res, nil // settled without calling the processor
	}
	out, cerr := gw.Charge(ctx, ch)
	err = s.tx(ctx, func(ctx context.Context, c *ent.Client) error {
		inv, err := c.Invoice.Get(ctx, id)
		if err != nil {
			return err
		}
		if cerr != nil {
			// The outcome is unknown: the attempt stays PENDING for the
			// next charge to resume under the same key.
			s.logger.Warn("payment gateway did not answer", "invoice", id, "err", cerr)
			res.Invoice = inv
			res.Transaction, err = c.PaymentTransaction.UpdateOneID(att.ID).SetMessage("The payment gateway did not answer; the next attempt resumes this one").Save(ctx)
			return err
		}
		state := paymenttransaction.StateFAILED
		if out.Success {
			state = paymenttransaction.StateSUCCEEDED
		}
		if res.Transaction, err = c.PaymentTransaction.UpdateOneID(att.ID).SetState(state).SetSuccess(out.Success).
			SetReference(out.Reference).SetMessage(truncate(out.Message, 1024)).SetGatewayResponse(out.Response).Save(ctx); err != nil {
			return err
		}
		u := c.Invoice.UpdateOneID(id)
		switch {
		case out.Success:
			u.SetState(invoice.StatePAID).SetPaidAt(now)
		case automatic || att.Automatic:
			failedAttempt(u, inv, now)
		default:
			res.Invoice = inv
			return nil
		}
		if res.Invoice, err = u.Save(ctx); err != nil {
			return err
		}
		return s.notifyCharged(ctx, c, res.Invoice, res.Transaction, automatic || att.Automatic)
	})
	if err != nil {
		return nil, fmt.Errorf("record the charge of invoice %d: %w", id, err)
	}
	return res, nil
}

// failedAttempt counts a failed automatic attempt on u: UNPAID until the
// third, then FAILED.
func failedAttempt(u *ent.InvoiceUpdateOne, inv *ent.Invoice, now time.Time) *ent.InvoiceUpdateOne {
	tries := inv.ChargingRetriesCount + 1
	u.SetChargingRetriesCount(tries).SetLastChargingRetry(now)
	if tries >= maxChargingAttempts {
		return u.SetState(invoice.StateFAILED)
	}
	return u.SetState(invoice.StateUNPAID)
}

// chargeDue makes the run's automatic attempts for an account (§6.9):
// pending or unpaid invoices due by today whose last attempt is at least 3
// days old, when the tenant and the account have charging on.
func (s *Service) chargeDue(ctx context.Context, st *ent.BillingSettings, accountID int, today time.Time) (int, error) {
	if s.gateways == nil || !st.ChargingEnabled {
		return 0, nil
	}
	var ids []int
	err := s.tx(ctx, func(ctx context.Context, c *ent.Client) error {
		acc, err := c.Account.Get(ctx, accountID)
		if err != nil || !acc.MonthlyChargingEnabled {
			return nil
		}
		ids, err = c.Invoice.Query().Where(invoice.AccountID(accountID),
			invoice.StateIn(invoice.StatePENDING, invoice.StateUNPAID), invoice.DueOnLTE(today),
			invoice.Or(invoice.LastChargingRetryIsNil(), invoice.LastChargingRetryLTE(today.AddDate(0, 0, -retryAfterDays)))).
			Order(ent.Asc(invoice.FieldID)).IDs(ctx)
		return err
	})
	if err != nil {
		return 0, err
	}
	n := 0
	for _, id := range ids {
		if _, err := s.charge(ctx, id, true, today); err != nil {
			return n, fmt.Errorf("charge invoice %d: %w", id, err)
		}
		n++
	}
	return n, nil
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}
