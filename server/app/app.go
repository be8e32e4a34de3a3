// Package app is Portico's composition root: it builds every component from
// the configuration, runs the server and shuts it down gracefully.
package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"

	"github.com/portico-apim/portico/frontend"
	"github.com/portico-apim/portico/graph"
	"github.com/portico-apim/portico/server/audience"
	"github.com/portico-apim/portico/server/auth"
	"github.com/portico-apim/portico/server/bootstrap"
	"github.com/portico-apim/portico/server/catalog"
	"github.com/portico-apim/portico/server/config"
	"github.com/portico-apim/portico/server/httpserver"
	"github.com/portico-apim/portico/server/spa"
	"github.com/portico-apim/portico/server/store"
)

// App is a running Portico.
type App struct {
	cfg    config.Config
	logger *slog.Logger
	Store  *store.Store
	Auth   *auth.Service
	server *httpserver.Server
	// Bootstrap says what the first start created.
	Bootstrap *bootstrap.Result
}

// New opens the database, migrates it, prepares a fresh installation and
// builds the HTTP server.
func New(ctx context.Context, cfg config.Config, logger *slog.Logger) (*App, error) {
	st, err := store.New(store.Config{DatabaseURL: cfg.DatabaseURL, DataDir: cfg.DataDir, Logger: logger})
	if err != nil {
		return nil, err
	}
	a := &App{cfg: cfg, logger: logger, Store: st}
	if err := a.build(ctx); err != nil {
		st.Close()
		return nil, err
	}
	return a, nil
}

func (a *App) build(ctx context.Context) error {
	if err := a.Store.Migrate(ctx); err != nil {
		return err
	}
	client := a.Store.Client
	cat := catalog.New(client)
	aud := audience.New(audience.Config{Client: client, LockRows: a.Store.IsPostgres()})
	au, err := auth.New(auth.Config{Client: client, Logger: a.logger})
	if err != nil {
		return err
	}
	if err := au.Init(ctx); err != nil {
		return err
	}
	a.Auth = au
	res, err := bootstrap.Run(ctx, bootstrap.Config{
		Client: client, Catalog: cat, AdminDomain: a.cfg.AdminDomain, AdminPassword: a.cfg.AdminPassword, Logger: a.logger,
	})
	if err != nil {
		return fmt.Errorf("bootstrap: %w", err)
	}
	a.Bootstrap = res
	gql := graph.New(graph.Config{
		Resolver: &graph.Resolver{Client: client, Catalog: cat, Audience: aud, Auth: au},
		Logger:   a.logger,
	})
	a.server, err = httpserver.New(httpserver.Config{
		Addr: a.cfg.Addr, Logger: a.logger, Auth: au, GraphQL: gql,
		SPA:   spaHandler(),
		Ready: a.Store.Ping,
	})
	return err
}

// Handler returns the root HTTP handler (for tests).
func (a *App) Handler() http.Handler { return a.server.Handler() }

// Run listens on the configured address until ctx is done, then shuts down
// gracefully within the configured timeout.
func (a *App) Run(ctx context.Context) error {
	ln, err := net.Listen("tcp", a.cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", a.cfg.Addr, err)
	}
	return a.Serve(ctx, ln)
}

// Serve answers on ln until ctx is done.
func (a *App) Serve(ctx context.Context, ln net.Listener) error {
	a.announce(ln.Addr())
	errc := make(chan error, 1)
	go func() { errc <- a.server.Serve(ln) }()
	select {
	case err := <-errc:
		return errors.Join(err, a.Store.Close())
	case <-ctx.Done():
	}
	a.logger.Info("shutting down", "timeout", a.cfg.ShutdownTimeout)
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), a.cfg.ShutdownTimeout)
	defer cancel()
	err := a.server.Shutdown(sctx)
	<-errc
	return errors.Join(err, a.Store.Close())
}

func (a *App) announce(addr net.Addr) {
	url := "http://" + displayAddr(addr)
	mode := "embedded SQLite in " + a.cfg.DataDir
	if a.Store.IsPostgres() {
		mode = "PostgreSQL at " + store.RedactURL(a.cfg.DatabaseURL)
	}
	a.logger.Info("Portico is listening", "url", url, "storage", mode)
	if b := a.Bootstrap; b != nil && b.Created {
		pw := b.AdminPassword
		if pw == "" {
			pw = "(PORTICO_ADMIN_PASSWORD)"
		}
		a.logger.Info("first start: log in to the admin console",
			"url", url+"/", "login", b.AdminLogin, "password", pw)
		if b.AdminPassword != "" {
			a.logger.Warn("the admin password above is shown only this once; change it after logging in")
		}
	} else {
		a.logger.Info("log in to the admin console", "url", url+"/")
	}
}

func displayAddr(addr net.Addr) string {
	tcp, ok := addr.(*net.TCPAddr)
	if !ok {
		return addr.String()
	}
	if tcp.IP.IsUnspecified() {
		return fmt.Sprintf("localhost:%d", tcp.Port)
	}
	return tcp.String()
}

func spaHandler() http.Handler { return spa.New(frontend.Dist()) }

