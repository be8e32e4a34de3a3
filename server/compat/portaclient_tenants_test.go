package compat_test

import (
	"context"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"testing"

	porta "github.com/3scale/3scale-porta-go-client/client"

	"github.com/portico-apim/portico/ent/tenant"
	"github.com/portico-apim/portico/server/apptest"
)

// TestPortaGoClientTenants drives the Master API with the porta Go client's
// tenant methods, as the 3scale operator's Tenant resource does: it signs up
// a tenant and keeps its admin token, reads and updates it, schedules it for
// deletion and reads it once more. The new tenant's token then works on its
// own admin domain.
func TestPortaGoClientTenants(t *testing.T) {
	in := apptest.Start(t)
	ctx := apptest.SystemContext()
	master, err := in.Client().Tenant.Query().Where(tenant.Master(true)).Only(ctx)
	if err != nil {
		t.Fatal(err)
	}
	u, err := url.Parse(in.URL)
	if err != nil {
		t.Fatal(err)
	}
	port, _ := strconv.Atoi(u.Port())
	// Every host name is this server on loopback, as DNS would have it.
	loopback := &http.Client{Transport: &http.Transport{DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
		return (&net.Dialer{}).DialContext(ctx, network, u.Host)
	}}}
	client := func(host, credential string) *porta.ThreeScaleClient {
		ap, err := porta.NewAdminPortal("http", host, port)
		if err != nil {
			t.Fatal(err)
		}
		return porta.NewThreeScale(ap, credential, loopback)
	}
	c := client("master.localhost", master.ProviderKey)

	made, err := c.CreateTenant(porta.Params{"org_name": "Delta Labs", "username": "delta", "email": "delta@example.com",
		"password": "Delta-passw0rd-long"})
	if err != nil {
		t.Fatalf("CreateTenant: %v", err)
	}
	acc := made.Signup.Account
	if acc.ID == 0 || acc.OrgName != "Delta Labs" || acc.AdminDomain != "delta-labs-admin.localhost" || acc.State != "approved" {
		t.Errorf("CreateTenant account: %+v", acc)
	}
	if tok := made.Signup.AccessToken; tok.Value == "" || tok.Permission != "rw" {
		t.Errorf("CreateTenant access token: %+v", tok)
	}

	got, err := c.ShowTenant(acc.ID)
	if err != nil || got.Signup.Account.ID != acc.ID || got.Signup.Account.AdminDomain != acc.AdminDomain {
		t.Errorf("ShowTenant: %+v %v", got, err)
	}
	if got != nil && got.Signup.AccessToken.Value != "" {
		t.Error("ShowTenant answers the admin token, which only the signup may show")
	}
	got, err = c.UpdateTenant(acc.ID, porta.Params{"support_email": "help@delta.example.com", "from_email": "no-reply@delta.example.com"})
	if err != nil || got.Signup.Account.SupportEmail != "help@delta.example.com" || got.Signup.Account.FromEmail != "no-reply@delta.example.com" {
		t.Errorf("UpdateTenant: %+v %v", got, err)
	}

	// The tenant's own token manages its products on its admin domain.
	products, err := client(acc.AdminDomain, made.Signup.AccessToken.Value).ListProducts()
	if err != nil || len(products.Products) == 0 {
		t.Errorf("the new tenant's token on its domain: %+v %v", products, err)
	}

	if err := c.DeleteTenant(acc.ID); err != nil {
		t.Fatalf("DeleteTenant: %v", err)
	}
	got, err = c.ShowTenant(acc.ID)
	if err != nil || got.Signup.Account.State != "scheduled_for_deletion" {
		t.Errorf("ShowTenant after DeleteTenant: %+v %v", got, err)
	}
	if _, err := c.ShowTenant(999999999); err == nil {
		t.Error("ShowTenant of an unknown tenant answered")
	}
}
