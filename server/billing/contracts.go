package billing

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"time"

	"github.com/shopspring/decimal"

	"github.com/portico-apim/portico/ent"
	"github.com/portico-apim/portico/ent/application"
	"github.com/portico-apim/portico/ent/lineitem"
	"github.com/portico-apim/portico/ent/plan"
	"github.com/portico-apim/portico/ent/predicate"
	"github.com/portico-apim/portico/ent/servicesubscription"
	"github.com/portico-apim/portico/ent/usagebucket"
	"github.com/portico-apim/portico/server/analytics"
)

// Line is an amount the engine bills: stored as a line item, or shown by a
// preview.
type Line struct {
	Name          string
	Description   string
	Quantity      *decimal.Decimal
	Cost          decimal.Decimal
	Kind          lineitem.Kind
	PlanID        *int
	MetricID      *int
	ContractID    *int
	ContractKind  *lineitem.ContractKind
	IntervalBegin *time.Time
	IntervalEnd   *time.Time
	Usage         *int64
	// SourceKey names what was billed; a second line with the same key is
	// never stored.
	SourceKey string
}

// pricedPlan is a plan with its pricing rules by metric.
type pricedPlan struct {
	*ent.Plan
	rules   map[int][]Rule
	metrics map[int]string
}

// contract is an application, a service subscription or an account on its
// account plan, as billing sees it.
type contract struct {
	kind      lineitem.ContractKind
	id        int
	plan      *pricedPlan
	createdAt time.Time
	accepted  *time.Time
	trialEnds *time.Time
	paidUntil *time.Time
	varPaid   *time.Time
	setupFee  *decimal.Decimal
}

// word is how a line names the contract kind (§6.6).
func (k contract) word() string {
	switch k.kind {
	case lineitem.ContractKindAPPLICATION:
		return "Application"
	case lineitem.ContractKindSERVICE_SUBSCRIPTION:
		return "Service contract"
	}
	return "Account contract"
}

func (k contract) key() string { return string(k.kind) + "/" + strconv.Itoa(k.id) }

// inTrial reports whether nothing may be billed at now.
func (k contract) inTrial(now time.Time) bool { return k.trialEnds != nil && now.Before(*k.trialEnds) }

// effectivePaidUntil is §6.3's paid until: the stored value, else the later
// of acceptance and the end of the trial (trial days are never billed), else
// creation.
func (k contract) effectivePaidUntil() time.Time {
	if k.paidUntil != nil {
		return *k.paidUntil
	}
	t := k.createdAt
	if k.accepted != nil {
		t = *k.accepted
	}
	if k.trialEnds != nil && k.trialEnds.After(t) {
		t = *k.trialEnds
	}
	return t
}

// variableFrom is where unbilled usage starts.
func (k contract) variableFrom() time.Time {
	if k.varPaid != nil {
		return k.varPaid.Add(time.Second)
	}
	if k.trialEnds != nil {
		return *k.trialEnds
	}
	return k.createdAt
}

// plans caches a tenant's plans with their pricing rules for one run, which
// may span several transactions: what it keeps is read-only data, never an
// entity to write through.
type plans struct {
	byID map[int]*pricedPlan
}

func newPlans() *plans {
	return &plans{byID: map[int]*pricedPlan{}}
}

// get reads a plan through c the first time it is asked for.
func (p *plans) get(ctx context.Context, c *ent.Client, id int) (*pricedPlan, error) {
	if pp, ok := p.byID[id]; ok {
		return pp, nil
	}
	pl, err := c.Plan.Query().Where(plan.ID(id)).WithPricingRules(func(q *ent.PricingRuleQuery) { q.WithMetric() }).Only(ctx)
	if err != nil {
		return nil, fmt.Errorf("plan %d: %w", id, err)
	}
	pp := &pricedPlan{Plan: pl, rules: map[int][]Rule{}, metrics: map[int]string{}}
	for _, r := range pl.Edges.PricingRules {
		pp.rules[r.MetricID] = append(pp.rules[r.MetricID], Rule{Min: r.Min, Max: r.Max, CostPerUnit: r.CostPerUnit})
		if m := r.Edges.Metric; m != nil {
			name := m.FriendlyName
			if name == "" {
				name = m.SystemName
			}
			pp.metrics[r.MetricID] = name
		}
	}
	p.byID[id] = pp
	return pp, nil
}

