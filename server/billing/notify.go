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
	body := fmt.Sprintf("Invoice %s of %s for %s is issued: %s %s, due on %s.\n",
		inv.FriendlyID, tenant.OrgName, inv.Period, inv.Cost.StringFixed(2), inv.Currency, inv.DueOn.Format("2006-01-02"))
	charged, err := s.chargedAutomatically(ctx, c, *inv.AccountID)
	if err != nil {
		return err
	}
	if charged && inv.Cost.IsPositive() {
		body += fmt.Sprintf("It will be charged to your card on file on %s.\n", inv.DueOn.Format("2006-01-02"))
	}
	body += fmt.Sprintf("\nDownload it: https://%s%s\n", tenant.AdminDomain, PDFPath(inv.ID))
	return s.tellBuyer(ctx, c, inv, fmt.Sprintf("Invoice %s from %s", inv.FriendlyID, tenant.OrgName), body, false)
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

// tellBuyer queues an email about an invoice to each active admin of its
// buyer and, with finance, to the tenant's finance support address.
func (s *Service) tellBuyer(ctx context.Context, c *ent.Client, inv *ent.Invoice, subject, body string, finance bool) error {
	if inv.AccountID == nil {
		return nil
	}
	if err := s.tellAccount(ctx, c, inv.TenantID, *inv.AccountID, subject, body, finance); err != nil {
		return fmt.Errorf("invoice %d email: %w", inv.ID, err)
	}
	return nil
}

// tellAccount queues an email to each active admin of a buyer account and,
// with finance, to the tenant's finance support address.
func (s *Service) tellAccount(ctx context.Context, c *ent.Client, tenantID, accountID int, subject, body string, finance bool) error {
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
	card := "Your card"
	if prof.Brand != nil && prof.Last4 != nil {
		card = fmt.Sprintf("Your %s card ending in %s", *prof.Brand, *prof.Last4)
	}
	end := cardEnd(prof, today.Location())
	when := "expires at the end of " + end.AddDate(0, 0, -1).Format("January 2006")
	if !today.Before(end) {
		when = "has expired"
	}
	if err := s.tellAccount(ctx, c, prof.TenantID, prof.AccountID, "Your credit card expires soon",
		fmt.Sprintf("%s %s. %s charges your invoices to it: please enter a new card before then, so that your next invoice can be paid.\n",
			card, when, tenant.OrgName), false); err != nil {
		return err
	}
	if err := s.tellTeam(ctx, c, prof.TenantID, notify.Item{Kind: notify.CreditCardExpiring,
		Title: fmt.Sprintf("The card of %s %s", accountName(ctx, c, prof.AccountID), when),
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
	amount := tr.Amount.StringFixed(2) + " " + tr.Currency
	switch {
	case tr.Success:
		return s.tellBuyer(ctx, c, inv, fmt.Sprintf("Payment received for invoice %s", inv.FriendlyID),
			fmt.Sprintf("%s charged %s to your card for invoice %s. Thank you.\n", tenant.OrgName, amount, inv.FriendlyID), false)
	case !automatic:
		return nil
	case inv.State == invoice.StateFAILED:
		if err := s.tellTeam(ctx, c, inv.TenantID, notify.Item{Kind: notify.PaymentFailedFinal,
			Title: fmt.Sprintf("The last charge of invoice %s (%s) failed: the invoice has failed", inv.FriendlyID, amount),
			Body:  tr.Message, Link: fmt.Sprintf("/audience/billing/invoices/%d", inv.ID)}); err != nil {
			return err
		}
		return s.tellBuyer(ctx, c, inv, fmt.Sprintf("Payment for invoice %s failed", inv.FriendlyID),
			fmt.Sprintf("%s could not charge %s to your card for invoice %s: %s\n\nThis was the last attempt: the invoice is now failed. Please contact %s to settle it.\n",
				tenant.OrgName, amount, inv.FriendlyID, tr.Message, tenant.OrgName), true)
	default:
		next := inv.LastChargingRetry.AddDate(0, 0, retryAfterDays).Format("2006-01-02")
		if err := s.tellTeam(ctx, c, inv.TenantID, notify.Item{Kind: notify.PaymentFailed,
			Title: fmt.Sprintf("The charge of invoice %s (%s) failed; it is retried on %s", inv.FriendlyID, amount, next),
			Body:  tr.Message, Link: fmt.Sprintf("/audience/billing/invoices/%d", inv.ID)}); err != nil {
			return err
		}
		return s.tellBuyer(ctx, c, inv, fmt.Sprintf("Payment for invoice %s failed", inv.FriendlyID),
			fmt.Sprintf("%s could not charge %s to your card for invoice %s: %s\n\nIt will try again on %s. You can update your card before then.\n",
				tenant.OrgName, amount, inv.FriendlyID, tr.Message, next), true)
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
	var b strings.Builder
	fmt.Fprintf(&b, "They are issued to their buyers once reviewed:\n\n")
	for _, inv := range invs {
		fmt.Fprintf(&b, "%s  %s %s\n", inv.FriendlyID, inv.Cost.StringFixed(2), inv.Currency)
	}
	title := fmt.Sprintf("%d invoices are finalized and wait for review", len(invs))
	if len(invs) == 1 {
		title = "1 invoice is finalized and waits for review"
	}
	return s.tellTeam(ctx, c, tenant.ID, notify.Item{Kind: notify.InvoicesToReview, Title: title, Body: b.String(),
		Link: "/audience/billing/invoices?state=FINALIZED"})
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
