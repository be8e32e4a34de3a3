package compat_test

import (
	"encoding/json"
	"fmt"
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

// TestSettingsChangePlanPermissions stores 3scale's change-plan permissions of
// account and service plans, reports them lower case as 3scale does, and
// refuses a value outside the list without changing anything.
func TestSettingsChangePlanPermissions(t *testing.T) {
	g := newGateway(t)
	send := func(method string, form url.Values) (int, map[string]any) {
		t.Helper()
		req, err := http.NewRequest(method, g.in.URL+"/admin/api/settings.json", strings.NewReader(form.Encode()))
		g.must(t, err)
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.SetBasicAuth(g.token, "")
		resp, err := http.DefaultClient.Do(req)
		g.must(t, err)
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		var out map[string]any
		g.must(t, json.Unmarshal(b, &out))
		return resp.StatusCode, out
	}
	permissions := func(body map[string]any) [2]any {
		s, _ := body["settings"].(map[string]any)
		return [2]any{s["change_account_plan_permission"], s["change_service_plan_permission"]}
	}
	if code, body := send("GET", nil); code != http.StatusOK || permissions(body) != [2]any{"request", "request"} {
		t.Fatalf("defaults: %d %v", code, body)
	}
	code, body := send("PUT", url.Values{"change_account_plan_permission": {"direct"}, "change_service_plan_permission": {"request_credit_card"}})
	if code != http.StatusOK || permissions(body) != [2]any{"direct", "request_credit_card"} {
		t.Fatalf("after the change: %d %v", code, body)
	}
	code, body = send("PUT", url.Values{"change_account_plan_permission": {"sometimes"}, "change_service_plan_permission": {"none"}})
	if code != http.StatusUnprocessableEntity || !strings.Contains(fmt.Sprint(body), "change_account_plan_permission") {
		t.Fatalf("a value outside the list: %d %v", code, body)
	}
	if _, body := send("GET", nil); permissions(body) != [2]any{"direct", "request_credit_card"} {
		t.Fatalf("the refused change was stored: %v", body)
	}
}
