package decision

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/portico-apim/portico/server/counter"
)

// exampleServer serves a one-service fixture at a fixed clock; seed is
// applied to application "a1" before the server starts, each delta at its
// own instant.
func exampleServer(t *testing.T, kind storeKind, now time.Time, limits []UsageLimit, seed map[time.Time]int64) *httptest.Server {
	t.Helper()
	data := Data{
		Services: []Service{{ID: "7", ProviderKey: "pk", AuthMode: AuthAppID, State: "active",
			Metrics: []Metric{{ID: "1", Name: "hits"}},
			Plans:   []Plan{{ID: "basic", Name: "Basic", Limits: limits}, {ID: "gold", Name: "Gold"}},
		}, {ID: "8", ProviderKey: "pk", AuthMode: AuthOAuth, State: "active",
			Plans: []Plan{{ID: "gold", Name: "Gold"}},
		}},
		Applications: []Application{
			{ServiceID: "7", ID: "a1", PlanID: "basic", State: "active"},
			{ServiceID: "8", ID: "c1", PlanID: "gold", State: "active", Keys: []string{"s3cret"}, RedirectURL: "https://cb.example/ok"},
		},
	}
	snap, err := NewSnapshot(data)
	if err != nil {
		t.Fatal(err)
	}
	store := newStore(t, kind, func() time.Time { return now })
	for at, n := range seed {
		u := []counter.Update{{Scope: counter.Scope{Service: "7", Application: "a1"}, At: at, Usage: []counter.Delta{{Metric: "1", Value: n}}}}
		if err := store.Apply(context.Background(), at, u); err != nil {
			t.Fatal(err)
		}
	}
	h, err := New(Config{Snapshots: NewHolder(snap), Counters: store, Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	h.Routes(mux)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

// TestSpecExamples reproduces the documents spec §3.4 shows, byte for byte.
func TestSpecExamples(t *testing.T) {
	noon := time.Date(2010, 5, 15, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name   string
		limits []UsageLimit
		seed   map[time.Time]int64
		target string
		status int
		want   string
	}{
		{
			name:   "authorized authrep",
			limits: []UsageLimit{{MetricID: "1", Period: counter.Day, Max: 100}, {MetricID: "1", Period: counter.Month, Max: 10000}},
			seed:   map[time.Time]int64{noon.Add(-3 * 24 * time.Hour): 2, noon.Add(-time.Hour): 3},
			target: "/transactions/authrep.xml?provider_key=pk&service_id=7&app_id=a1&usage%5Bhits%5D=1",
			status: 200,
			want:   `<?xml version="1.0" encoding="UTF-8"?><status><authorized>true</authorized><plan>Basic</plan><usage_reports><usage_report metric="hits" period="month"><period_start>2010-05-01 00:00:00 +0000</period_start><period_end>2010-06-01 00:00:00 +0000</period_end><max_value>10000</max_value><current_value>6</current_value></usage_report><usage_report metric="hits" period="day"><period_start>2010-05-15 00:00:00 +0000</period_start><period_end>2010-05-16 00:00:00 +0000</period_end><max_value>100</max_value><current_value>4</current_value></usage_report></usage_reports></status>`,
		},
		{
			name:   "denial",
			limits: []UsageLimit{{MetricID: "1", Period: counter.Day, Max: 100}},
			seed:   map[time.Time]int64{noon.Add(-time.Hour): 101},
			target: "/transactions/authorize.xml?provider_key=pk&service_id=7&app_id=a1",
			status: 409,
			want:   `<?xml version="1.0" encoding="UTF-8"?><status><authorized>false</authorized><reason>usage limits are exceeded</reason><plan>Basic</plan><usage_reports><usage_report metric="hits" period="day" exceeded="true"><period_start>2010-05-15 00:00:00 +0000</period_start><period_end>2010-05-16 00:00:00 +0000</period_end><max_value>100</max_value><current_value>101</current_value></usage_report></usage_reports></status>`,
		},
		{
			name:   "oauth_authorize",
			target: "/transactions/oauth_authorize.xml?provider_key=pk&service_id=8&app_id=c1",
			status: 200,
			want:   `<?xml version="1.0" encoding="UTF-8"?><status><authorized>true</authorized><application><id>c1</id><key>s3cret</key><redirect_url>https://cb.example/ok</redirect_url></application><plan>Gold</plan></status>`,
		},
	}
	for _, kind := range storeKinds() {
		t.Run(string(kind), func(t *testing.T) {
			for _, tt := range tests {
				t.Run(tt.name, func(t *testing.T) {
					srv := exampleServer(t, kind, noon, tt.limits, tt.seed)
					r := fetch(t, srv, tt.target, nil)
					if r.status != tt.status || string(r.body) != tt.want {
						t.Fatalf("got %d %s\nwant %d %s", r.status, r.body, tt.status, tt.want)
					}
				})
			}
		})
	}
}

// TestLimitHeaderExamples covers the examples of spec §5.3.
func TestLimitHeaderExamples(t *testing.T) {
	hourAndDay := []UsageLimit{{MetricID: "1", Period: counter.Hour, Max: 10}, {MetricID: "1", Period: counter.Day, Max: 100}}
	tests := []struct {
		name                   string
		now                    time.Time
		limits                 []UsageLimit
		seed                   map[time.Time]int64
		target                 string
		status                 int
		remaining, reset, maxV string
	}{
		{
			name: "day and hour 100, authrep 10", now: time.Date(2026, 5, 1, 20, 0, 0, 0, time.UTC),
			limits: []UsageLimit{{MetricID: "1", Period: counter.Hour, Max: 100}, {MetricID: "1", Period: counter.Day, Max: 100}},
			target: "/transactions/authrep.xml?provider_key=pk&service_id=7&app_id=a1&usage%5Bhits%5D=10",
			status: 200, remaining: "9", reset: "14400", maxV: "100",
		},
		{
			name: "hour 10 day 100, authrep 11 a second before the hour", now: time.Date(2026, 5, 1, 22, 59, 59, 0, time.UTC), limits: hourAndDay,
			target: "/transactions/authrep.xml?provider_key=pk&service_id=7&app_id=a1&usage%5Bhits%5D=11",
			status: 409, remaining: "0", reset: "1", maxV: "10",
		},
		{
			name: "sub-second clock rounds the reset up", now: time.Date(2026, 5, 1, 22, 59, 58, 500_000_000, time.UTC), limits: hourAndDay,
			target: "/transactions/authorize.xml?provider_key=pk&service_id=7&app_id=a1&usage%5Bhits%5D=3",
			status: 200, remaining: "3", reset: "2", maxV: "10",
		},
		{
			name: "authorize without usage over the limit", now: time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC),
			limits: []UsageLimit{{MetricID: "1", Period: counter.Day, Max: 100}},
			seed:   map[time.Time]int64{time.Date(2026, 5, 1, 11, 0, 0, 0, time.UTC): 101},
			target: "/transactions/authorize.xml?provider_key=pk&service_id=7&app_id=a1",
			status: 409, remaining: "0", reset: "43200", maxV: "100",
		},
	}
	for _, kind := range storeKinds() {
		t.Run(string(kind), func(t *testing.T) {
			for _, tt := range tests {
				t.Run(tt.name, func(t *testing.T) {
					srv := exampleServer(t, kind, tt.now, tt.limits, tt.seed)
					r := fetch(t, srv, tt.target, map[string]string{"3scale-options": "limit_headers=1"})
					if r.status != tt.status {
						t.Fatalf("status %d, want %d: %s", r.status, tt.status, r.body)
					}
					got := [3]string{r.header.Get("3scale-limit-remaining"), r.header.Get("3scale-limit-reset"), r.header.Get("3scale-limit-max-value")}
					if want := [3]string{tt.remaining, tt.reset, tt.maxV}; got != want {
						t.Fatalf("remaining/reset/max = %v, want %v", got, want)
					}
					raw := rawGet(t, srv, tt.target, "3scale-options: limit_headers=1&rejection_reason_header=1")
					if !strings.Contains(raw, "\r\n3scale-limit-remaining: ") {
						t.Fatalf("limit headers are not written in lower case:\n%s", raw)
					}
					if tt.status == 409 && !strings.Contains(raw, "\r\n3scale-rejection-reason: limits_exceeded\r\n") {
						t.Fatalf("rejection header is not written in lower case:\n%s", raw)
					}
				})
			}
		})
	}
}

// rawGet sends one request over a plain connection and returns the
// response bytes as received, header case included.
func rawGet(t *testing.T, srv *httptest.Server, target, header string) string {
	t.Helper()
	conn, err := net.Dial("tcp", srv.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(5 * time.Second))
	if _, err := fmt.Fprintf(conn, "GET %s HTTP/1.1\r\nHost: x\r\n%s\r\nConnection: close\r\n\r\n", target, header); err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(conn)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func fetch(t *testing.T, srv *httptest.Server, target string, header map[string]string) response {
	t.Helper()
	e := &env{t: t, srv: srv, client: srv.Client()}
	return e.do(http.MethodGet, target, header, "")
}
