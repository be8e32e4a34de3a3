package billing

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/portico-apim/portico/ent"
	"github.com/portico-apim/portico/ent/invoice"
	"github.com/portico-apim/portico/ent/invoicecounter"
	"github.com/portico-apim/portico/ent/lineitem"
	"github.com/portico-apim/portico/schema"
	"github.com/portico-apim/portico/server/billing/pdf"
	"github.com/portico-apim/portico/server/problem"
)

// markPaid moves a contract's paid-until (fixed fees) and variable
// paid-until, clearing its setup fee when billed.
func markPaid(ctx context.Context, c *ent.Client, k contract, paidUntil, varPaid *time.Time, clearSetup bool) error {
	var err error
	switch k.kind {
	case lineitem.ContractKindAPPLICATION:
		u := c.Application.UpdateOneID(k.id).SetNillablePaidUntil(paidUntil).SetNillableVariableCostPaidUntil(varPaid)
		if clearSetup {
			u.ClearSetupFee()
		}
		err = u.Exec(ctx)
	case lineitem.ContractKindSERVICE_SUBSCRIPTION:
		u := c.ServiceSubscription.UpdateOneID(k.id).SetNillablePaidUntil(paidUntil)
		if clearSetup {
			u.ClearSetupFee()
		}
		err = u.Exec(ctx)
	default:
		u := c.Account.UpdateOneID(k.id).SetNillablePlanPaidUntil(paidUntil)
		if clearSetup {
			u.ClearPlanSetupFee()
		}
		err = u.Exec(ctx)
	}
	if err != nil {
		return fmt.Errorf("contract %s: %w", k.key(), err)
	}
	return nil
}

// addLines puts lines on the account's open automatic invoice of period
// (created when needed), leaving out lines whose source was already billed.
func (s *Service) addLines(ctx context.Context, c *ent.Client, st *ent.BillingSettings, acc *ent.Account, period string, lines []Line) (int, error) {
	if len(lines) == 0 {
		return 0, nil
	}
	var keys []string
	for _, l := range lines {
		if l.SourceKey != "" {
			keys = append(keys, l.SourceKey)
		}
	}
	billed := map[string]bool{}
	if len(keys) > 0 {
		have, err := c.LineItem.Query().Where(lineitem.SourceKeyIn(keys...)).Select(lineitem.FieldSourceKey).Strings(ctx)
		if err != nil {
			return 0, err
		}
		for _, k := range have {
			billed[k] = true
		}
	}
	var fresh []Line
	for _, l := range lines {
		if l.SourceKey == "" || !billed[l.SourceKey] {
			fresh = append(fresh, l)
			billed[l.SourceKey] = l.SourceKey != ""
		}
	}
	if len(fresh) == 0 {
		return 0, nil
	}
	inv, err := c.Invoice.Query().Where(invoice.AccountID(acc.ID), invoice.Period(period),
		invoice.StateEQ(invoice.StateOPEN), invoice.CreationTypeEQ(invoice.CreationTypeBACKGROUND)).
		Order(ent.Asc(invoice.FieldID)).First(ctx)
	if ent.IsNotFound(err) {
		inv, err = s.newInvoice(ctx, c, st, acc, period, invoice.CreationTypeBACKGROUND)
	}
	if err != nil {
		return 0, err
	}
	bulk := make([]*ent.LineItemCreate, len(fresh))
	for i, l := range fresh {
		b := c.LineItem.Create().SetInvoiceID(inv.ID).SetName(l.Name).SetDescription(l.Description).
			SetNillableQuantity(l.Quantity).SetCost(round4(l.Cost)).SetKind(l.Kind).SetNillablePlanID(l.PlanID).
			SetNillableMetricID(l.MetricID).SetNillableContractID(l.ContractID).SetNillableContractKind(l.ContractKind).
			SetNillableIntervalBegin(l.IntervalBegin).SetNillableIntervalEnd(l.IntervalEnd).SetNillableUsage(l.Usage)
		if l.SourceKey != "" {
			b.SetSourceKey(l.SourceKey)
		}
		bulk[i] = b
	}
	if err := c.LineItem.CreateBulk(bulk...).Exec(ctx); err != nil {
		return 0, fmt.Errorf("line items: %w", err)
	}
	if err := retotal(ctx, c, inv.ID, acc); err != nil {
		return 0, err
	}
	return len(fresh), nil
}

