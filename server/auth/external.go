package auth

import (
	"context"
	"crypto/hkdf"
	"crypto/sha256"
	"errors"
	"strings"

	"github.com/portico-apim/portico/ent"
	"github.com/portico-apim/portico/ent/user"
	"github.com/portico-apim/portico/schema/viewer"
	"github.com/portico-apim/portico/server/problem"
	"github.com/portico-apim/portico/server/store"
)

// OpenSession opens a session for a team user someone else has authenticated
// (an identity provider, for single sign-on): the checks of a password login
// without the password. It runs in the caller's transaction when ctx carries
// one.
func (s *Service) OpenSession(ctx context.Context, u *ent.User) (*Tokens, error) {
	sys := viewer.SystemContext(ctx)
	c := store.Client(ctx, s.client)
	if u.AccountID != nil {
		return nil, problem.Forbidden("developer users cannot log in to the admin portal")
	}
	if u.State != user.StateACTIVE {
		return nil, problem.Forbidden("this user is %s", strings.ToLower(string(u.State)))
	}
	t, err := c.Tenant.Get(sys, u.TenantID)
	if err != nil {
		return nil, err
	}
	if err := TenantOpen(t); err != nil {
		return nil, err
	}
	if err := c.User.UpdateOneID(u.ID).SetLastLoginAt(s.now()).Exec(sys); err != nil {
		return nil, err
	}
	return s.openSession(sys, c, u)
}

// DeriveKey returns a 32-byte key for purpose, derived from the signing key
// kept in the database, so that every replica derives the same key. Each
// purpose gets an unrelated key.
func (s *Service) DeriveKey(purpose string) ([]byte, error) {
	k := s.key.Load()
	if k == nil {
		return nil, errors.New("auth: not initialised")
	}
	return hkdf.Key(sha256.New, k.secret, []byte(k.kid), "portico "+purpose, 32)
}
