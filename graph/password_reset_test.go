package graph_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/portico-apim/portico/ent/tenant"
	"github.com/portico-apim/portico/ent/user"
	"github.com/portico-apim/portico/server/apptest"
)

const (
	requestResetQ = `mutation($login: String!, $tenant: String) { requestPasswordReset(login: $login, tenant: $tenant) }`
	resetQ        = `mutation($token: String!, $pw: String!) { resetPassword(input: {token: $token, password: $pw}) { accessToken } }`
)

// resetLinkRE finds the token of a password reset email's link.
var resetLinkRE = regexp.MustCompile(`/reset-password\?token=([0-9a-f]{64})`)

// TestPasswordReset follows a forgotten password from the request on the
// login page to the new password: the answer never says whether the login
// exists, only active team users of the request's tenant get a link, a link
// works once and for an hour, and using it ends the user's other logins.
func TestPasswordReset(t *testing.T) {
	t.Parallel()
	in := apptest.Start(t)
	ctx, c := apptest.SystemContext(), in.Client()
	const oldPW, newPW = "Old-password-for-jane-1", "New-password-for-jane-2"
	do(t, in, in.Admin, `mutation($pw: String!) { a: createUser(input: {username: "jane", email: "jane@example.com"}, password: $pw) { id } }`,
		map[string]any{"pw": oldPW})
	do(t, in, in.Admin, signUpAccountOp, map[string]any{"in": map[string]any{"orgName": "Dev", "username": "dev",
		"email": "dev@example.com", "password": "Developer-pass-1"}})
	tokenB := in.NewTenant(t, "b.example.com")
	do(t, in, tokenB, `mutation { createUser(input: {username: "bob", email: "bob@example.com"}, password: "Bobs-password-is-long-1") { id } }`, nil)
	session := in.Login(t, "jane", oldPW, "")

	request := func(t *testing.T, login string, tenant any) {
		t.Helper()
		if d := do(t, in, "", requestResetQ, map[string]any{"login": login, "tenant": tenant}); d.get(t, "requestPasswordReset") != true {
			t.Fatalf("requestPasswordReset(%q) answered %v", login, d)
		}
	}
	emails := func(t *testing.T, token, to string) []string {
		t.Helper()
		return do(t, in, token, outboxQ, map[string]any{"to": to}).nodeField(t, "emailMessages", "body")
	}

	t.Run("answers the same for anyone, and emails only an active team user of the tenant", func(t *testing.T) {
		request(t, "nobody", nil)
		request(t, "dev@example.com", nil) // a developer: the developer portal resets those
		request(t, "bob", nil)             // another tenant's user, asked on this tenant's host
		request(t, "bob", "unknown.example.com")
		if got := emails(t, in.Admin, "dev@example.com"); len(got) != 0 {
			t.Errorf("a developer was sent %d emails", len(got))
		}
		if got := emails(t, tokenB, "bob@example.com"); len(got) != 0 {
			t.Errorf("another tenant's user was sent %d emails", len(got))
		}
		// Whoever asks chooses the Host header; the link leads to the
		// tenant's admin console all the same.
		body, _ := json.Marshal(map[string]any{"query": requestResetQ, "variables": map[string]any{"login": "bob", "tenant": "b.example.com"}})
		req, _ := http.NewRequest(http.MethodPost, in.URL+"/graphql", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Host = "evil.example"
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		got := emails(t, tokenB, "bob@example.com")
		if len(got) != 1 {
			t.Fatalf("bob asked on his tenant: %d emails, want 1", len(got))
		}
		if m := regexp.MustCompile(`https?://([^/\s]+)/reset-password`).FindStringSubmatch(got[0]); m == nil || !strings.HasPrefix(m[1], "b.example.com") {
			t.Errorf("the link leads to %v, not to b.example.com's admin console:\n%s", m, got[0])
		}
		// A suspended tenant's users are sent nothing (past the minute
		// between two emails, so that only the tenant's state stops it).
		bob, err := c.User.Query().Where(user.Username("bob")).Only(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if err := bob.Update().SetPasswordResetExpiresAt(time.Now().Add(-time.Second)).Exec(ctx); err != nil {
			t.Fatal(err)
		}
		if err := c.Tenant.UpdateOneID(bob.TenantID).SetState(tenant.StateSUSPENDED).Exec(ctx); err != nil {
			t.Fatal(err)
		}
		request(t, "bob", "b.example.com")
		if err := c.Tenant.UpdateOneID(bob.TenantID).SetState(tenant.StateAPPROVED).Exec(ctx); err != nil {
			t.Fatal(err)
		}
		if got := emails(t, tokenB, "bob@example.com"); len(got) != 1 {
			t.Errorf("bob of a suspended tenant: %d emails, want still 1", len(got))
		}
		expectError(t, in, "", requestResetQ, map[string]any{"login": "  "}, "VALIDATION", "login")
	})

	var token string
	t.Run("one email a minute at most", func(t *testing.T) {
		request(t, "JANE@example.com", nil)
		request(t, "jane", nil)
		got := emails(t, in.Admin, "jane@example.com")
		if len(got) != 1 {
			t.Fatalf("%d emails after two requests within a minute, want 1", len(got))
		}
		m := resetLinkRE.FindStringSubmatch(got[0])
		if m == nil {
			t.Fatalf("no reset link in the email:\n%s", got[0])
		}
		token = m[1]
	})

	t.Run("a refused password changes nothing", func(t *testing.T) {
		before := dump(t, in)
		expectError(t, in, "", resetQ, map[string]any{"token": token, "pw": "short"}, "VALIDATION", "input.password")
		expectError(t, in, "", resetQ, map[string]any{"token": "0000", "pw": newPW}, "NOT_FOUND", "")
		if after := dump(t, in); after != before {
			t.Fatalf("the database changed:\n%s", diffLines(before, after))
		}
	})

	t.Run("the new password logs in, once, and ends the other logins", func(t *testing.T) {
		d := do(t, in, "", resetQ, map[string]any{"token": token, "pw": newPW})
		fresh := d.str(t, "resetPassword.accessToken")
		if me := do(t, in, fresh, meQ, nil); me.str(t, "viewer.user.username") != "jane" {
			t.Errorf("the reset's login is %v", me)
		}
		expectError(t, in, session, meQ, nil, "UNAUTHENTICATED", "")
		in.Login(t, "jane", newPW, "")
		if r := in.GraphQL(t, "", `mutation($pw: String!) { login(input: {login: "jane", password: $pw}) { accessToken } }`,
			map[string]any{"pw": oldPW}); len(r.Errors) == 0 {
			t.Error("the old password still logs in")
		}
		expectError(t, in, "", resetQ, map[string]any{"token": token, "pw": "Another-password-for-jane-3"}, "NOT_FOUND", "")
		// The audit log tells the link sent and the password changed, by name.
		log := do(t, in, in.Admin, `{ auditEntries(first: 50, objectType: "User") { edges { node { fields } } } }`, nil)
		var seen []string
		for _, e := range log.list(t, "auditEntries.edges") {
			for _, f := range e.(map[string]any)["node"].(map[string]any)["fields"].([]any) {
				seen = append(seen, f.(string))
			}
		}
		if !slices.Contains(seen, "password reset link") || !slices.Contains(seen, "password") || slices.Contains(seen, "password_reset_expires_at") {
			t.Errorf("audited user fields %v", seen)
		}
	})

	t.Run("an expired link is refused", func(t *testing.T) {
		u, err := c.User.Query().Where(user.Username("jane")).Only(ctx)
		if err != nil {
			t.Fatal(err)
		}
		// Past the minute between two emails, a new one is sent.
		if err := u.Update().SetPasswordResetExpiresAt(time.Now().Add(-time.Second)).Exec(ctx); err != nil {
			t.Fatal(err)
		}
		request(t, "jane", nil)
		got := emails(t, in.Admin, "jane@example.com")
		if len(got) != 2 {
			t.Fatalf("%d emails, want 2", len(got))
		}
		m := resetLinkRE.FindStringSubmatch(got[1])
		if m == nil || m[1] == token {
			t.Fatalf("no new link in the second email:\n%s", got[1])
		}
		if err := u.Update().SetPasswordResetExpiresAt(time.Now().Add(-time.Second)).Exec(ctx); err != nil {
			t.Fatal(err)
		}
		expectError(t, in, "", resetQ, map[string]any{"token": m[1], "pw": "Another-password-for-jane-3"}, "CONFLICT", "")
		in.Login(t, "jane", newPW, "")
	})
}
