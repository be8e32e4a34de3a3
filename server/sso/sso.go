package sso

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/portico-apim/portico/ent"
	"github.com/portico-apim/portico/ent/ssointegration"
	"github.com/portico-apim/portico/schema/viewer"
	"github.com/portico-apim/portico/server/auth"
	"github.com/portico-apim/portico/server/outbound"
	"github.com/portico-apim/portico/server/problem"
	"github.com/portico-apim/portico/server/store"
)

// CallbackPath is where identity providers send the browser back; one path
// serves every integration (the flow's state names the integration).
const CallbackPath = "/auth/sso/callback"

// Config wires the single sign-on service.
type Config struct {
	Client *ent.Client
	Auth   *auth.Service
	// HTTPClient talks to identity providers; default: the outbound client
	// of Outbound.
	HTTPClient *http.Client
	// Outbound says which addresses issuers may have: saving an issuer that
	// resolves to a refused address fails, and so does fetching one.
	Outbound outbound.Config
	Logger   *slog.Logger
}

// Service manages SSO integrations and runs their login flow.
type Service struct {
	client *ent.Client
	auth   *auth.Service
	http   *http.Client
	guard  *outbound.Guard
	logger *slog.Logger
	now    func() time.Time

	mu        sync.Mutex
	providers map[string]cachedProvider
}

// New returns a single sign-on service.
func New(cfg Config) (*Service, error) {
	if cfg.Client == nil || cfg.Auth == nil {
		return nil, errors.New("sso: client and auth are required")
	}
	s := &Service{client: cfg.Client, auth: cfg.Auth, http: cfg.HTTPClient, logger: cfg.Logger,
		now: time.Now, providers: map[string]cachedProvider{}, guard: outbound.NewGuard(cfg.Outbound)}
	if s.http == nil {
		s.http = outbound.Client(cfg.Outbound)
	}
	if s.logger == nil {
		s.logger = slog.New(slog.DiscardHandler)
	}
	return s, nil
}

// CreateIntegration adds an integration to the viewer's tenant (admins only:
// the data layer refuses members).
func (s *Service) CreateIntegration(ctx context.Context, in ent.CreateSSOIntegrationInput) (*ent.SSOIntegration, error) {
	in.Issuer = strings.TrimSpace(in.Issuer)
	if err := s.checkIssuer(ctx, in.Issuer); err != nil {
		return nil, err
	}
	return store.Client(ctx, s.client).SSOIntegration.Create().SetInput(in).Save(ctx)
}

// UpdateIntegration changes an integration of the viewer's tenant.
func (s *Service) UpdateIntegration(ctx context.Context, id int, in ent.UpdateSSOIntegrationInput) (*ent.SSOIntegration, error) {
	if in.Issuer != nil {
		iss := strings.TrimSpace(*in.Issuer)
		if err := s.checkIssuer(ctx, iss); err != nil {
			return nil, err
		}
		in.Issuer = &iss
	}
	out, err := store.Client(ctx, s.client).SSOIntegration.UpdateOneID(id).SetInput(in).Save(ctx)
	if ent.IsNotFound(err) {
		return nil, problem.NotFound("single sign-on integration %d not found", id)
	}
	return out, err
}

// DeleteIntegration removes an integration of the viewer's tenant. Sessions
// opened through it stay open.
func (s *Service) DeleteIntegration(ctx context.Context, id int) error {
	err := store.Client(ctx, s.client).SSOIntegration.DeleteOneID(id).Exec(ctx)
	if ent.IsNotFound(err) {
		return problem.NotFound("single sign-on integration %d not found", id)
	}
	return err
}

// checkIssuer accepts an absolute https URL, or http on a loopback host
// (a provider on the same machine), whose host resolves to addresses
// outbound requests may reach.
func (s *Service) checkIssuer(ctx context.Context, issuer string) error {
	if err := checkIssuerURL(issuer); err != nil {
		return err
	}
	if err := s.guard.CheckURL(ctx, issuer); err != nil {
		return problem.Invalid("issuer", "%s", err.Error())
	}
	return nil
}

func checkIssuerURL(issuer string) error {
	u, err := url.Parse(issuer)
	if err != nil || u.Host == "" || u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		return problem.Invalid("issuer", "must be the issuer URL of an OpenID Connect provider, such as https://sso.example.com/realms/portico")
	}
	switch u.Scheme {
	case "https":
		return nil
	case "http":
		if isLoopback(u.Hostname()) {
			return nil
		}
	}
	return problem.Invalid("issuer", "must use https")
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// LoginOption is an integration as the login page shows it.
type LoginOption struct {
	Name string
	// StartURL is the path on this server that starts the login.
	StartURL string
}

// LoginOptions lists the enabled integrations of a tenant for its login page,
// to anyone. The tenant is named by its admin domain; empty means the
// request's host, then the only provider tenant. An unknown tenant has none.
func (s *Service) LoginOptions(ctx context.Context, domain, host string) ([]LoginOption, error) {
	t, err := s.loginTenant(viewer.SystemContext(ctx), domain, host)
	if err != nil || t == nil {
		return []LoginOption{}, err
	}
	list, err := s.client.SSOIntegration.Query().
		Where(ssointegration.Enabled(true)).
		Order(ent.Asc(ssointegration.FieldName), ent.Asc(ssointegration.FieldID)).
		All(viewer.TenantSystemContext(ctx, t.ID))
	if err != nil {
		return nil, err
	}
	out := make([]LoginOption, len(list))
	for i, in := range list {
		out[i] = LoginOption{Name: in.Name, StartURL: StartPath(in.ID)}
	}
	return out, nil
}

func (s *Service) loginTenant(ctx context.Context, domain, host string) (*ent.Tenant, error) {
	if domain == "" {
		domain = host
		if h, _, err := net.SplitHostPort(host); err == nil {
			domain = h
		}
	}
	t, _, err := store.TenantByHost(ctx, s.client, domain, false)
	if ent.IsNotFound(err) {
		return nil, nil
	}
	return t, err
}

// StartPath is the path that starts a login with integration id.
func StartPath(id int) string { return "/auth/sso/" + strconv.Itoa(id) + "/start" }

// CallbackURL is the URL to register at identity providers as the redirect
// URL, for a server reached at origin ("https://admin.example.com").
func CallbackURL(origin string) string { return origin + CallbackPath }

type originKey struct{}

// WithOrigin records the origin the request reached the server at (scheme and
// host, honouring X-Forwarded-Proto from a TLS-terminating proxy), for
// building the URLs an identity provider sends browsers back to.
func WithOrigin(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), originKey{}, RequestOrigin(r))))
	})
}

// Origin returns the origin WithOrigin recorded, or "".
func Origin(ctx context.Context) string {
	o, _ := ctx.Value(originKey{}).(string)
	return o
}

// RequestOrigin returns the scheme and host a request reached the server at.
func RequestOrigin(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	} else if p, _, _ := strings.Cut(r.Header.Get("X-Forwarded-Proto"), ","); strings.EqualFold(strings.TrimSpace(p), "https") {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}
