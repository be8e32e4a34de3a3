package sso

import (
	"context"
	"crypto/subtle"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"github.com/portico-apim/portico/ent"
	"github.com/portico-apim/portico/ent/user"
	"github.com/portico-apim/portico/schema/viewer"
	"github.com/portico-apim/portico/server/auth"
	"github.com/portico-apim/portico/server/problem"
	"github.com/portico-apim/portico/server/secret"
	"github.com/portico-apim/portico/server/store"
)

const (
	// flowTTL bounds the time between starting a login and coming back.
	flowTTL = 10 * time.Minute
	// providerTTL is how long a provider's discovery document is reused.
	providerTTL = 15 * time.Minute
)

// DefaultReturnPath is where the browser lands after a login that named no
// page to come back to.
const DefaultReturnPath = "/"

var errRestart = "start again from the login page"

// Started is the first leg of a login: where to send the browser, and the
// sealed flow state to keep in a cookie until it comes back.
type Started struct {
	AuthURL string
	State   string
	TTL     time.Duration
}

// Begin starts a login with integration id: the browser goes to the
// provider's authorization endpoint (authorization code with PKCE S256, a
// state and a nonce) and comes back to origin's callback URL, then to
// returnTo, a path on this server.
func (s *Service) Begin(ctx context.Context, id int, origin, returnTo string) (*Started, error) {
	if returnTo == "" {
		returnTo = DefaultReturnPath
	}
	if !isLocalPath(returnTo) {
		return nil, problem.Invalid("return_to", "must be a path on this server, such as /products")
	}
	in, err := s.integration(ctx, id, 0)
	if err != nil {
		return nil, err
	}
	p, err := s.provider(ctx, in.Issuer)
	if err != nil {
		return nil, err
	}
	fs := flowState{
		IntegrationID: in.ID, TenantID: in.TenantID,
		State: secret.Token(), Nonce: secret.Token(), Verifier: oauth2.GenerateVerifier(),
		Callback: CallbackURL(origin), ReturnTo: returnTo, Expires: s.now().Add(flowTTL).Unix(),
	}
	sealed, err := s.seal(fs)
	if err != nil {
		return nil, err
	}
	authURL := oauthConfig(in, p, fs.Callback).AuthCodeURL(fs.State, oidc.Nonce(fs.Nonce), oauth2.S256ChallengeOption(fs.Verifier))
	return &Started{AuthURL: authURL, State: sealed, TTL: flowTTL}, nil
}

// Completed is a finished login.
type Completed struct {
	Tokens *auth.Tokens
	User   *ent.User
	// Created is set on the user's first single sign-on login.
	Created bool
	// ReturnTo is the local path to send the browser to.
	ReturnTo string
}

// idClaims are the ID token claims a login reads.
type idClaims struct {
	Nonce             string `json:"nonce"`
	Email             string `json:"email"`
	EmailVerified     any    `json:"email_verified"`
	PreferredUsername string `json:"preferred_username"`
	GivenName         string `json:"given_name"`
	FamilyName        string `json:"family_name"`
}

