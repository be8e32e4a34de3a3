package app_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"github.com/portico-apim/portico/server/apptest"
)

// TestClearIntegrationErrors reports a bad transaction through the Service
// Management API, finds it in the product's integration error log, and
// clears the log; another tenant can neither read nor clear it.
func TestClearIntegrationErrors(t *testing.T) {
	in := apptest.Start(t)
	p := provision(t, in, 100000)
	count := func(token string) (int, []apptest.GQLError) {
		r := in.GraphQL(t, token, `query($p: ID!) { integrationErrors(where: {productID: $p}) { totalCount } }`, map[string]any{"p": p.productID})
		var d struct{ IntegrationErrors struct{ TotalCount int } }
		if len(r.Errors) == 0 {
			if err := json.Unmarshal(r.Data, &d); err != nil {
				t.Fatal(err)
			}
		}
		return d.IntegrationErrors.TotalCount, r.Errors
	}

	report := url.Values{"service_token": {p.serviceToken}, "service_id": {p.productID},
		"transactions[0][user_key]": {p.userKey}, "transactions[0][usage][nope]": {"1"}}
	eventually(t, "a report naming an unknown metric reaches the integration error log", func() error {
		res, err := http.PostForm(in.URL+"/transactions.xml", report)
		if err != nil {
			return err
		}
		res.Body.Close()
		if n, errs := count(in.Admin); n == 0 || errs != nil {
			return fmt.Errorf("%d integration errors, %v (report answered %d)", n, errs, res.StatusCode)
		}
		return nil
	})

	// Another tenant sees no such product.
	other := in.NewTenant(t, "integration-errors-other.example.com")
	if n, errs := count(other); n != 0 || errs != nil {
		t.Errorf("another tenant lists %d of the product's errors (%v)", n, errs)
	}
	r := in.GraphQL(t, other, `mutation($p: ID!) { clearIntegrationErrors(productID: $p) }`, map[string]any{"p": p.productID})
	if len(r.Errors) != 1 || r.Errors[0].Code() != "NOT_FOUND" {
		t.Errorf("another tenant clears the log: %+v", r)
	}
	if n, _ := count(in.Admin); n == 0 {
		t.Fatalf("another tenant's clear emptied the log")
	}

	var cleared struct{ ClearIntegrationErrors int }
	in.MustGraphQL(t, in.Admin, `mutation($p: ID!) { clearIntegrationErrors(productID: $p) }`, map[string]any{"p": p.productID}, &cleared)
	if n, errs := count(in.Admin); n != 0 || errs != nil || cleared.ClearIntegrationErrors == 0 {
		t.Errorf("after clearing %d: %d errors left (%v)", cleared.ClearIntegrationErrors, n, errs)
	}
	r = in.GraphQL(t, in.Admin, `mutation { clearIntegrationErrors(productID: "999999999") }`, nil)
	if len(r.Errors) != 1 || r.Errors[0].Code() != "NOT_FOUND" {
		t.Errorf("clearing an unknown product: %+v", r)
	}
}