// contractsOf loads the account's live contracts: its account plan, its
// service subscriptions and its applications.
func contractsOf(ctx context.Context, c *ent.Client, ps *plans, acc *ent.Account) ([]contract, error) {
	var out []contract
	if acc.PlanID != nil {
		pl, err := ps.get(ctx, c, *acc.PlanID)
		if err != nil {
			return nil, err
		}
		out = append(out, contract{kind: lineitem.ContractKindACCOUNT, id: acc.ID, plan: pl, createdAt: acc.CreatedAt,
			trialEnds: acc.PlanTrialEndsAt, paidUntil: acc.PlanPaidUntil, setupFee: acc.PlanSetupFee})
	}
	subs, err := c.ServiceSubscription.Query().
		Where(servicesubscription.AccountID(acc.ID), servicesubscription.StateEQ(servicesubscription.StateLIVE)).
		Order(ent.Asc(servicesubscription.FieldID)).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("subscriptions: %w", err)
	}
	for _, sub := range subs {
		pl, err := ps.get(ctx, c, sub.PlanID)
		if err != nil {
			return nil, err
		}
		out = append(out, contract{kind: lineitem.ContractKindSERVICE_SUBSCRIPTION, id: sub.ID, plan: pl, createdAt: sub.CreatedAt,
			accepted: sub.AcceptedAt, trialEnds: sub.TrialEndsAt, paidUntil: sub.PaidUntil, setupFee: sub.SetupFee})
	}
	apps, err := c.Application.Query().
		Where(application.AccountID(acc.ID), application.StateEQ(application.StateLIVE)).
		Order(ent.Asc(application.FieldID)).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("applications: %w", err)
	}
	for _, app := range apps {
		pl, err := ps.get(ctx, c, app.PlanID)
		if err != nil {
			return nil, err
		}
		out = append(out, appContract(app, pl))
	}
	return out, nil
}

func appContract(app *ent.Application, pl *pricedPlan) contract {
	return contract{kind: lineitem.ContractKindAPPLICATION, id: app.ID, plan: pl, createdAt: app.CreatedAt,
		accepted: app.AcceptedAt, trialEnds: app.TrialEndsAt, paidUntil: app.PaidUntil, varPaid: app.VariableCostPaidUntil,
		setupFee: app.SetupFee}
}

func ptr[T any](v T) *T { return &v }

// fixedLine is the prorated fixed fee of pl over [begin, end] (one month),
// or nil when it comes to nothing.
func fixedLine(k contract, pl *pricedPlan, begin, end time.Time, loc *time.Location, name, key string) (*Line, error) {
	cost, err := Prorate(pl.CostPerMonth, begin, end, loc)
	if err != nil {
		return nil, err
	}
	if cost.IsZero() {
		return nil, nil
	}
	return &Line{Name: name, Description: Interval(begin, end, loc), Quantity: ptr(decimal.NewFromInt(1)), Cost: cost,
		Kind: lineitem.KindPLAN_COST, PlanID: ptr(pl.ID), ContractID: ptr(k.id), ContractKind: ptr(k.kind),
		IntervalBegin: ptr(begin), IntervalEnd: ptr(end), SourceKey: key}, nil
}

