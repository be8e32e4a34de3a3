package tenants_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/portico-apim/portico/server/apptest"
)

// claim follows an impersonation link the way a browser does, on the host
// the link names: it returns the status, where it sends the browser and the
// refresh cookie it sets.
func claim(t *testing.T, in *apptest.Instance, link string) (int, string, *http.Cookie, string) {
	t.Helper()
	u, err := url.Parse(link)
	if err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest(http.MethodGet, in.URL+u.RequestURI(), nil)
	req.Host = u.Host
	req.Header.Set("Accept", "text/html")
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noFollow.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	for _, c := range resp.Cookies() {
		if c.Name == "portico_refresh" && c.Value != "" {
			return resp.StatusCode, resp.Header.Get("Location"), c, string(body)
		}
	}
	return resp.StatusCode, resp.Header.Get("Location"), nil, string(body)
}

// refresh trades a refresh cookie for an access token and the next
// refresh cookie, on host.
func refresh(t *testing.T, in *apptest.Instance, host string, c *http.Cookie) (int, string, *http.Cookie) {
	t.Helper()
	resp := post(t, in, host, "/auth/refresh", c)
	defer resp.Body.Close()
	var out struct {
		AccessToken string `json:"access_token"`
	}
	_ = json.NewDecoder(resp.Body).Decode(&out)
	for _, next := range resp.Cookies() {
		if next.Name == c.Name {
			return resp.StatusCode, out.AccessToken, next
		}
	}
	return resp.StatusCode, out.AccessToken, nil
}

// post sends an empty POST with cookie c to host.
func post(t *testing.T, in *apptest.Instance, host, path string, c *http.Cookie) *http.Response {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, in.URL+path, nil)
	req.Host = host
	req.AddCookie(c)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	return resp
}

