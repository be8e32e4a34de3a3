package audience

import (
	"context"
	"slices"

	"github.com/portico-apim/portico/ent"
	"github.com/portico-apim/portico/ent/application"
	"github.com/portico-apim/portico/ent/fielddefinition"
	"github.com/portico-apim/portico/ent/lineitem"
	"github.com/portico-apim/portico/ent/plan"
	"github.com/portico-apim/portico/ent/product"
	"github.com/portico-apim/portico/schema"
	"github.com/portico-apim/portico/server/billing"
	"github.com/portico-apim/portico/server/problem"
	"github.com/portico-apim/portico/server/secret"
)

// CreateApplication creates an application of an account for a product on one
// of the product's application plans (its default plan when none is given is
// not assumed: the plan is required). Credentials the product's
// authentication mode needs are generated unless given. Plans that require
// approval create the application pending.
func (s *Service) CreateApplication(ctx context.Context, in ent.CreateApplicationInput) (*ent.Application, error) {
	var app *ent.Application
	err := s.tx(ctx, func(ctx context.Context, c *ent.Client) error {
		prod, err := c.Product.Get(ctx, in.ProductID)
		if err != nil {
			return problem.NotFoundIf(err, "product %d not found", in.ProductID)
		}
		if _, err := c.Account.Get(ctx, in.AccountID); err != nil {
			return problem.NotFoundIf(err, "account %d not found", in.AccountID)
		}
		if err := checkPlanKind(ctx, c, in.PlanID, plan.KindAPPLICATION, &prod.ID); err != nil {
			return err
		}
		p, err := c.Plan.Get(ctx, in.PlanID)
		if err != nil {
			return err
		}
		if p.OriginalID != nil {
			return problem.Invalid("plan_id", "plan %q is the custom plan of another application", p.Name)
		}
		if err := checkExtra(ctx, c, fielddefinition.TargetAPPLICATION, in.ExtraFields, nil); err != nil {
			return err
		}
		create := c.Application.Create().SetInput(in)
		switch prod.Authentication {
		case product.AuthenticationUSER_KEY:
			if in.AppID != nil {
				return problem.Invalid("app_id", "product %q identifies applications by user_key", prod.Name)
			}
			if in.UserKey == nil {
				create.SetUserKey(secret.UserKey())
			}
		case product.AuthenticationAPP_ID, product.AuthenticationOIDC:
			if in.UserKey != nil {
				return problem.Invalid("user_key", "product %q identifies applications by app_id", prod.Name)
			}
			if in.AppID == nil {
				create.SetAppID(secret.AppID())
			}
			create.SetAppKeys([]string{secret.AppKey()})
		}
		now := s.now()
		if p.ApprovalRequired {
			create.SetState(application.StatePENDING)
		} else {
			create.SetState(application.StateLIVE).SetAcceptedAt(now)
		}
		if in.TrialEndsAt == nil && p.TrialPeriodDays > 0 {
			create.SetTrialEndsAt(now.AddDate(0, 0, p.TrialPeriodDays))
		}
		create.SetNillableSetupFee(setupFeeOf(p))
		app, err = create.Save(ctx)
		return err
	})
	return app, err
}

// UpdateApplication changes an application's details. A plan change goes
// through ChangeApplicationPlan's rules.
func (s *Service) UpdateApplication(ctx context.Context, id int, in ent.UpdateApplicationInput) (*ent.Application, error) {
	var app *ent.Application
	err := s.tx(ctx, func(ctx context.Context, c *ent.Client) error {
		cur, err := c.Application.Get(ctx, id)
		if err != nil {
			return problem.NotFoundIf(err, "application %d not found", id)
		}
		if in.PlanID != nil {
			if err := checkPlanKind(ctx, c, *in.PlanID, plan.KindAPPLICATION, &cur.ProductID); err != nil {
				return err
			}
		}
		if err := checkExtra(ctx, c, fielddefinition.TargetAPPLICATION, in.ExtraFields, nil); err != nil {
			return err
		}
		app, err = c.Application.UpdateOneID(id).SetInput(in).Save(ctx)
		return err
	})
	return app, err
}

