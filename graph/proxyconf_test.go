package graph_test

import (
	"strings"
	"testing"

	"github.com/portico-apim/portico/server/apptest"
)

// TestIntegrationConfiguration configures a product's integration, promotes
// it to staging and production, diffs two versions and regenerates the
// provider key, through GraphQL.
func TestIntegrationConfiguration(t *testing.T) {
	t.Parallel()
	in := apptest.Start(t)
	var prods struct {
		Products struct {
			Edges []struct{ Node struct{ ID, State string } }
		}
	}
	in.MustGraphQL(t, in.Admin, `{ products(first: 1) { edges { node { id state } } } }`, nil, &prods)
	product := prods.Products.Edges[0].Node.ID
	if prods.Products.Edges[0].Node.State != "INCOMPLETE" {
		t.Fatalf("a fresh product is %s", prods.Products.Edges[0].Node.State)
	}
	vars := map[string]any{"p": product}

	var settings struct {
		UpdateIntegrationSettings struct {
			ProductionEndpoint string
			NoMatch            struct {
				Body, ContentType string
				Status            int
			}
			PolicyChain []struct {
				Name          string
				Configuration map[string]any
			}
		}
	}
	in.MustGraphQL(t, in.Admin, `mutation($p: ID!) { updateIntegrationSettings(productID: $p, input: {
		productionEndpoint: "https://api.example.com", stagingEndpoint: "https://staging.example.com",
		noMatch: {status: 418, body: "no rule"},
		policyChain: [{name: "cors", version: "builtin", enabled: true, configuration: {allow_origin: "*"}}]
	}) { productionEndpoint noMatch { body status contentType } policyChain { name configuration } } }`, vars, &settings)
	s := settings.UpdateIntegrationSettings
	if s.ProductionEndpoint != "https://api.example.com" || s.NoMatch.Status != 418 || s.NoMatch.ContentType != "text/plain; charset=us-ascii" ||
		len(s.PolicyChain) != 2 || s.PolicyChain[0].Name != "cors" || s.PolicyChain[0].Configuration["allow_origin"] != "*" || s.PolicyChain[1].Name != "apicast" {
		t.Fatalf("settings %+v", s)
	}
	e := in.ExpectError(t, in.Admin, `mutation($p: ID!) { updateIntegrationSettings(productID: $p, input: {productionEndpoint: "ftp://x"}) { secretToken } }`, vars, "VALIDATION")
	if e.Field() != "input.productionEndpoint" {
		t.Fatalf("invalid endpoint reported on %q", e.Field())
	}

	promote := `mutation($p: ID!) { promoteToStaging(productID: $p) { created config { version environment } } }`
	var p1, p2 struct {
		PromoteToStaging struct {
			Created bool
			Config  struct {
				Version     int
				Environment string
			}
		}
	}
	in.MustGraphQL(t, in.Admin, promote, vars, &p1)
	in.MustGraphQL(t, in.Admin, promote, vars, &p2)
	if !p1.PromoteToStaging.Created || p2.PromoteToStaging.Created || p2.PromoteToStaging.Config.Version != 1 {
		t.Fatalf("promoting twice without a change: %+v then %+v", p1, p2)
	}
	in.MustGraphQL(t, in.Admin, `mutation($p: ID!) { updateIntegrationSettings(productID: $p, input: {productionEndpoint: "https://api2.example.com"}) { secretToken } }`, vars, nil)
	in.MustGraphQL(t, in.Admin, promote, vars, &p2)
	if p2.PromoteToStaging.Config.Version != 2 {
		t.Fatalf("second version %+v", p2)
	}
	var prod struct {
		PromoteToProduction struct {
			Version     int
			Environment string
		}
	}
	in.MustGraphQL(t, in.Admin, `mutation($p: ID!) { promoteToProduction(productID: $p, version: 1) { version environment } }`, vars, &prod)
	if prod.PromoteToProduction.Version != 1 || prod.PromoteToProduction.Environment != "PRODUCTION" {
		t.Fatalf("production %+v", prod)
	}
	var diff struct {
		ProxyConfigDiff []struct{ Path, Before, After string }
		Node            struct {
			State        string
			ProxyConfigs []struct{ Version int }
		}
	}
	in.MustGraphQL(t, in.Admin, `query($p: ID!) { proxyConfigDiff(productID: $p, environment: STAGING, from: 1, to: 2) { path before after }
		node(id: $p) { ... on Product { state proxyConfigs(environment: STAGING) { version } } } }`, vars, &diff)
	if len(diff.ProxyConfigDiff) == 0 {
		t.Fatal("no differences between versions 1 and 2")
	}
	for _, ch := range diff.ProxyConfigDiff {
		if !strings.HasPrefix(ch.Path, "proxy.endpoint") && !strings.HasPrefix(ch.Path, "proxy.hosts") {
			t.Errorf("unexpected change %+v", ch)
		}
	}
	if diff.Node.State != "PUBLISHED" || len(diff.Node.ProxyConfigs) != 2 || diff.Node.ProxyConfigs[0].Version != 2 {
		t.Fatalf("product after promotion: %+v", diff.Node)
	}

	var key1, key2 struct {
		Viewer struct{ Tenant struct{ ProviderKey string } }
	}
	in.MustGraphQL(t, in.Admin, `{ viewer { tenant { providerKey } } }`, nil, &key1)
	var regen struct{ RegenerateProviderKey struct{ ProviderKey string } }
	in.MustGraphQL(t, in.Admin, `mutation { regenerateProviderKey { providerKey } }`, nil, &regen)
	in.MustGraphQL(t, in.Admin, `{ viewer { tenant { providerKey } } }`, nil, &key2)
	if key1.Viewer.Tenant.ProviderKey == "" || regen.RegenerateProviderKey.ProviderKey == key1.Viewer.Tenant.ProviderKey ||
		key2.Viewer.Tenant.ProviderKey != regen.RegenerateProviderKey.ProviderKey {
		t.Fatalf("provider key not regenerated: %q → %q (%q)", key1.Viewer.Tenant.ProviderKey, regen.RegenerateProviderKey.ProviderKey, key2.Viewer.Tenant.ProviderKey)
	}

	// Another tenant neither reads nor changes any of it.
	tokenB := in.NewTenant(t, "b.example.com")
	for _, q := range []string{
		`query($p: ID!) { proxyConfigDiff(productID: $p, environment: STAGING, from: 1, to: 2) { path } }`,
		`mutation($p: ID!) { promoteToStaging(productID: $p) { created } }`,
		`mutation($p: ID!) { promoteToProduction(productID: $p) { version } }`,
		`mutation($p: ID!) { updateIntegrationSettings(productID: $p, input: {secretToken: "stolen"}) { secretToken } }`,
	} {
		in.ExpectError(t, tokenB, q, vars, "NOT_FOUND")
	}
}

