package decision

import (
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"
)

// Outcome classifies how a transaction request ended, for an Observer.
type Outcome uint8

// Outcomes. Authorize and authrep end authorized, limited (409 over a usage
// limit), denied (409 for another reason: key, referrer, state) or
// rejected (a 4xx error document: credentials, parameters); a report ends
// accepted, or rejected when the batch or one of its transactions is
// invalid (answered 202 all the same, and logged as an integration
// error). Failed means the server could not answer (5xx: counter store,
// usage journal, panic).
const (
	OutcomeFailed Outcome = iota
	OutcomeAuthorized
	OutcomeLimited
	OutcomeDenied
	OutcomeRejected
	OutcomeAccepted
)

var outcomeNames = [...]string{"failed", "authorized", "limited", "denied", "rejected", "accepted"}

func (o Outcome) String() string {
	if int(o) < len(outcomeNames) {
		return outcomeNames[o]
	}
	return "failed"
}

// Endpoints as an Observer names them.
const (
	EndpointAuthorize      = "authorize"
	EndpointAuthRep        = "authrep"
	EndpointOAuthAuthorize = "oauth_authorize"
	EndpointOAuthAuthRep   = "oauth_authrep"
	EndpointReport         = "report"
)

var endpointNames = [...]string{EndpointAuthorize, EndpointAuthRep, EndpointOAuthAuthorize, EndpointOAuthAuthRep}

func (e endpoint) String() string { return endpointNames[e] }

// Observer is told how every transaction request ended: its endpoint, its
// outcome and, unless authorized or accepted, the error code (reason) the
// protocol gives, such as limits_exceeded or user_key_invalid. It is called
// on the request's goroutine, after the answer is written, and must be
// cheap.
type Observer interface {
	Decision(endpoint string, outcome Outcome, reason Code)
}

// endSpan ends a decision's span with how the request ended.
func endSpan(span trace.Span, rq *request) {
	span.SetAttributes(attribute.String("portico.outcome", rq.outcome.String()))
	if rq.reason != "" {
		span.SetAttributes(attribute.String("portico.reason", string(rq.reason)))
	}
	if rq.outcome == OutcomeFailed {
		span.SetStatus(codes.Error, "failed")
	}
	span.End()
}

// observe reports rq's outcome and clears it for the next request.
func (h *Handler) observe(endpoint string, rq *request) {
	if h.obs != nil {
		h.obs.Decision(endpoint, rq.outcome, rq.reason)
	}
	rq.outcome, rq.reason = OutcomeFailed, ""
}