// DeleteApplication deletes an application.
func (s *Service) DeleteApplication(ctx context.Context, id int) error {
	err := s.tx(ctx, func(ctx context.Context, c *ent.Client) error {
		return c.Application.DeleteOneID(id).Exec(ctx)
	})
	return problem.NotFoundIf(err, "application %d not found", id)
}

// ApplicationEvent is a transition of the application state machine.
type ApplicationEvent string

const (
	EventAccept     ApplicationEvent = "accept"
	EventSuspendApp ApplicationEvent = "suspend"
	EventResumeApp  ApplicationEvent = "resume"
)

var applicationTransitions = map[ApplicationEvent]struct {
	from application.State
	to   application.State
}{
	EventAccept:     {application.StatePENDING, application.StateLIVE},
	EventSuspendApp: {application.StateLIVE, application.StateSUSPENDED},
	EventResumeApp:  {application.StateSUSPENDED, application.StateLIVE},
}

// rejectableFrom is the one state an application or a subscription may be
// rejected in.
const rejectableFrom = application.StatePENDING

// ApplicationEvents returns the events an application in state may take,
// from the transition table the mutations check, with reject for a pending
// one.
func ApplicationEvents(state application.State) []ApplicationBulkEvent {
	out := []ApplicationBulkEvent{}
	for _, e := range []ApplicationEvent{EventAccept, EventSuspendApp, EventResumeApp} {
		if applicationTransitions[e].from == state {
			out = append(out, ApplicationBulkEvent(e))
		}
	}
	if state == rejectableFrom {
		out = append(out, EventRejectApp)
	}
	return out
}

// TransitionApplication applies event to an application.
func (s *Service) TransitionApplication(ctx context.Context, id int, event ApplicationEvent) (*ent.Application, error) {
	t, ok := applicationTransitions[event]
	if !ok {
		return nil, problem.Invalid("event", "unknown application event %q", event)
	}
	return s.updateApp(ctx, id, func(cur *ent.Application, u *ent.ApplicationUpdateOne) error {
		if cur.State != t.from {
			return problem.Conflict("cannot %s an application that is %s", event, stateWord(cur.State))
		}
		u.SetState(t.to)
		if event == EventAccept {
			u.SetAcceptedAt(s.now())
		}
		return nil
	})
}

func stateWord(s application.State) string {
	switch s {
	case application.StatePENDING:
		return "pending"
	case application.StateLIVE:
		return "live"
	}
	return "suspended"
}

// ChangeApplicationPlan moves an application to another application plan of
// its product.
func (s *Service) ChangeApplicationPlan(ctx context.Context, id, planID int) (*ent.Application, error) {
	var app *ent.Application
	err := s.tx(ctx, func(ctx context.Context, c *ent.Client) error {
		cur, err := c.Application.Get(ctx, id)
		if err != nil {
			return problem.NotFoundIf(err, "application %d not found", id)
		}
		if err := checkPlanKind(ctx, c, planID, plan.KindAPPLICATION, &cur.ProductID); err != nil {
			return err
		}
		to, err := c.Plan.Get(ctx, planID)
		if err != nil {
			return err
		}
		if to.OriginalID != nil && planID != cur.PlanID {
			return problem.Invalid("plan_id", "plan %q is the custom plan of another application", to.Name)
		}
		if planID == cur.PlanID {
			return problem.Conflict("the application is already on plan %q", to.Name)
		}
		old, err := c.Plan.Get(ctx, cur.PlanID)
		if err != nil {
			return err
		}
		if err := s.billPlanChange(ctx, c, billing.PlanChange{Kind: lineitem.ContractKindAPPLICATION, ContractID: id,
			AccountID: cur.AccountID, FromPlanID: cur.PlanID, ToPlanID: planID}); err != nil {
			return err
		}
		if app, err = c.Application.UpdateOneID(id).SetPlanID(planID).Save(ctx); err != nil {
			return err
		}
		// A custom plan belongs to its application alone: leaving it ends it.
		if old.OriginalID != nil {
			return c.Plan.DeleteOneID(old.ID).Exec(ctx)
		}
		return nil
	})
	return app, err
}

// RegenerateUserKey gives a user_key application a new random key.
func (s *Service) RegenerateUserKey(ctx context.Context, id int) (*ent.Application, error) {
	return s.updateApp(ctx, id, func(cur *ent.Application, u *ent.ApplicationUpdateOne) error {
		if cur.UserKey == nil {
			return problem.Conflict("application %d does not use a user_key", id)
		}
		u.SetUserKey(secret.UserKey())
		return nil
	})
}

