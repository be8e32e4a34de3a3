package tracing

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
)

func env(vars map[string]string) func(string) string {
	return func(name string) string { return vars[name] }
}

func TestFromEnv(t *testing.T) {
	for _, c := range []struct {
		name     string
		vars     map[string]string
		endpoint string
		err      string
	}{
		{"nothing set: off", nil, "", ""},
		{"endpoint: on", map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": "http://collector:4318/"}, "http://collector:4318/v1/traces", ""},
		{"traces endpoint used as given", map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": "http://a:4318", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "https://b/otlp/traces"}, "https://b/otlp/traces", ""},
		{"exporter none", map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": "http://c:4318", "OTEL_TRACES_EXPORTER": "none"}, "", ""},
		{"SDK disabled", map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": "http://c:4318", "OTEL_SDK_DISABLED": "true"}, "", ""},
		{"gRPC refused", map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": "http://c:4317", "OTEL_EXPORTER_OTLP_PROTOCOL": "grpc"}, "", "OTEL_EXPORTER_OTLP_PROTOCOL \"grpc\""},
		{"not a URL", map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": "collector:4318"}, "", "OTEL_EXPORTER_OTLP_ENDPOINT"},
		{"unknown exporter", map[string]string{"OTEL_TRACES_EXPORTER": "zipkin"}, "", "OTEL_TRACES_EXPORTER \"zipkin\""},
		{"unknown sampler", map[string]string{"OTEL_TRACES_SAMPLER": "sometimes"}, "", "OTEL_TRACES_SAMPLER"},
		{"ratio out of range", map[string]string{"OTEL_TRACES_SAMPLER": "traceidratio", "OTEL_TRACES_SAMPLER_ARG": "2"}, "", "OTEL_TRACES_SAMPLER_ARG"},
		{"bad headers", map[string]string{"OTEL_EXPORTER_OTLP_HEADERS": "novalue"}, "", "OTEL_EXPORTER_OTLP_HEADERS"},
		{"bad timeout", map[string]string{"OTEL_EXPORTER_OTLP_TIMEOUT": "soon"}, "", "OTEL_EXPORTER_OTLP_TIMEOUT"},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := FromEnv(env(c.vars))
			if c.err != "" {
				if err == nil || !strings.Contains(err.Error(), c.err) {
					t.Fatalf("error %v, want one naming %s", err, c.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.Endpoint != c.endpoint || got.On() != (c.endpoint != "") {
				t.Fatalf("endpoint %q (on %v), want %q", got.Endpoint, got.On(), c.endpoint)
			}
		})
	}
	got, err := FromEnv(env(map[string]string{
		"OTEL_EXPORTER_OTLP_HEADERS": "api-key=a%20b, tenant=x", "OTEL_SERVICE_NAME": "edge",
		"OTEL_RESOURCE_ATTRIBUTES": "deployment.environment=prod", "OTEL_TRACES_SAMPLER": "parentbased_traceidratio",
		"OTEL_TRACES_SAMPLER_ARG": "0.25", "OTEL_EXPORTER_OTLP_TIMEOUT": "2500",
	}))
	if err != nil {
		t.Fatal(err)
	}
	if got.Headers["api-key"] != "a b" || got.Headers["tenant"] != "x" || got.ServiceName != "edge" ||
		got.Attributes["deployment.environment"] != "prod" || got.SamplerArg != 0.25 || got.Timeout.Milliseconds() != 2500 {
		t.Fatalf("parsed %+v", got)
	}
}

// TestOffInstallsNothing: with tracing off every hook is absent.
func TestOffInstallsNothing(t *testing.T) {
	tr, err := New(context.Background(), Config{}, "dev")
	if err != nil {
		t.Fatal(err)
	}
	if tr.On() || tr.Tracer() != nil || tr.Children() != nil || tr.GraphQL() != nil {
		t.Fatal("tracing off still hands out tracers or extensions")
	}
}

// TestChildrenOnlyUnderASpan: instrumented libraries start spans inside a
// traced request, and none for background work.
func TestChildrenOnlyUnderASpan(t *testing.T) {
	rec := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))
	tr := &Tracing{tp: tp, tracer: tp.Tracer("test")}
	lib := tr.Children().Tracer("sql")
	_, orphan := lib.Start(context.Background(), "sql.conn.query")
	orphan.End()
	ctx, parent := tr.Tracer().Start(context.Background(), "request")
	_, child := lib.Start(ctx, "sql.conn.query")
	child.End()
	parent.End()
	ended := rec.Ended()
	if len(ended) != 2 {
		t.Fatalf("%d spans ended, want the request and its one query", len(ended))
	}
	if ended[0].Name() != "sql.conn.query" || ended[0].Parent().SpanID() != parent.SpanContext().SpanID() {
		t.Fatalf("query span %q with parent %v", ended[0].Name(), ended[0].Parent().SpanID())
	}
}

// TestLogLinesCarryTraceIDs: a record logged with a span's context names
// the span; one without carries nothing more.
func TestLogLinesCarryTraceIDs(t *testing.T) {
	var buf bytes.Buffer
	log := slog.New(LogHandler(slog.NewJSONHandler(&buf, nil))).With("app", "portico")
	tp := sdktrace.NewTracerProvider()
	ctx, span := tp.Tracer("test").Start(context.Background(), "request")
	log.InfoContext(ctx, "inside")
	span.End()
	log.InfoContext(context.Background(), "outside")
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != 2 {
		t.Fatalf("%d lines", len(lines))
	}
	want := `"trace_id":"` + span.SpanContext().TraceID().String() + `","span_id":"` + span.SpanContext().SpanID().String() + `"`
	if !strings.Contains(lines[0], want) || !strings.Contains(lines[0], `"app":"portico"`) {
		t.Errorf("inside a span: %s, want %s", lines[0], want)
	}
	if strings.Contains(lines[1], "trace_id") {
		t.Errorf("outside any span: %s", lines[1])
	}
}
