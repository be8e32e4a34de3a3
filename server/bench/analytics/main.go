// Command analytics measures the analytics queries on PostgreSQL at scale:
// it loads about twenty million usage buckets (10,000 applications × 5
// metrics: a year of daily buckets, twelve months, and the last two days
// by the hour) into a database of its own, then times a product's 30-day
// daily series, an application's 24-hour hourly series and the top ten
// applications of a month, each through the analytics service exactly as
// GraphQL and the Analytics API call it, and prints p50, p99 and the
// bucket count. The loaded database is kept for the next run (-reload
// loads it again).
package main

import (
	"context"
	"database/sql"
	"flag"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"slices"
	"time"

	"github.com/lib/pq"

	"github.com/portico-apim/portico/ent"
	"github.com/portico-apim/portico/ent/account"
	"github.com/portico-apim/portico/ent/application"
	"github.com/portico-apim/portico/ent/metric"
	"github.com/portico-apim/portico/ent/plan"
	"github.com/portico-apim/portico/ent/product"
	"github.com/portico-apim/portico/schema/viewer"
	"github.com/portico-apim/portico/server/analytics"
	"github.com/portico-apim/portico/server/bootstrap"
	"github.com/portico-apim/portico/server/catalog"
	"github.com/portico-apim/portico/server/store"
)

type options struct {
	admin   string
	name    string
	apps    int
	metrics int
	runs    int
	reload  bool
}

