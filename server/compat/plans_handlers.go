package compat

import (
	"strconv"
	"strings"

	"github.com/portico-apim/portico/ent"
	"github.com/portico-apim/portico/ent/feature"
	"github.com/portico-apim/portico/ent/plan"
	"github.com/portico-apim/portico/ent/pricingrule"
	"github.com/portico-apim/portico/ent/usagelimit"
	"github.com/portico-apim/portico/server/problem"
)

// Application plans, limits, pricing rules and features, spec §2.9, §3.6–3.8
// and §3.11.

type planRep struct {
	XMLCustom          string `json:"-" xml:"custom,attr"`
	XMLDefault         string `json:"-" xml:"default,attr"`
	ID                 int    `json:"id" xml:"id"`
	Name               string `json:"name" xml:"name"`
	Type               string `json:"-" xml:"type"`
	State              string `json:"state" xml:"state"`
	ApprovalRequired   bool   `json:"approval_required" xml:"approval_required"`
	SetupFee           money  `json:"setup_fee" xml:"setup_fee"`
	CostPerMonth       money  `json:"cost_per_month" xml:"cost_per_month"`
	TrialPeriodDays    int    `json:"trial_period_days" xml:"trial_period_days"`
	CancellationPeriod int    `json:"cancellation_period" xml:"cancellation_period"`
	ServiceID          *int   `json:"-" xml:"service_id"`
	Default            bool   `json:"default" xml:"-"`
	Custom             bool   `json:"custom" xml:"-"`
	SystemName         string `json:"system_name" xml:"-"`
	CreatedAt          string `json:"created_at" xml:"-"`
	UpdatedAt          string `json:"updated_at" xml:"-"`
	Links              []link `json:"links" xml:"-"`
}

func (c *Call) planOf(p *ent.Plan) planRep {
	r := planRep{ID: p.ID, Name: p.Name, Type: "application_plan", State: strings.ToLower(string(p.State)),
		ApprovalRequired: p.ApprovalRequired, SetupFee: money(p.SetupFee), CostPerMonth: money(p.CostPerMonth),
		TrialPeriodDays: p.TrialPeriodDays, ServiceID: p.ProductID, Default: p.IsDefault, Custom: p.OriginalID != nil,
		SystemName: p.SystemName, CreatedAt: c.stamp(p.CreatedAt), UpdatedAt: c.stamp(p.UpdatedAt),
		XMLCustom: strconv.FormatBool(p.OriginalID != nil), XMLDefault: strconv.FormatBool(p.IsDefault)}
	if p.ProductID != nil {
		base := "/admin/api/services/" + strconv.Itoa(*p.ProductID)
		r.Links = []link{c.link("service", base), c.link("self", base+"/application_plans/"+strconv.Itoa(p.ID))}
	}
	return r
}

// planRoot is the root of one application plan: <plan> in XML.
func (c *Call) planRoot() string {
	if c.Format == XML {
		return "plan"
	}
	return "application_plan"
}

func (c *Call) respondPlans(ps []*ent.Plan) error {
	items := make([]planRep, len(ps))
	for i, p := range ps {
		items[i] = c.planOf(p)
	}
	return RespondList(c, "plans", c.planRoot(), items, nil)
}

// ApplicationPlans lists the application plans of every product.
// GET /admin/api/application_plans
func (a *API) ApplicationPlans(c *Call) error {
	ps, err := a.client.Plan.Query().Where(plan.KindEQ(plan.KindAPPLICATION)).Order(ent.Asc(plan.FieldID)).All(c.Context())
	if err != nil {
		return err
	}
	return c.respondPlans(ps)
}

// ServiceApplicationPlans lists a product's application plans.
// GET /admin/api/services/{service_id}/application_plans
func (a *API) ServiceApplicationPlans(c *Call) error {
	p, err := a.product(c, "service_id")
	if err != nil {
		return err
	}
	ps, err := a.client.Plan.Query().Where(plan.KindEQ(plan.KindAPPLICATION), plan.ProductID(p.ID)).
		Order(ent.Asc(plan.FieldID)).All(c.Context())
	if err != nil {
		return err
	}
	return c.respondPlans(ps)
}

