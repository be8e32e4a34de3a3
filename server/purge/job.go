package purge

import (
	"context"
	"time"

	"github.com/riverqueue/river"

	"github.com/portico-apim/portico/server/jobs"
)

// DueArgs is the hourly job that purges the tenants due (see Due). A purge
// longer than a job may run is cut short and finished by the next run.
type DueArgs struct{}

// Kind names the job for River.
func (DueArgs) Kind() string { return "tenants_purge" }

type dueWorker struct {
	river.WorkerDefaults[DueArgs]
	s *Service
}

func (w *dueWorker) Work(ctx context.Context, _ *river.Job[DueArgs]) error {
	_, err := w.s.Due(ctx, w.s.cfg.Now())
	return err
}

// Register adds the purge job to the runner (before it starts).
func (s *Service) Register(r *jobs.Runner) {
	jobs.Register(r, &dueWorker{s: s})
	r.Every(time.Hour, func() river.JobArgs { return DueArgs{} })
}
