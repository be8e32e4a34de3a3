package store_test

import (
	"context"
	"testing"

	"github.com/portico-apim/portico/server/apptest"
	"github.com/portico-apim/portico/server/store"
)

// TestStatementsAreCountedByOrigin runs statements with and without the
// background mark, directly, prepared and in transactions.
func TestStatementsAreCountedByOrigin(t *testing.T) {
	t.Parallel()
	cfg := apptest.Config(t)
	st, err := store.New(store.Config{DatabaseURL: cfg.DatabaseURL, DataDir: cfg.DataDir})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx := context.Background()
	bg := store.Background(ctx)
	if !store.IsBackground(bg) || store.IsBackground(ctx) {
		t.Fatal("IsBackground does not tell the marked context")
	}
	start := st.Statements()

	if _, err := st.DB.ExecContext(bg, "SELECT 1"); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := st.DB.QueryRowContext(ctx, "SELECT 2").Scan(&n); err != nil || n != 2 {
		t.Fatalf("query: %d %v", n, err)
	}
	stmt, err := st.DB.PrepareContext(ctx, "SELECT 3")
	if err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if err := stmt.QueryRowContext(bg).Scan(&n); err != nil || n != 3 {
			t.Fatalf("prepared query: %d %v", n, err)
		}
	}
	if err := stmt.Close(); err != nil {
		t.Fatal(err)
	}
	tx, err := st.DB.BeginTx(bg, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.ExecContext(bg, "SELECT 4"); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	if err := st.Ping(ctx); err != nil {
		t.Fatal(err)
	}

	got := st.Statements()
	// Background: the exec, two prepared queries, begin, the exec in the
	// transaction and its commit. Other: the query. Pings are no statements.
	want := store.StatementCounts{Background: start.Background + 6, Other: start.Other + 1}
	if got != want {
		t.Fatalf("counts %+v, want %+v", got, want)
	}
}