// AddApplicationKey adds an app key (a random one when key is nil). An
// application holds at most five keys.
func (s *Service) AddApplicationKey(ctx context.Context, id int, key *string) (*ent.Application, error) {
	return s.updateApp(ctx, id, func(cur *ent.Application, u *ent.ApplicationUpdateOne) error {
		if cur.AppID == nil {
			return problem.Conflict("application %d does not use app keys", id)
		}
		k := secret.AppKey()
		if key != nil {
			k = *key
			if err := schema.ValidateKey(k); err != nil {
				return problem.Invalid("key", "%v", err)
			}
		}
		if slices.Contains(cur.AppKeys, k) {
			return problem.Conflict("the application already has this key")
		}
		if len(cur.AppKeys) >= 5 {
			return problem.Conflict("an application has at most 5 keys")
		}
		u.SetAppKeys(append(slices.Clone(cur.AppKeys), k))
		return nil
	})
}

// RemoveApplicationKey removes one app key.
func (s *Service) RemoveApplicationKey(ctx context.Context, id int, key string) (*ent.Application, error) {
	return s.updateApp(ctx, id, func(cur *ent.Application, u *ent.ApplicationUpdateOne) error {
		i := slices.Index(cur.AppKeys, key)
		if i < 0 {
			return problem.NotFound("the application has no such key")
		}
		u.SetAppKeys(slices.Delete(slices.Clone(cur.AppKeys), i, i+1))
		return nil
	})
}

// RegenerateApplicationKey replaces one app key by a new random one.
func (s *Service) RegenerateApplicationKey(ctx context.Context, id int, key string) (*ent.Application, error) {
	return s.updateApp(ctx, id, func(cur *ent.Application, u *ent.ApplicationUpdateOne) error {
		i := slices.Index(cur.AppKeys, key)
		if i < 0 {
			return problem.NotFound("the application has no such key")
		}
		keys := slices.Clone(cur.AppKeys)
		keys[i] = secret.AppKey()
		u.SetAppKeys(keys)
		return nil
	})
}

// AddReferrerFilter adds a referrer filter (at most five).
func (s *Service) AddReferrerFilter(ctx context.Context, id int, filter string) (*ent.Application, error) {
	return s.updateApp(ctx, id, func(cur *ent.Application, u *ent.ApplicationUpdateOne) error {
		if slices.Contains(cur.ReferrerFilters, filter) {
			return problem.Conflict("the application already has this referrer filter")
		}
		filters := append(slices.Clone(cur.ReferrerFilters), filter)
		if err := schema.ValidateReferrerFilters(filters); err != nil {
			return problem.Invalid("filter", "%v", err)
		}
		u.SetReferrerFilters(filters)
		return nil
	})
}

// RemoveReferrerFilter removes a referrer filter.
func (s *Service) RemoveReferrerFilter(ctx context.Context, id int, filter string) (*ent.Application, error) {
	return s.updateApp(ctx, id, func(cur *ent.Application, u *ent.ApplicationUpdateOne) error {
		i := slices.Index(cur.ReferrerFilters, filter)
		if i < 0 {
			return problem.NotFound("the application has no such referrer filter")
		}
		u.SetReferrerFilters(slices.Delete(slices.Clone(cur.ReferrerFilters), i, i+1))
		return nil
	})
}

// updateApp loads an application under a row lock (PostgreSQL) and applies
// change to it in one transaction.
func (s *Service) updateApp(ctx context.Context, id int, change func(cur *ent.Application, u *ent.ApplicationUpdateOne) error) (*ent.Application, error) {
	var app *ent.Application
	err := s.tx(ctx, func(ctx context.Context, c *ent.Client) error {
		q := c.Application.Query().Where(application.ID(id))
		if s.lockRows {
			q.ForUpdate()
		}
		cur, err := q.Only(ctx)
		if err != nil {
			return problem.NotFoundIf(err, "application %d not found", id)
		}
		u := c.Application.UpdateOneID(id)
		if err := change(cur, u); err != nil {
			return err
		}
		app, err = u.Save(ctx)
		return err
	})
	return app, err
}
