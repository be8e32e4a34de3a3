package jobs

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivermigrate"

	"github.com/portico-apim/portico/server/store"
)

// Config chooses the database and how eagerly jobs are fetched.
type Config struct {
	// DB is the system of record's pool.
	DB *sql.DB
	// Postgres says DB is PostgreSQL; otherwise it is SQLite.
	Postgres bool
	Logger   *slog.Logger
	// PollInterval is how often idle workers look for due jobs (default 1 s).
	PollInterval time.Duration
	// Workers is how many jobs run at once in this process (default 10).
	Workers int
}

// Runner is the River client of this process and the workers registered on it.
type Runner struct {
	cfg     Config
	workers *river.Workers
	client  *river.Client[*sql.Tx]
	logger  *slog.Logger

	mu       sync.Mutex
	periodic []*river.PeriodicJob
	started  bool
}

// New migrates River's tables and returns a runner whose workers are added
// with Register before Start.
func New(ctx context.Context, cfg Config) (*Runner, error) {
	if cfg.DB == nil {
		return nil, errors.New("jobs: a database is required")
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.PollInterval <= 0 {
		cfg.PollInterval = time.Second
	}
	if cfg.Workers <= 0 {
		cfg.Workers = 10
	}
	var driver riverdriver.Driver[*sql.Tx]
	if cfg.Postgres {
		driver = riverdatabasesql.New(cfg.DB)
	} else {
		driver = riversqlite.New(cfg.DB)
	}
	m, err := rivermigrate.New(driver, &rivermigrate.Config{Logger: quiet(cfg.Logger)})
	if err != nil {
		return nil, fmt.Errorf("jobs: migrations: %w", err)
	}
	if _, err := m.Migrate(ctx, rivermigrate.DirectionUp, nil); err != nil {
		return nil, fmt.Errorf("jobs: migrate: %w", err)
	}
	r := &Runner{cfg: cfg, workers: river.NewWorkers(), logger: cfg.Logger}
	r.client, err = river.NewClient(driver, &river.Config{
		Logger:            quiet(cfg.Logger),
		Workers:           r.workers,
		Queues:            map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: cfg.Workers}},
		FetchPollInterval: cfg.PollInterval,
		FetchCooldown:     min(cfg.PollInterval, 100*time.Millisecond),
		// A job whose process died while running it (or before its outcome
		// was written) is run again after this long; every job is written
		// to be safe to repeat, and none runs longer than JobTimeout.
		RescueStuckJobsAfter: time.Minute,
		JobTimeout:           30 * time.Second,
		// Jobs are kept a day after they end, for inspection.
		CompletedJobRetentionPeriod: 24 * time.Hour,
		CancelledJobRetentionPeriod: 24 * time.Hour,
		DiscardedJobRetentionPeriod: 7 * 24 * time.Hour,
		PeriodicJobs:                nil,
	})
	if err != nil {
		return nil, fmt.Errorf("jobs: client: %w", err)
	}
	return r, nil
}

// quiet keeps River's own informational messages out of the server's log.
func quiet(l *slog.Logger) *slog.Logger {
	return slog.New(levelAtLeast{Handler: l.Handler(), min: slog.LevelWarn})
}

type levelAtLeast struct {
	slog.Handler
	min slog.Level
}

func (h levelAtLeast) Enabled(ctx context.Context, l slog.Level) bool {
	return l >= h.min && h.Handler.Enabled(ctx, l)
}

// Register adds the worker of one job kind. Call it before Start.
func Register[T river.JobArgs](r *Runner, w river.Worker[T]) {
	river.AddWorker(r.workers, w)
}

// Every runs the job args returns every interval, on one process of those
// sharing the database (River's elected leader). Call it before Start.
func (r *Runner) Every(interval time.Duration, args func() river.JobArgs) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.periodic = append(r.periodic, river.NewPeriodicJob(river.PeriodicInterval(interval),
		func() (river.JobArgs, *river.InsertOpts) { return args(), nil }, &river.PeriodicJobOpts{RunOnStart: true}))
}

// Client is the River client, for inserting jobs.
func (r *Runner) Client() *river.Client[*sql.Tx] { return r.client }

// Insert enqueues a job outside any transaction.
func (r *Runner) Insert(ctx context.Context, args river.JobArgs, opts *river.InsertOpts) error {
	if _, err := r.client.Insert(ctx, args, opts); err != nil {
		return fmt.Errorf("jobs: insert %s: %w", args.Kind(), err)
	}
	return nil
}

// InsertTx enqueues jobs in tx: they exist only if tx commits.
func (r *Runner) InsertTx(ctx context.Context, tx *sql.Tx, params []river.InsertManyParams) error {
	if len(params) == 0 {
		return nil
	}
	if _, err := r.client.InsertManyTx(ctx, tx, params); err != nil {
		return fmt.Errorf("jobs: insert: %w", err)
	}
	return nil
}

// Start begins working jobs in the background.
func (r *Runner) Start(ctx context.Context) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.started {
		return nil
	}
	for _, p := range r.periodic {
		r.client.PeriodicJobs().Add(p)
	}
	// River's fetching, leadership and maintenance derive from this
	// context: their statements are background work, never a request's.
	if err := r.client.Start(store.Background(ctx)); err != nil {
		return fmt.Errorf("jobs: start: %w", err)
	}
	r.started = true
	return nil
}

// Stop lets running jobs finish until ctx ends, then cancels them; jobs
// cut short run again later (on this process after a restart, or another).
func (r *Runner) Stop(ctx context.Context) error {
	r.mu.Lock()
	started := r.started
	r.started = false
	r.mu.Unlock()
	if !started {
		return nil
	}
	if err := r.client.Stop(ctx); err != nil {
		if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
			stopCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
			defer cancel()
			return r.client.StopAndCancel(stopCtx)
		}
		return fmt.Errorf("jobs: stop: %w", err)
	}
	return nil
}