// Complete finishes a login when the provider sends the browser back with
// query: the state must match the sealed flow state from the cookie, the code
// is exchanged (with the PKCE verifier), the ID token verified (signature,
// issuer, audience, expiry, nonce), and the team user with the token's
// verified email is logged in, created as a member on its first login.
func (s *Service) Complete(ctx context.Context, sealed string, query url.Values) (*Completed, error) {
	if sealed == "" {
		return nil, problem.Unauthenticated("no single sign-on attempt was started in this browser, or it has expired: %s", errRestart)
	}
	fs, err := s.open(sealed)
	if err != nil {
		return nil, problem.Unauthenticated("the single sign-on attempt is invalid or has expired: %s", errRestart)
	}
	if e := query.Get("error"); e != "" {
		s.logger.InfoContext(ctx, "identity provider refused a login", "integration_id", fs.IntegrationID,
			"error", e, "description", query.Get("error_description"))
		return nil, problem.Unauthenticated("the identity provider refused the login (%s)", safeCode(e))
	}
	if st := query.Get("state"); st == "" || subtle.ConstantTimeCompare([]byte(st), []byte(fs.State)) != 1 {
		return nil, problem.Unauthenticated("the answer of the identity provider does not belong to the login started in this browser (state mismatch): %s", errRestart)
	}
	code := query.Get("code")
	if code == "" {
		return nil, problem.Unauthenticated("the identity provider sent no authorization code: %s", errRestart)
	}
	in, err := s.integration(ctx, fs.IntegrationID, fs.TenantID)
	if err != nil {
		return nil, err
	}
	p, err := s.provider(ctx, in.Issuer)
	if err != nil {
		return nil, err
	}
	octx := oidc.ClientContext(ctx, s.http)
	tok, err := oauthConfig(in, p, fs.Callback).Exchange(octx, code, oauth2.VerifierOption(fs.Verifier))
	if err != nil {
		s.logger.WarnContext(ctx, "single sign-on code exchange failed", "integration_id", in.ID, "error", err)
		return nil, problem.Unauthenticated("the identity provider did not accept the authorization code: %s", errRestart)
	}
	raw, _ := tok.Extra("id_token").(string)
	if raw == "" {
		return nil, problem.Unauthenticated("the identity provider returned no ID token; check that the client uses OpenID Connect")
	}
	idt, err := p.Verifier(&oidc.Config{ClientID: in.ClientID, Now: s.now}).Verify(octx, raw)
	if err != nil {
		s.logger.WarnContext(ctx, "single sign-on ID token refused", "integration_id", in.ID, "error", err)
		return nil, problem.Unauthenticated("the identity provider's ID token is not valid for this integration")
	}
	var c idClaims
	if err := idt.Claims(&c); err != nil {
		return nil, problem.Unauthenticated("the identity provider's ID token is malformed")
	}
	if c.Nonce == "" || subtle.ConstantTimeCompare([]byte(c.Nonce), []byte(fs.Nonce)) != 1 {
		return nil, problem.Unauthenticated("the ID token does not belong to the login started in this browser (nonce mismatch): %s", errRestart)
	}
	if c.Email == "" {
		return nil, problem.Forbidden("the identity provider did not share an email address; allow the email scope for this client")
	}
	if !verified(c.EmailVerified) {
		return nil, problem.Forbidden("the identity provider has not verified the email address %s", c.Email)
	}
	out := &Completed{ReturnTo: fs.ReturnTo}
	tctx := viewer.TenantSystemContext(ctx, in.TenantID)
	err = store.InTx(tctx, s.client, func(ctx context.Context, db *ent.Client) error {
		u, created, err := s.teamUser(ctx, db, c)
		if err != nil {
			return err
		}
		out.User, out.Created = u, created
		out.Tokens, err = s.auth.OpenSession(ctx, u)
		return err
	})
	if err != nil {
		return nil, err
	}
	s.logger.InfoContext(ctx, "single sign-on login", "integration_id", in.ID, "tenant_id", in.TenantID,
		"user_id", out.User.ID, "created", out.Created)
	return out, nil
}

// teamUser finds the tenant's team user with the claims' email, or creates a
// member without areas or products (an admin grants them).
func (s *Service) teamUser(ctx context.Context, db *ent.Client, c idClaims) (*ent.User, bool, error) {
	u, err := db.User.Query().Where(user.EmailEqualFold(c.Email)).Only(ctx)
	switch {
	case err == nil:
		if u.AccountID != nil {
			return nil, false, problem.Forbidden("%s belongs to a developer account, not to the team", c.Email)
		}
		return u, false, nil
	case ent.IsNotSingular(err):
		return nil, false, problem.Conflict("more than one user has the email %s", c.Email)
	case !ent.IsNotFound(err):
		return nil, false, err
	}
	username, err := freeUsername(ctx, db, c)
	if err != nil {
		return nil, false, err
	}
	u, err = db.User.Create().SetUsername(username).SetEmail(c.Email).
		SetFirstName(clip(c.GivenName)).SetLastName(clip(c.FamilyName)).
		SetRole(user.RoleMEMBER).SetSignupType(user.SignupTypeSSO).
		SetSections([]viewer.Section{}).SetAllProducts(false).SetProductIds([]int{}).
		Save(ctx)
	if ent.IsConstraintError(err) {
		return nil, false, problem.Conflict("a user with the email %s was created at the same time: %s", c.Email, errRestart)
	}
	return u, err == nil, err
}

