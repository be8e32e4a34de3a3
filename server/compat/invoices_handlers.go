package compat

import (
	"bytes"
	"encoding/xml"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/portico-apim/portico/ent"
	"github.com/portico-apim/portico/ent/invoice"
	"github.com/portico-apim/portico/ent/lineitem"
	"github.com/portico-apim/portico/ent/paymenttransaction"
	"github.com/portico-apim/portico/server/billing"
	"github.com/portico-apim/portico/server/problem"
)

// The Billing API, spec §2.13, with the invoice and line item
// representations of §3.17. Every change goes through the billing service,
// the one the GraphQL API and the daily run use.

// invoicesPerPage is the Billing API's default page size.
const invoicesPerPage = 20

var errFinanceOff = &problem.Error{Kind: problem.KindForbidden, Message: "Finance module not enabled for the account"}

// invoiceParty is the provider or the buyer as an invoice shows them.
type invoiceParty struct {
	ID      int    `json:"id" xml:"id"`
	OrgName string `json:"org_name,omitempty" xml:"org_name,omitempty"`
	Address string `json:"address,omitempty" xml:"address,omitempty"`
	City    string `json:"city,omitempty" xml:"city,omitempty"`
	State   string `json:"state,omitempty" xml:"state,omitempty"`
	Country string `json:"country,omitempty" xml:"country,omitempty"`
	Phone   string `json:"phone,omitempty" xml:"phone,omitempty"`
	Zip     string `json:"zip,omitempty" xml:"zip,omitempty"`
	// Status is "deleted" for a buyer that no longer exists.
	Status string `json:"status,omitempty" xml:"status,omitempty"`
}

func partyOf(id int, a map[string]string) *invoiceParty {
	return &invoiceParty{ID: id, OrgName: a["name"], Address: billing.Street(a), City: a["city"], State: a["state"],
		Country: a["country"], Phone: a["phone"], Zip: a["zip"]}
}

type periodXML struct {
	From string `xml:"from"`
	To   string `xml:"to"`
}

type periodJSON struct {
	Begin string `json:"begin"`
	End   string `json:"end"`
}

type lineItemRep struct {
	ID           int      `json:"id" xml:"id"`
	Name         string   `json:"name" xml:"name"`
	Description  string   `json:"description" xml:"description"`
	Quantity     nullable `json:"quantity" xml:"quantity"`
	Cost         money    `json:"cost" xml:"cost"`
	MetricID     nullable `json:"metric_id" xml:"metric_id"`
	Type         string   `json:"type" xml:"type"`
	PlanID       nullable `json:"plan_id" xml:"plan_id"`
	ContractID   nullable `json:"contract_id" xml:"contract_id"`
	ContractType nullable `json:"contract_type" xml:"contract_type"`
	CreatedAt    string   `json:"created_at" xml:"-"`
	UpdatedAt    string   `json:"updated_at" xml:"-"`
	Links        []link   `json:"links" xml:"-"`
}

type invoiceRep struct {
	XMLName          xml.Name      `json:"-" xml:"invoice"`
	Version          string        `json:"-" xml:"version,attr"`
	ID               int           `json:"id" xml:"id"`
	FriendlyID       string        `json:"friendly_id" xml:"friendly_id"`
	CreatedAt        string        `json:"created_at" xml:"-"`
	UpdatedAt        string        `json:"updated_at" xml:"-"`
	CreationType     string        `json:"creation_type" xml:"creation_type"`
	State            string        `json:"state" xml:"state"`
	PaidAt           string        `json:"paid_at" xml:"paid_at"`
	DueOn            string        `json:"due_on" xml:"due_on"`
	IssuedOn         string        `json:"issued_on" xml:"issued_on"`
	Currency         string        `json:"currency" xml:"currency"`
	Cost             money         `json:"cost" xml:"cost"`
	VATRate          *money        `json:"vat_rate" xml:"vat_rate,omitempty"`
	VATAmount        *money        `json:"vat_amount" xml:"vat_amount,omitempty"`
	CostWithoutVAT   money         `json:"cost_without_vat" xml:"cost_without_vat"`
	PeriodXML        periodXML     `json:"-" xml:"period"`
	PeriodJSON       periodJSON    `json:"period" xml:"-"`
	Provider         *invoiceParty `json:"-" xml:"provider"`
	Buyer            *invoiceParty `json:"-" xml:"buyer"`
	LineItems        []lineItemRep `json:"-" xml:"line-items>line-item"`
	TransactionCount int           `json:"-" xml:"payment_transactions_count"`
	Links            []link        `json:"links" xml:"-"`
}

