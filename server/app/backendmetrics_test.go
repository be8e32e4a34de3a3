package app_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"testing"

	"github.com/3scale/3scale-go-client/threescale"
	"github.com/3scale/3scale-go-client/threescale/api"
	threescalehttp "github.com/3scale/3scale-go-client/threescale/http"

	"github.com/portico-apim/portico/server/apptest"
)

// backendSetup is a backend with a metric and a method, used by the
// provisioned product, with limits on both in the product's plan.
type backendSetup struct {
	backendID, hitsID, uploadID, storageID string
	usageID                                string
}

func provisionBackend(t *testing.T, in *apptest.Instance, p provisioned) backendSetup {
	t.Helper()
	var b struct{ CreateBackend struct{ ID string } }
	in.MustGraphQL(t, in.Admin, `mutation { createBackend(input: {name: "Files", systemName: "files", privateEndpoint: "https://files.example.com"}) { id } }`, nil, &b)
	out := backendSetup{backendID: b.CreateBackend.ID}
	metric := func(name, parent string) string {
		var m struct{ CreateMetric struct{ ID string } }
		vars := map[string]any{"b": out.backendID, "n": name}
		if parent != "" {
			vars["p"] = parent
		}
		in.MustGraphQL(t, in.Admin, `mutation($b: ID!, $n: String!, $p: ID) { createMetric(input: {backendID: $b, systemName: $n, friendlyName: $n, parentID: $p}) { id } }`,
			vars, &m)
		return m.CreateMetric.ID
	}
	out.hitsID = metric("hits", "")
	out.uploadID = metric("upload", out.hitsID)
	out.storageID = metric("storage", "")
	var u struct{ CreateBackendUsage struct{ ID string } }
	in.MustGraphQL(t, in.Admin, `mutation($p: ID!, $b: ID!) { createBackendUsage(input: {productID: $p, backendID: $b, path: "/files"}) { id } }`,
		map[string]any{"p": p.productID, "b": out.backendID}, &u)
	out.usageID = u.CreateBackendUsage.ID
	for m, v := range map[string]int{out.uploadID: 2, out.storageID: 10} {
		in.MustGraphQL(t, in.Admin, `mutation($p: ID!, $m: ID!, $v: Int!) { createUsageLimit(input: {planID: $p, metricID: $m, period: DAY, value: $v}) { id } }`,
			map[string]any{"p": p.planID, "m": m, "v": v}, nil)
	}
	return out
}

// otherProduct is a second product of the tenant, not using the backend,
// with an application on an unlimited plan.
func otherProduct(t *testing.T, in *apptest.Instance) provisioned {
	t.Helper()
	var prod struct {
		CreateProduct struct {
			ID            string
			ServiceTokens []struct{ Value string }
		}
	}
	in.MustGraphQL(t, in.Admin, `mutation { createProduct(input: {name: "Other", systemName: "other"}) { id serviceTokens { value } } }`, nil, &prod)
	out := provisioned{productID: prod.CreateProduct.ID}
	if len(prod.CreateProduct.ServiceTokens) == 0 {
		var tok struct{ CreateServiceToken struct{ Value string } }
		in.MustGraphQL(t, in.Admin, `mutation($p: ID!) { createServiceToken(productID: $p) { value } }`, map[string]any{"p": out.productID}, &tok)
		out.serviceToken = tok.CreateServiceToken.Value
	} else {
		out.serviceToken = prod.CreateProduct.ServiceTokens[0].Value
	}
	var plan struct{ CreatePlan struct{ ID string } }
	in.MustGraphQL(t, in.Admin, `mutation($p: ID!) { createPlan(input: {kind: APPLICATION, productID: $p, name: "Free", systemName: "free"}) { id } }`,
		map[string]any{"p": out.productID}, &plan)
	out.planID = plan.CreatePlan.ID
	var acc struct{ CreateAccount struct{ ID string } }
	in.MustGraphQL(t, in.Admin, `mutation { createAccount(input: {orgName: "Other Co"}) { id } }`, nil, &acc)
	var app struct {
		CreateApplication struct{ ID, UserKey string }
	}
	in.MustGraphQL(t, in.Admin, `mutation($a: ID!, $p: ID!, $pl: ID!) { createApplication(input: {name: "other", accountID: $a, productID: $p, planID: $pl}) { id userKey } }`,
		map[string]any{"a": acc.CreateAccount.ID, "p": out.productID, "pl": out.planID}, &app)
	out.appID, out.userKey = app.CreateApplication.ID, app.CreateApplication.UserKey
	return out
}

