package proxyconf

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/portico-apim/portico/ent"
	"github.com/portico-apim/portico/ent/backendusage"
	"github.com/portico-apim/portico/ent/mappingrule"
	"github.com/portico-apim/portico/ent/metric"
	"github.com/portico-apim/portico/ent/product"
	"github.com/portico-apim/portico/ent/servicetoken"
	"github.com/portico-apim/portico/schema/policy"
)

// The configuration JSON (APIcast's proxy config content): a product with
// its proxy settings and mapping rules. Field names and shapes are what
// APIcast's configuration loader reads.

type serviceContent struct {
	ID                         int          `json:"id"`
	AccountID                  int          `json:"account_id"`
	Name                       string       `json:"name"`
	SystemName                 string       `json:"system_name"`
	Description                *string      `json:"description"`
	State                      string       `json:"state"`
	BackendVersion             string       `json:"backend_version"`
	BackendAuthenticationType  string       `json:"backend_authentication_type"`
	BackendAuthenticationValue string       `json:"backend_authentication_value"`
	Proxiable                  bool         `json:"proxiable?"`
	DeploymentOption           string       `json:"deployment_option"`
	CreatedAt                  string       `json:"created_at"`
	UpdatedAt                  string       `json:"updated_at"`
	Proxy                      proxyContent `json:"proxy"`
}

type proxyContent struct {
	ID                         int             `json:"id"`
	ServiceID                  int             `json:"service_id"`
	TenantID                   int             `json:"tenant_id"`
	Endpoint                   *string         `json:"endpoint"`
	SandboxEndpoint            *string         `json:"sandbox_endpoint"`
	APIBackend                 *string         `json:"api_backend"`
	Hosts                      []string        `json:"hosts"`
	Backend                    *backendContent `json:"backend,omitempty"`
	AuthenticationMethod       string          `json:"authentication_method"`
	ServiceBackendVersion      string          `json:"service_backend_version"`
	CredentialsLocation        string          `json:"credentials_location"`
	AuthUserKey                string          `json:"auth_user_key"`
	AuthAppID                  string          `json:"auth_app_id"`
	AuthAppKey                 string          `json:"auth_app_key"`
	ErrorAuthFailed            string          `json:"error_auth_failed"`
	ErrorStatusAuthFailed      int             `json:"error_status_auth_failed"`
	ErrorHeadersAuthFailed     string          `json:"error_headers_auth_failed"`
	ErrorAuthMissing           string          `json:"error_auth_missing"`
	ErrorStatusAuthMissing     int             `json:"error_status_auth_missing"`
	ErrorHeadersAuthMissing    string          `json:"error_headers_auth_missing"`
	ErrorNoMatch               string          `json:"error_no_match"`
	ErrorStatusNoMatch         int             `json:"error_status_no_match"`
	ErrorHeadersNoMatch        string          `json:"error_headers_no_match"`
	ErrorLimitsExceeded        string          `json:"error_limits_exceeded"`
	ErrorStatusLimitsExceeded  int             `json:"error_status_limits_exceeded"`
	ErrorHeadersLimitsExceeded string          `json:"error_headers_limits_exceeded"`
	SecretToken                *string         `json:"secret_token"`
	HostnameRewrite            *string         `json:"hostname_rewrite"`
	HostnameRewriteForSandbox  *string         `json:"hostname_rewrite_for_sandbox"`
	OauthLoginURL              *string         `json:"oauth_login_url"`
	OidcIssuerEndpoint         *string         `json:"oidc_issuer_endpoint"`
	OidcIssuerType             *string         `json:"oidc_issuer_type"`
	JwtClaimWithClientID       *string         `json:"jwt_claim_with_client_id"`
	JwtClaimWithClientIDType   *string         `json:"jwt_claim_with_client_id_type"`
	EndpointPort               int             `json:"endpoint_port"`
	Valid                      bool            `json:"valid?"`
	LockVersion                int             `json:"lock_version"`
	APIcastConfigurationDriven bool            `json:"apicast_configuration_driven"`
	APITestPath                string          `json:"api_test_path"`
	APITestSuccess             *bool           `json:"api_test_success"`
	DeployedAt                 *string         `json:"deployed_at"`
	CreatedAt                  string          `json:"created_at"`
	UpdatedAt                  string          `json:"updated_at"`
	PolicyChain                []policyContent `json:"policy_chain"`
	ProxyRules                 []ruleContent   `json:"proxy_rules"`
}