// appPlan finds the application plan of path value name; under a product
// route it must belong to that product.
func (a *API) appPlan(c *Call, name string) (*ent.Plan, error) {
	id, err := c.intPath(name)
	if err != nil {
		return nil, err
	}
	q := a.client.Plan.Query().Where(plan.ID(id), plan.KindEQ(plan.KindAPPLICATION))
	if c.R.PathValue("service_id") != "" {
		prod, err := a.product(c, "service_id")
		if err != nil {
			return nil, err
		}
		q.Where(plan.ProductID(prod.ID))
	}
	p, err := q.Only(c.Context())
	if err != nil {
		return nil, problem.NotFoundIf(err, "application plan %d not found", id)
	}
	return p, nil
}

// ApplicationPlan reads one application plan.
// GET /admin/api/services/{service_id}/application_plans/{id}
func (a *API) ApplicationPlan(c *Call) error {
	p, err := a.appPlan(c, "id")
	if err != nil {
		return err
	}
	return c.ok(c.planRoot(), c.planOf(p))
}

func planState(p *Params) (*plan.State, error) {
	switch p.Text("state_event") {
	case "":
		return nil, nil
	case "publish":
		s := plan.StatePUBLISHED
		return &s, nil
	case "hide":
		s := plan.StateHIDDEN
		return &s, nil
	}
	return nil, problem.Invalid("state_event", "is invalid")
}

// CreateApplicationPlan creates an application plan of a product.
// POST /admin/api/services/{service_id}/application_plans
func (a *API) CreateApplicationPlan(c *Call) error {
	prod, err := a.product(c, "service_id")
	if err != nil {
		return err
	}
	p, err := c.Params("application_plan")
	if err != nil {
		return err
	}
	name, err := p.required("name")
	if err != nil {
		return err
	}
	in := ent.CreatePlanInput{Kind: plan.KindAPPLICATION, ProductID: &prod.ID, Name: name, SystemName: p.Text("system_name"),
		Description: p.String("description")}
	if in.SystemName == "" {
		in.SystemName = systemNameFrom(name)
	}
	if in.State, err = planState(p); err != nil {
		return err
	}
	if in.ApprovalRequired, err = p.Bool("approval_required"); err != nil {
		return err
	}
	if in.SetupFee, err = p.Decimal("setup_fee"); err != nil {
		return err
	}
	if in.CostPerMonth, err = p.Decimal("cost_per_month"); err != nil {
		return err
	}
	if in.TrialPeriodDays, err = p.Int("trial_period_days"); err != nil {
		return err
	}
	pl, err := a.catalog.CreatePlan(c.Context(), in)
	if err != nil {
		return err
	}
	return c.created(c.planRoot(), c.planOf(pl))
}

// UpdateApplicationPlan changes an application plan (PUT or PATCH).
// PUT /admin/api/services/{service_id}/application_plans/{id}
func (a *API) UpdateApplicationPlan(c *Call) error {
	cur, err := a.appPlan(c, "id")
	if err != nil {
		return err
	}
	p, err := c.Params("application_plan")
	if err != nil {
		return err
	}
	in := ent.UpdatePlanInput{Name: p.String("name"), Description: p.String("description")}
	if in.State, err = planState(p); err != nil {
		return err
	}
	if in.ApprovalRequired, err = p.Bool("approval_required"); err != nil {
		return err
	}
	if in.SetupFee, err = p.Decimal("setup_fee"); err != nil {
		return err
	}
	if in.CostPerMonth, err = p.Decimal("cost_per_month"); err != nil {
		return err
	}
	if in.TrialPeriodDays, err = p.Int("trial_period_days"); err != nil {
		return err
	}
	pl, err := a.catalog.UpdatePlan(c.Context(), cur.ID, in)
	if err != nil {
		return err
	}
	return c.ok(c.planRoot(), c.planOf(pl))
}

// DeleteApplicationPlan deletes a plan without applications.
// DELETE /admin/api/services/{service_id}/application_plans/{id}
func (a *API) DeleteApplicationPlan(c *Call) error {
	p, err := a.appPlan(c, "id")
	if err != nil {
		return err
	}
	if err := a.catalog.DeletePlan(c.Context(), p.ID); err != nil {
		return err
	}
	return c.deleted()
}

