package graph

import (
	"context"
	"time"

	"github.com/shopspring/decimal"

	"github.com/portico-apim/portico/ent"
	"github.com/portico-apim/portico/ent/invoice"
	"github.com/portico-apim/portico/graph/model"
	"github.com/portico-apim/portico/server/billing"
)

// periodBounds are an invoice's first and last day in the tenant's zone.
func (r *Resolver) periodBounds(ctx context.Context, inv *ent.Invoice) (string, string, error) {
	loc, err := r.billingZone(ctx)
	if err != nil {
		return "", "", err
	}
	b, e, err := billing.ParsePeriod(inv.Period, loc)
	if err != nil {
		return "", "", err
	}
	return b.Format(time.DateOnly), e.Format(time.DateOnly), nil
}

func (r *Resolver) billingZone(ctx context.Context) (*time.Location, error) {
	t, err := r.client(ctx).Tenant.Query().Only(ctx)
	if err != nil {
		return nil, err
	}
	loc, err := time.LoadLocation(t.TimeZone)
	if err != nil {
		return time.UTC, nil
	}
	return loc, nil
}

func (r *Resolver) invoicePreview(ctx context.Context, accountID int, applicationID, planID *int, date *string) (*model.InvoicePreview, error) {
	q := billing.PreviewQuery{AccountID: accountID, ApplicationID: applicationID, PlanID: planID}
	if date != nil {
		loc, err := r.billingZone(ctx)
		if err != nil {
			return nil, err
		}
		d, err := billing.ParseDate("date", *date, loc)
		if err != nil {
			return nil, err
		}
		q.At = &d
	}
	p, err := r.Billing.Preview(ctx, q)
	if err != nil {
		return nil, err
	}
	out := &model.InvoicePreview{Period: p.Period, At: p.At, Currency: p.Currency, CostWithoutVat: p.CostWithoutVAT,
		VatRate: p.VATRate, VatAmount: p.VATAmount, Cost: p.Cost, Lines: make([]*model.PreviewLine, len(p.Lines))}
	for i, l := range p.Lines {
		pl := &model.PreviewLine{Name: l.Name, Description: l.Description, Quantity: l.Quantity, Cost: l.Cost, Kind: l.Kind,
			PlanID: l.PlanID, MetricID: l.MetricID, ContractID: l.ContractID, ContractKind: l.ContractKind,
			IntervalBegin: l.IntervalBegin, IntervalEnd: l.IntervalEnd}
		if l.Usage != nil {
			u := int(*l.Usage)
			pl.Usage = &u
		}
		out.Lines[i] = pl
	}
	return out, nil
}

func (r *Resolver) earnings(ctx context.Context, from, to *string) ([]*model.EarningsMonth, error) {
	loc, err := r.billingZone(ctx)
	if err != nil {
		return nil, err
	}
	now := time.Now().In(loc)
	t := billing.Period(now, loc)
	f := billing.Period(time.Date(now.Year(), now.Month()-11, 1, 0, 0, 0, 0, loc), loc)
	if from != nil {
		f = *from
	}
	if to != nil {
		t = *to
	}
	rows, currency, err := r.Billing.Earnings(ctx, f, t)
	if err != nil {
		return nil, err
	}
	byMonth := map[string]*model.EarningsMonth{}
	var months []*model.EarningsMonth
	for _, row := range rows {
		m := byMonth[row.Period]
		if m == nil {
			m = &model.EarningsMonth{Month: row.Period, Currency: currency, Cost: decimal.Zero}
			byMonth[row.Period] = m
			months = append(months, m)
		}
		m.ByState = append(m.ByState, &model.EarningsByState{State: row.State, InvoiceCount: row.Count,
			CostWithoutVat: row.CostWithoutVAT, Cost: row.Cost})
		if row.State != invoice.StateCANCELLED {
			m.Cost = m.Cost.Add(row.Cost)
		}
	}
	sortMonths(months)
	return months, nil
}

// sortMonths orders months newest first and each month's states in the
// state machine's order.
func sortMonths(ms []*model.EarningsMonth) {
	order := map[invoice.State]int{}
	for i, s := range []invoice.State{invoice.StateOPEN, invoice.StateFINALIZED, invoice.StatePENDING, invoice.StateUNPAID,
		invoice.StatePAID, invoice.StateFAILED, invoice.StateCANCELLED} {
		order[s] = i
	}
	for i := 1; i < len(ms); i++ {
		for j := i; j > 0 && ms[j].Month > ms[j-1].Month; j-- {
			ms[j], ms[j-1] = ms[j-1], ms[j]
		}
	}
	for _, m := range ms {
		bs := m.ByState
		for i := 1; i < len(bs); i++ {
			for j := i; j > 0 && order[bs[j].State] < order[bs[j-1].State]; j-- {
				bs[j], bs[j-1] = bs[j-1], bs[j]
			}
		}
	}
}
