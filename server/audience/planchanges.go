package audience

import (
	"context"
	"fmt"

	"github.com/shopspring/decimal"

	"github.com/portico-apim/portico/ent"
	"github.com/portico-apim/portico/ent/paymentprofile"
	"github.com/portico-apim/portico/ent/plan"
	"github.com/portico-apim/portico/ent/planchangerequest"
	"github.com/portico-apim/portico/ent/pricingrule"
	"github.com/portico-apim/portico/ent/servicesubscription"
	"github.com/portico-apim/portico/ent/tenant"
	"github.com/portico-apim/portico/schema/viewer"
	"github.com/portico-apim/portico/server/notify"
	"github.com/portico-apim/portico/server/payments"
	"github.com/portico-apim/portico/server/problem"
)

// PlanChangePath is the stable admin-portal path of a plan change request:
// the application's page, opened on the request.
func PlanChangePath(r *ent.PlanChangeRequest) string {
	return fmt.Sprintf("/audience/applications/%d?planChangeRequest=%d", r.ApplicationID, r.ID)
}

// PlanChangeOutcome is what a developer's plan change led to: the plan
// changed at once (product setting DIRECT), or a request waiting for an
// admin.
type PlanChangeOutcome struct {
	Application *ent.Application
	Request     *ent.PlanChangeRequest
}

