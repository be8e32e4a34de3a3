package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
	"github.com/XSAM/otelsql"
	"github.com/lib/pq"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/trace"
	"modernc.org/sqlite"

	"github.com/portico-apim/portico/ent"
	_ "github.com/portico-apim/portico/ent/runtime" // schema hooks, interceptors and defaults
)

//go:embed migrations
var migrationFS embed.FS

// Config chooses the database.
type Config struct {
	// DatabaseURL selects PostgreSQL (postgres://…). Empty means the embedded
	// SQLite database in DataDir.
	DatabaseURL string
	// DataDir holds portico.db in embedded mode.
	DataDir string
	Logger  *slog.Logger
	// Tracer, when set, spans the SQL statements made (see
	// tracing.Tracing.Children); nil adds nothing.
	Tracer trace.TracerProvider
}

// Store is an open system of record.
type Store struct {
	Client  *ent.Client
	DB      *sql.DB
	Dialect string
	logger  *slog.Logger
	stmts   *statementCounter
}

// New opens the database described by cfg. It does not migrate.
func New(cfg Config) (*Store, error) {
	logger := cfg.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	var (
		db      *sql.DB
		dialect string
		stmts   = &statementCounter{}
	)
	if cfg.DatabaseURL != "" {
		dialect = dialectPostgres
		base, err := pq.NewConnector(cfg.DatabaseURL)
		if err != nil {
			return nil, fmt.Errorf("open postgres: %w", err)
		}
		db = open(countingConnector{base: base, n: stmts}, cfg.Tracer, "postgresql")
		db.SetMaxOpenConns(32)
		db.SetMaxIdleConns(16)
		db.SetConnMaxIdleTime(5 * time.Minute)
	} else {
		dialect = dialectSQLite
		if err := os.MkdirAll(cfg.DataDir, 0o750); err != nil {
			return nil, fmt.Errorf("create data directory %q: %w", cfg.DataDir, err)
		}
		base, err := sqlite.NewConnector(SQLiteDSN(filepath.Join(cfg.DataDir, "portico.db")))
		if err != nil {
			return nil, fmt.Errorf("open sqlite: %w", err)
		}
		db = open(countingConnector{base: base, n: stmts, gate: make(writeGate, 1)}, cfg.Tracer, "sqlite")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("connect to database: %w", err)
	}
	client := ent.NewClient(ent.Driver(entsql.OpenDB(dialect, db)))
	client.Use(referencedRowsInTenant)
	return &Store{Client: client, DB: db, Dialect: dialect, logger: logger, stmts: stmts}, nil
}

// open returns a database on c, its statements spanned when tracer is set.
func open(c driver.Connector, tracer trace.TracerProvider, system string) *sql.DB {
	if tracer == nil {
		return sql.OpenDB(c)
	}
	return otelsql.OpenDB(c, otelsql.WithTracerProvider(tracer),
		otelsql.WithAttributes(attribute.String("db.system.name", system)),
		otelsql.WithSpanOptions(otelsql.SpanOptions{OmitConnResetSession: true, OmitConnPrepare: true, OmitRows: true, DisableErrSkip: true}))
}

const (
	dialectSQLite   = dialect.SQLite
	dialectPostgres = dialect.Postgres
)

// SQLiteDSN is the connection string for the embedded database at path:
// foreign keys on, write-ahead log, waiting on locks rather than failing,
// temporary data (such as the statement journal of a multi-row upsert) kept
// in memory rather than spilled to temporary files, write transactions
// that take the lock up front, and times written in UTC in one layout whose
// text order is time order (see sqlitetime.go).
func SQLiteDSN(path string) string {
	q := url.Values{}
	q.Set("_time_format", "sqlite")
	q.Set("_timezone", "UTC")
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "synchronous(NORMAL)")
	q.Add("_pragma", "temp_store(MEMORY)")
	q.Set("_txlock", "immediate")
	return "file:" + path + "?" + q.Encode()
}

// Close closes the database.
func (s *Store) Close() error { return s.Client.Close() }

// Ping checks the database answers.
func (s *Store) Ping(ctx context.Context) error { return s.DB.PingContext(ctx) }

// Migrations returns the migration files for the store's dialect.
func Migrations(dialect string) (fs.FS, error) {
	dir := "sqlite"
	if dialect == dialectPostgres {
		dir = "postgres"
	}
	return fs.Sub(migrationFS, "migrations/"+dir)
}