// TestBackendMetricsThroughAProduct reports a backend's metric and method
// through a product that uses the backend, with the unchanged 3scale Go
// client: they are accepted by their qualified and their plain names,
// counted (the method into the backend's hits and on into the product's),
// limited by the product's plan, and rolled up under the backend's metrics
// for each product using the backend.
func TestBackendMetricsThroughAProduct(t *testing.T) {
	in := apptest.Start(t)
	p := provision(t, in, 1000)
	b := provisionBackend(t, in, p)
	q := otherProduct(t, in)
	upload, storage := "upload."+b.backendID, "storage."+b.backendID

	c, err := threescalehttp.NewClient(in.URL, http.DefaultClient)
	if err != nil {
		t.Fatal(err)
	}
	request := func(on provisioned, usage api.Metrics) threescale.Request {
		return threescale.Request{Auth: api.ClientAuth{Type: api.ServiceToken, Value: on.serviceToken}, Service: api.Service(on.productID),
			Transactions: []api.Transaction{{Params: api.Params{UserKey: on.userKey}, Metrics: usage}}}
	}
	eventually(t, "the backend's limits reach the decision plane", func() error {
		res, err := c.Authorize(request(p, api.Metrics{upload: 1}))
		if err != nil {
			return err
		}
		if len(res.UsageReports[upload]) != 1 || len(res.UsageReports[storage]) != 1 {
			return fmt.Errorf("usage reports %+v", res.UsageReports)
		}
		return nil
	})

	// The method by its plain name, then by its qualified name: both count
	// against its limit and into the product's hits.
	for i, name := range []string{"upload", upload} {
		res, err := c.AuthRep(request(p, api.Metrics{name: 1}))
		if err != nil || !res.Authorized {
			t.Fatalf("authrep %s: %+v, %v", name, res, err)
		}
		if r := res.UsageReports[upload]; len(r) != 1 || r[0].CurrentValue != i+1 || r[0].MaxValue != 2 {
			t.Fatalf("authrep %s: method usage %+v", name, r)
		}
		if r := res.UsageReports["hits"]; len(r) != 1 || r[0].CurrentValue != i+1 {
			t.Fatalf("authrep %s: product hits %+v", name, r)
		}
	}
	res, err := c.Authorize(request(p, api.Metrics{"upload": 1}))
	if err != nil || res.Authorized || res.RejectionReason != "usage limits are exceeded" {
		t.Fatalf("authorize over the method's limit: %+v, %v", res, err)
	}
	res, err = c.AuthRep(request(p, api.Metrics{upload: 1}))
	if err != nil || res.Authorized || res.RejectionReason != "usage limits are exceeded" {
		t.Fatalf("authrep over the method's limit: %+v, %v", res, err)
	}
	// The product's own metric is still free.
	if res, err := c.AuthRep(request(p, api.Metrics{"hits": 1})); err != nil || !res.Authorized {
		t.Fatalf("authrep of the product's hits: %+v, %v", res, err)
	}

	// A report may go over a limit; the next authorization is refused.
	rep, err := c.Report(request(p, api.Metrics{"storage": 11}))
	if err != nil || !rep.Accepted {
		t.Fatalf("report: %+v, %v", rep, err)
	}
	res, err = c.Authorize(request(p, nil))
	if err != nil || res.Authorized || res.RejectionReason != "usage limits are exceeded" {
		t.Fatalf("authorize after storage over its limit: %+v, %v", res, err)
	}
	if r := res.UsageReports[storage]; len(r) != 1 || r[0].CurrentValue != 11 || r[0].MaxValue != 10 {
		t.Fatalf("storage usage %+v", res.UsageReports)
	}

	// Unknown names stay unknown; a product not using the backend cannot
	// address its metrics by either name.
	for _, tc := range []struct {
		on   provisioned
		name string
	}{{p, "nope"}, {p, "storage.0"}, {q, "storage"}, {q, storage}, {q, "upload"}} {
		res, err := c.AuthRep(request(tc.on, api.Metrics{tc.name: 1}))
		if err != nil || res.Authorized || res.ErrorCode != "metric_invalid" {
			t.Errorf("authrep %s through product %s: %+v, %v", tc.name, tc.on.productID, res, err)
		}
		res, err = c.Authorize(request(tc.on, api.Metrics{tc.name: 1}))
		if err != nil || res.Authorized || res.ErrorCode != "metric_invalid" {
			t.Errorf("authorize %s through product %s: %+v, %v", tc.name, tc.on.productID, res, err)
		}
	}
	if res, err := c.AuthRep(request(q, api.Metrics{"hits": 1})); err != nil || !res.Authorized {
		t.Fatalf("authrep through the other product: %+v, %v", res, err)
	}

	// Usage is rolled up under the backend's metrics, through the product.
	want := map[string]int{b.uploadID: 2, b.hitsID: 2, b.storageID: 11, p.metricID: 3}
	eventually(t, "the backend's usage is rolled up", func() error {
		var r struct {
			UsageBuckets struct {
				Edges []struct {
					Node struct {
						MetricID, ProductID string
						Value               int
					}
				}
			}
		}
		in.MustGraphQL(t, in.Admin, `query($p: ID!) { usageBuckets(where: {productID: $p, granularity: DAY}) { edges { node { metricID productID value } } } }`,
			map[string]any{"p": p.productID}, &r)
		got := map[string]int{}
		for _, e := range r.UsageBuckets.Edges {
			got[e.Node.MetricID] += e.Node.Value
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			return fmt.Errorf("day usage by metric %v, want %v", got, want)
		}
		return nil
	})

	// Once the other product uses the backend too, its calls count under
	// the same metric: the backend's usage sums both products.
	in.MustGraphQL(t, in.Admin, `mutation($p: ID!, $b: ID!) { createBackendUsage(input: {productID: $p, backendID: $b, path: "/files"}) { id } }`,
		map[string]any{"p": q.productID, "b": b.backendID}, nil)
	eventually(t, "the other product's calls name the backend's metric", func() error {
		res, err := c.AuthRep(request(q, api.Metrics{"storage": 4}))
		if err != nil || !res.Authorized {
			return fmt.Errorf("authrep storage through the other product: %+v, %v", res, err)
		}
		return nil
	})
	eventually(t, "the backend's usage sums both products", func() error {
		var r struct {
			UsageBuckets struct {
				Edges []struct {
					Node struct {
						ProductID string
						Value     int
					}
				}
			}
		}
		in.MustGraphQL(t, in.Admin, `query($m: ID!) { usageBuckets(where: {metricID: $m, granularity: DAY}) { edges { node { productID value } } } }`,
			map[string]any{"m": b.storageID}, &r)
		got := map[string]int{}
		for _, e := range r.UsageBuckets.Edges {
			got[e.Node.ProductID] += e.Node.Value
		}
		if want := map[string]int{p.productID: 11, q.productID: 4}; fmt.Sprint(got) != fmt.Sprint(want) {
			return fmt.Errorf("storage by product %v, want %v", got, want)
		}
		return nil
	})

	// A token with only the stats scope reads them; another tenant does not.
	var tok struct{ CreateAccessToken struct{ Value string } }
	in.MustGraphQL(t, in.Admin, `mutation { createAccessToken(input: {name: "stats", scopes: [STATS], permission: RO}) { value } }`, nil, &tok)
	usageOf := func(token string) (int, []apptest.GQLError) {
		r := in.GraphQL(t, token, `query($m: ID!) { usageBuckets(where: {metricID: $m, granularity: DAY}) { edges { node { value } } } }`,
			map[string]any{"m": b.storageID})
		if len(r.Errors) > 0 {
			return 0, r.Errors
		}
		var d struct {
			UsageBuckets struct {
				Edges []struct{ Node struct{ Value int } }
			}
		}
		if err := json.Unmarshal(r.Data, &d); err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, e := range d.UsageBuckets.Edges {
			n += e.Node.Value
		}
		return n, nil
	}
	if n, errs := usageOf(tok.CreateAccessToken.Value); errs != nil || n != 15 {
		t.Fatalf("stats token reads storage usage %d, errors %+v", n, errs)
	}
	in.ExpectError(t, tok.CreateAccessToken.Value, `{ products { totalCount } }`, nil, "FORBIDDEN")
	other := in.NewTenant(t, "other-tenant.example.com")
	if n, errs := usageOf(other); errs != nil || n != 0 {
		t.Fatalf("another tenant reads storage usage %d, errors %+v", n, errs)
	}
}

