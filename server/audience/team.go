package audience

import (
	"context"
	"fmt"
	"slices"

	"github.com/portico-apim/portico/ent"
	"github.com/portico-apim/portico/ent/tenant"
	"github.com/portico-apim/portico/ent/user"
	"github.com/portico-apim/portico/schema/viewer"
	"github.com/portico-apim/portico/server/auth"
	"github.com/portico-apim/portico/server/auth/password"
	"github.com/portico-apim/portico/server/problem"
	"github.com/portico-apim/portico/server/store"
)

// Permissions are a team user's role and, for members, areas and products.
type Permissions struct {
	Role        user.Role
	Sections    []viewer.Section
	AllProducts bool
	ProductIDs  []int
}

// SetPermissions changes a team user's role and rights. Only admins may; the
// tenant's last active admin cannot stop being one.
func (s *Service) SetPermissions(ctx context.Context, id int, p Permissions) (*ent.User, error) {
	if !viewer.FromContext(ctx).IsAdmin() {
		return nil, problem.Forbidden("only admins change permissions")
	}
	if err := user.RoleValidator(p.Role); err != nil {
		return nil, problem.Invalid("role", "must be ADMIN or MEMBER")
	}
	var out *ent.User
	err := s.tx(ctx, func(ctx context.Context, c *ent.Client) error {
		u, err := c.User.Get(ctx, id)
		if err != nil {
			return problem.NotFoundIf(err, "user %d not found", id)
		}
		if u.AccountID != nil {
			return problem.Invalid("id", "user %d belongs to a developer account, not to the team", id)
		}
		if u.Role == user.RoleADMIN && p.Role != user.RoleADMIN {
			if err := s.keepAnAdmin(ctx, c, id); err != nil {
				return err
			}
		}
		sections := slices.Clone(p.Sections)
		slices.Sort(sections)
		sections = slices.Compact(sections)
		productIDs := []int{}
		if !p.AllProducts {
			for _, pid := range p.ProductIDs {
				if _, err := c.Product.Get(ctx, pid); err != nil {
					return problem.NotFoundIf(err, "product %d not found", pid)
				}
				if !slices.Contains(productIDs, pid) {
					productIDs = append(productIDs, pid)
				}
			}
		}
		out, err = c.User.UpdateOneID(id).SetRole(p.Role).SetSections(sections).
			SetAllProducts(p.AllProducts).SetProductIds(productIDs).Save(ctx)
		return err
	})
	return out, err
}

// keepAnAdmin refuses a change that would leave the tenant without an
// active admin other than user id.
func (s *Service) keepAnAdmin(ctx context.Context, c *ent.Client, id int) error {
	n, err := c.User.Query().Where(user.AccountIDIsNil(), user.RoleEQ(user.RoleADMIN),
		user.StateEQ(user.StateACTIVE), user.IDNEQ(id)).Count(ctx)
	if err != nil {
		return err
	}
	if n == 0 {
		return problem.Conflict("the tenant's last admin must stay an active admin")
	}
	return nil
}

// SetUserState suspends (SUSPENDED) or reactivates (ACTIVE) a user. Nobody
// suspends themselves, and the last admin stays active.
func (s *Service) SetUserState(ctx context.Context, id int, state user.State) (*ent.User, error) {
	v := viewer.FromContext(ctx)
	if v != nil && v.UserID == id {
		return nil, problem.Conflict("you cannot change your own state")
	}
	var out *ent.User
	err := s.tx(ctx, func(ctx context.Context, c *ent.Client) error {
		u, err := c.User.Get(ctx, id)
		if err != nil {
			return problem.NotFoundIf(err, "user %d not found", id)
		}
		switch {
		case state == user.StateSUSPENDED && u.State != user.StateACTIVE && u.State != user.StateSUSPENDED:
			return problem.Conflict("only active users can be suspended")
		case state == user.StateACTIVE && u.State != user.StateSUSPENDED:
			return problem.Conflict("only suspended users can be unsuspended")
		}
		if state == user.StateSUSPENDED && u.AccountID == nil && u.Role == user.RoleADMIN {
			if err := s.keepAnAdmin(ctx, c, id); err != nil {
				return err
			}
		}
		out, err = c.User.UpdateOneID(id).SetState(state).Save(ctx)
		return err
	})
	return out, err
}