// DefaultApplicationPlan makes a plan its product's default.
// PUT /admin/api/services/{service_id}/application_plans/{id}/default
func (a *API) DefaultApplicationPlan(c *Call) error {
	p, err := a.appPlan(c, "id")
	if err != nil {
		return err
	}
	pl, err := a.catalog.SetDefaultPlan(c.Context(), p.ID, true)
	if err != nil {
		return err
	}
	return c.ok(c.planRoot(), c.planOf(pl))
}

// Limits.

type limitRep struct {
	ID        int    `json:"id" xml:"id"`
	MetricID  int    `json:"metric_id" xml:"metric_id"`
	PlanID    int    `json:"plan_id" xml:"plan_id"`
	Period    string `json:"period" xml:"period"`
	Value     int64  `json:"value" xml:"value"`
	CreatedAt string `json:"created_at" xml:"-"`
	UpdatedAt string `json:"updated_at" xml:"-"`
	Links     []link `json:"links" xml:"-"`
}

func (c *Call) limitOf(l *ent.UsageLimit) limitRep {
	base := "/admin/api/application_plans/" + strconv.Itoa(l.PlanID) + "/metrics/" + strconv.Itoa(l.MetricID)
	return limitRep{ID: l.ID, MetricID: l.MetricID, PlanID: l.PlanID, Period: strings.ToLower(string(l.Period)), Value: l.Value,
		CreatedAt: c.stamp(l.CreatedAt), UpdatedAt: c.stamp(l.UpdatedAt),
		Links: []link{c.link("self", base+"/limits/"+strconv.Itoa(l.ID)), c.link("metric", base),
			c.link("plan", "/admin/api/application_plans/"+strconv.Itoa(l.PlanID))}}
}

// planMetric reads the plan (plan_id) and, when in the path, the metric
// (metric_id) of a limit or pricing-rule route; the metric must be one the
// plan's product can use.
func (a *API) planMetric(c *Call) (*ent.Plan, *ent.Metric, error) {
	p, err := a.appPlan(c, "plan_id")
	if err != nil {
		return nil, nil, err
	}
	if c.R.PathValue("metric_id") == "" {
		return p, nil, nil
	}
	id, err := c.intPath("metric_id")
	if err != nil {
		return nil, nil, err
	}
	m, err := a.client.Metric.Get(c.Context(), id)
	if err != nil {
		return nil, nil, problem.NotFoundIf(err, "metric %d not found", id)
	}
	return p, m, nil
}

// Limits lists a plan's limits, or those of one metric.
// GET /admin/api/application_plans/{plan_id}/limits, …/metrics/{metric_id}/limits
func (a *API) Limits(c *Call) error {
	p, m, err := a.planMetric(c)
	if err != nil {
		return err
	}
	q := a.client.UsageLimit.Query().Where(usagelimit.PlanID(p.ID)).Order(ent.Asc(usagelimit.FieldID))
	if m != nil {
		q.Where(usagelimit.MetricID(m.ID))
	}
	ls, err := q.All(c.Context())
	if err != nil {
		return err
	}
	page, meta := Paginate(ls, c.Page)
	items := make([]limitRep, len(page))
	for i, l := range page {
		items[i] = c.limitOf(l)
	}
	return RespondList(c, "limits", "limit", items, meta)
}

func (a *API) limit(c *Call) (*ent.UsageLimit, error) {
	p, m, err := a.planMetric(c)
	if err != nil {
		return nil, err
	}
	id, err := c.intPath("id")
	if err != nil {
		return nil, err
	}
	l, err := a.client.UsageLimit.Query().Where(usagelimit.ID(id), usagelimit.PlanID(p.ID), usagelimit.MetricID(m.ID)).Only(c.Context())
	if err != nil {
		return nil, problem.NotFoundIf(err, "limit %d not found", id)
	}
	return l, nil
}

// Limit reads one limit.
func (a *API) Limit(c *Call) error {
	l, err := a.limit(c)
	if err != nil {
		return err
	}
	return c.ok("limit", c.limitOf(l))
}

func limitPeriod(s string) (usagelimit.Period, error) {
	p := usagelimit.Period(strings.ToUpper(s))
	if err := usagelimit.PeriodValidator(p); err != nil {
		return "", problem.Invalid("period", "is not included in the list")
	}
	return p, nil
}

