package crashtest

import (
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// fixture is what provision creates: an application on a plan with a daily
// limit on hits, on the default product, which also gets the method
// "search" (a child of hits, without a limit of its own).
type fixture struct {
	productID, serviceToken string
	hitsID, searchID        string
	planID, limitID         string
	appID, userKey          string
}

// provision creates the plan, limit, method, account and application
// through GraphQL as the admin.
func provision(t *testing.T, s *server, admin string, dayLimit int) fixture {
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
	s.graphQL(t, admin, `{ products(first: 1) { edges { node { id serviceTokens { value }
		metrics { edges { node { id systemName } } } } } } }`, nil, &prods)
	if len(prods.Products.Edges) == 0 || len(prods.Products.Edges[0].Node.ServiceTokens) == 0 {
		t.Fatalf("no product with a service token: %+v", prods)
	}
	p := prods.Products.Edges[0].Node
	fx := fixture{productID: p.ID, serviceToken: p.ServiceTokens[0].Value}
	for _, e := range p.Metrics.Edges {
		if e.Node.SystemName == "hits" {
			fx.hitsID = e.Node.ID
		}
	}
	if fx.hitsID == "" {
		t.Fatalf("the default product has no hits metric: %+v", p.Metrics)
	}
	var m struct{ CreateMetric struct{ ID string } }
	s.graphQL(t, admin, `mutation($p: ID!, $parent: ID!) { createMetric(input: {productID: $p, parentID: $parent,
		systemName: "search", friendlyName: "Search"}) { id } }`, map[string]any{"p": fx.productID, "parent": fx.hitsID}, &m)
	fx.searchID = m.CreateMetric.ID
	var plan struct{ CreatePlan struct{ ID string } }
	s.graphQL(t, admin, `mutation($p: ID!) { createPlan(input: {kind: APPLICATION, productID: $p, name: "Crash", systemName: "crash"}) { id } }`,
		map[string]any{"p": fx.productID}, &plan)
	fx.planID = plan.CreatePlan.ID
	var lim struct{ CreateUsageLimit struct{ ID string } }
	s.graphQL(t, admin, `mutation($p: ID!, $m: ID!, $v: Int!) { createUsageLimit(input: {planID: $p, metricID: $m, period: DAY, value: $v}) { id } }`,
		map[string]any{"p": fx.planID, "m": fx.hitsID, "v": dayLimit}, &lim)
	fx.limitID = lim.CreateUsageLimit.ID
	fx.appID, fx.userKey = addApplication(t, s, admin, fx)
	return fx
}

// addApplication creates another account and application on fx's plan and
// returns the application's id and user_key.
func addApplication(t *testing.T, s *server, admin string, fx fixture) (id, userKey string) {
	t.Helper()
	var acc struct{ CreateAccount struct{ ID string } }
	s.graphQL(t, admin, `mutation { createAccount(input: {orgName: "Acme"}) { id } }`, nil, &acc)
	var app struct {
		CreateApplication struct{ ID, UserKey string }
	}
	s.graphQL(t, admin, `mutation($a: ID!, $p: ID!, $pl: ID!) { createApplication(input: {name: "app", accountID: $a, productID: $p, planID: $pl}) { id userKey } }`,
		map[string]any{"a": acc.CreateAccount.ID, "p": fx.productID, "pl": fx.planID}, &app)
	return app.CreateApplication.ID, app.CreateApplication.UserKey
}

// withApp returns fx for another application of the same plan.
func (fx fixture) withApp(id, userKey string) fixture {
	fx.appID, fx.userKey = id, userKey
	return fx
}

// newClient returns an HTTP client for gateway traffic: enough idle
// connections for the test's workers, so that connections are reused
// rather than opened per call.
func newClient() *http.Client {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConns, tr.MaxIdleConnsPerHost = 64, 64
	return &http.Client{Transport: tr, Timeout: 15 * time.Second}
}

// errNotSent marks a call that failed before any byte of the request was
// written: the server cannot have acted on it.
var errNotSent = errors.New("request not sent")

// answer is the outcome of one call: a status and body, or an error. An
// error wrapping errNotSent means no byte of the request left the client;
// any other error leaves open whether the server acted on it.
type answer struct {
	status int
	body   string
	err    error
}

// doCall sends req and reads the whole answer, noting whether the request
// was written (on any attempt the transport made).
func doCall(c *http.Client, req *http.Request) answer {
	var wrote atomic.Bool
	trace := &httptrace.ClientTrace{WroteRequest: func(i httptrace.WroteRequestInfo) {
		// A partly written request may have reached the server too.
		wrote.Store(true)
	}}
	req = req.WithContext(httptrace.WithClientTrace(req.Context(), trace))
	resp, err := c.Do(req)
	if err != nil {
		if !wrote.Load() {
			err = fmt.Errorf("%w: %w", errNotSent, err)
		}
		return answer{err: err}
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		// The status line arrived: the server acted on the request.
		return answer{status: resp.StatusCode, err: err}
	}
	return answer{status: resp.StatusCode, body: string(b)}
}

func (a answer) String() string {
	if a.err != nil {
		return a.err.Error()
	}
	return fmt.Sprintf("%d %s", a.status, strings.TrimSpace(a.body))
}

// sent reports whether the server may have acted on the call.
func (a answer) sent() bool { return a.err == nil || !errors.Is(a.err, errNotSent) || a.status != 0 }

// credentials are the service's credentials as query parameters.
func (fx fixture) credentials() url.Values {
	return url.Values{"service_token": {fx.serviceToken}, "service_id": {fx.productID}}
}

// authRequest builds GET /transactions/<endpoint>.xml for fx's application
// with usage (metric → amount).
func (fx fixture) authRequest(base, endpoint string, usage map[string]int) *http.Request {
	q := fx.credentials()
	q.Set("user_key", fx.userKey)
	for m, n := range usage {
		q.Set("usage["+m+"]", strconv.Itoa(n))
	}
	req, _ := http.NewRequest(http.MethodGet, base+"/transactions/"+endpoint+".xml?"+q.Encode(), nil)
	return req
}

// reportTx is one transaction of a report batch.
type reportTx struct {
	usage map[string]int
	// key is sent as transactions[N][idempotency_key] when not empty.
	key string
}

// reportRequest builds POST /transactions.xml, APIcast style: credentials in
// the query string, transactions in a form body; header is sent as
// Idempotency-Key when not empty.
func (fx fixture) reportRequest(base, header string, txs []reportTx) *http.Request {
	body := url.Values{}
	for i, tx := range txs {
		p := fmt.Sprintf("transactions[%d]", i)
		body.Set(p+"[user_key]", fx.userKey)
		for m, n := range tx.usage {
			body.Set(p+"[usage]["+m+"]", strconv.Itoa(n))
		}
		if tx.key != "" {
			body.Set(p+"[idempotency_key]", tx.key)
		}
	}
	req, _ := http.NewRequest(http.MethodPost, base+"/transactions.xml?"+fx.credentials().Encode(), strings.NewReader(body.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if header != "" {
		req.Header.Set("Idempotency-Key", header)
	}
	return req
}

// statusDoc is the <status> document of authorize and authrep.
type statusDoc struct {
	Authorized bool   `xml:"authorized"`
	Reason     string `xml:"reason"`
	Reports    []struct {
		Metric  string `xml:"metric,attr"`
		Period  string `xml:"period,attr"`
		Max     int64  `xml:"max_value"`
		Current int64  `xml:"current_value"`
	} `xml:"usage_reports>usage_report"`
}

// dayUsage returns current_value and max_value of the hits/day report.
func (d statusDoc) dayUsage() (current, max int64, ok bool) {
	for _, r := range d.Reports {
		if r.Metric == "hits" && r.Period == "day" {
			return r.Current, r.Max, true
		}
	}
	return 0, 0, false
}

// usageAt reads the application's hits/day counter and limit through
// authorize.xml (which adds nothing).
func (fx fixture) usageAt(t *testing.T, c *http.Client, base string) (current, max int64) {
	t.Helper()
	a := doCall(c, fx.authRequest(base, "authorize", nil))
	if a.err != nil || (a.status != http.StatusOK && a.status != http.StatusConflict) {
		t.Fatalf("authorize at %s: %v", base, a)
	}
	var d statusDoc
	if err := xml.Unmarshal([]byte(a.body), &d); err != nil {
		t.Fatalf("authorize at %s: %v in %s", base, err, a.body)
	}
	current, max, ok := d.dayUsage()
	if !ok {
		t.Fatalf("authorize at %s: no hits/day usage report in %s", base, a.body)
	}
	return current, max
}

// waitKnown waits until base authorizes fx's application (the decision
// plane follows the control plane asynchronously).
func (fx fixture) waitKnown(t *testing.T, c *http.Client, base string) {
	t.Helper()
	var last answer
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if last = doCall(c, fx.authRequest(base, "authorize", nil)); last.status == http.StatusOK {
			return
		}
	}
	t.Fatalf("%s does not authorize the new application within 10s: %v", base, last)
}

// rolledUp returns the sum of the application's DAY usage buckets of metric
// (the SQL rollups), polling until want(sum) holds or 6s passed (three rollup flush intervals); it
// returns the last sum read.
func (fx fixture) rolledUp(t *testing.T, s *server, admin, metricID string, want func(int64) bool) int64 {
	t.Helper()
	var sum int64
	for deadline := time.Now().Add(6 * time.Second); ; time.Sleep(200 * time.Millisecond) {
		var r struct {
			UsageBuckets struct {
				Edges []struct{ Node struct{ Value int64 } }
			}
		}
		s.graphQL(t, admin, `query($a: ID!, $m: ID!) { usageBuckets(first: 100, where: {applicationID: $a, metricID: $m, granularity: DAY}) {
			edges { node { value } } } }`, map[string]any{"a": fx.appID, "m": metricID}, &r)
		sum = 0
		for _, e := range r.UsageBuckets.Edges {
			sum += e.Node.Value
		}
		if want(sum) || time.Now().After(deadline) {
			return sum
		}
	}
}

// tally counts what gateways were told, in units of the hits and search
// metrics: acknowledged (answered 2xx: counted for certain) and uncertain
// (sent without a usable answer, or answered 5xx: maybe counted).
type tally struct {
	mu                     sync.Mutex
	ackHits, ackSearch     int64
	maybeHits, maybeSearch int64
	admitted, denied       int64 // authrep 200 and 409
	unexpected             int64
	samples                []string // the first unexpected answers
}

// record adds one call carrying hits and search units (search units also
// count on hits, their parent) and returns the acknowledged hits so far.
func (y *tally) record(a answer, authrep bool, hits, search int64) int64 {
	y.mu.Lock()
	defer y.mu.Unlock()
	switch {
	case a.err == nil && (a.status == http.StatusOK || a.status == http.StatusAccepted):
		y.ackHits += hits
		y.ackSearch += search
		if authrep {
			y.admitted++
		}
	case a.err == nil && a.status == http.StatusConflict && authrep:
		y.denied++
	case a.sent() && (a.err != nil || a.status >= 500):
		y.maybeHits += hits
		y.maybeSearch += search
		y.note(a)
	case a.err != nil:
		y.note(a) // not sent: nothing happened
	default:
		y.unexpected++
		y.note(a)
	}
	return y.ackHits
}

func (y *tally) note(a answer) {
	if len(y.samples) < 5 {
		y.samples = append(y.samples, a.String())
	}
}

func (y *tally) String() string {
	y.mu.Lock()
	defer y.mu.Unlock()
	return fmt.Sprintf("acknowledged hits %d (search %d), uncertain hits %d (search %d), authrep admitted %d, denied %d, unexpected %d, sample failures %q",
		y.ackHits, y.ackSearch, y.maybeHits, y.maybeSearch, y.admitted, y.denied, y.unexpected, y.samples)
}

// snapshot returns the counts under the lock.
func (y *tally) snapshot() tally {
	y.mu.Lock()
	defer y.mu.Unlock()
	return tally{ackHits: y.ackHits, ackSearch: y.ackSearch, maybeHits: y.maybeHits, maybeSearch: y.maybeSearch,
		admitted: y.admitted, denied: y.denied, unexpected: y.unexpected}
}

// bounded runs workers goroutines calling step until step returns false,
// stop is set, each made calls steps, or d passed; it waits for all.
func bounded(workers, calls int, d time.Duration, stop *atomic.Bool, step func(worker, i int) bool) {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < calls && ctx.Err() == nil && !stop.Load(); i++ {
				if !step(w, i) {
					return
				}
			}
		}()
	}
	wg.Wait()
}
