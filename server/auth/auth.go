package auth

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/portico-apim/portico/ent"
	"github.com/portico-apim/portico/ent/accesstoken"
	"github.com/portico-apim/portico/ent/session"
	"github.com/portico-apim/portico/ent/signingkey"
	"github.com/portico-apim/portico/ent/tenant"
	"github.com/portico-apim/portico/ent/user"
	"github.com/portico-apim/portico/schema/viewer"
	"github.com/portico-apim/portico/server/auth/password"
	"github.com/portico-apim/portico/server/problem"
	"github.com/portico-apim/portico/server/secret"
	"github.com/portico-apim/portico/server/store"
)

const (
	issuer   = "portico"
	audience = "portico-admin"
)

// Config wires the auth service.
type Config struct {
	Client *ent.Client
	// DB and DatabaseURL reach PostgreSQL directly, for the notifications
	// that tell every replica which sessions ended; empty on the embedded
	// database.
	DB          *sql.DB
	DatabaseURL string
	AccessTTL   time.Duration // default 15 minutes
	RefreshTTL  time.Duration // default 30 days
	Logger      *slog.Logger
	// Throttle slows down failed logins (see ThrottleConfig for the
	// policy; counts kept in this process by default).
	Throttle ThrottleConfig
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// Service authenticates principals.
type Service struct {
	client      *ent.Client
	accessTTL   time.Duration
	refreshTTL  time.Duration
	logger      *slog.Logger
	key         atomic.Pointer[signingKey]
	throttle    *throttle
	ended       *ended
	now         func() time.Time
	db          *sql.DB
	databaseURL string
}

type signingKey struct {
	kid    string
	secret []byte
}

// Tokens is what a login or refresh returns.
type Tokens struct {
	AccessToken  string
	ExpiresIn    time.Duration
	RefreshToken string
}

// New returns an auth service. Call Init before use.
func New(cfg Config) (*Service, error) {
	if cfg.Client == nil {
		return nil, errors.New("auth: no client")
	}
	s := &Service{client: cfg.Client, accessTTL: cfg.AccessTTL, refreshTTL: cfg.RefreshTTL, logger: cfg.Logger,
		throttle: newThrottle(cfg.Throttle), now: cfg.Now, db: cfg.DB, databaseURL: cfg.DatabaseURL}
	if s.now == nil {
		s.now = time.Now
	}
	if s.accessTTL <= 0 {
		s.accessTTL = 15 * time.Minute
	}
	s.ended = newEnded(s.accessTTL, s.now)
	if s.refreshTTL <= 0 {
		s.refreshTTL = 30 * 24 * time.Hour
	}
	if s.logger == nil {
		s.logger = slog.New(slog.DiscardHandler)
	}
	return s, nil
}

// Init loads the signing key, creating it on first start. Replicas racing to
// create it converge on the first one stored.
func (s *Service) Init(ctx context.Context) error {
	ctx = viewer.SystemContext(ctx)
	k, err := s.client.SigningKey.Query().Order(ent.Asc(signingkey.FieldID)).First(ctx)
	if ent.IsNotFound(err) {
		b := make([]byte, 32)
		_, _ = rand.Read(b)
		err = s.client.SigningKey.Create().SetKid(secret.Hex(8)).SetSecret(b).Exec(ctx)
		if err != nil && !ent.IsConstraintError(err) {
			return fmt.Errorf("create signing key: %w", err)
		}
		k, err = s.client.SigningKey.Query().Order(ent.Asc(signingkey.FieldID)).First(ctx)
	}
	if err != nil {
		return fmt.Errorf("load signing key: %w", err)
	}
	s.key.Store(&signingKey{kid: k.Kid, secret: k.Secret})
	return nil
}

// claims of a Portico session token. SessionID names the session family
// (the login) the token belongs to, so that ending it refuses the token.
type claims struct {
	TenantID  int `json:"tid"`
	SessionID int `json:"sid"`
	// Impersonator and ImpersonatorName name the master user behind an
	// impersonation session.
	Impersonator     int    `json:"imp,omitempty"`
	ImpersonatorName string `json:"impn,omitempty"`
	jwt.RegisteredClaims
}

var errBadCredentials = problem.Unauthenticated("invalid login or password")

// Login checks a team user's password and opens a session. tenantDomain is the
// admin domain to log into; empty means the request host, then the only
// provider tenant.
//
// Failed logins are throttled per login name, from anywhere and from the
// client address (ClientIP), with growing but bounded delays (see
// ThrottleConfig): while a delay is in force, attempts are refused without
// checking the password.
//
// It runs in the caller's transaction when ctx carries one (the GraphQL login
// mutation), so it never waits on a lock its own request holds.
func (s *Service) Login(ctx context.Context, login, pw, tenantDomain, host string) (*Tokens, error) {
	sys := viewer.SystemContext(ctx)
	c := store.Client(ctx, s.client)
	t, err := s.resolveTenant(sys, c, tenantDomain, host)
	tenantID := 0
	if err == nil {
		tenantID = t.ID
	}
	att, wait, terr := s.throttle.begin(ctx, tenantID, login, ClientIP(ctx), s.now())
	if terr != nil {
		s.logger.ErrorContext(ctx, "login throttle", "error", terr)
		return nil, &problem.Error{Kind: problem.KindUnavailable, Message: "logging in is unavailable, try again shortly", Err: terr}
	}
	if wait > 0 {
		return nil, problem.Throttled(wait, "too many failed logins: try again in %s", roughly(wait))
	}
	if err != nil {
		password.VerifyNothing(pw)
		return nil, err
	}
	u, err := c.User.Query().Where(
		user.TenantID(t.ID), user.AccountIDIsNil(),
		user.Or(user.Email(login), user.Username(login)),
	).Only(sys)
	if err != nil {
		password.VerifyNothing(pw)
		if ent.IsNotFound(err) || ent.IsNotSingular(err) {
			return nil, errBadCredentials
		}
		return nil, err
	}
	if !password.Verify(pw, u.PasswordHash) {
		return nil, errBadCredentials
	}
	if err := s.throttle.succeeded(ctx, att); err != nil {
		s.logger.WarnContext(ctx, "login throttle: forget failures", "error", err)
	}
	if u.State != user.StateACTIVE {
		return nil, problem.Forbidden("this user is %s", strings.ToLower(string(u.State)))
	}
	if err := TenantOpen(t); err != nil {
		return nil, err
	}
	return s.StartSession(ctx, u)
}

// StartSession opens a session for a user who has just proved who they are
// (a password login, an accepted invitation), in the caller's transaction
// when ctx carries one.
func (s *Service) StartSession(ctx context.Context, u *ent.User) (*Tokens, error) {
	sys := viewer.SystemContext(ctx)
	c := store.Client(ctx, s.client)
	if err := c.User.UpdateOneID(u.ID).SetLastLoginAt(s.now()).Exec(sys); err != nil {
		return nil, err
	}
	return s.openSession(sys, c, u)
}

// roughly says a wait in whole minutes, or seconds under a minute.
func roughly(d time.Duration) string {
	if d < time.Minute {
		n := int((d + time.Second - 1) / time.Second)
		if n == 1 {
			return "1 second"
		}
		return strconv.Itoa(n) + " seconds"
	}
	n := int((d + time.Minute - 1) / time.Minute)
	if n == 1 {
		return "1 minute"
	}
	return strconv.Itoa(n) + " minutes"
}

// TenantOpen refuses (FORBIDDEN, naming its state) a tenant that is not
// approved: nobody of it logs in or acts until it is.
func TenantOpen(t *ent.Tenant) error {
	if t.State != tenant.StateAPPROVED {
		return problem.Forbidden("this tenant is %s", strings.ToLower(strings.ReplaceAll(string(t.State), "_", " ")))
	}
	return nil
}

// ResolveTenant finds the tenant a login names, as Login does: by its admin
// domain when one is given, else by the request's host.
func (s *Service) ResolveTenant(ctx context.Context, domain, host string) (*ent.Tenant, error) {
	return s.resolveTenant(viewer.SystemContext(ctx), store.Client(ctx, s.client), domain, host)
}

func (s *Service) resolveTenant(ctx context.Context, c *ent.Client, domain, host string) (*ent.Tenant, error) {
	if domain != "" {
		t, err := c.Tenant.Query().Where(tenant.AdminDomainEqualFold(domain)).Only(ctx)
		if ent.IsNotFound(err) {
			return nil, errBadCredentials
		}
		return t, err
	}
	// The host's tenant (the master's on the master domain), else the
	// default tenant.
	t, _, err := store.TenantByHost(ctx, c, host, false)
	if ent.IsNotFound(err) {
		return nil, problem.Invalid("tenant", "name the tenant (its admin domain) to log into")
	}
	return t, err
}

func (s *Service) openSession(ctx context.Context, c *ent.Client, u *ent.User) (*Tokens, error) {
	refresh := secret.Token()
	sess, err := c.Session.Create().SetTenantID(u.TenantID).SetUserID(u.ID).
		SetRefreshHash(secret.Digest(refresh)).SetExpiresAt(s.now().Add(s.refreshTTL)).Save(ctx)
	if err != nil {
		return nil, fmt.Errorf("open session: %w", err)
	}
	access, err := s.sign(u, sess)
	if err != nil {
		return nil, err
	}
	return &Tokens{AccessToken: access, ExpiresIn: s.accessTTL, RefreshToken: refresh}, nil
}

// sign issues an access token of u for session sess (of its login's
// family), naming the impersonator of an impersonation session.
func (s *Service) sign(u *ent.User, sess *ent.Session) (string, error) {
	k := s.key.Load()
	if k == nil {
		return "", errors.New("auth: not initialised")
	}
	now := s.now()
	imp := 0
	if sess.ImpersonatorID != nil {
		imp = *sess.ImpersonatorID
	}
	tok := jwt.NewWithClaims(jwt.SigningMethodHS256, claims{
		TenantID:         u.TenantID,
		SessionID:        familyOf(sess),
		Impersonator:     imp,
		ImpersonatorName: sess.Impersonator,
		RegisteredClaims: jwt.RegisteredClaims{
			Issuer:    issuer,
			Audience:  jwt.ClaimStrings{audience},
			Subject:   strconv.Itoa(u.ID),
			IssuedAt:  jwt.NewNumericDate(now),
			NotBefore: jwt.NewNumericDate(now.Add(-30 * time.Second)),
			ExpiresAt: jwt.NewNumericDate(now.Add(s.accessTTL)),
			ID:        secret.Hex(12),
		},
	})
	tok.Header["kid"] = k.kid
	return tok.SignedString(k.secret)
}

// Refresh rotates a refresh token: the old one is revoked and a new session
// token pair is issued, of the same login (session family). Presenting a
// token that was rotated away ends all of the user's sessions, since it
// means the token was stolen or replayed.
func (s *Service) Refresh(ctx context.Context, refreshToken string) (*Tokens, error) {
	sys := viewer.SystemContext(ctx)
	var (
		out      *Tokens
		replayed bool
	)
	err := store.InTx(sys, s.client, func(ctx context.Context, c *ent.Client) error {
		sess, err := c.Session.Query().Where(session.RefreshHash(secret.Digest(refreshToken))).WithUser().Only(ctx)
		if ent.IsNotFound(err) {
			return problem.Unauthenticated("invalid refresh token")
		}
		if err != nil {
			return err
		}
		if sess.RevokedAt != nil {
			// A token that ended with its login (logout, password change)
			// is merely refused; one that was rotated away is a replay.
			rotated, err := c.Session.Query().Where(session.FamilyID(familyOf(sess)), session.IDGT(sess.ID)).Exist(ctx)
			if err != nil {
				return err
			}
			if !rotated {
				return problem.Unauthenticated("the session has ended: log in again")
			}
			if err := s.EndSessions(ctx, sess.UserID, 0); err != nil {
				return err
			}
			s.logger.Warn("revoked refresh token presented; all sessions of the user revoked", "user_id", sess.UserID)
			// Commit the revocation: failing here would roll it back.
			replayed = true
			return nil
		}
		out, err = s.rotate(ctx, c, sess)
		return err
	})
	if err == nil && replayed {
		return nil, problem.Unauthenticated("invalid refresh token")
	}
	return out, err
}

// rotate revokes session sess and issues the next token pair of its login,
// in the caller's transaction.
func (s *Service) rotate(ctx context.Context, c *ent.Client, sess *ent.Session) (*Tokens, error) {
	if s.now().After(sess.ExpiresAt) {
		return nil, problem.Unauthenticated("the session has expired")
	}
	u := sess.Edges.User
	if u.State != user.StateACTIVE {
		return nil, problem.Unauthenticated("the user is %s", strings.ToLower(string(u.State)))
	}
	n, err := c.Session.Update().Where(session.ID(sess.ID), session.RevokedAtIsNil()).SetRevokedAt(s.now()).Save(ctx)
	if err != nil {
		return nil, err
	}
	if n != 1 {
		return nil, problem.Unauthenticated("invalid refresh token")
	}
	refresh := secret.Token()
	next, err := c.Session.Create().SetTenantID(u.TenantID).SetUserID(u.ID).SetFamilyID(familyOf(sess)).
		SetNillableImpersonatorID(sess.ImpersonatorID).SetImpersonator(sess.Impersonator).
		SetRefreshHash(secret.Digest(refresh)).SetExpiresAt(s.now().Add(s.refreshTTL)).Save(ctx)
	if err != nil {
		return nil, err
	}
	access, err := s.sign(u, next)
	if err != nil {
		return nil, err
	}
	return &Tokens{AccessToken: access, ExpiresIn: s.accessTTL, RefreshToken: refresh}, nil
}

// Logout ends the login refreshToken belongs to: its refresh token stops
// working, and the access tokens of the login are refused at once, on every
// replica. Unknown tokens are ignored.
func (s *Service) Logout(ctx context.Context, refreshToken string) error {
	return store.InTx(viewer.SystemContext(ctx), s.client, func(ctx context.Context, c *ent.Client) error {
		sess, err := c.Session.Query().Where(session.RefreshHash(secret.Digest(refreshToken))).Only(ctx)
		if ent.IsNotFound(err) {
			return nil
		}
		if err != nil {
			return err
		}
		return s.endFamilies(ctx, c, []int{familyOf(sess)})
	})
}

// Authenticate turns a bearer credential (a session JWT or an access token)
// into a viewer.
func (s *Service) Authenticate(ctx context.Context, bearer string) (*viewer.Viewer, error) {
	v, _, err := s.authenticate(ctx, bearer)
	return v, err
}

// authenticate is Authenticate, also returning the session family of a
// session JWT (0 for an access token).
func (s *Service) authenticate(ctx context.Context, bearer string) (*viewer.Viewer, int, error) {
	sys := viewer.SystemContext(ctx)
	if strings.Count(bearer, ".") == 2 {
		return s.authenticateJWT(sys, bearer)
	}
	tok, err := s.client.AccessToken.Query().Where(accesstoken.TokenHash(secret.Digest(bearer))).WithUser().Only(sys)
	if ent.IsNotFound(err) {
		return nil, 0, problem.Unauthenticated("invalid access token")
	}
	if err != nil {
		return nil, 0, err
	}
	now := s.now()
	if tok.ExpiresAt != nil && now.After(*tok.ExpiresAt) {
		return nil, 0, problem.Unauthenticated("the access token has expired")
	}
	u := tok.Edges.User
	v, err := s.viewerOf(sys, u)
	if err != nil {
		return nil, 0, err
	}
	v.Token = &viewer.Token{ID: tok.ID, Scopes: tok.Scopes, ReadOnly: tok.Permission == accesstoken.PermissionRO}
	if tok.LastUsedAt == nil || now.Sub(*tok.LastUsedAt) > time.Minute {
		if err := s.client.AccessToken.UpdateOneID(tok.ID).SetLastUsedAt(now).Exec(sys); err != nil {
			s.logger.Warn("record access token use", "error", err)
		}
	}
	return v, 0, nil
}

func (s *Service) authenticateJWT(ctx context.Context, raw string) (*viewer.Viewer, int, error) {
	k := s.key.Load()
	if k == nil {
		return nil, 0, errors.New("auth: not initialised")
	}
	var c claims
	_, err := jwt.ParseWithClaims(raw, &c, func(t *jwt.Token) (any, error) {
		if kid, _ := t.Header["kid"].(string); kid != k.kid {
			return nil, errors.New("unknown key")
		}
		return k.secret, nil
	},
		jwt.WithValidMethods([]string{jwt.SigningMethodHS256.Alg()}),
		jwt.WithIssuer(issuer),
		jwt.WithAudience(audience),
		jwt.WithExpirationRequired(),
		jwt.WithIssuedAt(),
		jwt.WithLeeway(5*time.Second),
		jwt.WithTimeFunc(s.now),
	)
	if errors.Is(err, jwt.ErrTokenExpired) {
		return nil, 0, problem.Unauthenticated("the session token has expired")
	}
	if err != nil {
		return nil, 0, problem.Unauthenticated("invalid session token")
	}
	uid, err := strconv.Atoi(c.Subject)
	if err != nil || c.SessionID == 0 {
		return nil, 0, problem.Unauthenticated("invalid session token")
	}
	if s.ended.has(c.SessionID) {
		return nil, 0, problem.Unauthenticated("the session has ended: log in again")
	}
	u, err := s.client.User.Query().Where(user.ID(uid), user.TenantID(c.TenantID)).Only(ctx)
	if ent.IsNotFound(err) {
		return nil, 0, problem.Unauthenticated("the user no longer exists")
	}
	if err != nil {
		return nil, 0, err
	}
	v, err := s.viewerOf(ctx, u)
	if err == nil && c.Impersonator != 0 {
		v.Impersonator = &viewer.Impersonator{UserID: c.Impersonator, Username: c.ImpersonatorName}
	}
	return v, c.SessionID, err
}

func (s *Service) viewerOf(ctx context.Context, u *ent.User) (*viewer.Viewer, error) {
	if u.State != user.StateACTIVE {
		return nil, problem.Unauthenticated("the user is %s", strings.ToLower(string(u.State)))
	}
	if u.AccountID != nil {
		return nil, problem.Forbidden("developer users cannot use the admin API")
	}
	t, err := s.client.Tenant.Get(ctx, u.TenantID)
	if err != nil {
		return nil, err
	}
	if err := TenantOpen(t); err != nil {
		return nil, err
	}
	role := viewer.RoleMember
	if u.Role == user.RoleADMIN {
		role = viewer.RoleAdmin
	}
	v := &viewer.Viewer{TenantID: u.TenantID, UserID: u.ID, Role: role, Master: t.Master}
	if role == viewer.RoleMember {
		v.Sections = u.Sections
		if v.Sections == nil {
			v.Sections = []viewer.Section{}
		}
		if !u.AllProducts {
			v.ProductIDs = u.ProductIds
			if v.ProductIDs == nil {
				v.ProductIDs = []int{}
			}
		}
	}
	return v, nil
}
