package app

import (
	"context"
	"net"
	"net/http"
	"time"

	"github.com/portico-apim/portico/ent/emailmessage"
	"github.com/portico-apim/portico/schema/viewer"
	"github.com/portico-apim/portico/server/counter"
	"github.com/portico-apim/portico/server/metrics"
	"github.com/portico-apim/portico/server/store"
	"github.com/portico-apim/portico/server/usage"
)

// instrument creates the metrics and attaches the jobs and pools that
// exist before the decision plane: the database pool, the email outbox and
// its sender, and the snapshot mirror.
func (a *App) instrument() {
	version := a.cfg.Version
	if version == "" {
		version = "dev"
	}
	m := metrics.New(version)
	a.Metrics = m
	m.DB(a.Store.DB, "portico")
	a.Mail.Observe = a.job("email_delivery")
	a.Mirror.Observe = a.job("snapshot_reload")
	client := a.Store.Client
	m.CountFunc("portico_email_outbox_queued", "Email messages waiting in the outbox to be sent (-1 when the database cannot be read).", 2*time.Second,
		func(ctx context.Context) (int, error) {
			ctx = store.Background(viewer.SystemContext(ctx))
			return client.EmailMessage.Query().Where(emailmessage.StateEQ(emailmessage.StateQUEUED)).Count(ctx)
		})
}

// instrumentDecisions attaches the usage jobs, the journal and the Redis
// pool, once the decision plane has them.
func (a *App) instrumentDecisions(ledger *usage.Ledger) {
	m := a.Metrics
	a.rollup.Observe = a.job("usage_rollup_flush")
	if a.saver != nil {
		a.saver.Observe = a.job("counter_save")
	}
	m.GaugeFunc("portico_usage_journal_lag_segments",
		"Usage journal segments, the one being written included, not yet saved by every consumer (counters, rollups): what a restart would replay.",
		func() float64 { return float64(ledger.Lag()) })
	m.CounterFunc("portico_usage_journal_records_total", "Acknowledged requests journaled since start.",
		func() float64 { return float64(ledger.Appended()) })
	if rs, ok := a.Counters.(*counter.Redis); ok {
		m.RedisPool(rs.PoolStats)
		m.CounterFunc("portico_counter_store_round_trips_total", "Round trips (script calls) to the Redis counter store.",
			func() float64 { return float64(rs.Stats().Batches) })
	}
}

// serveMetrics answers /metrics on PORTICO_METRICS_ADDR until ctx ends.
func (a *App) serveMetrics(ctx context.Context) {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", a.Metrics.Handler())
	srv := &http.Server{Addr: a.cfg.MetricsAddr, Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	ln, err := net.Listen("tcp", a.cfg.MetricsAddr)
	if err != nil {
		a.logger.Error("metrics listener", "error", err)
		return
	}
	go func() {
		<-ctx.Done()
		_ = srv.Close()
	}()
	a.logger.Info("metrics listening", "url", "http://"+ln.Addr().String()+"/metrics")
	if err := srv.Serve(ln); err != nil && err != http.ErrServerClosed {
		a.logger.Error("metrics listener", "error", err)
	}
}

// job observes the runs of a background job: counted and timed in the
// metrics and, with tracing on, a span each.
func (a *App) job(name string) func(time.Duration, error) {
	count := a.Metrics.JobFunc(name)
	if !a.tracing.On() {
		return count
	}
	return func(took time.Duration, err error) {
		count(took, err)
		a.tracing.Job(name, took, err)
	}
}