var lineTypes = map[lineitem.Kind]string{lineitem.KindPLAN_COST: "LineItem::PlanCost", lineitem.KindVARIABLE_COST: "LineItem::VariableCost"}

var contractTypes = map[lineitem.ContractKind]string{
	lineitem.ContractKindAPPLICATION:          "Cinstance",
	lineitem.ContractKindSERVICE_SUBSCRIPTION: "ServiceContract",
	lineitem.ContractKindACCOUNT:              "AccountContract",
}

func optionalInt(p *int) nullable {
	if p == nil {
		return nullable{}
	}
	return nullable{v: *p}
}

func (c *Call) lineItemOf(l *ent.LineItem) lineItemRep {
	r := lineItemRep{ID: l.ID, Name: l.Name, Description: l.Description, Cost: money(l.Cost), Type: lineTypes[l.Kind],
		MetricID: optionalInt(l.MetricID), PlanID: optionalInt(l.PlanID), ContractID: optionalInt(l.ContractID),
		CreatedAt: c.stamp(l.CreatedAt), UpdatedAt: c.stamp(l.UpdatedAt),
		Links: []link{c.link("invoice", "/api/invoices/"+itoa(l.InvoiceID))}}
	if l.Quantity != nil {
		r.Quantity = nullable{v: money(*l.Quantity)}
	}
	if l.ContractKind != nil {
		r.ContractType = nullable{v: contractTypes[*l.ContractKind]}
	}
	return r
}

// lineItemRoot names one line item: line_item in JSON, line-item in XML.
func lineItemRoot(c *Call) string {
	if c.Format == XML {
		return "line-item"
	}
	return "line_item"
}

// monthBounds gives the first and last day (YYYY-MM-DD) of a YYYY-MM month.
func monthBounds(period string) (string, string) {
	t, err := time.Parse("2006-01", period)
	if err != nil {
		return "", ""
	}
	return t.Format(time.DateOnly), t.AddDate(0, 1, -1).Format(time.DateOnly)
}

func dateOf(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.UTC().Format(time.DateOnly)
}

func (a *API) invoiceOf(c *Call, inv *ent.Invoice, withLines bool) (invoiceRep, error) {
	from, to := monthBounds(inv.Period)
	r := invoiceRep{Version: "1.0", ID: inv.ID, FriendlyID: inv.FriendlyID, CreatedAt: c.stamp(inv.CreatedAt), UpdatedAt: c.stamp(inv.UpdatedAt),
		CreationType: strings.ToLower(string(inv.CreationType)), State: strings.ToLower(string(inv.State)),
		DueOn: dateOf(inv.DueOn), IssuedOn: dateOf(inv.IssuedOn), Currency: inv.Currency,
		Cost: money(inv.Cost.Round(2)), CostWithoutVAT: money(inv.CostWithoutVat),
		PeriodXML: periodXML{From: from, To: to}, PeriodJSON: periodJSON{Begin: from, End: to}}
	if inv.PaidAt != nil {
		r.PaidAt = c.stamp(*inv.PaidAt)
	}
	if inv.VatRate != nil && inv.VatRate.IsPositive() {
		rate, amount := money(*inv.VatRate), money(inv.VatAmount.Round(2))
		r.VATRate, r.VATAmount = &rate, &amount
	}
	self := "/api/invoices/" + itoa(inv.ID)
	r.Links = []link{c.link("self", self), c.link("payment_transactions", self+"/payment_transactions"), c.link("line_items", self+"/line_items")}
	if inv.AccountID != nil {
		r.Links = append([]link{c.link("account", "/admin/api/accounts/"+itoa(*inv.AccountID))}, r.Links...)
	}
	if c.Format != XML {
		return r, nil
	}
	provider, buyer, err := a.billing.Addresses(c.Context(), inv)
	if err != nil {
		return r, err
	}
	r.Provider = partyOf(c.Tenant.ID, provider)
	if inv.AccountID == nil {
		r.Buyer = &invoiceParty{Status: "deleted"}
	} else {
		r.Buyer = partyOf(*inv.AccountID, buyer)
	}
	if r.TransactionCount, err = a.client.PaymentTransaction.Query().Where(paymenttransaction.InvoiceID(inv.ID)).Count(c.Context()); err != nil {
		return r, err
	}
	if withLines {
		lines, err := a.client.LineItem.Query().Where(lineitem.InvoiceID(inv.ID)).Order(ent.Asc(lineitem.FieldID)).All(c.Context())
		if err != nil {
			return r, err
		}
		for _, l := range lines {
			r.LineItems = append(r.LineItems, c.lineItemOf(l))
		}
	}
	return r, nil
}

