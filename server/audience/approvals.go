package audience

import (
	"context"

	"github.com/portico-apim/portico/ent"
	"github.com/portico-apim/portico/ent/application"
	"github.com/portico-apim/portico/ent/lineitem"
	"github.com/portico-apim/portico/ent/plan"
	"github.com/portico-apim/portico/ent/product"
	"github.com/portico-apim/portico/ent/servicesubscription"
	"github.com/portico-apim/portico/server/billing"
	"github.com/portico-apim/portico/server/problem"
)

// SubscriptionEvent is a transition of the service subscription state
// machine (the contract machine shared with applications).
type SubscriptionEvent string

const (
	EventAcceptSubscription  SubscriptionEvent = "accept"
	EventSuspendSubscription SubscriptionEvent = "suspend"
	EventResumeSubscription  SubscriptionEvent = "resume"
)

var subscriptionTransitions = map[SubscriptionEvent]struct {
	from servicesubscription.State
	to   servicesubscription.State
}{
	EventAcceptSubscription:  {servicesubscription.StatePENDING, servicesubscription.StateLIVE},
	EventSuspendSubscription: {servicesubscription.StateLIVE, servicesubscription.StateSUSPENDED},
	EventResumeSubscription:  {servicesubscription.StateSUSPENDED, servicesubscription.StateLIVE},
}

// SubscriptionEvents returns the events a service subscription in state may
// take, from the transition table the mutations check, with reject for a
// pending one.
func SubscriptionEvents(state servicesubscription.State) []SubscriptionEvent {
	out := []SubscriptionEvent{}
	for _, e := range []SubscriptionEvent{EventAcceptSubscription, EventSuspendSubscription, EventResumeSubscription} {
		if subscriptionTransitions[e].from == state {
			out = append(out, e)
		}
	}
	if string(state) == string(rejectableFrom) {
		out = append(out, EventRejectSubscription)
	}
	return out
}

// TransitionSubscription applies event to a service subscription.
func (s *Service) TransitionSubscription(ctx context.Context, id int, event SubscriptionEvent) (*ent.ServiceSubscription, error) {
	t, ok := subscriptionTransitions[event]
	if !ok {
		return nil, problem.Invalid("event", "unknown subscription event %q", event)
	}
	var out *ent.ServiceSubscription
	err := s.tx(ctx, func(ctx context.Context, c *ent.Client) error {
		q := c.ServiceSubscription.Query().Where(servicesubscription.ID(id))
		if s.lockRows {
			q.ForUpdate()
		}
		cur, err := q.Only(ctx)
		if err != nil {
			return problem.NotFoundIf(err, "service subscription %d not found", id)
		}
		if cur.State != t.from {
			return problem.Conflict("cannot %s a service subscription that is %s", event, stateWord(application.State(cur.State)))
		}
		u := c.ServiceSubscription.UpdateOneID(id).SetState(t.to)
		if event == EventAcceptSubscription {
			u.SetAcceptedAt(s.now())
		}
		out, err = u.Save(ctx)
		return err
	})
	return out, err
}

// RejectSubscription refuses a pending service subscription: it is deleted.
func (s *Service) RejectSubscription(ctx context.Context, id int) error {
	return s.tx(ctx, func(ctx context.Context, c *ent.Client) error {
		cur, err := c.ServiceSubscription.Get(ctx, id)
		if err != nil {
			return problem.NotFoundIf(err, "service subscription %d not found", id)
		}
		if string(cur.State) != string(rejectableFrom) {
			return problem.Conflict("cannot reject a service subscription that is %s", stateWord(application.State(cur.State)))
		}
		return c.ServiceSubscription.DeleteOneID(id).Exec(ctx)
	})
}

