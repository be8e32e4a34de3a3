package app_test

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/portico-apim/portico/server/apptest"
	"github.com/portico-apim/portico/server/config"
	"github.com/portico-apim/portico/server/counter"
	"github.com/portico-apim/portico/server/counter/clustertest"
)

// provisioned is one application ready for authrep calls.
type provisioned struct {
	productID, appID, planID, metricID string
	limitID                            string
	serviceToken, userKey              string
}

// provision creates an account and a user_key application on the default
// product, with a day limit of hits on a fresh plan.
func provision(t *testing.T, in *apptest.Instance, dayLimit int) provisioned {
	t.Helper()
	var prods struct {
		Products struct {
			Edges []struct {
				Node struct {
					ID            string
					ServiceTokens []struct{ Value string }
					Metrics       struct {
						Edges []struct {
							Node struct{ ID, SystemName string }
						}
					}
				}
			}
		}
	}
	in.MustGraphQL(t, in.Admin, `{ products(first: 1) { edges { node { id serviceTokens { value }
		metrics { edges { node { id systemName } } } } } } }`, nil, &prods)
	p := prods.Products.Edges[0].Node
	out := provisioned{productID: p.ID, serviceToken: p.ServiceTokens[0].Value, metricID: p.Metrics.Edges[0].Node.ID}
	var plan struct{ CreatePlan struct{ ID string } }
	in.MustGraphQL(t, in.Admin, `mutation($p: ID!, $s: String!) { createPlan(input: {kind: APPLICATION, productID: $p, name: $s, systemName: $s}) { id } }`,
		map[string]any{"p": p.ID, "s": fmt.Sprintf("limited_%d", time.Now().UnixNano())}, &plan)
	out.planID = plan.CreatePlan.ID
	var limit struct{ CreateUsageLimit struct{ ID string } }
	in.MustGraphQL(t, in.Admin, `mutation($p: ID!, $m: ID!, $v: Int!) { createUsageLimit(input: {planID: $p, metricID: $m, period: DAY, value: $v}) { id } }`,
		map[string]any{"p": out.planID, "m": out.metricID, "v": dayLimit}, &limit)
	out.limitID = limit.CreateUsageLimit.ID
	var acc struct{ CreateAccount struct{ ID string } }
	in.MustGraphQL(t, in.Admin, `mutation { createAccount(input: {orgName: "Acme"}) { id } }`, nil, &acc)
	var app struct {
		CreateApplication struct{ ID, UserKey string }
	}
	in.MustGraphQL(t, in.Admin, `mutation($a: ID!, $p: ID!, $pl: ID!) { createApplication(input: {name: "app", accountID: $a, productID: $p, planID: $pl}) { id userKey } }`,
		map[string]any{"a": acc.CreateAccount.ID, "p": p.ID, "pl": out.planID}, &app)
	out.appID, out.userKey = app.CreateApplication.ID, app.CreateApplication.UserKey
	return out
}

