package audience

import (
	"context"

	"github.com/portico-apim/portico/ent"
	"github.com/portico-apim/portico/ent/fielddefinition"
	"github.com/portico-apim/portico/ent/plan"
	"github.com/portico-apim/portico/ent/servicesubscription"
	"github.com/portico-apim/portico/ent/user"
	"github.com/portico-apim/portico/schema/viewer"
	"github.com/portico-apim/portico/server/auth/password"
	"github.com/portico-apim/portico/server/problem"
)

// CreateSubscription subscribes an account to a product on one of the
// product's service plans. Plans that require approval start it pending.
func (s *Service) CreateSubscription(ctx context.Context, in ent.CreateServiceSubscriptionInput) (*ent.ServiceSubscription, error) {
	var sub *ent.ServiceSubscription
	err := s.tx(ctx, func(ctx context.Context, c *ent.Client) error {
		if _, err := c.Product.Get(ctx, in.ProductID); err != nil {
			return problem.NotFoundIf(err, "product %d not found", in.ProductID)
		}
		if _, err := c.Account.Get(ctx, in.AccountID); err != nil {
			return problem.NotFoundIf(err, "account %d not found", in.AccountID)
		}
		if err := checkPlanKind(ctx, c, in.PlanID, plan.KindSERVICE, &in.ProductID); err != nil {
			return err
		}
		p, err := c.Plan.Get(ctx, in.PlanID)
		if err != nil {
			return err
		}
		create := c.ServiceSubscription.Create().SetInput(in)
		if p.ApprovalRequired {
			create.SetState(servicesubscription.StatePENDING)
		} else {
			create.SetState(servicesubscription.StateLIVE).SetAcceptedAt(s.now())
		}
		if p.TrialPeriodDays > 0 {
			create.SetTrialEndsAt(s.now().AddDate(0, 0, p.TrialPeriodDays))
		}
		create.SetNillableSetupFee(setupFeeOf(p))
		sub, err = create.Save(ctx)
		return err
	})
	return sub, err
}

// UpdateSubscription changes a subscription's service plan.
func (s *Service) UpdateSubscription(ctx context.Context, id int, in ent.UpdateServiceSubscriptionInput) (*ent.ServiceSubscription, error) {
	var sub *ent.ServiceSubscription
	err := s.tx(ctx, func(ctx context.Context, c *ent.Client) error {
		cur, err := c.ServiceSubscription.Get(ctx, id)
		if err != nil {
			return problem.NotFoundIf(err, "service subscription %d not found", id)
		}
		if in.PlanID != nil {
			if err := checkPlanKind(ctx, c, *in.PlanID, plan.KindSERVICE, &cur.ProductID); err != nil {
				return err
			}
		}
		sub, err = c.ServiceSubscription.UpdateOneID(id).SetInput(in).Save(ctx)
		return err
	})
	return sub, err
}

// CreateUser creates a team user (no account) or a user of a developer
// account, with an optional password.
func (s *Service) CreateUser(ctx context.Context, in ent.CreateUserInput, pw *string) (*ent.User, error) {
	var u *ent.User
	err := s.tx(ctx, func(ctx context.Context, c *ent.Client) error {
		if err := checkExtra(ctx, c, fielddefinition.TargetUSER, in.ExtraFields, nil); err != nil {
			return err
		}
		create := c.User.Create().SetInput(in)
		if pw != nil {
			policy := password.Basic
			if in.AccountID == nil {
				policy = s.teamPasswords
			}
			if v := viewer.FromContext(ctx); v != nil && v.TenantID != 0 {
				t, err := c.Tenant.Get(ctx, v.TenantID)
				if err != nil {
					return err
				}
				policy = DeveloperPasswords(t)
				if in.AccountID == nil {
					policy = s.TeamPasswords(t)
				}
			}
			if err := policy.Check(*pw); err != nil {
				return problem.Invalid("password", "%v", err)
			}
			h, err := password.Hash(*pw)
			if err != nil {
				return err
			}
			create.SetPasswordHash(h)
		}
		var err error
		u, err = create.Save(ctx)
		return err
	})
	return u, err
}

// DeleteUser deletes a user. A tenant's last active admin cannot be deleted.
func (s *Service) DeleteUser(ctx context.Context, id int) error {
	return s.tx(ctx, func(ctx context.Context, c *ent.Client) error {
		u, err := c.User.Get(ctx, id)
		if err != nil {
			return problem.NotFoundIf(err, "user %d not found", id)
		}
		if u.AccountID == nil && u.Role == user.RoleADMIN {
			n, err := c.User.Query().Where(user.AccountIDIsNil(), user.RoleEQ(user.RoleADMIN), user.StateEQ(user.StateACTIVE)).Count(ctx)
			if err != nil {
				return err
			}
			if n <= 1 {
				return problem.Conflict("the last admin of a tenant cannot be deleted")
			}
		}
		return c.User.DeleteOneID(id).Exec(ctx)
	})
}

// UpdateUser changes a user's details; extra fields must be defined.
func (s *Service) UpdateUser(ctx context.Context, id int, in ent.UpdateUserInput) (*ent.User, error) {
	var u *ent.User
	err := s.tx(ctx, func(ctx context.Context, c *ent.Client) error {
		if err := checkExtra(ctx, c, fielddefinition.TargetUSER, in.ExtraFields, nil); err != nil {
			return err
		}
		var err error
		u, err = c.User.UpdateOneID(id).SetInput(in).Save(ctx)
		return problem.NotFoundIf(err, "user %d not found", id)
	})
	return u, err
}
