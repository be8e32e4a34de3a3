package store

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"modernc.org/sqlite"
)

// Writers that keep SQLite's lock busy, with a busy timeout far shorter
// than the queue of writes ahead of each: through the gate every one of
// them gets in, in turn, and none is told the database is locked.
func TestWriteGateQueuesWriters(t *testing.T) {
	dsn := strings.Replace(SQLiteDSN(filepath.Join(t.TempDir(), "gate.db")), "busy_timeout%2810000%29", "busy_timeout%2830%29", 1)
	if !strings.Contains(dsn, "busy_timeout%2830%29") {
		t.Fatalf("busy timeout not shortened in %s", dsn)
	}
	base, err := sqlite.NewConnector(dsn)
	if err != nil {
		t.Fatal(err)
	}
	db := sql.OpenDB(countingConnector{base: base, n: &statementCounter{}, gate: make(writeGate, 1)})
	defer db.Close()
	ctx := context.Background()
	if _, err := db.ExecContext(ctx, `CREATE TABLE w (writer INTEGER, n INTEGER)`); err != nil {
		t.Fatal(err)
	}
	const writers, rounds = 8, 12
	var wg sync.WaitGroup
	errs := make(chan error, writers*rounds*2)
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := range rounds {
				tx, err := db.BeginTx(ctx, nil)
				if err != nil {
					errs <- err
					continue
				}
				if _, err := tx.ExecContext(ctx, `INSERT INTO w VALUES (?, ?)`, w, n); err != nil {
					errs <- err
				}
				// Work done while holding the lock, as a mutation
				// hashing a password does.
				time.Sleep(10 * time.Millisecond)
				if err := tx.Commit(); err != nil {
					errs <- err
				}
				// A write outside any transaction, and one that
				// returns rows.
				if _, err := db.ExecContext(ctx, `INSERT INTO w VALUES (?, ?)`, w, -n-1); err != nil {
					errs <- err
				}
				var got int
				if err := db.QueryRowContext(ctx, `UPDATE w SET n = n WHERE writer = ? AND n = ? RETURNING writer`, w, n).Scan(&got); err != nil {
					errs <- err
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	var rows int
	if err := db.QueryRowContext(ctx, `SELECT count(*) FROM w`).Scan(&rows); err != nil {
		t.Fatal(err)
	}
	if rows != writers*rounds*2 {
		t.Errorf("%d rows, want %d", rows, writers*rounds*2)
	}
}

func TestWrites(t *testing.T) {
	for q, want := range map[string]bool{
		"SELECT 1": false, " select x FROM y": false, "(SELECT 1) UNION (SELECT 2)": false, "PRAGMA table_info(x)": false,
		"EXPLAIN QUERY PLAN SELECT 1": false, "VALUES (1)": false,
		"INSERT INTO x VALUES (1)": true, "update x set y = 1": true, "DELETE FROM x": true,
		"WITH d AS (SELECT 1) DELETE FROM x": true, "BEGIN": true, "": true,
	} {
		if got := writes(q); got != want {
			t.Errorf("writes(%q) = %v, want %v", q, got, want)
		}
	}
}