// CreateLimit limits a metric on a plan.
// POST /admin/api/application_plans/{plan_id}/metrics/{metric_id}/limits
func (a *API) CreateLimit(c *Call) error {
	p, m, err := a.planMetric(c)
	if err != nil {
		return err
	}
	params, err := c.Params("limit")
	if err != nil {
		return err
	}
	period, err := params.required("period")
	if err != nil {
		return err
	}
	in := ent.CreateUsageLimitInput{PlanID: p.ID, MetricID: m.ID}
	if in.Period, err = limitPeriod(period); err != nil {
		return err
	}
	v, err := params.Int64("value")
	if err != nil {
		return err
	}
	if v == nil {
		return problem.Invalid("value", "can't be blank")
	}
	in.Value = *v
	l, err := a.catalog.CreateUsageLimit(c.Context(), in)
	if err != nil {
		return err
	}
	return c.created("limit", c.limitOf(l))
}

// UpdateLimit changes a limit's period or value.
func (a *API) UpdateLimit(c *Call) error {
	cur, err := a.limit(c)
	if err != nil {
		return err
	}
	params, err := c.Params("limit")
	if err != nil {
		return err
	}
	var in ent.UpdateUsageLimitInput
	if s := params.Text("period"); s != "" {
		period, err := limitPeriod(s)
		if err != nil {
			return err
		}
		in.Period = &period
	}
	if in.Value, err = params.Int64("value"); err != nil {
		return err
	}
	l, err := a.catalog.UpdateUsageLimit(c.Context(), cur.ID, in)
	if err != nil {
		return err
	}
	return c.ok("limit", c.limitOf(l))
}

// DeleteLimit deletes a limit.
func (a *API) DeleteLimit(c *Call) error {
	l, err := a.limit(c)
	if err != nil {
		return err
	}
	if err := a.catalog.DeleteUsageLimit(c.Context(), l.ID); err != nil {
		return err
	}
	return c.deleted()
}

// Pricing rules.

type pricingRuleRep struct {
	ID          int      `json:"id" xml:"id"`
	MetricID    int      `json:"metric_id" xml:"metric_id"`
	PlanID      int      `json:"-" xml:"plan_id"`
	CostPerUnit string   `json:"cost_per_unit" xml:"cost_per_unit"`
	Min         int64    `json:"min" xml:"min"`
	Max         nullable `json:"max" xml:"max"`
	CreatedAt   string   `json:"created_at" xml:"-"`
	UpdatedAt   string   `json:"updated_at" xml:"-"`
	Links       []link   `json:"links" xml:"-"`
}

func (c *Call) pricingRuleOf(r *ent.PricingRule) pricingRuleRep {
	base := "/admin/api/application_plans/" + strconv.Itoa(r.PlanID)
	return pricingRuleRep{ID: r.ID, MetricID: r.MetricID, PlanID: r.PlanID, CostPerUnit: r.CostPerUnit.String(),
		Min: r.Min, Max: nullableInt(r.Max), CreatedAt: c.stamp(r.CreatedAt), UpdatedAt: c.stamp(r.UpdatedAt),
		Links: []link{c.link("self", base+"/metrics/"+strconv.Itoa(r.MetricID)+"/pricing_rules/"+strconv.Itoa(r.ID)),
			c.link("plan", base)}}
}

// PricingRules lists a plan's pricing rules, or those of one metric.
func (a *API) PricingRules(c *Call) error {
	p, m, err := a.planMetric(c)
	if err != nil {
		return err
	}
	q := a.client.PricingRule.Query().Where(pricingrule.PlanID(p.ID)).Order(ent.Asc(pricingrule.FieldID))
	if m != nil {
		q.Where(pricingrule.MetricID(m.ID))
	}
	rs, err := q.All(c.Context())
	if err != nil {
		return err
	}
	items := make([]pricingRuleRep, len(rs))
	for i, r := range rs {
		items[i] = c.pricingRuleOf(r)
	}
	return RespondList(c, "pricing_rules", "pricing_rule", items, nil)
}

