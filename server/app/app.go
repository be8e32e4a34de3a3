// Package app is Portico's composition root: it builds every component from
// the configuration, runs the server and shuts it down gracefully.
package app

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"net/url"
	"runtime/debug"
	"slices"
	"strconv"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/redis/go-redis/extra/redisotel/v9"

	"github.com/portico-apim/portico/server/tracing"

	"github.com/redis/go-redis/v9"

	"github.com/portico-apim/portico/ent"
	"github.com/portico-apim/portico/frontend"
	"github.com/portico-apim/portico/graph"
	"github.com/portico-apim/portico/server/analytics"
	"github.com/portico-apim/portico/server/audience"
	"github.com/portico-apim/portico/server/audit"
	"github.com/portico-apim/portico/server/auth"
	"github.com/portico-apim/portico/server/billing"
	"github.com/portico-apim/portico/server/bootstrap"
	"github.com/portico-apim/portico/server/catalog"
	"github.com/portico-apim/portico/server/compat"
	"github.com/portico-apim/portico/server/config"
	"github.com/portico-apim/portico/server/counter"
	"github.com/portico-apim/portico/server/decision"
	"github.com/portico-apim/portico/server/discovery"
	"github.com/portico-apim/portico/server/events"
	"github.com/portico-apim/portico/server/httpserver"
	"github.com/portico-apim/portico/server/jobs"
	"github.com/portico-apim/portico/server/journal"
	"github.com/portico-apim/portico/server/mail"
	"github.com/portico-apim/portico/server/metrics"
	"github.com/portico-apim/portico/server/mirror"
	"github.com/portico-apim/portico/server/notify"
	"github.com/portico-apim/portico/server/openapi"
	"github.com/portico-apim/portico/server/outbound"
	"github.com/portico-apim/portico/server/payments"
	"github.com/portico-apim/portico/server/proxyconf"
	"github.com/portico-apim/portico/server/purge"
	"github.com/portico-apim/portico/server/search"
	"github.com/portico-apim/portico/server/spa"
	"github.com/portico-apim/portico/server/sso"
	"github.com/portico-apim/portico/server/store"
	"github.com/portico-apim/portico/server/tenants"
	"github.com/portico-apim/portico/server/usage"
	"github.com/portico-apim/portico/server/webhooks"
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
	// Mirror keeps the decision plane's snapshot current.
	Mirror *mirror.Mirror
	// Metrics is what /metrics (or PORTICO_METRICS_ADDR) serves.
	Metrics *metrics.Metrics
	// Counters is the rate-limit counter store.
	Counters counter.Store
	// Mail is the outbox and its sender.
	Mail *mail.Service
	// REST is the 3scale-compatible REST API.
	REST *compat.API
	// Jobs runs durable background jobs (webhook deliveries, pruning).
	Jobs *jobs.Runner
	// Notify publishes notifications and checks usage alerts.
	Notify *notify.Service
	// Tenants creates provider tenants and moves them through their
	// lifecycle for the master account.
	Tenants *tenants.Service
	// Purge deletes the tenants whose time scheduled for deletion is over.
	Purge *purge.Service
	// Webhooks consumes the outbox and delivers webhooks.
	Webhooks *webhooks.Service
	rollup   *usage.Rollup
	saver    *usage.CounterSaver
	// journal holds acknowledged usage until the rollups and counters
	// holding it are saved.
	journal *journal.Journal
	cancel  context.CancelFunc
	// throttleRedis keeps failed logins when Redis is configured.
	throttleRedis redis.UniversalClient
	// stopAuth stops following the sessions other replicas end.
	stopAuth context.CancelFunc
	// tracing exports spans, or is tracing.Off.
	tracing *tracing.Tracing
}

// New sets the garbage collector's target (cfg.GCPercent), opens the
// database, migrates it, prepares a fresh installation and builds the HTTP
// server.
func New(ctx context.Context, cfg config.Config, logger *slog.Logger) (*App, error) {
	if cfg.GCPercent > 0 {
		debug.SetGCPercent(cfg.GCPercent)
	}
	tr, err := tracing.New(ctx, cfg.Tracing, cmp.Or(cfg.Version, "dev"))
	if err != nil {
		return nil, err
	}
	st, err := store.New(store.Config{DatabaseURL: cfg.DatabaseURL, DataDir: cfg.DataDir, Logger: logger, Tracer: tr.Children()})
	if err != nil {
		_ = tr.Shutdown(ctx)
		return nil, err
	}
	a := &App{cfg: cfg, logger: logger, Store: st, tracing: tr}
	if tr.On() {
		logger.Info("tracing on: spans go over OTLP/HTTP", "endpoint", cfg.Tracing.Endpoint, "service", cfg.Tracing.ServiceName)
	}
	a.Mirror = mirror.New(mirror.Config{Client: st.Client, DB: st.DB, DatabaseURL: cfg.DatabaseURL, Logger: logger})
	if err := a.build(ctx); err != nil {
		_ = a.close(ctx)
		return nil, err
	}
	return a, nil
}

