package auth_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/portico-apim/portico/ent/signingkey"
	"github.com/portico-apim/portico/ent/user"
	"github.com/portico-apim/portico/server/apptest"
)

// TestAuth covers logging in, refreshing and logging out over HTTP, the
// session tokens the server accepts, and how credentials are stored.
func TestAuth(t *testing.T) {
	t.Parallel()
	in := apptest.Start(t)

	t.Run("log in", func(t *testing.T) {
		for _, c := range []struct {
			name, login, password string
			status                int
			code, message         string
		}{
			{"by username", "admin", apptest.AdminPassword, 200, "", ""},
			{"by email", "admin@localhost", apptest.AdminPassword, 200, "", ""},
			{"wrong password", "admin", "Wr0ng-passw0rd!", 401, "UNAUTHENTICATED", "invalid login or password"},
			{"unknown user", "nobody", apptest.AdminPassword, 401, "UNAUTHENTICATED", "invalid login or password"},
			{"unknown email", "nobody@localhost", "Wr0ng-passw0rd!", 401, "UNAUTHENTICATED", "invalid login or password"},
			{"empty password", "admin", "", 422, "VALIDATION", ""},
		} {
			t.Run(c.name, func(t *testing.T) {
				status, body := post(t, in, "/auth/login", map[string]string{"login": c.login, "password": c.password})
				if status != c.status {
					t.Fatalf("status %d, want %d: %v", status, c.status, body)
				}
				if c.status == 200 {
					if !gqlWorks(t, in, body["access_token"].(string)) {
						t.Error("the access token of the login is refused")
					}
					return
				}
				e := body["error"].(map[string]any)
				if e["code"] != c.code || (c.message != "" && e["message"] != c.message) {
					t.Errorf("error %v, want %s %q", e, c.code, c.message)
				}
			})
		}
		// The GraphQL login answers unknown users and wrong passwords alike.
		const q = `mutation($l: String!, $p: String!) { login(input: {login: $l, password: $p}) { accessToken refreshToken } }`
		var msgs []string
		for _, l := range []string{"admin", "nobody"} {
			r := in.GraphQL(t, "", q, map[string]any{"l": l, "p": "Wr0ng-passw0rd!"})
			if len(r.Errors) != 1 || r.Errors[0].Code() != "UNAUTHENTICATED" {
				t.Fatalf("GraphQL login of %s with a wrong password: %+v", l, r.Errors)
			}
			msgs = append(msgs, r.Errors[0].Message)
		}
		if msgs[0] != msgs[1] {
			t.Errorf("wrong password says %q, unknown user says %q", msgs[0], msgs[1])
		}
		r := in.GraphQL(t, "", q, map[string]any{"l": "admin", "p": apptest.AdminPassword})
		if len(r.Errors) > 0 {
			t.Fatalf("GraphQL login: %+v", r.Errors)
		}
	})

	t.Run("refresh rotates the refresh token", func(t *testing.T) {
		first := login(t, in)
		second := refresh(t, in, first["refresh_token"], 200)
		if second["refresh_token"] == first["refresh_token"] || second["access_token"] == "" {
			t.Fatalf("refresh did not rotate: %v", second)
		}
		if !gqlWorks(t, in, second["access_token"]) {
			t.Error("the refreshed access token is refused")
		}
		third := refresh(t, in, second["refresh_token"], 200)

		// Presenting a rotated token means it was stolen or replayed: every
		// session of the user ends, including the newest.
		refresh(t, in, first["refresh_token"], 401)
		refresh(t, in, third["refresh_token"], 401)
		other := login(t, in)
		refresh(t, in, second["refresh_token"], 401) // replaying again ends the new login too
		refresh(t, in, other["refresh_token"], 401)
	})

	t.Run("logout revokes the session", func(t *testing.T) {
		s := login(t, in)
		status, _ := post(t, in, "/auth/logout", map[string]string{"refresh_token": s["refresh_token"]})
		if status != http.StatusNoContent {
			t.Fatalf("logout status %d", status)
		}
		refresh(t, in, s["refresh_token"], 401)
		refresh(t, in, "not-a-refresh-token", 401)
	})

	t.Run("session tokens", func(t *testing.T) {
		ctx := apptest.SystemContext()
		key := in.Client().SigningKey.Query().Order(signingkey.ByID()).FirstX(ctx)
		admin := in.Client().User.Query().Where(user.Username("admin")).FirstX(ctx)
		// A session of a live login, for the tokens to name.
		var live struct {
			SID float64 `json:"sid"`
		}
		payload, _ := base64.RawURLEncoding.DecodeString(strings.Split(login(t, in)["access_token"], ".")[1])
		if err := json.Unmarshal(payload, &live); err != nil || live.SID == 0 {
			t.Fatalf("the session token names no session: %s", payload)
		}
		claims := func(mod func(jwt.MapClaims)) jwt.MapClaims {
			now := time.Now()
			c := jwt.MapClaims{
				"tid": admin.TenantID, "sub": strconv.Itoa(admin.ID), "sid": live.SID, "iss": "portico", "aud": []string{"portico-admin"},
				"iat": now.Unix(), "nbf": now.Add(-time.Minute).Unix(), "exp": now.Add(10 * time.Minute).Unix(),
			}
			if mod != nil {
				mod(c)
			}
			return c
		}
		sign := func(method jwt.SigningMethod, c jwt.MapClaims, secret any) string {
			tok := jwt.NewWithClaims(method, c)
			tok.Header["kid"] = key.Kid
			s, err := tok.SignedString(secret)
			if err != nil {
				t.Fatal(err)
			}
			return s
		}
		valid := sign(jwt.SigningMethodHS256, claims(nil), key.Secret)
		if !gqlWorks(t, in, valid) {
			t.Fatal("a well-formed session token is refused; the cases below would prove nothing")
		}
		parts := strings.Split(valid, ".")
		for _, c := range []struct{ name, token string }{
			{"expired", sign(jwt.SigningMethodHS256, claims(func(c jwt.MapClaims) {
				c["exp"] = time.Now().Add(-time.Minute).Unix()
			}), key.Secret)},
			{"without expiry", sign(jwt.SigningMethodHS256, claims(func(c jwt.MapClaims) { delete(c, "exp") }), key.Secret)},
			{"tampered payload", parts[0] + "." + tamper(parts[1]) + "." + parts[2]},
			{"tampered signature", parts[0] + "." + parts[1] + "." + tamper(parts[2])},
			{"signed with another key", sign(jwt.SigningMethodHS256, claims(nil), []byte("another secret of thirty-two bytes"))},
			{"alg none", sign(jwt.SigningMethodNone, claims(nil), jwt.UnsafeAllowNoneSignatureType)},
			{"alg HS512", sign(jwt.SigningMethodHS512, claims(nil), key.Secret)},
			{"alg HS384", sign(jwt.SigningMethodHS384, claims(nil), key.Secret)},
			{"other issuer", sign(jwt.SigningMethodHS256, claims(func(c jwt.MapClaims) { c["iss"] = "evil" }), key.Secret)},
			{"other audience", sign(jwt.SigningMethodHS256, claims(func(c jwt.MapClaims) { c["aud"] = "portico-gateway" }), key.Secret)},
			{"not yet valid", sign(jwt.SigningMethodHS256, claims(func(c jwt.MapClaims) { c["nbf"] = time.Now().Add(time.Hour).Unix() }), key.Secret)},
			{"user of another tenant", sign(jwt.SigningMethodHS256, claims(func(c jwt.MapClaims) { c["tid"] = admin.TenantID + 1 }), key.Secret)},
			{"unknown user", sign(jwt.SigningMethodHS256, claims(func(c jwt.MapClaims) { c["sub"] = "68719476999" }), key.Secret)},
			{"without session", sign(jwt.SigningMethodHS256, claims(func(c jwt.MapClaims) { delete(c, "sid") }), key.Secret)},
			{"garbage with two dots", "a.b.c"},
		} {
			t.Run(c.name, func(t *testing.T) {
				in.ExpectError(t, c.token, `{ viewer { user { id } } }`, nil, "UNAUTHENTICATED")
			})
		}
	})

	t.Run("secrets are stored hashed", func(t *testing.T) {
		var d struct {
			CreateAccessToken struct{ Value string } `json:"createAccessToken"`
		}
		// A login of its own: replaying a refresh token above ended the
		// admin's other sessions.
		in.MustGraphQL(t, login(t, in)["access_token"], `mutation { createAccessToken(input: {name: "ci", scopes: [ACCOUNT_MANAGEMENT], permission: RW}) { value } }`, nil, &d)
		value := d.CreateAccessToken.Value
		if len(value) < 32 || !gqlWorks(t, in, value) {
			t.Fatalf("access token %q does not work", value)
		}
		s := login(t, in)
		for what, secret := range map[string]string{
			"access token value": value, "refresh token": s["refresh_token"], "admin password": apptest.AdminPassword,
		} {
			if where := findInDatabase(t, in, secret); where != "" {
				t.Errorf("the %s is stored in clear text (%s)", what, where)
			}
		}
		// Only the value authenticates, never the stored digest.
		var stored string
		if err := in.App.Store.DB.QueryRow(`SELECT token_hash FROM access_tokens WHERE name = 'ci'`).Scan(&stored); err != nil {
			t.Fatal(err)
		}
		in.ExpectError(t, stored, `{ viewer { user { id } } }`, nil, "UNAUTHENTICATED")
	})
}

