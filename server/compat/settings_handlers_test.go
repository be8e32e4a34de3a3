package compat_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestSettingsPlanVisibility stores the switches that show account and
// service plans in the console, and reads them back.
func TestSettingsPlanVisibility(t *testing.T) {
	g := newGateway(t)
	read := func(method string, form url.Values) map[string]any {
		t.Helper()
		req, err := http.NewRequest(method, g.in.URL+"/admin/api/settings.json", strings.NewReader(form.Encode()))
		g.must(t, err)
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.SetBasicAuth(g.token, "")
		resp, err := http.DefaultClient.Do(req)
		g.must(t, err)
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("%s settings: %d %s", method, resp.StatusCode, b)
		}
		var out struct {
			Settings map[string]any `json:"settings"`
		}
		g.must(t, json.Unmarshal(b, &out))
		return out.Settings
	}
	s := read("GET", nil)
	if s["account_plans_ui_visible"] != false || s["service_plans_ui_visible"] != false {
		t.Fatalf("defaults: %v", s)
	}
	read("PUT", url.Values{"account_plans_ui_visible": {"true"}})
	s = read("GET", nil)
	if s["account_plans_ui_visible"] != true || s["service_plans_ui_visible"] != false {
		t.Fatalf("after showing account plans: %v", s)
	}
	read("PUT", url.Values{"service_plans_ui_visible": {"1"}, "account_plans_ui_visible": {"false"}})
	s = read("GET", nil)
	if s["account_plans_ui_visible"] != false || s["service_plans_ui_visible"] != true {
		t.Fatalf("after swapping: %v", s)
	}
}
