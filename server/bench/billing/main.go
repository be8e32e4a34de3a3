// Command billing measures the daily billing run on PostgreSQL at scale: it
// loads 10,000 developer accounts with 3 applications each (a monthly fee,
// a setup fee and two pricing tiers on hits, a month of usage per
// application) into a fresh database of its own, then bills the 1st of the
// month for every account as the scheduled jobs do (one transaction per
// account, several at once) and prints the time taken and accounts per
// second.
package main

import (
	"context"
	"database/sql"
	"flag"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"runtime/pprof"
	"sync"
	"sync/atomic"
	"time"

	"github.com/lib/pq"
	"github.com/shopspring/decimal"

	"github.com/portico-apim/portico/ent"
	"github.com/portico-apim/portico/ent/account"
	"github.com/portico-apim/portico/ent/application"
	"github.com/portico-apim/portico/ent/metric"
	"github.com/portico-apim/portico/ent/product"
	"github.com/portico-apim/portico/ent/usagebucket"
	"github.com/portico-apim/portico/schema/viewer"
	"github.com/portico-apim/portico/server/billing"
	"github.com/portico-apim/portico/server/bootstrap"
	"github.com/portico-apim/portico/server/catalog"
	"github.com/portico-apim/portico/server/store"
)

type options struct {
	admin    string
	name     string
	accounts int
	apps     int
	workers  int
	cpuprof  string
}

func main() {
	var o options
	flag.StringVar(&o.admin, "database", envOr("PORTICO_BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"),
		"PostgreSQL URL of a user that may create databases")
	flag.StringVar(&o.name, "name", "portico_bench_billing", "database to create (dropped first)")
	flag.IntVar(&o.accounts, "accounts", 10000, "developer accounts")
	flag.IntVar(&o.apps, "apps", 3, "applications per account")
	flag.IntVar(&o.workers, "workers", 8, "batches of accounts billed at once")
	flag.StringVar(&o.cpuprof, "cpuprofile", "", "write a CPU profile of the run (not the load) to this file")
	flag.Parse()
	if err := run(context.Background(), o); err != nil {
		fmt.Fprintln(os.Stderr, "bench-billing:", err)
		os.Exit(1)
	}
}

func envOr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

func run(ctx context.Context, o options) error {
	dbURL, err := database(o)
	if err != nil {
		return err
	}
	st, err := store.New(store.Config{DatabaseURL: dbURL, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		return err
	}
	defer st.Close()
	if err := st.Migrate(ctx); err != nil {
		return err
	}
	res, err := bootstrap.Run(ctx, bootstrap.Config{Client: st.Client, Catalog: catalog.New(st.Client), AdminDomain: "bench.localhost", AdminPassword: "Bench-billing-1"})
	if err != nil {
		return err
	}
	tctx := viewer.TenantSystemContext(ctx, res.TenantID)
	now := time.Now().UTC()
	first := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC)
	start := time.Now()
	if err := load(tctx, st.Client, o, first); err != nil {
		return err
	}
	// A database that has grown to this size has its planner statistics
	// (autovacuum keeps them); one loaded a moment ago has not yet.
	if _, err := st.DB.ExecContext(ctx, "ANALYZE"); err != nil {
		return err
	}
	fmt.Printf("loaded %d accounts × %d applications in %s\n", o.accounts, o.apps, time.Since(start).Round(time.Second))

	svc, err := billing.New(billing.Config{Client: st.Client, LockRows: true})
	if err != nil {
		return err
	}
	ids, err := svc.AccountIDs(tctx)
	if err != nil {
		return err
	}
	if o.cpuprof != "" {
		f, err := os.Create(o.cpuprof)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	// The run fills invoices and line items from empty. A PostgreSQL with
	// autovacuum on (its default) re-analyzes them as they grow; on a
	// server where it is off, the bench does the same in its place so the
	// planner does not keep planning for empty tables.
	var autovacuum string
	if err := st.DB.QueryRowContext(ctx, "SHOW autovacuum").Scan(&autovacuum); err != nil {
		return err
	}
	stopAnalyze := make(chan struct{})
	analyzed := make(chan struct{})
	go func() {
		defer close(analyzed)
		if autovacuum == "on" {
			return
		}
		t := time.NewTicker(10 * time.Second)
		defer t.Stop()
		for {
			select {
			case <-stopAnalyze:
				return
			case <-t.C:
				_, _ = st.DB.ExecContext(ctx, "ANALYZE invoices, line_items, invoice_counters")
			}
		}
	}()
	if autovacuum != "on" {
		fmt.Println("autovacuum is off on this server: the bench analyzes the billing tables every 10 s in its place")
	}
	var next, lines atomic.Int64
	var wg sync.WaitGroup
	errs := make(chan error, o.workers)
	start = time.Now()
	for range o.workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// Accounts are billed in the batches the daily run's jobs take.
			for {
				i := (int(next.Add(1)) - 1) * billing.AccountsPerJob
				if i >= len(ids) {
					return
				}
				r, err := svc.RunAccounts(tctx, ids[i:min(i+billing.AccountsPerJob, len(ids))], first, nil)
				if err != nil {
					errs <- err
					return
				}
				lines.Add(int64(r.LineItemsAdded))
			}
		}()
	}
	wg.Wait()
	took := time.Since(start)
	close(stopAnalyze)
	<-analyzed
	close(errs)
	for err := range errs {
		return err
	}
	fmt.Printf("billed %d accounts (%d line items) for %s in %s: %.0f accounts/s, %d batches of %d at once\n",
		len(ids), lines.Load(), first.Format(time.DateOnly), took.Round(time.Millisecond), float64(len(ids))/took.Seconds(), o.workers, billing.AccountsPerJob)
	fmt.Println("target: under 60 s for 10,000 accounts with 3 applications each")
	return nil
}

