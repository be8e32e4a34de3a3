package httpserver

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/portico-apim/portico/server/auth"
	"github.com/portico-apim/portico/server/problem"
)

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, _ = io.WriteString(w, "ok\n")
}

func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	if s.cfg.Ready != nil {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		if err := s.cfg.Ready(ctx); err != nil {
			s.logger.WarnContext(r.Context(), "not ready", "error", err)
			writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "unavailable"})
			return
		}
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

const refreshCookie = "portico_refresh"

type loginRequest struct {
	Login    string `json:"login"`
	Password string `json:"password"`
	Tenant   string `json:"tenant"`
}

type tokenResponse struct {
	AccessToken  string `json:"access_token"`
	TokenType    string `json:"token_type"`
	ExpiresIn    int    `json:"expires_in"`
	RefreshToken string `json:"refresh_token"`
}

func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	var req loginRequest
	if err := decodeJSON(w, r, &req); err != nil {
		s.writeProblem(w, r, err)
		return
	}
	if req.Login == "" || req.Password == "" {
		s.writeProblem(w, r, problem.Invalid("login", "login and password are required"))
		return
	}
	tok, err := s.cfg.Auth.Login(r.Context(), req.Login, req.Password, req.Tenant, r.Host)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	s.writeTokens(w, r, tok)
}

func (s *Server) refresh(w http.ResponseWriter, r *http.Request) {
	token := ""
	if c, err := r.Cookie(refreshCookie); err == nil {
		token = c.Value
	}
	if r.ContentLength != 0 {
		var body struct {
			RefreshToken string `json:"refresh_token"`
		}
		if err := decodeJSON(w, r, &body); err != nil {
			s.writeProblem(w, r, err)
			return
		}
		if body.RefreshToken != "" {
			token = body.RefreshToken
		}
	}
	if token == "" {
		s.writeProblem(w, r, problem.Unauthenticated("no refresh token"))
		return
	}
	tok, err := s.cfg.Auth.Refresh(r.Context(), token)
	if err != nil {
		clearRefreshCookie(w, r)
		s.writeProblem(w, r, err)
		return
	}
	s.writeTokens(w, r, tok)
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	token := ""
	if c, err := r.Cookie(refreshCookie); err == nil {
		token = c.Value
	}
	if r.ContentLength != 0 {
		var body struct {
			RefreshToken string `json:"refresh_token"`
		}
		if err := decodeJSON(w, r, &body); err == nil && body.RefreshToken != "" {
			token = body.RefreshToken
		}
	}
	if token != "" {
		if err := s.cfg.Auth.Logout(r.Context(), token); err != nil {
			s.writeProblem(w, r, err)
			return
		}
	}
	clearRefreshCookie(w, r)
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) writeTokens(w http.ResponseWriter, r *http.Request, t *auth.Tokens) {
	setRefreshCookie(w, r, t)
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, tokenResponse{
		AccessToken: t.AccessToken, TokenType: "Bearer",
		ExpiresIn: int(t.ExpiresIn.Seconds()), RefreshToken: t.RefreshToken,
	})
}

// sessionHintCookie accompanies the refresh cookie and holds no secret: the
// SPA, which cannot see the httpOnly refresh cookie, reads it to know
// whether POST /auth/refresh is worth trying on load, so that a signed-out
// load sends no request bound to fail.
const sessionHintCookie = "portico_session"

// refreshCookieAge is how long the browser keeps the refresh cookie and its hint.
const refreshCookieAge = 30 * 24 * time.Hour

// setRefreshCookie hands the browser the session's refresh token, for the
// SPA's POST /auth/refresh, with its readable hint.
func setRefreshCookie(w http.ResponseWriter, r *http.Request, t *auth.Tokens) {
	http.SetCookie(w, &http.Cookie{
		Name: refreshCookie, Value: t.RefreshToken, Path: "/auth",
		HttpOnly: true, Secure: r.TLS != nil, SameSite: http.SameSiteStrictMode,
		MaxAge: int(refreshCookieAge.Seconds()),
	})
	http.SetCookie(w, &http.Cookie{
		Name: sessionHintCookie, Value: "1", Path: "/",
		Secure: r.TLS != nil, SameSite: http.SameSiteStrictMode,
		MaxAge: int(refreshCookieAge.Seconds()),
	})
}

func clearRefreshCookie(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{Name: refreshCookie, Value: "", Path: "/auth", MaxAge: -1,
		HttpOnly: true, Secure: r.TLS != nil, SameSite: http.SameSiteStrictMode})
	http.SetCookie(w, &http.Cookie{Name: sessionHintCookie, Value: "", Path: "/", MaxAge: -1,
		Secure: r.TLS != nil, SameSite: http.SameSiteStrictMode})
}

func decodeJSON(w http.ResponseWriter, r *http.Request, v any) error {
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 64<<10))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return tooLargeError(tooLarge.Limit)
		}
		return problem.Invalid("", "the body must be a JSON object: %v", cleanJSONError(err))
	}
	return nil
}

func cleanJSONError(err error) string {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return "malformed JSON"
	case errors.As(err, &typ):
		return "field " + typ.Field + " has the wrong type"
	case errors.Is(err, io.EOF):
		return "empty body"
	}
	return err.Error()
}

var statusOf = map[problem.Kind]int{
	problem.KindNotFound:        http.StatusNotFound,
	problem.KindInvalid:         http.StatusUnprocessableEntity,
	problem.KindConflict:        http.StatusConflict,
	problem.KindForbidden:       http.StatusForbidden,
	problem.KindUnauthenticated: http.StatusUnauthorized,
	problem.KindUnavailable:     http.StatusServiceUnavailable,
	problem.KindInternal:        http.StatusInternalServerError,
}

// writeProblem answers a JSON endpoint's error:
// {"error": {"code": "...", "message": "...", "field": "..."}}.
func (s *Server) writeProblem(w http.ResponseWriter, r *http.Request, err error) {
	p := problem.Classify(err)
	if p.Kind == problem.KindInternal {
		s.logger.ErrorContext(r.Context(), "request failed", "path", r.URL.Path, "error", err)
	}
	body := map[string]string{"code": string(p.Kind), "message": p.Message}
	if p.Field != "" {
		body["field"] = p.Field
	}
	status := statusFor(err, p)
	if p.RetryAfter > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(int((p.RetryAfter+time.Second-1)/time.Second)))
		status = http.StatusTooManyRequests
	}
	writeJSON(w, status, map[string]any{"error": body})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