// financeOn refuses every Billing API call of a tenant whose finance module is off.
func (a *API) financeOn(c *Call) error {
	if a.billing == nil {
		return errFinanceOff
	}
	s, err := a.billing.Settings(c.Context())
	if err != nil {
		return err
	}
	if !s.FinanceEnabled {
		return errFinanceOff
	}
	return nil
}

// invoice reads the invoice of the path's id (and of the path's account, when the route has one).
func (a *API) invoice(c *Call, name string) (*ent.Invoice, error) {
	if err := a.financeOn(c); err != nil {
		return nil, err
	}
	id, err := c.intPath(name)
	if err != nil {
		return nil, err
	}
	q := a.client.Invoice.Query().Where(invoice.ID(id))
	if c.R.PathValue("account_id") != "" {
		acc, err := a.account(c, "account_id")
		if err != nil {
			return nil, err
		}
		q = q.Where(invoice.AccountID(acc.ID))
	}
	inv, err := q.Only(c.Context())
	if err != nil {
		return nil, problem.NotFoundIf(err, "invoice %d not found", id)
	}
	return inv, nil
}

// Invoices lists invoices, newest month first, optionally of one account,
// in one state or of one month.
// GET /api/invoices, GET /api/accounts/{account_id}/invoices
func (a *API) Invoices(c *Call) error {
	if err := a.financeOn(c); err != nil {
		return err
	}
	q := a.client.Invoice.Query().Order(ent.Desc(invoice.FieldPeriod), ent.Desc(invoice.FieldID))
	if c.R.PathValue("account_id") != "" {
		acc, err := a.account(c, "account_id")
		if err != nil {
			return err
		}
		q = q.Where(invoice.AccountID(acc.ID))
	}
	if s := c.Param("state"); s != "" {
		st := invoice.State(strings.ToUpper(s))
		if invoice.StateValidator(st) != nil {
			return problem.Invalid("state", "is not one of open, finalized, pending, unpaid, paid, failed, cancelled")
		}
		q = q.Where(invoice.StateEQ(st))
	}
	if m := c.Param("month"); m != "" {
		if _, err := time.Parse("2006-01", m); err != nil {
			return problem.Invalid("month", "must be a month as YYYY-MM")
		}
		q = q.Where(invoice.Period(m))
	}
	page := c.Page
	if c.Param("per_page") == "" {
		page.PerPage = invoicesPerPage
	}
	total, err := q.Clone().Count(c.Context())
	if err != nil {
		return err
	}
	invs, err := q.Offset((page.Number - 1) * page.PerPage).Limit(page.PerPage).All(c.Context())
	if err != nil {
		return err
	}
	reps := make([]invoiceRep, 0, len(invs))
	for _, inv := range invs {
		r, err := a.invoiceOf(c, inv, true)
		if err != nil {
			return err
		}
		reps = append(reps, r)
	}
	meta := &Meta{PerPage: page.PerPage, TotalEntries: total, TotalPages: max(1, (total+page.PerPage-1)/page.PerPage), CurrentPage: page.Number}
	if c.Format == JSON {
		return RespondList(c, "invoices", "invoice", reps, meta)
	}
	return c.invoiceListXML(reps, meta)
}