// database drops and creates the benchmark's database.
func database(o options) (string, error) {
	admin, err := sql.Open("postgres", o.admin)
	if err != nil {
		return "", err
	}
	defer admin.Close()
	if _, err := admin.Exec(`DROP DATABASE IF EXISTS ` + pq.QuoteIdentifier(o.name) + ` WITH (FORCE)`); err != nil {
		return "", fmt.Errorf("reach PostgreSQL at %s: %w", o.admin, err)
	}
	if _, err := admin.Exec(`CREATE DATABASE ` + pq.QuoteIdentifier(o.name)); err != nil {
		return "", err
	}
	u, err := url.Parse(o.admin)
	if err != nil {
		return "", err
	}
	u.Path = "/" + o.name
	return u.String(), nil
}

// load turns finance on (prepaid), prices the product's default plan and
// creates the accounts, their applications (accepted two months ago) and a
// month of usage per application.
func load(tctx context.Context, c *ent.Client, o options, first time.Time) error {
	if err := c.BillingSettings.Create().SetFinanceEnabled(true).SetStrategy("PREPAID").SetCurrency("EUR").Exec(tctx); err != nil {
		return err
	}
	prod, err := c.Product.Query().Where(product.SystemName("api")).Only(tctx)
	if err != nil {
		return err
	}
	hits, err := c.Metric.Query().Where(metric.ProductID(prod.ID), metric.SystemName("hits")).Only(tctx)
	if err != nil {
		return err
	}
	pl, err := c.Plan.Create().SetKind("APPLICATION").SetProductID(prod.ID).SetName("Metered").SetSystemName("metered").
		SetCostPerMonth(decimal.NewFromInt(30)).SetSetupFee(decimal.NewFromInt(5)).Save(tctx)
	if err != nil {
		return err
	}
	if err := c.PricingRule.CreateBulk(
		c.PricingRule.Create().SetPlanID(pl.ID).SetMetricID(hits.ID).SetMin(1).SetMax(1000).SetCostPerUnit(decimal.RequireFromString("0.01")),
		c.PricingRule.Create().SetPlanID(pl.ID).SetMetricID(hits.ID).SetMin(1001).SetCostPerUnit(decimal.RequireFromString("0.005")),
	).Exec(tctx); err != nil {
		return err
	}
	since := first.AddDate(0, -2, 0)
	prev := first.AddDate(0, -1, 0)
	for from := 0; from < o.accounts; from += 1000 {
		n := min(1000, o.accounts-from)
		accs := make([]*ent.AccountCreate, n)
		for i := range accs {
			accs[i] = c.Account.Create().SetOrgName(fmt.Sprintf("Buyer %d", from+i)).SetState(account.StateAPPROVED)
		}
		created, err := c.Account.CreateBulk(accs...).Save(tctx)
		if err != nil {
			return err
		}
		apps := make([]*ent.ApplicationCreate, 0, n*o.apps)
		for _, a := range created {
			for j := range o.apps {
				apps = append(apps, c.Application.Create().SetAccountID(a.ID).SetProductID(prod.ID).SetPlanID(pl.ID).
					SetName(fmt.Sprintf("app %d", j)).SetUserKey(fmt.Sprintf("key-%d-%d", a.ID, j)).
					SetState(application.StateLIVE).SetAcceptedAt(since).SetCreatedAt(since).SetSetupFee(pl.SetupFee))
			}
		}
		for len(apps) > 0 {
			k := min(len(apps), 1000)
			made, err := c.Application.CreateBulk(apps[:k]...).Save(tctx)
			if err != nil {
				return err
			}
			buckets := make([]*ent.UsageBucketCreate, len(made))
			for i, app := range made {
				buckets[i] = c.UsageBucket.Create().SetApplicationID(app.ID).SetProductID(prod.ID).SetMetricID(hits.ID).
					SetGranularity(usagebucket.GranularityMONTH).SetStart(prev).SetValue(int64(500 + app.ID%2000))
			}
			if err := c.UsageBucket.CreateBulk(buckets...).Exec(tctx); err != nil {
				return err
			}
			apps = apps[k:]
		}
	}
	return nil
}
