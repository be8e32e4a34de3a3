package billing

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/shopspring/decimal"

	"github.com/portico-apim/portico/ent"
	"github.com/portico-apim/portico/ent/billingsettings"
	"github.com/portico-apim/portico/ent/lineitem"
)

// PlanChange is a contract moved from one plan to another.
type PlanChange struct {
	// Kind is APPLICATION, SERVICE_SUBSCRIPTION or ACCOUNT.
	Kind       lineitem.ContractKind
	ContractID int
	AccountID  int
	FromPlanID int
	ToPlanID   int
}

// PlanChanged bills a plan change (§6.6) in the caller's transaction, c
// being its client, with the contract as it was before the change: for
// postpaid tenants a refund of the old plan and the new plan's fixed fee to
// the end of the month, for prepaid ones a refund and an upgrade line when
// the new plan costs more. Contracts in trial, and tenants without finance,
// are not billed.
func (s *Service) PlanChanged(ctx context.Context, c *ent.Client, ch PlanChange) error {
	ctx = system(ctx)
	st, err := settingsOf(ctx, c)
	if err != nil || !st.FinanceEnabled {
		return err
	}
	tenant, loc, err := zoneOf(ctx, c)
	if err != nil {
		return err
	}
	acc, err := c.Account.Get(ctx, ch.AccountID)
	if err != nil {
		return err
	}
	if !acc.MonthlyBillingEnabled {
		return nil
	}
	r := &run{s: s, tenant: tenant, settings: st, loc: loc, now: s.now().In(loc).Truncate(time.Second), plans: newPlans()}
	ks, err := contractsOf(ctx, c, r.plans, acc)
	if err != nil {
		return err
	}
	var k *contract
	for i := range ks {
		if ks[i].kind == ch.Kind && ks[i].id == ch.ContractID {
			k = &ks[i]
		}
	}
	if k == nil || k.inTrial(r.now) {
		return nil
	}
	old, err := r.plans.get(ctx, c, ch.FromPlanID)
	if err != nil {
		return err
	}
	to, err := r.plans.get(ctx, c, ch.ToPlanID)
	if err != nil {
		return err
	}
	k.plan = old
	lines, err := changeLines(*k, old, to, r.now, loc, st.Strategy == billingsettings.StrategyPREPAID)
	if err != nil {
		return err
	}
	_, me := MonthOf(r.now, loc)
	unbilled := k.effectivePaidUntil().Before(me)
	if err := markPaid(ctx, c, *k, &me, nil, unbilled && k.setupFee != nil); err != nil {
		return err
	}
	if _, err = s.addLines(ctx, c, st, acc, Period(r.now, loc), lines); err != nil {
		return err
	}
	return s.numberAll(ctx, c, st, acc.ID)
}

// changeLines are the lines of moving k from old to to at now.
func changeLines(k contract, old, to *pricedPlan, now time.Time, loc *time.Location, prepaid bool) ([]Line, error) {
	lines, me, _, err := fixedToMonthEnd(k, now, loc)
	if err != nil {
		return nil, err
	}
	key := "change/" + k.key() + "/" + strconv.FormatInt(now.Unix(), 10) + "/" + strconv.Itoa(old.ID) + "-" + strconv.Itoa(to.ID)
	oldCost, err := Prorate(old.CostPerMonth, now, me, loc)
	if err != nil {
		return nil, err
	}
	newCost, err := Prorate(to.CostPerMonth, now, me, loc)
	if err != nil {
		return nil, err
	}
	line := func(name string, cost decimal.Decimal, pl *pricedPlan, suffix string) Line {
		return Line{Name: name, Description: Interval(now, me, loc), Quantity: ptr(decimal.NewFromInt(1)), Cost: cost,
			Kind: lineitem.KindPLAN_COST, PlanID: ptr(pl.ID), ContractID: ptr(k.id), ContractKind: ptr(k.kind),
			IntervalBegin: ptr(now), IntervalEnd: ptr(me), SourceKey: key + "/" + suffix}
	}
	refund := line(fmt.Sprintf("Refund ('%s')", old.Name), oldCost.Neg(), old, "refund")
	switch {
	case !prepaid:
		if !oldCost.IsZero() {
			lines = append(lines, refund)
		}
		if !newCost.IsZero() {
			lines = append(lines, line(fmt.Sprintf("Fixed fee ('%s')", to.Name), newCost, to, "fixed"))
		}
	case newCost.Sub(oldCost).IsPositive():
		if !oldCost.IsZero() {
			lines = append(lines, refund)
		}
		lines = append(lines, line(fmt.Sprintf("%s upgrade ('%s' to '%s')", k.word(), old.Name, to.Name), newCost, to, "upgrade"))
	}
	return lines, nil
}
