package billing

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/portico-apim/portico/ent"
	"github.com/portico-apim/portico/ent/invoice"
	"github.com/portico-apim/portico/ent/paymentprofile"
	"github.com/portico-apim/portico/ent/user"
	"github.com/portico-apim/portico/server/mail"
	"github.com/portico-apim/portico/server/notify"
	"github.com/portico-apim/portico/server/payments"
	"github.com/portico-apim/portico/server/store"
)

// PDFPath is where an invoice's PDF is downloaded, on the admin domain.
func PDFPath(id int) string { return fmt.Sprintf("/admin/invoices/%d.pdf", id) }

// notifyIssued queues an email to each active admin of the buyer saying the
// invoice was issued, with the link to its PDF, in the issuing transaction.
func (s *Service) notifyIssued(ctx context.Context, c *ent.Client, inv *ent.Invoice) error {
	if s.mail == nil || inv.AccountID == nil {
		return nil
	}
	tenant, _, err := zoneOf(ctx, c)
	if err != nil {
		return err
	}
	charged, err := s.chargedAutomatically(ctx, c, *inv.AccountID)
	if err != nil {
		return err
	}
	return s.tellBuyer(ctx, c, inv, emailInvoiceIssued, InvoiceEmail{
		OrgName: tenant.OrgName, InvoiceID: inv.FriendlyID, Period: inv.Period, Amount: inv.Cost.StringFixed(2),
		Currency: inv.Currency, DueOn: inv.DueOn.Format("2006-01-02"), ChargedAutomatically: charged && inv.Cost.IsPositive(),
		PDFURL: "https://" + tenant.AdminDomain + PDFPath(inv.ID),
	}, false)
}

// chargedAutomatically reports whether the run charges the account's
// invoices: charging on for the tenant and the account, and a card on file.
func (s *Service) chargedAutomatically(ctx context.Context, c *ent.Client, accountID int) (bool, error) {
	if s.gateways == nil {
		return false, nil
	}
	st, err := settingsOf(ctx, c)
	if err != nil || !st.ChargingEnabled {
		return false, err
	}
	acc, err := c.Account.Get(ctx, accountID)
	if err != nil || !acc.MonthlyChargingEnabled {
		return false, err
	}
	return c.PaymentProfile.Query().Where(paymentprofile.AccountID(accountID), payments.CardStored()).Exist(ctx)
}

// tellBuyer queues the email template names, rendered with data, about an
// invoice to each active admin of its buyer and, with finance, to the
// tenant's finance support address.
func (s *Service) tellBuyer(ctx context.Context, c *ent.Client, inv *ent.Invoice, name string, data any, finance bool) error {
	if inv.AccountID == nil {
		return nil
	}
	if err := s.tellAccount(ctx, c, inv.TenantID, *inv.AccountID, name, data, finance); err != nil {
		return fmt.Errorf("invoice %d email: %w", inv.ID, err)
	}
	return nil
}

// tellAccount queues the email template names, rendered with data, to each
// active admin of a buyer account and, with finance, to the tenant's
// finance support address.
func (s *Service) tellAccount(ctx context.Context, c *ent.Client, tenantID, accountID int, name string, data any, finance bool) error {
	if s.mail == nil {
		return nil
	}
	admins, err := c.User.Query().Where(user.AccountID(accountID), user.RoleEQ(user.RoleADMIN),
		user.StateEQ(user.StateACTIVE)).Order(ent.Asc(user.FieldID)).All(ctx)
	if err != nil {
		return err
	}
	to := make([]string, 0, len(admins)+1)
	for _, u := range admins {
		to = append(to, u.Email)
	}
	if finance {
		st, err := settingsOf(ctx, c)
		if err != nil {
			return err
		}
		if st.FinanceSupportEmail != "" {
			to = append(to, st.FinanceSupportEmail)
		}
	}
	if len(to) == 0 {
		return nil
	}
	subject, body, err := s.mail.Render(ctx, c, tenantID, name, data)
	if err != nil {
		return err
	}
	for _, addr := range to {
		if _, err := s.mail.Enqueue(ctx, mail.Message{TenantID: tenantID, To: addr, Subject: subject, Body: body}); err != nil {
			return err
		}
	}
	return nil
}

