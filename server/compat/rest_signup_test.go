package compat_test

import (
	"encoding/xml"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"testing"

	"github.com/portico-apim/portico/ent/accesstoken"
	"github.com/portico-apim/portico/ent/tenant"
	"github.com/portico-apim/portico/schema/viewer"
	"github.com/portico-apim/portico/server/apptest"
)

// signupXML is what TestSignupContracts reads of a signup's XML answer.
type signupXML struct {
	ID    int    `xml:"id"`
	State string `xml:"state"`
	Users []struct {
		State string `xml:"state"`
	} `xml:"users>user"`
	Plans []struct {
		ID   int    `xml:"id"`
		Type string `xml:"type"`
	} `xml:"plans>plan"`
	Applications []struct {
		ID          int    `xml:"id"`
		Name        string `xml:"name"`
		Description string `xml:"description"`
		ServiceID   int    `xml:"service_id"`
		Plan        struct {
			ID int `xml:"id"`
		} `xml:"plan"`
	} `xml:"applications>application"`
}

// TestSignupContracts: the Account Management API's signup contracts the
// new account as 3scale's does (spec §2.1): the service and application
// plans given, each product's default plans otherwise, an application named
// "API signup" per application plan, listed with the plans in the XML
// answer. A plan that is unknown, of another kind, another tenant's or an
// application's custom plan is refused and nothing is stored.
func TestSignupContracts(t *testing.T) {
	a := newRestAPI(t)
	f := a.build(t)
	svc := fmt.Sprintf("/admin/api/services/%d", f.product)
	support := idOf(t, a.want(t, 201, "POST", svc+"/service_plans.json", url.Values{"name": {"Support"}}), "service_plan")
	gold := idOf(t, a.want(t, 201, "POST", svc+"/application_plans.json", url.Values{"name": {"Gold"}, "state_event": {"publish"}}), "application_plan")
	a.want(t, 200, "PUT", fmt.Sprintf("%s/application_plans/%d/default.json", svc, f.plan), nil)

	signup := func(t *testing.T, org string, extra url.Values) signupXML {
		t.Helper()
		body := url.Values{"org_name": {org}, "username": {org}, "email": {org + "@example.test"}, "password": {"Sup3r-secret-pw"}}
		for k, v := range extra {
			body[k] = v
		}
		ans := a.call(t, "POST", "/admin/api/signup.xml", a.token, "", body)
		if ans.status != http.StatusCreated {
			t.Fatalf("signup: %d %s", ans.status, ans.body)
		}
		var doc signupXML
		if err := xml.Unmarshal(ans.body, &doc); err != nil {
			t.Fatalf("signup: %v\n%s", err, ans.body)
		}
		return doc
	}
	// subscribed returns the service plan of the account's subscription to
	// the fixture's product.
	subscribed := func(t *testing.T, account int) int {
		t.Helper()
		list := a.want(t, 200, "GET", fmt.Sprintf("/admin/api/accounts/%d/service_subscriptions.json", account), nil)
		plan := 0
		for _, item := range list["service_subscriptions"].([]any) {
			s := item.(map[string]any)["service_subscription"].(map[string]any)
			if int(s["service_id"].(float64)) == f.product {
				if plan != 0 {
					t.Fatalf("two subscriptions to product %d: %v", f.product, list)
				}
				plan = int(s["plan_id"].(float64))
			}
		}
		return plan
	}
	appOn := func(doc signupXML, product int) (int, string, string) {
		for _, app := range doc.Applications {
			if app.ServiceID == product {
				return app.Plan.ID, app.Name, app.Description
			}
		}
		return 0, "", ""
	}
	planTypes := func(doc signupXML) map[int]string {
		out := map[int]string{}
		for _, p := range doc.Plans {
			out[p.ID] = p.Type
		}
		return out
	}

	t.Run("default plans", func(t *testing.T) {
		doc := signup(t, "initech", nil)
		plan, name, desc := appOn(doc, f.product)
		if plan != f.plan || name != "API signup" || desc != "API signup" {
			t.Errorf("application on product %d: plan %d (want the default %d), %q, %q", f.product, plan, f.plan, name, desc)
		}
		// The tenant's first product has a default application plan too.
		if len(doc.Applications) != 2 {
			t.Errorf("%d applications, want one per product: %+v", len(doc.Applications), doc.Applications)
		}
		sp := subscribed(t, doc.ID)
		if sp == 0 || sp == support {
			t.Errorf("subscribed to service plan %d, want the product's default (not Support %d)", sp, support)
		}
		types := planTypes(doc)
		if types[f.plan] != "application_plan" || types[sp] != "service_plan" || !slices.Contains(mapValues(types), "account_plan") {
			t.Errorf("plans of the answer %v lack the account plan, service plan %d or application plan %d", types, sp, f.plan)
		}
	})

	states := func(doc signupXML) string {
		out := doc.State
		for _, u := range doc.Users {
			out += " " + u.State
		}
		return out
	}
	t.Run("approval", func(t *testing.T) {
		// 3scale's rule: approved at once only with a password on an
		// account plan that needs no approval.
		strict := idOf(t, a.want(t, 201, "POST", "/admin/api/account_plans.json", url.Values{"name": {"Vetted"},
			"approval_required": {"true"}, "state_event": {"publish"}}), "account_plan")
		withPassword := signup(t, "umbrella", nil)
		if got := states(withPassword); got != "approved active" {
			t.Errorf("with a password: account and user %q, want approved active", got)
		}
		noPassword := signup(t, "cyberdyne", url.Values{"password": {""}})
		if got := states(noPassword); got != "created pending" {
			t.Errorf("without a password: account and user %q, want created pending", got)
		}
		vetted := signup(t, "tyrell", url.Values{"account_plan_id": {itoa(strict)}})
		if got := states(vetted); got != "created pending" {
			t.Errorf("on a plan that requires approval: account and user %q, want created pending", got)
		}
		// Waiting accounts still get their contracts, as in 3scale.
		if len(noPassword.Applications) != 2 || len(vetted.Applications) != 2 {
			t.Errorf("waiting accounts have %d and %d applications, want 2", len(noPassword.Applications), len(vetted.Applications))
		}
		a.want(t, 200, "PUT", fmt.Sprintf("/admin/api/accounts/%d/approve.json", vetted.ID), nil)
	})

	t.Run("chosen plans", func(t *testing.T) {
		doc := signup(t, "hooli", url.Values{"service_plan_id": {itoa(support)}, "application_plan_id": {itoa(gold)}})
		if plan, name, _ := appOn(doc, f.product); plan != gold || name != "API signup" {
			t.Errorf("application on product %d: plan %d %q, want Gold %d", f.product, plan, name, gold)
		}
		if sp := subscribed(t, doc.ID); sp != support {
			t.Errorf("subscribed to service plan %d, want Support %d", sp, support)
		}
		if types := planTypes(doc); types[gold] != "application_plan" || types[support] != "service_plan" {
			t.Errorf("plans of the answer %v lack Support %d or Gold %d", types, support, gold)
		}
		if _, ok := planTypes(doc)[f.plan]; ok {
			t.Errorf("the default plan %d was contracted beside the chosen one", f.plan)
		}
	})

	t.Run("the accounts list carries each account's own plans and users", func(t *testing.T) {
		ans := a.call(t, "GET", "/admin/api/accounts.xml", a.token, "", nil)
		var list struct {
			Accounts []struct {
				OrgName string `xml:"org_name"`
				Plans   []struct {
					ID int `xml:"id"`
				} `xml:"plans>plan"`
				Users []struct {
					Username string `xml:"username"`
				} `xml:"users>user"`
			} `xml:"account"`
		}
		if err := xml.Unmarshal(ans.body, &list); ans.status != 200 || err != nil {
			t.Fatalf("%d %v %s", ans.status, err, ans.body)
		}
		seen := 0
		for _, acc := range list.Accounts {
			var plans []int
			for _, p := range acc.Plans {
				plans = append(plans, p.ID)
			}
			switch acc.OrgName {
			case "initech", "hooli":
				seen++
				if len(acc.Users) != 1 || acc.Users[0].Username != acc.OrgName {
					t.Errorf("%s lists users %+v", acc.OrgName, acc.Users)
				}
				mine, other := f.plan, gold
				if acc.OrgName == "hooli" {
					mine, other = gold, f.plan
				}
				if !slices.Contains(plans, mine) || slices.Contains(plans, other) {
					t.Errorf("%s lists plans %v: want %d, not %d", acc.OrgName, plans, mine, other)
				}
			}
		}
		if seen != 2 {
			t.Errorf("the list holds %d of the two signed-up accounts: %s", seen, ans.body)
		}
	})

	a.in.NewTenant(t, "tenant-b.test")
	tb, err := a.in.Client().Tenant.Query().Where(tenant.AdminDomain("tenant-b.test")).Only(apptest.SystemContext())
	if err != nil {
		t.Fatal(err)
	}
	tokenB := newToken(t, a.in, tb.ID, accesstoken.PermissionRW, viewer.ScopeAccountManagement)
	mineB := func(path string, body url.Values) int {
		ans := a.call(t, "POST", path, tokenB, "tenant-b.test", body)
		if ans.status != 201 {
			t.Fatalf("tenant B, POST %s: %d %s", path, ans.status, ans.body)
		}
		return xmlID(t, ans.body)
	}
	svcB := mineB("/admin/api/services.xml", url.Values{"name": {"B's API"}})
	planB := mineB(fmt.Sprintf("/admin/api/services/%d/application_plans.xml", svcB), url.Values{"name": {"B's plan"}})
	custom := a.want(t, 200, "PUT", fmt.Sprintf("/admin/api/accounts/%d/applications/%d/customize_plan.json", f.account, f.app), nil)
	customID := idOf(t, custom, "application_plan")

	for _, c := range []struct {
		name   string
		params url.Values
		status int
	}{
		{"unknown application plan", url.Values{"application_plan_id": {"999999999"}}, 404},
		{"unknown service plan", url.Values{"service_plan_id": {"999999999"}}, 404},
		{"an application plan as the service plan", url.Values{"service_plan_id": {itoa(gold)}}, 404},
		{"a service plan as the application plan", url.Values{"application_plan_id": {itoa(support)}}, 404},
		{"another tenant's plan", url.Values{"application_plan_id": {itoa(planB)}}, 404},
		{"an application's custom plan", url.Values{"application_plan_id": {itoa(customID)}}, 422},
		{"a plan id that is not a number", url.Values{"application_plan_id": {"gold"}}, 422},
	} {
		t.Run(c.name, func(t *testing.T) {
			before := snapshot(t, a.in)
			body := url.Values{"org_name": {"Refused"}, "username": {"refused"}, "email": {"refused@example.test"}, "password": {"Sup3r-secret-pw"}}
			for k, v := range c.params {
				body[k] = v
			}
			ans := a.call(t, "POST", "/admin/api/signup.json", a.token, "", body)
			if ans.status != c.status {
				t.Errorf("%d %s, want %d", ans.status, ans.body, c.status)
			}
			if snapshot(t, a.in) != before {
				t.Error("a refused signup stored something")
			}
		})
	}
}

func mapValues(m map[int]string) []string {
	out := make([]string, 0, len(m))
	for _, v := range m {
		out = append(out, v)
	}
	return out
}

// xmlID reads the id element of an XML answer's root.
func xmlID(t *testing.T, body []byte) int {
	t.Helper()
	var doc struct {
		ID int `xml:"id"`
	}
	if err := xml.Unmarshal(body, &doc); err != nil || doc.ID == 0 {
		t.Fatalf("no id in %s (%v)", body, err)
	}
	return doc.ID
}