// TestMappingRuleOrderAndDuplicates: a new rule goes after the others unless
// a position is given, and a second rule with the same verb and pattern is
// refused.
func TestMappingRuleOrderAndDuplicates(t *testing.T) {
	t.Parallel()
	in := apptest.Start(t)
	var prods struct {
		Products struct {
			Edges []struct {
				Node struct {
					ID      string
					Metrics struct {
						Edges []struct{ Node struct{ ID string } }
					}
				}
			}
		}
	}
	in.MustGraphQL(t, in.Admin, `{ products(first: 1) { edges { node { id metrics { edges { node { id } } } } } } }`, nil, &prods)
	p := prods.Products.Edges[0].Node
	create := `mutation($p: ID!, $m: ID!, $pattern: String!, $pos: Int) {
		createMappingRule(input: {productID: $p, metricID: $m, httpMethod: GET, pattern: $pattern, position: $pos}) { position } }`
	vars := func(pattern string, pos any) map[string]any {
		return map[string]any{"p": p.ID, "m": p.Metrics.Edges[0].Node.ID, "pattern": pattern, "pos": pos}
	}
	var r struct{ CreateMappingRule struct{ Position int } }
	want := []int{1, 2, 7, 8}
	for i, v := range []map[string]any{vars("/a", nil), vars("/b", nil), vars("/c", 7), vars("/d", nil)} {
		in.MustGraphQL(t, in.Admin, create, v, &r)
		if r.CreateMappingRule.Position != want[i] {
			t.Fatalf("rule %d at position %d, want %d", i+1, r.CreateMappingRule.Position, want[i])
		}
	}
	e := in.ExpectError(t, in.Admin, create, vars("/a", nil), "VALIDATION")
	if !strings.Contains(e.Message, "already exists") {
		t.Fatalf("duplicate refused with %q", e.Message)
	}
	// Another verb with the same pattern is a different rule.
	in.MustGraphQL(t, in.Admin, strings.Replace(create, "httpMethod: GET", "httpMethod: POST", 1), vars("/a", nil), nil)
}
