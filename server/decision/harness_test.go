package decision

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/xml"
	"flag"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/portico-apim/portico/server/counter"
	"github.com/portico-apim/portico/server/counter/clustertest"
)

func TestMain(m *testing.M) {
	flag.Parse()
	code := m.Run()
	clustertest.StopShared()
	os.Exit(code)
}

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// testNow is the fixed clock of the conformance tests: a Wednesday, half a
// minute past noon (UTC).
var testNow = time.Date(2026, 3, 18, 12, 0, 30, 0, time.UTC)

// fixtureData is the conformance fixture of spec §12.
func fixtureData() Data {
	metrics := []Metric{
		{ID: "1", Name: "hits"},
		{ID: "2", Name: "search", ParentID: "1"},
		{ID: "3", Name: "update", ParentID: "1"},
		{ID: "4", Name: "disabled"},
	}
	plans := []Plan{
		{ID: "p1", Name: "Basic", Limits: []UsageLimit{
			{MetricID: "1", Period: counter.Day, Max: 10},
			{MetricID: "1", Period: counter.Week, Max: 50},
			{MetricID: "1", Period: counter.Month, Max: 100},
			{MetricID: "2", Period: counter.Minute, Max: 5},
			{MetricID: "4", Period: counter.Day, Max: 0},
		}},
		{ID: "p2", Name: "Free"},
	}
	svc := func(id, pk string, mode AuthMode, state string, referrers bool) Service {
		return Service{ID: id, ProviderKey: pk, AuthMode: mode, State: state, ReferrerFiltersRequired: referrers, Metrics: metrics, Plans: plans}
	}
	return Data{
		Services: []Service{
			svc("1001", "pk1", AuthAppID, "active", false),
			svc("1002", "pk1", AuthUserKey, "active", false),
			svc("1003", "pk1", AuthOAuth, "active", false),
			svc("1004", "pk1", AuthAppID, "active", true),
			svc("1005", "pk1", AuthAppID, "suspended", false),
			svc("2001", "pk2", AuthAppID, "active", false),
		},
		DefaultServices: []DefaultService{{ProviderKey: "pk1", ServiceID: "1001"}},
		ServiceTokens:   []ServiceToken{{Token: "tok1", ServiceID: "1001"}},
		Applications: []Application{
			{ServiceID: "1001", ID: "app1", PlanID: "p1", State: "active", Keys: []string{"k1", "k2"}},
			{ServiceID: "1001", ID: "app2", PlanID: "p1", State: "active"},
			{ServiceID: "1001", ID: "app3", PlanID: "p1", State: "suspended"},
			{ServiceID: "1001", ID: "app4", PlanID: "p2", State: "active"},
			{ServiceID: "1002", ID: "u1", PlanID: "p1", State: "active", UserKey: "uk1"},
			{ServiceID: "1003", ID: "o1", PlanID: "p1", State: "active", Keys: []string{"osecret"}, RedirectURL: "https://cb.example/ok"},
			{ServiceID: "1004", ID: "r1", PlanID: "p2", State: "active", ReferrerFilters: []string{"*.example.org"}},
			{ServiceID: "1005", ID: "s1", PlanID: "p2", State: "active"},
			{ServiceID: "2001", ID: "x1", PlanID: "p2", State: "active"},
		},
	}
}

// usageRecorder is a UsageSink that keeps copies of what it receives.
type usageRecorder struct {
	mu   sync.Mutex
	recs []Usage
}

func (r *usageRecorder) Record(_ context.Context, batch []Usage) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, u := range batch {
		u.Metrics = append([]MetricUsage(nil), u.Metrics...)
		r.recs = append(r.recs, u)
	}
}

func (r *usageRecorder) all() []Usage {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Usage(nil), r.recs...)
}

// errorRecorder is an ErrorSink that keeps what it receives.
type errorRecorder struct {
	mu   sync.Mutex
	errs []IntegrationError
}

func (r *errorRecorder) RecordError(_ context.Context, e IntegrationError) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.errs = append(r.errs, e)
}

func (r *errorRecorder) all() []IntegrationError {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]IntegrationError(nil), r.errs...)
}

