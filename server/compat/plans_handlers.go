package compat

import (
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/portico-apim/portico/ent"
	"github.com/portico-apim/portico/ent/feature"
	"github.com/portico-apim/portico/ent/plan"
	"github.com/portico-apim/portico/ent/predicate"
	"github.com/portico-apim/portico/ent/pricingrule"
	"github.com/portico-apim/portico/ent/usagelimit"
	"github.com/portico-apim/portico/server/problem"
)

// Plans of the three kinds, limits, pricing rules and features, spec §2.4,
// §2.5, §2.9, §3.6–3.8 and §3.11.

// PlanKind is one of the kinds of plans the REST API serves the same way:
// application plans and service plans of a product, account plans of the
// provider.
type PlanKind struct {
	kind    plan.Kind
	name    string // the type, the JSON root and the parameters' wrapper
	label   string // in messages
	path    string // the collection's path segment
	product bool   // belongs to a product
}

// The plan kinds.
var (
	ApplicationPlans = PlanKind{plan.KindAPPLICATION, "application_plan", "application plan", "application_plans", true}
	ServicePlans     = PlanKind{plan.KindSERVICE, "service_plan", "service plan", "service_plans", true}
	AccountPlans     = PlanKind{plan.KindACCOUNT, "account_plan", "account plan", "account_plans", false}
)

// Path is the kind's collection segment: application_plans, service_plans,
// account_plans.
func (k PlanKind) Path() string { return k.path }

func kindOf(k plan.Kind) PlanKind {
	switch k {
	case plan.KindSERVICE:
		return ServicePlans
	case plan.KindACCOUNT:
		return AccountPlans
	}
	return ApplicationPlans
}

type planRep struct {
	XMLCustom          string `json:"-" xml:"custom,attr,omitempty"`
	XMLDefault         string `json:"-" xml:"default,attr,omitempty"`
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
	Custom             *bool  `json:"custom,omitempty" xml:"-"`
	SystemName         string `json:"system_name,omitempty" xml:"-"`
	CreatedAt          string `json:"created_at" xml:"-"`
	UpdatedAt          string `json:"updated_at" xml:"-"`
	Links              []link `json:"links,omitempty" xml:"-"`
}

// planOf represents a plan as §3.6 says for its kind: application plans
// carry custom and default attributes, a system name and links; service
// plans links and default only when they are; account plans no product.
func (c *Call) planOf(p *ent.Plan) planRep {
	k := kindOf(p.Kind)
	r := planRep{ID: p.ID, Name: p.Name, Type: k.name, State: strings.ToLower(string(p.State)),
		ApprovalRequired: p.ApprovalRequired, SetupFee: money(p.SetupFee), CostPerMonth: money(p.CostPerMonth),
		TrialPeriodDays: p.TrialPeriodDays, ServiceID: p.ProductID, Default: p.IsDefault,
		CreatedAt: c.stamp(p.CreatedAt), UpdatedAt: c.stamp(p.UpdatedAt)}
	if p.IsDefault {
		r.XMLDefault = "true"
	}
	if k.kind == plan.KindAPPLICATION {
		custom := p.OriginalID != nil
		r.Custom, r.SystemName = &custom, p.SystemName
		r.XMLCustom, r.XMLDefault = strconv.FormatBool(custom), strconv.FormatBool(p.IsDefault)
	}
	if p.ProductID != nil {
		base := "/admin/api/services/" + strconv.Itoa(*p.ProductID)
		r.Links = []link{c.link("service", base), c.link("self", base+"/"+k.path+"/"+strconv.Itoa(p.ID))}
	}
	return r
}

// planRoot is the root of one plan: <plan> in XML.
func (c *Call) planRoot(k PlanKind) string {
	if c.Format == XML {
		return "plan"
	}
	return k.name
}

func (c *Call) respondPlans(k PlanKind, ps []*ent.Plan) error {
	items := make([]planRep, len(ps))
	for i, p := range ps {
		items[i] = c.planOf(p)
	}
	return RespondList(c, "plans", c.planRoot(k), items, nil)
}

// AllPlans lists the plans of a kind: of every product, or the account
// plans. GET /admin/api/application_plans, /service_plans, /account_plans
func (a *API) AllPlans(k PlanKind) HandlerFunc {
	return func(c *Call) error {
		ps, err := a.client.Plan.Query().Where(plan.KindEQ(k.kind)).Order(ent.Asc(plan.FieldID)).All(c.Context())
		if err != nil {
			return err
		}
		return c.respondPlans(k, ps)
	}
}

// ProductPlans lists a product's plans of a kind.
// GET /admin/api/services/{service_id}/application_plans (service_plans)
func (a *API) ProductPlans(k PlanKind) HandlerFunc {
	return func(c *Call) error {
		p, err := a.product(c, "service_id")
		if err != nil {
			return err
		}
		ps, err := a.client.Plan.Query().Where(plan.KindEQ(k.kind), plan.ProductID(p.ID)).
			Order(ent.Asc(plan.FieldID)).All(c.Context())
		if err != nil {
			return err
		}
		return c.respondPlans(k, ps)
	}
}

