package billing

import (
	"context"
	"time"

	"github.com/shopspring/decimal"

	"github.com/portico-apim/portico/ent"
	"github.com/portico-apim/portico/ent/invoice"
	"github.com/portico-apim/portico/ent/lineitem"
	"github.com/portico-apim/portico/ent/plan"
	"github.com/portico-apim/portico/server/problem"
)

// Preview is what an account's invoice for a month would say; nothing of it
// is stored.
type Preview struct {
	Period   string
	At       time.Time
	Currency string
	Lines    []Line
	VATRate  *decimal.Decimal
	Totals
}

// PreviewQuery chooses what to preview.
type PreviewQuery struct {
	AccountID     int
	ApplicationID *int
	// PlanID prices the application (or, without one, the account) as if
	// it were on this plan.
	PlanID *int
	// At is the moment of the preview (default now).
	At *time.Time
}

// Preview computes, with the run's own line builders and reading only, the
// invoice of the month holding At: the lines already on the account's
// invoices of that month (unless a plan is asked for), then for each
// contract not in trial its fixed fee for the month from when it started to
// be billed, a setup fee not yet billed, and the usage of the month so far
// priced by its plan's rules.
func (s *Service) Preview(ctx context.Context, q PreviewQuery) (*Preview, error) {
	c := s.client
	st, err := settingsOf(ctx, c)
	if err != nil {
		return nil, err
	}
	ctx = system(ctx)
	_, loc, err := zoneOf(ctx, c)
	if err != nil {
		return nil, err
	}
	at := s.now()
	if q.At != nil {
		at = *q.At
	}
	at = at.In(loc).Truncate(time.Second)
	acc, err := c.Account.Get(ctx, q.AccountID)
	if err != nil {
		return nil, problem.NotFoundIf(err, "account %d not found", q.AccountID)
	}
	ps := newPlans()
	ks, err := contractsOf(ctx, c, ps, acc)
	if err != nil {
		return nil, err
	}
	if q.ApplicationID != nil {
		app, err := c.Application.Get(ctx, *q.ApplicationID)
		if err != nil || app.AccountID != acc.ID {
			return nil, problem.NotFound("application %d of account %d not found", *q.ApplicationID, acc.ID)
		}
		pl, err := ps.get(ctx, c, app.PlanID)
		if err != nil {
			return nil, err
		}
		ks = []contract{appContract(app, pl)}
	}
	if q.PlanID != nil {
		want := plan.KindACCOUNT
		kind := lineitem.ContractKindACCOUNT
		if q.ApplicationID != nil {
			want, kind = plan.KindAPPLICATION, lineitem.ContractKindAPPLICATION
		}
		pl, err := ps.get(ctx, c, *q.PlanID)
		if err != nil {
			return nil, problem.NotFoundIf(err, "plan %d not found", *q.PlanID)
		}
		if pl.Kind != want {
			return nil, problem.Invalid("planID", "plan %q is not an %s plan", pl.Name, map[plan.Kind]string{
				plan.KindACCOUNT: "account", plan.KindAPPLICATION: "application"}[want])
		}
		found := false
		for i := range ks {
			if ks[i].kind == kind {
				ks[i].plan, found = pl, true
			}
		}
		if !found {
			ks = append(ks, contract{kind: kind, id: acc.ID, plan: pl, createdAt: at})
		}
	}
	mb, me := MonthOf(at, loc)
	period := Period(at, loc)
	out := &Preview{Period: period, At: at, Currency: st.Currency, VATRate: acc.VatRate}
	if q.PlanID == nil && q.ApplicationID == nil {
		existing, err := c.LineItem.Query().Where(lineitem.HasInvoiceWith(invoice.AccountID(acc.ID), invoice.Period(period),
			invoice.StateNEQ(invoice.StateCANCELLED))).Order(ent.Asc(lineitem.FieldID)).All(ctx)
		if err != nil {
			return nil, err
		}
		for _, l := range existing {
			out.Lines = append(out.Lines, Line{Name: l.Name, Description: l.Description, Quantity: l.Quantity, Cost: l.Cost,
				Kind: l.Kind, PlanID: l.PlanID, MetricID: l.MetricID, ContractID: l.ContractID, ContractKind: l.ContractKind,
				IntervalBegin: l.IntervalBegin, IntervalEnd: l.IntervalEnd, Usage: l.Usage})
		}
	}
	billed := map[string]bool{}
	for _, k := range ks {
		if k.inTrial(at) {
			continue
		}
		// As if nothing of this month were billed yet, unless lines of it
		// are already listed above.
		if k.paidUntil != nil && !k.paidUntil.Before(me) && q.PlanID == nil && q.ApplicationID == nil {
			billed[k.key()] = true
		}
		if !billed[k.key()] {
			fresh := k
			fresh.paidUntil = nil
			if k.paidUntil != nil && !k.paidUntil.Before(mb) {
				fresh.paidUntil = ptr(mb.Add(-time.Second))
			}
			lines, _, _, err := fixedToMonthEnd(fresh, at, loc)
			if err != nil {
				return nil, err
			}
			out.Lines = append(out.Lines, lines...)
		}
		if k.kind == lineitem.ContractKindAPPLICATION && len(k.plan.rules) > 0 {
			from := k.variableFrom()
			if from.Before(mb) {
				from = mb
			}
			usage, err := usageOf(ctx, c, []int{k.id}, from, at)
			if err != nil {
				return nil, err
			}
			out.Lines = append(out.Lines, variableLines(k, k.plan, usage, from, at.Add(-time.Second), loc, period)...)
		}
	}
	costs := make([]decimal.Decimal, len(out.Lines))
	for i, l := range out.Lines {
		costs[i] = l.Cost
	}
	out.Totals = ComputeTotals(costs, acc.VatRate)
	return out, nil
}
