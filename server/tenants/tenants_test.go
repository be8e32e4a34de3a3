package tenants_test

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/portico-apim/portico/ent/tenant"
	"github.com/portico-apim/portico/server/apptest"
	"github.com/portico-apim/portico/server/tenants"
)

// client talks to a test server as if through a name: every request goes
// to the server's address with host as its Host header.
type client struct {
	t    *testing.T
	in   *apptest.Instance
	host string
}

func (c client) do(method, path, token string, body any) (int, string) {
	c.t.Helper()
	var rd io.Reader
	ctype := ""
	switch b := body.(type) {
	case nil:
	case url.Values:
		rd, ctype = strings.NewReader(b.Encode()), "application/x-www-form-urlencoded"
	default:
		raw, _ := json.Marshal(b)
		rd, ctype = bytes.NewReader(raw), "application/json"
	}
	req, err := http.NewRequest(method, c.in.URL+path, rd)
	if err != nil {
		c.t.Fatal(err)
	}
	if c.host != "" {
		req.Host = c.host
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(raw)
}

// login logs into the host's tenant; it returns the status and the session
// token.
func (c client) login(login, pw string) (int, string) {
	c.t.Helper()
	code, body := c.do(http.MethodPost, "/auth/login", "", map[string]string{"login": login, "password": pw})
	var out struct {
		AccessToken string `json:"access_token"`
	}
	_ = json.Unmarshal([]byte(body), &out)
	return code, out.AccessToken
}

// gql runs a GraphQL operation; it returns data and the first error code.
func (c client) gql(token, query string, vars map[string]any) (map[string]any, string) {
	c.t.Helper()
	_, body := c.do(http.MethodPost, "/graphql", token, map[string]any{"query": query, "variables": vars})
	var out struct {
		Data   map[string]any `json:"data"`
		Errors []struct {
			Message    string         `json:"message"`
			Extensions map[string]any `json:"extensions"`
		} `json:"errors"`
	}
	if err := json.Unmarshal([]byte(body), &out); err != nil {
		c.t.Fatalf("graphql: %s", body)
	}
	if len(out.Errors) > 0 {
		code, _ := out.Errors[0].Extensions["code"].(string)
		return out.Data, code + ": " + out.Errors[0].Message
	}
	return out.Data, ""
}

func (c client) mustGQL(token, query string, vars map[string]any) map[string]any {
	c.t.Helper()
	d, errText := c.gql(token, query, vars)
	if errText != "" {
		c.t.Fatalf("graphql on %s: %s\n%s", c.host, errText, query)
	}
	return d
}

// str digs a string out of decoded JSON by a dotted path.
func str(v any, path string) string {
	for _, k := range strings.Split(path, ".") {
		switch x := v.(type) {
		case map[string]any:
			v = x[k]
		case []any:
			var i int
			fmt.Sscan(k, &i)
			if i >= len(x) {
				return ""
			}
			v = x[i]
		default:
			return ""
		}
	}
	switch x := v.(type) {
	case string:
		return x
	case float64:
		return fmt.Sprint(int64(x))
	case nil:
		return ""
	default:
		return fmt.Sprint(x)
	}
}

func decode(t *testing.T, body string) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(body), &m); err != nil {
		t.Fatalf("not JSON: %s", body)
	}
	return m
}

