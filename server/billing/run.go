package billing

import (
	"context"
	"fmt"
	"time"

	"github.com/portico-apim/portico/ent"
	"github.com/portico-apim/portico/ent/account"
	"github.com/portico-apim/portico/ent/application"
	"github.com/portico-apim/portico/ent/billingsettings"
	"github.com/portico-apim/portico/ent/invoice"
	"github.com/portico-apim/portico/ent/lineitem"
	"github.com/portico-apim/portico/ent/predicate"
	"github.com/portico-apim/portico/schema/viewer"
	"github.com/portico-apim/portico/server/problem"
)

// issueAfter is how long a finalized invoice waits for review before the
// run issues it (1 day and 22 hours).
const issueAfter = 46 * time.Hour

// RunResult counts what a run did.
type RunResult struct {
	Date              string
	Accounts          int
	LineItemsAdded    int
	InvoicesFinalized int
	InvoicesIssued    int
	InvoicesCharged   int
}

func (r *RunResult) add(o RunResult) {
	r.Accounts += o.Accounts
	r.LineItemsAdded += o.LineItemsAdded
	r.InvoicesFinalized += o.InvoicesFinalized
	r.InvoicesIssued += o.InvoicesIssued
	r.InvoicesCharged += o.InvoicesCharged
}

// paidState is how far a contract is billed after a run.
type paidState struct {
	k               contract
	until, varUntil *time.Time
	clearSetup      bool
}

// run is one billing run of one tenant: its settings, zone and plans.
type run struct {
	s        *Service
	tenant   *ent.Tenant
	settings *ent.BillingSettings
	loc      *time.Location
	now      time.Time
	plans    *plans
}

// RunDate runs the daily routine for a date (YYYY-MM-DD, midnight in the
// tenant's zone, not in the future) for every approved account of the
// viewer's tenant, or only accountID, each account in its own transaction
// unless ctx already holds one.
func (s *Service) RunDate(ctx context.Context, date string, accountID *int) (*RunResult, error) {
	return s.runDate(ctx, date, accountID, nil)
}

func (s *Service) runDate(ctx context.Context, date string, accountID *int, billed func(accountID int)) (*RunResult, error) {
	_, loc, err := zoneOf(ctx, s.client)
	if err != nil {
		return nil, err
	}
	day, err := ParseDate("date", date, loc)
	if err != nil {
		return nil, err
	}
	if today := DayStart(s.now(), loc); day.After(today) {
		return nil, problem.Invalid("date", "%s is in the future (today is %s in the tenant's time zone %s)",
			date, today.Format("2006-01-02"), loc)
	}
	st, err := settingsOf(ctx, s.client)
	if err != nil {
		return nil, err
	}
	if err := financeOn(st); err != nil {
		return nil, err
	}
	ctx = system(ctx)
	var ids []int
	if accountID != nil {
		a, err := s.client.Account.Get(ctx, *accountID)
		if err != nil {
			return nil, problem.NotFoundIf(err, "account %d not found", *accountID)
		}
		ids = []int{a.ID}
	} else if ids, err = s.client.Account.Query().Where(account.StateEQ(account.StateAPPROVED)).
		Order(ent.Asc(account.FieldID)).IDs(ctx); err != nil {
		return nil, fmt.Errorf("accounts: %w", err)
	}
	res, err := s.RunAccounts(ctx, ids, day, billed)
	if err != nil {
		return nil, err
	}
	res.Date = day.Format("2006-01-02")
	return res, nil
}

// RunEveryTenant runs the daily routine for a date for every tenant whose
// finance module is on, each account in its own transaction, telling billed
// of each account done: what an operator runs by hand to backfill a day.
func (s *Service) RunEveryTenant(ctx context.Context, date string, billed func(tenantID, accountID int)) (*RunResult, error) {
	sts, err := s.client.BillingSettings.Query().Where(billingsettings.FinanceEnabled(true)).All(viewer.SystemContext(ctx))
	if err != nil {
		return nil, fmt.Errorf("billing settings: %w", err)
	}
	total := &RunResult{Date: date}
	for _, st := range sts {
		tctx := viewer.TenantSystemContext(ctx, st.TenantID)
		r, err := s.runDate(tctx, date, nil, func(id int) {
			if billed != nil {
				billed(st.TenantID, id)
			}
		})
		if err != nil {
			return nil, fmt.Errorf("tenant %d: %w", st.TenantID, err)
		}
		total.add(*r)
	}
	return total, nil
}

// AccountIDs lists the accounts a tenant's run bills.
func (s *Service) AccountIDs(ctx context.Context) ([]int, error) {
	return s.client.Account.Query().Where(account.StateEQ(account.StateAPPROVED)).Order(ent.Asc(account.FieldID)).IDs(ctx)
}

