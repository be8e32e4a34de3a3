package audience

import (
	"context"
	"fmt"

	"github.com/portico-apim/portico/ent"
	"github.com/portico-apim/portico/ent/servicesubscription"
	"github.com/portico-apim/portico/server/problem"
)

// MaxBulk is the most ids one bulk operation takes.
const MaxBulk = 1000

// ItemResult is the outcome of one item of a bulk operation: Err is nil
// when the item was applied.
type ItemResult struct {
	ID  int
	Err *problem.Error
}

// each applies fn to every id, each item on its own: an item that fails is
// rolled back to the savepoint taken before it and reported with its error,
// while the items that succeed are kept. An internal error (a database
// failure) aborts the whole operation instead, so nothing is ever half
// applied without being reported.
func (s *Service) each(ctx context.Context, ids []int, fn func(ctx context.Context, c *ent.Client, id int) error) ([]ItemResult, error) {
	if len(ids) == 0 {
		return nil, problem.Invalid("ids", "must list at least one id")
	}
	if len(ids) > MaxBulk {
		return nil, problem.Invalid("ids", "must list at most %d ids", MaxBulk)
	}
	out := make([]ItemResult, 0, len(ids))
	err := s.tx(ctx, func(ctx context.Context, c *ent.Client) error {
		seen := make(map[int]bool, len(ids))
		for _, id := range ids {
			if seen[id] {
				out = append(out, ItemResult{ID: id, Err: problem.Invalid("ids", "id %d is listed more than once", id)})
				continue
			}
			seen[id] = true
			if _, err := c.ExecContext(ctx, "SAVEPOINT bulk_item"); err != nil {
				return fmt.Errorf("bulk: savepoint: %w", err)
			}
			ferr := fn(ctx, c, id)
			if ferr == nil {
				if _, err := c.ExecContext(ctx, "RELEASE SAVEPOINT bulk_item"); err != nil {
					return fmt.Errorf("bulk: release savepoint: %w", err)
				}
				out = append(out, ItemResult{ID: id})
				continue
			}
			p := problem.Classify(ferr)
			if p.Kind == problem.KindInternal || p.Kind == problem.KindUnavailable || p.Kind == problem.KindUnauthenticated {
				return ferr
			}
			if _, err := c.ExecContext(ctx, "ROLLBACK TO SAVEPOINT bulk_item"); err != nil {
				return fmt.Errorf("bulk: rollback to savepoint: %w", err)
			}
			if _, err := c.ExecContext(ctx, "RELEASE SAVEPOINT bulk_item"); err != nil {
				return fmt.Errorf("bulk: release savepoint: %w", err)
			}
			out = append(out, ItemResult{ID: id, Err: p})
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// BulkTransitionAccounts applies an account event to each account.
func (s *Service) BulkTransitionAccounts(ctx context.Context, ids []int, event AccountEvent) ([]ItemResult, error) {
	return s.each(ctx, ids, func(ctx context.Context, _ *ent.Client, id int) error {
		_, err := s.TransitionAccount(ctx, id, event)
		return err
	})
}

// BulkChangeAccountPlan moves each account to an account plan.
func (s *Service) BulkChangeAccountPlan(ctx context.Context, ids []int, planID int) ([]ItemResult, error) {
	return s.each(ctx, ids, func(ctx context.Context, _ *ent.Client, id int) error {
		_, err := s.ChangeAccountPlan(ctx, id, planID)
		return err
	})
}

// ApplicationBulkEvent is a state change of applications in bulk: the
// application events, and REJECT (deletes a pending application).
type ApplicationBulkEvent string

const EventRejectApp ApplicationBulkEvent = "reject"

// BulkTransitionApplications applies an application event to each
// application.
func (s *Service) BulkTransitionApplications(ctx context.Context, ids []int, event ApplicationBulkEvent) ([]ItemResult, error) {
	return s.each(ctx, ids, func(ctx context.Context, _ *ent.Client, id int) error {
		if event == EventRejectApp {
			return s.RejectApplication(ctx, id)
		}
		_, err := s.TransitionApplication(ctx, id, ApplicationEvent(event))
		return err
	})
}

// BulkChangeApplicationPlan moves each application to an application plan.
func (s *Service) BulkChangeApplicationPlan(ctx context.Context, ids []int, planID int) ([]ItemResult, error) {
	return s.each(ctx, ids, func(ctx context.Context, _ *ent.Client, id int) error {
		_, err := s.ChangeApplicationPlan(ctx, id, planID)
		return err
	})
}

// EventRejectSubscription deletes a pending subscription in bulk state
// changes.
const EventRejectSubscription SubscriptionEvent = "reject"

// BulkTransitionSubscriptions applies a subscription event to each
// subscription.
func (s *Service) BulkTransitionSubscriptions(ctx context.Context, ids []int, event SubscriptionEvent) ([]ItemResult, error) {
	return s.each(ctx, ids, func(ctx context.Context, _ *ent.Client, id int) error {
		if event == EventRejectSubscription {
			return s.RejectSubscription(ctx, id)
		}
		_, err := s.TransitionSubscription(ctx, id, event)
		return err
	})
}

// BulkChangeSubscriptionPlan moves each subscription to a service plan.
func (s *Service) BulkChangeSubscriptionPlan(ctx context.Context, ids []int, planID int) ([]ItemResult, error) {
	return s.each(ctx, ids, func(ctx context.Context, _ *ent.Client, id int) error {
		_, err := s.ChangeSubscriptionPlan(ctx, id, planID)
		return err
	})
}

// MessageTarget says what the ids of a bulk message name.
type MessageTarget int

const (
	ToAccounts MessageTarget = iota
	ToApplicationOwners
	ToSubscribers
)

// BulkSendMessage sends one message to the accounts the ids name (accounts,
// or the owners of applications or subscriptions): each lands in its
// account's inbox once and is emailed to the account's admins. The result is
// per id; the message exists when at least one id succeeded.
func (s *Service) BulkSendMessage(ctx context.Context, target MessageTarget, ids []int, in MessageInput) (*ent.Message, []ItemResult, error) {
	if err := in.check(); err != nil {
		return nil, nil, err
	}
	var m *ent.Message
	var results []ItemResult
	err := s.tx(ctx, func(ctx context.Context, c *ent.Client) error {
		var err error
		if m, err = s.newMessage(ctx, c, in, nil); err != nil {
			return err
		}
		results, err = s.each(ctx, ids, func(ctx context.Context, c *ent.Client, id int) error {
			accountID := id
			switch target {
			case ToApplicationOwners:
				app, err := c.Application.Get(ctx, id)
				if err != nil {
					return problem.NotFoundIf(err, "application %d not found", id)
				}
				accountID = app.AccountID
			case ToSubscribers:
				sub, err := c.ServiceSubscription.Get(ctx, id)
				if err != nil {
					return problem.NotFoundIf(err, "service subscription %d not found", id)
				}
				accountID = sub.AccountID
			}
			return s.deliver(ctx, c, m, accountID)
		})
		if err != nil {
			return err
		}
		for _, r := range results {
			if r.Err == nil {
				return nil
			}
		}
		// Nobody received it: no message either.
		err = c.Message.DeleteOneID(m.ID).Exec(ctx)
		m = nil
		return err
	})
	if err != nil {
		return nil, nil, err
	}
	return m, results, nil
}

// SuspendProductSubscriptions suspends every live subscription of an
// offline or deprecated product (unsubscribing its developers in bulk).
func (s *Service) SuspendProductSubscriptions(ctx context.Context, productID int) ([]ItemResult, error) {
	var ids []int
	err := s.tx(ctx, func(ctx context.Context, c *ent.Client) error {
		if err := SuspendableProduct(ctx, c, productID); err != nil {
			return err
		}
		var err error
		ids, err = c.ServiceSubscription.Query().Where(servicesubscription.ProductID(productID),
			servicesubscription.StateEQ(servicesubscription.StateLIVE)).IDs(ctx)
		return err
	})
	if err != nil || len(ids) == 0 {
		return []ItemResult{}, err
	}
	return s.BulkTransitionSubscriptions(ctx, ids, EventSuspendSubscription)
}