// TestProviderSignupThroughTheMasterAPI walks the Master API's tenant
// lifecycle end to end: a tenant signed up with POST
// /master/api/providers.json logs in on its own admin domain, builds and
// serves an API through the Service Management API, cannot see the first
// tenant (GraphQL, REST, gateway) nor be seen by it; suspended, its admin
// cannot log in and its gateway calls are denied within a second; resumed,
// both work again; scheduled for deletion it stops serving until resumed.
func TestProviderSignupThroughTheMasterAPI(t *testing.T) {
	t.Parallel()
	in := apptest.Start(t)
	ctx, db := apptest.SystemContext(), in.Client()
	master := db.Tenant.Query().Where(tenant.Master(true)).OnlyX(ctx)
	api := client{t: t, in: in}
	masterKey := "api_key=" + master.ProviderKey

	// Sign up.
	form := url.Values{"org_name": {"Beta Corp"}, "username": {"beta"}, "email": {"beta@example.com"}, "password": {"Beta-passw0rd-long"}}
	code, body := api.do(http.MethodPost, "/master/api/providers.json?"+masterKey, "", form)
	if code != http.StatusCreated {
		t.Fatalf("signup: %d %s", code, body)
	}
	signup := decode(t, body)
	id := str(signup, "signup.account.id")
	if got := str(signup, "signup.account.admin_domain"); got != "beta-corp-admin.localhost" {
		t.Errorf("admin domain %q", got)
	}
	if got := str(signup, "signup.account.domain"); got != "beta-corp.localhost" {
		t.Errorf("developer domain %q", got)
	}
	if str(signup, "signup.access_token.name") != "Administration" || str(signup, "signup.access_token.permission") != "rw" ||
		len(str(signup, "signup.access_token.value")) < 32 {
		t.Errorf("access token %v", signup["signup"])
	}
	restToken := str(signup, "signup.access_token.value")
	port := in.URL[strings.LastIndex(in.URL, ":"):]
	beta := client{t: t, in: in, host: "beta-corp-admin.localhost" + port}

	// The new admin logs in on the tenant's admin domain and serves an API.
	code, tok := beta.login("beta", "Beta-passw0rd-long")
	if code != http.StatusOK || tok == "" {
		t.Fatalf("login on the new tenant's domain: %d", code)
	}
	if code, _ := api.login("beta", "Beta-passw0rd-long"); code == http.StatusOK {
		t.Error("the new admin logged into the default tenant")
	}
	d := beta.mustGQL(tok, `{ viewer { tenant { orgName providerKey } } products(where: {systemName: "api"}) { edges { node { id plans(where: {systemName: "basic"}) { edges { node { id } } } } } } }`, nil)
	if str(d, "viewer.tenant.orgName") != "Beta Corp" {
		t.Fatalf("viewer: %v", d)
	}
	providerKey, productID, planID := str(d, "viewer.tenant.providerKey"), str(d, "products.edges.0.node.id"), str(d, "products.edges.0.node.plans.edges.0.node.id")
	d = beta.mustGQL(tok, `mutation { acc: createAccount(input: {orgName: "Beta Customer"}) { id } }`, nil)
	d = beta.mustGQL(tok, `mutation($a: ID!, $p: ID!, $plan: ID!) { createApplication(input: {name: "Beta app", accountID: $a, productID: $p, planID: $plan}) { id userKey } }`,
		map[string]any{"a": str(d, "acc.id"), "p": productID, "plan": planID})
	userKey := str(d, "createApplication.userKey")
	authrep := func(pk, key string) (int, string) {
		q := url.Values{"provider_key": {pk}, "service_id": {productID}, "user_key": {key}, "usage[hits]": {"1"}}
		return api.do(http.MethodGet, "/transactions/authrep.xml?"+q.Encode(), "", nil)
	}
	eventually(t, "the new tenant's application is authorized", func() error {
		if code, body := authrep(providerKey, userKey); code != 200 {
			return fmt.Errorf("authrep %d %s", code, body)
		}
		return nil
	})

	// Isolation, both ways, by GraphQL, REST and the gateway API.
	if _, errText := beta.gql(in.Admin, `{ accounts { totalCount } }`, nil); !strings.HasPrefix(errText, "FORBIDDEN") {
		t.Errorf("the first tenant's token on the new tenant's domain: %q", errText)
	}
	if d := beta.mustGQL(tok, `{ accounts { edges { node { orgName } } } applications { totalCount } }`, nil); str(d, "accounts.edges.0.node.orgName") != "Beta Customer" ||
		str(d, "accounts.edges.1.node.orgName") != "" || str(d, "applications.totalCount") != "1" {
		t.Errorf("the new tenant sees %v", d)
	}
	first := in.GraphQL(t, in.Admin, `{ accounts(where: {orgName: "Beta Customer"}) { totalCount } applications(where: {name: "Beta app"}) { totalCount } }`, nil)
	if !strings.Contains(string(first.Data), `"accounts":{"totalCount":0}`) || !strings.Contains(string(first.Data), `"applications":{"totalCount":0}`) {
		t.Errorf("the first tenant sees the new tenant's rows: %s %v", first.Data, first.Errors)
	}
	if code, body := beta.do(http.MethodGet, "/admin/api/accounts.json?access_token="+restToken, "", nil); code != 200 ||
		!strings.Contains(body, "Beta Customer") || strings.Count(body, `"org_name"`) != 1 {
		t.Errorf("REST accounts on the new tenant's domain: %d %s", code, body)
	}
	if code, _ := api.do(http.MethodGet, "/admin/api/accounts.json?access_token="+restToken, "", nil); code != http.StatusForbidden {
		t.Errorf("the new tenant's token on the default tenant's address: %d, want 403", code)
	}
	firstApp := in.GraphQL(t, in.Admin, `{ applications(first: 1) { edges { node { userKey } } } }`, nil)
	var fa struct {
		Applications struct {
			Edges []struct{ Node struct{ UserKey string } }
		}
	}
	_ = json.Unmarshal(firstApp.Data, &fa)
	if len(fa.Applications.Edges) > 0 {
		if code, _ := authrep(providerKey, fa.Applications.Edges[0].Node.UserKey); code == 200 {
			t.Error("the new tenant's provider key authorized the first tenant's application")
		}
	}

	// Suspend: no login, no gateway answers; resume: both again.
	state := func(event string) string {
		t.Helper()
		code, body := api.do(http.MethodPut, "/master/api/providers/"+id+".json?"+masterKey, "", url.Values{"state_event": {event}})
		if code != 200 {
			t.Fatalf("%s: %d %s", event, code, body)
		}
		return str(decode(t, body), "signup.account.state")
	}
	if got := state("suspend"); got != "suspended" {
		t.Fatalf("state after suspend %q", got)
	}
	suspended := time.Now()
	if code, _ := beta.login("beta", "Beta-passw0rd-long"); code != http.StatusForbidden {
		t.Errorf("login to a suspended tenant: %d, want 403", code)
	}
	if _, errText := beta.gql(tok, `{ viewer { id } }`, nil); errText == "" {
		t.Error("a suspended tenant's session still works")
	}
	eventually(t, "the suspension reaches the gateway", func() error {
		if code, body := authrep(providerKey, userKey); code == 200 {
			return fmt.Errorf("authrep %d %s", code, body)
		}
		return nil
	})
	if waited := time.Since(suspended); waited > time.Second {
		t.Errorf("the gateway denied the suspended tenant after %v, want within 1s", waited)
	}
	if got := state("resume"); got != "approved" {
		t.Fatalf("state after resume %q", got)
	}
	if code, _ := beta.login("beta", "Beta-passw0rd-long"); code != http.StatusOK {
		t.Errorf("login after resume: %d", code)
	}
	eventually(t, "the resumption reaches the gateway", func() error {
		if code, body := authrep(providerKey, userKey); code != 200 {
			return fmt.Errorf("authrep %d %s", code, body)
		}
		return nil
	})

	// Scheduled for deletion: readable, unchangeable but for resume, not serving.
	if code, body := api.do(http.MethodDelete, "/master/api/providers/"+id+".json?"+masterKey, "", nil); code != 200 {
		t.Fatalf("delete: %d %s", code, body)
	}
	code, body = api.do(http.MethodGet, "/master/api/providers/"+id+".xml?"+masterKey, "", nil)
	var x struct {
		XMLName xml.Name `xml:"signup"`
		Account struct {
			State       string `xml:"state"`
			AdminDomain string `xml:"admin_domain"`
		} `xml:"account"`
	}
	if code != 200 || xml.Unmarshal([]byte(body), &x) != nil || x.Account.State != "scheduled_for_deletion" || x.Account.AdminDomain != "beta-corp-admin.localhost" {
		t.Errorf("XML of a tenant scheduled for deletion: %d %s", code, body)
	}
	if code, body := api.do(http.MethodPut, "/master/api/providers/"+id+".json?"+masterKey, "", url.Values{"org_name": {"Renamed"}}); code != 422 {
		t.Errorf("rename while scheduled for deletion: %d %s", code, body)
	}
	if code, _ := beta.login("beta", "Beta-passw0rd-long"); code != http.StatusForbidden {
		t.Errorf("login to a tenant scheduled for deletion: %d", code)
	}
	if got := state("resume"); got != "approved" {
		t.Errorf("resume from scheduled for deletion: %q", got)
	}

	// Scheduled again and left: the purge 16 days later leaves nothing of it.
	if code, body := api.do(http.MethodDelete, "/master/api/providers/"+id+".json?"+masterKey, "", nil); code != 200 {
		t.Fatalf("delete: %d %s", code, body)
	}
	purged, err := in.App.Purge.Due(ctx, time.Now().Add(16*24*time.Hour))
	if err != nil || len(purged) != 1 || fmt.Sprint(purged[0]) != id {
		t.Fatalf("purge: %v %v", purged, err)
	}
	if code, _ := api.do(http.MethodGet, "/master/api/providers/"+id+".json?"+masterKey, "", nil); code != 404 {
		t.Errorf("a purged provider answers %d, want 404", code)
	}
	if code, body := authrep(providerKey, userKey); code != 403 {
		t.Errorf("authrep of a purged tenant: %d %s", code, body)
	}
}

