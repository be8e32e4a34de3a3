package auth_test

import (
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/portico-apim/portico/server/apptest"
)

// TestLogoutEndsAccessTokens checks that logging out refuses the login's
// access tokens with the very next request, those issued before a refresh
// included, and leaves other logins alone.
func TestLogoutEndsAccessTokens(t *testing.T) {
	t.Parallel()
	in := apptest.Start(t)
	first := login(t, in)
	// Another tab refreshes: both access tokens of the login are good.
	second := refresh(t, in, first["refresh_token"], 200)
	other := login(t, in)
	for _, tok := range []string{first["access_token"], second["access_token"], other["access_token"]} {
		if !gqlWorks(t, in, tok) {
			t.Fatal("a fresh access token is refused; the checks below would prove nothing")
		}
	}
	if status, _ := post(t, in, "/auth/logout", map[string]string{"refresh_token": second["refresh_token"]}); status != http.StatusNoContent {
		t.Fatalf("logout status %d", status)
	}
	for name, tok := range map[string]string{"the login's access token": second["access_token"], "its access token before the refresh": first["access_token"]} {
		e := in.ExpectError(t, tok, `{ viewer { user { id } } }`, nil, "UNAUTHENTICATED")
		if !strings.Contains(e.Message, "session has ended") {
			t.Errorf("%s refused with %q", name, e.Message)
		}
	}
	refresh(t, in, second["refresh_token"], 401)
	if r := in.GraphQL(t, other["access_token"], `{ viewer { user { username } } }`, nil); len(r.Errors) > 0 {
		t.Errorf("logging out ended another login: %+v", r.Errors)
	}

	// A restarted server still refuses the ended login's tokens: it reads
	// the ended sessions from the database.
	in.Stop(t)
	again := apptest.StartWith(t, in.Cfg)
	again.ExpectError(t, second["access_token"], `{ viewer { user { id } } }`, nil, "UNAUTHENTICATED")
	if !gqlWorks(t, again, other["access_token"]) {
		t.Error("after a restart, a live login's access token is refused")
	}
}

// TestPasswordChangeEndsOtherSessions checks that changing a password logs
// out every other session of the user at once, and keeps the one that
// changed it; and that weak passwords are refused, naming the field.
func TestPasswordChangeEndsOtherSessions(t *testing.T) {
	t.Parallel()
	in := apptest.Start(t)
	const create = `mutation($p: String) { createUser(input: {username: "alice", email: "alice@example.com", role: ADMIN}, password: $p) { id } }`
	for _, weak := range []string{"short-Pw1!", "password", "12345678", "qwertyuiop12", "Password2024!"} {
		e := in.ExpectError(t, in.Admin, create, map[string]any{"p": weak}, "VALIDATION")
		if e.Extensions["field"] != "password" {
			t.Errorf("weak password %q refused for field %v", weak, e.Extensions["field"])
		}
	}
	const pw = "Alice-first-passw0rd"
	in.MustGraphQL(t, in.Admin, create, map[string]any{"p": pw}, nil)
	in.MustGraphQL(t, in.Admin, `mutation($id: ID!) { activateUser(id: $id) { id } }`, map[string]any{"id": aliceID(t, in)}, nil)

	sessionOf := func() map[string]string {
		status, body := post(t, in, "/auth/login", map[string]string{"login": "alice", "password": pw})
		if status != 200 {
			t.Fatalf("login: %d %v", status, body)
		}
		return map[string]string{"access_token": body["access_token"].(string), "refresh_token": body["refresh_token"].(string)}
	}
	current, other := sessionOf(), sessionOf()
	const change = `mutation($c: String!, $n: String!) { changePassword(input: {currentPassword: $c, newPassword: $n}) }`
	for _, weak := range []string{"password", "Alice-pw"} {
		e := in.ExpectError(t, current["access_token"], change, map[string]any{"c": pw, "n": weak}, "VALIDATION")
		if f, _ := e.Extensions["field"].(string); !strings.Contains(strings.ToLower(f), "newpassword") && f != "new_password" {
			t.Errorf("weak new password %q refused for field %v", weak, e.Extensions["field"])
		}
	}
	if r := in.GraphQL(t, other["access_token"], `{ viewer { user { username } } }`, nil); len(r.Errors) > 0 {
		t.Fatalf("a refused change ended a session: %+v", r.Errors)
	}
	in.MustGraphQL(t, current["access_token"], change, map[string]any{"c": pw, "n": "Alice-second-passw0rd"}, nil)
	in.ExpectError(t, other["access_token"], `{ viewer { user { id } } }`, nil, "UNAUTHENTICATED")
	refresh(t, in, other["refresh_token"], 401)
	if r := in.GraphQL(t, current["access_token"], `{ viewer { user { username } } }`, nil); len(r.Errors) > 0 {
		t.Errorf("the session that changed the password was ended: %+v", r.Errors)
	}
	refresh(t, in, current["refresh_token"], 200)
}

func aliceID(t *testing.T, in *apptest.Instance) string {
	t.Helper()
	var d struct {
		Users struct {
			Edges []struct {
				Node struct{ ID, Username string }
			}
		}
	}
	in.MustGraphQL(t, in.Admin, `{ users(first: 50) { edges { node { id username } } } }`, nil, &d)
	for _, e := range d.Users.Edges {
		if e.Node.Username == "alice" {
			return e.Node.ID
		}
	}
	t.Fatal("alice not found")
	return ""
}

// TestLogoutAcrossReplicas runs two servers on one PostgreSQL database and
// Redis: a logout on one makes the other refuse the login's access token
// within a short, bounded time.
func TestLogoutAcrossReplicas(t *testing.T) {
	if os.Getenv("PORTICO_TEST_DATABASE_URL") == "" {
		t.Skip("replicas share PostgreSQL: set PORTICO_TEST_DATABASE_URL")
	}
	t.Parallel()
	a := apptest.Start(t)
	cfg := a.Cfg
	cfg.DataDir = t.TempDir()
	b := apptest.StartWith(t, cfg)
	s := login(t, a)
	if !gqlWorks(t, b, s["access_token"]) {
		t.Fatal("the other replica refuses a fresh access token")
	}
	if status, _ := post(t, a, "/auth/logout", map[string]string{"refresh_token": s["refresh_token"]}); status != http.StatusNoContent {
		t.Fatalf("logout status %d", status)
	}
	a.ExpectError(t, s["access_token"], `{ viewer { user { id } } }`, nil, "UNAUTHENTICATED")
	start := time.Now()
	deadline := start.Add(10 * time.Second)
	for {
		r := b.GraphQL(t, s["access_token"], `{ viewer { user { id } } }`, nil)
		if len(r.Errors) == 1 && r.Errors[0].Code() == "UNAUTHENTICATED" {
			t.Logf("the other replica refused the token %s after the logout answered", time.Since(start).Round(time.Millisecond))
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the other replica still accepts the access token 10s after the logout: %+v", r.Errors)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