// cardWarningDays is how long before its card stops working a buyer is
// warned (§6.10).
const cardWarningDays = 10

// warnExpiringCards emails the admins of each of the accounts whose stored
// card stops working within cardWarningDays of today (a card works through
// the last day of its expiry month), once per card: one query finds them
// among the accounts of a batch, and each warning is sent and marked in a
// transaction of its own.
func (s *Service) warnExpiringCards(ctx context.Context, st *ent.BillingSettings, accountIDs []int, today time.Time) error {
	if s.gateways == nil || !st.ChargingEnabled {
		return nil
	}
	profs, err := store.Reader(ctx, s.client).PaymentProfile.Query().Where(paymentprofile.AccountIDIn(accountIDs...), payments.CardStored(),
		paymentprofile.ExpMonthNotNil(), paymentprofile.ExpYearNotNil()).All(ctx)
	if err != nil {
		return fmt.Errorf("expiring cards: %w", err)
	}
	for _, p := range profs {
		if !expiringUnwarned(p, today) {
			continue
		}
		if err := s.tx(ctx, func(ctx context.Context, c *ent.Client) error { return s.warnExpiringCard(ctx, c, p.ID, today) }); err != nil {
			return fmt.Errorf("card of account %d: %w", p.AccountID, err)
		}
	}
	return nil
}

// expiringUnwarned says whether a card stops working within cardWarningDays
// of today and its buyer was not warned of this expiry yet.
func expiringUnwarned(p *ent.PaymentProfile, today time.Time) bool {
	if p.ExpMonth == nil || p.ExpYear == nil || p.PaymentMethodRef == "" {
		return false
	}
	return p.ExpiryNotice != cardExpiry(p) && !today.Before(cardEnd(p, today.Location()).AddDate(0, 0, -cardWarningDays))
}

func cardExpiry(p *ent.PaymentProfile) string {
	return fmt.Sprintf("%04d-%02d", *p.ExpYear, *p.ExpMonth)
}

// cardEnd is the first instant a card no longer works.
func cardEnd(p *ent.PaymentProfile, loc *time.Location) time.Time {
	return time.Date(*p.ExpYear, time.Month(*p.ExpMonth)+1, 1, 0, 0, 0, 0, loc)
}

// warnExpiringCard sends one warning, after checking under lock that it is
// still due (the card may have changed, or another run warned meanwhile).
func (s *Service) warnExpiringCard(ctx context.Context, c *ent.Client, profileID int, today time.Time) error {
	q := c.PaymentProfile.Query().Where(paymentprofile.ID(profileID))
	if s.lockRows {
		q.ForUpdate()
	}
	prof, err := q.Only(ctx)
	if err != nil || !expiringUnwarned(prof, today) {
		return err
	}
	tenant, _, err := zoneOf(ctx, c)
	if err != nil {
		return err
	}
	end := cardEnd(prof, today.Location())
	data := CardEmail{OrgName: tenant.OrgName, ExpiryMonth: end.AddDate(0, 0, -1).Format("January 2006"), Expired: !today.Before(end)}
	if prof.Brand != nil && prof.Last4 != nil {
		data.Brand, data.Last4 = *prof.Brand, *prof.Last4
	}
	if err := s.tellAccount(ctx, c, prof.TenantID, prof.AccountID, emailCardExpiring, data, false); err != nil {
		return err
	}
	if err := s.tellTeam(ctx, c, prof.TenantID, notify.Item{Kind: notify.CreditCardExpiring,
		Title: fmt.Sprintf("The card of %s %s", accountName(ctx, c, prof.AccountID), expiry(data)),
		Body:  "Its admins were asked to enter a new card.", Link: fmt.Sprintf("/audience/accounts/%d", prof.AccountID)}); err != nil {
		return err
	}
	return prof.Update().SetExpiryNotice(cardExpiry(prof)).Exec(ctx)
}