type backendContent struct {
	Endpoint string `json:"endpoint"`
	Host     string `json:"host"`
}

type policyContent struct {
	Name          string          `json:"name"`
	Version       string          `json:"version"`
	Configuration json.RawMessage `json:"configuration"`
}

type ruleContent struct {
	ID                    int               `json:"id"`
	ProxyID               *int              `json:"proxy_id"`
	OwnerID               int               `json:"owner_id"`
	OwnerType             string            `json:"owner_type"`
	HTTPMethod            string            `json:"http_method"`
	Pattern               string            `json:"pattern"`
	MetricID              int               `json:"metric_id"`
	MetricSystemName      string            `json:"metric_system_name"`
	Delta                 int               `json:"delta"`
	Position              int               `json:"position"`
	Last                  bool              `json:"last"`
	RedirectURL           *string           `json:"redirect_url"`
	TenantID              int               `json:"tenant_id"`
	CreatedAt             string            `json:"created_at"`
	UpdatedAt             string            `json:"updated_at"`
	Parameters            []string          `json:"parameters"`
	QuerystringParameters map[string]string `json:"querystring_parameters"`
}

// stamp writes a time as 3scale does: ISO 8601 in UTC, whole seconds.
func stamp(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05Z") }

func nonEmpty(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// backendVersion is 3scale's name of a product's authentication mode.
func backendVersion(a product.Authentication) string {
	switch a {
	case product.AuthenticationAPP_ID:
		return "2"
	case product.AuthenticationOIDC:
		return "oauth"
	}
	return "1"
}

// productState is the state as 3scale writes it.
func productState(s product.State) string { return strings.ToLower(string(s)) }

// buildContent assembles the configuration JSON of a product from the
// system of record, and the host names gateways look it up by.
func buildContent(ctx context.Context, c *ent.Client, p *ent.Product) ([]byte, []string, error) {
	px, err := settingsOf(ctx, c, p)
	if err != nil {
		return nil, nil, err
	}
	authType, authValue := "service_token", ""
	tok, err := c.ServiceToken.Query().Where(servicetoken.ProductID(p.ID)).Order(ent.Asc(servicetoken.FieldID)).First(ctx)
	switch {
	case err == nil:
		authValue = tok.Value
	case ent.IsNotFound(err):
		t, err := c.Tenant.Get(ctx, p.TenantID)
		if err != nil {
			return nil, nil, fmt.Errorf("read tenant: %w", err)
		}
		authType, authValue = "provider_key", t.ProviderKey
	default:
		return nil, nil, fmt.Errorf("read service token: %w", err)
	}
	rules, err := proxyRules(ctx, c, p, px.ID)
	if err != nil {
		return nil, nil, err
	}
	apiBackend := nonEmpty(px.APIBackend)
	if apiBackend == nil {
		if apiBackend, err = soleBackend(ctx, c, p.ID); err != nil {
			return nil, nil, err
		}
	}
	hosts := hostsOf(px.ProductionEndpoint, px.StagingEndpoint)
	chain := make([]policyContent, 0, len(px.PolicyChain))
	for _, pc := range px.PolicyChain {
		if !pc.Enabled && pc.Name != policy.Builtin {
			continue
		}
		conf := pc.Configuration
		if len(conf) == 0 {
			conf = json.RawMessage(`{}`)
		}
		chain = append(chain, policyContent{Name: pc.Name, Version: pc.Version, Configuration: conf})
	}
	bv := backendVersion(p.Authentication)
	var issuerType *string
	if p.Authentication == product.AuthenticationOIDC {
		issuerType = nonEmpty(strings.ToLower(string(px.OidcIssuerType)))
	}
	var rewriteSandbox *string
	if apiBackend != nil {
		if u, err := url.Parse(*apiBackend); err == nil {
			rewriteSandbox = nonEmpty(u.Hostname())
		}
	}
	doc := serviceContent{
		ID: p.ID, AccountID: p.TenantID, Name: p.Name, SystemName: p.SystemName, Description: nonEmpty(p.Description),
		State: productState(p.State), BackendVersion: bv,
		BackendAuthenticationType: authType, BackendAuthenticationValue: authValue,
		Proxiable: true, DeploymentOption: "self_managed",
		CreatedAt: stamp(p.CreatedAt), UpdatedAt: stamp(p.UpdatedAt),
		Proxy: proxyContent{
			ID: px.ID, ServiceID: p.ID, TenantID: p.TenantID,
			Endpoint: nonEmpty(px.ProductionEndpoint), SandboxEndpoint: nonEmpty(px.StagingEndpoint),
			APIBackend: apiBackend, Hosts: hosts,
			AuthenticationMethod: bv, ServiceBackendVersion: bv,
			CredentialsLocation: strings.ToLower(string(px.CredentialsLocation)),
			AuthUserKey:         px.AuthUserKey, AuthAppID: px.AuthAppID, AuthAppKey: px.AuthAppKey,
			ErrorAuthFailed: px.ErrorAuthFailed, ErrorStatusAuthFailed: px.ErrorStatusAuthFailed, ErrorHeadersAuthFailed: px.ErrorHeadersAuthFailed,
			ErrorAuthMissing: px.ErrorAuthMissing, ErrorStatusAuthMissing: px.ErrorStatusAuthMissing, ErrorHeadersAuthMissing: px.ErrorHeadersAuthMissing,
			ErrorNoMatch: px.ErrorNoMatch, ErrorStatusNoMatch: px.ErrorStatusNoMatch, ErrorHeadersNoMatch: px.ErrorHeadersNoMatch,
			ErrorLimitsExceeded: px.ErrorLimitsExceeded, ErrorStatusLimitsExceeded: px.ErrorStatusLimitsExceeded,
			ErrorHeadersLimitsExceeded: px.ErrorHeadersLimitsExceeded,
			SecretToken:                nonEmpty(px.SecretToken), HostnameRewrite: nonEmpty(px.HostnameRewrite),
			HostnameRewriteForSandbox: rewriteSandbox,
			OidcIssuerEndpoint:        nonEmpty(px.OidcIssuerEndpoint), OidcIssuerType: issuerType,
			EndpointPort: endpointPort(px.ProductionEndpoint), Valid: true, LockVersion: px.LockVersion,
			APIcastConfigurationDriven: true, APITestPath: "/",
			CreatedAt: stamp(px.CreatedAt), UpdatedAt: stamp(px.UpdatedAt),
			PolicyChain: chain, ProxyRules: rules,
		},
	}
	b, err := json.Marshal(doc)
	if err != nil {
		return nil, nil, fmt.Errorf("encode configuration: %w", err)
	}
	return b, hosts, nil
}

// proxyRules lists the product's mapping rules, then those of each backend
// it uses, prefixed by the usage's path and counting the backend's
// metrics under their `.<backend id>` names.
func proxyRules(ctx context.Context, c *ent.Client, p *ent.Product, proxyID int) ([]ruleContent, error) {
	own, err := c.MappingRule.Query().Where(mappingrule.ProductID(p.ID)).
		Order(ent.Asc(mappingrule.FieldPosition), ent.Asc(mappingrule.FieldID)).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("read mapping rules: %w", err)
	}
	usages, err := c.BackendUsage.Query().Where(backendusage.ProductID(p.ID)).Order(ent.Asc(backendusage.FieldID)).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("read backend usages: %w", err)
	}
	backendIDs := make([]int, len(usages))
	for i, u := range usages {
		backendIDs[i] = u.BackendID
	}
	backendRules, err := c.MappingRule.Query().Where(mappingrule.BackendIDIn(backendIDs...)).
		Order(ent.Asc(mappingrule.FieldPosition), ent.Asc(mappingrule.FieldID)).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("read backend mapping rules: %w", err)
	}
	metrics, err := c.Metric.Query().Where(metric.Or(metric.ProductID(p.ID), metric.BackendIDIn(backendIDs...))).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("read metrics: %w", err)
	}
	names := make(map[int]string, len(metrics))
	for _, m := range metrics {
		names[m.ID] = m.SystemName
		if m.BackendID != nil {
			names[m.ID] += "." + strconv.Itoa(*m.BackendID)
		}
	}
	out := make([]ruleContent, 0, len(own)+len(backendRules))
	for _, r := range own {
		out = append(out, rule(r, r.Pattern, "Proxy", proxyID, &proxyID, names))
	}
	for _, u := range usages {
		for _, r := range backendRules {
			if r.BackendID == nil || *r.BackendID != u.BackendID {
				continue
			}
			out = append(out, rule(r, joinPath(u.Path, r.Pattern), "BackendApi", u.BackendID, nil, names))
		}
	}
	return out, nil
}

