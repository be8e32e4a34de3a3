package compat_test

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/portico-apim/portico/ent"
	"github.com/portico-apim/portico/ent/accesstoken"
	"github.com/portico-apim/portico/ent/mappingrule"
	"github.com/portico-apim/portico/ent/metric"
	"github.com/portico-apim/portico/ent/product"
	"github.com/portico-apim/portico/ent/proxyconfig"
	"github.com/portico-apim/portico/ent/tenant"
	"github.com/portico-apim/portico/ent/user"
	"github.com/portico-apim/portico/schema/viewer"
	"github.com/portico-apim/portico/server/apptest"
	"github.com/portico-apim/portico/server/proxyconf"
	"github.com/portico-apim/portico/server/secret"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// gateway is a running server with one configured product.
type gateway struct {
	in       *apptest.Instance
	pc       *proxyconf.Service
	tenant   *ent.Tenant
	token    string // account_management, read-write
	product  int
	ctx      context.Context // the tenant's admin, as the system
	backends [2]int
}

func (g *gateway) must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// newToken stores an access token of the tenant's admin.
func newToken(t *testing.T, in *apptest.Instance, tenantID int, perm accesstoken.Permission, scopes ...viewer.Scope) string {
	t.Helper()
	ctx := apptest.SystemContext()
	admin, err := in.Client().User.Query().Where(user.TenantID(tenantID), user.RoleEQ(user.RoleADMIN), user.AccountIDIsNil()).
		Order(ent.Asc(user.FieldID)).First(ctx)
	if err != nil {
		t.Fatal(err)
	}
	value := secret.Token()
	if err := in.Client().AccessToken.Create().SetTenantID(tenantID).SetUserID(admin.ID).SetName("gateway").
		SetScopes(scopes).SetPermission(perm).SetTokenHash(secret.Digest(value)).Exec(ctx); err != nil {
		t.Fatal(err)
	}
	return value
}

func newGateway(t *testing.T) *gateway {
	t.Helper()
	in := apptest.Start(t)
	c := in.Client()
	g := &gateway{in: in}
	var err error
	g.pc, err = proxyconf.New(proxyconf.Config{Client: c})
	g.must(t, err)
	g.tenant, err = c.Tenant.Query().Where(tenant.Master(false)).Only(apptest.SystemContext())
	g.must(t, err)
	g.ctx = viewer.TenantSystemContext(context.Background(), g.tenant.ID)
	g.token = newToken(t, in, g.tenant.ID, accesstoken.PermissionRW, viewer.ScopeAccountManagement)

	p, err := c.Product.Query().Where(product.TenantID(g.tenant.ID)).Order(ent.Asc(product.FieldID)).First(g.ctx)
	g.must(t, err)
	g.product = p.ID
	hits, err := c.Metric.Query().Where(metric.ProductID(p.ID), metric.SystemName("hits")).Only(g.ctx)
	g.must(t, err)
	g.must(t, c.MappingRule.Create().SetProductID(p.ID).SetMetricID(hits.ID).SetHTTPMethod(mappingrule.HTTPMethodGET).
		SetPattern("/v1/items/{id}?fields={fields}").SetPosition(1).Exec(g.ctx))
	for i, name := range []string{"catalogue", "orders"} {
		b, err := c.Backend.Create().SetName(name).SetSystemName(name).SetPrivateEndpoint("https://" + name + ".internal:8443").Save(g.ctx)
		g.must(t, err)
		g.backends[i] = b.ID
		m, err := c.Metric.Create().SetBackendID(b.ID).SetSystemName("hits").SetFriendlyName("Hits").Save(g.ctx)
		g.must(t, err)
		g.must(t, c.MappingRule.Create().SetBackendID(b.ID).SetMetricID(m.ID).SetHTTPMethod(mappingrule.HTTPMethodPOST).
			SetPattern("/"+name+"$").SetDelta(2).SetLast(true).Exec(g.ctx))
		g.must(t, c.BackendUsage.Create().SetProductID(p.ID).SetBackendID(b.ID).SetPath("/"+name).Exec(g.ctx))
	}
	staging, production := "https://api-staging.example.com", "https://api.example.com"
	_, err = g.pc.UpdateSettings(g.ctx, p.ID, proxyconf.SettingsInput{StagingEndpoint: &staging, ProductionEndpoint: &production})
	g.must(t, err)
	return g
}

