package catalog

import (
	"context"
	"fmt"
	"strings"

	"github.com/portico-apim/portico/ent"
	"github.com/portico-apim/portico/ent/account"
	"github.com/portico-apim/portico/ent/application"
	"github.com/portico-apim/portico/ent/feature"
	"github.com/portico-apim/portico/ent/plan"
	"github.com/portico-apim/portico/ent/pricingrule"
	"github.com/portico-apim/portico/ent/servicesubscription"
	"github.com/portico-apim/portico/server/problem"
	"github.com/portico-apim/portico/server/store"
)

// CreatePlan creates a plan. Features it enables must fit its kind and product.
func (s *Service) CreatePlan(ctx context.Context, in ent.CreatePlanInput) (*ent.Plan, error) {
	var p *ent.Plan
	err := s.tx(ctx, func(ctx context.Context, c *ent.Client) error {
		var err error
		p, err = c.Plan.Create().SetInput(in).Save(ctx)
		if err != nil {
			return err
		}
		return checkPlanFeatures(ctx, c, p)
	})
	return p, err
}

// UpdatePlan changes a plan.
func (s *Service) UpdatePlan(ctx context.Context, id int, in ent.UpdatePlanInput) (*ent.Plan, error) {
	var p *ent.Plan
	err := s.tx(ctx, func(ctx context.Context, c *ent.Client) error {
		var err error
		p, err = c.Plan.UpdateOneID(id).SetInput(in).Save(ctx)
		if err != nil {
			return problem.NotFoundIf(err, "plan %d not found", id)
		}
		return checkPlanFeatures(ctx, c, p)
	})
	return p, err
}

func checkPlanFeatures(ctx context.Context, c *ent.Client, p *ent.Plan) error {
	feats, err := c.Plan.QueryFeatures(p).All(ctx)
	if err != nil {
		return err
	}
	for _, f := range feats {
		if string(f.Scope) != string(p.Kind)+"_PLAN" {
			return problem.Invalid("feature_ids", "feature %q is for %s plans, not %s plans",
				f.SystemName, strings.ToLower(strings.TrimSuffix(string(f.Scope), "_PLAN")), strings.ToLower(string(p.Kind)))
		}
		if !samePtr(f.ProductID, p.ProductID) {
			return problem.Invalid("feature_ids", "feature %q belongs to another product", f.SystemName)
		}
	}
	return nil
}

func samePtr(a, b *int) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return *a == *b
}

// DeletePlan deletes a plan that nothing is subscribed to.
func (s *Service) DeletePlan(ctx context.Context, id int) error {
	return s.tx(ctx, func(ctx context.Context, c *ent.Client) error {
		p, err := c.Plan.Get(ctx, id)
		if err != nil {
			return problem.NotFoundIf(err, "plan %d not found", id)
		}
		var inUse bool
		switch p.Kind {
		case plan.KindAPPLICATION:
			inUse, err = c.Application.Query().Where(application.PlanID(id)).Exist(ctx)
		case plan.KindSERVICE:
			inUse, err = c.ServiceSubscription.Query().Where(servicesubscription.PlanID(id)).Exist(ctx)
		case plan.KindACCOUNT:
			inUse, err = c.Account.Query().Where(account.PlanID(id)).Exist(ctx)
		}
		if err != nil {
			return err
		}
		if inUse {
			return problem.Conflict("plan %q has subscribers; move them to another plan first", p.Name)
		}
		return c.Plan.DeleteOneID(id).Exec(ctx)
	})
}

// CopyPlan copies a plan with its limits, pricing rules and features. The
// copy is hidden and not the default.
func (s *Service) CopyPlan(ctx context.Context, id int, name, systemName *string) (*ent.Plan, error) {
	var cp *ent.Plan
	err := s.tx(ctx, func(ctx context.Context, c *ent.Client) error {
		p, err := c.Plan.Get(ctx, id)
		if err != nil {
			return problem.NotFoundIf(err, "plan %d not found", id)
		}
		newName := p.Name + " (copy)"
		if name != nil {
			newName = *name
		}
		sys := ""
		if systemName != nil {
			sys = *systemName
		} else if sys, err = freeSystemName(ctx, c, p); err != nil {
			return err
		}
		cp, err = copyPlan(ctx, c, p, newName, sys, nil)
		return err
	})
	return cp, err
}