func rule(r *ent.MappingRule, pattern, ownerType string, ownerID int, proxyID *int, names map[int]string) ruleContent {
	params, query := patternParameters(pattern)
	return ruleContent{
		ID: r.ID, ProxyID: proxyID, OwnerID: ownerID, OwnerType: ownerType,
		HTTPMethod: string(r.HTTPMethod), Pattern: pattern, MetricID: r.MetricID, MetricSystemName: names[r.MetricID],
		Delta: r.Delta, Position: r.Position, Last: r.Last, TenantID: r.TenantID,
		CreatedAt: stamp(r.CreatedAt), UpdatedAt: stamp(r.UpdatedAt),
		Parameters: params, QuerystringParameters: query,
	}
}

// joinPath prefixes a backend rule's pattern with the usage's path.
func joinPath(path, pattern string) string {
	path = strings.TrimSuffix(path, "/")
	if path == "" {
		return pattern
	}
	return path + pattern
}

var wildcard = regexp.MustCompile(`\{([^}]+)\}`)

// patternParameters returns the {names} of a pattern's path and its query
// template as a map.
func patternParameters(pattern string) ([]string, map[string]string) {
	path, query, _ := strings.Cut(pattern, "?")
	params := []string{}
	for _, m := range wildcard.FindAllStringSubmatch(path, -1) {
		params = append(params, m[1])
	}
	qs := map[string]string{}
	if query != "" {
		for _, kv := range strings.Split(query, "&") {
			k, v, _ := strings.Cut(kv, "=")
			if k != "" {
				qs[k] = v
			}
		}
	}
	return params, qs
}

