package auth

import (
	"context"
	"log/slog"
	"net/http"
	"net/netip"
	"strings"

	"github.com/portico-apim/portico/schema/viewer"
	"github.com/portico-apim/portico/server/problem"
	"github.com/portico-apim/portico/server/store"
)

type hostKey struct{}

// RequestHost returns the Host header of the request ctx belongs to.
func RequestHost(ctx context.Context) string {
	h, _ := ctx.Value(hostKey{}).(string)
	return h
}

type clientIPKey struct{}

// WithClientIP returns ctx carrying the address of the client of a request,
// as the HTTP server works it out (trusted proxies considered).
func WithClientIP(ctx context.Context, addr netip.Addr) context.Context {
	return context.WithValue(ctx, clientIPKey{}, addr)
}

// ClientIP returns the client address WithClientIP put into ctx, or the
// zero Addr.
func ClientIP(ctx context.Context) netip.Addr {
	a, _ := ctx.Value(clientIPKey{}).(netip.Addr)
	return a
}

type familyKey struct{}

// SessionFamily returns the login (session family) whose session token
// authenticated the request ctx belongs to, or 0.
func SessionFamily(ctx context.Context) int {
	f, _ := ctx.Value(familyKey{}).(int)
	return f
}

type authErrKey struct{}

// Failure returns why the credentials of the request ctx belongs to were
// refused, or nil when there were none or they were accepted.
func Failure(ctx context.Context) error {
	err, _ := ctx.Value(authErrKey{}).(error)
	return err
}

// Middleware reads `Authorization: Bearer …` (a session JWT or an access
// token) and puts the viewer into the request context. A request without
// credentials goes on with no viewer; one with bad credentials goes on with
// no viewer and the reason, so each interface answers in its own format.
func (s *Service) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := context.WithValue(r.Context(), hostKey{}, r.Host)
		if h := r.Header.Get("Authorization"); h != "" {
			scheme, cred, _ := strings.Cut(h, " ")
			cred = strings.TrimSpace(cred)
			if !strings.EqualFold(scheme, "Bearer") || cred == "" {
				ctx = context.WithValue(ctx, authErrKey{}, problem.Unauthenticated("use Authorization: Bearer <token>"))
			} else if v, family, err := s.authenticateOn(ctx, cred, r.Host); err != nil {
				if p := problem.Classify(err); p.Kind == problem.KindInternal {
					s.logger.LogAttrs(ctx, slog.LevelError, "authenticate", slog.Any("error", err))
				}
				ctx = context.WithValue(ctx, authErrKey{}, err)
			} else {
				ctx = viewer.NewContext(ctx, v)
				if family != 0 {
					ctx = context.WithValue(ctx, familyKey{}, family)
				}
			}
		}
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// authenticateOn authenticates cred for a request to host: a credential of
// one tenant presented on another tenant's admin domain is refused, as
// 3scale refuses it. A host that names no tenant (a bare address, the
// default tenant's names) leaves the credential to decide.
func (s *Service) authenticateOn(ctx context.Context, cred, host string) (*viewer.Viewer, int, error) {
	v, family, err := s.authenticate(ctx, cred)
	if err != nil {
		return nil, 0, err
	}
	t, err := store.TenantNamed(viewer.SystemContext(ctx), s.client, host)
	if err != nil {
		return nil, 0, err
	}
	if t != nil && t.ID != v.TenantID {
		return nil, 0, problem.Forbidden("this credential belongs to another tenant than %s", t.AdminDomain)
	}
	return v, family, nil
}