// newInvoice creates an open invoice and numbers it from the tenant's
// counter of its prefix, in the caller's transaction.
func (s *Service) newInvoice(ctx context.Context, c *ent.Client, st *ent.BillingSettings, acc *ent.Account, period string, ct invoice.CreationType) (*ent.Invoice, error) {
	inv, err := c.Invoice.Create().SetAccountID(acc.ID).SetPeriod(period).SetCreationType(ct).SetCurrency(st.Currency).
		SetNillableVatRate(acc.VatRate).SetVatCode(acc.VatCode).Save(ctx)
	if err != nil {
		return nil, fmt.Errorf("create invoice: %w", err)
	}
	if ct == invoice.CreationTypeMANUAL {
		return s.number(ctx, c, st, inv)
	}
	return inv, nil
}

// number gives an invoice still holding the placeholder its friendly id.
func (s *Service) number(ctx context.Context, c *ent.Client, st *ent.BillingSettings, inv *ent.Invoice) (*ent.Invoice, error) {
	prefix := Prefix(inv.Period, Numbering(st.NumberingPeriod))
	n, err := nextCount(ctx, c, prefix, 1)
	if err != nil {
		return nil, err
	}
	return c.Invoice.UpdateOneID(inv.ID).SetFriendlyID(FriendlyID(prefix, n)).Save(ctx)
}

// numberAll numbers the account's invoices still holding the placeholder,
// in the order they were created. The billing run calls it last, just
// before its transaction commits, so each counter's row stays locked as
// briefly as possible: one statement takes every number a prefix needs.
func (s *Service) numberAll(ctx context.Context, c *ent.Client, st *ent.BillingSettings, accountID int) error {
	var fresh []struct {
		ID     int    `json:"id"`
		Period string `json:"period"`
	}
	if err := c.Invoice.Query().Where(invoice.AccountID(accountID), invoice.FriendlyID("fix")).
		Order(ent.Asc(invoice.FieldID)).Select(invoice.FieldID, invoice.FieldPeriod).Scan(ctx, &fresh); err != nil {
		return err
	}
	byPrefix := map[string][]int{}
	var prefixes []string
	for _, inv := range fresh {
		p := Prefix(inv.Period, Numbering(st.NumberingPeriod))
		if byPrefix[p] == nil {
			prefixes = append(prefixes, p)
		}
		byPrefix[p] = append(byPrefix[p], inv.ID)
	}
	sort.Strings(prefixes) // a fixed order of locks: concurrent runs cannot deadlock
	for _, p := range prefixes {
		ids := byPrefix[p]
		first, err := nextCount(ctx, c, p, len(ids))
		if err != nil {
			return err
		}
		for i, id := range ids {
			if err := c.Invoice.Update().Where(invoice.ID(id)).SetFriendlyID(FriendlyID(p, first+i)).Exec(ctx); err != nil {
				return fmt.Errorf("number invoice %d: %w", id, err)
			}
		}
	}
	return nil
}

// nextCount raises a prefix's counter by n in the caller's transaction and
// returns the first number taken: the row is created on first use, and the
// upsert holds its lock until the transaction ends, so concurrent runs
// number one after the other and a rolled back invoice leaves no gap.
func nextCount(ctx context.Context, c *ent.Client, prefix string, n int) (int, error) {
	id, err := c.InvoiceCounter.Create().SetPrefix(prefix).SetCount(n).
		OnConflictColumns(invoicecounter.FieldTenantID, invoicecounter.FieldPrefix).
		Update(func(u *ent.InvoiceCounterUpsert) { u.AddCount(n) }).ID(ctx)
	if err != nil {
		return 0, fmt.Errorf("invoice counter %s: %w", prefix, err)
	}
	count, err := c.InvoiceCounter.Query().Where(invoicecounter.ID(id)).Select(invoicecounter.FieldCount).Int(ctx)
	if err != nil {
		return 0, fmt.Errorf("invoice counter %s: %w", prefix, err)
	}
	return count - n + 1, nil
}

