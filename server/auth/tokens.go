package auth

import (
	"context"
	"time"

	"github.com/portico-apim/portico/ent"
	"github.com/portico-apim/portico/ent/accesstoken"
	"github.com/portico-apim/portico/schema/viewer"
	"github.com/portico-apim/portico/server/problem"
	"github.com/portico-apim/portico/server/secret"
	"github.com/portico-apim/portico/server/store"
)

// scopeSection is the section a team member needs to use a scope.
var scopeSection = map[viewer.Scope]viewer.Section{
	viewer.ScopeAccountManagement: viewer.SectionPartners,
	viewer.ScopeStats:             viewer.SectionMonitoring,
	viewer.ScopeFinance:           viewer.SectionFinance,
	viewer.ScopePolicyRegistry:    viewer.SectionPolicyRegistry,
}

// AccessTokenInput describes a new access token.
type AccessTokenInput struct {
	Name       string
	Scopes     []viewer.Scope
	Permission accesstoken.Permission
	ExpiresAt  *time.Time
}

// CreateAccessToken creates an access token owned by the viewer. The value is
// returned only here; the database keeps its digest. A token cannot carry
// more than the credential creating it: a read-only or narrower access token
// cannot mint a wider one.
func (s *Service) CreateAccessToken(ctx context.Context, in AccessTokenInput) (*ent.AccessToken, string, error) {
	v := viewer.FromContext(ctx)
	if v == nil || v.UserID == 0 {
		return nil, "", problem.Unauthenticated("authentication required")
	}
	if len(in.Scopes) == 0 {
		return nil, "", problem.Invalid("scopes", "give at least one scope")
	}
	seen := map[viewer.Scope]bool{}
	for _, sc := range in.Scopes {
		if seen[sc] {
			return nil, "", problem.Invalid("scopes", "scope %s is listed twice", sc)
		}
		seen[sc] = true
		if v.Token != nil && !v.Token.HasScope(sc) {
			return nil, "", problem.Forbidden("the access token in use lacks the %s scope", sc)
		}
		if need, ok := scopeSection[sc]; ok && !v.Has(need) {
			return nil, "", problem.Forbidden("the %s scope needs the %s permission", sc, need)
		}
	}
	if err := accesstoken.PermissionValidator(in.Permission); err != nil {
		return nil, "", problem.Invalid("permission", "must be RO or RW")
	}
	if in.ExpiresAt != nil && !in.ExpiresAt.After(s.now()) {
		return nil, "", problem.Invalid("expires_at", "must be in the future")
	}
	value := secret.Token()
	tok, err := store.Client(ctx, s.client).AccessToken.Create().
		SetUserID(v.UserID).SetName(in.Name).SetScopes(in.Scopes).SetPermission(in.Permission).
		SetTokenHash(secret.Digest(value)).SetNillableExpiresAt(in.ExpiresAt).Save(ctx)
	if err != nil {
		return nil, "", err
	}
	return tok, value, nil
}
