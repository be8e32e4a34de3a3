// Command portico runs the Portico API management server.
//
//	portico [serve] [flags]   start the server (the default)
//	portico migrate [flags]   apply database migrations and exit
//	portico bill -date YYYY-MM-DD [flags]
//	                          run the daily billing routine for a date for every
//	                          tenant with finance on, one account at a time, and exit
//	portico purge -date YYYY-MM-DD [flags]
//	                          purge every tenant scheduled for deletion whose 15 days
//	                          ended by midnight (UTC) starting that date, and exit
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
	"strings"
	"syscall"
	"time"

	"github.com/portico-apim/portico/server/app"
	"github.com/portico-apim/portico/server/billing"
	"github.com/portico-apim/portico/server/config"
	"github.com/portico-apim/portico/server/counter"
	"github.com/portico-apim/portico/server/mail"
	"github.com/portico-apim/portico/server/mirror"
	"github.com/portico-apim/portico/server/purge"
	"github.com/portico-apim/portico/server/store"
	"github.com/portico-apim/portico/server/tracing"
)

var version = "dev"

func main() {
	os.Exit(run(os.Args[1:], os.Getenv, os.Stderr))
}

func run(args []string, getenv func(string) string, stderr io.Writer) int {
	cmd := "serve"
	if len(args) > 0 && (args[0] == "serve" || args[0] == "migrate" || args[0] == "version" || args[0] == "bill" || args[0] == "purge") {
		cmd, args = args[0], args[1:]
	}
	var date string
	if cmd == "bill" || cmd == "purge" {
		var err error
		if date, args, err = cutFlag(args, "date"); err != nil || date == "" {
			fmt.Fprintf(stderr, "portico %s: -date YYYY-MM-DD is required\n", cmd)
			return 2
		}
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

	if cmd == "bill" {
		return bill(ctx, cfg, logger, date, stderr)
	}
	if cmd == "purge" {
		return purgeDue(ctx, cfg, logger, date, stderr)
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

// cutFlag removes -name value, -name=value (or with two dashes) from args.
func cutFlag(args []string, name string) (string, []string, error) {
	var rest []string
	val := ""
	for i := 0; i < len(args); i++ {
		a := strings.TrimLeft(args[i], "-")
		switch {
		case a == name && len(args[i]) > len(a):
			if i+1 >= len(args) {
				return "", nil, fmt.Errorf("-%s needs a value", name)
			}
			val = args[i+1]
			i++
		case strings.HasPrefix(a, name+"=") && len(args[i]) > len(a):
			val = strings.TrimPrefix(a, name+"=")
		default:
			rest = append(rest, args[i])
		}
	}
	return val, rest, nil
}

// bill runs the daily billing routine for a date, printing each account as
// it is billed (its own transaction, so an interrupted run is resumed by
// running it again).
func bill(ctx context.Context, cfg config.Config, logger *slog.Logger, date string, out io.Writer) int {
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
	// Issue emails go to the outbox; a running server's sender delivers them.
	outbox, err := mail.New(mail.Config{Client: st.Client, SMTPURL: cfg.SMTPURL, Logger: logger, Templates: app.EmailTemplates()})
	if err != nil {
		logger.Error("mail", "error", err)
		return 1
	}
	svc, err := billing.New(billing.Config{Client: st.Client, LockRows: st.IsPostgres(), Mail: outbox, Logger: logger})
	if err != nil {
		logger.Error("billing", "error", err)
		return 1
	}
	res, err := svc.RunEveryTenant(ctx, date, func(tenantID, accountID int) {
		fmt.Fprintf(out, "billed tenant %d account %d\n", tenantID, accountID)
	})
	if err != nil {
		logger.Error("bill", "date", date, "error", err)
		return 1
	}
	fmt.Fprintf(out, "billed %d accounts for %s: %d line items added, %d invoices finalized, %d issued\n",
		res.Accounts, res.Date, res.LineItemsAdded, res.InvoicesFinalized, res.InvoicesIssued)
	return 0
}

// purgeDue purges the tenants due at midnight (UTC) starting date, printing
// each. Redis counters are forgotten here and, on PostgreSQL, every running
// replica drops the tenants from its snapshot; a running server's in-process
// counters (and, on the embedded database, its snapshot) forget them when it
// next starts.
func purgeDue(ctx context.Context, cfg config.Config, logger *slog.Logger, date string, out io.Writer) int {
	at, err := time.Parse(time.DateOnly, date)
	if err != nil || at.After(time.Now()) {
		fmt.Fprintln(out, "portico purge: -date must be a date (YYYY-MM-DD) not in the future")
		return 2
	}
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
	var counters counter.Store
	if cfg.RedisURL != "" {
		rs, err := counter.NewRedis(ctx, counter.RedisConfig{URL: cfg.RedisURL, KeyPrefix: cfg.RedisPrefix, Logger: logger})
		if err != nil {
			logger.Error("redis counters", "error", err)
			return 1
		}
		defer rs.Close()
		counters = rs
	}
	m := mirror.New(mirror.Config{Client: st.Client, DB: st.DB, DatabaseURL: cfg.DatabaseURL, Logger: logger})
	svc := purge.New(purge.Config{Store: st, Counters: counters, Mirror: m, Logger: logger})
	ids, err := svc.Due(ctx, at)
	for _, id := range ids {
		fmt.Fprintf(out, "purged tenant %d\n", id)
	}
	if err != nil {
		logger.Error("purge", "date", date, "error", err)
		return 1
	}
	fmt.Fprintf(out, "purged %d tenants due at %s\n", len(ids), date)
	return 0
}