func main() {
	var o options
	flag.StringVar(&o.admin, "database", envOr("PORTICO_BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"),
		"PostgreSQL URL of a user that may create databases")
	flag.StringVar(&o.name, "name", "portico_bench_analytics", "database to load (created when missing)")
	flag.IntVar(&o.apps, "apps", 10000, "applications")
	flag.IntVar(&o.metrics, "metrics", 5, "metrics of the product, hits included")
	flag.IntVar(&o.runs, "runs", 200, "timed runs of each query")
	flag.BoolVar(&o.reload, "reload", false, "drop and load the database again")
	flag.Parse()
	if err := run(context.Background(), o); err != nil {
		fmt.Fprintln(os.Stderr, "bench-analytics:", err)
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
	dbURL, fresh, err := database(o)
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
	sys := viewer.SystemContext(ctx)
	res, err := bootstrap.Run(ctx, bootstrap.Config{Client: st.Client, Catalog: catalog.New(st.Client), AdminDomain: "bench.localhost", AdminPassword: "Bench-analytics-1"})
	if err != nil {
		return err
	}
	tctx := viewer.TenantSystemContext(ctx, res.TenantID)
	c := st.Client
	prod, err := c.Product.Query().Where(product.SystemName("api")).Only(tctx)
	if err != nil {
		return err
	}
	now := time.Now().UTC()
	if fresh {
		start := time.Now()
		if err := load(ctx, tctx, st, prod, o, now); err != nil {
			return err
		}
		fmt.Printf("loaded in %s\n", time.Since(start).Round(time.Second))
	}
	// Statistics and the visibility map as autovacuum keeps them on a
	// running installation (it may not have caught up with a fresh load).
	for _, table := range []string{"usage_buckets", "product_usage_buckets"} {
		if _, err := st.DB.ExecContext(sys, `VACUUM ANALYZE `+table); err != nil {
			return err
		}
	}
	var buckets, productBuckets int64
	if err := st.DB.QueryRowContext(sys, `SELECT (SELECT count(*) FROM usage_buckets), (SELECT count(*) FROM product_usage_buckets)`).Scan(&buckets, &productBuckets); err != nil {
		return err
	}
	apps, err := c.Application.Query().Where(application.ProductID(prod.ID)).Order(ent.Asc(application.FieldID)).IDs(tctx)
	if err != nil {
		return err
	}
	if len(apps) == 0 {
		return fmt.Errorf("no applications: load again with -reload")
	}
	fmt.Printf("analytics benchmark: %d usage buckets (%d product buckets), %d applications, %d runs per query, PostgreSQL %s\n\n", buckets, productBuckets, len(apps), o.runs, o.name)

	svc, err := analytics.New(analytics.Config{Client: c, Dialect: st.Dialect})
	if err != nil {
		return err
	}
	hits, err := c.Metric.Query().Where(metric.ProductID(prod.ID), metric.SystemName("hits")).Only(tctx)
	if err != nil {
		return err
	}
	frame := func(period, granularity string) (analytics.Range, error) {
		return analytics.Resolve(analytics.Frame{Period: period, Granularity: granularity}, svc.Now(), "UTC")
	}
	productTarget, err := svc.Resolve(tctx, analytics.Subject{Kind: analytics.KindProduct, ID: prod.ID})
	if err != nil {
		return err
	}
	i := 0
	cases := []struct {
		name string
		fn   func() (int64, error)
	}{
		{"product, 30 days by day", func() (int64, error) {
			r, err := frame("month", "day")
			if err != nil {
				return 0, err
			}
			s, err := svc.Series(tctx, analytics.Query{Target: productTarget, Metric: hits, Range: r, Change: true})
			if err != nil {
				return 0, err
			}
			return s.Total, nil
		}},
		{"application, 24 hours by hour", func() (int64, error) {
			i++
			t, err := svc.Resolve(tctx, analytics.Subject{Kind: analytics.KindApplication, ID: apps[(i*7919)%len(apps)]})
			if err != nil {
				return 0, err
			}
			r, err := frame("day", "hour")
			if err != nil {
				return 0, err
			}
			s, err := svc.Series(tctx, analytics.Query{Target: t, Metric: hits, Range: r})
			if err != nil {
				return 0, err
			}
			return s.Total, nil
		}},
		{"top 10 applications, a month", func() (int64, error) {
			r, err := frame("month", "day")
			if err != nil {
				return 0, err
			}
			top, err := svc.TopApplications(tctx, productTarget, hits, r, 10)
			if err != nil {
				return 0, err
			}
			if len(top) != 10 {
				return 0, fmt.Errorf("%d top applications, want 10", len(top))
			}
			return top[0].Value, nil
		}},
	}
	fmt.Printf("%-32s %9s %9s %9s  %s\n", "query", "p50 ms", "p99 ms", "max ms", "answer")
	for _, q := range cases {
		var took []time.Duration
		var answer int64
		for r := range o.runs + 5 {
			start := time.Now()
			v, err := q.fn()
			if err != nil {
				return fmt.Errorf("%s: %w", q.name, err)
			}
			if r >= 5 { // the first runs warm the caches
				took = append(took, time.Since(start))
			}
			answer = v
		}
		slices.Sort(took)
		ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
		fmt.Printf("%-32s %9.1f %9.1f %9.1f  %d\n", q.name, ms(took[len(took)/2]), ms(took[len(took)*99/100]), ms(took[len(took)-1]), answer)
	}
	fmt.Println("\ntarget: p99 at most 100 ms for each query")
	return nil
}

// database creates the benchmark's database when missing (or -reload) and
// says whether it is empty.
func database(o options) (string, bool, error) {
	admin, err := sql.Open("postgres", o.admin)
	if err != nil {
		return "", false, err
	}
	defer admin.Close()
	var exists bool
	if err := admin.QueryRow(`SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)`, o.name).Scan(&exists); err != nil {
		return "", false, fmt.Errorf("reach PostgreSQL at %s: %w", o.admin, err)
	}
	if exists && o.reload {
		if _, err := admin.Exec(`DROP DATABASE ` + pq.QuoteIdentifier(o.name) + ` WITH (FORCE)`); err != nil {
			return "", false, err
		}
		exists = false
	}
	if !exists {
		if _, err := admin.Exec(`CREATE DATABASE ` + pq.QuoteIdentifier(o.name)); err != nil {
			return "", false, err
		}
	}
	u, err := url.Parse(o.admin)
	if err != nil {
		return "", false, err
	}
	u.Path = "/" + o.name
	return u.String(), !exists, nil
}

// load creates the metrics, an account and the applications, then copies
// the buckets in with the table's secondary indexes dropped and rebuilt
// after, then sums them into the product buckets.
func load(ctx, tctx context.Context, st *store.Store, prod *ent.Product, o options, now time.Time) error {
	c := st.Client
	metricIDs := []int{}
	hits, err := c.Metric.Query().Where(metric.ProductID(prod.ID), metric.SystemName("hits")).Only(tctx)
	if err != nil {
		return err
	}
	metricIDs = append(metricIDs, hits.ID)
	for i := 1; i < o.metrics; i++ {
		m, err := c.Metric.Create().SetProductID(prod.ID).SetSystemName(fmt.Sprintf("metric_%d", i)).
			SetFriendlyName(fmt.Sprintf("Metric %d", i)).Save(tctx)
		if err != nil {
			return err
		}
		metricIDs = append(metricIDs, m.ID)
	}
	acc, err := c.Account.Create().SetOrgName("Bench Corp").SetState(account.StateAPPROVED).Save(tctx)
	if err != nil {
		return err
	}
	pl, err := c.Plan.Query().Where(plan.ProductID(prod.ID), plan.SystemName("basic")).Only(tctx)
	if err != nil {
		return err
	}
	var apps []int
	for from := 0; from < o.apps; from += 1000 {
		n := min(1000, o.apps-from)
		bulk := make([]*ent.ApplicationCreate, n)
		for i := range n {
			bulk[i] = c.Application.Create().SetAccountID(acc.ID).SetProductID(prod.ID).SetPlanID(pl.ID).
				SetName(fmt.Sprintf("App %05d", from+i)).SetUserKey(fmt.Sprintf("%032x", from+i+1))
		}
		created, err := c.Application.CreateBulk(bulk...).Save(tctx)
		if err != nil {
			return err
		}
		for _, a := range created {
			apps = append(apps, a.ID)
		}
	}

	db := st.DB
	rows, err := db.QueryContext(ctx, `SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'usage_buckets' AND indexname <> 'usage_buckets_pkey'`)
	if err != nil {
		return err
	}
	var defs []string
	var names []string
	for rows.Next() {
		var name, def string
		if err := rows.Scan(&name, &def); err != nil {
			return err
		}
		names, defs = append(names, name), append(defs, def)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	for _, n := range names {
		if _, err := db.ExecContext(ctx, `DROP INDEX `+pq.QuoteIdentifier(n)); err != nil {
			return err
		}
	}

	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	stmt, err := tx.Prepare(`COPY usage_buckets (tenant_id, product_id, application_id, metric_id, granularity, start, value) FROM STDIN`)
	if err != nil {
		return err
	}
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	thisHour := now.Truncate(time.Hour)
	thisMonth := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC)
	var n int64
	add := func(app, m int, g string, at time.Time, v int64) error {
		n++
		_, err := stmt.Exec(prod.TenantID, prod.ID, app, m, g, at, v)
		return err
	}
	for ai, app := range apps {
		for mi, m := range metricIDs {
			base := int64(ai%97 + mi + 1)
			// A month bucket holds the sum of its days, as the rollup
			// writes them.
			months := map[time.Time]int64{}
			for d := range 365 {
				day, v := today.AddDate(0, 0, -d), base*24+int64(d%7)
				if err := add(app, m, "DAY", day, v); err != nil {
					return err
				}
				months[time.Date(day.Year(), day.Month(), 1, 0, 0, 0, 0, time.UTC)] += v
			}
			for mo := range 12 {
				start := thisMonth.AddDate(0, -mo, 0)
				if err := add(app, m, "MONTH", start, months[start]); err != nil {
					return err
				}
			}
			for h := range 48 {
				if err := add(app, m, "HOUR", thisHour.Add(-time.Duration(h)*time.Hour), base+int64(h%5)); err != nil {
					return err
				}
			}
		}
		if (ai+1)%1000 == 0 {
			fmt.Printf("  %d applications, %d buckets\n", ai+1, n)
		}
	}
	if _, err := stmt.Exec(); err != nil {
		return err
	}
	if err := stmt.Close(); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	for _, d := range defs {
		if _, err := db.ExecContext(ctx, d); err != nil {
			return fmt.Errorf("rebuild index: %w", err)
		}
	}
	// The product buckets hold what the rollup's flush writes beside the
	// application buckets: their sums per product, metric and bucket.
	_, err = db.ExecContext(ctx, `INSERT INTO product_usage_buckets (tenant_id, product_id, metric_id, granularity, start, value)
		SELECT tenant_id, product_id, metric_id, granularity, start, SUM(value) FROM usage_buckets
		GROUP BY tenant_id, product_id, metric_id, granularity, start`)
	return err
}
