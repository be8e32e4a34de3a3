package billing

import (
	"context"
	"fmt"
	"strings"

	"github.com/portico-apim/portico/ent"
	"github.com/portico-apim/portico/ent/invoice"
	"github.com/portico-apim/portico/ent/user"
	"github.com/portico-apim/portico/server/mail"
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
	admins, err := c.User.Query().Where(user.AccountID(*inv.AccountID), user.RoleEQ(user.RoleADMIN),
		user.StateEQ(user.StateACTIVE)).Order(ent.Asc(user.FieldID)).All(ctx)
	if err != nil {
		return err
	}
	body := fmt.Sprintf("Invoice %s of %s for %s is issued: %s %s, due on %s.\n\nDownload it: https://%s%s\n",
		inv.FriendlyID, tenant.OrgName, inv.Period, inv.Cost.StringFixed(2), inv.Currency,
		inv.DueOn.Format("2006-01-02"), tenant.AdminDomain, PDFPath(inv.ID))
	for _, u := range admins {
		if _, err := s.mail.Enqueue(ctx, mail.Message{TenantID: inv.TenantID, To: u.Email,
			Subject: fmt.Sprintf("Invoice %s from %s", inv.FriendlyID, tenant.OrgName), Body: body}); err != nil {
			return fmt.Errorf("invoice %d email: %w", inv.ID, err)
		}
	}
	return nil
}

// NotifyAwaitingReview emails the tenant's admins the finalized invoices
// waiting for review (the run does it on the 1st).
func (s *Service) notifyAwaitingReview(ctx context.Context, c *ent.Client) error {
	if s.mail == nil {
		return nil
	}
	invs, err := c.Invoice.Query().Where(invoice.StateEQ(invoice.StateFINALIZED)).Order(ent.Asc(invoice.FieldID)).All(ctx)
	if err != nil || len(invs) == 0 {
		return err
	}
	tenant, _, err := zoneOf(ctx, c)
	if err != nil {
		return err
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%d invoices are finalized and wait for review before they are issued:\n\n", len(invs))
	for _, inv := range invs {
		fmt.Fprintf(&b, "%s  %s %s\n", inv.FriendlyID, inv.Cost.StringFixed(2), inv.Currency)
	}
	admins, err := c.User.Query().Where(user.AccountIDIsNil(), user.RoleEQ(user.RoleADMIN), user.StateEQ(user.StateACTIVE)).
		Order(ent.Asc(user.FieldID)).All(ctx)
	if err != nil {
		return err
	}
	for _, u := range admins {
		if _, err := s.mail.Enqueue(ctx, mail.Message{TenantID: tenant.ID, To: u.Email,
			Subject: "Invoices awaiting review", Body: b.String()}); err != nil {
			return err
		}
	}
	return nil
}
