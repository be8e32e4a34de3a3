package compat

import (
	"crypto/subtle"
	"errors"
	"net/http"
	"slices"
	"strings"

	"github.com/portico-apim/portico/ent"
	"github.com/portico-apim/portico/ent/tenant"
	"github.com/portico-apim/portico/schema/viewer"
	"github.com/portico-apim/portico/server/problem"
	"github.com/portico-apim/portico/server/store"
)

// errSuspended answers 403 with an empty body: the host's tenant is not
// approved.
var errSuspended = errors.New("tenant not approved")

var errNotFound = problem.NotFound("not found")

// scopeSection is the section a team member needs to use a scope.
var scopeSection = map[viewer.Scope]viewer.Section{
	viewer.ScopeAccountManagement: viewer.SectionPartners,
	viewer.ScopeStats:             viewer.SectionMonitoring,
	viewer.ScopeFinance:           viewer.SectionFinance,
	viewer.ScopePolicyRegistry:    viewer.SectionPolicyRegistry,
}

// credentials returns the token and provider-key candidates of a request
// (spec §1.1): the access_token (provider_key, api_key on the master API)
// parameter, else the first non-empty part of HTTP basic credentials.
func credentials(r *http.Request, master bool) (token, providerKey string) {
	basic := ""
	if user, pass, ok := r.BasicAuth(); ok {
		basic = user
		if basic == "" {
			basic = pass
		}
	}
	token, providerKey = r.FormValue("access_token"), r.FormValue("provider_key")
	if master {
		providerKey = r.FormValue("api_key")
	}
	if token == "" {
		token = basic
	}
	if providerKey == "" {
		providerKey = basic
	}
	return token, providerKey
}

// hostTenant finds the tenant whose admin domain is the request's host.
// When none matches, the master API falls back to the master account and the
// rest to the default tenant, so a single-tenant installation answers on any
// host name; a provider's domain never serves the master API.
func (a *API) hostTenant(r *http.Request, master bool) (*ent.Tenant, error) {
	t, named, err := store.TenantByHost(viewer.SystemContext(r.Context()), a.client, r.Host, master)
	switch {
	case ent.IsNotFound(err):
		return nil, errNotFound
	case err != nil:
		return nil, err
	case named && master && !t.Master:
		return nil, errNotFound
	}
	return t, nil
}

// authenticate resolves the caller of a request on the host's tenant and
// checks the route's scopes and the token's permission.
func (a *API) authenticate(r *http.Request, rt Route) (*Call, error) {
	t, err := a.hostTenant(r, rt.Master)
	if err != nil {
		return nil, err
	}
	token, providerKey := credentials(r, rt.Master)
	ctx := r.Context()
	// A session JWT is for the admin console, not the REST API.
	if token != "" && strings.Count(token, ".") != 2 {
		v, err := a.auth.Authenticate(ctx, token)
		if err == nil {
			if v.TenantID != t.ID {
				return nil, errAccessDenied
			}
			if err := allowed(v, rt, r.Method); err != nil {
				return nil, err
			}
			return &Call{Tenant: t, ctx: viewer.NewContext(ctx, v)}, nil
		}
		if p := problem.Classify(err); p.Kind == problem.KindInternal {
			return nil, err
		}
	}
	if providerKey != "" && subtle.ConstantTimeCompare([]byte(providerKey), []byte(t.ProviderKey)) == 1 {
		if t.State != tenant.StateAPPROVED {
			return nil, errSuspended
		}
		v := viewer.FromContext(viewer.TenantSystemContext(ctx, t.ID))
		v.Master = t.Master
		return &Call{Tenant: t, ctx: viewer.NewContext(ctx, v)}, nil
	}
	return nil, errAccessDenied
}

// allowed applies the scope rules of spec §1.3–1.4 to an access token: one
// of the route's scopes must be among the token's and usable by its owner,
// and a read-only token may not change anything.
func allowed(v *viewer.Viewer, rt Route, method string) error {
	if v.Token == nil {
		return errAccessDenied
	}
	scopes := rt.Scopes
	if len(scopes) == 0 {
		scopes = []viewer.Scope{viewer.ScopeAccountManagement}
	}
	ok := false
	for _, s := range scopes {
		if v.Token.HasScope(s) && (v.IsAdmin() || v.Has(scopeSection[s])) {
			ok = true
			break
		}
	}
	if !ok {
		return errPermissions
	}
	if v.Token.ReadOnly && !slices.Contains([]string{http.MethodGet, http.MethodHead}, method) {
		return errPermissions
	}
	if rt.Master && !v.Master {
		return errAccessDenied
	}
	return nil
}
