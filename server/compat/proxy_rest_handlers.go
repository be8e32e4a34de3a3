package compat

import (
	"encoding/json"
	"encoding/xml"
	"net/http"
	"strings"

	"github.com/portico-apim/portico/ent"
	"github.com/portico-apim/portico/ent/proxy"
	"github.com/portico-apim/portico/schema/policy"
	"github.com/portico-apim/portico/server/problem"
	"github.com/portico-apim/portico/server/proxyconf"
)

// A product's integration settings ("proxy"), its deployment and its policy
// chain, spec §2.8 and §3.12.

type proxyRep struct {
	ServiceID                  int         `json:"service_id" xml:"service_id"`
	Endpoint                   string      `json:"endpoint" xml:"endpoint"`
	DeployedAt                 nullable    `json:"deployed_at" xml:"deployed_at"`
	APIBackend                 nullable    `json:"api_backend" xml:"api_backend"`
	CredentialsLocation        string      `json:"credentials_location" xml:"credentials_location"`
	AuthAppKey                 string      `json:"auth_app_key" xml:"auth_app_key"`
	AuthAppID                  string      `json:"auth_app_id" xml:"auth_app_id"`
	AuthUserKey                string      `json:"auth_user_key" xml:"auth_user_key"`
	ErrorAuthFailed            string      `json:"error_auth_failed" xml:"error_auth_failed"`
	ErrorAuthMissing           string      `json:"error_auth_missing" xml:"error_auth_missing"`
	ErrorStatusAuthFailed      int         `json:"error_status_auth_failed" xml:"error_status_auth_failed"`
	ErrorHeadersAuthFailed     string      `json:"error_headers_auth_failed" xml:"error_headers_auth_failed"`
	ErrorStatusAuthMissing     int         `json:"error_status_auth_missing" xml:"error_status_auth_missing"`
	ErrorHeadersAuthMissing    string      `json:"error_headers_auth_missing" xml:"error_headers_auth_missing"`
	ErrorNoMatch               string      `json:"error_no_match" xml:"error_no_match"`
	ErrorStatusNoMatch         int         `json:"error_status_no_match" xml:"error_status_no_match"`
	ErrorHeadersNoMatch        string      `json:"error_headers_no_match" xml:"error_headers_no_match"`
	ErrorLimitsExceeded        string      `json:"error_limits_exceeded" xml:"error_limits_exceeded"`
	ErrorStatusLimitsExceeded  int         `json:"error_status_limits_exceeded" xml:"error_status_limits_exceeded"`
	ErrorHeadersLimitsExceeded string      `json:"error_headers_limits_exceeded" xml:"error_headers_limits_exceeded"`
	SecretToken                string      `json:"secret_token" xml:"secret_token"`
	HostnameRewrite            string      `json:"hostname_rewrite" xml:"hostname_rewrite"`
	OauthLoginURL              nullable    `json:"oauth_login_url" xml:"oauth_login_url"`
	SandboxEndpoint            string      `json:"sandbox_endpoint" xml:"sandbox_endpoint"`
	APITestPath                string      `json:"api_test_path" xml:"api_test_path"`
	APITestSuccess             nullable    `json:"api_test_success" xml:"api_test_success"`
	PoliciesConfig             policyChain `json:"policies_config" xml:"policies_config"`
	CreatedAt                  string      `json:"created_at" xml:"created_at"`
	UpdatedAt                  string      `json:"updated_at" xml:"updated_at"`
	DeploymentOption           string      `json:"deployment_option" xml:"deployment_option"`
	LockVersion                int         `json:"lock_version" xml:"lock_version"`
	OidcIssuerEndpoint         *string     `json:"oidc_issuer_endpoint,omitempty" xml:"oidc_issuer_endpoint,omitempty"`
	OidcIssuerType             *string     `json:"oidc_issuer_type,omitempty" xml:"oidc_issuer_type,omitempty"`
	Links                      []link      `json:"links" xml:"-"`
}

// policyItem is one policy of a chain as 3scale writes it.
type policyItem struct {
	Name          string          `json:"name"`
	Version       string          `json:"version"`
	Configuration json.RawMessage `json:"configuration"`
	Enabled       bool            `json:"enabled"`
}

// policyChain is a JSON array in JSON and JSON text in XML, as porta does.
type policyChain []policyItem

func (p policyChain) MarshalXML(e *xml.Encoder, start xml.StartElement) error {
	b, err := json.Marshal([]policyItem(p))
	if err != nil {
		return err
	}
	return e.EncodeElement(string(b), start)
}

func chainOf(cfgs []policy.Config) policyChain {
	out := make(policyChain, len(cfgs))
	for i, c := range cfgs {
		conf := c.Configuration
		if len(conf) == 0 {
			conf = json.RawMessage("{}")
		}
		out[i] = policyItem{Name: c.Name, Version: c.Version, Configuration: conf, Enabled: c.Enabled}
	}
	return out
}