// kindPlan finds the plan of kind k of path value name; under a product
// route it must belong to that product.
func (a *API) kindPlan(c *Call, k PlanKind, name string) (*ent.Plan, error) {
	id, err := c.intPath(name)
	if err != nil {
		return nil, err
	}
	q := a.client.Plan.Query().Where(plan.ID(id), plan.KindEQ(k.kind))
	if c.R.PathValue("service_id") != "" {
		prod, err := a.product(c, "service_id")
		if err != nil {
			return nil, err
		}
		q.Where(plan.ProductID(prod.ID))
	}
	p, err := q.Only(c.Context())
	if err != nil {
		return nil, problem.NotFoundIf(err, "%s %d not found", k.label, id)
	}
	return p, nil
}

// ReadPlan reads one plan.
// GET /admin/api/services/{service_id}/application_plans/{id}, /admin/api/account_plans/{id}
func (a *API) ReadPlan(k PlanKind) HandlerFunc {
	return func(c *Call) error {
		p, err := a.kindPlan(c, k, "id")
		if err != nil {
			return err
		}
		return c.ok(c.planRoot(k), c.planOf(p))
	}
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

// planPrices reads the fields every kind of plan shares.
func planPrices(p *Params, approval **bool, setup, monthly **decimal.Decimal, trial **int) error {
	var err error
	if *approval, err = p.Bool("approval_required"); err != nil {
		return err
	}
	if *setup, err = p.Decimal("setup_fee"); err != nil {
		return err
	}
	if *monthly, err = p.Decimal("cost_per_month"); err != nil {
		return err
	}
	*trial, err = p.Int("trial_period_days")
	return err
}

// CreatePlan creates a plan of kind k: of the product of the path, or an
// account plan. POST /admin/api/services/{service_id}/application_plans,
// /admin/api/account_plans
func (a *API) CreatePlan(k PlanKind) HandlerFunc {
	return func(c *Call) error {
		in := ent.CreatePlanInput{Kind: k.kind}
		if k.product {
			prod, err := a.product(c, "service_id")
			if err != nil {
				return err
			}
			in.ProductID = &prod.ID
		}
		p, err := c.Params(k.name)
		if err != nil {
			return err
		}
		if in.Name, err = p.required("name"); err != nil {
			return err
		}
		in.SystemName, in.Description = p.Text("system_name"), p.String("description")
		if in.SystemName == "" {
			in.SystemName = systemNameFrom(in.Name)
		}
		if in.State, err = planState(p); err != nil {
			return err
		}
		if err := planPrices(p, &in.ApprovalRequired, &in.SetupFee, &in.CostPerMonth, &in.TrialPeriodDays); err != nil {
			return err
		}
		pl, err := a.catalog.CreatePlan(c.Context(), in)
		if err != nil {
			return err
		}
		return c.created(c.planRoot(k), c.planOf(pl))
	}
}

// UpdatePlan changes a plan (PUT or PATCH).
// PUT /admin/api/services/{service_id}/application_plans/{id}, /admin/api/account_plans/{id}
func (a *API) UpdatePlan(k PlanKind) HandlerFunc {
	return func(c *Call) error {
		cur, err := a.kindPlan(c, k, "id")
		if err != nil {
			return err
		}
		p, err := c.Params(k.name)
		if err != nil {
			return err
		}
		in := ent.UpdatePlanInput{Name: p.String("name"), Description: p.String("description")}
		if in.State, err = planState(p); err != nil {
			return err
		}
		if err := planPrices(p, &in.ApprovalRequired, &in.SetupFee, &in.CostPerMonth, &in.TrialPeriodDays); err != nil {
			return err
		}
		pl, err := a.catalog.UpdatePlan(c.Context(), cur.ID, in)
		if err != nil {
			return err
		}
		return c.ok(c.planRoot(k), c.planOf(pl))
	}
}

// DeletePlan deletes a plan nothing is on.
// DELETE /admin/api/services/{service_id}/application_plans/{id}, /admin/api/account_plans/{id}
func (a *API) DeletePlan(k PlanKind) HandlerFunc {
	return func(c *Call) error {
		p, err := a.kindPlan(c, k, "id")
		if err != nil {
			return err
		}
		if err := a.catalog.DeletePlan(c.Context(), p.ID); err != nil {
			return err
		}
		return c.deleted()
	}
}

// DefaultPlan makes a plan the default of its kind (for its product).
// PUT /admin/api/services/{service_id}/application_plans/{id}/default, /admin/api/account_plans/{id}/default
func (a *API) DefaultPlan(k PlanKind) HandlerFunc {
	return func(c *Call) error {
		p, err := a.kindPlan(c, k, "id")
		if err != nil {
			return err
		}
		pl, err := a.catalog.SetDefaultPlan(c.Context(), p.ID, true)
		if err != nil {
			return err
		}
		return c.ok(c.planRoot(k), c.planOf(pl))
	}
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
	p, err := a.kindPlan(c, ApplicationPlans, "plan_id")
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

// featureOwner returns the predicate of the features a route addresses:
// the product's under /services/{service_id}, else the provider's own
// (for account plans).
func (a *API) featureOwner(c *Call) (*int, predicate.Feature, error) {
	if c.R.PathValue("service_id") == "" {
		return nil, feature.ProductIDIsNil(), nil
	}
	p, err := a.product(c, "service_id")
	if err != nil {
		return nil, nil, err
	}
	return &p.ID, feature.ProductID(p.ID), nil
}

// ServiceFeatures lists a product's features, or the provider's.
// GET /admin/api/services/{service_id}/features, /admin/api/features
func (a *API) ServiceFeatures(c *Call) error {
	_, owner, err := a.featureOwner(c)
	if err != nil {
		return err
	}
	fs, err := a.client.Feature.Query().Where(owner).Order(ent.Asc(feature.FieldID)).All(c.Context())
	if err != nil {
		return err
	}
	return c.respondFeatures(fs)
}

func (a *API) serviceFeature(c *Call) (*ent.Feature, error) {
	_, owner, err := a.featureOwner(c)
	if err != nil {
		return nil, err
	}
	id, err := c.intPath("id")
	if err != nil {
		return nil, err
	}
	f, err := a.client.Feature.Query().Where(feature.ID(id), owner).Only(c.Context())
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

// CreateServiceFeature creates a feature: of a product, for application
// plans unless scope says ServicePlan; of the provider, for account plans.
// POST /admin/api/services/{service_id}/features, /admin/api/features
func (a *API) CreateServiceFeature(c *Call) error {
	prod, _, err := a.featureOwner(c)
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
	in := ent.CreateFeatureInput{Name: name, SystemName: p.Text("system_name"), Description: p.String("description"), ProductID: prod}
	if in.SystemName == "" {
		in.SystemName = systemNameFrom(name)
	}
	scope := feature.ScopeACCOUNT_PLAN
	switch s := p.Text("scope"); {
	case prod == nil && (s == "" || s == "AccountPlan" || s == "account_plan"):
	case prod != nil && (s == "" || s == "ApplicationPlan" || s == "application_plan"):
		scope = feature.ScopeAPPLICATION_PLAN
	case prod != nil && (s == "ServicePlan" || s == "service_plan"):
		scope = feature.ScopeSERVICE_PLAN
	default:
		return problem.Invalid("scope", "is not included in the list")
	}
	in.Scope = &scope
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
// GET /admin/api/application_plans/{plan_id}/features (service_plans, account_plans)
func (a *API) PlanFeatures(k PlanKind) HandlerFunc {
	return func(c *Call) error {
		p, err := a.kindPlan(c, k, "plan_id")
		if err != nil {
			return err
		}
		fs, err := a.client.Plan.QueryFeatures(p).Order(ent.Asc(feature.FieldID)).All(c.Context())
		if err != nil {
			return err
		}
		return c.respondFeatures(fs)
	}
}

// EnablePlanFeature enables a feature (feature_id) on a plan.
// POST /admin/api/application_plans/{plan_id}/features (service_plans, account_plans)
func (a *API) EnablePlanFeature(k PlanKind) HandlerFunc {
	return func(c *Call) error { return a.enablePlanFeature(c, k) }
}

func (a *API) enablePlanFeature(c *Call, k PlanKind) error {
	p, err := a.kindPlan(c, k, "plan_id")
	if err != nil {
		return err
	}
	params, err := c.Params("")
	if err != nil {
		return err
	}
	fid, err := params.requiredInt("feature_id")
	if err != nil {
		return err
	}
	f, err := a.client.Feature.Get(c.Context(), fid)
	if err != nil {
		return problem.NotFoundIf(err, "feature %d not found", fid)
	}
	if _, err := a.catalog.UpdatePlan(c.Context(), p.ID, ent.UpdatePlanInput{AddFeatureIDs: []int{f.ID}}); err != nil {
		return err
	}
	return c.created("feature", c.featureOf(f))
}

// DisablePlanFeature disables a feature on a plan.
// DELETE /admin/api/application_plans/{plan_id}/features/{id} (service_plans, account_plans)
func (a *API) DisablePlanFeature(k PlanKind) HandlerFunc {
	return func(c *Call) error { return a.disablePlanFeature(c, k) }
}

func (a *API) disablePlanFeature(c *Call, k PlanKind) error {
	p, err := a.kindPlan(c, k, "plan_id")
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