// RunAccount runs the daily routine for one account at now (midnight of the
// billed day in the tenant's zone) in one transaction: line items keyed by
// source, contracts' paid-until moved in the same transaction, so running it
// again, or after a crash, adds nothing twice and skips nothing.
func (s *Service) RunAccount(ctx context.Context, accountID int, now time.Time) (*RunResult, error) {
	return s.RunAccounts(ctx, []int{accountID}, now, nil)
}

// RunAccounts runs RunAccount's routine for each account in turn, each in
// its own transaction unless ctx already holds one, telling billed of each
// account done. The tenant, its billing settings and its plans are read in
// the first transaction and kept for the rest, so a batch pays for them
// once. An account that no longer exists is skipped.
func (s *Service) RunAccounts(ctx context.Context, ids []int, now time.Time, billed func(accountID int)) (*RunResult, error) {
	res := &RunResult{}
	var r *run
	for _, id := range ids {
		var one *RunResult
		err := s.tx(ctx, func(ctx context.Context, c *ent.Client) error {
			if r == nil {
				tenant, loc, err := zoneOf(ctx, c)
				if err != nil {
					return err
				}
				st, err := settingsOf(ctx, c)
				if err != nil {
					return err
				}
				r = &run{s: s, tenant: tenant, settings: st, loc: loc, now: now.In(loc), plans: newPlans()}
			}
			if !r.settings.FinanceEnabled {
				one = &RunResult{}
				return nil
			}
			q := c.Account.Query().Where(account.ID(id))
			if s.lockRows {
				q.ForUpdate()
			}
			acc, err := q.Only(ctx)
			if ent.IsNotFound(err) {
				one = &RunResult{}
				return nil
			}
			if err != nil {
				return fmt.Errorf("account: %w", err)
			}
			one, err = r.account(ctx, c, acc)
			return err
		})
		if err != nil {
			return nil, fmt.Errorf("bill account %d: %w", id, err)
		}
		// Charging calls the payment gateway, so it happens after the
		// account's transaction, each attempt recorded before the call.
		if one.Accounts > 0 {
			if one.InvoicesCharged, err = s.chargeDue(ctx, r.settings, id, r.now); err != nil {
				return nil, fmt.Errorf("charge account %d: %w", id, err)
			}
		}
		res.add(*one)
		if billed != nil {
			billed(id)
		}
	}
	if r != nil && res.Accounts > 0 {
		if err := s.warnExpiringCards(ctx, r.settings, ids, r.now); err != nil {
			return nil, err
		}
	}
	return res, nil
}

