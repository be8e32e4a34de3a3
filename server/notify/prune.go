package notify

import (
	"context"
	"fmt"
	"time"

	"github.com/riverqueue/river"

	"github.com/portico-apim/portico/ent/notification"
	"github.com/portico-apim/portico/schema/viewer"
	"github.com/portico-apim/portico/server/jobs"
	"github.com/portico-apim/portico/server/store"
)

// Retention is how long a notification stays in its user's feed.
const Retention = 90 * 24 * time.Hour

// PruneArgs is the hourly job that deletes notifications past Retention.
type PruneArgs struct{}

// Kind names the job for River.
func (PruneArgs) Kind() string { return "notifications_prune" }

type pruneWorker struct {
	river.WorkerDefaults[PruneArgs]
	s *Service
}

func (w *pruneWorker) Work(ctx context.Context, _ *river.Job[PruneArgs]) error {
	_, err := w.s.Prune(ctx)
	return err
}

// Register adds the pruning job to the runner (before it starts).
func (s *Service) Register(r *jobs.Runner) {
	jobs.Register(r, &pruneWorker{s: s})
	r.Every(time.Hour, func() river.JobArgs { return PruneArgs{} })
}

// Prune deletes the notifications of every tenant older than Retention and
// says how many it deleted.
func (s *Service) Prune(ctx context.Context) (int, error) {
	sys := store.Background(viewer.SystemContext(ctx))
	n, err := s.cfg.Client.Notification.Delete().Where(notification.CreatedAtLT(s.cfg.Now().Add(-Retention))).Exec(sys)
	if err != nil {
		return 0, fmt.Errorf("notify: prune: %w", err)
	}
	return n, nil
}