// ChangePassword changes the viewer's own password after checking the
// current one, under the tenant's password policy, and ends the user's
// other sessions.
func (s *Service) ChangePassword(ctx context.Context, current, next string) error {
	v := viewer.FromContext(ctx)
	if v == nil || v.UserID == 0 {
		return problem.Unauthenticated("authentication required")
	}
	if v.Token != nil {
		return problem.Forbidden("passwords are changed in a session, not with an access token")
	}
	return s.tx(ctx, func(ctx context.Context, c *ent.Client) error {
		u, err := c.User.Get(ctx, v.UserID)
		if err != nil {
			return err
		}
		if !password.Verify(current, u.PasswordHash) {
			return problem.Invalid("current_password", "is not your current password")
		}
		t, err := c.Tenant.Query().Where(tenant.ID(u.TenantID)).Only(ctx)
		if err != nil {
			return err
		}
		policy := DeveloperPasswords(t)
		if u.AccountID == nil {
			policy = s.TeamPasswords(t)
		}
		if err := policy.Check(next); err != nil {
			return problem.Invalid("new_password", "%v", err)
		}
		h, err := password.Hash(next)
		if err != nil {
			return err
		}
		// A reset link sent before no longer works.
		if err := c.User.UpdateOneID(u.ID).SetPasswordHash(h).ClearPasswordResetDigest().ClearPasswordResetExpiresAt().Exec(ctx); err != nil {
			return err
		}
		// Whoever else holds a session of this user (the reason for a
		// change, often) is logged out at once; the session that changed it
		// goes on.
		if s.sessions == nil {
			return nil
		}
		return s.sessions.EndSessions(ctx, u.ID, auth.SessionFamily(ctx))
	})
}

// DeveloperPasswords returns the password policy of a tenant's developer
// users: the strong one under its strong passwords rule, else the basic one.
func DeveloperPasswords(t *ent.Tenant) password.Policy {
	if t.StrongPasswords {
		return password.Strong
	}
	return password.Basic
}

// TeamPasswords returns the password policy of a tenant's team users
// (admins and members): the installation's, with the character kinds of
// the tenant's strong passwords rule when it is on.
func (s *Service) TeamPasswords(t *ent.Tenant) password.Policy {
	return s.teamPasswords.With(DeveloperPasswords(t))
}

// ActivateUser activates a pending (or email-unverified) user; an active
// user stays as it is.
func (s *Service) ActivateUser(ctx context.Context, id int) (*ent.User, error) {
	var out *ent.User
	err := s.tx(ctx, func(ctx context.Context, c *ent.Client) error {
		u, err := c.User.Get(ctx, id)
		if err != nil {
			return problem.NotFoundIf(err, "user %d not found", id)
		}
		switch u.State {
		case user.StateACTIVE:
			out = u
			return nil
		case user.StateSUSPENDED:
			return problem.Conflict("a suspended user is unsuspended, not activated")
		}
		out, err = c.User.UpdateOneID(id).SetState(user.StateACTIVE).Save(ctx)
		return err
	})
	return out, err
}

// PasswordPolicies returns the password policies of the viewer's tenant:
// its team users' and its developer users'.
func (s *Service) PasswordPolicies(ctx context.Context) (team, developer password.Policy, err error) {
	v := viewer.FromContext(ctx)
	if v == nil || v.TenantID == 0 {
		return password.Policy{}, password.Policy{}, problem.Forbidden("password policies belong to a tenant")
	}
	t, err := store.Client(ctx, s.client).Tenant.Get(ctx, v.TenantID)
	if err != nil {
		return password.Policy{}, password.Policy{}, fmt.Errorf("password policies: %w", err)
	}
	return s.TeamPasswords(t), DeveloperPasswords(t), nil
}
