package app_test

import (
	"net/http"
	"testing"

	"github.com/3scale/3scale-go-client/threescale"
	"github.com/3scale/3scale-go-client/threescale/api"
	threescalehttp "github.com/3scale/3scale-go-client/threescale/http"

	"github.com/portico-apim/portico/server/apptest"
)

// TestThreescaleClientAgainstTheServer drives a real server, provisioned
// over GraphQL, with the unchanged 3scale Go client: authorize, authrep and
// report, with a service token.
func TestThreescaleClientAgainstTheServer(t *testing.T) {
	in := apptest.Start(t)
	p := provision(t, in, 5)
	eventually(t, "the application reaches the decision plane", p.answers(t, in.URL, "authorize", 0, 200, ""))
	c, err := threescalehttp.NewClient(in.URL, http.DefaultClient)
	if err != nil {
		t.Fatal(err)
	}
	auth := api.ClientAuth{Type: api.ServiceToken, Value: p.serviceToken}
	req := func(hits int, ext api.Extensions) threescale.Request {
		return threescale.Request{Auth: auth, Service: api.Service(p.productID), Extensions: ext,
			Transactions: []api.Transaction{{Params: api.Params{UserKey: p.userKey}, Metrics: api.Metrics{"hits": hits}}}}
	}

	res, err := c.AuthRep(req(2, api.Extensions{api.LimitExtension: "1"}))
	if err != nil {
		t.Fatal(err)
	}
	// 3 of 5 hits remain: one more call of this size fits.
	if !res.Authorized || res.RateLimits == nil || res.RateLimits.LimitRemaining != 1 {
		t.Fatalf("authrep: %+v, rate limits %+v", res, res.RateLimits)
	}

	rep, err := c.Report(threescale.Request{Auth: auth, Service: api.Service(p.productID),
		Transactions: []api.Transaction{{Params: api.Params{UserKey: p.userKey}, Metrics: api.Metrics{"hits": 2}}}})
	if err != nil || !rep.Accepted {
		t.Fatalf("report: %+v, %v", rep, err)
	}

	res, err = c.Authorize(req(2, nil))
	if err != nil {
		t.Fatal(err)
	}
	if res.Authorized || res.RejectionReason != "usage limits are exceeded" {
		t.Fatalf("authorize over the limit after 4 of 5 hits: %+v", res)
	}
	day := res.UsageReports["hits"]
	if len(day) != 1 || day[0].CurrentValue != 4 || day[0].MaxValue != 5 {
		t.Fatalf("usage reports: %+v", res.UsageReports)
	}

	res, err = c.Authorize(threescale.Request{Auth: auth, Service: api.Service(p.productID),
		Transactions: []api.Transaction{{Params: api.Params{UserKey: "not-a-key"}}}})
	if err != nil || res.Authorized || res.ErrorCode != "user_key_invalid" {
		t.Fatalf("unknown user key: %+v, %v", res, err)
	}
}
