package compat_test

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/portico-apim/portico/ent/accesstoken"
	"github.com/portico-apim/portico/ent/tenant"
	"github.com/portico-apim/portico/schema/viewer"
	"github.com/portico-apim/portico/server/apptest"
)

// TestBillingAPI drives an invoice through the Billing API (§2.13) with the
// representations of §3.17: created by hand, charged and credited, issued
// through PUT …/state, refused where the state machine says no, listed with
// its filters and pagination, its PDF downloaded; the finance module, the
// finance scope and tenancy guard every call.
func TestBillingAPI(t *testing.T) {
	a := newRestAPI(t)
	ctx := apptest.SystemContext()
	client := a.in.Client()
	finance := newToken(t, a.in, a.tenant.ID, accesstoken.PermissionRW, viewer.ScopeFinance)
	call := func(status int, method, path string, body any) answer {
		t.Helper()
		ans := a.call(t, method, path, finance, "", body)
		if ans.status != status {
			t.Fatalf("%s %s: %d %s, want %d", method, path, ans.status, ans.body, status)
		}
		return ans
	}
	doc := func(ans answer) map[string]any {
		t.Helper()
		var out map[string]any
		if err := json.Unmarshal(ans.body, &out); err != nil {
			t.Fatalf("%v in %s", err, ans.body)
		}
		return out
	}

	// The finance module is off until the tenant turns it on.
	if ans := call(403, "GET", "/api/invoices.xml", nil); !strings.Contains(string(ans.body), "Finance module not enabled") {
		t.Fatalf("finance off: %s", ans.body)
	}
	client.BillingSettings.Create().SetTenantID(a.tenant.ID).SetFinanceEnabled(true).SetCurrency("EUR").SaveX(ctx)
	buyer := client.Account.Create().SetTenantID(a.tenant.ID).SetOrgName("Buyer Ltd").SetVatRate(decimal.RequireFromString("10")).
		SetBillingAddressParts(map[string]string{"address1": "1 Main Street", "city": "Lyon", "country": "France"}).SaveX(ctx)
	other := client.Account.Create().SetTenantID(a.tenant.ID).SetOrgName("Other Co").SaveX(ctx)

	// A token without the finance scope is refused.
	if ans := a.call(t, "GET", "/api/invoices.json", a.token, "", nil); ans.status != 403 {
		t.Fatalf("account_management token: %d %s", ans.status, ans.body)
	}

	month := time.Now().UTC().Format("2006-01")
	created := call(201, "POST", "/api/invoices.xml", url.Values{"account_id": {fmt.Sprint(buyer.ID)}, "period": {month}})
	var x struct {
		XMLName      xml.Name `xml:"invoice"`
		Version      string   `xml:"version,attr"`
		ID           int      `xml:"id"`
		State        string   `xml:"state"`
		CreationType string   `xml:"creation_type"`
		FriendlyID   string   `xml:"friendly_id"`
		From         string   `xml:"period>from"`
		Buyer        struct {
			ID      int    `xml:"id"`
			OrgName string `xml:"org_name"`
			City    string `xml:"city"`
		} `xml:"buyer"`
		Lines []struct {
			Name string `xml:"name"`
		} `xml:"line-items>line-item"`
	}
	if err := xml.Unmarshal(created.body, &x); err != nil {
		t.Fatalf("%v in %s", err, created.body)
	}
	if x.Version != "1.0" || x.State != "open" || x.CreationType != "manual" || x.From != month+"-01" ||
		x.Buyer.ID != buyer.ID || x.Buyer.OrgName != "Buyer Ltd" || x.Buyer.City != "Lyon" || len(x.Lines) != 0 {
		t.Fatalf("created invoice: %+v\n%s", x, created.body)
	}
	id := x.ID
	base := fmt.Sprintf("/api/invoices/%d", id)

	// A charge and a credit; bad line items change nothing.
	line := doc(call(201, "POST", base+"/line_items.json", url.Values{"name": {"Consulting"}, "cost": {"120"}, "quantity": {"2"}}))["line_item"].(map[string]any)
	if line["name"] != "Consulting" || line["cost"] != 120.0 || line["quantity"] != 2.0 {
		t.Fatalf("line item: %v", line)
	}
	credit := doc(call(201, "POST", base+"/line_items.json", map[string]any{"line_item": map[string]any{"name": "Goodwill", "cost": "-20"}}))["line_item"].(map[string]any)
	for _, bad := range []url.Values{{"cost": {"5"}}, {"name": {"x"}}, {"name": {"x"}, "cost": {"1.23456"}}, {"name": {"x"}, "cost": {"1"}, "type": {"LineItem::Bogus"}}} {
		if ans := a.call(t, "POST", base+"/line_items.json", finance, "", bad); ans.status != 422 {
			t.Errorf("line item %v: %d %s, want 422", bad, ans.status, ans.body)
		}
	}
	lines := call(200, "GET", base+"/line_items.xml", nil)
	if !strings.Contains(string(lines.body), "<line_items><line-item>") || strings.Count(string(lines.body), "<line-item>") != 2 {
		t.Fatalf("line items XML: %s", lines.body)
	}
	call(200, "DELETE", fmt.Sprintf("%s/line_items/%d.json", base, int(credit["id"].(float64))), nil)

	inv := doc(call(200, "GET", base+".json", nil))["invoice"].(map[string]any)
	if inv["cost_without_vat"] != 120.0 || inv["vat_rate"] != 10.0 || inv["vat_amount"] != 12.0 || inv["cost"] != 132.0 || inv["currency"] != "EUR" {
		t.Fatalf("totals: %v", inv)
	}
	period := inv["period"].(map[string]any)
	if period["begin"] != month+"-01" || !strings.HasPrefix(period["end"].(string), month+"-") {
		t.Fatalf("period: %v", period)
	}

	// Issue through the state endpoint; the state machine refuses the rest.
	issued := doc(call(200, "PUT", base+"/state.json", url.Values{"state": {"pending"}}))["invoice"].(map[string]any)
	if issued["state"] != "pending" || issued["issued_on"] == "" || issued["due_on"] == "" {
		t.Fatalf("issued: %v", issued)
	}
	if ans := a.call(t, "PUT", base+"/state.json", finance, "", url.Values{"state": {"finalized"}}); ans.status != 422 || !strings.Contains(string(ans.body), "Cannot transition to finalized") {
		t.Fatalf("finalize an issued invoice: %d %s", ans.status, ans.body)
	}
	if ans := a.call(t, "PUT", base+"/state.json", finance, "", url.Values{"state": {"archived"}}); ans.status != 422 {
		t.Fatalf("unknown state: %d %s", ans.status, ans.body)
	}
	if ans := a.call(t, "POST", base+"/line_items.json", finance, "", url.Values{"name": {"Late"}, "cost": {"1"}}); ans.status != 422 {
		t.Fatalf("line item on an issued invoice: %d %s", ans.status, ans.body)
	}
	pdf := call(200, "GET", base+".pdf", nil)
	if pdf.header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(string(pdf.body), "%PDF-") {
		t.Fatalf("pdf: %s %q", pdf.header.Get("Content-Type"), pdf.body[:min(len(pdf.body), 16)])
	}
	if again := call(200, "GET", base+".pdf", nil); string(again.body) != string(pdf.body) {
		t.Fatal("a second download differs from the stored PDF")
	}

	// Lists: filters, pagination element, the account's own invoices.
	call(201, "POST", "/api/invoices.json", url.Values{"account_id": {fmt.Sprint(other.ID)}})
	list := call(200, "GET", "/api/invoices.xml?state=pending", nil)
	if !strings.HasPrefix(string(list.body), `<?xml version="1.0" encoding="UTF-8"?><invoices version="1.0"><pagination total_pages="1" current_page="1" per_page="20" total_entries="1"></pagination><invoice version="1.0">`) {
		t.Fatalf("pending invoices: %s", list.body)
	}
	if got := doc(call(200, "GET", fmt.Sprintf("/api/accounts/%d/invoices.json", other.ID), nil))["invoices"].([]any); len(got) != 1 {
		t.Fatalf("other's invoices: %v", got)
	}
	if got := doc(call(200, "GET", "/api/invoices.json?per_page=1&page=2", nil)); len(got["invoices"].([]any)) != 1 || got["metadata"].(map[string]any)["total_entries"] != 2.0 {
		t.Fatalf("second page: %v", got)
	}
	call(404, "GET", fmt.Sprintf("/api/accounts/%d/invoices/%d.json", other.ID, id), nil)
	call(422, "GET", "/api/invoices.json?month=March", nil)
	call(422, "GET", "/api/invoices.json?state=lost", nil)
	call(422, "POST", "/api/invoices.json", url.Values{"account_id": {fmt.Sprint(buyer.ID)}, "period": {"2026-13"}})
	call(422, "PUT", base+".json", url.Values{"friendly_id": {"2026-3-1"}})

	// Another tenant, finance on, sees none of it.
	a.in.NewTenant(t, "billing-other.example.com")
	otherTenant := client.Tenant.Query().Where(tenant.AdminDomain("billing-other.example.com")).OnlyX(ctx)
	client.BillingSettings.Create().SetTenantID(otherTenant.ID).SetFinanceEnabled(true).SaveX(ctx)
	theirs := newToken(t, a.in, otherTenant.ID, accesstoken.PermissionRW, viewer.ScopeFinance)
	for _, c := range []struct{ method, path string }{{"GET", base + ".json"}, {"GET", base + ".pdf"}, {"GET", base + "/line_items.json"}, {"PUT", base + "/state.json"}} {
		if ans := a.call(t, c.method, c.path, theirs, "billing-other.example.com", url.Values{"state": {"paid"}}); ans.status != 404 {
			t.Errorf("other tenant %s %s: %d %s", c.method, c.path, ans.status, ans.body)
		}
	}
	if ans := a.call(t, "GET", "/api/invoices.json", theirs, "billing-other.example.com", nil); !strings.Contains(string(ans.body), `"invoices":[]`) {
		t.Errorf("other tenant lists: %s", ans.body)
	}
	if ans := a.call(t, "POST", "/api/invoices.json", theirs, "billing-other.example.com", url.Values{"account_id": {fmt.Sprint(buyer.ID)}}); ans.status != 404 {
		t.Errorf("other tenant invoices this tenant's account: %d %s", ans.status, ans.body)
	}
	if ans := a.call(t, "GET", base+".json", finance, a.tenant.AdminDomain, nil); ans.status != 200 || !strings.Contains(string(ans.body), `"state":"pending"`) {
		t.Errorf("after the other tenant's attempts: %d %s", ans.status, ans.body)
	}
}
