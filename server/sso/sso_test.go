package sso_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/oauth2-proxy/mockoidc"

	"github.com/portico-apim/portico/ent/user"
	"github.com/portico-apim/portico/server/apptest"
)

// idp starts a real OpenID Connect provider on loopback for the test.
func idp(t *testing.T) *mockoidc.MockOIDC {
	t.Helper()
	m, err := mockoidc.Run()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = m.Shutdown() })
	return m
}

// browser is an HTTP client with a cookie jar that does not follow
// redirects: each step of the flow is followed by hand.
func browser(t *testing.T) *http.Client {
	t.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// get fetches u and returns the response with its body read.
func get(t *testing.T, c *http.Client, u string) (*http.Response, string) {
	t.Helper()
	resp, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

// redirect checks resp is a redirect and returns its target, resolved
// against base.
func redirect(t *testing.T, resp *http.Response, body, base string) *url.URL {
	t.Helper()
	if resp.StatusCode != http.StatusFound && resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("%s: expected a redirect, got %d %s", resp.Request.URL.Path, resp.StatusCode, body)
	}
	b, _ := url.Parse(base)
	loc, err := b.Parse(resp.Header.Get("Location"))
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// flow drives one login: start → provider's authorization endpoint →
// callback, letting tamper change the URLs on the way. It returns the
// callback's response.
type flow struct {
	start            string // start URL (path)
	tamperAuthorize  func(q url.Values)
	tamperCallback   func(q url.Values)
	skipStartCookies bool // come back in a browser that did not start the login
}

func (f flow) run(t *testing.T, in *apptest.Instance, c *http.Client) (*http.Response, string) {
	t.Helper()
	resp, body := get(t, c, in.URL+f.start)
	authz := redirect(t, resp, body, in.URL)
	q := authz.Query()
	for _, p := range []string{"state", "nonce", "code_challenge"} {
		if q.Get(p) == "" {
			t.Fatalf("authorization request without %s: %s", p, authz)
		}
	}
	if q.Get("code_challenge_method") != "S256" || q.Get("response_type") != "code" {
		t.Fatalf("authorization request is not code+PKCE S256: %s", authz)
	}
	if got, want := q.Get("redirect_uri"), in.URL+"/auth/sso/callback"; got != want {
		t.Fatalf("redirect_uri = %q, want %q", got, want)
	}
	if strings.Contains(authz.RawQuery, "client_secret") {
		t.Fatalf("the client secret reached the browser: %s", authz)
	}
	if f.tamperAuthorize != nil {
		f.tamperAuthorize(q)
		authz.RawQuery = q.Encode()
	}
	resp, body = get(t, c, authz.String())
	cb := redirect(t, resp, body, authz.String())
	if cb.Path != "/auth/sso/callback" {
		t.Fatalf("provider sent the browser to %s", cb)
	}
	if f.tamperCallback != nil {
		q := cb.Query()
		f.tamperCallback(q)
		cb.RawQuery = q.Encode()
	}
	if f.skipStartCookies {
		c = browser(t)
	}
	return get(t, c, cb.String())
}

// refused checks a callback or start answered the JSON error code with
// status.
func refused(t *testing.T, resp *http.Response, body string, status int, code string) {
	t.Helper()
	var e struct {
		Error struct{ Code, Message string }
	}
	if resp.StatusCode != status || json.Unmarshal([]byte(body), &e) != nil || e.Error.Code != code {
		t.Fatalf("expected %d %s, got %d %s", status, code, resp.StatusCode, body)
	}
	for _, c := range resp.Cookies() {
		if c.Name == "portico_refresh" && c.Value != "" {
			t.Fatalf("a refused login set a session cookie")
		}
	}
}

// session exchanges the browser's refresh cookie for an access token, as
// the SPA does after a login.
func session(t *testing.T, in *apptest.Instance, c *http.Client) string {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, in.URL+"/auth/refresh", nil)
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	var out struct {
		AccessToken string `json:"access_token"`
	}
	if resp.StatusCode != http.StatusOK || json.Unmarshal(b, &out) != nil || out.AccessToken == "" {
		t.Fatalf("refresh after single sign-on: %d %s", resp.StatusCode, b)
	}
	return out.AccessToken
}

type viewerData struct {
	Viewer struct {
		User struct {
			ID, Email, Username, Role, SignupType, State string
			Sections                                     []string
			AllProducts                                  bool
		}
	}
}

func whoAmI(t *testing.T, in *apptest.Instance, token string) viewerData {
	t.Helper()
	var v viewerData
	in.MustGraphQL(t, token, `{ viewer { user { id email username role signupType state sections allProducts } } }`, nil, &v)
	return v
}

const createIntegration = `mutation($in: CreateSSOIntegrationInput!) {
	createSSOIntegration(input: $in) { id name issuer clientID enabled callbackURL startURL }
}`

type integration struct {
	ID, Name, Issuer, ClientID, CallbackURL, StartURL string
	Enabled                                           bool
}

func create(t *testing.T, in *apptest.Instance, token string, m *mockoidc.MockOIDC, name string) integration {
	t.Helper()
	var out struct{ CreateSSOIntegration integration }
	in.MustGraphQL(t, token, createIntegration, map[string]any{"in": map[string]any{
		"name": name, "issuer": m.Issuer(), "clientID": m.ClientID, "clientSecret": m.ClientSecret,
	}}, &out)
	return out.CreateSSOIntegration
}

func TestSingleSignOn(t *testing.T) {
	t.Parallel()
	in := apptest.Start(t)
	m := idp(t)
	sys := apptest.SystemContext()

	integ := create(t, in, in.Admin, m, "Keycloak")
	if integ.CallbackURL != in.URL+"/auth/sso/callback" {
		t.Fatalf("callbackURL = %q, want %q", integ.CallbackURL, in.URL+"/auth/sso/callback")
	}
	if !integ.Enabled || integ.StartURL != "/auth/sso/"+integ.ID+"/start" {
		t.Fatalf("created %+v", integ)
	}

	t.Run("the client secret is write-only", func(t *testing.T) {
		r := in.GraphQL(t, in.Admin, `{ ssoIntegrations { edges { node { clientSecret } } } }`, nil)
		if len(r.Errors) == 0 || r.Errors[0].Code() != "VALIDATION" {
			t.Fatalf("clientSecret readable: %s %+v", r.Data, r.Errors)
		}
	})

	t.Run("the login page lists enabled integrations without credentials", func(t *testing.T) {
		var out struct {
			SsoLoginOptions []struct{ Name, StartURL string }
		}
		in.MustGraphQL(t, "", `{ ssoLoginOptions { name startURL } }`, nil, &out)
		if len(out.SsoLoginOptions) != 1 || out.SsoLoginOptions[0].Name != "Keycloak" || out.SsoLoginOptions[0].StartURL != integ.StartURL {
			t.Fatalf("ssoLoginOptions = %+v", out.SsoLoginOptions)
		}
		// Nothing else is open.
		in.ExpectError(t, "", `{ ssoLoginOptions { name } ssoIntegrations { totalCount } }`, nil, "UNAUTHENTICATED")
	})

	var memberID string
	t.Run("first login creates a member", func(t *testing.T) {
		m.QueueUser(&mockoidc.MockUser{Subject: "s-1", Email: "Dana.Sso@example.com", EmailVerified: true, PreferredUsername: "dana"})
		c := browser(t)
		resp, body := flow{start: integ.StartURL}.run(t, in, c)
		loc := redirect(t, resp, body, in.URL)
		if loc.String() != in.URL+"/?sso=1" {
			t.Fatalf("landed on %s", loc)
		}
		var rc *http.Cookie
		for _, ck := range resp.Cookies() {
			if ck.Name == "portico_refresh" {
				rc = ck
			}
		}
		if rc == nil || rc.Path != "/auth" || !rc.HttpOnly || rc.SameSite != http.SameSiteStrictMode || rc.Value == "" {
			t.Fatalf("refresh cookie = %+v", rc)
		}
		v := whoAmI(t, in, session(t, in, c))
		u := v.Viewer.User
		if u.Email != "Dana.Sso@example.com" || u.Username != "dana" || u.Role != "MEMBER" || u.SignupType != "SSO" ||
			u.State != "ACTIVE" || len(u.Sections) != 0 || u.AllProducts {
			t.Fatalf("SSO user = %+v", u)
		}
		memberID = u.ID
		// The member has no areas: it cannot read products.
		in.ExpectError(t, session(t, in, c), `{ products { totalCount } }`, nil, "FORBIDDEN")
	})

	t.Run("a second login reuses the user", func(t *testing.T) {
		// Emails match regardless of case.
		m.QueueUser(&mockoidc.MockUser{Subject: "s-1", Email: "dana.sso@EXAMPLE.com", EmailVerified: true, PreferredUsername: "dana"})
		c := browser(t)
		resp, body := flow{start: integ.StartURL + "?return_to=" + url.QueryEscape("/products?page=2")}.run(t, in, c)
		if loc := redirect(t, resp, body, in.URL); loc.Path != "/products" || loc.Query().Get("page") != "2" || loc.Query().Get("sso") != "1" {
			t.Fatalf("landed on %s", loc)
		}
		if got := whoAmI(t, in, session(t, in, c)).Viewer.User.ID; got != memberID {
			t.Fatalf("second login is user %s, first was %s", got, memberID)
		}
		n, err := in.Client().User.Query().Where(user.EmailEqualFold("dana.sso@example.com")).Count(sys)
		if err != nil || n != 1 {
			t.Fatalf("%d users with the email (%v)", n, err)
		}
	})

	t.Run("an existing admin logs in as themselves", func(t *testing.T) {
		admin := whoAmI(t, in, in.Admin).Viewer.User
		m.QueueUser(&mockoidc.MockUser{Subject: "s-admin", Email: admin.Email, EmailVerified: true})
		c := browser(t)
		resp, body := flow{start: integ.StartURL}.run(t, in, c)
		redirect(t, resp, body, in.URL)
		if got := whoAmI(t, in, session(t, in, c)).Viewer.User; got.ID != admin.ID || got.Role != "ADMIN" {
			t.Fatalf("admin logged in as %+v", got)
		}
	})

	t.Run("refused", func(t *testing.T) {
		users := func() int {
			n, err := in.Client().User.Query().Count(sys)
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		newUser := func() { // a user who would be created by a successful login
			m.QueueUser(&mockoidc.MockUser{Subject: "s-new", Email: "new.person@example.com", EmailVerified: true})
		}
		for _, c := range []struct {
			name   string
			f      flow
			prep   func()
			status int
			code   string
		}{
			{"tampered state", flow{start: integ.StartURL, tamperCallback: func(q url.Values) { q.Set("state", q.Get("state")+"x") }}, newUser, 401, "UNAUTHENTICATED"},
			{"missing state", flow{start: integ.StartURL, tamperCallback: func(q url.Values) { q.Del("state") }}, newUser, 401, "UNAUTHENTICATED"},
			{"another browser (no flow cookie)", flow{start: integ.StartURL, skipStartCookies: true}, newUser, 401, "UNAUTHENTICATED"},
			{"tampered nonce", flow{start: integ.StartURL, tamperAuthorize: func(q url.Values) { q.Set("nonce", "attacker-chosen") }}, newUser, 401, "UNAUTHENTICATED"},
			{"tampered PKCE challenge", flow{start: integ.StartURL, tamperAuthorize: func(q url.Values) { q.Set("code_challenge", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA") }}, newUser, 401, "UNAUTHENTICATED"},
			{"tampered code", flow{start: integ.StartURL, tamperCallback: func(q url.Values) { q.Set("code", "forged") }}, newUser, 401, "UNAUTHENTICATED"},
			{"provider error", flow{start: integ.StartURL, tamperCallback: func(q url.Values) { q.Del("code"); q.Set("error", "access_denied") }}, newUser, 401, "UNAUTHENTICATED"},
			{"unverified email", flow{start: integ.StartURL}, func() {
				m.QueueUser(&mockoidc.MockUser{Subject: "s-unv", Email: "unverified@example.com", EmailVerified: false})
			}, 403, "FORBIDDEN"},
		} {
			t.Run(c.name, func(t *testing.T) {
				before := users()
				c.prep()
				resp, body := c.f.run(t, in, browser(t))
				refused(t, resp, body, c.status, c.code)
				if n := users(); n != before {
					t.Fatalf("a refused login changed the users: %d → %d", before, n)
				}
			})
		}
		// The provider's queue is drained by the refused logins above.

		t.Run("a replayed callback is refused", func(t *testing.T) {
			c := browser(t)
			resp, body := get(t, c, in.URL+integ.StartURL)
			authz := redirect(t, resp, body, in.URL)
			resp, body = get(t, c, authz.String())
			cb := redirect(t, resp, body, authz.String())
			// The flow cookie and callback URL, replayed after a successful
			// login, open no second session.
			stale := c.Jar.Cookies(cb)
			resp, _ = get(t, c, cb.String())
			if resp.StatusCode != http.StatusSeeOther {
				t.Fatalf("first callback: %d", resp.StatusCode)
			}
			c2 := browser(t)
			c2.Jar.SetCookies(cb, stale)
			resp, body = get(t, c2, cb.String())
			refused(t, resp, body, 401, "UNAUTHENTICATED")
		})

		t.Run("return path must be local", func(t *testing.T) {
			for _, rt := range []string{"//evil.example", "https://evil.example/", "/\\evil.example", "products"} {
				resp, body := get(t, browser(t), in.URL+integ.StartURL+"?return_to="+url.QueryEscape(rt))
				refused(t, resp, body, 422, "VALIDATION")
			}
		})

		t.Run("unknown integration", func(t *testing.T) {
			for _, p := range []string{"/auth/sso/999999/start", "/auth/sso/x/start"} {
				resp, body := get(t, browser(t), in.URL+p)
				refused(t, resp, body, 404, "NOT_FOUND")
			}
		})

		t.Run("browsers get a page", func(t *testing.T) {
			req, _ := http.NewRequest(http.MethodGet, in.URL+"/auth/sso/callback?state=x&code=y", nil)
			req.Header.Set("Accept", "text/html,application/xhtml+xml")
			resp, err := browser(t).Do(req)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 401 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") ||
				!strings.Contains(string(b), "Single sign-on failed") {
				t.Fatalf("callback page: %d %s %s", resp.StatusCode, resp.Header.Get("Content-Type"), b)
			}
		})

		t.Run("suspended user", func(t *testing.T) {
			in.MustGraphQL(t, in.Admin, `mutation($id: ID!) { suspendUser(id: $id) { state } }`, map[string]any{"id": memberID}, nil)
			defer in.MustGraphQL(t, in.Admin, `mutation($id: ID!) { unsuspendUser(id: $id) { state } }`, map[string]any{"id": memberID}, nil)
			m.QueueUser(&mockoidc.MockUser{Subject: "s-1", Email: "dana.sso@example.com", EmailVerified: true})
			resp, body := flow{start: integ.StartURL}.run(t, in, browser(t))
			refused(t, resp, body, 403, "FORBIDDEN")
		})

		t.Run("disabled integration", func(t *testing.T) {
			// A login started before the integration was disabled cannot finish.
			c := browser(t)
			resp, body := get(t, c, in.URL+integ.StartURL)
			authz := redirect(t, resp, body, in.URL)
			in.MustGraphQL(t, in.Admin, `mutation($id: ID!) { updateSSOIntegration(id: $id, input: {enabled: false}) { enabled } }`,
				map[string]any{"id": integ.ID}, nil)
			defer in.MustGraphQL(t, in.Admin, `mutation($id: ID!) { updateSSOIntegration(id: $id, input: {enabled: true}) { enabled } }`,
				map[string]any{"id": integ.ID}, nil)
			resp, body = get(t, c, authz.String())
			resp, body = get(t, c, redirect(t, resp, body, authz.String()).String())
			refused(t, resp, body, 403, "FORBIDDEN")

			resp, body = get(t, browser(t), in.URL+integ.StartURL)
			refused(t, resp, body, 403, "FORBIDDEN")

			var out struct{ SsoLoginOptions []struct{ Name string } }
			in.MustGraphQL(t, "", `{ ssoLoginOptions { name } }`, nil, &out)
			if len(out.SsoLoginOptions) != 0 {
				t.Fatalf("disabled integration listed: %+v", out.SsoLoginOptions)
			}
		})
	})
}

func TestSSOIntegrationRights(t *testing.T) {
	t.Parallel()
	in := apptest.Start(t)
	m := idp(t)
	tokenB := in.NewTenant(t, "b.example.com")
	a := create(t, in, in.Admin, m, "A's provider")

	t.Run("issuer must be an https URL", func(t *testing.T) {
		for _, iss := range []string{"not a url", "ftp://sso.example.com", "http://sso.example.com/realms/x", "https://u:p@sso.example.com"} {
			r := in.GraphQL(t, in.Admin, createIntegration, map[string]any{"in": map[string]any{
				"name": "x", "issuer": iss, "clientID": "c", "clientSecret": "s",
			}})
			if len(r.Errors) == 0 || r.Errors[0].Code() != "VALIDATION" || r.Errors[0].Field() != "input.issuer" {
				t.Errorf("issuer %q: %s %+v", iss, r.Data, r.Errors)
			}
		}
		in.MustGraphQL(t, in.Admin, `mutation { createSSOIntegration(input: {name: "Auth0", issuer: "https://portico.eu.auth0.com/", clientID: "c", clientSecret: "s", enabled: false}) { id } }`, nil, nil)
	})

	t.Run("tenant B can neither see nor change A's integration", func(t *testing.T) {
		vars := map[string]any{"id": a.ID}
		in.ExpectError(t, tokenB, `query($id: ID!) { node(id: $id) { id } }`, vars, "NOT_FOUND")
		in.ExpectError(t, tokenB, `mutation($id: ID!) { updateSSOIntegration(id: $id, input: {name: "mine"}) { id } }`, vars, "NOT_FOUND")
		in.ExpectError(t, tokenB, `mutation($id: ID!) { deleteSSOIntegration(id: $id) { deletedID } }`, vars, "NOT_FOUND")
		var out struct{ SsoIntegrations struct{ TotalCount int } }
		in.MustGraphQL(t, tokenB, `{ ssoIntegrations { totalCount } }`, nil, &out)
		if out.SsoIntegrations.TotalCount != 0 {
			t.Fatalf("tenant B sees %d integrations", out.SsoIntegrations.TotalCount)
		}
		// B's login page does not offer A's integration.
		var opts struct{ SsoLoginOptions []struct{ Name string } }
		in.MustGraphQL(t, "", `{ ssoLoginOptions(tenant: "b.example.com") { name } }`, nil, &opts)
		if len(opts.SsoLoginOptions) != 0 {
			t.Fatalf("B's login page offers %+v", opts.SsoLoginOptions)
		}
		var got struct{ Node integration }
		in.MustGraphQL(t, in.Admin, `query($id: ID!) { node(id: $id) { ... on SSOIntegration { name enabled } } }`, vars, &got)
		if got.Node.Name != "A's provider" || !got.Node.Enabled {
			t.Fatalf("A's integration changed: %+v", got.Node)
		}
	})

	t.Run("a login through A's integration lands in tenant A", func(t *testing.T) {
		m.QueueUser(&mockoidc.MockUser{Subject: "s-x", Email: "admin@b.example.com", EmailVerified: true})
		c := browser(t)
		resp, body := flow{start: a.StartURL}.run(t, in, c)
		redirect(t, resp, body, in.URL)
		u := whoAmI(t, in, session(t, in, c)).Viewer.User
		// B's admin has this email in tenant B; in tenant A it is a new member.
		if u.Role != "MEMBER" || u.SignupType != "SSO" {
			t.Fatalf("login through A's integration gave %+v", u)
		}
		id, _ := strconv.Atoi(u.ID)
		got, err := in.Client().User.Get(apptest.SystemContext(), id)
		if err != nil {
			t.Fatal(err)
		}
		admin, err := in.Client().User.Query().Where(user.Username("admin"), user.RoleEQ(user.RoleADMIN), user.EmailNEQ("admin@b.example.com")).First(apptest.SystemContext())
		if err != nil {
			t.Fatal(err)
		}
		if got.TenantID != admin.TenantID {
			t.Fatalf("user created in tenant %d, want A's tenant %d", got.TenantID, admin.TenantID)
		}
	})

	t.Run("members and tokens", func(t *testing.T) {
		var mem struct{ CreateUser struct{ ID string } }
		in.MustGraphQL(t, in.Admin, `mutation { createUser(input: {username: "mem", email: "mem@example.com"}, password: "Member-passw0rd!") { id } }`, nil, &mem)
		in.MustGraphQL(t, in.Admin, `mutation($id: ID!) { updateUserPermissions(id: $id, input: {role: MEMBER, sections: [PARTNERS, PLANS, MONITORING, FINANCE, SETTINGS, PORTAL, POLICY_REGISTRY], allProducts: true}) { id } }`,
			map[string]any{"id": mem.CreateUser.ID}, nil)
		member := in.Login(t, "mem", "Member-passw0rd!", in.Cfg.AdminDomain)
		vars := map[string]any{"id": a.ID}
		in.ExpectError(t, member, `{ ssoIntegrations { totalCount } }`, nil, "FORBIDDEN")
		in.ExpectError(t, member, createIntegration, map[string]any{"in": map[string]any{"name": "x", "issuer": m.Issuer(), "clientID": "c", "clientSecret": "s"}}, "FORBIDDEN")
		in.ExpectError(t, member, `mutation($id: ID!) { updateSSOIntegration(id: $id, input: {enabled: false}) { id } }`, vars, "FORBIDDEN")
		in.ExpectError(t, member, `mutation($id: ID!) { deleteSSOIntegration(id: $id) { deletedID } }`, vars, "FORBIDDEN")
		in.ExpectError(t, "", `mutation($id: ID!) { deleteSSOIntegration(id: $id) { deletedID } }`, vars, "UNAUTHENTICATED")
	})

	t.Run("admin renames and changes the client secret", func(t *testing.T) {
		vars := func(input map[string]any) map[string]any { return map[string]any{"id": a.ID, "in": input} }
		const update = `mutation($id: ID!, $in: UpdateSSOIntegrationInput!) { updateSSOIntegration(id: $id, input: $in) { id name } }`
		var upd struct{ UpdateSSOIntegration integration }
		in.MustGraphQL(t, in.Admin, update, vars(map[string]any{"name": "Renamed", "clientSecret": "not-the-provider-secret"}), &upd)
		if upd.UpdateSSOIntegration.ID != a.ID || upd.UpdateSSOIntegration.Name != "Renamed" {
			t.Fatalf("update returned %+v, want the integration named Renamed", upd.UpdateSSOIntegration)
		}
		var got struct{ Node integration }
		in.MustGraphQL(t, in.Admin, `query($id: ID!) { node(id: $id) { ... on SSOIntegration { name issuer clientID enabled } } }`,
			map[string]any{"id": a.ID}, &got)
		if got.Node.Name != "Renamed" || got.Node.Issuer != m.Issuer() || got.Node.ClientID != m.ClientID || !got.Node.Enabled {
			t.Fatalf("stored integration = %+v, want Renamed with the issuer, client and state unchanged", got.Node)
		}
		var opts struct {
			SsoLoginOptions []struct{ Name, StartURL string }
		}
		in.MustGraphQL(t, "", `query($d: String!) { ssoLoginOptions(tenant: $d) { name startURL } }`, map[string]any{"d": in.Cfg.AdminDomain}, &opts)
		if len(opts.SsoLoginOptions) != 1 || opts.SsoLoginOptions[0].Name != "Renamed" || opts.SsoLoginOptions[0].StartURL != a.StartURL {
			t.Fatalf("login page offers %+v, want the renamed integration", opts.SsoLoginOptions)
		}

		// The provider only knows its own secret: the token exchange now
		// sends the new (wrong) one and the login is refused, creating no one.
		users := func() int { return in.Client().User.Query().CountX(apptest.SystemContext()) }
		before := users()
		m.QueueUser(&mockoidc.MockUser{Subject: "s-secret", Email: "secret.change@example.com", EmailVerified: true})
		resp, body := flow{start: a.StartURL}.run(t, in, browser(t))
		refused(t, resp, body, 401, "UNAUTHENTICATED")
		if !strings.Contains(body, "did not accept the authorization code") {
			t.Fatalf("refused for another reason than the client secret: %s", body)
		}
		if n := users(); n != before {
			t.Fatalf("a login with a wrong client secret changed the users: %d → %d", before, n)
		}

		// Setting the provider's secret again makes the same login succeed.
		in.MustGraphQL(t, in.Admin, update, vars(map[string]any{"clientSecret": m.ClientSecret}), &upd)
		if upd.UpdateSSOIntegration.Name != "Renamed" {
			t.Fatalf("changing only the secret renamed the integration to %q", upd.UpdateSSOIntegration.Name)
		}
		m.QueueUser(&mockoidc.MockUser{Subject: "s-secret", Email: "secret.change@example.com", EmailVerified: true})
		c := browser(t)
		resp, body = flow{start: a.StartURL}.run(t, in, c)
		redirect(t, resp, body, in.URL)
		if u := whoAmI(t, in, session(t, in, c)).Viewer.User; u.Email != "secret.change@example.com" || u.SignupType != "SSO" {
			t.Fatalf("login with the provider's secret gave %+v", u)
		}
	})

	t.Run("admin deletes", func(t *testing.T) {
		in.MustGraphQL(t, in.Admin, `mutation($id: ID!) { deleteSSOIntegration(id: $id) { deletedID } }`, map[string]any{"id": a.ID}, nil)
		resp, body := get(t, browser(t), in.URL+a.StartURL)
		refused(t, resp, body, 404, "NOT_FOUND")
	})
}

// TestIssuerOnForbiddenAddressRefused refuses an issuer on a loopback,
// metadata or private address unless the operator allows them, and a
// stored one is not fetched either.
func TestIssuerOnForbiddenAddressRefused(t *testing.T) {
	t.Parallel()
	cfg := apptest.Config(t)
	cfg.OutboundAllowPrivate = false
	in := apptest.StartWith(t, cfg)
	for _, iss := range []string{"http://127.0.0.1:8081/realms/x", "http://[::1]/", "http://localhost:9/", "https://169.254.169.254/", "https://10.1.2.3/realms/x"} {
		err := in.ExpectError(t, in.Admin, createIntegration, map[string]any{"in": map[string]any{
			"name": "Local", "issuer": iss, "clientID": "c", "clientSecret": "s"}}, "VALIDATION")
		if err.Field() != "input.issuer" || !strings.Contains(err.Message, "outbound requests may not reach") {
			t.Errorf("issuer %s: %+v", iss, err)
		}
	}
	var out struct{ SSOIntegrations struct{ TotalCount int } }
	in.MustGraphQL(t, in.Admin, `{ ssoIntegrations { totalCount } }`, nil, &out)
	if out.SSOIntegrations.TotalCount != 0 {
		t.Fatalf("%d refused integrations stored", out.SSOIntegrations.TotalCount)
	}

	// One stored earlier (before the check existed) is refused at connect time.
	m, err := mockoidc.Run()
	if err != nil {
		t.Fatal(err)
	}
	defer m.Shutdown()
	tn := in.App.Bootstrap.TenantID
	ig, err := in.Client().SSOIntegration.Create().SetTenantID(tn).SetName("Old").SetIssuer(m.Issuer()).
		SetClientID(m.ClientID).SetClientSecret(m.ClientSecret).Save(apptest.SystemContext())
	if err != nil {
		t.Fatal(err)
	}
	resp, _ := get(t, browser(t), in.URL+"/auth/sso/"+strconv.Itoa(ig.ID)+"/start")
	if resp.StatusCode != http.StatusServiceUnavailable || strings.Contains(resp.Header.Get("Location"), m.Issuer()) {
		t.Fatalf("start with a loopback issuer: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
}