// retotal is recompute for an open invoice whose buyer the caller holds:
// its lines' costs are the one read.
func retotal(ctx context.Context, c *ent.Client, id int, acc *ent.Account) error {
	var costs []decimal.Decimal
	var rows []struct {
		Cost decimal.Decimal `json:"cost"`
	}
	if err := c.LineItem.Query().Where(lineitem.InvoiceID(id)).Select(lineitem.FieldCost).Scan(ctx, &rows); err != nil {
		return err
	}
	for _, r := range rows {
		costs = append(costs, r.Cost)
	}
	t := ComputeTotals(costs, acc.VatRate)
	u := c.Invoice.Update().Where(invoice.ID(id)).SetNillableVatRate(acc.VatRate).SetVatCode(acc.VatCode).
		SetCostWithoutVat(t.CostWithoutVAT).SetVatAmount(t.VATAmount).SetCost(t.Cost)
	if acc.VatRate == nil {
		u.ClearVatRate()
	}
	return u.Exec(ctx)
}

// recompute keeps an invoice's totals (and, while it is open or finalized,
// its VAT rate, read from the buyer) in step with its lines.
func recompute(ctx context.Context, c *ent.Client, id int) (*ent.Invoice, error) {
	inv, err := c.Invoice.Query().Where(invoice.ID(id)).WithLineItems().WithAccount().Only(ctx)
	if err != nil {
		return nil, err
	}
	rate := inv.VatRate
	u := c.Invoice.UpdateOneID(id)
	if editable(inv.State) && inv.Edges.Account != nil {
		rate = inv.Edges.Account.VatRate
		u.SetNillableVatRate(rate).SetVatCode(inv.Edges.Account.VatCode)
		if rate == nil {
			u.ClearVatRate()
		}
	}
	costs := make([]decimal.Decimal, len(inv.Edges.LineItems))
	for i, l := range inv.Edges.LineItems {
		costs[i] = l.Cost
	}
	t := ComputeTotals(costs, rate)
	return u.SetCostWithoutVat(t.CostWithoutVAT).SetVatAmount(t.VATAmount).SetCost(t.Cost).Save(ctx)
}

func editable(st invoice.State) bool { return st == invoice.StateOPEN || st == invoice.StateFINALIZED }

// Event is a transition of the invoice state machine (§5.6).
type Event string

const (
	EventFinalize     Event = "finalize"
	EventIssue        Event = "issue"
	EventMarkUnpaid   Event = "mark_as_unpaid"
	EventPay          Event = "pay"
	EventFail         Event = "fail"
	EventCancel       Event = "cancel"
	transitionsFormat       = "cannot %s an invoice that is %s"
)

var transitions = map[Event]struct {
	from []invoice.State
	to   invoice.State
}{
	EventFinalize:   {[]invoice.State{invoice.StateOPEN}, invoice.StateFINALIZED},
	EventIssue:      {[]invoice.State{invoice.StateOPEN, invoice.StateFINALIZED}, invoice.StatePENDING},
	EventMarkUnpaid: {[]invoice.State{invoice.StatePENDING}, invoice.StateUNPAID},
	EventPay:        {[]invoice.State{invoice.StateUNPAID, invoice.StatePENDING, invoice.StateFAILED}, invoice.StatePAID},
	EventFail:       {[]invoice.State{invoice.StateUNPAID}, invoice.StateFAILED},
	EventCancel: {[]invoice.State{invoice.StateOPEN, invoice.StateFINALIZED, invoice.StatePENDING, invoice.StateUNPAID,
		invoice.StateFAILED}, invoice.StateCANCELLED},
}

// Transition applies an event to an invoice now.
func (s *Service) Transition(ctx context.Context, id int, ev Event) (*ent.Invoice, error) {
	var out *ent.Invoice
	err := s.tx(ctx, func(ctx context.Context, c *ent.Client) error {
		var err error
		out, err = s.transition(ctx, c, id, ev, s.now())
		return err
	})
	return out, err
}