// env is one running decision server on a loopback httptest server.
type env struct {
	t      *testing.T
	store  counter.Store
	snaps  *Holder
	usage  *usageRecorder
	errs   *errorRecorder
	srv    *httptest.Server
	now    time.Time
	client *http.Client
}

type storeKind string

const (
	memoryStore storeKind = "memory"
	redisStore  storeKind = "redis"
	// clusterStore is a Redis Cluster of three masters the tests start on
	// loopback ports (see clustertest).
	clusterStore storeKind = "redis-cluster"
	// leaseStore is the Redis store with leases, deciding busy
	// applications in process.
	leaseStore storeKind = "redis-lease"
)

// storeKinds lists the counter stores every conformance case runs against.
func storeKinds() []storeKind { return []storeKind{memoryStore, redisStore, clusterStore, leaseStore} }

func newStore(t *testing.T, kind storeKind, now func() time.Time) counter.Store {
	t.Helper()
	switch kind {
	case redisStore:
		return newTestRedis(t)
	case leaseStore:
		return newTestRedisWith(t, counter.RedisConfig{Lease: time.Second})
	case clusterStore:
		return newClusterRedis(t)
	default:
		m, err := counter.NewMemory(counter.MemoryConfig{Now: now})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = m.Close() })
		return m
	}
}

// newTestRedis returns a Redis store with a key prefix of its own, or skips
// the test when PORTICO_TEST_REDIS_URL is unset.
func newTestRedis(t testing.TB) *counter.Redis {
	t.Helper()
	return newTestRedisWith(t, counter.RedisConfig{})
}

// newTestRedisWith is newTestRedis with cfg's options.
func newTestRedisWith(t testing.TB, cfg counter.RedisConfig) *counter.Redis {
	t.Helper()
	url := os.Getenv("PORTICO_TEST_REDIS_URL")
	if url == "" {
		t.Skip("PORTICO_TEST_REDIS_URL is not set")
	}
	var b [6]byte
	_, _ = rand.Read(b[:])
	prefix := "portico-test:" + hex.EncodeToString(b[:]) + ":"
	cfg.URL, cfg.KeyPrefix = url, prefix
	s, err := counter.NewRedis(context.Background(), cfg)
	if err != nil {
		t.Fatalf("redis store: %v", err)
	}
	t.Cleanup(func() {
		ctx := context.Background()
		var keys []string
		iter := s.Client().Scan(ctx, 0, prefix+"*", 1000).Iterator()
		for iter.Next(ctx) {
			keys = append(keys, iter.Val())
		}
		if len(keys) > 0 {
			s.Client().Del(ctx, keys...)
		}
		_ = s.Close()
	})
	return s
}

// newClusterRedis returns a store on the package's Redis Cluster under a key
// prefix of its own, whose keys are removed from every master when the test
// ends; it skips the test when redis-server is not installed.
func newClusterRedis(t testing.TB) *counter.Redis {
	t.Helper()
	c := clustertest.Shared(t)
	var b [6]byte
	_, _ = rand.Read(b[:])
	prefix := "portico-test:" + hex.EncodeToString(b[:]) + ":"
	s, err := counter.NewRedis(context.Background(), counter.RedisConfig{URL: c.URL(), Cluster: true, KeyPrefix: prefix})
	if err != nil {
		t.Fatalf("redis cluster store: %v", err)
	}
	t.Cleanup(func() {
		_ = s.Close()
		_ = c.DeletePrefix(context.Background(), prefix)
	})
	return s
}

func newEnv(t *testing.T, kind storeKind) *env {
	t.Helper()
	snap, err := NewSnapshot(fixtureData())
	if err != nil {
		t.Fatal(err)
	}
	e := &env{t: t, snaps: NewHolder(snap), usage: &usageRecorder{}, errs: &errorRecorder{}, now: testNow}
	clock := func() time.Time { return e.now }
	e.store = newStore(t, kind, clock)
	h, err := New(Config{Snapshots: e.snaps, Counters: e.store, Usage: e.usage, Errors: e.errs, Now: clock, Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	h.Routes(mux)
	e.srv = httptest.NewServer(mux)
	t.Cleanup(e.srv.Close)
	e.client = e.srv.Client()
	return e
}

// response is a received response with its body read.
type response struct {
	status int
	header http.Header
	body   []byte
}

func (e *env) do(method, target string, header map[string]string, body string) response {
	e.t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, e.srv.URL+target, rd)
	if err != nil {
		e.t.Fatal(err)
	}
	for k, v := range header {
		req.Header[k] = []string{v}
	}
	res, err := e.client.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		e.t.Fatal(err)
	}
	return response{status: res.StatusCode, header: res.Header, body: b}
}

