package jobs_test

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"github.com/riverqueue/river"

	"github.com/portico-apim/portico/server/apptest"
	"github.com/portico-apim/portico/server/jobs"
	"github.com/portico-apim/portico/server/store"
)

type flakyArgs struct {
	Name string `json:"name"`
}

func (flakyArgs) Kind() string { return "test_flaky" }

type flakyWorker struct {
	river.WorkerDefaults[flakyArgs]
	calls atomic.Int32
	done  chan string
}

func (w *flakyWorker) Work(ctx context.Context, j *river.Job[flakyArgs]) error {
	if w.calls.Add(1) < 3 {
		return errors.New("not yet")
	}
	w.done <- j.Args.Name
	return nil
}

func (w *flakyWorker) NextRetry(*river.Job[flakyArgs]) time.Time { return time.Now() }

// TestJobRetriedUntilItSucceeds works a job that fails twice, committed in a
// transaction of the system of record, and sees a rolled-back one never run.
func TestJobRetriedUntilItSucceeds(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	cfg := apptest.Config(t)
	st, err := store.New(store.Config{DatabaseURL: cfg.DatabaseURL, DataDir: cfg.DataDir})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	r, err := jobs.New(ctx, jobs.Config{DB: st.DB, Postgres: st.IsPostgres(), PollInterval: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	w := &flakyWorker{done: make(chan string, 2)}
	jobs.Register(r, w)
	for _, commit := range []bool{false, true} {
		tx, err := st.DB.BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		name := "rolled back"
		if commit {
			name = "committed"
		}
		if err := r.InsertTx(ctx, tx, []river.InsertManyParams{{Args: flakyArgs{Name: name}}}); err != nil {
			t.Fatal(err)
		}
		if commit {
			err = tx.Commit()
		} else {
			err = tx.Rollback()
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := r.Start(ctx); err != nil {
		t.Fatal(err)
	}
	defer r.Stop(ctx)
	select {
	case got := <-w.done:
		if got != "committed" {
			t.Fatalf("worked %q", got)
		}
	case <-time.After(30 * time.Second):
		t.Fatalf("job not done after %d calls", w.calls.Load())
	}
	if n := w.calls.Load(); n != 3 {
		t.Fatalf("worker called %d times, want 3", n)
	}
}
