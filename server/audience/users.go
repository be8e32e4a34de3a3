package audience

import (
	"context"

	"github.com/portico-apim/portico/ent"
	"github.com/portico-apim/portico/ent/user"
	"github.com/portico-apim/portico/server/auth/password"
	"github.com/portico-apim/portico/server/problem"
)

// CreatePendingUser adds a user to a developer account in the pending state,
// as 3scale's account management API does: the user signs in once
// activated.
func (s *Service) CreatePendingUser(ctx context.Context, in ent.CreateUserInput, pw *string) (*ent.User, error) {
	if in.AccountID == nil {
		return nil, problem.Invalid("account_id", "is required for developer users")
	}
	var u *ent.User
	err := s.tx(ctx, func(ctx context.Context, c *ent.Client) error {
		created, err := s.CreateUser(ctx, in, pw)
		if err != nil {
			return err
		}
		u, err = c.User.UpdateOneID(created.ID).SetState(user.StatePENDING).Save(ctx)
		return err
	})
	return u, err
}

// SetUserPassword sets the password of a developer user under the tenant's
// developer password policy.
func (s *Service) SetUserPassword(ctx context.Context, id int, pw string) error {
	return s.tx(ctx, func(ctx context.Context, c *ent.Client) error {
		u, err := c.User.Get(ctx, id)
		if err != nil {
			return problem.NotFoundIf(err, "user %d not found", id)
		}
		if u.AccountID == nil {
			return problem.Forbidden("team users change their own password")
		}
		t, err := c.Tenant.Get(ctx, u.TenantID)
		if err != nil {
			return err
		}
		if err := DeveloperPasswords(t).Check(pw); err != nil {
			return problem.Invalid("password", "%v", err)
		}
		h, err := password.Hash(pw)
		if err != nil {
			return err
		}
		return c.User.UpdateOneID(id).SetPasswordHash(h).Exec(ctx)
	})
}
