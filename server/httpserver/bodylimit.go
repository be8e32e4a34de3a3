package httpserver

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/portico-apim/portico/server/problem"
)

// DefaultMaxBodyBytes bounds request bodies when Config.MaxBodyBytes is 0.
const DefaultMaxBodyBytes = 1 << 20

// limitBodies bounds every request body to limit bytes. A body declared larger
// (Content-Length) is refused before any of it is read; one of unknown
// length (chunked) is read into memory up to the limit first, so that it is
// refused the same way: 413 in the endpoint's format, and the connection is
// closed rather than drained.
func (s *Server) limitBodies(limit int64, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.ContentLength > limit:
			w.Header().Set("Connection", "close")
			s.bodyTooLarge(w, r, limit)
			return
		case r.ContentLength < 0:
			body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
			if err != nil {
				var tooLarge *http.MaxBytesError
				if errors.As(err, &tooLarge) {
					s.bodyTooLarge(w, r, limit)
				} else {
					s.writeProblem(w, r, problem.Invalid("", "the request body could not be read"))
				}
				return
			}
			r.Body = io.NopCloser(bytes.NewReader(body))
			r.ContentLength = int64(len(body))
		default:
			r.Body = http.MaxBytesReader(w, r.Body, limit)
		}
		next.ServeHTTP(w, r)
	})
}

// tooLargeError is the error of a body over its limit: a VALIDATION problem
// that HTTP answers with 413.
func tooLargeError(limit int64) error {
	return &problem.Error{
		Kind:    problem.KindInvalid,
		Message: fmt.Sprintf("the request body is larger than %d bytes, the most this endpoint accepts", limit),
		Err:     &http.MaxBytesError{Limit: limit},
	}
}

// bodyTooLarge answers 413 in the format of the endpoint: a GraphQL error
// for /graphql, the single sign-on error page for browsers on /auth/sso/,
// and the JSON error of the other endpoints.
func (s *Server) bodyTooLarge(w http.ResponseWriter, r *http.Request, limit int64) {
	err := tooLargeError(limit)
	switch {
	case r.URL.Path == "/graphql":
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusRequestEntityTooLarge)
		_ = json.NewEncoder(w).Encode(map[string]any{"errors": []any{map[string]any{
			"message":    err.Error(),
			"extensions": map[string]any{"code": string(problem.KindInvalid), "limit": "bodyBytes", "max": limit},
		}}})
	case strings.HasPrefix(r.URL.Path, "/auth/sso/"):
		s.ssoProblem(w, r, err)
	default:
		s.writeProblem(w, r, err)
	}
}

// statusFor is the HTTP status of an error: 413 for a body over its limit,
// else the status of its kind.
func statusFor(err error, p *problem.Error) int {
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		return http.StatusRequestEntityTooLarge
	}
	return statusOf[p.Kind]
}
