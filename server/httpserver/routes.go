package httpserver

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"

	"github.com/portico-apim/portico/server/sso"
)

// routes lists every route the server answers.
func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()

	mux.HandleFunc("GET /healthz", s.healthz)
	mux.HandleFunc("GET /readyz", s.readyz)

	mux.HandleFunc("POST /auth/login", s.login)
	mux.HandleFunc("POST /auth/refresh", s.refresh)
	mux.HandleFunc("POST /auth/logout", s.logout)
	mux.HandleFunc("GET /auth/sso/{id}/start", s.ssoStart)
	mux.HandleFunc("GET "+sso.CallbackPath, s.ssoCallback)

	mux.Handle("/graphql", s.cfg.Auth.Middleware(sso.WithOrigin(s.cfg.GraphQL)))

	mux.Handle("/", s.cfg.SPA)
	maxBody := s.cfg.MaxBodyBytes
	if maxBody <= 0 {
		maxBody = DefaultMaxBodyBytes
	}
	app := recoverer(s.logger, s.clientAddress(logRequests(s.logger, securityHeaders(s.limitBodies(maxBody, mux)))))
	if s.cfg.Decision == nil {
		return app
	}
	// The Service Management API is the hot path and has its own headers,
	// recovery, 404s and bound on request sizes: it bypasses the control
	// plane's middleware.
	decisions := http.NewServeMux()
	s.cfg.Decision(decisions)
	if s.cfg.BenchBaseline {
		decisions.HandleFunc("GET /bench/baseline.xml", baseline)
		if s.cfg.BenchStats != nil {
			decisions.HandleFunc("GET /bench/stats", s.benchStats)
		}
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if isDecisionPath(r.URL.Path) {
			decisions.ServeHTTP(w, r)
			return
		}
		app.ServeHTTP(w, r)
	})
}

// isDecisionPath reports whether a path belongs to the Service Management API.
func isDecisionPath(p string) bool {
	switch p {
	case "/status", "/check.txt", "/available":
		return true
	}
	return strings.HasPrefix(p, "/transactions") || strings.HasPrefix(p, "/bench/")
}

// baselineBody is shaped and sized like an authrep answer with one usage
// report: what the benchmark compares the decision plane against.
var baselineBody = []byte(`<?xml version="1.0" encoding="UTF-8"?><status><authorized>true</authorized><plan>Basic</plan>` +
	`<usage_reports><usage_report metric="hits" period="day"><period_start>2026-01-01 00:00:00 +0000</period_start>` +
	`<period_end>2026-01-02 00:00:00 +0000</period_end><max_value>1000000000</max_value><current_value>0</current_value>` +
	`</usage_report></usage_reports></status>`)

var baselineLength = []string{strconv.Itoa(len(baselineBody))}

// baseline answers a static XML document with the decision plane's content
// type, for benchmarks only (PORTICO_BENCH_BASELINE).
func baseline(w http.ResponseWriter, _ *http.Request) {
	h := w.Header()
	h["Content-Type"] = []string{"application/vnd.3scale-v2.0+xml"}
	h["Content-Length"] = baselineLength
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(baselineBody)
}

// benchStats answers the benchmark's counters as JSON, for benchmarks only
// (PORTICO_BENCH_BASELINE).
func (s *Server) benchStats(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	if err := json.NewEncoder(w).Encode(s.cfg.BenchStats()); err != nil {
		s.logger.Warn("bench stats", "error", err)
	}
}