// TestBackendChangesReachTheDecisionPlane changes a backend a product uses:
// a new metric becomes reportable, a deleted one and the metrics of a
// backend the product stops using answer metric_invalid.
func TestBackendChangesReachTheDecisionPlane(t *testing.T) {
	in := apptest.Start(t)
	p := provision(t, in, 1000)
	b := provisionBackend(t, in, p)
	c, err := threescalehttp.NewClient(in.URL, http.DefaultClient)
	if err != nil {
		t.Fatal(err)
	}
	answers := func(name, errorCode string) func() error {
		return func() error {
			res, err := c.AuthRep(threescale.Request{Auth: api.ClientAuth{Type: api.ServiceToken, Value: p.serviceToken}, Service: api.Service(p.productID),
				Transactions: []api.Transaction{{Params: api.Params{UserKey: p.userKey}, Metrics: api.Metrics{name: 1}}}})
			if err != nil {
				return err
			}
			if res.ErrorCode != errorCode || res.Authorized != (errorCode == "") {
				return fmt.Errorf("authrep %s: authorized %v, error code %q, want %q", name, res.Authorized, res.ErrorCode, errorCode)
			}
			return nil
		}
	}
	eventually(t, "the backend's metric is reportable", answers("storage", ""))

	in.MustGraphQL(t, in.Admin, `mutation($b: ID!) { createMetric(input: {backendID: $b, systemName: "downloads", friendlyName: "Downloads"}) { id } }`,
		map[string]any{"b": b.backendID}, nil)
	eventually(t, "a new backend metric is reportable", answers("downloads."+b.backendID, ""))

	in.MustGraphQL(t, in.Admin, `mutation($id: ID!) { deleteMetric(id: $id) { deletedID } }`, map[string]any{"id": b.storageID}, nil)
	eventually(t, "a deleted backend metric is unknown", answers("storage", "metric_invalid"))

	in.MustGraphQL(t, in.Admin, `mutation($id: ID!) { deleteBackendUsage(id: $id) { deletedID } }`, map[string]any{"id": b.usageID}, nil)
	for _, name := range []string{"upload", "upload." + b.backendID, "downloads"} {
		eventually(t, "the metrics of a backend no longer used are unknown", answers(name, "metric_invalid"))
	}
	eventually(t, "the product's own metric still counts", answers("hits", ""))
}