// freeUsername picks the preferred username, else the email's local part,
// else the email, with a number added until no user of the tenant has it.
func freeUsername(ctx context.Context, db *ent.Client, c idClaims) (string, error) {
	local, _, _ := strings.Cut(c.Email, "@")
	var bases []string
	for _, b := range []string{c.PreferredUsername, local, c.Email} {
		if b = clip(strings.TrimSpace(b)); b != "" {
			bases = append(bases, b)
		}
	}
	for i := 0; i < 20; i++ {
		for _, b := range bases {
			name := b
			if i > 0 {
				name = clip(fmt.Sprintf("%s%d", b, i+1))
			}
			taken, err := db.User.Query().Where(user.Username(name)).Exist(ctx)
			if err != nil {
				return "", err
			}
			if !taken {
				return name, nil
			}
		}
	}
	return clip(local + "-" + secret.Hex(4)), nil
}

// clip keeps a claim within the 255 characters a user field holds.
func clip(s string) string {
	r := []rune(s)
	if len(r) > 250 {
		return string(r[:250])
	}
	return s
}

// verified reads email_verified, a boolean some providers send as a string.
func verified(v any) bool {
	switch v := v.(type) {
	case bool:
		return v
	case string:
		return strings.EqualFold(v, "true")
	}
	return false
}

// safeCode keeps an OAuth error code printable and short.
func safeCode(s string) string {
	var b strings.Builder
	for _, r := range s {
		if b.Len() >= 64 {
			break
		}
		if r == '_' || r == '-' || r == '.' || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// isLocalPath reports whether p is a path on this server: it starts with one
// slash and names no other host.
func isLocalPath(p string) bool {
	if !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") || strings.ContainsAny(p, "\\\r\n\t") {
		return false
	}
	u, err := url.Parse(p)
	return err == nil && u.Scheme == "" && u.Host == "" && u.User == nil
}

// integration loads an enabled integration; tenantID, when not zero, must be
// its tenant.
func (s *Service) integration(ctx context.Context, id, tenantID int) (*ent.SSOIntegration, error) {
	in, err := s.client.SSOIntegration.Get(viewer.SystemContext(ctx), id)
	if ent.IsNotFound(err) || (err == nil && tenantID != 0 && in.TenantID != tenantID) {
		return nil, problem.NotFound("single sign-on integration %d not found", id)
	}
	if err != nil {
		return nil, err
	}
	if !in.Enabled {
		return nil, problem.Forbidden("the single sign-on integration %q is disabled", in.Name)
	}
	return in, nil
}

type cachedProvider struct {
	p       *oidc.Provider
	expires time.Time
}

// provider returns the issuer's provider metadata, from discovery.
func (s *Service) provider(ctx context.Context, issuer string) (*oidc.Provider, error) {
	s.mu.Lock()
	c, ok := s.providers[issuer]
	s.mu.Unlock()
	if ok && s.now().Before(c.expires) {
		return c.p, nil
	}
	p, err := oidc.NewProvider(oidc.ClientContext(ctx, s.http), issuer)
	if err != nil {
		s.logger.WarnContext(ctx, "identity provider discovery failed", "issuer", issuer, "error", err)
		return nil, &problem.Error{Kind: problem.KindUnavailable, Message: "the identity provider could not be reached or is not an OpenID Connect provider at this issuer URL", Err: err}
	}
	s.mu.Lock()
	s.providers[issuer] = cachedProvider{p: p, expires: s.now().Add(providerTTL)}
	s.mu.Unlock()
	return p, nil
}

func oauthConfig(in *ent.SSOIntegration, p *oidc.Provider, callback string) *oauth2.Config {
	return &oauth2.Config{
		ClientID: in.ClientID, ClientSecret: in.ClientSecret,
		Endpoint: p.Endpoint(), RedirectURL: callback,
		Scopes: []string{oidc.ScopeOpenID, "email", "profile"},
	}
}

// flowState travels sealed in a cookie between Begin and Complete.
type flowState struct {
	IntegrationID int    `json:"i"`
	TenantID      int    `json:"t"`
	State         string `json:"s"`
	Nonce         string `json:"n"`
	Verifier      string `json:"v"`
	Callback      string `json:"c"`
	ReturnTo      string `json:"r"`
	Expires       int64  `json:"e"`
}
