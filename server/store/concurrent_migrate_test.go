package store_test

import (
	"context"
	"log/slog"
	"sync"
	"testing"

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
