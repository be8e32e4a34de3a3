package billing

import (
	"context"
	"fmt"
	"time"

	"github.com/riverqueue/river"

	"github.com/portico-apim/portico/ent"
	"github.com/portico-apim/portico/ent/billingsettings"
	"github.com/portico-apim/portico/ent/tenant"
	"github.com/portico-apim/portico/schema/viewer"
	"github.com/portico-apim/portico/server/jobs"
	"github.com/portico-apim/portico/server/problem"
)

// RunHour is the hour of the tenant's day when its daily run starts.
const RunHour = 8

// ScheduleArgs is the periodic job that starts each tenant's daily run once
// it is 08:00 in the tenant's zone.
type ScheduleArgs struct{}

// Kind names the job.
func (ScheduleArgs) Kind() string { return "billing_schedule" }

// TenantRunArgs is one tenant's daily run for a date: it fans out the
// tenant's accounts in batches of AccountsPerJob.
type TenantRunArgs struct {
	TenantID int    `json:"tenant_id"`
	Date     string `json:"date"`
}

// Kind names the job.
func (TenantRunArgs) Kind() string { return "billing_tenant" }

// InsertOpts makes a tenant's run of a date unique.
func (TenantRunArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{UniqueOpts: river.UniqueOpts{ByArgs: true}}
}

// AccountsPerJob is how many accounts one account job bills: enough that
// reading the tenant, its settings and its plans once per job is a small
// share of the job's work, few enough that a retry redoes little.
const AccountsPerJob = 100

// AccountRunArgs bills a batch of accounts for a date, each account in its
// own transaction. AccountID is the form of jobs enqueued one account at a
// time; both forms are billed.
type AccountRunArgs struct {
	TenantID   int    `json:"tenant_id"`
	AccountID  int    `json:"account_id,omitempty"`
	AccountIDs []int  `json:"account_ids,omitempty"`
	Date       string `json:"date"`
}

// Kind names the job.
func (AccountRunArgs) Kind() string { return "billing_account" }

// InsertOpts makes a batch's run of a date unique; it is retried 5 times,
// which rebills nothing already billed.
func (AccountRunArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{MaxAttempts: 6, UniqueOpts: river.UniqueOpts{ByArgs: true}}
}

// ReviewArgs tells a tenant's admins, after the run of the 1st, which
// invoices are finalized and wait for review.
type ReviewArgs struct {
	TenantID int    `json:"tenant_id"`
	Date     string `json:"date"`
}

// Kind names the job.
func (ReviewArgs) Kind() string { return "billing_review" }

// InsertOpts makes the notice of a date unique.
func (ReviewArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{UniqueOpts: river.UniqueOpts{ByArgs: true}}
}

// Register adds the billing workers to the job runner and, with schedule,
// the periodic job that starts each tenant's daily run.
func (s *Service) Register(r *jobs.Runner, schedule bool) {
	s.jobs = r
	jobs.Register(r, &scheduleWorker{s: s})
	jobs.Register(r, &tenantWorker{s: s})
	jobs.Register(r, &accountWorker{s: s})
	jobs.Register(r, &reviewWorker{s: s})
	if schedule {
		r.Every(10*time.Minute, func() river.JobArgs { return ScheduleArgs{} })
	}
}

type scheduleWorker struct {
	river.WorkerDefaults[ScheduleArgs]
	s *Service
}

func (w *scheduleWorker) Work(ctx context.Context, _ *river.Job[ScheduleArgs]) error {
	return w.s.Schedule(ctx)
}

// Schedule starts the daily run of every tenant with finance on whose local
// time is past 08:00 and whose run of today was not started yet.
func (s *Service) Schedule(ctx context.Context) error {
	sys := viewer.SystemContext(ctx)
	sts, err := s.client.BillingSettings.Query().Where(billingsettings.FinanceEnabled(true)).WithTenant().All(sys)
	if err != nil {
		return fmt.Errorf("billing schedule: %w", err)
	}
	for _, run := range DueRuns(sts, s.now()) {
		if err := s.jobs.Insert(ctx, run, nil); err != nil {
			return err
		}
	}
	return nil
}

// DueRuns are the daily runs due at now among tenants' billing settings
// (loaded with their tenant): one per approved tenant whose local time is
// past RunHour, for its local date. A suspended tenant, or one scheduled for
// deletion, bills nobody on its own; the master can still start a run.
func DueRuns(sts []*ent.BillingSettings, now time.Time) []TenantRunArgs {
	var out []TenantRunArgs
	for _, st := range sts {
		t := st.Edges.Tenant
		if t == nil || t.State != tenant.StateAPPROVED {
			continue
		}
		loc, err := time.LoadLocation(t.TimeZone)
		if err != nil {
			loc = time.UTC
		}
		local := now.In(loc)
		if local.Hour() < RunHour {
			continue
		}
		out = append(out, TenantRunArgs{TenantID: t.ID, Date: local.Format(time.DateOnly)})
	}
	return out
}