func (a *App) build(ctx context.Context) error {
	if err := a.Store.Migrate(ctx); err != nil {
		return err
	}
	client := a.Store.Client
	client.Use(audit.Hook)
	events.Register(client)
	cat := catalog.New(client)
	var err error
	a.Mail, err = mail.New(mail.Config{Client: client, SMTPURL: a.cfg.SMTPURL, Logger: a.logger, Templates: EmailTemplates()})
	if err != nil {
		return err
	}
	a.instrument()
	a.Notify = notify.New(notify.Config{Client: client, Mail: a.Mail, AdminURL: a.adminURL})
	au, err := auth.New(auth.Config{Client: client, DB: a.Store.DB, DatabaseURL: a.cfg.DatabaseURL, Logger: a.logger, Throttle: auth.ThrottleConfig{
		Store: a.loginThrottle(), BaseDelay: a.cfg.LoginDelay, MaxDelay: a.cfg.LoginMaxDelay,
	}})
	if err != nil {
		return err
	}
	pay, err := payments.New(payments.Config{Client: client, Keys: au, StripeURL: a.cfg.StripeAPIURL, LockRows: a.Store.IsPostgres(), Logger: a.logger})
	if err != nil {
		return err
	}
	bill, err := billing.New(billing.Config{Client: client, LockRows: a.Store.IsPostgres(), Mail: a.Mail, Gateways: pay, Notify: a.Notify, Logger: a.logger})
	if err != nil {
		return err
	}
	aud := audience.New(audience.Config{Client: client, LockRows: a.Store.IsPostgres(), Mail: a.Mail, Sessions: au,
		TeamPasswords: a.cfg.TeamPasswords, Billing: bill, Notify: a.Notify, AdminURL: a.adminURL})
	if err := au.Init(ctx); err != nil {
		return err
	}
	authCtx, stopAuth := context.WithCancel(context.WithoutCancel(ctx))
	a.stopAuth = stopAuth
	if err := au.Start(authCtx); err != nil {
		return err
	}
	a.Auth = au
	res, err := bootstrap.Run(ctx, bootstrap.Config{
		Client: client, Catalog: cat, AdminDomain: a.cfg.AdminDomain, AdminPassword: a.cfg.AdminPassword,
		WildcardDomain: a.cfg.WildcardDomain, MasterPassword: a.cfg.MasterPassword, Logger: a.logger,
	})
	if err != nil {
		return fmt.Errorf("bootstrap: %w", err)
	}
	a.Bootstrap = res
	decisions, err := a.buildDecisionPlane(ctx)
	if err != nil {
		return err
	}
	a.Mail.Start()
	out := outbound.Config{AllowPrivate: a.cfg.OutboundAllowPrivate}
	a.Jobs, err = jobs.New(ctx, jobs.Config{DB: a.Store.DB, Postgres: a.Store.IsPostgres(), Logger: a.logger, PollInterval: a.cfg.JobPoll})
	if err != nil {
		return err
	}
	a.Webhooks, err = webhooks.New(webhooks.Config{Client: client, DB: a.Store.DB, Postgres: a.Store.IsPostgres(), Jobs: a.Jobs,
		Keys: au, Render: compat.EventRenderer(client), Outbound: out, RetryDelay: a.cfg.WebhookRetryDelay,
		Retention: a.cfg.EventRetention, Poll: a.cfg.JobPoll, Logger: a.logger,
		Subscribers: []webhooks.Subscriber{a.Notify}, Committed: a.Mail.Wake})
	if err != nil {
		return err
	}
	bill.Register(a.Jobs, !a.cfg.NoBillingSchedule)
	a.Notify.Register(a.Jobs)
	audit.Register(a.Jobs, client)
	a.Purge = purge.New(purge.Config{Store: a.Store, Counters: a.Counters, Mirror: a.Mirror, Logger: a.logger})
	a.Purge.Register(a.Jobs)
	a.Webhooks.Observe = a.Metrics.JobFunc("webhook_outbox")
	a.Webhooks.ObserveDelivery = a.Metrics.JobFunc("webhook_delivery")
	if err := a.Jobs.Start(context.WithoutCancel(ctx)); err != nil {
		return err
	}
	a.Webhooks.Start()
	single, err := sso.New(sso.Config{Client: client, Auth: au, Logger: a.logger, Outbound: out})
	if err != nil {
		return err
	}
	pc, err := proxyconf.New(proxyconf.Config{Client: client})
	if err != nil {
		return err
	}
	oas, err := openapi.New(openapi.Config{Client: client, Catalog: cat})
	if err != nil {
		return err
	}
	disc, err := discovery.New(discovery.Config{Client: client, Catalog: cat, OpenAPI: oas,
		Kubeconfig: a.cfg.DiscoveryKubeconfig, Dial: a.cfg.DiscoveryDial})
	if err != nil {
		return err
	}
	stats, err := analytics.New(analytics.Config{Client: client, Dialect: a.Store.Dialect})
	if err != nil {
		return err
	}
	a.Tenants = tenants.New(tenants.Config{Client: client, Catalog: cat, Auth: au, Wildcard: a.cfg.WildcardDomain,
		Passwords: a.cfg.TeamPasswords})
	a.REST, err = compat.New(compat.Config{Client: client, Auth: au, ProxyConf: pc, Catalog: cat, Audience: aud, OpenAPI: oas,
		Analytics: stats, Webhooks: a.Webhooks, Billing: bill, Tenants: a.Tenants, Logger: a.logger})
	if err != nil {
		return err
	}
	finder, err := search.New(search.Config{Client: client})
	if err != nil {
		return err
	}
	resolver := &graph.Resolver{Client: client, Catalog: cat, Audience: aud, Auth: au, SSO: single, ProxyConf: pc, OpenAPI: oas,
		Discovery: disc, Analytics: stats, Webhooks: a.Webhooks, Billing: bill, Payments: pay, Mail: a.Mail, Searcher: finder, Notify: a.Notify,
		Tenants: a.Tenants}
	var extensions []graphql.HandlerExtension
	var trace func(http.Handler, func(*http.Request) string) http.Handler
	if a.tracing.On() {
		extensions = append(extensions, a.tracing.GraphQL())
		trace = a.tracing.Handler
	}
	gql := graph.New(graph.Config{
		Resolver:        resolver,
		Logger:          a.logger,
		MaxMessageBytes: a.cfg.MaxBodyBytes,
		Observe:         a.Metrics.Operation,
		Extensions:      extensions,
	})
	a.server, err = httpserver.New(httpserver.Config{
		Addr: a.cfg.Addr, Logger: a.logger, Auth: au, GraphQL: gql,
		SPA:            spaHandler(),
		Decision:       decisions.Routes,
		BenchBaseline:  a.cfg.BenchBaseline,
		BenchStats:     a.benchStats,
		Ready:          a.ready,
		SSO:            single,
		TrustedProxies: a.cfg.TrustedProxies,
		MaxBodyBytes:   a.cfg.MaxBodyBytes,
		REST:           a.REST,
		InvoicePDF:     bill.PDFHandler(),
		Metrics:        a.Metrics,
		ServeMetrics:   a.cfg.MetricsAddr == "",
		Trace:          trace,
	})
	return err
}