type answer struct {
	status int
	header http.Header
	body   []byte
}

// get sends a request with the token as HTTP basic user name, as APIcast
// does (user empty: no credentials).
func (g *gateway) do(t *testing.T, method, target, basicUser, host string) answer {
	t.Helper()
	req, err := http.NewRequest(method, g.in.URL+target, nil)
	g.must(t, err)
	if basicUser != "" {
		req.SetBasicAuth(basicUser, "")
	}
	if host != "" {
		req.Host = host
	}
	resp, err := http.DefaultClient.Do(req)
	g.must(t, err)
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return answer{resp.StatusCode, resp.Header, body}
}

var (
	stamps   = regexp.MustCompile(`"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"`)
	hexValue = regexp.MustCompile(`"[0-9a-f]{64}"`)
	secretRe = regexp.MustCompile(`Shared_secret_sent_from_proxy_to_API_backend_[0-9a-f]+`)
	origin   = regexp.MustCompile(`http://127\.0\.0\.1:\d+`)
	hostRe   = regexp.MustCompile(`"127\.0\.0\.1:\d+"`)
)

// golden compares a JSON answer with testdata/<name>.json after replacing
// what differs between runs (times, random secrets, the port, database
// ids), rewriting it with -update.
func golden(t *testing.T, name string, body []byte, ids map[int]string) {
	t.Helper()
	var buf bytes.Buffer
	if err := json.Indent(&buf, body, "", "  "); err != nil {
		t.Fatalf("%s: not JSON: %s", name, body)
	}
	s := buf.String()
	s = stamps.ReplaceAllString(s, `"2026-01-01T00:00:00Z"`)
	s = hexValue.ReplaceAllString(s, `"<token>"`)
	s = secretRe.ReplaceAllString(s, "Shared_secret_sent_from_proxy_to_API_backend_<hex>")
	s = origin.ReplaceAllString(s, "http://portico.test")
	s = hostRe.ReplaceAllString(s, `"portico.test"`)
	for id, label := range ids {
		s = regexp.MustCompile(`(": |\.)`+strconv.Itoa(id)+`\b`).ReplaceAllString(s, "${1}<"+label+">")
	}
	path := filepath.Join("testdata", name+".json")
	if *update {
		if err := os.WriteFile(path, []byte(s+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("golden file: %v (run with -update to create it)", err)
	}
	if strings.TrimSpace(string(want)) != s {
		t.Fatalf("%s differs from %s:\n%s", name, path, s)
	}
}

// ids names the database ids a configuration mentions, for golden files.
func (g *gateway) ids(t *testing.T) map[int]string {
	t.Helper()
	c := g.in.Client()
	out := map[int]string{g.product: "product", g.tenant.ID: "tenant", g.backends[0]: "backend1", g.backends[1]: "backend2"}
	rules, err := c.MappingRule.Query().Order(ent.Asc(mappingrule.FieldID)).All(g.ctx)
	g.must(t, err)
	for i, r := range rules {
		out[r.ID] = fmt.Sprintf("rule%d", i+1)
	}
	ms, err := c.Metric.Query().Order(ent.Asc(metric.FieldID)).All(g.ctx)
	g.must(t, err)
	for i, m := range ms {
		out[m.ID] = fmt.Sprintf("metric%d", i+1)
	}
	cfgs, err := c.ProxyConfig.Query().Order(ent.Asc(proxyconfig.FieldID)).All(g.ctx)
	g.must(t, err)
	for i, cfg := range cfgs {
		out[cfg.ID] = fmt.Sprintf("config%d", i+1)
	}
	px, err := g.pc.Settings(g.ctx, g.product)
	g.must(t, err)
	out[px.ID] = "proxy"
	return out
}

func TestAPIcastLoaders(t *testing.T) {
	g := newGateway(t)
	base := fmt.Sprintf("/admin/api/services/%d/proxy/configs", g.product)

	t.Run("never promoted", func(t *testing.T) {
		a := g.do(t, "GET", base+"/production/latest.json", g.token, "")
		if a.status != http.StatusNotFound || string(a.body) != `{"status":"Not found"}` {
			t.Fatalf("latest before any promotion: %d %s", a.status, a.body)
		}
		a = g.do(t, "GET", "/admin/api/account/proxy_configs/production.json?host=api.example.com&version=latest&page=1&per_page=500", g.token, "")
		if a.status != http.StatusOK || string(a.body) != `{"proxy_configs":[]}` {
			t.Fatalf("account configs before any promotion: %d %s", a.status, a.body)
		}
	})

	cfg, created, err := g.pc.PromoteToStaging(g.ctx, g.product)
	g.must(t, err)
	again, createdAgain, err := g.pc.PromoteToStaging(g.ctx, g.product)
	g.must(t, err)
	if !created || createdAgain || again.Version != cfg.Version || cfg.Version != 1 {
		t.Fatalf("promote to staging twice without a change: first v%d new=%v, second v%d new=%v", cfg.Version, created, again.Version, createdAgain)
	}
	a := g.do(t, "POST", base+"/sandbox/1/promote.json?to=production", g.token, "")
	if a.status != http.StatusCreated || !strings.Contains(string(a.body), `"version":1,"environment":"production"`) {
		t.Fatalf("promote to production: %d %s", a.status, a.body)
	}
	if a := g.do(t, "POST", base+"/sandbox/1/promote.json?to=production", g.token, ""); a.status != http.StatusUnprocessableEntity {
		t.Fatalf("promoting the same version twice: %d %s", a.status, a.body)
	}
	ids := g.ids(t)

	t.Run("default loader", func(t *testing.T) {
		a := g.do(t, "GET", "/admin/api/account/proxy_configs/production.json?host=api.example.com&version=latest&page=1&per_page=500", g.token, "")
		if a.status != http.StatusOK || !strings.HasPrefix(a.header.Get("Content-Type"), "application/json") {
			t.Fatalf("%d %s", a.status, a.body)
		}
		golden(t, "account_proxy_configs", a.body, ids)
		var doc struct {
			ProxyConfigs []struct {
				ProxyConfig struct {
					Content struct {
						Proxy struct {
							Rules []struct {
								Pattern string `json:"pattern"`
								Metric  string `json:"metric_system_name"`
							} `json:"proxy_rules"`
						} `json:"proxy"`
					} `json:"content"`
				} `json:"proxy_config"`
			} `json:"proxy_configs"`
		}
		g.must(t, json.Unmarshal(a.body, &doc))
		rules := doc.ProxyConfigs[0].ProxyConfig.Content.Proxy.Rules
		if len(rules) != 3 || rules[1].Pattern != "/catalogue/catalogue$" || rules[2].Pattern != "/orders/orders$" ||
			rules[1].Metric != "hits."+strconv.Itoa(g.backends[0]) || rules[2].Metric != "hits."+strconv.Itoa(g.backends[1]) {
			t.Fatalf("backend usage rules not prefixed: %+v", rules)
		}
		// The boot loader asks without a host; another host lists nothing.
		if a := g.do(t, "GET", "/admin/api/account/proxy_configs/production.json?version=latest", g.token, ""); !strings.Contains(string(a.body), `"version":1`) {
			t.Fatalf("without host: %s", a.body)
		}
		if a := g.do(t, "GET", "/admin/api/account/proxy_configs/production.json?host=other.example.com", g.token, ""); string(a.body) != `{"proxy_configs":[]}` {
			t.Fatalf("other host: %s", a.body)
		}
		if a := g.do(t, "GET", "/admin/api/account/proxy_configs/nowhere.json", g.token, ""); a.status != http.StatusUnprocessableEntity {
			t.Fatalf("bad environment: %d %s", a.status, a.body)
		}
	})

	t.Run("per service loader", func(t *testing.T) {
		a := g.do(t, "GET", "/admin/api/services.json?page=1&per_page=500", g.token, "")
		if a.status != http.StatusOK || !strings.Contains(string(a.body), fmt.Sprintf(`{"service":{"id":%d,`, g.product)) {
			t.Fatalf("services: %d %s", a.status, a.body)
		}
		a = g.do(t, "GET", base+"/production/latest.json", g.token, "")
		if a.status != http.StatusOK {
			t.Fatalf("%d %s", a.status, a.body)
		}
		golden(t, "service_proxy_config_latest", a.body, ids)
		if b := g.do(t, "GET", base+"/production/1.json", g.token, ""); !bytes.Equal(a.body, b.body) {
			t.Fatalf("version 1 differs from latest: %s", b.body)
		}
		if a := g.do(t, "GET", base+"/staging.json", g.token, ""); !strings.Contains(string(a.body), `"environment":"sandbox"`) {
			t.Fatalf("staging alias: %s", a.body)
		}
	})

	t.Run("master loader", func(t *testing.T) {
		master, err := g.in.Client().Tenant.Query().Where(tenant.Master(true)).Only(apptest.SystemContext())
		g.must(t, err)
		a := g.do(t, "GET", "/master/api/proxy/configs/production.json?host=api.example.com", master.ProviderKey, "")
		if a.status != http.StatusOK {
			t.Fatalf("%d %s", a.status, a.body)
		}
		golden(t, "master_proxy_configs", a.body, ids)
		if a := g.do(t, "GET", "/master/api/proxy/configs/production.json?host=api.example.com", g.token, ""); a.status != http.StatusUnauthorized || string(a.body) != "unauthorized" {
			t.Fatalf("a tenant's token on the master API: %d %s", a.status, a.body)
		}
	})
}

func TestAccountConfigsPageAt500(t *testing.T) {
	g := newGateway(t)
	c := g.in.Client()
	ctx := g.ctx
	products := make([]*ent.ProductCreate, 501)
	for i := range products {
		products[i] = c.Product.Create().SetName(fmt.Sprintf("P%d", i)).SetSystemName(fmt.Sprintf("p%d", i))
	}
	ps, err := c.Product.CreateBulk(products...).Save(ctx)
	g.must(t, err)
	cfgs := make([]*ent.ProxyConfigCreate, len(ps))
	for i, p := range ps {
		cfgs[i] = c.ProxyConfig.Create().SetProductID(p.ID).SetEnvironment(proxyconfig.EnvironmentPRODUCTION).SetVersion(1).
			SetContent(fmt.Sprintf(`{"id":%d,"proxy":{"hosts":["gw.example.com"]}}`, p.ID)).SetHosts([]string{"gw.example.com"})
	}
	g.must(t, c.ProxyConfig.CreateBulk(cfgs...).Exec(ctx))

	count := func(body []byte) (int, map[string]int) {
		var doc struct {
			ProxyConfigs []json.RawMessage `json:"proxy_configs"`
			Metadata     map[string]int    `json:"metadata"`
		}
		g.must(t, json.Unmarshal(body, &doc))
		return len(doc.ProxyConfigs), doc.Metadata
	}
	seen := 0
	for page := 1; ; page++ {
		a := g.do(t, "GET", fmt.Sprintf("/admin/api/account/proxy_configs/production.json?host=gw.example.com&version=latest&page=%d&per_page=500", page), g.token, "")
		n, meta := count(a.body)
		if meta["per_page"] != 500 || meta["total_entries"] != 501 || meta["total_pages"] != 2 || meta["current_page"] != page {
			t.Fatalf("page %d metadata %v", page, meta)
		}
		seen += n
		if n < 500 {
			break
		}
	}
	if seen != 501 {
		t.Fatalf("APIcast's loop saw %d configurations, want 501", seen)
	}
	// per_page above 500 falls back to 500.
	a := g.do(t, "GET", "/admin/api/account/proxy_configs/production.json?per_page=1000", g.token, "")
	if n, _ := count(a.body); n != 500 {
		t.Fatalf("per_page=1000 gave %d items", n)
	}
}

func TestRESTConventions(t *testing.T) {
	g := newGateway(t)
	cfgs := fmt.Sprintf("/admin/api/services/%d/proxy/configs/sandbox.json", g.product)
	statsOnly := newToken(t, g.in, g.tenant.ID, accesstoken.PermissionRW, viewer.ScopeStats)
	readOnly := newToken(t, g.in, g.tenant.ID, accesstoken.PermissionRO, viewer.ScopeAccountManagement)
	_, _, err := g.pc.PromoteToStaging(g.ctx, g.product)
	g.must(t, err)
	promote := fmt.Sprintf("/admin/api/services/%d/proxy/configs/sandbox/1/promote.json?to=production", g.product)

	for _, tc := range []struct {
		name, method, target, user, host string
		status                           int
		contentType, body                string
	}{
		{"no credentials", "GET", cfgs, "", "", 403, "application/json", `{"error":"Access denied"}`},
		{"wrong token", "GET", cfgs, "nope", "", 403, "application/json", `{"error":"Access denied"}`},
		{"access_token parameter", "GET", cfgs + "?access_token=" + g.token, "", "", 200, "application/json", ""},
		{"provider key as basic", "GET", cfgs, g.tenant.ProviderKey, "", 200, "application/json", ""},
		{"provider_key parameter", "GET", cfgs + "?provider_key=" + g.tenant.ProviderKey, "", "", 200, "application/json", ""},
		{"scope missing", "GET", cfgs, statsOnly, "", 403, "application/json", `{"error":"Your access token does not have the correct permissions"}`},
		{"read-only write", "POST", promote, readOnly, "", 403, "application/json", `{"error":"Your access token does not have the correct permissions"}`},
		{"read-only read", "GET", cfgs, readOnly, "", 200, "application/json", ""},
		{"xml on a json-only route", "GET", strings.TrimSuffix(cfgs, ".json") + ".xml", g.token, "", 406, "application/json", ""},
		{"no extension defaults to json here", "GET", strings.TrimSuffix(cfgs, ".json"), g.token, "", 200, "application/json", ""},
		{"unknown xml path", "GET", "/admin/api/nothing/here.xml", g.token, "", 404, "application/xml", ""},
		{"unknown json path", "GET", "/admin/api/nothing/here.json", g.token, "", 404, "application/json", `{"status":"Not found"}`},
		{"unknown billing path", "GET", "/api/nothing.xml", "", "", 404, "application/xml", ""},
		{"unknown stats path", "GET", "/stats/nothing.json", "", "", 404, "application/json", `{"status":"Not found"}`},
		{"master path without env", "GET", "/master/api/proxy/configs", "", "", 404, "application/json", `{"status":"Not found"}`},
		{"master without credentials", "GET", "/master/api/proxy/configs/production.json?host=a", "", "", 401, "text/plain", "unauthorized"},
		{"bad environment", "GET", fmt.Sprintf("/admin/api/services/%d/proxy/configs/qa.json", g.product), g.token, "", 400, "application/json", `{"error":"invalid environment"}`},
		{"services in xml by default", "GET", "/admin/api/services", g.token, "", 200, "application/xml", ""},
		{"host required", "GET", "/admin/api/services/proxy/configs/production.json", g.token, "", 400, "text/plain", "Required parameter missing: host"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := g.do(t, tc.method, tc.target, tc.user, tc.host)
			if a.status != tc.status || !strings.HasPrefix(a.header.Get("Content-Type"), tc.contentType) {
				t.Fatalf("%d %q %s, want %d %s", a.status, a.header.Get("Content-Type"), a.body, tc.status, tc.contentType)
			}
			if tc.body != "" && string(a.body) != tc.body {
				t.Fatalf("body %s, want %s", a.body, tc.body)
			}
			if strings.Contains(string(a.body), "<html") || strings.Contains(string(a.body), "<!doctype") {
				t.Fatalf("the admin console answered: %s", a.body)
			}
		})
	}

	t.Run("xml list", func(t *testing.T) {
		a := g.do(t, "GET", "/admin/api/services.xml", g.token, "")
		want := fmt.Sprintf(`<?xml version="1.0" encoding="UTF-8"?><services><service><id>%d</id><account_id>%d</account_id>`, g.product, g.tenant.ID)
		if !strings.HasPrefix(string(a.body), want) {
			t.Fatalf("%s", a.body)
		}
	})

	t.Run("tenant from the host", func(t *testing.T) {
		g.in.NewTenant(t, "other.example.com")
		other, err := g.in.Client().Tenant.Query().Where(tenant.AdminDomain("other.example.com")).Only(apptest.SystemContext())
		g.must(t, err)
		otherToken := newToken(t, g.in, other.ID, accesstoken.PermissionRW, viewer.ScopeAccountManagement)
		// Two tenants: the host decides; a token of another tenant is refused.
		if a := g.do(t, "GET", cfgs, g.token, g.tenant.AdminDomain); a.status != 200 {
			t.Fatalf("own host: %d %s", a.status, a.body)
		}
		if a := g.do(t, "GET", cfgs, otherToken, g.tenant.AdminDomain); a.status != 403 {
			t.Fatalf("other tenant's token: %d %s", a.status, a.body)
		}
		if a := g.do(t, "GET", cfgs, otherToken, "other.example.com"); a.status != 404 {
			t.Fatalf("another tenant's product: %d %s", a.status, a.body)
		}
		if a := g.do(t, "GET", cfgs, g.token, "unknown.example.com"); a.status != 404 {
			t.Fatalf("unknown host with several tenants: %d %s", a.status, a.body)
		}
	})
}
