package httpserver

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"

	"github.com/portico-apim/portico/schema/viewer"
	"github.com/portico-apim/portico/server/compat"
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

	if s.cfg.REST != nil {
		rest := s.cfg.REST.NewMux()
		restRoutes(rest, s.cfg.REST)
		for _, prefix := range compat.Prefixes {
			mux.Handle(prefix, rest)
		}
	}

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

// restRoutes lists the 3scale-compatible REST API (server/compat): patterns
// without the .xml/.json extension, which picks the format. Paths under
// compat.Prefixes that no route matches answer 404 in the format asked for.
func restRoutes(m *compat.Mux, api *compat.API) {
	admin := compat.Route{}
	proxyConfigs := compat.Route{JSONOnly: true, Default: compat.JSON}
	master := compat.Route{JSONOnly: true, Default: compat.JSON, Master: true, Scopes: []viewer.Scope{viewer.ScopeAccountManagement}}

	m.Handle("GET /admin/api/services", admin, api.Services)

	// Proxy configurations: what gateways (APIcast) download.
	m.Handle("GET /admin/api/services/{id}/proxy/configs/{env}", proxyConfigs, api.ServiceConfigs)
	m.Handle("GET /admin/api/services/{id}/proxy/configs/{env}/latest", proxyConfigs, api.ServiceConfig)
	m.Handle("GET /admin/api/services/{id}/proxy/configs/{env}/{version}", proxyConfigs, api.ServiceConfig)
	m.Handle("POST /admin/api/services/{id}/proxy/configs/{env}/{version}/promote", proxyConfigs, api.PromoteConfig)
	m.Handle("GET /admin/api/services/proxy/configs/{env}", proxyConfigs, api.HostConfigs)
	m.Handle("GET /admin/api/account/proxy_configs/{env}", proxyConfigs, api.AccountConfigs)
	m.Handle("GET /master/api/proxy/configs/{env}", master, api.MasterConfigs)

	// ActiveDocs: OpenAPI specifications shown to developers.
	m.Handle("GET /admin/api/active_docs", admin, api.ActiveDocs)
	m.Handle("POST /admin/api/active_docs", admin, api.CreateActiveDoc)
	m.Handle("GET /admin/api/active_docs/{id}", admin, api.ActiveDoc)
	m.Handle("PUT /admin/api/active_docs/{id}", admin, api.UpdateActiveDoc)
	m.Handle("PATCH /admin/api/active_docs/{id}", admin, api.UpdateActiveDoc)
	m.Handle("DELETE /admin/api/active_docs/{id}", admin, api.DeleteActiveDoc)
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