func tamper(s string) string {
	b := []byte(s)
	i := len(b) / 2
	if b[i] == 'A' {
		b[i] = 'B'
	} else {
		b[i] = 'A'
	}
	return string(b)
}

func post(t *testing.T, in *apptest.Instance, path string, body any) (int, map[string]any) {
	t.Helper()
	raw, _ := json.Marshal(body)
	resp, err := http.Post(in.URL+path, "application/json", bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&out)
	return resp.StatusCode, out
}

func login(t *testing.T, in *apptest.Instance) map[string]string {
	t.Helper()
	status, body := post(t, in, "/auth/login", map[string]string{"login": "admin", "password": apptest.AdminPassword})
	if status != 200 {
		t.Fatalf("login: %d %v", status, body)
	}
	return map[string]string{"access_token": body["access_token"].(string), "refresh_token": body["refresh_token"].(string)}
}

func refresh(t *testing.T, in *apptest.Instance, token string, want int) map[string]string {
	t.Helper()
	status, body := post(t, in, "/auth/refresh", map[string]string{"refresh_token": token})
	if status != want {
		t.Fatalf("refresh: status %d, want %d: %v", status, want, body)
	}
	if status != 200 {
		if e, _ := body["error"].(map[string]any); e["code"] != "UNAUTHENTICATED" {
			t.Errorf("refresh refused with %v, want UNAUTHENTICATED", body)
		}
		return nil
	}
	return map[string]string{"access_token": body["access_token"].(string), "refresh_token": body["refresh_token"].(string)}
}

