package decision

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"

	"github.com/portico-apim/portico/server/counter"
)

// benchHandler builds a handler on the conformance fixture with a large
// enough plan that the benchmark never hits a limit.
func benchHandler(b *testing.B, store counter.Store) http.Handler {
	return benchHandlerTraced(b, store, nil)
}

func benchHandlerTraced(b *testing.B, store counter.Store, tracer trace.Tracer) http.Handler {
	b.Helper()
	data := fixtureData()
	data.Services[0].Plans = append(data.Services[0].Plans, Plan{ID: "big", Name: "Big", Limits: []UsageLimit{
		{MetricID: "1", Period: counter.Day, Max: 1 << 60}, {MetricID: "1", Period: counter.Month, Max: 1 << 60},
		{MetricID: "1", Period: counter.Minute, Max: 1 << 60},
	}})
	data.Applications = append(data.Applications, Application{ServiceID: "1001", ID: "bench", PlanID: "big", State: "active", Keys: []string{"secret"}})
	for i := range 10 {
		data.Applications = append(data.Applications, Application{ServiceID: "1001", ID: fmt.Sprintf("bench%d", i), PlanID: "big", State: "active"})
	}
	snap, err := NewSnapshot(data)
	if err != nil {
		b.Fatal(err)
	}
	h, err := New(Config{Snapshots: NewHolder(snap), Counters: store, Now: time.Now, Tracer: tracer})
	if err != nil {
		b.Fatal(err)
	}
	mux := http.NewServeMux()
	h.Routes(mux)
	return mux
}

func benchmarkAuthRep(b *testing.B, store counter.Store) {
	benchmarkAuthRepHandler(b, benchHandler(b, store))
}

func benchmarkAuthRepHandler(b *testing.B, h http.Handler) {
	benchmarkAuthRepOptions(b, h, "")
}

// benchmarkAuthRepOptions is benchmarkAuthRepHandler with a 3scale-options
// header, unless options is empty.
func benchmarkAuthRepOptions(b *testing.B, h http.Handler, options string) {
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		req := httptest.NewRequest(http.MethodGet, "/transactions/authrep.xml?service_token=tok1&service_id=1001&app_id=bench&app_key=secret&usage%5Bhits%5D=1", nil)
		if options != "" {
			req.Header.Set("3scale-options", options)
		}
		for pb.Next() {
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != http.StatusOK {
				b.Fatalf("status %d: %s", rec.Code, rec.Body.Bytes())
			}
		}
	})
}

func BenchmarkAuthRepMemory(b *testing.B) {
	m, err := counter.NewMemory(counter.MemoryConfig{})
	if err != nil {
		b.Fatal(err)
	}
	defer m.Close()
	benchmarkAuthRep(b, m)
}

// BenchmarkAuthRepRateLimitFields is BenchmarkAuthRepMemory with the
// RateLimit fields asked for: what they add to an answer.
func BenchmarkAuthRepRateLimitFields(b *testing.B) {
	m, err := counter.NewMemory(counter.MemoryConfig{})
	if err != nil {
		b.Fatal(err)
	}
	defer m.Close()
	benchmarkAuthRepOptions(b, benchHandler(b, m), "rate_limit_headers=1")
}

func BenchmarkAuthRepRedis(b *testing.B) {
	benchmarkAuthRep(b, newTestRedis(b))
}

// BenchmarkReportMemory posts batches of 10 transactions of one
// application.
func BenchmarkReportMemory(b *testing.B) {
	m, err := counter.NewMemory(counter.MemoryConfig{})
	if err != nil {
		b.Fatal(err)
	}
	defer m.Close()
	benchmarkReport(b, benchHandler(b, m), func(int) string { return "bench" })
}

// BenchmarkReport10 posts batches of 10 transactions of 10 applications,
// as gateways buffering their traffic send them, to each store.
func BenchmarkReport10(b *testing.B) {
	apps := func(i int) string { return fmt.Sprintf("bench%d", i) }
	b.Run("memory", func(b *testing.B) {
		m, err := counter.NewMemory(counter.MemoryConfig{})
		if err != nil {
			b.Fatal(err)
		}
		defer m.Close()
		benchmarkReport(b, benchHandler(b, m), apps)
	})
	b.Run("redis", func(b *testing.B) {
		benchmarkReport(b, benchHandler(b, newTestRedis(b)), apps)
	})
	b.Run("redis-lease", func(b *testing.B) {
		benchmarkReport(b, benchHandler(b, newTestRedisWith(b, counter.RedisConfig{Lease: time.Second})), apps)
	})
}

// benchmarkReport posts batches of 10 transactions, the i-th of
// application app(i), each with usage[hits]=1.
func benchmarkReport(b *testing.B, h http.Handler, app func(i int) string) {
	var body strings.Builder
	for i := range 10 {
		fmt.Fprintf(&body, "&transactions%%5B%d%%5D%%5Bapp_id%%5D=%s&transactions%%5B%d%%5D%%5Busage%%5D%%5Bhits%%5D=1", i, app(i), i)
	}
	form := "service_token=tok1&service_id=1001" + body.String()
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			req := httptest.NewRequest(http.MethodPost, "/transactions.xml", strings.NewReader(form))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != http.StatusAccepted {
				b.Fatalf("status %d: %s", rec.Code, rec.Body.Bytes())
			}
		}
	})
}

// BenchmarkAuthRepTracing compares authrep with tracing off (no tracer: the
// allocations must equal BenchmarkAuthRepMemory's) and on, with every span
// sampled and dropped unexported.
func BenchmarkAuthRepTracing(b *testing.B) {
	for _, on := range []bool{false, true} {
		name := "off"
		var tracer trace.Tracer
		if on {
			name = "on"
			tp := sdktrace.NewTracerProvider(sdktrace.WithSampler(sdktrace.AlwaysSample()))
			defer tp.Shutdown(context.Background())
			tracer = tp.Tracer("bench")
		}
		b.Run(name, func(b *testing.B) {
			m, err := counter.NewMemory(counter.MemoryConfig{})
			if err != nil {
				b.Fatal(err)
			}
			defer m.Close()
			benchmarkAuthRepHandler(b, benchHandlerTraced(b, m, tracer))
		})
	}
}