// fixedToMonthEnd bills k's plan from its paid-until day (or the month's
// start) to the end of the month holding now, with the setup fee when one
// is due. It returns the lines and whether anything was due.
func fixedToMonthEnd(k contract, now time.Time, loc *time.Location) ([]Line, time.Time, bool, error) {
	mb, me := MonthOf(now, loc)
	pu := k.effectivePaidUntil()
	if !pu.Before(me) {
		return nil, me, false, nil
	}
	begin := DayStart(pu, loc)
	if begin.Before(mb) {
		begin = mb
	}
	var lines []Line
	l, err := fixedLine(k, k.plan, begin, me, loc, fmt.Sprintf("Fixed fee ('%s')", k.plan.Name),
		"fixed/"+k.key()+"/"+Period(now, loc))
	if err != nil {
		return nil, me, false, err
	}
	if l != nil {
		lines = append(lines, *l)
	}
	if k.setupFee != nil && k.setupFee.IsPositive() {
		lines = append(lines, Line{Name: fmt.Sprintf("Setup fee ('%s')", k.plan.Name), Cost: round4(*k.setupFee),
			Kind: lineitem.KindPLAN_COST, PlanID: ptr(k.plan.ID), ContractID: ptr(k.id), ContractKind: ptr(k.kind),
			SourceKey: "setup/" + k.key()})
	}
	return lines, me, true, nil
}

// usageOf sums the usage of applications' metrics over [from, to) from the
// buckets, reading the coarsest whole UTC buckets the interval holds.
func usageOf(ctx context.Context, c *ent.Client, appIDs []int, from, to time.Time) (map[[2]int]int64, error) {
	out := map[[2]int]int64{}
	if len(appIDs) == 0 || !from.Before(to) {
		return out, nil
	}
	var ors []predicate.UsageBucket
	for _, r := range analytics.Cover(from, to) {
		ors = append(ors, usagebucket.And(usagebucket.GranularityEQ(usagebucket.Granularity(r.Granularity)),
			usagebucket.StartGTE(r.Start), usagebucket.StartLT(r.End)))
	}
	var rows []struct {
		ApplicationID int   `json:"application_id"`
		MetricID      int   `json:"metric_id"`
		Sum           int64 `json:"sum"`
	}
	err := c.UsageBucket.Query().Where(usagebucket.ApplicationIDIn(appIDs...), usagebucket.Or(ors...)).
		GroupBy(usagebucket.FieldApplicationID, usagebucket.FieldMetricID).
		Aggregate(ent.Sum(usagebucket.FieldValue)).Scan(ctx, &rows)
	if err != nil {
		return nil, fmt.Errorf("usage: %w", err)
	}
	for _, r := range rows {
		out[[2]int{r.ApplicationID, r.MetricID}] = r.Sum
	}
	return out, nil
}

// variableLines prices an application's usage over [begin, end] (whole
// seconds, inclusive) with pl's rules: one line per metric with a cost,
// costliest first.
func variableLines(k contract, pl *pricedPlan, usage map[[2]int]int64, begin, end time.Time, loc *time.Location, keyPeriod string) []Line {
	var lines []Line
	for metricID, rules := range pl.rules {
		u := usage[[2]int{k.id, metricID}]
		cost := VariableCost(rules, u)
		if cost.IsZero() {
			continue
		}
		lines = append(lines, Line{Name: pl.metrics[metricID], Description: Interval(begin, end, loc),
			Quantity: ptr(decimal.NewFromInt(u)), Cost: cost, Kind: lineitem.KindVARIABLE_COST, PlanID: ptr(pl.ID),
			MetricID: ptr(metricID), ContractID: ptr(k.id), ContractKind: ptr(k.kind), IntervalBegin: ptr(begin),
			IntervalEnd: ptr(end), Usage: ptr(u),
			SourceKey: "variable/" + k.key() + "/" + strconv.Itoa(metricID) + "/" + keyPeriod})
	}
	sort.SliceStable(lines, func(i, j int) bool {
		if c := lines[i].Cost.Cmp(lines[j].Cost); c != 0 {
			return c > 0
		}
		return *lines[i].MetricID < *lines[j].MetricID
	})
	return lines
}
