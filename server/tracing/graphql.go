package tracing

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"
)

// GraphQL returns a gqlgen extension that spans every operation and its
// top-level resolvers (the query and mutation fields, where the work is);
// nil when tracing is off.
func (t *Tracing) GraphQL() graphql.HandlerExtension {
	if !t.On() {
		return nil
	}
	return gqlTracer{tracer: t.tracer}
}

type gqlTracer struct{ tracer trace.Tracer }

// roots are the schema's operation types.
var roots = map[string]bool{"Query": true, "Mutation": true, "Subscription": true}

var (
	_ graphql.ResponseInterceptor = gqlTracer{}
	_ graphql.FieldInterceptor    = gqlTracer{}
)

func (gqlTracer) ExtensionName() string                   { return "Tracing" }
func (gqlTracer) Validate(graphql.ExecutableSchema) error { return nil }

func (g gqlTracer) InterceptResponse(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	if !graphql.HasOperationContext(ctx) {
		return next(ctx)
	}
	oc := graphql.GetOperationContext(ctx)
	name, typ := oc.OperationName, "query"
	if oc.Operation != nil {
		typ = string(oc.Operation.Operation)
		if name == "" {
			name = oc.Operation.Name
		}
	}
	if name == "" {
		name = "anonymous"
	}
	ctx, span := g.tracer.Start(ctx, "graphql "+typ+" "+name, trace.WithAttributes(
		attribute.String("graphql.operation.name", name), attribute.String("graphql.operation.type", typ)))
	defer span.End()
	resp := next(ctx)
	if resp != nil && len(resp.Errors) > 0 {
		span.SetStatus(codes.Error, resp.Errors[0].Message)
	}
	return resp
}

func (g gqlTracer) InterceptField(ctx context.Context, next graphql.Resolver) (any, error) {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil || !fc.IsResolver || !roots[fc.Object] {
		return next(ctx) // only the operation's own fields
	}
	ctx, span := g.tracer.Start(ctx, "resolve "+fc.Object+"."+fc.Field.Name,
		trace.WithAttributes(attribute.String("graphql.field.path", fc.Path().String())))
	defer span.End()
	res, err := next(ctx)
	if err != nil {
		span.RecordError(err)
		span.SetStatus(codes.Error, err.Error())
	}
	return res, err
}
