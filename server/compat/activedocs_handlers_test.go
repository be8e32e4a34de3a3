package compat_test

import (
	"encoding/xml"
	"io"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"testing"

	porta "github.com/3scale/3scale-porta-go-client/client"

	"github.com/portico-apim/portico/ent/accesstoken"
	"github.com/portico-apim/portico/schema/viewer"
	"github.com/portico-apim/portico/server/apptest"
)

func spec(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile("../openapi/testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// hostTransport sends every request to the server with a fixed Host header:
// the tenant is chosen by it.
type hostTransport struct{ host string }

func (h hostTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Host = h.host
	return http.DefaultTransport.RoundTrip(r)
}

func portaClient(t *testing.T, g *gateway, token, host string) *porta.ThreeScaleClient {
	t.Helper()
	ap, err := porta.NewAdminPortalFromStr(g.in.URL)
	g.must(t, err)
	return porta.NewThreeScale(ap, token, &http.Client{Transport: hostTransport{host}})
}

func ptr[T any](v T) *T { return &v }

// TestActiveDocsWithThePortaClient drives the ActiveDocs endpoints with the
// unchanged 3scale porta-go-client v0.12.0: create (201), list, read,
// update, unbind from the product, delete.
func TestActiveDocsWithThePortaClient(t *testing.T) {
	g := newGateway(t)
	c := portaClient(t, g, g.token, g.tenant.AdminDomain)
	body := spec(t, "petstore-3.0.json")
	product := int64(g.product)

	created, err := c.CreateActiveDoc(&porta.ActiveDoc{Element: porta.ActiveDocItem{
		Name: ptr("Pets"), SystemName: ptr("pets"), Body: &body, Description: ptr("Pet store"),
		Published: ptr(true), ServiceID: &product,
	}})
	if err != nil {
		t.Fatalf("create: %v", err)
	}
	e := created.Element
	if e.ID == nil || *e.SystemName != "pets" || *e.Name != "Pets" || *e.Body != body || !*e.Published || *e.SkipSwaggerValidations ||
		e.ServiceID == nil || *e.ServiceID != product || *e.Description != "Pet store" || e.CreatedAt == nil {
		t.Fatalf("created %+v", e)
	}
	id := *e.ID

	list, err := c.ListActiveDocs()
	if err != nil || len(list.ActiveDocs) != 1 || *list.ActiveDocs[0].Element.ID != id {
		t.Fatalf("list: %+v %v", list, err)
	}
	read, err := c.ActiveDoc(id)
	if err != nil || *read.Element.Name != "Pets" {
		t.Fatalf("read: %+v %v", read, err)
	}

	yaml := spec(t, "petstore-3.1.yaml")
	updated, err := c.UpdateActiveDoc(&porta.ActiveDoc{Element: porta.ActiveDocItem{ID: &id, Name: ptr("Pets v2"), Body: &yaml, Published: ptr(false)}})
	if err != nil {
		t.Fatalf("update: %v", err)
	}
	if u := updated.Element; *u.Name != "Pets v2" || *u.Body != yaml || *u.Published || *u.SystemName != "pets" || u.ServiceID == nil {
		t.Fatalf("updated %+v", u)
	}
	unbound, err := c.UnbindActiveDocFromProduct(id)
	if err != nil || unbound.Element.ServiceID != nil {
		t.Fatalf("unbind: %+v %v", unbound, err)
	}

	// An invalid specification is refused with 3scale's error list.
	_, err = c.CreateActiveDoc(&porta.ActiveDoc{Element: porta.ActiveDocItem{Name: ptr("Broken"), Body: ptr(`{"openapi":"3.0.0"}`)}})
	if err == nil || !strings.Contains(err.Error(), "body") {
		t.Fatalf("invalid body: %v", err)
	}
	// Unless validations are skipped.
	raw, err := c.CreateActiveDoc(&porta.ActiveDoc{Element: porta.ActiveDocItem{Name: ptr("Raw notes"), Body: ptr("just text"), SkipSwaggerValidations: ptr(true)}})
	if err != nil || *raw.Element.SystemName != "Raw_notes" {
		t.Fatalf("skip validations: %+v %v", raw, err)
	}

	if err := c.DeleteActiveDoc(id); err != nil {
		t.Fatalf("delete: %v", err)
	}
	if _, err := c.ActiveDoc(id); err == nil {
		t.Fatal("read after delete succeeded")
	}
	if n, err := g.in.Client().ActiveDoc.Query().Count(g.ctx); err != nil || n != 1 {
		t.Fatalf("stored docs after delete: %d %v", n, err)
	}
}

// TestActiveDocsXMLAndForms speaks XML and form bodies, as 3scale's
// documentation and scripts do.
func TestActiveDocsXMLAndForms(t *testing.T) {
	g := newGateway(t)
	send := func(method, path string, form url.Values) answer {
		t.Helper()
		req, err := http.NewRequest(method, g.in.URL+path, strings.NewReader(form.Encode()))
		g.must(t, err)
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.SetBasicAuth(g.token, "")
		resp, err := http.DefaultClient.Do(req)
		g.must(t, err)
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return answer{resp.StatusCode, resp.Header, b}
	}
	body := spec(t, "petstore-2.0.yaml")
	a := send("POST", "/admin/api/active_docs.xml", url.Values{"api_docs_service[name]": {"Legacy"}, "api_docs_service[body]": {body},
		"api_docs_service[service_id]": {strconv.Itoa(g.product)}})
	if a.status != http.StatusCreated || !strings.HasPrefix(a.header.Get("Content-Type"), "application/xml") ||
		!strings.HasSuffix(a.header.Get("Location"), ".xml") {
		t.Fatalf("create: %d %v %s", a.status, a.header, a.body)
	}
	var doc struct {
		XMLName    xml.Name `xml:"api_doc"`
		ID         int      `xml:"id"`
		SystemName string   `xml:"system_name"`
		Name       string   `xml:"name"`
		Published  bool     `xml:"published"`
		Body       string   `xml:"body"`
		CreatedAt  string   `xml:"created_at"`
	}
	if err := xml.Unmarshal(a.body, &doc); err != nil || doc.Name != "Legacy" || doc.SystemName != "Legacy" || doc.Body != body || doc.Published || doc.CreatedAt == "" {
		t.Fatalf("created XML %s: %+v %v", a.body, doc, err)
	}
	path := "/admin/api/active_docs/" + strconv.Itoa(doc.ID)

	a = send("PUT", path+".xml", url.Values{"published": {"true"}})
	if a.status != http.StatusOK || !strings.Contains(string(a.body), "<published>true</published>") {
		t.Fatalf("publish: %d %s", a.status, a.body)
	}
	a = g.do(t, "GET", "/admin/api/active_docs.xml", g.token, "")
	var list struct {
		Docs []struct {
			ID int `xml:"id"`
		} `xml:"api_doc"`
	}
	if err := xml.Unmarshal(a.body, &list); err != nil || a.status != 200 || len(list.Docs) != 1 || list.Docs[0].ID != doc.ID ||
		!strings.Contains(string(a.body), "<api_docs>") {
		t.Fatalf("list XML: %d %s", a.status, a.body)
	}

	for _, tc := range []struct {
		name, method, path string
		form               url.Values
		status             int
		want               string
	}{
		{"invalid spec", "POST", "/admin/api/active_docs.xml", url.Values{"name": {"Bad"}, "body": {"swagger: '2.0'\n"}}, 422, "<error>Body is not a valid OpenAPI 2.0 document"},
		{"invalid spec json", "POST", "/admin/api/active_docs.json", url.Values{"name": {"Bad"}, "body": {"{"}}, 422, `{"errors":{"body":["is not an OpenAPI document`},
		{"no name", "POST", "/admin/api/active_docs.json", url.Values{"body": {body}}, 422, `{"errors":{"name":["can't be blank"]}}`},
		{"no attributes", "POST", "/admin/api/active_docs.json", url.Values{}, 400, "Required parameter missing: api_docs_service"},
		{"wrong wrapper", "POST", "/admin/api/active_docs.json", url.Values{"api_docs_service": {"5"}}, 422, "Wrong type for parameter: api_docs_service"},
		{"unknown service", "POST", "/admin/api/active_docs.json", url.Values{"name": {"X"}, "body": {body}, "service_id": {"999999"}}, 422, `{"error":"Service not found"}`},
		{"duplicate system name", "POST", "/admin/api/active_docs.json", url.Values{"name": {"Legacy"}, "body": {body}}, 422, `"system_name"`},
		{"bad boolean", "PUT", path + ".json", url.Values{"published": {"maybe"}}, 422, `{"errors":{"published":["must be true or false"]}}`},
		{"unknown id", "GET", "/admin/api/active_docs/999999.json", nil, 404, `{"status":"Not found"}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := send(tc.method, tc.path, tc.form)
			if a.status != tc.status || !strings.Contains(string(a.body), tc.want) {
				t.Fatalf("%d %s, want %d containing %s", a.status, a.body, tc.status, tc.want)
			}
		})
	}
	if n, err := g.in.Client().ActiveDoc.Query().Count(g.ctx); err != nil || n != 1 {
		t.Fatalf("refused calls stored documents: %d %v", n, err)
	}

	a = send("DELETE", path+".xml", nil)
	if a.status != http.StatusOK || len(a.body) != 0 {
		t.Fatalf("delete: %d %s", a.status, a.body)
	}
}

// TestActiveDocsTenancy: another tenant's token, on its own host, can
// neither read nor change the ActiveDocs of this one, nor bind its own to
// this tenant's product.
func TestActiveDocsTenancy(t *testing.T) {
	g := newGateway(t)
	body := spec(t, "petstore-3.0.json")
	mine, err := portaClient(t, g, g.token, g.tenant.AdminDomain).CreateActiveDoc(&porta.ActiveDoc{Element: porta.ActiveDocItem{Name: ptr("Mine"), Body: &body}})
	g.must(t, err)
	id := *mine.Element.ID

	g.in.NewTenant(t, "other-admin.example.com")
	otherTenant, err := g.in.Client().Tenant.Query().All(apptest.SystemContext())
	g.must(t, err)
	var otherID int
	for _, tn := range otherTenant {
		if tn.AdminDomain == "other-admin.example.com" {
			otherID = tn.ID
		}
	}
	token := newToken(t, g.in, otherID, accesstoken.PermissionRW, viewer.ScopeAccountManagement)
	other := portaClient(t, g, token, "other-admin.example.com")

	if list, err := other.ListActiveDocs(); err != nil || len(list.ActiveDocs) != 0 {
		t.Fatalf("other tenant lists %+v %v", list, err)
	}
	if _, err := other.ActiveDoc(id); err == nil {
		t.Fatal("other tenant reads")
	}
	if _, err := other.UpdateActiveDoc(&porta.ActiveDoc{Element: porta.ActiveDocItem{ID: &id, Name: ptr("taken")}}); err == nil {
		t.Fatal("other tenant updates")
	}
	if err := other.DeleteActiveDoc(id); err == nil {
		t.Fatal("other tenant deletes")
	}
	product := int64(g.product)
	if _, err := other.CreateActiveDoc(&porta.ActiveDoc{Element: porta.ActiveDocItem{Name: ptr("Theirs"), Body: &body, ServiceID: &product}}); err == nil ||
		!strings.Contains(err.Error(), "422") {
		t.Fatalf("other tenant binds to this product: %v", err)
	}
	// This tenant's token on the other tenant's host is refused.
	if _, err := portaClient(t, g, g.token, "other-admin.example.com").ActiveDoc(id); err == nil {
		t.Fatal("token used on another tenant's host")
	}
	got, err := portaClient(t, g, g.token, g.tenant.AdminDomain).ActiveDoc(id)
	if err != nil || *got.Element.Name != "Mine" {
		t.Fatalf("owner reads %+v %v", got, err)
	}
}