// account is §6.2's routine for one buyer.
func (r *run) account(ctx context.Context, c *ent.Client, acc *ent.Account) (*RunResult, error) {
	res := &RunResult{Accounts: 1}
	prepaid := r.settings.Strategy == billingsettings.StrategyPREPAID
	period := Period(r.now, r.loc)
	mb, _ := MonthOf(r.now, r.loc)
	firstOfMonth := r.now.Equal(mb)
	prevEnd := mb.Add(-time.Second)
	prevPeriod := Period(prevEnd, r.loc)
	if acc.MonthlyBillingEnabled {
		ks, err := contractsOf(ctx, c, r.plans, acc)
		if err != nil {
			return nil, err
		}
		byPeriod := map[string][]Line{}
		paid := map[string]*paidState{}
		// Fixed fees up to the end of this month (the trial step, and on the
		// 1st the new month), with setup fees after trials.
		for _, k := range ks {
			if k.inTrial(r.now) {
				continue
			}
			lines, paidUntil, due, err := fixedToMonthEnd(k, r.now, r.loc)
			if err != nil {
				return nil, err
			}
			if !due {
				continue
			}
			byPeriod[period] = append(byPeriod[period], lines...)
			paid[k.key()] = &paidState{k: k, until: &paidUntil, clearSetup: true}
		}
		// On the 1st, the previous month's usage: on this month's invoice
		// when prepaid, on the previous month's when postpaid.
		if firstOfMonth {
			pmb, _ := MonthOf(prevEnd, r.loc)
			// One read of the buckets for every application billed from the
			// start of the previous month; others are read on their own.
			var whole []int
			for _, k := range ks {
				if k.kind == lineitem.ContractKindAPPLICATION && len(k.plan.rules) > 0 && !k.inTrial(r.now) && !k.variableFrom().After(pmb) {
					whole = append(whole, k.id)
				}
			}
			wholeUsage, err := usageOf(ctx, c, whole, pmb, mb)
			if err != nil {
				return nil, err
			}
			for _, k := range ks {
				if k.kind != lineitem.ContractKindAPPLICATION || len(k.plan.rules) == 0 || k.inTrial(r.now) {
					continue
				}
				from := k.variableFrom()
				if from.Before(pmb) {
					from = pmb
				}
				if !from.Before(mb) {
					continue
				}
				usage := wholeUsage
				if from.After(pmb) {
					if usage, err = usageOf(ctx, c, []int{k.id}, from, mb); err != nil {
						return nil, err
					}
				}
				lines := variableLines(k, k.plan, usage, from, prevEnd, r.loc, prevPeriod)
				target := prevPeriod
				if prepaid {
					target = period
				}
				byPeriod[target] = append(byPeriod[target], lines...)
				if p := paid[k.key()]; p != nil {
					p.varUntil = &prevEnd
				} else {
					paid[k.key()] = &paidState{k: k, varUntil: &prevEnd}
				}
			}
		}
		if err := markAllPaid(ctx, c, ks, paid); err != nil {
			return nil, err
		}
		for _, p := range []string{prevPeriod, period} {
			n, err := r.s.addLines(ctx, c, r.settings, acc, p, byPeriod[p])
			if err != nil {
				return nil, err
			}
			res.LineItemsAdded += n
		}
	}
	// Finalize: prepaid every open invoice; postpaid, on the 1st, those of
	// earlier months.
	if prepaid || firstOfMonth {
		// The finalize transition of every such invoice, in one statement.
		preds := []predicate.Invoice{invoice.AccountID(acc.ID), invoice.StateEQ(invoice.StateOPEN),
			invoice.CreationTypeEQ(invoice.CreationTypeBACKGROUND), invoice.PeriodLT(period)}
		if prepaid {
			preds[3] = invoice.PeriodLTE(period)
		}
		n, err := c.Invoice.Update().Where(preds...).SetState(invoice.StateFINALIZED).SetFinalizedAt(r.now).Save(ctx)
		if err != nil {
			return nil, err
		}
		res.InvoicesFinalized += n
	}
	// Issue what waited 46 hours; free invoices are paid at once.
	due, err := c.Invoice.Query().Where(invoice.AccountID(acc.ID), invoice.StateEQ(invoice.StateFINALIZED),
		invoice.CreationTypeEQ(invoice.CreationTypeBACKGROUND), invoice.FinalizedAtLTE(r.now.Add(-issueAfter))).
		Order(ent.Asc(invoice.FieldID)).IDs(ctx)
	if err != nil {
		return nil, err
	}
	for _, id := range due {
		inv, err := r.s.transition(ctx, c, id, EventIssue, r.now)
		if err != nil {
			return nil, err
		}
		res.InvoicesIssued++
		if inv.Cost.IsZero() {
			if _, err := r.s.transition(ctx, c, id, EventPay, r.now); err != nil {
				return nil, err
			}
		}
	}
	// Number the invoices this run opened, last, so the counter's row is
	// locked only until the commit that follows (the invoices issued above
	// were numbered by an earlier run).
	if err := r.s.numberAll(ctx, c, r.settings, acc.ID); err != nil {
		return nil, err
	}
	return res, nil
}

// markAllPaid moves the billed contracts' paid-until dates, one statement
// per kind of contract and outcome (the applications of an account billed
// on the 1st share theirs).
func markAllPaid(ctx context.Context, c *ent.Client, ks []contract, paid map[string]*paidState) error {
	type group struct {
		kind            lineitem.ContractKind
		until, varUntil int64
		clearSetup      bool
	}
	groups := map[group][]*paidState{}
	var order []group
	unix := func(t *time.Time) int64 {
		if t == nil {
			return 0
		}
		return t.Unix()
	}
	for _, k := range ks {
		p := paid[k.key()]
		if p == nil {
			continue
		}
		p.clearSetup = p.clearSetup && k.setupFee != nil
		g := group{k.kind, unix(p.until), unix(p.varUntil), p.clearSetup}
		if groups[g] == nil {
			order = append(order, g)
		}
		groups[g] = append(groups[g], p)
	}
	for _, g := range order {
		ps := groups[g]
		if g.kind != lineitem.ContractKindAPPLICATION || len(ps) == 1 {
			for _, p := range ps {
				if err := markPaid(ctx, c, p.k, p.until, p.varUntil, p.clearSetup); err != nil {
					return err
				}
			}
			continue
		}
		ids := make([]int, len(ps))
		for i, p := range ps {
			ids[i] = p.k.id
		}
		u := c.Application.Update().Where(application.IDIn(ids...)).
			SetNillablePaidUntil(ps[0].until).SetNillableVariableCostPaidUntil(ps[0].varUntil)
		if g.clearSetup {
			u.ClearSetupFee()
		}
		if err := u.Exec(ctx); err != nil {
			return fmt.Errorf("applications %v: %w", ids, err)
		}
	}
	return nil
}
