package app_test

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/portico-apim/portico/server/apptest"
	"github.com/portico-apim/portico/server/counter"
)

// Changes reach this replica's decision plane before their mutation
// returns: no polling anywhere in this test.
func TestChangesReachTheGatewayBeforeTheMutationReturns(t *testing.T) {
	in := apptest.Start(t)
	p := provision(t, in, 100)
	if code, body := p.call(t, in.URL, "authorize", 0); code != 200 {
		t.Fatalf("application right after createApplication: %d %s", code, body)
	}

	var tok struct{ CreateServiceToken struct{ ID, Value string } }
	in.MustGraphQL(t, in.Admin, `mutation($p: ID!) { createServiceToken(productID: $p) { id value } }`,
		map[string]any{"p": p.productID}, &tok)
	withNew := p
	withNew.serviceToken = tok.CreateServiceToken.Value
	if code, body := withNew.call(t, in.URL, "authorize", 0); code != 200 {
		t.Fatalf("service token right after createServiceToken: %d %s", code, body)
	}
	in.MustGraphQL(t, in.Admin, `mutation($id: ID!) { deleteServiceToken(id: $id) { deletedID } }`,
		map[string]any{"id": tok.CreateServiceToken.ID}, nil)
	if code, _ := withNew.call(t, in.URL, "authorize", 0); code != 403 {
		t.Fatalf("deleted service token still accepted: %d", code)
	}

	// A regenerated provider key replaces the old one at once.
	var key struct {
		Viewer struct{ Tenant struct{ ProviderKey string } }
	}
	in.MustGraphQL(t, in.Admin, `{ viewer { tenant { providerKey } } }`, nil, &key)
	byKey := func(providerKey string) int {
		q := url.Values{"provider_key": {providerKey}, "service_id": {p.productID}, "user_key": {p.userKey}}
		resp, err := http.Get(in.URL + "/transactions/authorize.xml?" + q.Encode())
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if code := byKey(key.Viewer.Tenant.ProviderKey); code != 200 {
		t.Fatalf("provider key refused before regeneration: %d", code)
	}
	var regen struct{ RegenerateProviderKey struct{ ProviderKey string } }
	in.MustGraphQL(t, in.Admin, `mutation { regenerateProviderKey { providerKey } }`, nil, &regen)
	if code := byKey(key.Viewer.Tenant.ProviderKey); code != 403 {
		t.Fatalf("old provider key right after regeneration: %d, want 403", code)
	}
	if code := byKey(regen.RegenerateProviderKey.ProviderKey); code != 200 {
		t.Fatalf("new provider key right after regeneration: %d", code)
	}

	// A second product to delete (the tenant's last one cannot be).
	var second struct{ CreateProduct struct{ ID string } }
	in.MustGraphQL(t, in.Admin, `mutation { createProduct(input: {name: "Second", systemName: "second"}) { id } }`, nil, &second)
	in.MustGraphQL(t, in.Admin, `mutation($id: ID!) { deleteProduct(id: $id) { deletedID } }`,
		map[string]any{"id": p.productID}, nil)
	q := url.Values{"service_token": {p.serviceToken}, "service_id": {p.productID}, "user_key": {p.userKey}}
	resp, err := http.Get(in.URL + "/transactions/authorize.xml?" + q.Encode())
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode == 200 {
		t.Fatal("a deleted product still authorizes")
	}
}

// The decision snapshot names every application by the same database ids
// as the mirror's lookup: usage carries the snapshot's, and analytics and
// the journal trust them.
func TestSnapshotCarriesTheDatabaseIDs(t *testing.T) {
	in := apptest.Start(t)
	provision(t, in, 100)
	otherProduct(t, in)
	snap := in.App.Mirror.Holder().Load()
	n := 0
	in.App.Mirror.Applications(func(id int, scope counter.Scope) {
		n++
		a, ok := snap.Application(scope.Service, scope.Application)
		if !ok {
			t.Errorf("application %d (%v) is not in the snapshot", id, scope)
			return
		}
		_, tenant, _ := in.App.Mirror.Application(scope.Service, scope.Application)
		if a.Ref != id || a.Tenant != tenant || tenant == 0 {
			t.Errorf("application %v: snapshot ids %d/%d, mirror %d/%d", scope, a.Ref, a.Tenant, id, tenant)
		}
	})
	if n < 2 {
		t.Fatalf("%d applications checked, want the two provisioned", n)
	}
}