// copyPlan clones p (limits, pricing rules, features). original, when set,
// makes the copy a custom plan of that original.
func copyPlan(ctx context.Context, c *ent.Client, p *ent.Plan, name, systemName string, original *int) (*ent.Plan, error) {
	create := c.Plan.Create().SetKind(p.Kind).SetNillableProductID(p.ProductID).
		SetName(name).SetSystemName(systemName).SetDescription(p.Description).
		SetState(plan.StateHIDDEN).SetApprovalRequired(p.ApprovalRequired).
		SetSetupFee(p.SetupFee).SetCostPerMonth(p.CostPerMonth).
		SetTrialPeriodDays(p.TrialPeriodDays).SetPosition(p.Position).
		SetNillableOriginalID(original)
	featIDs, err := c.Plan.QueryFeatures(p).IDs(ctx)
	if err != nil {
		return nil, err
	}
	cp, err := create.AddFeatureIDs(featIDs...).Save(ctx)
	if err != nil {
		return nil, err
	}
	limits, err := c.Plan.QueryLimits(p).All(ctx)
	if err != nil {
		return nil, err
	}
	if len(limits) > 0 {
		bulk := make([]*ent.UsageLimitCreate, len(limits))
		for i, l := range limits {
			bulk[i] = c.UsageLimit.Create().SetPlanID(cp.ID).SetMetricID(l.MetricID).SetPeriod(l.Period).SetValue(l.Value)
		}
		if err := c.UsageLimit.CreateBulk(bulk...).Exec(ctx); err != nil {
			return nil, fmt.Errorf("copy limits: %w", err)
		}
	}
	rules, err := c.Plan.QueryPricingRules(p).All(ctx)
	if err != nil {
		return nil, err
	}
	if len(rules) > 0 {
		bulk := make([]*ent.PricingRuleCreate, len(rules))
		for i, r := range rules {
			bulk[i] = c.PricingRule.Create().SetPlanID(cp.ID).SetMetricID(r.MetricID).SetMin(r.Min).SetNillableMax(r.Max).SetCostPerUnit(r.CostPerUnit)
		}
		if err := c.PricingRule.CreateBulk(bulk...).Exec(ctx); err != nil {
			return nil, fmt.Errorf("copy pricing rules: %w", err)
		}
	}
	return cp, nil
}

// freeSystemName derives an unused system name from p's: name_copy,
// name_copy_2, …
func freeSystemName(ctx context.Context, c *ent.Client, p *ent.Plan) (string, error) {
	base := p.SystemName
	if len(base) > 240 {
		base = base[:240]
	}
	for i := 1; i < 1000; i++ {
		cand := base + "_copy"
		if i > 1 {
			cand = fmt.Sprintf("%s_copy_%d", base, i)
		}
		q := c.Plan.Query().Where(plan.KindEQ(p.Kind), plan.SystemName(cand))
		if p.ProductID != nil {
			q.Where(plan.ProductID(*p.ProductID))
		} else {
			q.Where(plan.ProductIDIsNil())
		}
		taken, err := q.Exist(ctx)
		if err != nil {
			return "", err
		}
		if !taken {
			return cand, nil
		}
	}
	return "", problem.Conflict("no free system name for a copy of %q", p.SystemName)
}

// SetDefaultPlan makes p the default plan of its kind for its product (or
// the tenant, for account plans). Custom plans cannot be defaults.
func (s *Service) SetDefaultPlan(ctx context.Context, id int, isDefault bool) (*ent.Plan, error) {
	var out *ent.Plan
	err := s.tx(ctx, func(ctx context.Context, c *ent.Client) error {
		p, err := c.Plan.Get(ctx, id)
		if err != nil {
			return problem.NotFoundIf(err, "plan %d not found", id)
		}
		if p.OriginalID != nil {
			return problem.Conflict("a custom plan cannot be a default plan")
		}
		if isDefault {
			q := c.Plan.Update().Where(plan.KindEQ(p.Kind), plan.IsDefault(true), plan.IDNEQ(id))
			if p.ProductID != nil {
				q.Where(plan.ProductID(*p.ProductID))
			} else {
				q.Where(plan.ProductIDIsNil())
			}
			if err := q.SetIsDefault(false).Exec(ctx); err != nil {
				return err
			}
		}
		out, err = c.Plan.UpdateOneID(id).SetIsDefault(isDefault).Save(ctx)
		return err
	})
	return out, err
}

// CreateUsageLimit limits a metric of the plan's product (or of a backend it
// uses) on an application plan.
func (s *Service) CreateUsageLimit(ctx context.Context, in ent.CreateUsageLimitInput) (*ent.UsageLimit, error) {
	var l *ent.UsageLimit
	err := s.tx(ctx, func(ctx context.Context, c *ent.Client) error {
		if err := checkPlanMetric(ctx, c, in.PlanID, in.MetricID, "limits"); err != nil {
			return err
		}
		var err error
		l, err = c.UsageLimit.Create().SetInput(in).Save(ctx)
		return err
	})
	return l, err
}

