package compat

import (
	"strconv"
	"strings"

	"github.com/portico-apim/portico/ent"
	"github.com/portico-apim/portico/ent/accesstoken"
	"github.com/portico-apim/portico/schema/viewer"
	"github.com/portico-apim/portico/server/auth"
	"github.com/portico-apim/portico/server/problem"
	"github.com/portico-apim/portico/server/secret"
)

// Personal access tokens, spec §1.2, §2.3 and §3.16. Tokens are personal:
// a caller sees, creates and deletes its own only (the schema's interceptor
// and hook keep every query to the viewer's tokens).

type tokenRep struct {
	ID         int      `json:"id" xml:"id"`
	Name       string   `json:"name" xml:"name"`
	Scopes     []string `json:"scopes" xml:"scopes>scope"`
	Permission string   `json:"permission" xml:"permission"`
	ExpiresAt  *string  `json:"expires_at" xml:"expires_at"`
	CreatedAt  string   `json:"created_at" xml:"created_at"`
	Value      string   `json:"value,omitempty" xml:"value,omitempty"`
}

func (c *Call) tokenOf(t *ent.AccessToken, value string) tokenRep {
	scopes := make([]string, len(t.Scopes))
	for i, s := range t.Scopes {
		scopes[i] = string(s)
	}
	return tokenRep{ID: t.ID, Name: t.Name, Scopes: scopes, Permission: strings.ToLower(string(t.Permission)),
		ExpiresAt: c.stampPtr(t.ExpiresAt), CreatedAt: c.stamp(t.CreatedAt), Value: value}
}

// PersonalTokens lists the caller's tokens, those whose name contains name
// when given. GET /admin/api/personal/access_tokens
func (a *API) PersonalTokens(c *Call) error {
	q := a.client.AccessToken.Query().Order(ent.Asc(accesstoken.FieldID))
	if name := c.R.URL.Query().Get("name"); name != "" {
		q.Where(accesstoken.NameContains(name))
	}
	ts, err := q.All(c.Context())
	if err != nil {
		return err
	}
	items := make([]tokenRep, len(ts))
	for i, t := range ts {
		items[i] = c.tokenOf(t, "")
	}
	return RespondList(c, "access_tokens", "access_token", items, nil)
}

// CreatePersonalToken creates a token for the caller; its value is shown
// in this answer only. POST /admin/api/personal/access_tokens
func (a *API) CreatePersonalToken(c *Call) error {
	p, err := c.Params("token")
	if err != nil {
		return err
	}
	name, err := p.required("name")
	if err != nil {
		return err
	}
	in := auth.AccessTokenInput{Name: name}
	switch perm := p.Text("permission"); perm {
	case "ro":
		in.Permission = accesstoken.PermissionRO
	case "rw":
		in.Permission = accesstoken.PermissionRW
	case "":
		return problem.Invalid("permission", "can't be blank")
	default:
		return problem.Invalid("permission", "is not included in the list")
	}
	known := map[viewer.Scope]bool{viewer.ScopeAccountManagement: true, viewer.ScopeStats: true, viewer.ScopeFinance: true, viewer.ScopePolicyRegistry: true}
	for _, s := range p.Strings("scopes") {
		if !known[viewer.Scope(s)] {
			return problem.Invalid("scopes", "%q is not a scope: account_management, stats, finance or policy_registry", s)
		}
		in.Scopes = append(in.Scopes, viewer.Scope(s))
	}
	if in.ExpiresAt, err = p.Time("expires_at"); err != nil {
		return err
	}
	t, value, err := a.auth.CreateAccessToken(c.Context(), in)
	if err != nil {
		return err
	}
	return c.created("access_token", c.tokenOf(t, value))
}

// CreateUserToken is the older form of CreatePersonalToken: the user in
// the path must be the caller, since a token acts as its owner and Portico
// mints no credential for anyone else.
// POST /admin/api/users/{user_id}/access_tokens
func (a *API) CreateUserToken(c *Call) error {
	id, err := c.intPath("user_id")
	if err != nil {
		return err
	}
	if v := viewer.FromContext(c.Context()); v == nil || v.UserID != id {
		return problem.Forbidden("an access token is created by the user who will own it: use /admin/api/personal/access_tokens with that user's credentials")
	}
	return a.CreatePersonalToken(c)
}

// personalToken finds the caller's token by id or by value.
func (a *API) personalToken(c *Call) (*ent.AccessToken, error) {
	key := c.R.PathValue("id")
	q := a.client.AccessToken.Query()
	if id, err := strconv.Atoi(key); err == nil {
		q.Where(accesstoken.ID(id))
	} else {
		q.Where(accesstoken.TokenHash(secret.Digest(key)))
	}
	t, err := q.Only(c.Context())
	if err != nil {
		return nil, problem.NotFoundIf(err, "access token not found")
	}
	return t, nil
}

// PersonalToken reads one of the caller's tokens, by id or value.
// GET /admin/api/personal/access_tokens/{id_or_value}
func (a *API) PersonalToken(c *Call) error {
	t, err := a.personalToken(c)
	if err != nil {
		return err
	}
	return c.ok("access_token", c.tokenOf(t, ""))
}

// DeletePersonalToken deletes one of the caller's tokens, by id or value.
// DELETE /admin/api/personal/access_tokens/{id_or_value}
func (a *API) DeletePersonalToken(c *Call) error {
	t, err := a.personalToken(c)
	if err != nil {
		return err
	}
	if err := a.client.AccessToken.DeleteOne(t).Exec(c.Context()); err != nil {
		return err
	}
	return c.deleted()
}