// RequestPlanChange is a developer user asking to move one of its account's
// applications to another application plan of the product. The product's
// plan_change_permission decides: DIRECT changes the plan at once, NONE
// refuses, REQUEST records a PlanChangeRequest and emails the tenant's admins
// a link to it. The credit-card modes change the plan at once when the
// account has a card stored or the plan costs nothing; otherwise CREDIT_CARD
// refuses until a card is entered and REQUEST_CREDIT_CARD records a request.
// A change made at once is billed as any plan change (prorated refund and
// fee lines).
func (s *Service) RequestPlanChange(ctx context.Context, userID, applicationID, planID int) (*PlanChangeOutcome, error) {
	out := &PlanChangeOutcome{}
	err := s.tx(ctx, func(ctx context.Context, c *ent.Client) error {
		u, err := developerUser(ctx, c, userID)
		if err != nil {
			return err
		}
		ctx = viewer.AsDeveloper(ctx, *u.AccountID, u.ID)
		app, err := c.Application.Get(ctx, applicationID)
		if err != nil || app.AccountID != *u.AccountID {
			return problem.NotFound("application %d not found", applicationID)
		}
		to, err := developerPlan(ctx, c, planID, plan.KindAPPLICATION, &app.ProductID)
		if err != nil {
			return err
		}
		if app.PlanID == planID {
			return problem.Conflict("the application is already on plan %q", to.Name)
		}
		prod, err := c.Product.Get(ctx, app.ProductID)
		if err != nil {
			return err
		}
		direct, err := developerRoute(ctx, c, string(prod.PlanChangePermission), app.AccountID, to,
			fmt.Sprintf("plan changes of product %q are made by its provider only", prod.Name))
		if err != nil {
			return err
		}
		if direct {
			out.Application, err = s.ChangeApplicationPlan(ctx, applicationID, planID)
			return err
		}
		pending, err := c.PlanChangeRequest.Query().Where(planchangerequest.ApplicationID(applicationID),
			planchangerequest.StateEQ(planchangerequest.StatePENDING)).Exist(ctx)
		if err != nil {
			return err
		}
		if pending {
			return problem.Conflict("a plan change of this application is already waiting for approval")
		}
		out.Request, err = c.PlanChangeRequest.Create().SetApplicationID(app.ID).SetAccountID(app.AccountID).
			SetProductID(app.ProductID).SetFromPlanID(app.PlanID).SetToPlanID(planID).SetRequestedByID(u.ID).Save(ctx)
		if err != nil {
			return err
		}
		out.Application = app
		from, err := c.Plan.Get(ctx, app.PlanID)
		if err != nil {
			return err
		}
		pid := app.ProductID
		return s.tellTeam(ctx, c, u.TenantID, notify.Item{Kind: notify.ApplicationPlanChangeRequested, ProductID: &pid,
			Title: fmt.Sprintf("Plan change requested for %s: %s to %s", app.Name, from.Name, to.Name),
			Body: fmt.Sprintf("A developer asks to change the plan of an application.\n\nApplication: %s\nProduct: %s\nCurrent plan: %s\nRequested plan: %s",
				app.Name, prod.Name, from.Name, to.Name),
			Link:  PlanChangePath(out.Request),
			Email: emailPlanChangeRequested, Data: PlanChangeEmail{
				Application: app.Name, Product: prod.Name, CurrentPlan: from.Name, RequestedPlan: to.Name,
				ChangePath: PlanChangePath(out.Request),
			}})
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// ResolvePlanChange applies (the application moves to the requested plan)
// or dismisses a pending plan change request; the developer account is told
// by message and email either way.
func (s *Service) ResolvePlanChange(ctx context.Context, id int, apply bool) (*ent.PlanChangeRequest, error) {
	var out *ent.PlanChangeRequest
	err := s.tx(ctx, func(ctx context.Context, c *ent.Client) error {
		r, err := c.PlanChangeRequest.Get(ctx, id)
		if err != nil {
			return problem.NotFoundIf(err, "plan change request %d not found", id)
		}
		if r.State != planchangerequest.StatePENDING {
			return problem.Conflict("the plan change request was already %s", map[planchangerequest.State]string{
				planchangerequest.StateAPPLIED: "applied", planchangerequest.StateDISMISSED: "dismissed"}[r.State])
		}
		app, err := c.Application.Get(ctx, r.ApplicationID)
		if err != nil {
			return err
		}
		to, err := c.Plan.Get(ctx, r.ToPlanID)
		if err != nil {
			return err
		}
		state, text := planchangerequest.StateDISMISSED, emailPlanChangeDeclined
		if apply {
			if _, err := s.ChangeApplicationPlan(ctx, r.ApplicationID, r.ToPlanID); err != nil {
				return err
			}
			state, text = planchangerequest.StateAPPLIED, emailPlanChangeApplied
		}
		if s.mail == nil {
			return fmt.Errorf("audience: no mailer configured")
		}
		from, err := c.Plan.Get(ctx, r.FromPlanID)
		if err != nil {
			return err
		}
		prod, err := c.Product.Get(ctx, r.ProductID)
		if err != nil {
			return err
		}
		subject, body, err := s.mail.Render(ctx, c, r.TenantID, text, PlanChangeEmail{Application: app.Name, Product: prod.Name,
			CurrentPlan: from.Name, RequestedPlan: to.Name, ChangePath: PlanChangePath(r)})
		if err != nil {
			return err
		}
		upd := c.PlanChangeRequest.UpdateOneID(id).SetState(state).SetResolvedAt(s.now())
		if v := viewer.FromContext(ctx); v != nil && v.UserID != 0 {
			upd.SetResolvedByID(v.UserID)
		}
		if out, err = upd.Save(ctx); err != nil {
			return err
		}
		m, err := s.newMessage(ctx, c, MessageInput{Subject: subject, Body: body}, nil)
		if err != nil {
			return err
		}
		return s.deliver(ctx, c, m, r.AccountID)
	})
	return out, err
}

// tellTeam publishes a notification to the tenant's team, through c.
func (s *Service) tellTeam(ctx context.Context, c *ent.Client, tenantID int, it notify.Item) error {
	if s.notify == nil {
		return nil
	}
	return s.notify.Publish(ctx, c, tenantID, it)
}

// ContractPlanChange is what a developer's change of its account plan or of
// a service plan led to: the account or subscription (on the new plan when
// it changed at once), and whether the team was asked to make the change
// instead.
type ContractPlanChange struct {
	Account      *ent.Account
	Subscription *ent.ServiceSubscription
	Requested    bool
}

// RequestAccountPlanChange is a developer user asking to move its account to
// another published account plan, under the tenant's
// change_account_plan_permission (see developerRoute). A request is, as in
// 3scale, a notification to the team linking to the account, where an
// admin changes the plan.
func (s *Service) RequestAccountPlanChange(ctx context.Context, userID, planID int) (*ContractPlanChange, error) {
	out := &ContractPlanChange{}
	err := s.tx(ctx, func(ctx context.Context, c *ent.Client) error {
		u, err := developerUser(ctx, c, userID)
		if err != nil {
			return err
		}
		ctx = viewer.AsDeveloper(ctx, *u.AccountID, u.ID)
		acc, err := c.Account.Get(ctx, *u.AccountID)
		if err != nil {
			return err
		}
		to, err := developerPlan(ctx, c, planID, plan.KindACCOUNT, nil)
		if err != nil {
			return err
		}
		if acc.PlanID != nil && *acc.PlanID == planID {
			return problem.Conflict("the account is already on plan %q", to.Name)
		}
		direct, err := levelRoute(ctx, c, u.TenantID, acc.ID, to, "account")
		if err != nil {
			return err
		}
		if direct {
			out.Account, err = s.ChangeAccountPlan(ctx, acc.ID, planID)
			return err
		}
		out.Account, out.Requested = acc, true
		from := "no plan"
		if acc.PlanID != nil {
			p, err := c.Plan.Get(ctx, *acc.PlanID)
			if err != nil {
				return err
			}
			from = p.Name
		}
		return s.tellTeam(ctx, c, u.TenantID, notify.Item{Kind: notify.AccountPlanChangeRequested,
			Title: fmt.Sprintf("Account plan change requested for %s: %s to %s", acc.OrgName, from, to.Name),
			Body: fmt.Sprintf("A developer asks to change the plan of their account. Open the account to change it.\n\nAccount: %s\nCurrent plan: %s\nRequested plan: %s",
				acc.OrgName, from, to.Name),
			Link: fmt.Sprintf("/audience/accounts/%d", acc.ID)})
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// RequestServicePlanChange is a developer user asking to move one of its
// account's service subscriptions to another published service plan of the
// product, under the tenant's change_service_plan_permission, as
// RequestAccountPlanChange does for the account plan.
func (s *Service) RequestServicePlanChange(ctx context.Context, userID, subscriptionID, planID int) (*ContractPlanChange, error) {
	out := &ContractPlanChange{}
	err := s.tx(ctx, func(ctx context.Context, c *ent.Client) error {
		u, err := developerUser(ctx, c, userID)
		if err != nil {
			return err
		}
		ctx = viewer.AsDeveloper(ctx, *u.AccountID, u.ID)
		sub, err := c.ServiceSubscription.Query().Where(servicesubscription.ID(subscriptionID),
			servicesubscription.AccountID(*u.AccountID)).WithAccount().WithProduct().WithPlan().Only(ctx)
		if err != nil {
			return problem.NotFoundIf(err, "service subscription %d not found", subscriptionID)
		}
		to, err := developerPlan(ctx, c, planID, plan.KindSERVICE, &sub.ProductID)
		if err != nil {
			return err
		}
		if sub.PlanID == planID {
			return problem.Conflict("the subscription is already on plan %q", to.Name)
		}
		direct, err := levelRoute(ctx, c, u.TenantID, sub.AccountID, to, "service")
		if err != nil {
			return err
		}
		if direct {
			out.Subscription, err = s.ChangeSubscriptionPlan(ctx, subscriptionID, planID)
			return err
		}
		out.Subscription, out.Requested = sub, true
		acc, prod, from := sub.Edges.Account, sub.Edges.Product, sub.Edges.Plan
		pid := sub.ProductID
		return s.tellTeam(ctx, c, u.TenantID, notify.Item{Kind: notify.SubscriptionPlanChangeRequested, ProductID: &pid,
			Title: fmt.Sprintf("Service plan change requested for %s on %s: %s to %s", acc.OrgName, prod.Name, from.Name, to.Name),
			Body: fmt.Sprintf("A developer asks to change the service plan of their subscription. Open the account to change it.\n\nAccount: %s\nProduct: %s\nCurrent plan: %s\nRequested plan: %s",
				acc.OrgName, prod.Name, from.Name, to.Name),
			Link: fmt.Sprintf("/audience/accounts/%d", acc.ID)})
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// developerUser is the developer user userID (not found for a team user).
func developerUser(ctx context.Context, c *ent.Client, userID int) (*ent.User, error) {
	u, err := c.User.Get(ctx, userID)
	if err != nil || u.AccountID == nil {
		return nil, problem.NotFound("developer user %d not found", userID)
	}
	return u, nil
}

// developerPlan is plan planID as a developer may choose it: of the kind
// (and product), published and not an application's custom plan; any other
// plan is not found, as developers do not see it.
func developerPlan(ctx context.Context, c *ent.Client, planID int, kind plan.Kind, productID *int) (*ent.Plan, error) {
	if err := checkPlanKind(ctx, c, planID, kind, productID); err != nil {
		return nil, err
	}
	to, err := c.Plan.Get(ctx, planID)
	if err != nil {
		return nil, err
	}
	if to.OriginalID != nil || to.State != plan.StatePUBLISHED {
		return nil, problem.NotFound("plan %d not found", planID)
	}
	return to, nil
}

// levelRoute is developerRoute for a change of an account plan (level
// "account") or a service plan ("service"), under the tenant's permission
// for that level.
func levelRoute(ctx context.Context, c *ent.Client, tenantID, accountID int, to *ent.Plan, level string) (bool, error) {
	t, err := c.Tenant.Query().Where(tenant.ID(tenantID)).Only(ctx)
	if err != nil {
		return false, err
	}
	perm := t.ChangeAccountPlanPermission.String()
	if level == "service" {
		perm = t.ChangeServicePlanPermission.String()
	}
	return developerRoute(ctx, c, perm, accountID, to, level+" plans are changed by the provider only")
}

// developerRoute decides how a developer's change of accountID's contract to
// plan to goes under one of 3scale's plan change permissions (perm): true
// when the plan changes at once, false when it becomes a request to the
// team, or the error that refuses it. DIRECT changes at once and NONE
// refuses with noneMsg; the credit-card modes change at once when the
// account has a card stored or the plan costs nothing, and otherwise
// CREDIT_CARD refuses while REQUEST_CREDIT_CARD (like REQUEST) asks.
func developerRoute(ctx context.Context, c *ent.Client, perm string, accountID int, to *ent.Plan, noneMsg string) (bool, error) {
	switch perm {
	case "NONE":
		return false, problem.Forbidden("%s", noneMsg)
	case "DIRECT":
		return true, nil
	case "CREDIT_CARD", "REQUEST_CREDIT_CARD":
		direct, err := cardOrFree(ctx, c, accountID, to)
		if err != nil || direct {
			return direct, err
		}
		if perm == "CREDIT_CARD" {
			return false, problem.Forbidden("you cannot change to the paid plan %q until you enter your credit card details", to.Name)
		}
	}
	return false, nil
}

// cardOrFree says whether a change to plan to needs no card: the account has
// a card stored, or the plan costs nothing (no setup fee, no monthly cost and
// no pricing rule with a price).
func cardOrFree(ctx context.Context, c *ent.Client, accountID int, to *ent.Plan) (bool, error) {
	card, err := c.PaymentProfile.Query().Where(paymentprofile.AccountID(accountID), payments.CardStored()).Exist(ctx)
	if err != nil || card {
		return card, err
	}
	if to.SetupFee.IsPositive() || to.CostPerMonth.IsPositive() {
		return false, nil
	}
	priced, err := to.QueryPricingRules().Where(pricingrule.CostPerUnitGT(decimal.Zero)).Exist(ctx)
	return !priced, err
}
