package audience

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/portico-apim/portico/ent"
	"github.com/portico-apim/portico/ent/tenant"
	"github.com/portico-apim/portico/ent/user"
	"github.com/portico-apim/portico/schema/viewer"
	"github.com/portico-apim/portico/server/auth"
	"github.com/portico-apim/portico/server/auth/password"
	"github.com/portico-apim/portico/server/problem"
	"github.com/portico-apim/portico/server/secret"
)

// PasswordResetTTL is how long a password reset link works.
const PasswordResetTTL = time.Hour

// passwordResetEvery is the least time between two reset emails to one
// user, so that nobody can flood a mailbox by asking again and again.
const passwordResetEvery = time.Minute

// RequestPasswordReset emails the active team user of tenant t whose
// username or email is login a one-time link to choose a new password, valid
// for PasswordResetTTL; a newer link replaces the older one. The link leads
// to the tenant's admin console (Config.AdminURL), never to the host the
// request named, which whoever asks controls. It answers nil whether or not
// such a user exists, so that it tells nobody who has an account; a user
// sent a link less than a minute ago is not sent another.
func (s *Service) RequestPasswordReset(ctx context.Context, t *ent.Tenant, login string) error {
	login = strings.TrimSpace(login)
	if login == "" {
		return problem.Invalid("login", "enter your username or email")
	}
	if s.mail == nil {
		return fmt.Errorf("audience: no mailer configured")
	}
	if t.State != tenant.StateAPPROVED {
		return nil
	}
	return s.tx(ctx, func(ctx context.Context, c *ent.Client) error {
		// The link stands in for the user: the system acts inside the
		// tenant the login was asked on.
		tctx := viewer.TenantSystemContext(ctx, t.ID)
		u, err := c.User.Query().Where(user.TenantID(t.ID), user.AccountIDIsNil(), user.StateEQ(user.StateACTIVE),
			user.Or(user.EmailEqualFold(login), user.Username(login))).Only(tctx)
		if ent.IsNotFound(err) || ent.IsNotSingular(err) {
			return nil
		}
		if err != nil {
			return err
		}
		now := s.now()
		if u.PasswordResetExpiresAt != nil && u.PasswordResetExpiresAt.Sub(now) > PasswordResetTTL-passwordResetEvery {
			return nil
		}
		token := secret.Token()
		expires := now.Add(PasswordResetTTL)
		if err := c.User.UpdateOneID(u.ID).SetPasswordResetDigest(secret.Digest(token)).SetPasswordResetExpiresAt(expires).Exec(tctx); err != nil {
			return err
		}
		_, err = s.mail.EnqueueTemplate(tctx, c, t.ID, u.Email, emailPasswordReset, PasswordResetEmail{
			Username: u.Username, OrgName: t.OrgName, ExpiresAt: expires.UTC().Format(invitationExpiry),
			ResetURL: strings.TrimRight(s.adminURL(t), "/") + "/reset-password?token=" + url.QueryEscape(token),
		})
		return err
	})
}

// ResetPassword sets a new password with the token of a reset link, under
// the tenant's team password policy. The link works once and until it
// expires. The user's sessions end (whoever else held one is logged out)
// and a new one starts. It needs no viewer: the token is the credential.
func (s *Service) ResetPassword(ctx context.Context, token, pw string) (*auth.Tokens, error) {
	if s.sessions == nil {
		return nil, fmt.Errorf("audience: no sessions configured")
	}
	var out *auth.Tokens
	err := s.tx(ctx, func(ctx context.Context, c *ent.Client) error {
		sys := viewer.SystemContext(ctx)
		digest := secret.Digest(token)
		u, err := c.User.Query().Where(user.PasswordResetDigest(digest), user.AccountIDIsNil()).Only(sys)
		if ent.IsNotFound(err) {
			return problem.NotFound("this password reset link is not valid: it was used, or a newer one was sent")
		}
		if err != nil {
			return err
		}
		if u.PasswordResetExpiresAt == nil || !s.now().Before(*u.PasswordResetExpiresAt) {
			return problem.Conflict("this password reset link expired: ask for a new one")
		}
		if u.State != user.StateACTIVE {
			return problem.Forbidden("this user is %s", strings.ToLower(string(u.State)))
		}
		t, err := c.Tenant.Query().Where(tenant.ID(u.TenantID)).Only(sys)
		if err != nil {
			return err
		}
		if err := auth.TenantOpen(t); err != nil {
			return err
		}
		if err := s.TeamPasswords(t).Check(pw); err != nil {
			return problem.Invalid("password", "%v", err)
		}
		hash, err := password.Hash(pw)
		if err != nil {
			return err
		}
		tctx := viewer.TenantSystemContext(ctx, u.TenantID)
		n, err := c.User.Update().Where(user.ID(u.ID), user.PasswordResetDigest(digest)).
			SetPasswordHash(hash).ClearPasswordResetDigest().ClearPasswordResetExpiresAt().Save(tctx)
		if err != nil {
			return err
		}
		if n != 1 {
			return problem.NotFound("this password reset link is not valid: it was used, or a newer one was sent")
		}
		if err := s.sessions.EndSessions(tctx, u.ID, 0); err != nil {
			return err
		}
		out, err = s.sessions.StartSession(tctx, u)
		return err
	})
	return out, err
}