func (e *env) get(target string, header map[string]string) response {
	return e.do(http.MethodGet, target, header, "")
}

// report posts a form-encoded report body.
func (e *env) report(body string) response {
	e.t.Helper()
	r := e.do(http.MethodPost, "/transactions.xml", map[string]string{"Content-Type": "application/x-www-form-urlencoded"}, body)
	if r.status != http.StatusAccepted {
		e.t.Fatalf("report %q: status %d, body %s", body, r.status, r.body)
	}
	return r
}

// counter reads one counter of an application of service 1001.
func (e *env) counter(app, metricID string, p counter.Period) int64 {
	e.t.Helper()
	return e.counterIn("1001", app, metricID, p, e.now)
}

func (e *env) counterIn(service, app, metricID string, p counter.Period, at time.Time) int64 {
	e.t.Helper()
	v, err := e.store.Values(context.Background(), counter.Scope{Service: service, Application: app}, at, []counter.Bucket{{Metric: metricID, Period: p}}, nil)
	if err != nil {
		e.t.Fatal(err)
	}
	return v[0]
}

// statusXML is the decoded <status> or <error> document.
type statusXML struct {
	XMLName     xml.Name
	Code        string  `xml:"code,attr"`
	Text        string  `xml:",chardata"`
	Authorized  string  `xml:"authorized"`
	Reason      string  `xml:"reason"`
	Plan        *string `xml:"plan"`
	Application *struct {
		ID          string  `xml:"id"`
		Key         string  `xml:"key"`
		RedirectURL *string `xml:"redirect_url"`
		RedirectURI *string `xml:"redirect_uri"`
	} `xml:"application"`
	UsageReports *struct {
		Reports []reportXML `xml:"usage_report"`
	} `xml:"usage_reports"`
	AppKeys *struct {
		App  string `xml:"app,attr"`
		Svc  string `xml:"svc,attr"`
		Keys []struct {
			ID string `xml:"id,attr"`
		} `xml:"key"`
	} `xml:"app_keys"`
	Hierarchy *struct {
		Metrics []struct {
			Name     string `xml:"name,attr"`
			Children string `xml:"children,attr"`
		} `xml:"metric"`
	} `xml:"hierarchy"`
}

type reportXML struct {
	Metric      string  `xml:"metric,attr"`
	Period      string  `xml:"period,attr"`
	Exceeded    string  `xml:"exceeded,attr"`
	PeriodStart *string `xml:"period_start"`
	PeriodEnd   *string `xml:"period_end"`
	MaxValue    int64   `xml:"max_value"`
	Current     int64   `xml:"current_value"`
}

func (s *statusXML) report(metric, period string) *reportXML {
	if s.UsageReports == nil {
		return nil
	}
	for i := range s.UsageReports.Reports {
		if r := &s.UsageReports.Reports[i]; r.Metric == metric && r.Period == period {
			return r
		}
	}
	return nil
}

func parseDoc(t *testing.T, body []byte) *statusXML {
	t.Helper()
	wellFormed(t, body)
	var s statusXML
	if err := xml.Unmarshal(body, &s); err != nil {
		t.Fatalf("decode %s: %v", body, err)
	}
	return &s
}

// wellFormed fails unless body is one well-formed XML document.
func wellFormed(t testing.TB, body []byte) {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(string(body)))
	for {
		_, err := d.Token()
		if err == io.EOF {
			return
		}
		if err != nil {
			t.Fatalf("not well-formed XML: %v\n%s", err, body)
		}
	}
}

// golden compares body with testdata/<name>.xml, rewriting it with -update.
func golden(t *testing.T, name string, body []byte) {
	t.Helper()
	path := filepath.Join("testdata", name+".xml")
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, body, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("golden file: %v (run with -update to create it)", err)
	}
	if string(want) != string(body) {
		t.Fatalf("body differs from %s\n got: %s\nwant: %s", path, body, want)
	}
}