func (p provisioned) call(t testing.TB, base, endpoint string, hits int) (int, string) {
	t.Helper()
	q := url.Values{"service_token": {p.serviceToken}, "service_id": {p.productID}, "user_key": {p.userKey}}
	if hits > 0 {
		q.Set("usage[hits]", fmt.Sprint(hits))
	}
	resp, err := http.Get(base + "/transactions/" + endpoint + ".xml?" + q.Encode())
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// propagation bounds how long these tests wait for a change to reach the
// decision plane, the integration error log or the usage rollups. It is
// generous on purpose: the tests check that a change arrives, not how fast,
// so a slow or busy machine only makes them wait longer.
const propagation = 30 * time.Second

// eventually polls cond until it returns nil, and fails the test with what
// and cond's last error when propagation passes first.
func eventually(t testing.TB, what string, cond func() error) {
	t.Helper()
	deadline := time.Now().Add(propagation)
	for {
		err := cond()
		if err == nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: not seen within %v: %v", what, propagation, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// answers is a condition for eventually: the endpoint called on base with
// hits answers status, with want in the body when want is not empty.
func (p provisioned) answers(t testing.TB, base, endpoint string, hits, status int, want string) func() error {
	return func() error {
		code, body := p.call(t, base, endpoint, hits)
		if code != status || !strings.Contains(body, want) {
			return fmt.Errorf("%s on %s answered %d %s, want %d with %q", endpoint, base, code, body, status, want)
		}
		return nil
	}
}

func TestDecisionPlaneFollowsTheControlPlane(t *testing.T) {
	in := apptest.Start(t)
	p := provision(t, in, 5)
	// A new application and its plan's limit reach the decision plane.
	eventually(t, "the new application is authorized", p.answers(t, in.URL, "authorize", 0, 200, ""))
	code, body := p.call(t, in.URL, "authrep", 1)
	if code != 200 || !strings.Contains(body, "<max_value>5</max_value>") {
		t.Fatalf("authrep: %d %s", code, body)
	}
	in.MustGraphQL(t, in.Admin, `mutation($id: ID!) { suspendApplication(id: $id) { state } }`, map[string]any{"id": p.appID}, nil)
	eventually(t, "the suspension reaches the decision plane", p.answers(t, in.URL, "authorize", 0, 409, ""))
	if code, body := p.call(t, in.URL, "authrep", 1); code != 409 || !strings.Contains(body, "<reason>application is not active</reason>") {
		t.Fatalf("authrep of a suspended application: %d %s", code, body)
	}
	in.MustGraphQL(t, in.Admin, `mutation($id: ID!) { resumeApplication(id: $id) { state } }`, map[string]any{"id": p.appID}, nil)
	eventually(t, "the resumption reaches the decision plane", p.answers(t, in.URL, "authorize", 0, 200, ""))
	// A regenerated key replaces the old one.
	var regen struct{ RegenerateUserKey struct{ UserKey string } }
	in.MustGraphQL(t, in.Admin, `mutation($id: ID!) { regenerateUserKey(id: $id) { userKey } }`, map[string]any{"id": p.appID}, &regen)
	old := p
	p.userKey = regen.RegenerateUserKey.UserKey
	eventually(t, "the regenerated user_key replaces the old one", func() error {
		return errors.Join(old.answers(t, in.URL, "authorize", 0, 403, "")(), p.answers(t, in.URL, "authorize", 0, 200, "")())
	})
	// Errors answered to gateways land in the product's integration error log.
	q := url.Values{"service_token": {p.serviceToken}, "service_id": {p.productID}, "user_key": {p.userKey}, "usage[nope]": {"1"}}
	if resp, err := http.Get(in.URL + "/transactions/authrep.xml?" + q.Encode()); err != nil || resp.StatusCode != 404 {
		t.Fatalf("unknown metric: %v %v", resp, err)
	}
	eventually(t, "the unknown-metric error reaches the integration error log", func() error {
		var r struct {
			IntegrationErrors struct {
				Edges []struct {
					Node struct{ Code, Message, ProductID string }
				}
			}
		}
		in.MustGraphQL(t, in.Admin, `{ integrationErrors(first: 1, orderBy: [{field: OCCURRED_AT, direction: DESC}]) {
			edges { node { code message productID } } } }`, nil, &r)
		e := r.IntegrationErrors.Edges
		if len(e) == 1 && e[0].Node.Code == "metric_invalid" && e[0].Node.ProductID == p.productID &&
			strings.Contains(e[0].Node.Message, `metric "nope" is invalid`) {
			return nil
		}
		return fmt.Errorf("newest integration errors: %+v", e)
	})

	// Accepted usage is rolled up and the first traffic recorded.
	eventually(t, "usage is rolled up into a day bucket and first traffic recorded", func() error {
		var r struct {
			UsageBuckets struct {
				Edges []struct{ Node struct{ Value int } }
			}
			Node struct{ FirstTrafficAt *string }
		}
		in.MustGraphQL(t, in.Admin, `query($id: ID!) { usageBuckets(where: {granularity: DAY}) { edges { node { value } } }
			node(id: $id) { ... on Application { firstTrafficAt } } }`, map[string]any{"id": p.appID}, &r)
		if len(r.UsageBuckets.Edges) == 1 && r.UsageBuckets.Edges[0].Node.Value == 1 && r.Node.FirstTrafficAt != nil {
			return nil
		}
		return fmt.Errorf("day buckets %+v, first traffic at %v", r.UsageBuckets.Edges, r.Node.FirstTrafficAt)
	})
}

func TestCountersSurviveRestart(t *testing.T) {
	cfg := apptest.Config(t)
	if cfg.RedisURL != "" {
		cfg.RedisURL = "" // this is about the in-process store
	}
	first := apptest.StartWith(t, cfg)
	p := provision(t, first, 10)
	eventually(t, "the new application is authorized", p.answers(t, first.URL, "authorize", 0, 200, ""))
	for i := 0; i < 3; i++ {
		if code, body := p.call(t, first.URL, "authrep", 1); code != 200 {
			t.Fatalf("authrep: %d %s", code, body)
		}
	}
	first.Stop(t)
	second := apptest.StartWith(t, cfg)
	_, body := p.call(t, second.URL, "authorize", 0)
	if !strings.Contains(body, "<current_value>3</current_value>") {
		t.Fatalf("after restart the day counter should read 3: %s", body)
	}
}

// TestExactLimitsUnderConcurrency hammers one application from 64
// goroutines: exactly the limit is admitted. With PostgreSQL and Redis
// configured, the load is split across two server processes sharing them.
func TestExactLimitsUnderConcurrency(t *testing.T) {
	hammerReplicas(t, apptest.Config(t))
}

// TestExactLimitsOnRedisCluster is TestExactLimitsUnderConcurrency on a
// Redis Cluster of three masters (PORTICO_REDIS_CLUSTER=true with a cluster
// URL naming every node), two processes sharing it with PostgreSQL.
func TestExactLimitsOnRedisCluster(t *testing.T) {
	c := clustertest.Start(t)
	cfg := apptest.Config(t)
	cfg.RedisURL, cfg.RedisCluster = c.URL(), true
	hammerReplicas(t, cfg)
}

// hammerReplicas hammers one application with a day limit of 50 from 64
// goroutines, split across two processes when cfg has PostgreSQL and Redis:
// exactly the limit is admitted.
func hammerReplicas(t *testing.T, cfg config.Config) {
	const limit = 50
	a := apptest.StartWith(t, cfg)
	servers := []string{a.URL}
	if cfg.DatabaseURL != "" && cfg.RedisURL != "" {
		b := apptest.StartWith(t, apptest.Replica(t, cfg))
		servers = append(servers, b.URL)
	}
	p := provision(t, a, limit)
	for _, s := range servers {
		eventually(t, s+" knows the application", p.answers(t, s, "authorize", 0, 200, ""))
	}
	hammer(t, p, servers, limit)
	if rs, ok := a.App.Counters.(*counter.Redis); ok {
		if l := rs.Stats().Leases; l != nil {
			t.Logf("first process: %d decisions made in process under %d leases (%d refused)", l.Local, l.Granted, l.Refused)
		}
	}
}

// TestLoweredLimitReachesEveryReplica lowers a limit in GraphQL while two
// processes share PostgreSQL and Redis: both enforce the new limit, and
// hammering them admits exactly what is left under it. How long the change
// took to reach each process is logged (tests do not assert timings).
func TestLoweredLimitReachesEveryReplica(t *testing.T) {
	cfg := apptest.Config(t)
	if cfg.DatabaseURL == "" || cfg.RedisURL == "" {
		t.Skip("needs PORTICO_TEST_DATABASE_URL and PORTICO_TEST_REDIS_URL: replicas share PostgreSQL and Redis")
	}
	a := apptest.StartWith(t, cfg)
	b := apptest.StartWith(t, apptest.Replica(t, cfg))
	servers := []string{a.URL, b.URL}
	p := provision(t, a, 50)
	for _, s := range servers {
		eventually(t, s+" knows the application", p.answers(t, s, "authorize", 0, 200, ""))
	}
	for i := range 10 {
		if code, body := p.call(t, servers[i%2], "authrep", 1); code != 200 {
			t.Fatalf("authrep %d: %d %s", i, code, body)
		}
	}
	a.MustGraphQL(t, a.Admin, `mutation($id: ID!) { updateUsageLimit(id: $id, input: {value: 20}) { value } }`,
		map[string]any{"id": p.limitID}, nil)
	changed := time.Now()
	for _, s := range servers {
		eventually(t, s+" enforces the lowered limit", p.answers(t, s, "authorize", 0, 200, "<max_value>20</max_value>"))
		t.Logf("%s enforced the lowered limit %v after the mutation answered", s, time.Since(changed).Round(time.Millisecond))
	}
	hammer(t, p, servers, 20-10)
}

// hammer calls authrep with 1 hit 256 times from 64 goroutines, spread over
// servers: exactly allowed calls are admitted, the rest denied.
func hammer(t *testing.T, p provisioned, servers []string, allowed int64) {
	t.Helper()
	var ok, denied atomic.Int64
	var wg sync.WaitGroup
	for g := 0; g < 64; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < 4; i++ {
				code, body := p.call(t, servers[(g+i)%len(servers)], "authrep", 1)
				switch code {
				case 200:
					ok.Add(1)
				case 409:
					denied.Add(1)
				default:
					t.Errorf("unexpected %d %s", code, body)
				}
			}
		}(g)
	}
	wg.Wait()
	if ok.Load() != allowed || denied.Load() != 256-allowed {
		t.Fatalf("authorized %d and denied %d of 256 with %d allowed (servers: %d)", ok.Load(), denied.Load(), allowed, len(servers))
	}
}

// TestSuspensionReachesEveryReplica runs two processes on one PostgreSQL
// database: a change made through one is enforced by both.
func TestSuspensionReachesEveryReplica(t *testing.T) {
	cfg := apptest.Config(t)
	if cfg.DatabaseURL == "" {
		t.Skip("needs PORTICO_TEST_DATABASE_URL: replicas share PostgreSQL")
	}
	a := apptest.StartWith(t, cfg)
	b := apptest.StartWith(t, apptest.Replica(t, cfg))
	p := provision(t, a, 1000)
	for _, in := range []*apptest.Instance{a, b} {
		eventually(t, in.URL+" knows the new application", p.answers(t, in.URL, "authorize", 0, 200, ""))
	}
	a.MustGraphQL(t, a.Admin, `mutation($id: ID!) { suspendApplication(id: $id) { state } }`, map[string]any{"id": p.appID}, nil)
	for _, in := range []*apptest.Instance{a, b} {
		eventually(t, in.URL+" refuses the suspended application", p.answers(t, in.URL, "authrep", 1, 409, "application is not active"))
	}
}

// TestRateLimitFieldsFollowTheProductSetting turns on a product's RateLimit
// fields in GraphQL: gateways' answers carry them without asking, and stop
// when it is turned off.
func TestRateLimitFieldsFollowTheProductSetting(t *testing.T) {
	in := apptest.Start(t)
	p := provision(t, in, 5)
	eventually(t, "the new application is authorized", p.answers(t, in.URL, "authorize", 0, 200, ""))
	rateLimit := func() (string, string) {
		q := url.Values{"service_token": {p.serviceToken}, "service_id": {p.productID}, "user_key": {p.userKey}, "usage[hits]": {"1"}}
		resp, err := http.Get(in.URL + "/transactions/authorize.xml?" + q.Encode())
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.Header.Get("RateLimit-Policy"), resp.Header.Get("RateLimit")
	}
	if policy, state := rateLimit(); policy != "" || state != "" {
		t.Fatalf("RateLimit fields before the product asks for them: %q %q", policy, state)
	}
	set := func(on bool) {
		in.MustGraphQL(t, in.Admin, `mutation($id: ID!, $on: Boolean!) { updateProduct(id: $id, input: {rateLimitHeaders: $on}) { rateLimitHeaders } }`,
			map[string]any{"id": p.productID, "on": on}, nil)
	}
	set(true)
	eventually(t, "the setting reaches the decision plane", func() error {
		policy, state := rateLimit()
		if policy != `"hits-day";q=5;w=86400` || !strings.HasPrefix(state, `"hits-day";r=5;t=`) {
			return fmt.Errorf("RateLimit-Policy %q, RateLimit %q", policy, state)
		}
		return nil
	})
	set(false)
	eventually(t, "turning it off reaches the decision plane", func() error {
		if policy, state := rateLimit(); policy != "" || state != "" {
			return fmt.Errorf("RateLimit-Policy %q, RateLimit %q", policy, state)
		}
		return nil
	})
}