// CreatePricingRule prices a range of a metric's usage.
func (a *API) CreatePricingRule(c *Call) error {
	p, m, err := a.planMetric(c)
	if err != nil {
		return err
	}
	params, err := c.Params("pricing_rule")
	if err != nil {
		return err
	}
	in := ent.CreatePricingRuleInput{PlanID: p.ID, MetricID: m.ID}
	if in.Min, err = params.Int64("min"); err != nil {
		return err
	}
	if in.Max, err = params.Int64("max"); err != nil {
		return err
	}
	if in.CostPerUnit, err = params.Decimal("cost_per_unit"); err != nil {
		return err
	}
	r, err := a.catalog.CreatePricingRule(c.Context(), in)
	if err != nil {
		return err
	}
	return c.created("pricing_rule", c.pricingRuleOf(r))
}

// DeletePricingRule deletes a pricing rule.
func (a *API) DeletePricingRule(c *Call) error {
	p, m, err := a.planMetric(c)
	if err != nil {
		return err
	}
	id, err := c.intPath("id")
	if err != nil {
		return err
	}
	r, err := a.client.PricingRule.Query().Where(pricingrule.ID(id), pricingrule.PlanID(p.ID), pricingrule.MetricID(m.ID)).Only(c.Context())
	if err != nil {
		return problem.NotFoundIf(err, "pricing rule %d not found", id)
	}
	if err := a.catalog.DeletePricingRule(c.Context(), r.ID); err != nil {
		return err
	}
	return c.deleted()
}

// Features.

type featureRep struct {
	ID          int    `json:"id" xml:"id"`
	Name        string `json:"name" xml:"name"`
	SystemName  string `json:"system_name" xml:"system_name"`
	ServiceID   *int   `json:"service_id,omitempty" xml:"service_id,omitempty"`
	AccountID   *int   `json:"account_id,omitempty" xml:"account_id,omitempty"`
	Scope       string `json:"scope" xml:"scope"`
	Visible     bool   `json:"visible" xml:"visible"`
	Description string `json:"description" xml:"description"`
	CreatedAt   string `json:"created_at" xml:"-"`
	UpdatedAt   string `json:"updated_at" xml:"-"`
}

func (c *Call) featureOf(f *ent.Feature) featureRep {
	r := featureRep{ID: f.ID, Name: f.Name, SystemName: f.SystemName, ServiceID: f.ProductID,
		Scope: strings.ToLower(string(f.Scope)), Visible: f.Visible, Description: f.Description,
		CreatedAt: c.stamp(f.CreatedAt), UpdatedAt: c.stamp(f.UpdatedAt)}
	if f.ProductID == nil {
		r.AccountID = &f.TenantID
	}
	return r
}

func (c *Call) respondFeatures(fs []*ent.Feature) error {
	items := make([]featureRep, len(fs))
	for i, f := range fs {
		items[i] = c.featureOf(f)
	}
	return RespondList(c, "features", "feature", items, nil)
}

// ServiceFeatures lists a product's features.
// GET /admin/api/services/{service_id}/features
func (a *API) ServiceFeatures(c *Call) error {
	p, err := a.product(c, "service_id")
	if err != nil {
		return err
	}
	fs, err := a.client.Feature.Query().Where(feature.ProductID(p.ID)).Order(ent.Asc(feature.FieldID)).All(c.Context())
	if err != nil {
		return err
	}
	return c.respondFeatures(fs)
}

func (a *API) serviceFeature(c *Call) (*ent.Feature, error) {
	p, err := a.product(c, "service_id")
	if err != nil {
		return nil, err
	}
	id, err := c.intPath("id")
	if err != nil {
		return nil, err
	}
	f, err := a.client.Feature.Query().Where(feature.ID(id), feature.ProductID(p.ID)).Only(c.Context())
	if err != nil {
		return nil, problem.NotFoundIf(err, "feature %d not found", id)
	}
	return f, nil
}

// ServiceFeature reads one feature of a product.
func (a *API) ServiceFeature(c *Call) error {
	f, err := a.serviceFeature(c)
	if err != nil {
		return err
	}
	return c.ok("feature", c.featureOf(f))
}