type tenantWorker struct {
	river.WorkerDefaults[TenantRunArgs]
	s *Service
}

func (w *tenantWorker) Work(ctx context.Context, j *river.Job[TenantRunArgs]) error {
	return w.s.fanOut(ctx, j.Args)
}

// fanOut enqueues the tenant's approved accounts, AccountsPerJob to a job.
func (s *Service) fanOut(ctx context.Context, a TenantRunArgs) error {
	tctx := viewer.TenantSystemContext(ctx, a.TenantID)
	ids, err := s.AccountIDs(tctx)
	if err != nil {
		return err
	}
	params := make([]river.InsertManyParams, 0, len(ids)/AccountsPerJob+2)
	for len(ids) > 0 {
		n := min(len(ids), AccountsPerJob)
		params = append(params, river.InsertManyParams{Args: AccountRunArgs{TenantID: a.TenantID, AccountIDs: ids[:n], Date: a.Date}})
		ids = ids[n:]
	}
	if day, err := time.Parse(time.DateOnly, a.Date); err == nil && day.Day() == 1 {
		params = append(params, river.InsertManyParams{Args: ReviewArgs(a),
			InsertOpts: &river.InsertOpts{ScheduledAt: s.now().Add(time.Hour), UniqueOpts: river.UniqueOpts{ByArgs: true}}})
	}
	for len(params) > 0 {
		n := min(len(params), 1000)
		if _, err := s.jobs.Client().InsertMany(ctx, params[:n]); err != nil {
			return fmt.Errorf("billing: enqueue accounts: %w", err)
		}
		params = params[n:]
	}
	return nil
}

type accountWorker struct {
	river.WorkerDefaults[AccountRunArgs]
	s *Service
}

// NextRetry waits about an hour before billing an account again.
func (w *accountWorker) NextRetry(*river.Job[AccountRunArgs]) time.Time {
	return w.s.now().Add(time.Hour)
}

func (w *accountWorker) Work(ctx context.Context, j *river.Job[AccountRunArgs]) error {
	tctx := viewer.TenantSystemContext(ctx, j.Args.TenantID)
	_, loc, err := zoneOf(tctx, w.s.client)
	if err != nil {
		return err
	}
	day, err := time.ParseInLocation(time.DateOnly, j.Args.Date, loc)
	if err != nil {
		return river.JobCancel(err)
	}
	ids := j.Args.AccountIDs
	if j.Args.AccountID != 0 {
		ids = append(ids, j.Args.AccountID)
	}
	_, err = w.s.RunAccounts(tctx, ids, day, nil)
	return err
}

type reviewWorker struct {
	river.WorkerDefaults[ReviewArgs]
	s *Service
}

func (w *reviewWorker) Work(ctx context.Context, j *river.Job[ReviewArgs]) error {
	tctx := viewer.TenantSystemContext(ctx, j.Args.TenantID)
	return w.s.tx(tctx, func(ctx context.Context, c *ent.Client) error { return w.s.notifyAwaitingReview(ctx, c) })
}

// Enqueue queues the daily run of a date (YYYY-MM-DD, not in the future)
// for a tenant's approved accounts, or for one of its accounts, as a
// background job: what the master's billing jobs ask for. It refuses a
// tenant whose finance module is off and an account the tenant does not
// have.
func (s *Service) Enqueue(ctx context.Context, tenantID int, date string, accountID *int) error {
	tctx := viewer.TenantSystemContext(ctx, tenantID)
	_, loc, err := zoneOf(tctx, s.client)
	if err != nil {
		return err
	}
	day, err := ParseDate("date", date, loc)
	if err != nil {
		return err
	}
	if today := DayStart(s.now(), loc); day.After(today) {
		return problem.Invalid("date", "%s is in the future (today is %s in the tenant's time zone %s)",
			date, today.Format(time.DateOnly), loc)
	}
	st, err := settingsOf(tctx, s.client)
	if err != nil {
		return err
	}
	if err := financeOn(st); err != nil {
		return err
	}
	date = day.Format(time.DateOnly)
	if accountID == nil {
		return s.jobs.Insert(ctx, TenantRunArgs{TenantID: tenantID, Date: date}, nil)
	}
	if _, err := s.client.Account.Get(tctx, *accountID); err != nil {
		return problem.NotFoundIf(err, "account %d not found", *accountID)
	}
	return s.jobs.Insert(ctx, AccountRunArgs{TenantID: tenantID, AccountID: *accountID, Date: date}, nil)
}
