// Package apptest starts real Portico servers for tests: on a fresh embedded
// SQLite database, or on a fresh PostgreSQL database when
// PORTICO_TEST_DATABASE_URL is set (and Redis when PORTICO_TEST_REDIS_URL is
// set), listening on loopback.
package apptest

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"

	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/portico-apim/portico/ent"
	"github.com/portico-apim/portico/ent/user"
	"github.com/portico-apim/portico/schema/viewer"
	"github.com/portico-apim/portico/server/app"
	"github.com/portico-apim/portico/server/auth/password"
	"github.com/portico-apim/portico/server/config"
	"github.com/portico-apim/portico/server/secret"
)

// AdminPassword is the password of every test instance's first admin.
const AdminPassword = "Adm1n-passw0rd!"

// Instance is a running server.
type Instance struct {
	URL   string
	App   *app.App
	Cfg   config.Config
	Admin string // session token of the first admin

	stop func()
}

// Stop shuts the server down gracefully (it is also stopped when the test
// ends).
func (in *Instance) Stop(t testing.TB) {
	t.Helper()
	in.stop()
}

// DatabaseURL returns a fresh PostgreSQL database URL when
// PORTICO_TEST_DATABASE_URL is set (dropped at cleanup), or "" for SQLite.
func DatabaseURL(t testing.TB) string {
	base := os.Getenv("PORTICO_TEST_DATABASE_URL")
	if base == "" {
		return ""
	}
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("PORTICO_TEST_DATABASE_URL: %v", err)
	}
	admin, err := sql.Open("postgres", base)
	if err != nil {
		t.Fatal(err)
	}
	name := "portico_t_" + secret.Hex(6)
	if _, err := admin.Exec("CREATE DATABASE " + name); err != nil {
		t.Fatalf("create test database: %v", err)
	}
	t.Cleanup(func() {
		_, _ = admin.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")
		admin.Close()
	})
	u.Path = "/" + name
	return u.String()
}

