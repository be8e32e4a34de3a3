// Command portico runs the Portico API management server.
//
//	portico [serve] [flags]   start the server (the default)
//	portico migrate [flags]   apply database migrations and exit
//	portico version           print the version
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"github.com/portico-apim/portico/server/app"
	"github.com/portico-apim/portico/server/config"
	"github.com/portico-apim/portico/server/store"
	"github.com/portico-apim/portico/server/tracing"
)

var version = "dev"

func main() {
	os.Exit(run(os.Args[1:], os.Getenv, os.Stderr))
}

func run(args []string, getenv func(string) string, stderr io.Writer) int {
	cmd := "serve"
	if len(args) > 0 && (args[0] == "serve" || args[0] == "migrate" || args[0] == "version") {
		cmd, args = args[0], args[1:]
	}
	if cmd == "version" {
		fmt.Fprintln(stderr, "portico", version)
		return 0
	}
	cfg, err := config.LoadWithOutput(args, getenv, stderr)
	if errors.Is(err, flag.ErrHelp) { // usage was printed
		return 0
	}
	if err != nil {
		fmt.Fprintf(stderr, "portico: invalid configuration:\n%v\n", err)
		return 2
	}
	cfg.Version = version
	logger := newLogger(cfg, stderr)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	if cmd == "migrate" {
		st, err := store.New(store.Config{DatabaseURL: cfg.DatabaseURL, DataDir: cfg.DataDir, Logger: logger})
		if err != nil {
			logger.Error("open database", "error", err)
			return 1
		}
		defer st.Close()
		if err := st.Migrate(ctx); err != nil {
			logger.Error("migrate", "error", err)
			return 1
		}
		v, _ := st.SchemaVersion(ctx)
		logger.Info("database is up to date", "version", v)
		return 0
	}

	a, err := app.New(ctx, cfg, logger)
	if err != nil {
		logger.Error("start", "error", err)
		return 1
	}
	if err := a.Run(ctx); err != nil {
		logger.Error("server stopped", "error", err)
		return 1
	}
	logger.Info("stopped")
	return 0
}

func newLogger(cfg config.Config, w io.Writer) *slog.Logger {
	opts := &slog.HandlerOptions{Level: cfg.LogLevel}
	var h slog.Handler = slog.NewTextHandler(w, opts)
	if cfg.LogFormat == "json" {
		h = slog.NewJSONHandler(w, opts)
	}
	if cfg.Tracing.On() {
		h = tracing.LogHandler(h) // trace_id and span_id on a request's lines
	}
	return slog.New(h)
}