func (s *Service) transition(ctx context.Context, c *ent.Client, id int, ev Event, now time.Time) (*ent.Invoice, error) {
	t, ok := transitions[ev]
	if !ok {
		return nil, problem.Invalid("event", "unknown invoice event %q", ev)
	}
	inv, err := c.Invoice.Get(ctx, id)
	if err != nil {
		return nil, problem.NotFoundIf(err, "invoice %d not found", id)
	}
	allowed := false
	for _, f := range t.from {
		allowed = allowed || inv.State == f
	}
	if !allowed {
		return nil, problem.Conflict(transitionsFormat, strings.ReplaceAll(string(ev), "_", " "), strings.ToLower(string(inv.State)))
	}
	ctx = system(ctx)
	if ev == EventIssue {
		if inv, err = recompute(ctx, c, id); err != nil {
			return nil, err
		}
	}
	u := c.Invoice.UpdateOneID(id).SetState(t.to)
	switch ev {
	case EventFinalize:
		u.SetFinalizedAt(now)
	case EventPay:
		u.SetPaidAt(now)
	case EventIssue:
		if err := s.freeze(ctx, c, inv, u, now); err != nil {
			return nil, err
		}
	}
	out, err := u.Save(ctx)
	if err != nil {
		return nil, fmt.Errorf("invoice %d: %w", id, err)
	}
	if ev == EventIssue {
		if err := s.notifyIssued(ctx, c, out); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// freeze copies the addresses, VAT data and currency onto an invoice being
// issued, dates it and renders its PDF.
func (s *Service) freeze(ctx context.Context, c *ent.Client, inv *ent.Invoice, u *ent.InvoiceUpdateOne, now time.Time) error {
	tenant, loc, err := zoneOf(ctx, c)
	if err != nil {
		return err
	}
	st, err := settingsOf(ctx, c)
	if err != nil {
		return err
	}
	from := providerAddress(tenant)
	to := map[string]string{}
	if inv.AccountID != nil {
		acc, err := c.Account.Get(ctx, *inv.AccountID)
		if err != nil {
			return err
		}
		to = buyerAddress(acc)
		u.SetNillableVatRate(acc.VatRate).SetVatCode(acc.VatCode)
		if fc, ok := acc.ExtraFields["fiscal_code"]; ok {
			u.SetFiscalCode(fc)
		}
	}
	issued := DayStart(now, loc)
	due := issued.AddDate(0, 0, 2)
	u.SetFromAddress(from).SetToAddress(to).SetIssuedOn(issued).SetDueOn(due)
	lines, err := c.LineItem.Query().Where(lineitem.InvoiceID(inv.ID)).Order(ent.Asc(lineitem.FieldID)).All(ctx)
	if err != nil {
		return err
	}
	pb, pe, err := ParsePeriod(inv.Period, loc)
	if err != nil {
		return err
	}
	doc := pdf.Document{
		FriendlyID: inv.FriendlyID, IssuedOn: issued.Format("2006-01-02"), DueOn: due.Format("2006-01-02"),
		PeriodFrom: pb.Format("2006-01-02"), PeriodTo: pe.Format("2006-01-02"), Currency: inv.Currency,
		Provider: party(from, tenant.VatCode), Buyer: party(to, inv.VatCode),
		CostWithoutVAT: inv.CostWithoutVat.StringFixed(2), VATAmount: inv.VatAmount.StringFixed(2), Total: inv.Cost.StringFixed(2),
		Footnote: st.InvoiceFootnote, ZeroVATText: st.ZeroVatText,
	}
	if inv.VatRate != nil {
		doc.VATRate = inv.VatRate.String()
	}
	for _, l := range lines {
		q := ""
		if l.Quantity != nil {
			q = l.Quantity.String()
		}
		doc.Lines = append(doc.Lines, pdf.Line{Name: l.Name, Description: l.Description, Quantity: q, Cost: l.Cost.StringFixed(4)})
	}
	body, err := RenderPDF(doc)
	if err != nil {
		return fmt.Errorf("invoice %d pdf: %w", inv.ID, err)
	}
	sum := sha256.Sum256(body)
	u.SetPdf(body).SetPdfSha256(hex.EncodeToString(sum[:]))
	return nil
}

// RenderPDF is the one place invoices are turned into PDF documents.
func RenderPDF(doc pdf.Document) ([]byte, error) { return pdf.Render(doc) }

// Street is an address map's street lines as invoices show them: address1,
// then address2 on a line of its own when there is one.
func Street(a map[string]string) string {
	if a["address2"] == "" {
		return a["address1"]
	}
	return a["address1"] + "\n" + a["address2"]
}

func party(a map[string]string, vat string) pdf.Party {
	return pdf.Party{Name: a["name"], Address: Street(a), City: a["city"], State: a["state"], Zip: a["zip"],
		Country: a["country"], VATCode: vat}
}

// ProviderAddress is the tenant's name and address as printed on invoices.
func providerAddress(t *ent.Tenant) map[string]string {
	return map[string]string{"name": t.OrgName, "address1": t.CompanyAddress1, "address2": t.CompanyAddress2,
		"city": t.CompanyCity, "state": t.CompanyRegion, "zip": t.CompanyZip, "country": t.CompanyCountry,
		"phone": t.CompanyPhone}
}

// buyerAddress is the buyer's billing address (the account's name when it
// has none).
func buyerAddress(a *ent.Account) map[string]string {
	out := map[string]string{"name": a.OrgName}
	for k, v := range a.BillingAddressParts {
		if v != "" {
			out[k] = v
		}
	}
	if out["address1"] == "" && a.BillingAddress != "" {
		out["address1"] = a.BillingAddress
	}
	return out
}

// Addresses returns the provider's and buyer's addresses of an invoice:
// live while it is open or finalized, frozen afterwards.
func (s *Service) Addresses(ctx context.Context, inv *ent.Invoice) (provider, buyer map[string]string, err error) {
	if !editable(inv.State) {
		return orEmpty(inv.FromAddress), orEmpty(inv.ToAddress), nil
	}
	ctx = system(ctx)
	t, err := s.client.Tenant.Query().Only(ctx)
	if err != nil {
		return nil, nil, err
	}
	buyer = map[string]string{}
	if inv.AccountID != nil {
		a, err := s.client.Account.Get(ctx, *inv.AccountID)
		if err != nil && !ent.IsNotFound(err) {
			return nil, nil, err
		}
		if a != nil {
			buyer = buyerAddress(a)
		}
	}
	return providerAddress(t), buyer, nil
}

func orEmpty(m map[string]string) map[string]string {
	if m == nil {
		return map[string]string{}
	}
	return m
}

// CreateInvoice opens an invoice by hand for a month (default the current
// one in the tenant's zone).
func (s *Service) CreateInvoice(ctx context.Context, accountID int, period *string) (*ent.Invoice, error) {
	var out *ent.Invoice
	err := s.tx(ctx, func(ctx context.Context, c *ent.Client) error {
		st, err := settingsOf(ctx, c)
		if err != nil {
			return err
		}
		if err := financeOn(st); err != nil {
			return err
		}
		ctx = system(ctx)
		_, loc, err := zoneOf(ctx, c)
		if err != nil {
			return err
		}
		p := Period(s.now(), loc)
		if period != nil {
			if err := schema.ValidatePeriod(*period); err != nil {
				return problem.Invalid("period", "%v", err)
			}
			p = *period
		}
		acc, err := c.Account.Get(ctx, accountID)
		if err != nil {
			return problem.NotFoundIf(err, "account %d not found", accountID)
		}
		out, err = s.newInvoice(ctx, c, st, acc, p, invoice.CreationTypeMANUAL)
		return err
	})
	return out, err
}

// UpdateInvoice moves an open or finalized invoice to another month, or
// renumbers an invoice (raising the counter past a higher number).
func (s *Service) UpdateInvoice(ctx context.Context, id int, period, friendlyID *string) (*ent.Invoice, error) {
	var out *ent.Invoice
	err := s.tx(ctx, func(ctx context.Context, c *ent.Client) error {
		inv, err := c.Invoice.Get(ctx, id)
		if err != nil {
			return problem.NotFoundIf(err, "invoice %d not found", id)
		}
		u := c.Invoice.UpdateOneID(id)
		if period != nil {
			if err := schema.ValidatePeriod(*period); err != nil {
				return problem.Invalid("period", "%v", err)
			}
			if !editable(inv.State) {
				return problem.Conflict("the period of an invoice that is %s cannot change", strings.ToLower(string(inv.State)))
			}
			u.SetPeriod(*period)
		}
		if friendlyID != nil {
			if err := schema.ValidateFriendlyID(*friendlyID); err != nil {
				return problem.Invalid("friendlyID", "%v", err)
			}
			taken, err := c.Invoice.Query().Where(invoice.FriendlyID(*friendlyID), invoice.IDNEQ(id)).Exist(ctx)
			if err != nil {
				return err
			}
			if taken {
				return problem.Invalid("friendlyID", "%s is the number of another invoice", *friendlyID)
			}
			prefix, n, err := SplitFriendlyID(*friendlyID)
			if err != nil {
				return problem.Invalid("friendlyID", "%v", err)
			}
			ctr, err := c.InvoiceCounter.Query().Where(invoicecounter.Prefix(prefix)).Only(ctx)
			switch {
			case ent.IsNotFound(err):
				err = c.InvoiceCounter.Create().SetPrefix(prefix).SetCount(n).Exec(ctx)
			case err == nil && ctr.Count < n:
				err = c.InvoiceCounter.UpdateOneID(ctr.ID).SetCount(n).Exec(ctx)
			}
			if err != nil {
				return err
			}
			u.SetFriendlyID(*friendlyID)
		}
		out, err = u.Save(ctx)
		return err
	})
	return out, err
}

// LineInput is a line item added by hand.
type LineInput struct {
	Name        string
	Description string
	Quantity    *decimal.Decimal
	Cost        decimal.Decimal
	Kind        *lineitem.Kind
	PlanID      *int
	MetricID    *int
}

// AddLineItem adds a manual charge or credit to an open or finalized invoice.
func (s *Service) AddLineItem(ctx context.Context, invoiceID int, in LineInput) (*ent.LineItem, error) {
	if strings.TrimSpace(in.Name) == "" {
		return nil, problem.Invalid("name", "must not be empty")
	}
	if err := schema.ValidateSignedMoney(in.Cost); err != nil {
		return nil, problem.Invalid("cost", "%v", err)
	}
	if in.Quantity != nil && in.Quantity.IsNegative() {
		return nil, problem.Invalid("quantity", "must not be negative")
	}
	var out *ent.LineItem
	err := s.tx(ctx, func(ctx context.Context, c *ent.Client) error {
		inv, err := c.Invoice.Get(ctx, invoiceID)
		if err != nil {
			return problem.NotFoundIf(err, "invoice %d not found", invoiceID)
		}
		if !editable(inv.State) {
			return problem.Conflict("line items of an invoice that is %s cannot change", strings.ToLower(string(inv.State)))
		}
		ctx = system(ctx)
		kind := lineitem.KindOTHER
		if in.Kind != nil {
			kind = *in.Kind
		}
		if in.PlanID != nil {
			if _, err := c.Plan.Get(ctx, *in.PlanID); err != nil {
				return problem.NotFoundIf(err, "plan %d not found", *in.PlanID)
			}
		}
		if in.MetricID != nil {
			if _, err := c.Metric.Get(ctx, *in.MetricID); err != nil {
				return problem.NotFoundIf(err, "metric %d not found", *in.MetricID)
			}
		}
		out, err = c.LineItem.Create().SetInvoiceID(inv.ID).SetName(in.Name).SetDescription(in.Description).
			SetNillableQuantity(in.Quantity).SetCost(in.Cost).SetKind(kind).SetNillablePlanID(in.PlanID).
			SetNillableMetricID(in.MetricID).Save(ctx)
		if err != nil {
			return err
		}
		_, err = recompute(ctx, c, inv.ID)
		return err
	})
	return out, err
}

// RemoveLineItem removes a line of an open or finalized invoice.
func (s *Service) RemoveLineItem(ctx context.Context, id int) error {
	return s.tx(ctx, func(ctx context.Context, c *ent.Client) error {
		l, err := c.LineItem.Query().Where(lineitem.ID(id)).WithInvoice().Only(ctx)
		if err != nil {
			return problem.NotFoundIf(err, "line item %d not found", id)
		}
		if !editable(l.Edges.Invoice.State) {
			return problem.Conflict("line items of an invoice that is %s cannot change", strings.ToLower(string(l.Edges.Invoice.State)))
		}
		ctx = system(ctx)
		if err := c.LineItem.DeleteOneID(id).Exec(ctx); err != nil {
			return err
		}
		_, err = recompute(ctx, c, l.InvoiceID)
		return err
	})
}

// PDF returns the stored PDF of an issued invoice.
func (s *Service) PDF(ctx context.Context, id int) (*ent.Invoice, []byte, error) {
	inv, err := s.client.Invoice.Get(ctx, id)
	if err != nil {
		return nil, nil, problem.NotFoundIf(err, "invoice %d not found", id)
	}
	if inv.Pdf == nil {
		return nil, nil, problem.NotFound("invoice %d has no PDF until it is issued", id)
	}
	return inv, *inv.Pdf, nil
}

// EarningsRow is the total of one month's invoices in one state.
type EarningsRow struct {
	Period         string
	State          invoice.State
	Count          int
	CostWithoutVAT decimal.Decimal
	Cost           decimal.Decimal
}

// Earnings totals invoices by month and state over [from, to] (YYYY-MM).
func (s *Service) Earnings(ctx context.Context, from, to string) ([]EarningsRow, string, error) {
	for f, v := range map[string]string{"from": from, "to": to} {
		if err := schema.ValidatePeriod(v); err != nil {
			return nil, "", problem.Invalid(f, "%v", err)
		}
	}
	st, err := settingsOf(ctx, s.client)
	if err != nil {
		return nil, "", err
	}
	invs, err := s.client.Invoice.Query().Where(invoice.PeriodGTE(from), invoice.PeriodLTE(to)).
		Select(invoice.FieldPeriod, invoice.FieldState, invoice.FieldCostWithoutVat, invoice.FieldCost).All(ctx)
	if err != nil {
		return nil, "", err
	}
	idx := map[[2]string]*EarningsRow{}
	var rows []*EarningsRow
	for _, inv := range invs {
		k := [2]string{inv.Period, string(inv.State)}
		r := idx[k]
		if r == nil {
			r = &EarningsRow{Period: inv.Period, State: inv.State}
			idx[k] = r
			rows = append(rows, r)
		}
		r.Count++
		r.CostWithoutVAT = r.CostWithoutVAT.Add(inv.CostWithoutVat)
		r.Cost = r.Cost.Add(inv.Cost)
	}
	out := make([]EarningsRow, len(rows))
	for i, r := range rows {
		out[i] = *r
	}
	return out, st.Currency, nil
}

// ItemResult is the outcome of one invoice of a bulk operation.
type ItemResult struct {
	ID  int
	Err *problem.Error
}

// IssueInvoices issues each invoice on its own: one failing leaves the
// others issued.
func (s *Service) IssueInvoices(ctx context.Context, ids []int) ([]ItemResult, error) {
	if len(ids) == 0 || len(ids) > 500 {
		return nil, problem.Invalid("ids", "must list between 1 and 500 ids")
	}
	var out []ItemResult
	err := s.tx(ctx, func(ctx context.Context, c *ent.Client) error {
		for _, id := range ids {
			if _, err := c.ExecContext(ctx, "SAVEPOINT invoice_item"); err != nil {
				return err
			}
			_, ferr := s.transition(ctx, c, id, EventIssue, s.now())
			if ferr == nil {
				if _, err := c.ExecContext(ctx, "RELEASE SAVEPOINT invoice_item"); err != nil {
					return err
				}
				out = append(out, ItemResult{ID: id})
				continue
			}
			p := problem.Classify(ferr)
			if p.Kind == problem.KindInternal || p.Kind == problem.KindUnavailable {
				return ferr
			}
			if _, err := c.ExecContext(ctx, "ROLLBACK TO SAVEPOINT invoice_item"); err != nil {
				return err
			}
			if _, err := c.ExecContext(ctx, "RELEASE SAVEPOINT invoice_item"); err != nil {
				return err
			}
			out = append(out, ItemResult{ID: id, Err: p})
		}
		return nil
	})
	return out, err
}
