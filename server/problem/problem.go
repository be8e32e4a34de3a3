// Package problem defines Portico's error kinds (not found, invalid,
// conflict, forbidden, unauthenticated, unavailable) and classifies any error
// into one, so each interface maps kinds to its own wire format in one place.
package problem

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/lib/pq"

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
	Kind  Kind
	Field string
	// In names the map of values by field name that Field is a key of
	// (fields, accountFields), when the value came in one; see In.
	In      string
	Message string
	// RetryAfter is set when the principal must wait before trying again
	// (throttling); HTTP answers 429 with a Retry-After header.
	RetryAfter time.Duration
	Err        error
}

func (e *Error) Error() string {
	if e.Field != "" {
		return e.Field + ": " + e.Message
	}
	return e.Message
}

func (e *Error) Unwrap() error { return e.Err }

// In marks err, when it concerns one field and that field is not one of
// own, as concerning a value of the map of values by field name called
// group: an API then names the field by its place in that map
// (fields.tax_id). Other errors are returned unchanged.
func In(err error, group string, own ...string) error {
	if err == nil {
		return nil
	}
	p := Classify(err)
	if p.Field == "" || p.In != "" || slices.Contains(own, p.Field) {
		return err
	}
	q := *p
	q.In = group
	return &q
}

// NotFound reports a missing (or invisible) record.
func NotFound(format string, args ...any) *Error {
	return &Error{Kind: KindNotFound, Message: fmt.Sprintf(format, args...)}
}

// Invalid reports a bad value of one field.
func Invalid(field, format string, args ...any) *Error {
	return &Error{Kind: KindInvalid, Field: field, Message: fmt.Sprintf(format, args...)}
}

// NotFoundIf turns ent's not-found error into a NotFound naming what was
// looked for; any other error (or nil) is returned unchanged.
func NotFoundIf(err error, format string, args ...any) error {
	if ent.IsNotFound(err) {
		return NotFound(format, args...)
	}
	return err
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

// Throttled reports a principal that must wait before trying again: a
// FORBIDDEN error carrying how long.
func Throttled(retryAfter time.Duration, format string, args ...any) *Error {
	return &Error{Kind: KindForbidden, Message: fmt.Sprintf(format, args...), RetryAfter: retryAfter}
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
		return referenceProblem(re)
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
	case errors.Is(err, schema.ErrForbidden):
		return &Error{Kind: KindForbidden, Message: "this area is not among your permissions", Err: err}
	case errors.Is(err, schema.ErrNoFinanceScope):
		return &Error{Kind: KindForbidden, Message: "the access token lacks the finance scope", Err: err}
	case errors.Is(err, schema.ErrReadOnly):
		return &Error{Kind: KindForbidden, Message: "this access token is read-only", Err: err}
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, context.Canceled):
		return &Error{Kind: KindUnavailable, Message: "the request timed out", Err: err}
	}
	return &Error{Kind: KindInternal, Message: "internal error", Err: err}
}

// referenceProblem reports an edge pointing at a missing row on the input
// field that names it: product_id for the edge "product", feature_ids for
// the edge "features".
func referenceProblem(re *store.ReferenceError) *Error {
	name, field := re.Edge, re.Edge+"_id"
	if plural, ok := strings.CutSuffix(re.Edge, "s"); ok {
		name, field = plural, plural+"_ids"
	}
	return &Error{Kind: KindNotFound, Field: field, Message: fmt.Sprintf("%s %d not found", strings.ReplaceAll(name, "_", " "), re.ID), Err: re}
}

func validationMessage(ve *ent.ValidationError) string {
	inner := errors.Unwrap(ve)
	if inner == nil {
		return "is invalid"
	}
	// ent wraps the validator's own error in text naming the Go field
	// ("ent: validator failed for field \"Product.system_name\": …"); the
	// client sees only the validator's words.
	if own := errors.Unwrap(inner); own != nil {
		inner = own
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
		return &Error{Kind: KindConflict, Field: uniqueField(ce), Message: "is already taken", Err: ce}
	}
	return &Error{Kind: KindConflict, Message: "the change conflicts with existing data", Err: ce}
}

// uniqueField names the field of a violated unique index: its last column,
// since every unique index lists its scope first (tenant_id, system_name;
// plan_id, metric_id, period). PostgreSQL names the columns in the error's
// detail ("Key (tenant_id, system_name)=(…) already exists."), SQLite in its
// message ("UNIQUE constraint failed: products.tenant_id, products.system_name").
func uniqueField(ce *ent.ConstraintError) string {
	var cols string
	var pqErr *pq.Error
	if errors.As(ce, &pqErr) {
		_, rest, ok := strings.Cut(pqErr.Detail, "Key (")
		if !ok {
			return ""
		}
		cols, _, _ = strings.Cut(rest, ")=")
	} else {
		_, rest, ok := strings.Cut(ce.Error(), "UNIQUE constraint failed: ")
		if !ok {
			return ""
		}
		cols, _, _ = strings.Cut(rest, " (")
	}
	list := strings.Split(cols, ",")
	last := strings.TrimSpace(list[len(list)-1])
	if _, col, ok := strings.Cut(last, "."); ok {
		last = col
	}
	return strings.Trim(last, `"`)
}
