package proxyconf_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/portico-apim/portico/ent"
	"github.com/portico-apim/portico/ent/mappingrule"
	"github.com/portico-apim/portico/ent/metric"
	"github.com/portico-apim/portico/ent/product"
	"github.com/portico-apim/portico/schema/policy"
	"github.com/portico-apim/portico/schema/viewer"
	"github.com/portico-apim/portico/server/apptest"
	"github.com/portico-apim/portico/server/catalog"
	"github.com/portico-apim/portico/server/problem"
	"github.com/portico-apim/portico/server/proxyconf"
	"github.com/portico-apim/portico/server/secret"
	"github.com/portico-apim/portico/server/store"
)

// setup opens a fresh database (PostgreSQL when PORTICO_TEST_DATABASE_URL
// is set) with one tenant and one product, and returns the tenant's context.
func setup(t *testing.T) (*proxyconf.Service, *ent.Client, context.Context, *ent.Product) {
	t.Helper()
	st, err := store.New(store.Config{DatabaseURL: apptest.DatabaseURL(t), DataDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	ctx := context.Background()
	if err := st.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	tn, err := st.Client.Tenant.Create().SetOrgName("T").SetAdminDomain("t.example.com").SetProviderKey(secret.Token()).
		Save(viewer.SystemContext(ctx))
	if err != nil {
		t.Fatal(err)
	}
	tctx := viewer.TenantSystemContext(ctx, tn.ID)
	p, err := catalog.New(st.Client).CreateProduct(tctx, ent.CreateProductInput{Name: "API", SystemName: "api"})
	if err != nil {
		t.Fatal(err)
	}
	svc, err := proxyconf.New(proxyconf.Config{Client: st.Client})
	if err != nil {
		t.Fatal(err)
	}
	return svc, st.Client, tctx, p
}

func ptr[T any](v T) *T { return &v }

func TestPromotion(t *testing.T) {
	svc, c, ctx, p := setup(t)
	if _, err := svc.Version(ctx, p.ID, proxyconf.Staging, 0); problem.Classify(err).Kind != problem.KindNotFound {
		t.Fatalf("latest before any promotion: %v", err)
	}
	if _, err := svc.UpdateSettings(ctx, p.ID, proxyconf.SettingsInput{StagingEndpoint: ptr("https://staging.example.com")}); err != nil {
		t.Fatal(err)
	}
	v1, created, err := svc.PromoteToStaging(ctx, p.ID)
	if err != nil || !created || v1.Version != 1 {
		t.Fatalf("first promotion: %+v %v %v", v1, created, err)
	}
	same, created, err := svc.PromoteToStaging(ctx, p.ID)
	if err != nil || created || same.ID != v1.ID {
		t.Fatalf("promotion without a change stored a version: %+v %v %v", same, created, err)
	}
	if vs, _ := svc.Versions(ctx, p.ID, proxyconf.Staging); len(vs) != 1 {
		t.Fatalf("%d staging versions, want 1", len(vs))
	}

	// Saving settings unchanged bumps only volatile fields: still no version.
	if _, err := svc.UpdateSettings(ctx, p.ID, proxyconf.SettingsInput{}); err != nil {
		t.Fatal(err)
	}
	if _, created, _ := svc.PromoteToStaging(ctx, p.ID); created {
		t.Fatal("an unchanged save made a new version")
	}

	// Change the production URL, a policy and a rule: version 2.
	hits, err := c.Metric.Query().Where(metric.ProductID(p.ID)).Only(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.MappingRule.Create().SetProductID(p.ID).SetMetricID(hits.ID).SetHTTPMethod(mappingrule.HTTPMethodGET).
		SetPattern("/v2").Exec(ctx); err != nil {
		t.Fatal(err)
	}
	_, err = svc.UpdateSettings(ctx, p.ID, proxyconf.SettingsInput{
		ProductionEndpoint: ptr("https://api.example.com"),
		PolicyChain: []policy.Config{
			{Name: "cors", Enabled: true, Configuration: json.RawMessage(`{"allow_origin":"*"}`)},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	v2, created, err := svc.PromoteToStaging(ctx, p.ID)
	if err != nil || !created || v2.Version != 2 {
		t.Fatalf("second promotion: %+v %v %v", v2, created, err)
	}

	prod, err := svc.Promote(ctx, p.ID, proxyconf.Staging, 1, proxyconf.Production)
	if err != nil || prod.Version != 1 || prod.Content != v1.Content {
		t.Fatalf("promote version 1 to production: %+v %v", prod, err)
	}
	if _, err := svc.Promote(ctx, p.ID, proxyconf.Staging, 1, proxyconf.Production); problem.Classify(err).Kind != problem.KindConflict {
		t.Fatalf("promoting version 1 twice: %v", err)
	}
	latest, err := svc.Promote(ctx, p.ID, proxyconf.Staging, 0, proxyconf.Production)
	if err != nil || latest.Version != 2 {
		t.Fatalf("promote the latest to production: %+v %v", latest, err)
	}
	if got, _ := c.Product.Get(ctx, p.ID); got.State != product.StatePUBLISHED {
		t.Fatalf("state after a production promotion: %s", got.State)
	}

	changes, err := svc.Diff(ctx, p.ID, proxyconf.Staging, 1, 2)
	if err != nil {
		t.Fatal(err)
	}
	paths := map[string]proxyconf.Change{}
	for _, ch := range changes {
		paths[ch.Path] = ch
		if strings.HasSuffix(ch.Path, "updated_at") || strings.HasSuffix(ch.Path, "lock_version") {
			t.Fatalf("volatile field in the diff: %+v", ch)
		}
	}
	for _, want := range []string{"proxy.endpoint", "proxy.policy_chain[0].name", "proxy.policy_chain[1].name", "proxy.proxy_rules[0].pattern", "proxy.hosts[1]"} {
		if _, ok := paths[want]; !ok {
			t.Errorf("diff lacks %s: %+v", want, changes)
		}
	}
	if ch := paths["proxy.endpoint"]; ch.Before != "null" || ch.After != `"https://api.example.com"` {
		t.Errorf("endpoint change %+v", ch)
	}
	if ch := paths["proxy.policy_chain[0].name"]; ch.Before != `"apicast"` || ch.After != `"cors"` {
		t.Errorf("policy change %+v", ch)
	}
}

func TestSettingsValidation(t *testing.T) {
	svc, _, ctx, p := setup(t)
	for _, tc := range []struct {
		name  string
		in    proxyconf.SettingsInput
		field string
	}{
		{"endpoint not a URL", proxyconf.SettingsInput{ProductionEndpoint: ptr("api.example.com")}, "production_endpoint"},
		{"endpoint with a path", proxyconf.SettingsInput{StagingEndpoint: ptr("https://a.example.com/v1")}, "staging_endpoint"},
		{"status out of range", proxyconf.SettingsInput{NoMatch: proxyconf.ErrorResponse{Status: ptr(99)}}, "error_status_no_match"},
		{"empty credential name", proxyconf.SettingsInput{AuthUserKey: ptr(" ")}, "auth_user_key"},
		{"unknown policy", proxyconf.SettingsInput{PolicyChain: []policy.Config{{Name: "nope"}}}, "policy_chain"},
		{"configuration off schema", proxyconf.SettingsInput{PolicyChain: []policy.Config{{Name: "ip_check", Configuration: json.RawMessage(`{"check_type":"maybe","ips":[]}`)}}}, "policy_chain"},
		{"required property missing", proxyconf.SettingsInput{PolicyChain: []policy.Config{{Name: "caching", Configuration: json.RawMessage(`{}`)}}}, "policy_chain"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := svc.UpdateSettings(ctx, p.ID, tc.in)
			var pe *problem.Error
			if !errors.As(err, &pe) || pe.Kind != problem.KindInvalid || pe.Field != tc.field {
				t.Fatalf("got %v, want an invalid %s", err, tc.field)
			}
		})
	}
	px, err := svc.UpdateSettings(ctx, p.ID, proxyconf.SettingsInput{PolicyChain: []policy.Config{
		{Name: "headers", Enabled: false, Configuration: json.RawMessage(`{"request":[{"op":"set","header":"X-A","value":"1"}]}`)},
	}})
	if err != nil {
		t.Fatal(err)
	}
	if len(px.PolicyChain) != 2 || px.PolicyChain[1].Name != policy.Builtin || !px.PolicyChain[1].Enabled {
		t.Fatalf("the APIcast policy is always in the chain: %+v", px.PolicyChain)
	}
	content, err := svc.Current(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(content), `"headers"`) {
		t.Fatalf("a disabled policy reached the configuration: %s", content)
	}
}

func TestTenantIsolation(t *testing.T) {
	svc, c, ctx, p := setup(t)
	if _, _, err := svc.PromoteToStaging(ctx, p.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.UpdateSettings(ctx, p.ID, proxyconf.SettingsInput{ProductionEndpoint: ptr("https://a.example.com")}); err != nil {
		t.Fatal(err)
	}
	other, err := c.Tenant.Create().SetOrgName("U").SetAdminDomain("u.example.com").SetProviderKey(secret.Token()).
		Save(viewer.SystemContext(context.Background()))
	if err != nil {
		t.Fatal(err)
	}
	octx := viewer.TenantSystemContext(context.Background(), other.ID)
	if n, err := c.ProxyConfig.Query().Count(octx); err != nil || n != 0 {
		t.Fatalf("another tenant sees %d configurations (%v)", n, err)
	}
	if n, err := c.Proxy.Query().Count(octx); err != nil || n != 0 {
		t.Fatalf("another tenant sees %d settings (%v)", n, err)
	}
	if _, err := svc.Settings(octx, p.ID); problem.Classify(err).Kind != problem.KindNotFound {
		t.Fatalf("another tenant reads the settings: %v", err)
	}
	if _, _, err := svc.PromoteToStaging(octx, p.ID); problem.Classify(err).Kind != problem.KindNotFound {
		t.Fatalf("another tenant promotes: %v", err)
	}
	if live, err := svc.Live(octx, proxyconf.LiveQuery{Env: proxyconf.Staging}); err != nil || len(live) != 0 {
		t.Fatalf("another tenant's gateway gets %d configurations (%v)", len(live), err)
	}
}