// CreateServiceFeature creates a feature of a product, for application
// plans unless scope says ServicePlan.
func (a *API) CreateServiceFeature(c *Call) error {
	prod, err := a.product(c, "service_id")
	if err != nil {
		return err
	}
	p, err := c.Params("feature")
	if err != nil {
		return err
	}
	name, err := p.required("name")
	if err != nil {
		return err
	}
	in := ent.CreateFeatureInput{Name: name, SystemName: p.Text("system_name"), Description: p.String("description"), ProductID: &prod.ID}
	if in.SystemName == "" {
		in.SystemName = systemNameFrom(name)
	}
	switch p.Text("scope") {
	case "", "ApplicationPlan", "application_plan":
		s := feature.ScopeAPPLICATION_PLAN
		in.Scope = &s
	case "ServicePlan", "service_plan":
		s := feature.ScopeSERVICE_PLAN
		in.Scope = &s
	default:
		return problem.Invalid("scope", "is not included in the list")
	}
	if in.Visible, err = p.Bool("visible"); err != nil {
		return err
	}
	f, err := a.catalog.CreateFeature(c.Context(), in)
	if err != nil {
		return err
	}
	return c.created("feature", c.featureOf(f))
}

// UpdateServiceFeature changes a feature's name, description or visibility.
func (a *API) UpdateServiceFeature(c *Call) error {
	cur, err := a.serviceFeature(c)
	if err != nil {
		return err
	}
	p, err := c.Params("feature")
	if err != nil {
		return err
	}
	in := ent.UpdateFeatureInput{Name: p.String("name"), Description: p.String("description")}
	if in.Visible, err = p.Bool("visible"); err != nil {
		return err
	}
	f, err := a.catalog.UpdateFeature(c.Context(), cur.ID, in)
	if err != nil {
		return err
	}
	return c.ok("feature", c.featureOf(f))
}

// DeleteServiceFeature deletes a feature.
func (a *API) DeleteServiceFeature(c *Call) error {
	f, err := a.serviceFeature(c)
	if err != nil {
		return err
	}
	if err := a.catalog.DeleteFeature(c.Context(), f.ID); err != nil {
		return err
	}
	return c.deleted()
}

// PlanFeatures lists the features a plan enables.
// GET /admin/api/application_plans/{plan_id}/features
func (a *API) PlanFeatures(c *Call) error {
	p, err := a.appPlan(c, "plan_id")
	if err != nil {
		return err
	}
	fs, err := a.client.Plan.QueryFeatures(p).Order(ent.Asc(feature.FieldID)).All(c.Context())
	if err != nil {
		return err
	}
	return c.respondFeatures(fs)
}

// EnablePlanFeature enables a feature (feature_id) on a plan.
// POST /admin/api/application_plans/{plan_id}/features
func (a *API) EnablePlanFeature(c *Call) error {
	p, err := a.appPlan(c, "plan_id")
	if err != nil {
		return err
	}
	params, err := c.Params("")
	if err != nil {
		return err
	}
	fid, err := params.Int("feature_id")
	if err != nil {
		return err
	}
	if fid == nil {
		return problem.Invalid("feature_id", "can't be blank")
	}
	f, err := a.client.Feature.Get(c.Context(), *fid)
	if err != nil {
		return problem.NotFoundIf(err, "feature %d not found", *fid)
	}
	if _, err := a.catalog.UpdatePlan(c.Context(), p.ID, ent.UpdatePlanInput{AddFeatureIDs: []int{f.ID}}); err != nil {
		return err
	}
	return c.created("feature", c.featureOf(f))
}

// DisablePlanFeature disables a feature on a plan.
// DELETE /admin/api/application_plans/{plan_id}/features/{id}
func (a *API) DisablePlanFeature(c *Call) error {
	p, err := a.appPlan(c, "plan_id")
	if err != nil {
		return err
	}
	id, err := c.intPath("id")
	if err != nil {
		return err
	}
	on, err := a.client.Plan.QueryFeatures(p).Where(feature.ID(id)).Exist(c.Context())
	if err != nil {
		return err
	}
	if !on {
		return errNotFound
	}
	if _, err := a.catalog.UpdatePlan(c.Context(), p.ID, ent.UpdatePlanInput{RemoveFeatureIDs: []int{id}}); err != nil {
		return err
	}
	return c.deleted()
}

func nullableInt(n *int64) nullable {
	if n == nil {
		return nullable{}
	}
	return nullable{*n}
}