// gqlWorks reports whether token is accepted for a query.
func gqlWorks(t *testing.T, in *apptest.Instance, token string) bool {
	t.Helper()
	r := in.GraphQL(t, token, `{ viewer { user { username } } }`, nil)
	return len(r.Errors) == 0 && strings.Contains(string(r.Data), `"admin"`)
}

// findInDatabase returns the table and column holding s anywhere, or "".
func findInDatabase(t *testing.T, in *apptest.Instance, s string) string {
	t.Helper()
	db := in.App.Store.DB
	q := `SELECT name FROM sqlite_master WHERE type = 'table'`
	if in.App.Store.IsPostgres() {
		q = `SELECT tablename FROM pg_tables WHERE schemaname = current_schema()`
	}
	rows, err := db.Query(q)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var name string
		_ = rows.Scan(&name)
		tables = append(tables, name)
	}
	rows.Close()
	for _, table := range tables {
		rows, err := db.Query(`SELECT * FROM "` + table + `"`)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		for rows.Next() {
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			for i, v := range vals {
				if b, ok := v.([]byte); ok {
					v = string(b)
				}
				if strings.Contains(fmt.Sprint(v), s) {
					rows.Close()
					return table + "." + cols[i]
				}
			}
		}
		rows.Close()
	}
	return ""
}