// buildDecisionPlane starts the snapshot mirror, the counter store (Redis or
// in process, restored from the database) and the usage rollups, and returns
// the Service Management API handler.
func (a *App) buildDecisionPlane(ctx context.Context) (*decision.Handler, error) {
	bg, cancel := context.WithCancel(context.WithoutCancel(ctx))
	a.cancel = cancel
	if err := a.Mirror.Start(bg); err != nil {
		return nil, err
	}
	j, err := journal.Open(journal.Config{Dir: a.cfg.JournalPath(), SyncInterval: a.cfg.JournalSync, Logger: a.logger})
	if err != nil {
		return nil, err
	}
	a.journal = j
	var mem *counter.Memory
	if a.cfg.RedisURL != "" {
		rs, err := counter.NewRedis(ctx, counter.RedisConfig{
			URL: a.cfg.RedisURL, Cluster: a.cfg.RedisCluster, KeyPrefix: a.cfg.RedisPrefix, Logger: a.logger, RoundTrip: a.Metrics.CounterStore(),
			Lease: a.cfg.RedisLease,
			// A Redis that lost the counters gets them back from the
			// rollups, once every replica has flushed what it acknowledged.
			Recount: func(ctx context.Context, now time.Time) ([]counter.Update, error) {
				return a.rollup.Recount(ctx, now, a.Mirror)
			},
			RecountWait: usage.DefaultInterval + time.Second,
		})
		if err != nil {
			return nil, fmt.Errorf("redis counters: %w", err)
		}
		if a.tracing.On() {
			if err := redisotel.InstrumentTracing(rs.Client(), redisotel.WithTracerProvider(a.tracing.Children())); err != nil {
				return nil, fmt.Errorf("redis tracing: %w", err)
			}
		}
		a.Counters = rs
	} else {
		if a.Store.IsPostgres() {
			a.logger.Warn("rate-limit counters are kept in this process: run a single replica, or set PORTICO_REDIS_URL so replicas share counters")
		}
		if mem, err = counter.NewMemory(counter.MemoryConfig{}); err != nil {
			return nil, err
		}
		a.Counters = mem
		a.saver = usage.NewCounterSaver(a.Store.Client, mem, 0, a.logger)
		n, err := a.saver.Restore(ctx)
		if err != nil {
			return nil, err
		}
		if n > 0 {
			a.logger.Info("rate-limit counters restored", "counters", n)
		}
	}
	a.rollup = usage.New(usage.Config{Client: a.Store.Client, Dialect: a.Store.Dialect, Resolver: a.Mirror, Logger: a.logger})
	a.Notify.SetUsage(notify.Usage{Counters: a.Counters, Holder: a.Mirror.Holder(), ApplicationByID: a.Mirror.ApplicationByID})
	a.rollup.Flushed = func(ctx context.Context, apps []int) {
		if err := a.Notify.CheckUsage(ctx, apps); err != nil {
			a.logger.Warn("usage alerts: check failed", "error", err)
		}
	}
	ledger := usage.NewLedger(usage.LedgerConfig{
		Journal: j, Client: a.Store.Client, Memory: mem, Saver: a.saver, Rollup: a.rollup, Logger: a.logger,
	})
	n, err := ledger.Replay(ctx)
	if err != nil {
		return nil, err
	}
	if n > 0 {
		a.logger.Info("usage journal replayed: acknowledged usage not yet saved is counted again", "records", n)
	}
	if rs, ok := a.Counters.(*counter.Redis); ok {
		if err := rs.Recover(ctx); err != nil {
			return nil, fmt.Errorf("redis counters: %w", err)
		}
	}
	a.instrumentDecisions(ledger)
	if a.saver != nil {
		a.saver.Start()
	}
	a.rollup.Start()
	return decision.New(decision.Config{
		Snapshots: a.Mirror.Holder(), Counters: a.Counters,
		Usage: a.rollup, Errors: a.rollup, Ledger: ledger, Logger: a.logger, Observer: a.Metrics,
		Tracer: a.tracing.Tracer(),
	})
}

