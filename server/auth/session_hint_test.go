package auth_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"testing"

	"github.com/portico-apim/portico/server/apptest"
)

// TestSessionHintCookie: the readable hint the console checks before
// asking /auth/refresh comes and goes with the httpOnly refresh cookie.
func TestSessionHintCookie(t *testing.T) {
	t.Parallel()
	in := apptest.Start(t)
	send := func(path string, body any, cookies []*http.Cookie) map[string]*http.Cookie {
		t.Helper()
		raw, _ := json.Marshal(body)
		req, err := http.NewRequest("POST", in.URL+path, bytes.NewReader(raw))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/json")
		for _, c := range cookies {
			req.AddCookie(c)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		if resp.StatusCode != http.StatusOK && resp.StatusCode != http.StatusNoContent {
			t.Fatalf("%s: %d", path, resp.StatusCode)
		}
		out := map[string]*http.Cookie{}
		for _, c := range resp.Cookies() {
			out[c.Name] = c
		}
		return out
	}
	set := send("/auth/login", map[string]string{"login": "admin", "password": apptest.AdminPassword}, nil)
	refresh, hint := set["portico_refresh"], set["portico_session"]
	if refresh == nil || !refresh.HttpOnly || refresh.Path != "/auth" {
		t.Fatalf("refresh cookie = %+v", refresh)
	}
	if hint == nil || hint.HttpOnly || hint.Path != "/" || hint.Value != "1" || hint.MaxAge != refresh.MaxAge {
		t.Fatalf("hint cookie = %+v, want a readable one for / lasting as long as the refresh cookie", hint)
	}
	cleared := send("/auth/logout", map[string]string{}, []*http.Cookie{{Name: "portico_refresh", Value: refresh.Value}})
	for _, name := range []string{"portico_refresh", "portico_session"} {
		if c := cleared[name]; c == nil || c.MaxAge >= 0 {
			t.Errorf("after logout %s = %+v, want it cleared", name, c)
		}
	}
}