// TestImpersonation has the master open a provider's admin portal as its
// admin: the link works once, on the provider's admin domain; the session
// says who is behind it; the audit log names the master for the
// impersonation and for every change made in it; logging out ends it; a
// suspended provider cannot be impersonated, and only master users
// impersonate.
func TestImpersonation(t *testing.T) {
	t.Parallel()
	in := apptest.Start(t)
	port := in.URL[strings.LastIndex(in.URL, ":"):]
	masterHost := client{t: t, in: in, host: "master.localhost" + port}
	code, master := masterHost.login("master", apptest.AdminPassword)
	if code != http.StatusOK {
		t.Fatalf("master login: %d", code)
	}
	d := masterHost.mustGQL(master, `mutation { createProvider(input: {orgName: "Gamma", username: "gamma", email: "gamma@example.com", password: "Gamma-passw0rd-long"}) {
		provider { id adminDomain } } }`, nil)
	id, domain := str(d, "createProvider.provider.id"), str(d, "createProvider.provider.adminDomain")
	gamma := client{t: t, in: in, host: domain + port}

	const impersonate = `mutation($id: ID!) { impersonateProvider(id: $id) { url username expiresAt } }`
	d = masterHost.mustGQL(master, impersonate, map[string]any{"id": id})
	link := str(d, "impersonateProvider.url")
	if want := "http://" + domain + port + "/auth/impersonate?token="; !strings.HasPrefix(link, want) {
		t.Fatalf("link %q, want it under %s", link, want)
	}
	if str(d, "impersonateProvider.username") != "gamma" {
		t.Errorf("impersonated user %v", d)
	}

	// The link opens a session of the provider's admin, once.
	code, location, cookie, body := claim(t, in, link)
	if code != http.StatusSeeOther || location != "/dashboard?sso=1" || cookie == nil {
		t.Fatalf("claim: %d %q cookie=%v %s", code, location, cookie, body)
	}
	code, tok, cookie := refresh(t, in, gamma.host, cookie)
	if code != http.StatusOK || tok == "" || cookie == nil {
		t.Fatalf("refresh the impersonation session: %d", code)
	}
	d = gamma.mustGQL(tok, `{ viewer { impersonator user { username } tenant { orgName } } }`, nil)
	if str(d, "viewer.impersonator") != "master" || str(d, "viewer.user.username") != "gamma" || str(d, "viewer.tenant.orgName") != "Gamma" {
		t.Errorf("viewer in the impersonation session %v", d)
	}
	if code, _, cookie2, body := claim(t, in, link); code != http.StatusUnauthorized || cookie2 != nil || !strings.Contains(body, "Impersonation failed") {
		t.Errorf("second claim: %d cookie=%v %s", code, cookie2, body)
	}
	// A refused second claim ends nothing.
	if _, errText := gamma.gql(tok, `{ viewer { user { id } } }`, nil); errText != "" {
		t.Errorf("the session after a second claim: %s", errText)
	}
	// The admin's own login is not an impersonation.
	_, own := gamma.login("gamma", "Gamma-passw0rd-long")
	if d := gamma.mustGQL(own, `{ viewer { impersonator } }`, nil); str(d, "viewer.impersonator") != "" {
		t.Errorf("the admin's own session names an impersonator: %v", d)
	}

	// Changes made in the session name the master.
	d = gamma.mustGQL(tok, `mutation { createAccessToken(input: {name: "made by support", scopes: [ACCOUNT_MANAGEMENT], permission: RO}) { accessToken { id } } }`, nil)
	tokenID := str(d, "createAccessToken.accessToken.id")
	d = masterHost.mustGQL(master, `query($t: ID!) { auditEntries(tenantID: $t) { edges { node { actor actorTenant impersonator action objectType objectID } } } }`, map[string]any{"t": id})
	var sawImpersonation, sawToken bool
	for _, e := range d["auditEntries"].(map[string]any)["edges"].([]any) {
		n := e.(map[string]any)["node"].(map[string]any)
		switch {
		case n["action"] == "IMPERSONATE":
			sawImpersonation = n["actor"] == "master" && n["actorTenant"] == "master" && n["objectType"] == "User"
		case n["objectType"] == "AccessToken" && str(n, "objectID") == tokenID:
			sawToken = n["actor"] == "gamma" && n["impersonator"] == "master" && n["action"] == "CREATE"
		}
	}
	if !sawImpersonation || !sawToken {
		t.Errorf("audit log (impersonation %v, change %v): %v", sawImpersonation, sawToken, d)
	}
	// The provider's own admins read it too.
	if d := gamma.mustGQL(own, `{ auditEntries(objectType: "AccessToken") { edges { node { impersonator } } } }`, nil); !strings.Contains(str(d, "auditEntries.edges.0.node.impersonator"), "master") {
		t.Errorf("the provider's admin reads %v", d)
	}

	// Logging out ends the impersonation.
	post(t, in, gamma.host, "/auth/logout", cookie).Body.Close()
	if _, errText := gamma.gql(tok, `{ viewer { user { id } } }`, nil); !strings.HasPrefix(errText, "UNAUTHENTICATED") {
		t.Errorf("the impersonation session after logout: %q", errText)
	}
	if code, _, _ := refresh(t, in, gamma.host, cookie); code == http.StatusOK {
		t.Error("the impersonation session refreshed after logout")
	}

	// Only master users impersonate, and only approved providers.
	if _, errText := gamma.gql(own, impersonate, map[string]any{"id": id}); !strings.HasPrefix(errText, "FORBIDDEN") {
		t.Errorf("a provider admin impersonating: %q", errText)
	}
	d = masterHost.mustGQL(master, `mutation($id: ID!) { changeProviderState(id: $id, event: SUSPEND) { state providerEvents } }`, map[string]any{"id": id})
	if got := fmt.Sprint(d["changeProviderState"].(map[string]any)["providerEvents"]); got != "[RESUME SCHEDULE_FOR_DELETION]" {
		t.Errorf("events of a suspended provider %s", got)
	}
	sys := apptest.SystemContext()
	before := in.Client().Session.Query().CountX(sys)
	if _, errText := masterHost.gql(master, impersonate, map[string]any{"id": id}); !strings.HasPrefix(errText, "CONFLICT") || !strings.Contains(errText, "suspended") {
		t.Errorf("impersonating a suspended provider: %q", errText)
	}
	if after := in.Client().Session.Query().CountX(sys); after != before {
		t.Errorf("a refused impersonation stored a session (%d → %d)", before, after)
	}

	// The master portal's counts.
	d = masterHost.mustGQL(master, `query($id: ID!) { node(id: $id) { ... on Tenant { providerStats { accounts applications users pendingInvitations hitsLast30Days }
		providerUsers { username role state } } } }`, map[string]any{"id": id})
	if str(d, "node.providerStats.users") != "1" || str(d, "node.providerStats.accounts") != "0" || str(d, "node.providerUsers.0.username") != "gamma" ||
		str(d, "node.providerUsers.0.role") != "ADMIN" {
		t.Errorf("provider stats %v", d)
	}
	if _, errText := gamma.gql(own, `{ viewer { tenant { providerStats { accounts } } } }`, nil); errText == "" {
		t.Error("a provider read providerStats")
	}
}