// EmailTemplates are every email Portico sends, from the packages that send
// them: the mail service's catalogue.
func EmailTemplates() []mail.Template {
	return slices.Concat(audience.EmailTemplates(), billing.EmailTemplates(), notify.EmailTemplates())
}

// adminURL is the address of a tenant's admin console in emails: the
// configured one for the first tenant, and the same scheme and port with
// the tenant's own admin domain for the others.
func (a *App) adminURL(t *ent.Tenant) string {
	if t.AdminDomain == a.cfg.AdminDomain {
		return a.cfg.AdminURL
	}
	u, err := url.Parse(a.cfg.AdminURL)
	if err != nil {
		return "http://" + t.AdminDomain
	}
	host := t.AdminDomain
	if p := u.Port(); p != "" {
		host = net.JoinHostPort(host, p)
	}
	return u.Scheme + "://" + host
}

// loginThrottle keeps failed logins in Redis when it is configured, so
// every replica sees them; nil keeps them in this process.
func (a *App) loginThrottle() auth.ThrottleStore {
	if a.cfg.RedisURL == "" {
		return nil
	}
	client, err := counter.OpenRedis(a.cfg.RedisURL, a.cfg.RedisCluster, 0) // validated with the configuration
	if err != nil {
		return nil
	}
	a.throttleRedis = client
	if a.tracing.On() {
		_ = redisotel.InstrumentTracing(a.throttleRedis, redisotel.WithTracerProvider(a.tracing.Children()))
	}
	return auth.NewRedisThrottle(a.throttleRedis, a.cfg.RedisPrefix)
}