func (s *Store) provider(fsys fs.FS) (*goose.Provider, error) {
	if s.Dialect == dialectPostgres {
		// Replicas starting together migrate one at a time: the first
		// applies what is pending, the others then find nothing to do.
		locker, err := lock.NewPostgresSessionLocker()
		if err != nil {
			return nil, err
		}
		return goose.NewProvider(goose.DialectPostgres, s.DB, fsys, goose.WithSessionLocker(locker))
	}
	return goose.NewProvider(goose.DialectSQLite3, s.DB, fsys, goose.WithGoMigrations(sqliteMigrations()...))
}

// Migrate applies every pending migration. It is safe to run on every start.
func (s *Store) Migrate(ctx context.Context) error {
	fsys, err := Migrations(s.Dialect)
	if err != nil {
		return err
	}
	return s.MigrateFS(ctx, fsys, 0)
}

// MigrateFS applies the migrations of fsys up to version (0: all).
//
// On SQLite, migrations that rebuild a table must run with foreign keys off,
// which SQLite ignores inside a transaction; so the whole run happens on one
// connection with foreign keys off (each migration still in its own
// transaction), followed by a foreign key check before they are turned on
// again.
func (s *Store) MigrateFS(ctx context.Context, fsys fs.FS, version int64) (err error) {
	if s.Dialect == dialectSQLite {
		s.DB.SetMaxOpenConns(1)
		defer s.DB.SetMaxOpenConns(0)
		if _, err := s.DB.ExecContext(ctx, "PRAGMA foreign_keys = off"); err != nil {
			return fmt.Errorf("migrations: %w", err)
		}
		defer func() {
			if err == nil {
				err = foreignKeyCheck(ctx, s.DB)
			}
			if _, perr := s.DB.ExecContext(ctx, "PRAGMA foreign_keys = on"); perr != nil && err == nil {
				err = fmt.Errorf("migrations: %w", perr)
			}
		}()
	}
	return s.migrate(ctx, fsys, version)
}

// foreignKeyCheck fails when any row references a missing row.
func foreignKeyCheck(ctx context.Context, db *sql.DB) error {
	rows, err := db.QueryContext(ctx, "PRAGMA foreign_key_check")
	if err != nil {
		return fmt.Errorf("foreign key check: %w", err)
	}
	defer rows.Close()
	if rows.Next() {
		var table, parent string
		var rowid sql.NullInt64
		var fk int
		if err := rows.Scan(&table, &rowid, &parent, &fk); err != nil {
			return fmt.Errorf("foreign key check: %w", err)
		}
		return fmt.Errorf("migrations left a row of %s (rowid %d) pointing at a missing %s row", table, rowid.Int64, parent)
	}
	return rows.Err()
}

// migrationName names a migration in the log: its file, or for one written
// in Go (which has no file) what it does.
func migrationName(src *goose.Source) string {
	if src.Path == "" {
		if name, ok := goMigrationNames[src.Version]; ok {
			return name
		}
		return fmt.Sprintf("Go migration %d", src.Version)
	}
	return filepath.Base(src.Path)
}

func (s *Store) migrate(ctx context.Context, fsys fs.FS, version int64) error {
	p, err := s.provider(fsys)
	if err != nil {
		return fmt.Errorf("migrations: %w", err)
	}
	var results []*goose.MigrationResult
	if version == 0 {
		results, err = p.Up(ctx)
	} else {
		results, err = p.UpTo(ctx, version)
	}
	for _, r := range results {
		s.logger.Info("migration applied", "version", r.Source.Version, "file", migrationName(r.Source), "duration", r.Duration)
	}
	if err != nil {
		var partial *goose.PartialError
		if errors.As(err, &partial) && partial.Failed != nil {
			return fmt.Errorf("migration %s: %w", migrationName(partial.Failed.Source), partial.Err)
		}
		return fmt.Errorf("migrations: %w", err)
	}
	return nil
}

// SchemaVersion reports the newest applied migration version.
func (s *Store) SchemaVersion(ctx context.Context) (int64, error) {
	fsys, err := Migrations(s.Dialect)
	if err != nil {
		return 0, err
	}
	p, err := s.provider(fsys)
	if err != nil {
		return 0, err
	}
	return p.GetDBVersion(ctx)
}

// LatestVersion reports the version the store's migrations lead to.
func (s *Store) LatestVersion() (int64, error) {
	fsys, err := Migrations(s.Dialect)
	if err != nil {
		return 0, err
	}
	p, err := s.provider(fsys)
	if err != nil {
		return 0, err
	}
	var latest int64
	for _, src := range p.ListSources() {
		latest = max(latest, src.Version)
	}
	return latest, nil
}

// IsPostgres reports whether the store is PostgreSQL.
func (s *Store) IsPostgres() bool { return s.Dialect == dialectPostgres }

// RedactURL hides the password of a database URL for logs.
func RedactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(unparsable URL)"
	}
	return strings.ReplaceAll(u.Redacted(), "%2A", "*")
}
