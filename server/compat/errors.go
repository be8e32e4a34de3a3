package compat

import (
	"encoding/xml"
	"errors"
	"log/slog"
	"net/http"
	"strings"

	"github.com/portico-apim/portico/server/problem"
)

// 3scale's error texts (spec §1.6).
const (
	msgAccessDenied = "Access denied"
	msgPermissions  = "Your access token does not have the correct permissions"
)

// errAccessDenied is a missing or refused credential.
var errAccessDenied = &problem.Error{Kind: problem.KindUnauthenticated, Message: msgAccessDenied}

// errPermissions is a credential whose scopes, sections or permission do
// not allow the call.
var errPermissions = &problem.Error{Kind: problem.KindForbidden, Message: msgPermissions}

// errNotAcceptable is an extension a route does not speak.
var errNotAcceptable = errors.New("not acceptable")

// writeError answers err in the format asked for, with 3scale's status and
// body for its kind. Internal errors are logged, never shown.
func writeError(w http.ResponseWriter, r *http.Request, log *slog.Logger, f Format, master bool, err error) {
	if errors.Is(err, errNotAcceptable) {
		writeBody(w, f, http.StatusNotAcceptable, errorBody(f, "Not acceptable format"))
		return
	}
	p := problem.Classify(err)
	switch p.Kind {
	case problem.KindUnauthenticated:
		if master {
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			w.WriteHeader(http.StatusUnauthorized)
			_, _ = w.Write([]byte("unauthorized"))
			return
		}
		writeBody(w, f, http.StatusForbidden, errorBody(f, msgAccessDenied))
	case problem.KindForbidden:
		switch {
		case p.Message == msgAccessDenied:
			writeBody(w, f, http.StatusForbidden, errorBody(f, msgAccessDenied))
		case errors.Is(err, errPermissions) || p.Message == msgPermissions:
			writeBody(w, f, http.StatusForbidden, errorBody(f, msgPermissions))
		case errors.Is(err, errFinanceOff):
			writeBody(w, f, http.StatusForbidden, errorBody(f, errFinanceOff.Message))
		case f == JSON:
			// A team member without the section for the action (spec §1.6).
			writeBody(w, f, http.StatusForbidden, []byte(`{"status":"Forbidden"}`))
		default:
			w.Header().Set("Content-Type", f.contentType())
			w.WriteHeader(http.StatusForbidden)
		}
	case problem.KindNotFound:
		if f == JSON {
			writeBody(w, f, http.StatusNotFound, []byte(`{"status":"Not found"}`))
			return
		}
		w.Header().Set("Content-Type", f.contentType())
		w.WriteHeader(http.StatusNotFound)
	case problem.KindInvalid, problem.KindConflict:
		// A refused deletion is 403 with the error list (spec §0.4), unless
		// it is a refused state event.
		status := http.StatusUnprocessableEntity
		if r.Method == http.MethodDelete && p.Field != "state" {
			status = http.StatusForbidden
		}
		writeBody(w, f, status, validationBody(f, p))
	case problem.KindUnavailable:
		writeBody(w, f, http.StatusServiceUnavailable, errorBody(f, "Service unavailable"))
	default:
		log.ErrorContext(r.Context(), "rest api", "method", r.Method, "path", r.URL.Path, "error", err)
		writeBody(w, f, http.StatusInternalServerError, errorBody(f, "Internal server error"))
	}
}

// errorBody is 3scale's single-error document.
func errorBody(f Format, msg string) []byte {
	if f == JSON {
		b, _ := jsonMarshal(map[string]string{"error": msg})
		return b
	}
	b, _ := xml.Marshal(struct {
		XMLName xml.Name `xml:"error"`
		Text    string   `xml:",chardata"`
	}{Text: msg})
	return append([]byte(xml.Header[:len(xml.Header)-1]), b...)
}

// validationBody is 3scale's error list: attribute → messages in JSON,
// full messages in XML.
func validationBody(f Format, p *problem.Error) []byte {
	field := p.Field
	if name, ok := wireFields[field]; ok {
		field = name
	}
	if field == "" {
		field = "base"
	}
	if f == JSON {
		b, _ := jsonMarshal(map[string]map[string][]string{"errors": {field: {p.Message}}})
		return b
	}
	full := p.Message
	if field != "base" {
		full = humanize(field) + " " + p.Message
	}
	b, _ := xml.Marshal(struct {
		XMLName xml.Name `xml:"errors"`
		Errors  []string `xml:"error"`
	}{Errors: []string{full}})
	return append([]byte(xml.Header[:len(xml.Header)-1]), b...)
}

// humanize writes an attribute as Rails does: "api_backend" → "Api backend".
func humanize(field string) string {
	s := strings.ReplaceAll(strings.TrimSuffix(field, "_id"), "_", " ")
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// wireFields are 3scale's names of fields Portico names otherwise.
var wireFields = map[string]string{
	"product_id":          "service_id",
	"backend_id":          "backend_api_id",
	"staging_endpoint":    "sandbox_endpoint",
	"production_endpoint": "endpoint",
	"app_id":              "application_id",
	"app_keys":            "application_key",
	"trial_ends_at":       "trial_period_expires_at",
	"feature_ids":         "feature_id",
}