// benchStats is what GET /bench/stats answers (PORTICO_BENCH_BASELINE
// only): the SQL statements issued so far and, with Redis counters, the
// script calls that carried the decisions.
func (a *App) benchStats() any {
	out := map[string]any{"sql": a.Store.Statements()}
	if rs, ok := a.Counters.(*counter.Redis); ok {
		out["redis"] = rs.Stats()
	}
	return out
}

func (a *App) ready(ctx context.Context) error {
	if err := a.Store.Ping(ctx); err != nil {
		return fmt.Errorf("database: %w", err)
	}
	if rs, ok := a.Counters.(*counter.Redis); ok {
		if err := rs.Client().Ping(ctx).Err(); err != nil {
			return fmt.Errorf("redis: %w", err)
		}
	}
	return nil
}

// close stops the background work in order: usage is flushed and counters
// saved before the database closes.
func (a *App) close(ctx context.Context) error {
	var errs []error
	if a.rollup != nil {
		errs = append(errs, a.rollup.Stop(ctx))
	}
	if a.saver != nil {
		errs = append(errs, a.saver.Stop(ctx))
	}
	if a.journal != nil {
		errs = append(errs, a.journal.Close())
	}
	if a.Mail != nil {
		errs = append(errs, a.Mail.Stop(ctx))
	}
	if a.Webhooks != nil {
		errs = append(errs, a.Webhooks.Stop(ctx))
	}
	if a.Jobs != nil {
		errs = append(errs, a.Jobs.Stop(ctx))
	}
	if a.cancel != nil {
		a.cancel()
	}
	if a.stopAuth != nil {
		a.stopAuth()
	}
	if a.throttleRedis != nil {
		errs = append(errs, a.throttleRedis.Close())
	}
	if a.Counters != nil {
		errs = append(errs, a.Counters.Close())
	}
	errs = append(errs, a.Store.Close())
	if a.tracing != nil {
		errs = append(errs, a.tracing.Shutdown(ctx))
	}
	return errors.Join(errs...)
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
	if a.cfg.PprofAddr != "" {
		go a.servePprof(ctx)
	}
	if a.cfg.MetricsAddr != "" && a.cfg.MetricsAddr != "off" {
		go a.serveMetrics(ctx)
	}
	errc := make(chan error, 1)
	go func() { errc <- a.server.Serve(ln) }()
	select {
	case err := <-errc:
		return errors.Join(err, a.close(ctx))
	case <-ctx.Done():
	}
	a.logger.Info("shutting down", "timeout", a.cfg.ShutdownTimeout)
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), a.cfg.ShutdownTimeout)
	defer cancel()
	err := a.server.Shutdown(sctx)
	<-errc
	// Flushing usage and saving counters gets its own budget: it must happen
	// even when requests in flight used up the shutdown timeout.
	cctx, ccancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer ccancel()
	return errors.Join(err, a.close(cctx))
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
	if b := a.Bootstrap; b != nil && b.MasterCreated {
		pw := b.MasterPassword
		if pw == "" {
			pw = "(PORTICO_MASTER_PASSWORD)"
		}
		master := "http://" + b.MasterDomain
		if tcp, ok := addr.(*net.TCPAddr); ok {
			master += ":" + strconv.Itoa(tcp.Port)
		}
		a.logger.Info("the master account: sign in here, and manage tenants with the Master API (/master/api/providers)", "url", master+"/", "login", b.MasterLogin, "password", pw)
		if b.MasterPassword != "" {
			a.logger.Warn("the master password above is shown only this once; change it after logging in")
		}
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

// servePprof serves Go's profiler on its own listener until ctx ends.
func (a *App) servePprof(ctx context.Context) {
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	srv := &http.Server{Addr: a.cfg.PprofAddr, Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	go func() {
		<-ctx.Done()
		_ = srv.Close()
	}()
	a.logger.Info("profiler listening", "addr", a.cfg.PprofAddr)
	if err := srv.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {
		a.logger.Warn("profiler stopped", "error", err)
	}
}
