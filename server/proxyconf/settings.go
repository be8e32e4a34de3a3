package proxyconf

import (
	"context"
	"fmt"
	"net/url"
	"strings"

	"github.com/portico-apim/portico/ent"
	"github.com/portico-apim/portico/ent/proxy"
	"github.com/portico-apim/portico/schema/policy"
	"github.com/portico-apim/portico/server/problem"
	"github.com/portico-apim/portico/server/secret"
)

// ErrorResponse is what the gateway answers in one error case.
type ErrorResponse struct {
	Body        *string
	Status      *int
	ContentType *string
}

// SettingsInput changes a product's integration settings; nil fields stay.
type SettingsInput struct {
	StagingEndpoint     *string
	ProductionEndpoint  *string
	APIBackend          *string
	CredentialsLocation *proxy.CredentialsLocation
	AuthUserKey         *string
	AuthAppID           *string
	AuthAppKey          *string
	AuthFailed          ErrorResponse
	AuthMissing         ErrorResponse
	NoMatch             ErrorResponse
	LimitsExceeded      ErrorResponse
	SecretToken         *string
	HostnameRewrite     *string
	OidcIssuerEndpoint  *string
	OidcIssuerType      *proxy.OidcIssuerType
	// PolicyChain replaces the chain when not nil; the APIcast policy is
	// added when missing.
	PolicyChain []policy.Config
	// OIDCFlows are the OAuth 2.0 flows OpenID Connect clients may use.
	OIDCFlows OIDCFlows
}

// OIDCFlows switches the OAuth 2.0 flows of an OpenID Connect product's
// clients; nil fields stay.
type OIDCFlows struct {
	StandardFlow       *bool
	ImplicitFlow       *bool
	ServiceAccounts    *bool
	DirectAccessGrants *bool
}

// defaults returns the settings of a product nobody configured (not stored).
func defaults(p *ent.Product) *ent.Proxy {
	return &ent.Proxy{
		TenantID: p.TenantID, ProductID: p.ID, CreatedAt: p.CreatedAt, UpdatedAt: p.CreatedAt,
		CredentialsLocation: proxy.DefaultCredentialsLocation,
		AuthUserKey:         proxy.DefaultAuthUserKey, AuthAppID: proxy.DefaultAuthAppID, AuthAppKey: proxy.DefaultAuthAppKey,
		ErrorAuthFailed: proxy.DefaultErrorAuthFailed, ErrorStatusAuthFailed: proxy.DefaultErrorStatusAuthFailed,
		ErrorHeadersAuthFailed: proxy.DefaultErrorHeadersAuthFailed,
		ErrorAuthMissing:       proxy.DefaultErrorAuthMissing, ErrorStatusAuthMissing: proxy.DefaultErrorStatusAuthMissing,
		ErrorHeadersAuthMissing: proxy.DefaultErrorHeadersAuthMissing,
		ErrorNoMatch:            proxy.DefaultErrorNoMatch, ErrorStatusNoMatch: proxy.DefaultErrorStatusNoMatch,
		ErrorHeadersNoMatch: proxy.DefaultErrorHeadersNoMatch,
		ErrorLimitsExceeded: proxy.DefaultErrorLimitsExceeded, ErrorStatusLimitsExceeded: proxy.DefaultErrorStatusLimitsExceeded,
		ErrorHeadersLimitsExceeded: proxy.DefaultErrorHeadersLimitsExceeded,
		OidcIssuerType:             proxy.DefaultOidcIssuerType,
		OidcStandardFlowEnabled:    proxy.DefaultOidcStandardFlowEnabled,
		PolicyChain:                defaultChain(),
	}
}

func (s *Service) product(ctx context.Context, c *ent.Client, productID int) (*ent.Product, error) {
	p, err := c.Product.Get(ctx, productID)
	return p, problem.NotFoundIf(err, "product %d not found", productID)
}

// Settings returns a product's integration settings: the stored ones, or
// the defaults (with ID 0) when nobody changed them yet.
func (s *Service) Settings(ctx context.Context, productID int) (*ent.Proxy, error) {
	c := s.db(ctx)
	p, err := s.product(ctx, c, productID)
	if err != nil {
		return nil, err
	}
	return settingsOf(ctx, c, p)
}

func settingsOf(ctx context.Context, c *ent.Client, p *ent.Product) (*ent.Proxy, error) {
	px, err := c.Proxy.Query().Where(proxy.ProductID(p.ID)).Only(ctx)
	if ent.IsNotFound(err) {
		return defaults(p), nil
	}
	if err != nil {
		return nil, fmt.Errorf("read integration settings: %w", err)
	}
	if len(px.PolicyChain) == 0 {
		px.PolicyChain = defaultChain()
	}
	return px, nil
}

