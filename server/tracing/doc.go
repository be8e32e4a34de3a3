// Package tracing owns Portico's OpenTelemetry traces: configured from the
// standard OTEL_* variables, exported over OTLP/HTTP, and off unless an
// endpoint is named. When it is off nothing is installed anywhere (no
// middleware, no driver wrapper, no hooks), so the decision path pays
// nothing. When it is on, spans cover HTTP requests (named by route
// pattern), GraphQL operations and top-level resolvers, the Service
// Management API's decisions, SQL statements and Redis commands made on
// behalf of a traced request, and background job runs; log lines written
// with a request's context carry its trace_id and span_id.
package tracing
