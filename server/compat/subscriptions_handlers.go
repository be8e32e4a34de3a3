package compat

import (
	"strings"

	"github.com/portico-apim/portico/ent"
	"github.com/portico-apim/portico/ent/plan"
	"github.com/portico-apim/portico/ent/servicesubscription"
	"github.com/portico-apim/portico/server/audience"
	"github.com/portico-apim/portico/server/problem"
)

// Service subscriptions and the plans an account is on, spec §2.1, §2.5
// and §3.14.

type subscriptionRep struct {
	ID                    int     `json:"id"`
	PlanID                int     `json:"plan_id"`
	UserAccountID         int     `json:"user_account_id"`
	CreatedAt             string  `json:"created_at"`
	UpdatedAt             string  `json:"updated_at"`
	State                 string  `json:"state"`
	PaidUntil             *string `json:"paid_until"`
	TrialPeriodExpiresAt  *string `json:"trial_period_expires_at"`
	SetupFee              money   `json:"setup_fee"`
	Type                  string  `json:"type"`
	VariableCostPaidUntil *string `json:"variable_cost_paid_until"`
	TenantID              int     `json:"tenant_id"`
	ServiceID             int     `json:"service_id"`
	AcceptedAt            *string `json:"accepted_at"`
}

func (a *API) subscriptionOf(c *Call, s *ent.ServiceSubscription) (subscriptionRep, error) {
	r := subscriptionRep{ID: s.ID, PlanID: s.PlanID, UserAccountID: s.AccountID, CreatedAt: c.stamp(s.CreatedAt),
		UpdatedAt: c.stamp(s.UpdatedAt), State: strings.ToLower(string(s.State)), Type: "ServiceContract",
		TenantID: s.TenantID, ServiceID: s.ProductID}
	p, err := a.client.Plan.Get(c.Context(), s.PlanID)
	if err != nil {
		return r, err
	}
	r.SetupFee = money(p.SetupFee)
	if p.TrialPeriodDays > 0 {
		end := s.CreatedAt.AddDate(0, 0, p.TrialPeriodDays)
		r.TrialPeriodExpiresAt = c.stampPtr(&end)
	}
	r.AcceptedAt = c.stampPtr(s.AcceptedAt)
	return r, nil
}

// accountSubscription finds subscription {id} of account {account_id}.
func (a *API) accountSubscription(c *Call) (*ent.Account, *ent.ServiceSubscription, error) {
	acc, err := a.account(c, "account_id")
	if err != nil {
		return nil, nil, err
	}
	id, err := c.intPath("id")
	if err != nil {
		return nil, nil, err
	}
	s, err := a.client.ServiceSubscription.Query().Where(servicesubscription.ID(id), servicesubscription.AccountID(acc.ID)).Only(c.Context())
	if err != nil {
		return nil, nil, problem.NotFoundIf(err, "service subscription %d not found", id)
	}
	return acc, s, nil
}

func (a *API) respondSubscription(c *Call, status int, s *ent.ServiceSubscription) error {
	r, err := a.subscriptionOf(c, s)
	if err != nil {
		return err
	}
	return c.Respond(status, "service_subscription", r)
}

// ServiceSubscriptions lists an account's subscriptions.
// GET /admin/api/accounts/{account_id}/service_subscriptions
func (a *API) ServiceSubscriptions(c *Call) error {
	acc, err := a.account(c, "account_id")
	if err != nil {
		return err
	}
	subs, err := a.client.ServiceSubscription.Query().Where(servicesubscription.AccountID(acc.ID)).
		Order(ent.Asc(servicesubscription.FieldID)).All(c.Context())
	if err != nil {
		return err
	}
	items := make([]subscriptionRep, len(subs))
	for i, s := range subs {
		if items[i], err = a.subscriptionOf(c, s); err != nil {
			return err
		}
	}
	return RespondList(c, "service_subscriptions", "service_subscription", items, nil)
}

// subscribe subscribes an account to the product of a service plan.
func (a *API) subscribe(c *Call, acc *ent.Account, planID int) (*ent.ServiceSubscription, *ent.Plan, error) {
	p, err := a.client.Plan.Query().Where(plan.ID(planID), plan.KindEQ(plan.KindSERVICE)).Only(c.Context())
	if err != nil {
		return nil, nil, problem.NotFoundIf(err, "service plan %d not found", planID)
	}
	s, err := a.audience.CreateSubscription(c.Context(), ent.CreateServiceSubscriptionInput{
		AccountID: acc.ID, ProductID: *p.ProductID, PlanID: p.ID})
	return s, p, err
}