func (c *Call) proxyOf(p *ent.Product, px *ent.Proxy) proxyRep {
	r := proxyRep{ServiceID: p.ID, Endpoint: px.ProductionEndpoint, CredentialsLocation: strings.ToLower(string(px.CredentialsLocation)),
		AuthAppKey: px.AuthAppKey, AuthAppID: px.AuthAppID, AuthUserKey: px.AuthUserKey,
		ErrorAuthFailed: px.ErrorAuthFailed, ErrorAuthMissing: px.ErrorAuthMissing,
		ErrorStatusAuthFailed: px.ErrorStatusAuthFailed, ErrorHeadersAuthFailed: px.ErrorHeadersAuthFailed,
		ErrorStatusAuthMissing: px.ErrorStatusAuthMissing, ErrorHeadersAuthMissing: px.ErrorHeadersAuthMissing,
		ErrorNoMatch: px.ErrorNoMatch, ErrorStatusNoMatch: px.ErrorStatusNoMatch, ErrorHeadersNoMatch: px.ErrorHeadersNoMatch,
		ErrorLimitsExceeded: px.ErrorLimitsExceeded, ErrorStatusLimitsExceeded: px.ErrorStatusLimitsExceeded,
		ErrorHeadersLimitsExceeded: px.ErrorHeadersLimitsExceeded, SecretToken: px.SecretToken,
		HostnameRewrite: px.HostnameRewrite, SandboxEndpoint: px.StagingEndpoint, APITestPath: "/",
		PoliciesConfig: chainOf(px.PolicyChain), CreatedAt: c.stamp(px.CreatedAt), UpdatedAt: c.stamp(px.UpdatedAt),
		DeploymentOption: "hosted", LockVersion: px.LockVersion}
	if px.APIBackend != "" {
		r.APIBackend = nullable{px.APIBackend}
	}
	if p.Authentication == "OIDC" {
		t := strings.ToLower(string(px.OidcIssuerType))
		r.OidcIssuerEndpoint, r.OidcIssuerType = &px.OidcIssuerEndpoint, &t
	}
	base := "/admin/api/services/" + itoa(p.ID)
	r.Links = []link{c.link("service", base), c.link("self", base+"/proxy"), c.link("mapping_rules", base+"/proxy/mapping_rules")}
	return r
}

func (a *API) respondProxy(c *Call, status int, p *ent.Product) error {
	px, err := a.proxyconf.Settings(c.Context(), p.ID)
	if err != nil {
		return err
	}
	return c.Respond(status, "proxy", c.proxyOf(p, px))
}

// Proxy reads a product's integration settings.
// GET /admin/api/services/{service_id}/proxy
func (a *API) Proxy(c *Call) error {
	p, err := a.product(c, "service_id")
	if err != nil {
		return err
	}
	return a.respondProxy(c, http.StatusOK, p)
}

func errorResponse(p *Params, name string) (proxyconf.ErrorResponse, error) {
	status, err := p.Int("error_status_" + name)
	return proxyconf.ErrorResponse{Body: p.String("error_" + name), Status: status, ContentType: p.String("error_headers_" + name)}, err
}

// UpdateProxy changes a product's integration settings (PUT or PATCH).
// PUT /admin/api/services/{service_id}/proxy
func (a *API) UpdateProxy(c *Call) error {
	prod, err := a.product(c, "service_id")
	if err != nil {
		return err
	}
	p, err := c.Params("proxy")
	if err != nil {
		return err
	}
	in := proxyconf.SettingsInput{ProductionEndpoint: p.String("endpoint"), StagingEndpoint: p.String("sandbox_endpoint"),
		APIBackend: p.String("api_backend"), AuthUserKey: p.String("auth_user_key"), AuthAppID: p.String("auth_app_id"),
		AuthAppKey: p.String("auth_app_key"), SecretToken: p.String("secret_token"), HostnameRewrite: p.String("hostname_rewrite"),
		OidcIssuerEndpoint: p.String("oidc_issuer_endpoint")}
	if s := p.Text("credentials_location"); s != "" {
		cl := proxy.CredentialsLocation(strings.ToUpper(s))
		if proxy.CredentialsLocationValidator(cl) != nil {
			return problem.Invalid("credentials_location", "is not included in the list")
		}
		in.CredentialsLocation = &cl
	}
	if s := p.Text("oidc_issuer_type"); s != "" {
		t := proxy.OidcIssuerType(strings.ToUpper(s))
		if proxy.OidcIssuerTypeValidator(t) != nil {
			return problem.Invalid("oidc_issuer_type", "is not included in the list")
		}
		in.OidcIssuerType = &t
	}
	for name, dst := range map[string]*proxyconf.ErrorResponse{"auth_failed": &in.AuthFailed, "auth_missing": &in.AuthMissing,
		"no_match": &in.NoMatch, "limits_exceeded": &in.LimitsExceeded} {
		if *dst, err = errorResponse(p, name); err != nil {
			return err
		}
	}
	if _, err := a.proxyconf.UpdateSettings(c.Context(), prod.ID, in); err != nil {
		return err
	}
	return a.respondProxy(c, http.StatusOK, prod)
}

