package billing

import (
	"context"
	"strconv"
	"time"

	"github.com/portico-apim/portico/ent"
	"github.com/portico-apim/portico/ent/account"
	"github.com/portico-apim/portico/ent/invoice"
	"github.com/portico-apim/portico/ent/lineitem"
	"github.com/portico-apim/portico/server/export"
	"github.com/portico-apim/portico/server/store"
)

// InvoicesCSV exports the invoices the viewer may read whose billing
// month the span touches (all of them without a span), by month then as
// made, as 3scale's: one row per line item (an invoice without lines gets
// one row with the line columns empty), with the buyer as the invoice names
// it, live while it is open or finalized and frozen afterwards, as
// Addresses has it.
func (s *Service) InvoicesCSV(ctx context.Context, span export.Span) (*export.CSVFile, error) {
	c := store.Client(ctx, s.client)
	q := c.Invoice.Query()
	if span.Since != nil && span.Until != nil {
		// The span's times are in the tenant's zone, as invoice months are.
		loc := span.Since.Location()
		q.Where(invoice.PeriodGTE(Period(*span.Since, loc)), invoice.PeriodLTE(Period(span.Until.Add(-time.Nanosecond), loc)))
	}
	invs, err := q.Order(ent.Asc(invoice.FieldPeriod), ent.Asc(invoice.FieldID)).
		WithLineItems(func(q *ent.LineItemQuery) { q.Order(ent.Asc(lineitem.FieldID)) }).All(ctx)
	if err != nil {
		return nil, err
	}
	// The live buyers of open and finalized invoices, read in one query as
	// the system: a billing member reads the invoice's buyer, not accounts.
	var live []int
	for _, inv := range invs {
		if editable(inv.State) && inv.AccountID != nil {
			live = append(live, *inv.AccountID)
		}
	}
	buyers := map[int]map[string]string{}
	if len(live) > 0 {
		accs, err := s.client.Account.Query().Where(account.IDIn(live...)).All(system(ctx))
		if err != nil {
			return nil, err
		}
		for _, a := range accs {
			buyers[a.ID] = buyerAddress(a)
		}
	}
	f := export.NewCSVFile([]string{"id", "friendly_id", "state", "period", "issued_on", "due_on", "paid_at", "currency", "cost",
		"account_id", "buyer_name", "buyer_address1", "buyer_city", "buyer_state", "buyer_zip", "buyer_country",
		"line_id", "line_name", "line_description", "line_quantity", "line_kind", "line_cost"})
	for _, inv := range invs {
		buyer := orEmpty(inv.ToAddress)
		accountID := ""
		if inv.AccountID != nil {
			accountID = strconv.Itoa(*inv.AccountID)
			if editable(inv.State) {
				buyer = orEmpty(buyers[*inv.AccountID])
			}
		}
		head := []string{strconv.Itoa(inv.ID), inv.FriendlyID, string(inv.State), inv.Period, export.Stamp(inv.IssuedOn),
			export.Stamp(inv.DueOn), export.Stamp(inv.PaidAt), inv.Currency, inv.Cost.StringFixed(2), accountID,
			buyer["name"], buyer["address1"], buyer["city"], buyer["state"], buyer["zip"], buyer["country"]}
		if len(inv.Edges.LineItems) == 0 {
			f.Add(append(head, "", "", "", "", "", ""))
			continue
		}
		for _, l := range inv.Edges.LineItems {
			quantity := ""
			if l.Quantity != nil {
				quantity = l.Quantity.String()
			}
			f.Add(append(append([]string{}, head...), strconv.Itoa(l.ID), l.Name, l.Description, quantity, string(l.Kind), l.Cost.String()))
		}
	}
	return f, nil
}
