package httpserver

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"time"

	"github.com/portico-apim/portico/server/auth"
	"github.com/portico-apim/portico/server/compat"
	"github.com/portico-apim/portico/server/metrics"
	"github.com/portico-apim/portico/server/sso"
)

// Config wires the server.
type Config struct {
	Addr    string
	Logger  *slog.Logger
	Auth    *auth.Service
	GraphQL http.Handler
	SPA     http.Handler
	// Decision registers the Service Management API routes.
	Decision func(mux *http.ServeMux)
	// BenchBaseline serves GET /bench/baseline.xml, a static document the
	// benchmarks compare the decision plane with, and GET /bench/stats.
	BenchBaseline bool
	// BenchStats is what GET /bench/stats answers, as JSON: counters a
	// benchmark compares before and after a run (SQL statements issued, for
	// one). Only served with BenchBaseline.
	BenchStats func() any
	// Ready reports whether the dependencies answer (database, Redis).
	Ready func(ctx context.Context) error
	// SSO runs single sign-on logins; nil disables them.
	SSO *sso.Service
	// MaxBodyBytes bounds the request body of every control plane endpoint
	// (GraphQL, /auth/…); 0 means DefaultMaxBodyBytes. The Service
	// Management API keeps its own bound.
	MaxBodyBytes int64
	// TrustedProxies are the reverse proxies whose forwarding headers name
	// the client (see ClientAddr); empty means the peer is the client.
	TrustedProxies []netip.Prefix
	// InvoicePDF serves GET /admin/invoices/{id}.pdf, an issued invoice's
	// stored PDF, to a signed-in admin or a token; nil leaves it out.
	InvoicePDF http.Handler
	// REST serves the 3scale-compatible REST API; nil answers its paths
	// with 404s still.
	REST *compat.API
	// Metrics counts and times control plane requests when set; with
	// ServeMetrics it also answers GET /metrics.
	Metrics      *metrics.Metrics
	ServeMetrics bool
	// Trace, when set, wraps the handlers in a span per request named by
	// the route pattern (tracing.Tracing.Handler); nil when tracing is off.
	Trace func(next http.Handler, name func(*http.Request) string) http.Handler
}

// Server is the HTTP server.
type Server struct {
	cfg    Config
	logger *slog.Logger
	srv    *http.Server
}

// New returns a server; it does not listen yet.
func New(cfg Config) (*Server, error) {
	if cfg.Auth == nil || cfg.GraphQL == nil || cfg.SPA == nil {
		return nil, errors.New("httpserver: auth, graphql and spa handlers are required")
	}
	logger := cfg.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	s := &Server{cfg: cfg, logger: logger}
	s.srv = &http.Server{
		Addr:              cfg.Addr,
		Handler:           s.routes(),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    1 << 20,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
	return s, nil
}

// Handler returns the root handler (for tests).
func (s *Server) Handler() http.Handler { return s.srv.Handler }

// Serve answers on ln until Shutdown.
func (s *Server) Serve(ln net.Listener) error {
	err := s.srv.Serve(ln)
	if errors.Is(err, http.ErrServerClosed) {
		return nil
	}
	return err
}

// Shutdown stops accepting connections and waits for in-flight requests.
func (s *Server) Shutdown(ctx context.Context) error { return s.srv.Shutdown(ctx) }