// soleBackend is the private URL of the one backend a product uses at "/",
// the upstream the gateway forwards to without routing.
func soleBackend(ctx context.Context, c *ent.Client, productID int) (*string, error) {
	usages, err := c.BackendUsage.Query().Where(backendusage.ProductID(productID)).WithBackend().All(ctx)
	if err != nil {
		return nil, fmt.Errorf("read backend usages: %w", err)
	}
	if len(usages) != 1 || usages[0].Path != "/" || usages[0].Edges.Backend == nil {
		return nil, nil
	}
	return &usages[0].Edges.Backend.PrivateEndpoint, nil
}

// hostsOf returns the distinct host names of the public URLs, sorted.
func hostsOf(endpoints ...string) []string {
	seen := map[string]bool{}
	hosts := []string{}
	for _, e := range endpoints {
		u, err := url.Parse(e)
		if err != nil || u.Hostname() == "" || seen[u.Hostname()] {
			continue
		}
		seen[u.Hostname()] = true
		hosts = append(hosts, u.Hostname())
	}
	sort.Strings(hosts)
	return hosts
}

func endpointPort(endpoint string) int {
	u, err := url.Parse(endpoint)
	if err != nil || u.Host == "" {
		return 80
	}
	if p, err := strconv.Atoi(u.Port()); err == nil {
		return p
	}
	if u.Scheme == "https" {
		return 443
	}
	return 80
}