// CreatePricingRule prices a range of a metric's usage on an application plan.
// Ranges of one metric on one plan never overlap.
func (s *Service) CreatePricingRule(ctx context.Context, in ent.CreatePricingRuleInput) (*ent.PricingRule, error) {
	var r *ent.PricingRule
	err := s.tx(ctx, func(ctx context.Context, c *ent.Client) error {
		if err := checkPlanMetric(ctx, c, in.PlanID, in.MetricID, "pricing rules"); err != nil {
			return err
		}
		min := int64(1)
		if in.Min != nil {
			min = *in.Min
		}
		if err := checkRange(ctx, c, 0, in.PlanID, in.MetricID, min, in.Max); err != nil {
			return err
		}
		var err error
		r, err = c.PricingRule.Create().SetInput(in).Save(ctx)
		return err
	})
	return r, err
}

// UpdatePricingRule changes a pricing rule, keeping ranges apart.
func (s *Service) UpdatePricingRule(ctx context.Context, id int, in ent.UpdatePricingRuleInput) (*ent.PricingRule, error) {
	var r *ent.PricingRule
	err := s.tx(ctx, func(ctx context.Context, c *ent.Client) error {
		cur, err := c.PricingRule.Get(ctx, id)
		if err != nil {
			return problem.NotFoundIf(err, "pricing rule %d not found", id)
		}
		min, max := cur.Min, cur.Max
		if in.Min != nil {
			min = *in.Min
		}
		if in.ClearMax {
			max = nil
		}
		if in.Max != nil {
			max = in.Max
		}
		if err := checkRange(ctx, c, id, cur.PlanID, cur.MetricID, min, max); err != nil {
			return err
		}
		r, err = c.PricingRule.UpdateOneID(id).SetInput(in).Save(ctx)
		return err
	})
	return r, err
}

func checkRange(ctx context.Context, c *ent.Client, self, planID, metricID int, min int64, max *int64) error {
	if min < 1 {
		return problem.Invalid("min", "must be at least 1")
	}
	if max != nil && *max < min {
		return problem.Invalid("max", "must not be less than min (%d)", min)
	}
	others, err := c.PricingRule.Query().
		Where(pricingrule.PlanID(planID), pricingrule.MetricID(metricID), pricingrule.IDNEQ(self)).All(ctx)
	if err != nil {
		return err
	}
	for _, o := range others {
		// [min,max] and [o.Min,o.Max] overlap unless one ends before the other starts.
		apart := (max != nil && *max < o.Min) || (o.Max != nil && *o.Max < min)
		if !apart {
			return problem.Invalid("min", "the range overlaps the pricing rule from %d%s", o.Min, upTo(o.Max))
		}
	}
	return nil
}

func upTo(max *int64) string {
	if max == nil {
		return " on"
	}
	return fmt.Sprintf(" to %d", *max)
}

func checkPlanMetric(ctx context.Context, c *ent.Client, planID, metricID int, what string) error {
	p, err := c.Plan.Get(ctx, planID)
	if err != nil {
		return problem.NotFoundIf(err, "plan %d not found", planID)
	}
	if p.Kind != plan.KindAPPLICATION || p.ProductID == nil {
		return problem.Invalid("plan_id", "only application plans have %s", what)
	}
	m, err := c.Metric.Get(ctx, metricID)
	if err != nil {
		return problem.NotFoundIf(err, "metric %d not found", metricID)
	}
	ok, err := metricUsableByProduct(ctx, c, m, *p.ProductID)
	if err != nil {
		return err
	}
	if !ok {
		return problem.Invalid("metric_id", "the metric belongs neither to the plan's product nor to a backend it uses")
	}
	return nil
}

// CreateFeature creates a feature; product features are for application or
// service plans, tenant features for account plans.
func (s *Service) CreateFeature(ctx context.Context, in ent.CreateFeatureInput) (*ent.Feature, error) {
	scope := feature.ScopeAPPLICATION_PLAN
	if in.Scope != nil {
		scope = *in.Scope
	}
	switch {
	case scope == feature.ScopeACCOUNT_PLAN && in.ProductID != nil:
		return nil, problem.Invalid("product_id", "account plan features belong to the tenant, not to a product")
	case scope != feature.ScopeACCOUNT_PLAN && in.ProductID == nil:
		return nil, problem.Invalid("product_id", "is required for application and service plan features")
	}
	return store.Client(ctx, s.client).Feature.Create().SetInput(in).Save(ctx)
}