// notifyCharged tells the buyer how a charge of an invoice went (§6.10):
// paid; failed with the next attempt's date; failed for the last time. The
// failures also go to the tenant's finance support address. A declined
// charge an admin made by hand tells no one: the admin sees it.
func (s *Service) notifyCharged(ctx context.Context, c *ent.Client, inv *ent.Invoice, tr *ent.PaymentTransaction, automatic bool) error {
	tenant, _, err := zoneOf(ctx, c)
	if err != nil {
		return err
	}
	data := PaymentEmail{OrgName: tenant.OrgName, InvoiceID: inv.FriendlyID, Amount: tr.Amount.StringFixed(2),
		Currency: tr.Currency, Reason: tr.Message}
	switch {
	case tr.Success:
		return s.tellBuyer(ctx, c, inv, emailInvoicePaid, data, false)
	case !automatic:
		return nil
	case inv.State == invoice.StateFAILED:
		if err := s.tellTeam(ctx, c, inv.TenantID, notify.Item{Kind: notify.PaymentFailedFinal,
			Title: fmt.Sprintf("The last charge of invoice %s (%s %s) failed: the invoice has failed", inv.FriendlyID, data.Amount, data.Currency),
			Body:  tr.Message, Link: fmt.Sprintf("/audience/billing/invoices/%d", inv.ID)}); err != nil {
			return err
		}
		return s.tellBuyer(ctx, c, inv, emailPaymentFailedFinal, data, true)
	default:
		data.NextAttempt = inv.LastChargingRetry.AddDate(0, 0, retryAfterDays).Format("2006-01-02")
		if err := s.tellTeam(ctx, c, inv.TenantID, notify.Item{Kind: notify.PaymentFailed,
			Title: fmt.Sprintf("The charge of invoice %s (%s %s) failed; it is retried on %s", inv.FriendlyID, data.Amount, data.Currency, data.NextAttempt),
			Body:  tr.Message, Link: fmt.Sprintf("/audience/billing/invoices/%d", inv.ID)}); err != nil {
			return err
		}
		return s.tellBuyer(ctx, c, inv, emailPaymentFailed, data, true)
	}
}

// notifyAwaitingReview tells the team (its finance area) of the finalized
// invoices waiting for review (the run does it on the 1st).
func (s *Service) notifyAwaitingReview(ctx context.Context, c *ent.Client) error {
	invs, err := c.Invoice.Query().Where(invoice.StateEQ(invoice.StateFINALIZED)).Order(ent.Asc(invoice.FieldID)).All(ctx)
	if err != nil || len(invs) == 0 {
		return err
	}
	tenant, _, err := zoneOf(ctx, c)
	if err != nil {
		return err
	}
	data := ReviewEmail{OrgName: tenant.OrgName}
	for _, inv := range invs {
		data.Invoices = append(data.Invoices, ReviewedInvoice{InvoiceID: inv.FriendlyID, Amount: inv.Cost.StringFixed(2), Currency: inv.Currency})
	}
	title := fmt.Sprintf("%d invoices are finalized and wait for review", len(invs))
	if len(invs) == 1 {
		title = "1 invoice is finalized and waits for review"
	}
	var list strings.Builder
	for _, inv := range data.Invoices {
		fmt.Fprintf(&list, "%s  %s %s\n", inv.InvoiceID, inv.Amount, inv.Currency)
	}
	return s.tellTeam(ctx, c, tenant.ID, notify.Item{Kind: notify.InvoicesToReview, Title: title,
		Body: "They are issued to their buyers once reviewed:\n\n" + list.String(), Link: "/audience/billing/invoices?state=FINALIZED",
		Email: emailInvoicesUnderReview, Data: data})
}

// tellTeam publishes a notification to the tenant's team, through c.
func (s *Service) tellTeam(ctx context.Context, c *ent.Client, tenantID int, it notify.Item) error {
	if s.notify == nil {
		return nil
	}
	return s.notify.Publish(ctx, c, tenantID, it)
}

// accountName is an account's organization name, for notifications.
func accountName(ctx context.Context, c *ent.Client, id int) string {
	if a, err := c.Account.Get(ctx, id); err == nil {
		return a.OrgName
	}
	return fmt.Sprintf("account %d", id)
}

// expiry says when a card stops working, for the team's notification.
func expiry(d CardEmail) string {
	if d.Expired {
		return "has expired"
	}
	return "expires at the end of " + d.ExpiryMonth
}
