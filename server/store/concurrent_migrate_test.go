package store_test

import (
	"context"
	"database/sql"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/pressly/goose/v3/lock"

	"github.com/portico-apim/portico/server/apptest"
	"github.com/portico-apim/portico/server/store"
)

// TestReplicasMigrateTogether starts the migrations of several replicas on
// one empty PostgreSQL database at once, as a rollout of N pods does: every
// one succeeds and the schema ends at the newest version.
func TestReplicasMigrateTogether(t *testing.T) {
	url := apptest.DatabaseURL(t)
	if url == "" {
		t.Skip("PostgreSQL only (PORTICO_TEST_DATABASE_URL): SQLite has one process per data directory")
	}
	const replicas = 4
	var wg sync.WaitGroup
	errs := make([]error, replicas)
	stores := make([]*store.Store, replicas)
	for i := range replicas {
		st, err := store.New(store.Config{DatabaseURL: url, Logger: slog.New(slog.DiscardHandler)})
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		stores[i] = st
	}
	for i := range replicas {
		wg.Go(func() { errs[i] = stores[i].Migrate(context.Background()) })
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("replica %d: %v", i, err)
		}
	}
	got, err := stores[0].SchemaVersion(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	want, err := stores[0].LatestVersion()
	if err != nil {
		t.Fatal(err)
	}
	if got != want {
		t.Fatalf("schema version %d after the replicas migrated, want %d", got, want)
	}
}

// TestMigrationsWaitForTheLock holds the migration lock as another replica
// would: a migration asks for it, touches nothing while it is held, and
// finishes once it is released.
func TestMigrationsWaitForTheLock(t *testing.T) {
	url := apptest.DatabaseURL(t)
	if url == "" {
		t.Skip("PostgreSQL only (PORTICO_TEST_DATABASE_URL)")
	}
	ctx := context.Background()
	holder, err := sql.Open("postgres", url)
	if err != nil {
		t.Fatal(err)
	}
	defer holder.Close()
	conn, err := holder.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock($1)`, lock.DefaultLockID); err != nil {
		t.Fatal(err)
	}
	st, err := store.New(store.Config{DatabaseURL: url, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	done := make(chan error, 1)
	go func() { done <- st.Migrate(ctx) }()
	// goose asks with pg_try_advisory_lock and retries: once the migrating
	// session has asked, nothing may have been migrated.
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		var asked int
		if err := conn.QueryRowContext(ctx, `SELECT count(*) FROM pg_stat_activity
			WHERE datname = current_database() AND pid <> pg_backend_pid() AND query LIKE '%pg_try_advisory_lock%'`).Scan(&asked); err != nil {
			t.Fatal(err)
		}
		if asked > 0 {
			break
		}
		select {
		case err := <-done:
			t.Fatalf("the migration ran while another replica held the lock (error %v)", err)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatal("no migration asked for the lock")
		}
	}
	// (goose may create its own version table first; no migration may run.)
	var tenants sql.NullString
	if err := conn.QueryRowContext(ctx, `SELECT to_regclass('tenants')::text`).Scan(&tenants); err != nil {
		t.Fatal(err)
	}
	if tenants.Valid {
		t.Fatal("the first migration ran while another replica held the lock")
	}
	if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_unlock($1)`, lock.DefaultLockID); err != nil {
		t.Fatal(err)
	}
	if err := <-done; err != nil {
		t.Fatalf("migration after the lock was released: %v", err)
	}
}
