// Package problem defines Portico's error kinds (not found, invalid,
// conflict, forbidden, unauthenticated, unavailable) and classifies any error
// into one, so each interface maps kinds to its own wire format in one place.
package problem

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/portico-apim/portico/ent"
	"github.com/portico-apim/portico/schema"
	"github.com/portico-apim/portico/server/store"
)

// Kind classifies an error for clients.
type Kind string

const (
	KindNotFound        Kind = "NOT_FOUND"
	KindInvalid         Kind = "VALIDATION"
	KindConflict        Kind = "CONFLICT"
	KindForbidden       Kind = "FORBIDDEN"
	KindUnauthenticated Kind = "UNAUTHENTICATED"
	KindUnavailable     Kind = "UNAVAILABLE"
	KindInternal        Kind = "INTERNAL"
)

// Error is an error a client may see: a kind, a message safe to show, and
// for validation errors the field it concerns (snake_case as stored).
type Error struct {
	Kind    Kind
	Field   string
	Message string
	Err     error
}

func (e *Error) Error() string {
	if e.Field != "" {
		return e.Field + ": " + e.Message
	}
	return e.Message
}

func (e *Error) Unwrap() error { return e.Err }

// NotFound reports a missing (or invisible) record.
func NotFound(format string, args ...any) *Error {
	return &Error{Kind: KindNotFound, Message: fmt.Sprintf(format, args...)}
}

// Invalid reports a bad value of one field.
func Invalid(field, format string, args ...any) *Error {
	return &Error{Kind: KindInvalid, Field: field, Message: fmt.Sprintf(format, args...)}
}

// Conflict reports a request that clashes with the current state.
func Conflict(format string, args ...any) *Error {
	return &Error{Kind: KindConflict, Message: fmt.Sprintf(format, args...)}
}

// Forbidden reports a principal lacking the right.
func Forbidden(format string, args ...any) *Error {
	return &Error{Kind: KindForbidden, Message: fmt.Sprintf(format, args...)}
}

// Unauthenticated reports missing or bad credentials.
func Unauthenticated(format string, args ...any) *Error {
	return &Error{Kind: KindUnauthenticated, Message: fmt.Sprintf(format, args...)}
}

// Classify maps any error to a client-safe *Error. Errors it does not know
// become KindInternal with a generic message; the caller logs the original.
func Classify(err error) *Error {
	if err == nil {
		return nil
	}
	var pe *Error
	if errors.As(err, &pe) {
		return pe
	}
	var fe *schema.FieldError
	if errors.As(err, &fe) {
		return &Error{Kind: KindInvalid, Field: fe.Field, Message: fe.Err.Error(), Err: err}
	}
	var re *store.ReferenceError
	if errors.As(err, &re) {
		return &Error{Kind: KindNotFound, Field: re.Edge, Message: fmt.Sprintf("%s %d not found", strings.ReplaceAll(re.Edge, "_", " "), re.ID), Err: err}
	}
	var ve *ent.ValidationError
	if errors.As(err, &ve) {
		return &Error{Kind: KindInvalid, Field: ve.Name, Message: validationMessage(ve), Err: err}
	}
	var nf *ent.NotFoundError
	if errors.As(err, &nf) {
		return &Error{Kind: KindNotFound, Message: "not found", Err: err}
	}
	if ent.IsNotSingular(err) {
		return &Error{Kind: KindConflict, Message: "more than one record matches", Err: err}
	}
	var ce *ent.ConstraintError
	if errors.As(err, &ce) {
		return constraintProblem(ce)
	}
	switch {
	case errors.Is(err, schema.ErrNoViewer):
		return &Error{Kind: KindUnauthenticated, Message: "authentication required", Err: err}
	case errors.Is(err, schema.ErrReadOnly):
		return &Error{Kind: KindForbidden, Message: "this access token is read-only", Err: err}
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, context.Canceled):
		return &Error{Kind: KindUnavailable, Message: "the request timed out", Err: err}
	}
	return &Error{Kind: KindInternal, Message: "internal error", Err: err}
}

func validationMessage(ve *ent.ValidationError) string {
	inner := errors.Unwrap(ve)
	if inner == nil {
		return "is invalid"
	}
	msg := inner.Error()
	// ent's built-in validators say "value out of range" and the like.
	switch {
	case strings.Contains(msg, "value out of range"):
		return "is out of range"
	case strings.Contains(msg, "value is less than the required length"):
		return "must not be empty"
	case strings.Contains(msg, "value is greater than the required length"):
		return "is too long"
	case strings.HasPrefix(msg, "invalid enum value"):
		return "is not an allowed value"
	}
	return msg
}

func constraintProblem(ce *ent.ConstraintError) *Error {
	msg := strings.ToLower(ce.Error())
	switch {
	case strings.Contains(msg, "foreign key"):
		return &Error{Kind: KindNotFound, Message: "a referenced record does not exist", Err: ce}
	case strings.Contains(msg, "unique") || strings.Contains(msg, "duplicate"):
		return &Error{Kind: KindConflict, Field: uniqueField(msg), Message: "is already taken", Err: ce}
	}
	return &Error{Kind: KindConflict, Message: "the change conflicts with existing data", Err: ce}
}

// uniqueField names the field of a violated unique index when the database
// says which (index names end in the field, e.g. product_tenant_id_system_name).
func uniqueField(msg string) string {
	for _, f := range []string{"system_name", "friendly_name", "user_key", "app_id", "username", "email", "admin_domain", "token_hash", "value", "product_id_backend_id", "plan_id_metric_id_period", "account_id_product_id"} {
		if strings.Contains(msg, f) {
			switch f {
			case "product_id_backend_id":
				return "backend_id"
			case "plan_id_metric_id_period":
				return "period"
			case "account_id_product_id":
				return "product_id"
			}
			return f
		}
	}
	return ""
}