// CreateServiceSubscription subscribes an account to a product, on a
// service plan (plan_id). POST /admin/api/accounts/{account_id}/service_subscriptions
func (a *API) CreateServiceSubscription(c *Call) error {
	acc, err := a.account(c, "account_id")
	if err != nil {
		return err
	}
	p, err := c.Params("service_subscription")
	if err != nil {
		return err
	}
	planID, err := p.requiredInt("plan_id")
	if err != nil {
		return err
	}
	s, _, err := a.subscribe(c, acc, planID)
	if err != nil {
		return err
	}
	return a.respondSubscription(c, 201, s)
}

// ServiceSubscription reads one subscription.
// GET /admin/api/accounts/{account_id}/service_subscriptions/{id}
func (a *API) ServiceSubscription(c *Call) error {
	_, s, err := a.accountSubscription(c)
	if err != nil {
		return err
	}
	return a.respondSubscription(c, 200, s)
}

// DeleteServiceSubscription ends a subscription, with the account's
// applications of that product.
// DELETE /admin/api/accounts/{account_id}/service_subscriptions/{id}
func (a *API) DeleteServiceSubscription(c *Call) error {
	_, s, err := a.accountSubscription(c)
	if err != nil {
		return err
	}
	if err := a.audience.Unsubscribe(c.Context(), s.ID); err != nil {
		return err
	}
	return c.deleted()
}

// ApproveServiceSubscription accepts a pending subscription.
// PUT /admin/api/accounts/{account_id}/service_subscriptions/{id}/approve
func (a *API) ApproveServiceSubscription(c *Call) error {
	_, s, err := a.accountSubscription(c)
	if err != nil {
		return err
	}
	s, err = a.audience.TransitionSubscription(c.Context(), s.ID, audience.EventAcceptSubscription)
	if err != nil {
		return err
	}
	return a.respondSubscription(c, 200, s)
}

// ChangeServiceSubscriptionPlan moves a subscription to another service plan
// of its product (plan_id); it answers the new plan.
// PUT /admin/api/accounts/{account_id}/service_subscriptions/{id}/change_plan
func (a *API) ChangeServiceSubscriptionPlan(c *Call) error {
	_, s, err := a.accountSubscription(c)
	if err != nil {
		return err
	}
	p, err := c.Params("")
	if err != nil {
		return err
	}
	planID, err := p.requiredInt("plan_id")
	if err != nil {
		return err
	}
	if s, err = a.audience.ChangeSubscriptionPlan(c.Context(), s.ID, planID); err != nil {
		return err
	}
	pl, err := a.client.Plan.Get(c.Context(), s.PlanID)
	if err != nil {
		return err
	}
	return c.ok(c.planRoot(ServicePlans), c.planOf(pl))
}

// AccountServicePlans lists the service plans an account is subscribed on.
// GET /admin/api/accounts/{account_id}/service_plans
func (a *API) AccountServicePlans(c *Call) error {
	acc, err := a.account(c, "account_id")
	if err != nil {
		return err
	}
	ps, err := a.client.Plan.Query().Where(plan.KindEQ(plan.KindSERVICE),
		plan.HasSubscriptionsWith(servicesubscription.AccountID(acc.ID))).Order(ent.Asc(plan.FieldID)).All(c.Context())
	if err != nil {
		return err
	}
	return c.respondPlans(ServicePlans, ps)
}

// BuyServicePlan subscribes an account on a service plan.
// POST /admin/api/accounts/{account_id}/service_plans/{id}/buy
func (a *API) BuyServicePlan(c *Call) error {
	acc, err := a.account(c, "account_id")
	if err != nil {
		return err
	}
	id, err := c.intPath("id")
	if err != nil {
		return err
	}
	_, p, err := a.subscribe(c, acc, id)
	if err != nil {
		return err
	}
	return c.created(c.planRoot(ServicePlans), c.planOf(p))
}

// AccountPlanOf reads the account plan an account is on.
// GET /admin/api/accounts/{account_id}/plan
func (a *API) AccountPlanOf(c *Call) error {
	acc, err := a.account(c, "account_id")
	if err != nil {
		return err
	}
	if acc.PlanID == nil {
		return problem.NotFound("account %d is on no account plan", acc.ID)
	}
	p, err := a.client.Plan.Get(c.Context(), *acc.PlanID)
	if err != nil {
		return err
	}
	return c.ok(c.planRoot(AccountPlans), c.planOf(p))
}

// ChangeAccountPlan moves an account to another account plan (plan_id).
// PUT /admin/api/accounts/{id}/change_plan
func (a *API) ChangeAccountPlan(c *Call) error {
	acc, err := a.account(c, "id")
	if err != nil {
		return err
	}
	p, err := c.Params("")
	if err != nil {
		return err
	}
	planID, err := p.requiredInt("plan_id")
	if err != nil {
		return err
	}
	if acc, err = a.audience.ChangeAccountPlan(c.Context(), acc.ID, planID); err != nil {
		return err
	}
	pl, err := a.client.Plan.Get(c.Context(), *acc.PlanID)
	if err != nil {
		return err
	}
	return c.ok(c.planRoot(AccountPlans), c.planOf(pl))
}