// Config returns a configuration for a test instance with its own database.
func Config(t testing.TB) config.Config {
	cfg, err := config.Load(nil, func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	cfg.Addr = "127.0.0.1:0"
	cfg.DataDir = t.TempDir()
	cfg.DatabaseURL = DatabaseURL(t)
	cfg.RedisURL = os.Getenv("PORTICO_TEST_REDIS_URL")
	cfg.RedisPrefix = "portico_t_" + secret.Hex(6) + ":"
	cfg.AdminPassword = AdminPassword
	cfg.MasterPassword = AdminPassword
	cfg.ShutdownTimeout = 5 * time.Second
	// Tests reach their receivers and identity providers on loopback;
	// tests of the refusal turn this off.
	cfg.OutboundAllowPrivate = true
	cfg.JobPoll = 100 * time.Millisecond
	// Tests bill the dates they choose; a run started by the clock would
	// bill today's date into their tenants whenever they run after 08:00.
	cfg.NoBillingSchedule = true
	return cfg
}

// Replica returns cfg for a second server process on the same database
// and Redis: its own data directory, so its own usage journal.
func Replica(t testing.TB, cfg config.Config) config.Config {
	cfg.DataDir = t.TempDir()
	cfg.JournalDir = ""
	return cfg
}

// Start runs a server with a fresh database until the test ends.
func Start(t testing.TB) *Instance {
	return StartWith(t, Config(t))
}

// StartWith runs a server with cfg until the test ends.
func StartWith(t testing.TB, cfg config.Config) *Instance {
	t.Helper()
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	if testing.Verbose() {
		logger = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	}
	ctx, cancel := context.WithCancel(context.Background())
	a, err := app.New(ctx, cfg, logger)
	if err != nil {
		cancel()
		t.Fatalf("start portico: %v", err)
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- a.Serve(ctx, ln) }()
	var once sync.Once
	stop := func() {
		once.Do(func() {
			// Idle client connections would hold graceful shutdown back.
			http.DefaultClient.CloseIdleConnections()
			cancel()
			if err := <-done; err != nil {
				t.Errorf("server stopped: %v", err)
			}
		})
	}
	t.Cleanup(stop)
	in := &Instance{URL: "http://" + ln.Addr().String(), App: a, Cfg: cfg, stop: stop}
	in.Admin = in.Login(t, "admin", AdminPassword, "")
	return in
}

// Login logs in and returns the session token.
func (in *Instance) Login(t testing.TB, login, pw, tenant string) string {
	t.Helper()
	body, _ := json.Marshal(map[string]string{"login": login, "password": pw, "tenant": tenant})
	resp, err := http.Post(in.URL+"/auth/login", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out struct {
		AccessToken string `json:"access_token"`
	}
	if resp.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(resp.Body)
		t.Fatalf("login %s: %d %s", login, resp.StatusCode, b)
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		t.Fatal(err)
	}
	return out.AccessToken
}

// Client returns the ent client acting as the system (no tenant scoping),
// for arranging and inspecting data directly.
func (in *Instance) Client() *ent.Client { return in.App.Store.Client }

// SystemContext is a context acting as the system.
func SystemContext() context.Context { return viewer.SystemContext(context.Background()) }

// NewTenant creates another provider tenant with an admin user and returns
// the admin's session token.
func (in *Instance) NewTenant(t testing.TB, domain string) string {
	t.Helper()
	ctx := SystemContext()
	c := in.Client()
	tn, err := c.Tenant.Create().SetOrgName("Tenant " + domain).SetAdminDomain(domain).SetProviderKey(secret.Token()).Save(ctx)
	if err != nil {
		t.Fatal(err)
	}
	h, err := password.Hash(AdminPassword)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.User.Create().SetTenantID(tn.ID).SetUsername("admin").SetEmail("admin@" + domain).
		SetRole(user.RoleADMIN).SetPasswordHash(h).Exec(ctx); err != nil {
		t.Fatal(err)
	}
	return in.Login(t, "admin", AdminPassword, domain)
}

// Response is a GraphQL response.
type Response struct {
	Data   json.RawMessage `json:"data"`
	Errors []GQLError      `json:"errors"`
}

// GQLError is one GraphQL error.
type GQLError struct {
	Message    string         `json:"message"`
	Path       []any          `json:"path"`
	Extensions map[string]any `json:"extensions"`
}

// Code returns extensions.code.
func (e GQLError) Code() string { s, _ := e.Extensions["code"].(string); return s }

// Field returns extensions.field.
func (e GQLError) Field() string { s, _ := e.Extensions["field"].(string); return s }

// GraphQL posts an operation with token (may be empty).
func (in *Instance) GraphQL(t testing.TB, token, query string, vars map[string]any) Response {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, _ := http.NewRequest(http.MethodPost, in.URL+"/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out Response
	raw, _ := io.ReadAll(resp.Body)
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatalf("graphql: bad response %d %s", resp.StatusCode, raw)
	}
	return out
}

// MustGraphQL posts an operation and fails the test on any error; it
// decodes data into out when out is not nil.
func (in *Instance) MustGraphQL(t testing.TB, token, query string, vars map[string]any, out any) {
	t.Helper()
	r := in.GraphQL(t, token, query, vars)
	if len(r.Errors) > 0 {
		t.Fatalf("graphql errors: %+v\nquery: %s", r.Errors, strings.TrimSpace(query))
	}
	if out != nil {
		if err := json.Unmarshal(r.Data, out); err != nil {
			t.Fatalf("decode %s: %v", r.Data, err)
		}
	}
}

// ExpectError posts an operation that must fail with code; it returns the
// first error.
func (in *Instance) ExpectError(t testing.TB, token, query string, vars map[string]any, code string) GQLError {
	t.Helper()
	r := in.GraphQL(t, token, query, vars)
	if len(r.Errors) == 0 {
		t.Fatalf("expected %s error, got data %s\nquery: %s", code, r.Data, strings.TrimSpace(query))
	}
	if got := r.Errors[0].Code(); got != code {
		t.Fatalf("expected %s, got %s: %s", code, got, r.Errors[0].Message)
	}
	return r.Errors[0]
}