// Unsubscribe ends an account's subscription to a product and, as in
// 3scale, deletes the account's applications of that product with it.
func (s *Service) Unsubscribe(ctx context.Context, id int) error {
	return s.tx(ctx, func(ctx context.Context, c *ent.Client) error {
		sub, err := c.ServiceSubscription.Get(ctx, id)
		if err != nil {
			return problem.NotFoundIf(err, "service subscription %d not found", id)
		}
		if _, err := c.Application.Delete().Where(application.AccountID(sub.AccountID), application.ProductID(sub.ProductID)).Exec(ctx); err != nil {
			return err
		}
		return c.ServiceSubscription.DeleteOneID(id).Exec(ctx)
	})
}

// ChangeSubscriptionPlan moves a subscription to another service plan of
// its product; moving it to the plan it is on is a conflict.
func (s *Service) ChangeSubscriptionPlan(ctx context.Context, id, planID int) (*ent.ServiceSubscription, error) {
	var sub *ent.ServiceSubscription
	err := s.tx(ctx, func(ctx context.Context, c *ent.Client) error {
		cur, err := c.ServiceSubscription.Get(ctx, id)
		if err != nil {
			return problem.NotFoundIf(err, "service subscription %d not found", id)
		}
		if err := checkPlanKind(ctx, c, planID, plan.KindSERVICE, &cur.ProductID); err != nil {
			return err
		}
		if planID == cur.PlanID {
			to, err := c.Plan.Get(ctx, planID)
			if err != nil {
				return err
			}
			return problem.Conflict("the subscription is already on plan %q", to.Name)
		}
		if err := s.billPlanChange(ctx, c, billing.PlanChange{Kind: lineitem.ContractKindSERVICE_SUBSCRIPTION, ContractID: id,
			AccountID: cur.AccountID, FromPlanID: cur.PlanID, ToPlanID: planID}); err != nil {
			return err
		}
		sub, err = c.ServiceSubscription.UpdateOneID(id).SetPlanID(planID).Save(ctx)
		return err
	})
	return sub, err
}

// RejectApplication refuses a pending application: as in 3scale, it is
// deleted.
func (s *Service) RejectApplication(ctx context.Context, id int) error {
	return s.tx(ctx, func(ctx context.Context, c *ent.Client) error {
		cur, err := c.Application.Get(ctx, id)
		if err != nil {
			return problem.NotFoundIf(err, "application %d not found", id)
		}
		if cur.State != rejectableFrom {
			return problem.Conflict("cannot reject an application that is %s", stateWord(cur.State))
		}
		return c.Application.DeleteOneID(id).Exec(ctx)
	})
}

// ChangeAccountPlan moves an account to another account plan.
func (s *Service) ChangeAccountPlan(ctx context.Context, id, planID int) (*ent.Account, error) {
	var a *ent.Account
	err := s.tx(ctx, func(ctx context.Context, c *ent.Client) error {
		if err := checkPlanKind(ctx, c, planID, plan.KindACCOUNT, nil); err != nil {
			return err
		}
		cur, err := c.Account.Get(ctx, id)
		if err != nil {
			return problem.NotFoundIf(err, "account %d not found", id)
		}
		if cur.PlanID != nil && *cur.PlanID != planID {
			if err := s.billPlanChange(ctx, c, billing.PlanChange{Kind: lineitem.ContractKindACCOUNT, ContractID: id,
				AccountID: id, FromPlanID: *cur.PlanID, ToPlanID: planID}); err != nil {
				return err
			}
		}
		a, err = c.Account.UpdateOneID(id).SetPlanID(planID).Save(ctx)
		return problem.NotFoundIf(err, "account %d not found", id)
	})
	return a, err
}

// SuspendableProduct refuses bulk suspension of the subscriptions of a
// product that still runs: only an offline or deprecated product's
// subscribers are suspended in bulk.
func SuspendableProduct(ctx context.Context, c *ent.Client, productID int) error {
	p, err := c.Product.Get(ctx, productID)
	if err != nil {
		return problem.NotFoundIf(err, "product %d not found", productID)
	}
	if p.State != product.StateOFFLINE && p.State != product.StateDEPRECATED {
		return problem.Conflict("subscriptions are suspended in bulk only for offline or deprecated products; product %q is %s", p.Name, p.State)
	}
	return nil
}