// UpdateSettings changes a product's integration settings.
func (s *Service) UpdateSettings(ctx context.Context, productID int, in SettingsInput) (*ent.Proxy, error) {
	if err := in.validate(); err != nil {
		return nil, err
	}
	var out *ent.Proxy
	err := s.tx(ctx, func(ctx context.Context, c *ent.Client) error {
		p, err := s.product(ctx, c, productID)
		if err != nil {
			return err
		}
		var chain []policy.Config
		if in.PolicyChain != nil {
			custom, err := customSchemas(ctx, c)
			if err != nil {
				return err
			}
			if chain, err = normalizeChain(in.PolicyChain, custom); err != nil {
				return err
			}
		}
		cur, err := c.Proxy.Query().Where(proxy.ProductID(p.ID)).Only(ctx)
		if ent.IsNotFound(err) {
			cur, err = c.Proxy.Create().SetProductID(p.ID).SetPolicyChain(defaultChain()).
				SetSecretToken("Shared_secret_sent_from_proxy_to_API_backend_" + secret.Hex(8)).Save(ctx)
		}
		if err != nil {
			return err
		}
		u := cur.Update().AddLockVersion(1)
		set := func(v *string, f func(string) *ent.ProxyUpdateOne) {
			if v != nil {
				f(strings.TrimSpace(*v))
			}
		}
		set(in.StagingEndpoint, u.SetStagingEndpoint)
		set(in.ProductionEndpoint, u.SetProductionEndpoint)
		set(in.APIBackend, u.SetAPIBackend)
		set(in.AuthUserKey, u.SetAuthUserKey)
		set(in.AuthAppID, u.SetAuthAppID)
		set(in.AuthAppKey, u.SetAuthAppKey)
		set(in.SecretToken, u.SetSecretToken)
		set(in.HostnameRewrite, u.SetHostnameRewrite)
		set(in.OidcIssuerEndpoint, u.SetOidcIssuerEndpoint)
		u.SetNillableCredentialsLocation(in.CredentialsLocation).SetNillableOidcIssuerType(in.OidcIssuerType)
		u.SetNillableErrorAuthFailed(in.AuthFailed.Body).SetNillableErrorStatusAuthFailed(in.AuthFailed.Status).
			SetNillableErrorHeadersAuthFailed(in.AuthFailed.ContentType)
		u.SetNillableErrorAuthMissing(in.AuthMissing.Body).SetNillableErrorStatusAuthMissing(in.AuthMissing.Status).
			SetNillableErrorHeadersAuthMissing(in.AuthMissing.ContentType)
		u.SetNillableErrorNoMatch(in.NoMatch.Body).SetNillableErrorStatusNoMatch(in.NoMatch.Status).
			SetNillableErrorHeadersNoMatch(in.NoMatch.ContentType)
		u.SetNillableErrorLimitsExceeded(in.LimitsExceeded.Body).SetNillableErrorStatusLimitsExceeded(in.LimitsExceeded.Status).
			SetNillableErrorHeadersLimitsExceeded(in.LimitsExceeded.ContentType)
		if chain != nil {
			u.SetPolicyChain(chain)
		}
		u.SetNillableOidcStandardFlowEnabled(in.OIDCFlows.StandardFlow).SetNillableOidcImplicitFlowEnabled(in.OIDCFlows.ImplicitFlow).
			SetNillableOidcServiceAccountsEnabled(in.OIDCFlows.ServiceAccounts).
			SetNillableOidcDirectAccessGrantsEnabled(in.OIDCFlows.DirectAccessGrants)
		out, err = u.Save(ctx)
		return err
	})
	return out, err
}

func (in SettingsInput) validate() error {
	for _, f := range []struct {
		name  string
		value *string
		path  bool
	}{
		{"staging_endpoint", in.StagingEndpoint, false},
		{"production_endpoint", in.ProductionEndpoint, false},
		{"api_backend", in.APIBackend, true},
		{"oidc_issuer_endpoint", in.OidcIssuerEndpoint, true},
	} {
		if f.value == nil || strings.TrimSpace(*f.value) == "" {
			continue
		}
		if err := checkURL(strings.TrimSpace(*f.value), f.path); err != nil {
			return problem.Invalid(f.name, "%v", err)
		}
	}
	for name, v := range map[string]*string{"auth_user_key": in.AuthUserKey, "auth_app_id": in.AuthAppID, "auth_app_key": in.AuthAppKey} {
		if v != nil && (strings.TrimSpace(*v) == "" || strings.ContainsAny(*v, " \t\r\n")) {
			return problem.Invalid(name, "must be a parameter or header name without spaces")
		}
	}
	for name, e := range map[string]ErrorResponse{"auth_failed": in.AuthFailed, "auth_missing": in.AuthMissing,
		"no_match": in.NoMatch, "limits_exceeded": in.LimitsExceeded} {
		if e.Status != nil && (*e.Status < 100 || *e.Status > 599) {
			return problem.Invalid("error_status_"+name, "must be an HTTP status code between 100 and 599")
		}
		if e.ContentType != nil && strings.TrimSpace(*e.ContentType) == "" {
			return problem.Invalid("error_headers_"+name, "give a content type such as text/plain; charset=us-ascii")
		}
	}
	if in.HostnameRewrite != nil && strings.ContainsAny(*in.HostnameRewrite, "/ ") {
		return problem.Invalid("hostname_rewrite", "must be a host name, without scheme or path")
	}
	return nil
}

// checkURL accepts an absolute http(s) URL; a path only when allowed.
func checkURL(raw string, path bool) error {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("%q is not an http:// or https:// URL", raw)
	}
	if !path && strings.Trim(u.Path, "/") != "" {
		return fmt.Errorf("%q may not have a path", raw)
	}
	if u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return fmt.Errorf("%q may not carry a query, fragment or user", raw)
	}
	return nil
}