// invoiceListXML writes <invoices version="1.0"><pagination …/><invoice>…</invoice>…</invoices>.
func (c *Call) invoiceListXML(reps []invoiceRep, meta *Meta) error {
	var buf bytes.Buffer
	buf.WriteString(xml.Header[:len(xml.Header)-1])
	enc := xml.NewEncoder(&buf)
	start := xml.StartElement{Name: xml.Name{Local: "invoices"}, Attr: []xml.Attr{{Name: xml.Name{Local: "version"}, Value: "1.0"}}}
	pagination := xml.StartElement{Name: xml.Name{Local: "pagination"}, Attr: []xml.Attr{
		{Name: xml.Name{Local: "total_pages"}, Value: strconv.Itoa(meta.TotalPages)},
		{Name: xml.Name{Local: "current_page"}, Value: strconv.Itoa(meta.CurrentPage)},
		{Name: xml.Name{Local: "per_page"}, Value: strconv.Itoa(meta.PerPage)},
		{Name: xml.Name{Local: "total_entries"}, Value: strconv.Itoa(meta.TotalEntries)},
	}}
	for _, tok := range []xml.Token{start, pagination, pagination.End()} {
		if err := enc.EncodeToken(tok); err != nil {
			return err
		}
	}
	for _, r := range reps {
		if err := enc.Encode(r); err != nil {
			return err
		}
	}
	if err := enc.EncodeToken(start.End()); err != nil {
		return err
	}
	if err := enc.Flush(); err != nil {
		return err
	}
	writeBody(c.W, XML, http.StatusOK, buf.Bytes())
	return nil
}

func (a *API) respondInvoice(c *Call, status int, inv *ent.Invoice) error {
	// Read it again: what the service returned may be bound to its finished transaction.
	inv, err := a.client.Invoice.Get(c.Context(), inv.ID)
	if err != nil {
		return err
	}
	r, err := a.invoiceOf(c, inv, true)
	if err != nil {
		return err
	}
	if c.Format == XML {
		// The representation carries its own root (<invoice version="1.0">).
		b, err := xml.Marshal(r)
		if err != nil {
			return err
		}
		writeBody(c.W, XML, status, append([]byte(xml.Header[:len(xml.Header)-1]), b...))
		return nil
	}
	return c.Respond(status, "invoice", r)
}

// Invoice reads one invoice; with the .pdf extension, its stored PDF.
// GET /api/invoices/{id}, GET /api/accounts/{account_id}/invoices/{id}
func (a *API) Invoice(c *Call) error {
	inv, err := a.invoice(c, "id")
	if err != nil {
		return err
	}
	if c.Ext() == "pdf" {
		_, body, err := a.billing.PDF(c.Context(), inv.ID)
		if err != nil {
			return err
		}
		h := c.W.Header()
		h.Set("Content-Type", "application/pdf")
		h.Set("Content-Disposition", `attachment; filename="invoice-`+inv.FriendlyID+`.pdf"`)
		h.Set("Content-Length", strconv.Itoa(len(body)))
		c.W.WriteHeader(http.StatusOK)
		_, _ = c.W.Write(body)
		return nil
	}
	return a.respondInvoice(c, http.StatusOK, inv)
}

// CreateInvoice creates an open invoice by hand for a buyer and a month.
// POST /api/invoices
func (a *API) CreateInvoice(c *Call) error {
	if err := a.financeOn(c); err != nil {
		return err
	}
	p, err := c.Params("invoice")
	if err != nil {
		return err
	}
	accountID, err := p.requiredInt("account_id")
	if err != nil {
		return err
	}
	inv, err := a.billing.CreateInvoice(c.Context(), accountID, p.String("period"))
	if err != nil {
		return err
	}
	return a.respondInvoice(c, http.StatusCreated, inv)
}

// UpdateInvoice changes an invoice's month or friendly id.
// PUT /api/invoices/{id}
func (a *API) UpdateInvoice(c *Call) error {
	inv, err := a.invoice(c, "id")
	if err != nil {
		return err
	}
	p, err := c.Params("invoice")
	if err != nil {
		return err
	}
	inv, err = a.billing.UpdateInvoice(c.Context(), inv.ID, p.String("period"), p.String("friendly_id"))
	if err != nil {
		return err
	}
	return a.respondInvoice(c, http.StatusOK, inv)
}

