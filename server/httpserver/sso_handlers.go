package httpserver

import (
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/portico-apim/portico/server/problem"
	"github.com/portico-apim/portico/server/sso"
)

// ssoCookie carries the sealed state of a single sign-on login between its
// start and the provider's callback. SameSite=Lax: the callback is a
// top-level navigation coming from the provider's site.
const ssoCookie = "portico_sso"

// ssoStart sends the browser to the identity provider of an integration.
func (s *Server) ssoStart(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.Atoi(r.PathValue("id"))
	if err != nil || s.cfg.SSO == nil {
		s.ssoProblem(w, r, problem.NotFound("single sign-on integration %s not found", r.PathValue("id")))
		return
	}
	origin := sso.RequestOrigin(r)
	st, err := s.cfg.SSO.Begin(r.Context(), id, origin, r.URL.Query().Get("return_to"))
	if err != nil {
		s.ssoProblem(w, r, err)
		return
	}
	http.SetCookie(w, &http.Cookie{
		Name: ssoCookie, Value: st.State, Path: "/auth/sso", MaxAge: int(st.TTL.Seconds()),
		HttpOnly: true, Secure: strings.HasPrefix(origin, "https:"), SameSite: http.SameSiteLaxMode,
	})
	w.Header().Set("Cache-Control", "no-store")
	http.Redirect(w, r, st.AuthURL, http.StatusFound)
}

// ssoCallback finishes a login: it opens a session like a password login
// (the refresh cookie) and sends the browser to the SPA, which then calls
// POST /auth/refresh for its access token.
func (s *Server) ssoCallback(w http.ResponseWriter, r *http.Request) {
	if s.cfg.SSO == nil {
		s.ssoProblem(w, r, problem.NotFound("single sign-on is not available"))
		return
	}
	state := ""
	if c, err := r.Cookie(ssoCookie); err == nil {
		state = c.Value
	}
	// The state is good for one try, whatever its outcome.
	http.SetCookie(w, &http.Cookie{Name: ssoCookie, Value: "", Path: "/auth/sso", MaxAge: -1,
		HttpOnly: true, Secure: strings.HasPrefix(sso.RequestOrigin(r), "https:"), SameSite: http.SameSiteLaxMode})
	w.Header().Set("Cache-Control", "no-store")
	res, err := s.cfg.SSO.Complete(r.Context(), state, r.URL.Query())
	if err != nil {
		s.ssoProblem(w, r, err)
		return
	}
	setRefreshCookie(w, r, res.Tokens)
	http.Redirect(w, r, landing(res.ReturnTo), http.StatusSeeOther)
}

// impersonate claims an impersonation link made in the master portal: it
// opens the session like a login (the refresh cookie, on the provider's
// admin domain) and sends the browser to the SPA's dashboard. The link
// works once.
func (s *Server) impersonate(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Referrer-Policy", "no-referrer")
	tok, err := s.cfg.Auth.ClaimImpersonation(r.Context(), r.URL.Query().Get("token"))
	if err != nil {
		s.ssoProblem(w, r, err)
		return
	}
	setRefreshCookie(w, r, tok)
	http.Redirect(w, r, landing("/dashboard"), http.StatusSeeOther)
}

// landing adds sso=1 to the local path the browser returns to, telling the
// SPA to fetch its access token.
func landing(path string) string {
	u, err := url.Parse(path)
	if err != nil {
		return sso.DefaultReturnPath + "?sso=1"
	}
	q := u.Query()
	q.Set("sso", "1")
	u.RawQuery = q.Encode()
	return u.String()
}

var ssoErrorPage = template.Must(template.New("sso").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{.Title}} · Portico</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;color:#1f2328}
code{background:#f0f2f4;padding:.1rem .3rem;border-radius:3px}</style></head>
<body><h1>{{.Title}}</h1><p>{{.Message}}</p><p><code>{{.Code}}</code></p>
<p><a href="/">Back to the login page</a></p></body></html>
`))

// ssoProblem answers a failed login step: a page for browsers, the JSON
// error of the other /auth endpoints otherwise.
func (s *Server) ssoProblem(w http.ResponseWriter, r *http.Request, err error) {
	if !strings.Contains(r.Header.Get("Accept"), "text/html") {
		s.writeProblem(w, r, err)
		return
	}
	p := problem.Classify(err)
	if p.Kind == problem.KindInternal {
		s.logger.ErrorContext(r.Context(), "request failed", "path", r.URL.Path, "error", err)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
	w.WriteHeader(statusFor(err, p))
	title := "Single sign-on failed"
	if r.URL.Path == "/auth/impersonate" {
		title = "Impersonation failed"
	}
	_ = ssoErrorPage.Execute(w, map[string]string{"Title": title, "Message": p.Error(), "Code": string(p.Kind)})
}
