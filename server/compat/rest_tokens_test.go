package compat_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/portico-apim/portico/ent/accesstoken"
	"github.com/portico-apim/portico/ent/tenant"
	"github.com/portico-apim/portico/ent/user"
	"github.com/portico-apim/portico/schema/viewer"
	"github.com/portico-apim/portico/server/apptest"
)

// TestPersonalAccessTokens creates, finds, uses and deletes the caller's
// tokens through the REST API (§1.2, §2.3, §3.16).
func TestPersonalAccessTokens(t *testing.T) {
	a := newRestAPI(t)
	const base = "/admin/api/personal/access_tokens"
	created := a.want(t, 201, "POST", base+".json", map[string]any{"token": map[string]any{
		"name": "CI deploys", "permission": "ro", "scopes": []string{"account_management"}}})["access_token"].(map[string]any)
	value, _ := created["value"].(string)
	if value == "" || created["permission"] != "ro" || fmt.Sprint(created["scopes"]) != "[account_management]" || created["expires_at"] != nil {
		t.Fatalf("created token %v", created)
	}
	id := int(created["id"].(float64))

	// The new token works, read-only.
	if ans := a.call(t, "GET", "/admin/api/services.json", value, "", nil); ans.status != 200 {
		t.Errorf("reading with the new token: %d %s", ans.status, ans.body)
	}
	if ans := a.call(t, "POST", "/admin/api/services.json", value, "", url.Values{"name": {"Nope"}}); ans.status != 403 {
		t.Errorf("writing with a read-only token: %d %s", ans.status, ans.body)
	}

	// Found by name, by id and by value; the value is never shown again.
	nightly := idOf(t, a.want(t, 201, "POST", base+".json", url.Values{"name": {"Nightly stats"}, "permission": {"rw"}, "scopes[]": {"account_management"},
		"expires_at": {time.Now().Add(48 * time.Hour).UTC().Format(time.RFC3339)}}), "access_token")
	list := a.want(t, 200, "GET", base+".json?name=deploy", nil)["access_tokens"].([]any)
	if len(list) != 1 || list[0].(map[string]any)["access_token"].(map[string]any)["name"] != "CI deploys" {
		t.Errorf("tokens named like deploy: %v", list)
	}
	for _, key := range []string{fmt.Sprint(id), value} {
		got := a.want(t, 200, "GET", base+"/"+key+".json", nil)["access_token"].(map[string]any)
		if int(got["id"].(float64)) != id || got["value"] != nil {
			t.Errorf("GET %s/<%s>: %v", base, key, got)
		}
	}
	if x := a.call(t, "GET", base+".xml", a.token, "", nil); x.status != 406 {
		t.Errorf("tokens as XML: %d, want 406", x.status)
	}

	// Bad input: 422 naming the field, nothing stored.
	before := a.want(t, 200, "GET", base+".json", nil)["access_tokens"].([]any)
	for _, c := range []struct {
		body url.Values
		want string
	}{
		{url.Values{"permission": {"ro"}, "scopes[]": {"stats"}}, "name"},
		{url.Values{"name": {"x"}, "permission": {"admin"}, "scopes[]": {"stats"}}, "permission"},
		{url.Values{"name": {"x"}, "permission": {"ro"}, "scopes[]": {"cms"}}, "scopes"},
		{url.Values{"name": {"x"}, "permission": {"ro"}}, "scopes"},
		{url.Values{"name": {"x"}, "permission": {"ro"}, "scopes[]": {"account_management"}, "expires_at": {"2001-01-01T00:00:00Z"}}, "expires_at"},
		{url.Values{"name": {"x"}, "permission": {"ro"}, "scopes[]": {"account_management"}, "expires_at": {"soon"}}, "expires_at"},
	} {
		if ans := a.call(t, "POST", base+".json", a.token, "", c.body); ans.status != 422 || !strings.Contains(string(ans.body), c.want) {
			t.Errorf("POST %v: %d %s, want 422 naming %s", c.body, ans.status, ans.body, c.want)
		}
	}
	if after := a.want(t, 200, "GET", base+".json", nil)["access_tokens"].([]any); len(after) != len(before) {
		t.Errorf("refused tokens were stored: %d, then %d", len(before), len(after))
	}

	// The older per-user form works for the caller, and only for the caller.
	ctx := apptest.SystemContext()
	admin := a.in.Client().User.Query().Where(user.TenantID(a.tenant.ID), user.Username("admin")).OnlyX(ctx)
	a.want(t, 201, "POST", fmt.Sprintf("/admin/api/users/%d/access_tokens.json", admin.ID), url.Values{"name": {"old style"}, "permission": {"ro"}, "scopes[]": {"account_management"}})
	if ans := a.call(t, "POST", fmt.Sprintf("/admin/api/users/%d/access_tokens.json", admin.ID+1), a.token, "", url.Values{"name": {"for someone"}, "permission": {"ro"}, "scopes[]": {"stats"}}); ans.status != 403 {
		t.Errorf("a token for another user: %d %s, want 403", ans.status, ans.body)
	}

	// A token cannot mint a wider one.
	if ans := a.call(t, "POST", base+".json", a.token, "", url.Values{"name": {"wider"}, "permission": {"rw"}, "scopes[]": {"stats"}}); ans.status != 403 {
		t.Errorf("an account_management token minting a stats token: %d %s, want 403", ans.status, ans.body)
	}

	// Deleted by value, it no longer authenticates.
	a.want(t, 200, "DELETE", base+"/"+value+".json", nil)
	if ans := a.call(t, "GET", "/admin/api/services.json", value, "", nil); ans.status != 403 && ans.status != 401 {
		t.Errorf("a deleted token still works: %d", ans.status)
	}

	// Another tenant's admin neither sees nor deletes A's tokens.
	a.in.NewTenant(t, "tenant-b.test")
	tb := a.in.Client().Tenant.Query().Where(tenant.AdminDomain("tenant-b.test")).OnlyX(ctx)
	tokenB := newToken(t, a.in, tb.ID, accesstoken.PermissionRW, viewer.ScopeAccountManagement)
	for _, method := range []string{"GET", "DELETE"} {
		if ans := a.call(t, method, fmt.Sprintf("%s/%d.json", base, nightly), tokenB, "tenant-b.test", nil); ans.status != 404 {
			t.Errorf("tenant B, %s the token: %d %s", method, ans.status, ans.body)
		}
	}
	if ans := a.call(t, "GET", base+".json", tokenB, "tenant-b.test", nil); strings.Contains(string(ans.body), "Nightly stats") {
		t.Errorf("tenant B lists tenant A's tokens: %s", ans.body)
	}
	if ans := a.call(t, "GET", fmt.Sprintf("%s/%d.json", base, nightly), a.token, a.tenant.AdminDomain, nil); ans.status != 200 {
		t.Errorf("tenant A's token after tenant B's attempts: %d %s", ans.status, ans.body)
	}
}