// invoiceEvents maps the target state of PUT …/state to the event that reaches it.
var invoiceEvents = map[string]billing.Event{
	"finalized": billing.EventFinalize,
	"pending":   billing.EventIssue,
	"unpaid":    billing.EventMarkUnpaid,
	"paid":      billing.EventPay,
	"failed":    billing.EventFail,
	"cancelled": billing.EventCancel,
	"cancel":    billing.EventCancel,
}

// InvoiceState moves an invoice to the requested state through the event
// whose target it is; 422 "Cannot transition to X" when none leads there.
// PUT /api/invoices/{id}/state
func (a *API) InvoiceState(c *Call) error {
	inv, err := a.invoice(c, "id")
	if err != nil {
		return err
	}
	p, err := c.Params("invoice")
	if err != nil {
		return err
	}
	target, err := p.required("state")
	if err != nil {
		return err
	}
	ev, ok := invoiceEvents[target]
	if !ok {
		return &problem.Error{Kind: problem.KindInvalid, Message: "Cannot transition to " + target}
	}
	inv, err = a.billing.Transition(c.Context(), inv.ID, ev)
	if err != nil {
		if problem.Classify(err).Kind == problem.KindConflict {
			return &problem.Error{Kind: problem.KindInvalid, Message: "Cannot transition to " + target}
		}
		return err
	}
	return a.respondInvoice(c, http.StatusOK, inv)
}

// LineItems lists an invoice's line items.
// GET /api/invoices/{invoice_id}/line_items
func (a *API) LineItems(c *Call) error {
	inv, err := a.invoice(c, "invoice_id")
	if err != nil {
		return err
	}
	lines, err := a.client.LineItem.Query().Where(lineitem.InvoiceID(inv.ID)).Order(ent.Asc(lineitem.FieldID)).All(c.Context())
	if err != nil {
		return err
	}
	reps := make([]lineItemRep, len(lines))
	for i, l := range lines {
		reps[i] = c.lineItemOf(l)
	}
	return RespondList(c, "line_items", lineItemRoot(c), reps, nil)
}

// CreateLineItem adds a charge or credit to an open or finalized invoice.
// POST /api/invoices/{invoice_id}/line_items
func (a *API) CreateLineItem(c *Call) error {
	inv, err := a.invoice(c, "invoice_id")
	if err != nil {
		return err
	}
	p, err := c.Params("line_item")
	if err != nil {
		return err
	}
	in := billing.LineInput{Name: p.Text("name"), Description: p.Text("description")}
	if in.Quantity, err = p.Decimal("quantity"); err != nil {
		return err
	}
	cost, err := p.Decimal("cost")
	if err != nil {
		return err
	}
	if cost == nil {
		return problem.Invalid("cost", "can't be blank")
	}
	in.Cost = *cost
	switch p.Text("type") {
	case "":
	case "LineItem::PlanCost":
		k := lineitem.KindPLAN_COST
		in.Kind = &k
	case "LineItem::VariableCost":
		k := lineitem.KindVARIABLE_COST
		in.Kind = &k
	default:
		return problem.Invalid("type", "is not LineItem::PlanCost or LineItem::VariableCost")
	}
	if in.PlanID, err = p.Int("plan_id"); err != nil {
		return err
	}
	if in.MetricID, err = p.Int("metric_id"); err != nil {
		return err
	}
	l, err := a.billing.AddLineItem(c.Context(), inv.ID, in)
	if err != nil {
		return err
	}
	return c.Respond(http.StatusCreated, lineItemRoot(c), c.lineItemOf(l))
}

// DeleteLineItem removes a line item of an open or finalized invoice.
// DELETE /api/invoices/{invoice_id}/line_items/{id}
func (a *API) DeleteLineItem(c *Call) error {
	inv, err := a.invoice(c, "invoice_id")
	if err != nil {
		return err
	}
	id, err := c.intPath("id")
	if err != nil {
		return err
	}
	l, err := a.client.LineItem.Query().Where(lineitem.ID(id), lineitem.InvoiceID(inv.ID)).Only(c.Context())
	if err != nil {
		return problem.NotFoundIf(err, "line item %d not found", id)
	}
	if err := a.billing.RemoveLineItem(c.Context(), l.ID); err != nil {
		return err
	}
	return c.deleted()
}