// TestMasterAPIRefusals: bad input and callers are refused precisely and
// store nothing.
func TestMasterAPIRefusals(t *testing.T) {
	t.Parallel()
	in := apptest.Start(t)
	ctx, db := apptest.SystemContext(), in.Client()
	master := db.Tenant.Query().Where(tenant.Master(true)).OnlyX(ctx)
	api := client{t: t, in: in}
	key := "api_key=" + master.ProviderKey
	before := db.Tenant.Query().CountX(ctx)
	ok := url.Values{"org_name": {"Gamma"}, "username": {"gamma"}, "email": {"gamma@example.com"}, "password": {"Gamma-passw0rd-long"}}
	if code, body := api.do(http.MethodPost, "/master/api/providers.json?"+key, "", ok); code != 201 {
		t.Fatalf("signup: %d %s", code, body)
	}
	with := func(k, v string) url.Values {
		out := url.Values{}
		for kk, vv := range ok {
			out[kk] = vv
		}
		out.Set(k, v)
		return out
	}
	for _, tc := range []struct {
		name string
		form url.Values
		want string
	}{
		{"duplicate org name", with("org_name", "GAMMA"), `{"errors":{"account":["Org name has already been taken"]}}`},
		{"org name without a letter", with("org_name", "!!!"), `{"errors":{"account":["Org name must contain a letter or a digit"]}}`},
		{"blank username", with("username", ""), `{"errors":{"user":["Username can't be blank"]}}`},
		{"bad email", with("email", "nope"), `{"errors":{"user":["Email should look like an email address"]}}`},
		{"weak password", with("password", "short"), `"user":["Password`},
		{"unknown state event", with("state_event", "explode"), `State event \"explode\" is not a provider state event`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.form.Set("org_name", tc.form.Get("org_name"))
			if tc.name != "duplicate org name" && tc.name != "org name without a letter" {
				tc.form.Set("org_name", "Other "+tc.name)
			}
			code, body := api.do(http.MethodPost, "/master/api/providers.json?"+key, "", tc.form)
			if code != 422 || !strings.Contains(body, tc.want) {
				t.Errorf("%d %s, want 422 with %s", code, body, tc.want)
			}
		})
	}
	if n := db.Tenant.Query().CountX(ctx); n != before+1 {
		t.Errorf("%d tenants after the refusals, want %d", n, before+1)
	}
	gamma := db.Tenant.Query().Where(tenant.OrgName("Gamma")).OnlyX(ctx)
	path := fmt.Sprintf("/master/api/providers/%d.json?%s", gamma.ID, key)
	if code, body := api.do(http.MethodPut, path, "", url.Values{"state_event": {"resume"}}); code != 422 || !strings.Contains(body, "cannot resume a provider that is approved") {
		t.Errorf("resume an approved tenant: %d %s", code, body)
	}
	if code, body := api.do(http.MethodPut, path, "", url.Values{"admin_domain": {"Not A Domain"}}); code != 422 || !strings.Contains(body, "admin_domain") {
		t.Errorf("bad admin domain: %d %s", code, body)
	}
	if code, body := api.do(http.MethodPut, path, "", url.Values{"admin_domain": {"localhost"}}); code != 422 || !strings.Contains(body, "already used") {
		t.Errorf("another tenant's domain: %d %s", code, body)
	}
	// The hosted service's plans, partners and product deletion: nothing to
	// upgrade to, no partner, and no deleting a provider's products, as in a
	// self-managed 3scale.
	base := fmt.Sprintf("/master/api/providers/%d", gamma.ID)
	if code, body := api.do(http.MethodPut, base+"/plan_upgrade.json?"+key, "", url.Values{"plan_id": {"7"}}); code != 404 || !strings.Contains(body, "Plan with ID 7 not found") {
		t.Errorf("plan upgrade: %d %s", code, body)
	}
	if code, body := api.do(http.MethodPost, base+"/change_partner.json?"+key, "", url.Values{"partner": {"acme"}, "application_plan": {"pro"}}); code != 404 || !strings.Contains(body, `application plan \"pro\" not found`) {
		t.Errorf("change partner: %d %s", code, body)
	}
	if code, body := api.do(http.MethodPut, "/master/api/providers/999999/plan_upgrade.json?"+key, "", url.Values{"plan_id": {"7"}}); code != 404 || body != `{"status":"Not found"}` {
		t.Errorf("plan upgrade of an unknown provider: %d %s", code, body)
	}
	products := db.Product.Query().CountX(ctx)
	if code, body := api.do(http.MethodDelete, base+"/services/1.json?"+key, "", nil); code != 403 || !strings.Contains(body, "DELETE /admin/api/services/1") {
		t.Errorf("delete a provider's service: %d %s", code, body)
	}
	if n := db.Product.Query().CountX(ctx); n != products {
		t.Errorf("%d products after a refused deletion, want %d", n, products)
	}
	if code, body := api.do(http.MethodGet, fmt.Sprintf("/master/api/providers/%d.json?%s", master.ID, key), "", nil); code != 404 {
		t.Errorf("the master account as a provider: %d %s", code, body)
	}
	// Callers: none, a provider's key, a provider admin's session.
	if code, body := api.do(http.MethodGet, path[:strings.Index(path, "?")], "", nil); code != 401 || body != "unauthorized" {
		t.Errorf("no credential: %d %q", code, body)
	}
	if code, body := api.do(http.MethodGet, fmt.Sprintf("/master/api/providers/%d.json?api_key=%s", gamma.ID, gamma.ProviderKey), "", nil); code != 401 || body != "unauthorized" {
		t.Errorf("a provider's key: %d %q", code, body)
	}
	if code, body := api.do(http.MethodPost, "/master/api/providers.json", in.Admin, ok); code != 401 {
		t.Errorf("a provider admin's session: %d %q", code, body)
	}
	// Unknown paths under the API prefixes are 404 in the format asked for.
	for path, ctype := range map[string]string{"/master/api/nope.json": "application/json", "/master/api/proxy/configs": "application/json",
		"/master/api/nope.xml": "application/xml", "/admin/api/nope.json": "application/json"} {
		req, _ := http.NewRequest(http.MethodGet, in.URL+path, nil)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 404 || !strings.HasPrefix(resp.Header.Get("Content-Type"), ctype) {
			t.Errorf("%s: %d %s", path, resp.StatusCode, resp.Header.Get("Content-Type"))
		}
	}
}

// TestLabel derives DNS labels from organization names.
func TestLabel(t *testing.T) {
	for org, want := range map[string]string{
		"Beta Corp": "beta-corp", "  ACME, Inc. ": "acme-inc", "Ünïcode Ltd": "n-code-ltd", "!!!": "", "a--b": "a-b",
		strings.Repeat("x", 70): strings.Repeat("x", 57),
	} {
		if got := tenants.Label(org); got != want {
			t.Errorf("Label(%q) = %q, want %q", org, got, want)
		}
	}
}

func eventually(t *testing.T, what string, cond func() error) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		err := cond()
		if err == nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: %v", what, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
