package auth

import (
	"context"
	"time"

	"github.com/portico-apim/portico/ent"
	"github.com/portico-apim/portico/ent/session"
	"github.com/portico-apim/portico/schema/viewer"
	"github.com/portico-apim/portico/server/problem"
	"github.com/portico-apim/portico/server/secret"
	"github.com/portico-apim/portico/server/store"
)

// ImpersonationTTL is how long an impersonation link can be claimed.
const ImpersonationTTL = 2 * time.Minute

// Impersonate opens a session of team user u for master user imp, in the
// caller's transaction when ctx carries one, and returns the token of the
// link that claims it (see ClaimImpersonation). Every access token of the
// session names imp; the caller checks that imp may impersonate u.
func (s *Service) Impersonate(ctx context.Context, u *ent.User, imp viewer.Impersonator) (string, time.Time, error) {
	sys := viewer.SystemContext(ctx)
	c := store.Client(ctx, s.client)
	token := secret.Token()
	expires := s.now().Add(ImpersonationTTL)
	err := c.Session.Create().SetTenantID(u.TenantID).SetUserID(u.ID).
		SetImpersonatorID(imp.UserID).SetImpersonator(imp.Username).
		SetRefreshHash(secret.Digest(token)).SetExpiresAt(expires).Exec(sys)
	if err != nil {
		return "", time.Time{}, err
	}
	return token, expires, nil
}

var errImpersonationLink = problem.Unauthenticated("this impersonation link was used already or has expired: impersonate again from the master portal")

// ClaimImpersonation turns an impersonation link's token into the session's
// first token pair. A link works once, within ImpersonationTTL; a second try
// is refused without ending anything (unlike a replayed refresh token).
func (s *Service) ClaimImpersonation(ctx context.Context, token string) (*Tokens, error) {
	var out *Tokens
	err := store.InTx(viewer.SystemContext(ctx), s.client, func(ctx context.Context, c *ent.Client) error {
		sess, err := c.Session.Query().Where(session.RefreshHash(secret.Digest(token)),
			session.ImpersonatorIDNotNil(), session.FamilyIDIsNil(), session.RevokedAtIsNil()).WithUser().Only(ctx)
		if ent.IsNotFound(err) {
			return errImpersonationLink
		}
		if err != nil {
			return err
		}
		if s.now().After(sess.ExpiresAt) {
			return errImpersonationLink
		}
		t, err := c.Tenant.Get(ctx, sess.TenantID)
		if err != nil {
			return err
		}
		if err := TenantOpen(t); err != nil {
			return err
		}
		out, err = s.rotate(ctx, c, sess)
		return err
	})
	return out, err
}
