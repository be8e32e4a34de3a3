package tracing

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
	"go.opentelemetry.io/otel/trace"
	"go.opentelemetry.io/otel/trace/embedded"
)

const scope = "github.com/portico-apim/portico"

// Tracing is the process's tracer provider, or nothing when tracing is off.
type Tracing struct {
	tp     *sdktrace.TracerProvider
	tracer trace.Tracer
	prop   propagation.TextMapPropagator
}

// Off is tracing that is off.
var Off = &Tracing{}

// New starts exporting spans as cfg says; with cfg off it returns Off.
func New(ctx context.Context, cfg Config, version string) (*Tracing, error) {
	if !cfg.On() {
		return Off, nil
	}
	exp, err := otlptracehttp.New(ctx,
		otlptracehttp.WithEndpointURL(cfg.Endpoint),
		otlptracehttp.WithHeaders(cfg.Headers),
		otlptracehttp.WithTimeout(cfg.Timeout),
	)
	if err != nil {
		return nil, fmt.Errorf("tracing: %w", err)
	}
	attrs := []attribute.KeyValue{semconv.ServiceName(cfg.ServiceName), semconv.ServiceVersion(version)}
	for k, v := range cfg.Attributes {
		attrs = append(attrs, attribute.String(k, v))
	}
	res, err := resource.Merge(resource.Default(), resource.NewSchemaless(attrs...))
	if err != nil {
		return nil, fmt.Errorf("tracing: %w", err)
	}
	tp := sdktrace.NewTracerProvider(
		sdktrace.WithBatcher(exp, sdktrace.WithBatchTimeout(cfg.BatchDelay)),
		sdktrace.WithResource(res),
		sdktrace.WithSampler(sampler(cfg)),
	)
	return &Tracing{
		tp:     tp,
		tracer: tp.Tracer(scope),
		prop:   propagation.NewCompositeTextMapPropagator(propagation.TraceContext{}, propagation.Baggage{}),
	}, nil
}

func sampler(cfg Config) sdktrace.Sampler {
	switch cfg.Sampler {
	case "always_on":
		return sdktrace.AlwaysSample()
	case "always_off":
		return sdktrace.NeverSample()
	case "traceidratio":
		return sdktrace.TraceIDRatioBased(cfg.SamplerArg)
	case "parentbased_always_off":
		return sdktrace.ParentBased(sdktrace.NeverSample())
	case "parentbased_traceidratio":
		return sdktrace.ParentBased(sdktrace.TraceIDRatioBased(cfg.SamplerArg))
	}
	return sdktrace.ParentBased(sdktrace.AlwaysSample())
}

// On reports whether spans are exported.
func (t *Tracing) On() bool { return t.tp != nil }

// Tracer starts Portico's own spans; nil when tracing is off, so that
// callers on hot paths skip them with one comparison.
func (t *Tracing) Tracer() trace.Tracer {
	if !t.On() {
		return nil
	}
	return t.tracer
}

// Children is a tracer provider for instrumented libraries (SQL, Redis)
// whose spans are only worth having inside a traced request: a call with no
// span in its context starts none, so background work does not flood the
// collector with one-statement traces. Nil when tracing is off.
func (t *Tracing) Children() trace.TracerProvider {
	if !t.On() {
		return nil
	}
	return childProvider{tp: t.tp}
}

// Handler wraps next in a server span per request, named by name(r) (the
// route pattern), continuing a trace the caller propagates. With tracing
// off it returns next itself.
func (t *Tracing) Handler(next http.Handler, name func(*http.Request) string) http.Handler {
	if !t.On() {
		return next
	}
	return otelhttp.NewHandler(next, "http",
		otelhttp.WithTracerProvider(t.tp),
		otelhttp.WithPropagators(t.prop),
		otelhttp.WithSpanNameFormatter(func(_ string, r *http.Request) string { return name(r) }),
	)
}

// Job records a background job's run that took took and ended with err,
// as a span of its own. Nothing when tracing is off.
func (t *Tracing) Job(name string, took time.Duration, err error) {
	if !t.On() {
		return
	}
	end := time.Now()
	_, span := t.tracer.Start(context.Background(), "job "+name,
		trace.WithTimestamp(end.Add(-took)), trace.WithAttributes(attribute.String("portico.job", name)))
	if err != nil {
		span.RecordError(err)
		span.SetStatus(codes.Error, err.Error())
	}
	span.End(trace.WithTimestamp(end))
}

// Shutdown exports what is buffered and stops.
func (t *Tracing) Shutdown(ctx context.Context) error {
	if !t.On() {
		return nil
	}
	return t.tp.Shutdown(ctx)
}

// childProvider hands out tracers that start spans only under a span.
type childProvider struct {
	embedded.TracerProvider
	tp trace.TracerProvider
}

func (p childProvider) Tracer(name string, opts ...trace.TracerOption) trace.Tracer {
	return childTracer{t: p.tp.Tracer(name, opts...)}
}

type childTracer struct {
	embedded.Tracer
	t trace.Tracer
}

func (c childTracer) Start(ctx context.Context, name string, opts ...trace.SpanStartOption) (context.Context, trace.Span) {
	if !trace.SpanContextFromContext(ctx).IsValid() {
		return ctx, trace.SpanFromContext(ctx) // a non-recording span
	}
	return c.t.Start(ctx, name, opts...)
}

// LogHandler adds the trace_id and span_id of the span in a record's
// context to the record, when there is one.
func LogHandler(h slog.Handler) slog.Handler { return logHandler{h} }

type logHandler struct{ slog.Handler }

func (l logHandler) Handle(ctx context.Context, r slog.Record) error {
	if sc := trace.SpanContextFromContext(ctx); sc.IsValid() {
		r = r.Clone()
		r.AddAttrs(slog.String("trace_id", sc.TraceID().String()), slog.String("span_id", sc.SpanID().String()))
	}
	return l.Handler.Handle(ctx, r)
}

func (l logHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	return logHandler{l.Handler.WithAttrs(attrs)}
}

func (l logHandler) WithGroup(name string) slog.Handler { return logHandler{l.Handler.WithGroup(name)} }

var _ trace.TracerProvider = childProvider{}
