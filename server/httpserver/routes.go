package httpserver

import "net/http"

// routes lists every route the server answers.
func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()

	mux.HandleFunc("GET /healthz", s.healthz)
	mux.HandleFunc("GET /readyz", s.readyz)

	mux.HandleFunc("POST /auth/login", s.login)
	mux.HandleFunc("POST /auth/refresh", s.refresh)
	mux.HandleFunc("POST /auth/logout", s.logout)

	mux.Handle("/graphql", s.cfg.Auth.Middleware(s.cfg.GraphQL))

	if s.cfg.Decision != nil {
		s.cfg.Decision(mux)
	}

	mux.Handle("/", s.cfg.SPA)
	return recoverer(s.logger, logRequests(s.logger, securityHeaders(mux)))
}