// DeployProxy stores the current settings as a new staging configuration
// and answers 201 with the settings.
// POST /admin/api/services/{service_id}/proxy/deploy
func (a *API) DeployProxy(c *Call) error {
	prod, err := a.product(c, "service_id")
	if err != nil {
		return err
	}
	if _, _, err := a.proxyconf.PromoteToStaging(c.Context(), prod.ID); err != nil {
		return err
	}
	return a.respondProxy(c, http.StatusCreated, prod)
}

func (c *Call) respondChain(chain []policy.Config) error {
	b, err := jsonMarshal(map[string]policyChain{"policies_config": chainOf(chain)})
	if err != nil {
		return err
	}
	c.RespondRaw(http.StatusOK, b)
	return nil
}

// Policies reads a product's policy chain.
// GET /admin/api/services/{service_id}/proxy/policies
func (a *API) Policies(c *Call) error {
	prod, err := a.product(c, "service_id")
	if err != nil {
		return err
	}
	px, err := a.proxyconf.Settings(c.Context(), prod.ID)
	if err != nil {
		return err
	}
	return c.respondChain(px.PolicyChain)
}

// UpdatePolicies replaces a product's policy chain with policies_config.
// PUT /admin/api/services/{service_id}/proxy/policies
func (a *API) UpdatePolicies(c *Call) error {
	prod, err := a.product(c, "service_id")
	if err != nil {
		return err
	}
	if _, err := c.Params(""); err != nil {
		return err
	}
	var chain []policy.Config
	switch raw := c.raw["policies_config"].(type) {
	case []any:
		b, _ := json.Marshal(raw)
		if err := json.Unmarshal(b, &chain); err != nil {
			return problem.Invalid("policies_config", "is not a list of policies")
		}
	case string:
		if err := json.Unmarshal([]byte(raw), &chain); err != nil {
			return problem.Invalid("policies_config", "is not a list of policies")
		}
	default:
		return problem.Invalid("policies_config", "can't be blank")
	}
	if chain == nil {
		chain = []policy.Config{}
	}
	px, err := a.proxyconf.UpdateSettings(c.Context(), prod.ID, proxyconf.SettingsInput{PolicyChain: chain})
	if err != nil {
		return err
	}
	return c.respondChain(px.PolicyChain)
}

type oidcConfigurationRep struct {
	ID                        int  `json:"id" xml:"id"`
	StandardFlowEnabled       bool `json:"standard_flow_enabled" xml:"standard_flow_enabled"`
	ImplicitFlowEnabled       bool `json:"implicit_flow_enabled" xml:"implicit_flow_enabled"`
	ServiceAccountsEnabled    bool `json:"service_accounts_enabled" xml:"service_accounts_enabled"`
	DirectAccessGrantsEnabled bool `json:"direct_access_grants_enabled" xml:"direct_access_grants_enabled"`
}

func oidcConfigurationOf(px *ent.Proxy) oidcConfigurationRep {
	return oidcConfigurationRep{ID: px.ID, StandardFlowEnabled: px.OidcStandardFlowEnabled, ImplicitFlowEnabled: px.OidcImplicitFlowEnabled,
		ServiceAccountsEnabled: px.OidcServiceAccountsEnabled, DirectAccessGrantsEnabled: px.OidcDirectAccessGrantsEnabled}
}

// OIDCConfiguration reads the OAuth 2.0 flows of a product's OpenID Connect
// clients.
// GET /admin/api/services/{service_id}/proxy/oidc_configuration
func (a *API) OIDCConfiguration(c *Call) error {
	prod, err := a.product(c, "service_id")
	if err != nil {
		return err
	}
	px, err := a.proxyconf.Settings(c.Context(), prod.ID)
	if err != nil {
		return err
	}
	return c.ok("oidc_configuration", oidcConfigurationOf(px))
}

// UpdateOIDCConfiguration switches those flows (PATCH or PUT).
// PATCH /admin/api/services/{service_id}/proxy/oidc_configuration
func (a *API) UpdateOIDCConfiguration(c *Call) error {
	prod, err := a.product(c, "service_id")
	if err != nil {
		return err
	}
	p, err := c.Params("oidc_configuration")
	if err != nil {
		return err
	}
	var flows proxyconf.OIDCFlows
	for name, dst := range map[string]**bool{"standard_flow_enabled": &flows.StandardFlow, "implicit_flow_enabled": &flows.ImplicitFlow,
		"service_accounts_enabled": &flows.ServiceAccounts, "direct_access_grants_enabled": &flows.DirectAccessGrants} {
		if *dst, err = p.Bool(name); err != nil {
			return err
		}
	}
	px, err := a.proxyconf.UpdateSettings(c.Context(), prod.ID, proxyconf.SettingsInput{OIDCFlows: flows})
	if err != nil {
		return err
	}
	return c.ok("oidc_configuration", oidcConfigurationOf(px))
}
