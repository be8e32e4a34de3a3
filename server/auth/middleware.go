package auth

import (
	"context"
	"log/slog"
	"net"
	"net/http"
	"strings"

	"github.com/portico-apim/portico/schema/viewer"
	"github.com/portico-apim/portico/server/problem"
)

type hostKey struct{}

// RequestHost returns the Host header of the request ctx belongs to.
func RequestHost(ctx context.Context) string {
	h, _ := ctx.Value(hostKey{}).(string)
	return h
}

type clientIPKey struct{}

// WithClientIP returns ctx carrying the client address of a request (its
// RemoteAddr; IPv6 clients are grouped by their /64 network, which one
// subscriber usually holds whole).
func WithClientIP(ctx context.Context, remoteAddr string) context.Context {
	host, _, err := net.SplitHostPort(remoteAddr)
	if err != nil {
		host = remoteAddr
	}
	if ip := net.ParseIP(host); ip != nil && ip.To4() == nil {
		host = ip.Mask(net.CIDRMask(64, 128)).String() + "/64"
	}
	return context.WithValue(ctx, clientIPKey{}, host)
}

// ClientIP returns the client address WithClientIP put into ctx, or "".
func ClientIP(ctx context.Context) string {
	ip, _ := ctx.Value(clientIPKey{}).(string)
	return ip
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
		ctx := context.WithValue(WithClientIP(r.Context(), r.RemoteAddr), hostKey{}, r.Host)
		if h := r.Header.Get("Authorization"); h != "" {
			scheme, cred, _ := strings.Cut(h, " ")
			cred = strings.TrimSpace(cred)
			if !strings.EqualFold(scheme, "Bearer") || cred == "" {
				ctx = context.WithValue(ctx, authErrKey{}, problem.Unauthenticated("use Authorization: Bearer <token>"))
			} else if v, err := s.Authenticate(ctx, cred); err != nil {
				if p := problem.Classify(err); p.Kind == problem.KindInternal {
					s.logger.LogAttrs(ctx, slog.LevelError, "authenticate", slog.Any("error", err))
				}
				ctx = context.WithValue(ctx, authErrKey{}, err)
			} else {
				ctx = viewer.NewContext(ctx, v)
			}
		}
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}
