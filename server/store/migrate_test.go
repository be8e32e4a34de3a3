package store_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io/fs"
	"log/slog"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/portico-apim/portico/ent/application"
	"github.com/portico-apim/portico/ent/message"
	"github.com/portico-apim/portico/ent/planchangerequest"
	"github.com/portico-apim/portico/ent/product"
	"github.com/portico-apim/portico/schema"
	"github.com/portico-apim/portico/server/apptest"
	"github.com/portico-apim/portico/server/auth/password"
	"github.com/portico-apim/portico/server/store"
)

// versions lists the migration versions of fsys in order.
func versions(t *testing.T, fsys fs.FS) []int64 {
	t.Helper()
	files, err := fs.Glob(fsys, "*.sql")
	if err != nil {
		t.Fatal(err)
	}
	var out []int64
	for _, f := range files {
		v, err := strconv.ParseInt(strings.SplitN(f, "_", 2)[0], 10, 64)
		if err != nil {
			t.Fatalf("migration %s: no version: %v", f, err)
		}
		out = append(out, v)
	}
	slices.Sort(out)
	if len(out) < 2 {
		t.Fatalf("only %d migrations: an upgrade cannot be tested", len(out))
	}
	return out
}

// TestMigrateUpgradesData creates a database with the first migration only,
// fills it the way that version stored data, upgrades it and serves it.
func TestMigrateUpgradesData(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	cfg := apptest.Config(t)
	st, err := store.New(store.Config{DatabaseURL: cfg.DatabaseURL, DataDir: cfg.DataDir})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	fsys, err := store.Migrations(st.Dialect)
	if err != nil {
		t.Fatal(err)
	}
	all := versions(t, fsys)
	if err := st.MigrateFS(ctx, fsys, all[0]); err != nil {
		t.Fatalf("first migration: %v", err)
	}
	if v, err := st.SchemaVersion(ctx); err != nil || v != all[0] {
		t.Fatalf("schema version after the first migration = %d (%v), want %d", v, err, all[0])
	}

	hash, err := password.Hash(apptest.AdminPassword)
	if err != nil {
		t.Fatal(err)
	}
	// Rows are inserted as that version's code did: ids come from the
	// sequences the migration set up, one range of ids per type.
	insert := func(table, cols, vals string) int {
		t.Helper()
		var id int
		q := `INSERT INTO ` + table + ` (created_at, updated_at, ` + cols + `) VALUES (CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, ` + vals + `) RETURNING id`
		if err := st.DB.QueryRowContext(ctx, q).Scan(&id); err != nil {
			t.Fatalf("arrange %s: %v", table, err)
		}
		return id
	}
	tenantID := insert("tenants", "org_name, admin_domain, time_zone, provider_key, master, state",
		`'Old Provider', 'localhost', 'UTC', 'pk-old', FALSE, 'APPROVED'`)
	tid := itoa(tenantID)
	userID := insert("users", "username, email, role, state, password_hash, tenant_id",
		`'admin', 'admin@localhost', 'ADMIN', 'ACTIVE', '`+hash+`', `+tid)
	productID := insert("products", "name, system_name, state, authentication, referrer_filters_required, plan_change_permission, tenant_id",
		`'Legacy API', 'legacy', 'PUBLISHED', 'APP_ID', FALSE, 'DIRECT', `+tid)
	metricID := insert("metrics", "system_name, friendly_name, unit, tenant_id, product_id",
		`'hits', 'Hits', 'hit', `+tid+`, `+itoa(productID))
	planID := insert("plans", "kind, name, system_name, state, approval_required, setup_fee, cost_per_month, trial_period_days, is_default, position, tenant_id, product_id",
		`'APPLICATION', 'Pro', 'pro', 'PUBLISHED', FALSE, '0', '49.9900', 0, TRUE, 0, `+tid+`, `+itoa(productID))
	limitID := insert("usage_limits", "period, value, metric_id, plan_id, tenant_id",
		`'MINUTE', 120, `+itoa(metricID)+`, `+itoa(planID)+`, `+tid)
	accountID := insert("accounts", "org_name, state, state_changed_at, tenant_id",
		`'Old Customer', 'APPROVED', CURRENT_TIMESTAMP, `+tid)
	appID := insert("applications", "name, state, app_id, app_keys, account_id, tenant_id, plan_id, product_id",
		`'Old App', 'LIVE', 'old-app', '["old-key-1"]', `+itoa(accountID)+`, `+tid+`, `+itoa(planID)+`, `+itoa(productID))
	tokenID := insert("service_tokens", "value, product_id, tenant_id", `'st-old', `+itoa(productID)+`, `+tid)

	for i := range 2 { // the second run finds nothing to do
		if err := st.Migrate(ctx); err != nil {
			t.Fatalf("migrate (run %d): %v", i+1, err)
		}
		latest, err := st.LatestVersion()
		if err != nil {
			t.Fatal(err)
		}
		if v, err := st.SchemaVersion(ctx); err != nil || v != latest || latest < all[len(all)-1] {
			t.Fatalf("schema version after upgrading = %d (%v), want %d", v, err, latest)
		}
	}

	sys := apptest.SystemContext()
	c := st.Client
	p := c.Product.Query().Where(product.SystemName("legacy")).OnlyX(sys)
	if p.ID != productID || p.TenantID != tenantID || p.Name != "Legacy API" || p.Authentication != product.AuthenticationAPP_ID {
		t.Errorf("product after the upgrade: %+v", p)
	}
	pl := c.Plan.GetX(sys, planID)
	if !pl.CostPerMonth.Equal(decimal.RequireFromString("49.99")) || !pl.IsDefault {
		t.Errorf("plan after the upgrade: %+v", pl)
	}
	app := c.Application.Query().Where(application.AppID("old-app")).WithPlan().OnlyX(sys)
	if !slices.Equal(app.AppKeys, []string{"old-key-1"}) || app.Edges.Plan.ID != planID {
		t.Errorf("application after the upgrade: %+v", app)
	}
	if l := c.UsageLimit.GetX(sys, limitID); l.Value != 120 {
		t.Errorf("usage limit after the upgrade: %+v", l)
	}
	for _, id := range []int{tenantID, userID, productID, metricID, planID, accountID, appID, limitID, tokenID} {
		if _, err := c.Noder(sys, id); err != nil {
			t.Errorf("node %d after the upgrade: %v", id, err)
		}
	}
	st.Close()

	// The server starts on the upgraded database, keeps its tenant rather
	// than bootstrapping another, and its old admin logs in.
	in := apptest.StartWith(t, cfg)
	if in.App.Bootstrap.Created || in.App.Bootstrap.TenantID != tenantID {
		t.Errorf("bootstrap on the upgraded database: %+v", in.App.Bootstrap)
	}
	var d struct {
		Products struct {
			Edges []struct {
				Node struct{ ID, SystemName string }
			}
		}
		CreateProduct struct{ ID string }
	}
	in.MustGraphQL(t, in.Admin, `{ products { edges { node { id systemName } } } }`, nil, &d)
	if len(d.Products.Edges) != 1 || d.Products.Edges[0].Node.SystemName != "legacy" {
		t.Errorf("products served after the upgrade: %+v", d.Products)
	}
	in.MustGraphQL(t, in.Admin, `mutation { createProduct(input: {name: "New", systemName: "new"}) { id } }`, nil, &d)
	if id := mustAtoi(t, d.CreateProduct.ID); id == productID || id>>32 != productID>>32 {
		t.Errorf("a product created after the upgrade has id %d, not a new id in the products' range (%d)", id, productID)
	}
	if _, err := in.Client().Noder(sys, mustAtoi(t, d.CreateProduct.ID)); err != nil {
		t.Errorf("new product: %v", err)
	}
}

// TestMigratePlanChangeRequestEdges upgrades plan change requests stored
// before their user and product columns became foreign keys: the rows stay,
// ids of users deleted in the meantime are forgotten, and deleting a user
// named on a request afterwards keeps the request.
func TestMigratePlanChangeRequestEdges(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st, insert := beforeMigration(t, "plan_change_request_edges")
	tid := itoa(insert("tenants", "org_name, admin_domain, time_zone, provider_key, master, state",
		`'Old Provider', 'localhost', 'UTC', 'pk-old', FALSE, 'APPROVED'`))
	adminID := insert("users", "username, email, role, state, tenant_id", `'admin', 'admin@localhost', 'ADMIN', 'ACTIVE', `+tid)
	productID := itoa(insert("products", "name, system_name, state, authentication, referrer_filters_required, plan_change_permission, tenant_id",
		`'Legacy API', 'legacy', 'PUBLISHED', 'APP_ID', FALSE, 'REQUEST', `+tid))
	plan := func(name string) string {
		return itoa(insert("plans", "kind, name, system_name, state, approval_required, setup_fee, cost_per_month, trial_period_days, is_default, position, tenant_id, product_id",
			`'APPLICATION', '`+name+`', '`+name+`', 'PUBLISHED', FALSE, '0', '0', 0, FALSE, 0, `+tid+`, `+productID))
	}
	basic, pro := plan("basic"), plan("pro")
	accountID := itoa(insert("accounts", "org_name, state, state_changed_at, tenant_id", `'Old Customer', 'APPROVED', CURRENT_TIMESTAMP, `+tid))
	devID := insert("users", "username, email, role, state, tenant_id, account_id", `'dev', 'dev@example.com', 'MEMBER', 'ACTIVE', `+tid+`, `+accountID)
	appID := itoa(insert("applications", "name, state, app_id, app_keys, account_id, tenant_id, plan_id, product_id",
		`'Old App', 'LIVE', 'old-app', '["k"]', `+accountID+`, `+tid+`, `+basic+`, `+productID))
	request := func(requestedBy, resolvedBy int) int {
		return insert("plan_change_requests", "tenant_id, application_id, account_id, product_id, from_plan_id, to_plan_id, requested_by_id, resolved_by_id, state",
			tid+`, `+appID+`, `+accountID+`, `+productID+`, `+basic+`, `+pro+`, `+itoa(requestedBy)+`, `+itoa(resolvedBy)+`, 'DISMISSED'`)
	}
	const gone = 999 // users deleted while nothing tied the columns to them
	kept, orphaned := request(devID, adminID), request(gone, gone)

	if err := st.Migrate(ctx); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	sys := apptest.SystemContext()
	c := st.Client
	for _, tc := range []struct {
		name                    string
		id                      int
		requestedBy, resolvedBy *int
	}{
		{"users that exist", kept, &devID, &adminID},
		{"users deleted before the upgrade", orphaned, nil, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := c.PlanChangeRequest.Query().Where(planchangerequest.ID(tc.id)).WithProduct().WithRequestedBy().WithResolvedBy().Only(sys)
			if err != nil {
				t.Fatalf("request after the upgrade: %v", err)
			}
			if r.Edges.Product == nil || itoa(r.Edges.Product.ID) != productID {
				t.Errorf("product = %+v, want %s", r.Edges.Product, productID)
			}
			if !sameID(r.RequestedByID, tc.requestedBy) || !sameID(r.ResolvedByID, tc.resolvedBy) {
				t.Errorf("requested by %v, resolved by %v; want %v, %v", deref(r.RequestedByID), deref(r.ResolvedByID), deref(tc.requestedBy), deref(tc.resolvedBy))
			}
			if (r.Edges.RequestedBy != nil) != (tc.requestedBy != nil) || (r.Edges.ResolvedBy != nil) != (tc.resolvedBy != nil) {
				t.Errorf("edges: requested by %+v, resolved by %+v", r.Edges.RequestedBy, r.Edges.ResolvedBy)
			}
		})
	}

	t.Run("deleting the users keeps the request", func(t *testing.T) {
		for _, id := range []int{devID, adminID} {
			if err := c.User.DeleteOneID(id).Exec(sys); err != nil {
				t.Fatalf("delete user %d: %v", id, err)
			}
		}
		r, err := c.PlanChangeRequest.Get(sys, kept)
		if err != nil {
			t.Fatalf("request after deleting its users: %v", err)
		}
		if r.RequestedByID != nil || r.ResolvedByID != nil {
			t.Errorf("requested by %d, resolved by %d; want both empty", deref(r.RequestedByID), deref(r.ResolvedByID))
		}
	})
}

func sameID(got, want *int) bool {
	return (got == nil) == (want == nil) && (got == nil || *got == *want)
}

func deref(p *int) any {
	if p == nil {
		return nil
	}
	return *p
}

// beforeMigration opens a database migrated up to the migration before the
// one named name (its file is <version>_<name>.sql) and returns it with a
// function that inserts a row the raw way, timestamps set, and returns its id.
func beforeMigration(t *testing.T, name string) (*store.Store, func(table, cols, vals string) int) {
	t.Helper()
	ctx := context.Background()
	cfg := apptest.Config(t)
	st, err := store.New(store.Config{DatabaseURL: cfg.DatabaseURL, DataDir: cfg.DataDir})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	fsys, err := store.Migrations(st.Dialect)
	if err != nil {
		t.Fatal(err)
	}
	files, err := fs.Glob(fsys, "*_"+name+".sql")
	if err != nil || len(files) != 1 {
		t.Fatalf("the %s migration: %v %v", name, files, err)
	}
	all := versions(t, fsys)
	i := slices.Index(all, int64(mustAtoi(t, strings.SplitN(files[0], "_", 2)[0])))
	if i < 1 {
		t.Fatalf("no migration before %s", files[0])
	}
	if err := st.MigrateFS(ctx, fsys, all[i-1]); err != nil {
		t.Fatalf("migrations before %s: %v", files[0], err)
	}
	insert := func(table, cols, vals string) int {
		t.Helper()
		var id int
		q := `INSERT INTO ` + table + ` (created_at, updated_at, ` + cols + `) VALUES (CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, ` + vals + `) RETURNING id`
		if err := st.DB.QueryRowContext(ctx, q).Scan(&id); err != nil {
			t.Fatalf("arrange %s: %v", table, err)
		}
		return id
	}
	return st, insert
}

func itoa(n int) string { return strconv.Itoa(n) }

func mustAtoi(t *testing.T, s string) int {
	t.Helper()
	n, err := strconv.Atoi(s)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestMigrateMessageSenderUser upgrades messages stored before their
// sender_user_id became a foreign key: the messages stay, ids of users
// deleted in the meantime are forgotten, and deleting the sender afterwards
// keeps the message.
func TestMigrateMessageSenderUser(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st, insert := beforeMigration(t, "message_sender_user")
	tid := itoa(insert("tenants", "org_name, admin_domain, time_zone, provider_key, master, state",
		`'Old Provider', 'localhost', 'UTC', 'pk-old', FALSE, 'APPROVED'`))
	accountID := itoa(insert("accounts", "org_name, state, state_changed_at, tenant_id", `'Old Customer', 'APPROVED', CURRENT_TIMESTAMP, `+tid))
	devID := insert("users", "username, email, role, state, tenant_id, account_id", `'dev', 'dev@example.com', 'MEMBER', 'ACTIVE', `+tid+`, `+accountID)
	send := func(sender int) int {
		return insert("messages", "direction, subject, body, state, tenant_id, sender_account_id, sender_user_id",
			`'TO_PROVIDER', 'Question', 'Hello', 'SENT', `+tid+`, `+accountID+`, `+itoa(sender))
	}
	const gone = 999 // a user deleted while nothing tied the column to it
	kept, orphaned := send(devID), send(gone)

	if err := st.Migrate(ctx); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	sys := apptest.SystemContext()
	c := st.Client
	for _, tc := range []struct {
		name   string
		id     int
		sender *int
	}{
		{"sender that exists", kept, &devID},
		{"sender deleted before the upgrade", orphaned, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m, err := c.Message.Query().Where(message.ID(tc.id)).WithSenderUser().Only(sys)
			if err != nil {
				t.Fatalf("message after the upgrade: %v", err)
			}
			if !sameID(m.SenderUserID, tc.sender) || (m.Edges.SenderUser != nil) != (tc.sender != nil) {
				t.Errorf("sender %v (edge %+v), want %v", deref(m.SenderUserID), m.Edges.SenderUser, deref(tc.sender))
			}
		})
	}

	t.Run("deleting the sender keeps the message", func(t *testing.T) {
		if err := c.User.DeleteOneID(devID).Exec(sys); err != nil {
			t.Fatalf("delete user %d: %v", devID, err)
		}
		m, err := c.Message.Get(sys, kept)
		if err != nil {
			t.Fatalf("message after deleting its sender: %v", err)
		}
		if m.SenderUserID != nil {
			t.Errorf("sender %d, want empty", *m.SenderUserID)
		}
	})
}

// TestMigratePlanAndLimitSortKeys upgrades plans and limits stored before
// their sort keys: each plan gets the keys of its amounts and each limit the
// rank of its period, so that existing rows sort by amount and period length.
func TestMigratePlanAndLimitSortKeys(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st, insert := beforeMigration(t, "plan_and_limit_sort_keys")
	tid := itoa(insert("tenants", "org_name, admin_domain, time_zone, provider_key, master, state",
		`'Old Provider', 'localhost', 'UTC', 'pk-old', FALSE, 'APPROVED'`))
	productID := itoa(insert("products", "name, system_name, state, authentication, referrer_filters_required, plan_change_permission, tenant_id",
		`'Legacy API', 'legacy', 'PUBLISHED', 'APP_ID', FALSE, 'REQUEST', `+tid))
	metricID := itoa(insert("metrics", "system_name, friendly_name, unit, tenant_id, product_id", `'hits', 'Hits', 'hit', `+tid+`, `+productID))
	amounts := map[string][2]string{ // system name: setup fee, cost per month
		"free": {"0", "0"}, "small": {"5.5", "20"}, "large": {"1234.5678", "100"}, "huge": {"9999999999999999.9999", "0.0001"},
	}
	plans := map[string]int{}
	for name, a := range amounts {
		plans[name] = insert("plans", "kind, name, system_name, state, approval_required, setup_fee, cost_per_month, trial_period_days, is_default, position, tenant_id, product_id",
			`'APPLICATION', '`+name+`', '`+name+`', 'PUBLISHED', FALSE, '`+a[0]+`', '`+a[1]+`', 0, FALSE, 0, `+tid+`, `+productID)
	}
	periods := []string{"MINUTE", "HOUR", "DAY", "WEEK", "MONTH", "YEAR", "ETERNITY"}
	limits := map[string]int{}
	for _, p := range periods {
		limits[p] = insert("usage_limits", "period, value, metric_id, plan_id, tenant_id", `'`+p+`', 10, `+metricID+`, `+itoa(plans["small"])+`, `+tid)
	}
	if err := st.Migrate(ctx); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	sys := apptest.SystemContext()
	for name, a := range amounts {
		p, err := st.Client.Plan.Get(sys, plans[name])
		if err != nil {
			t.Fatal(err)
		}
		if want := schema.MoneyKey(decimal.RequireFromString(a[0])); p.SetupFeeKey != want {
			t.Errorf("%s: setup fee key %q, want %q", name, p.SetupFeeKey, want)
		}
		if want := schema.MoneyKey(decimal.RequireFromString(a[1])); p.CostPerMonthKey != want {
			t.Errorf("%s: cost per month key %q, want %q", name, p.CostPerMonthKey, want)
		}
	}
	for rank, p := range periods {
		l, err := st.Client.UsageLimit.Get(sys, limits[p])
		if err != nil {
			t.Fatal(err)
		}
		if l.PeriodRank != rank {
			t.Errorf("%s: rank %d, want %d", p, l.PeriodRank, rank)
		}
	}
}

// TestMigrateNormalizesSQLiteTimes upgrades an embedded database whose times
// were written in the layouts earlier versions used (Go's time.String() with
// a monotonic-clock suffix, other zones, SQLite's CURRENT_TIMESTAMP): every
// value is rewritten into the one UTC layout, so ordering by time and paging
// by time agree with the instants.
func TestMigrateNormalizesSQLiteTimes(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	cfg := apptest.Config(t)
	if cfg.DatabaseURL != "" {
		t.Skip("PostgreSQL stores times as timestamps; the rewrite is for the embedded database")
	}
	st, err := store.New(store.Config{DataDir: cfg.DataDir})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	fsys, err := store.Migrations(st.Dialect)
	if err != nil {
		t.Fatal(err)
	}
	// The SQL migrations that come before the rewrite (version
	// 20261122180000): the database of a version that wrote the old layouts.
	var before int64
	for _, v := range versions(t, fsys) {
		if v < 20261122180000 {
			before = v
		}
	}
	if err := st.MigrateFS(ctx, fsys, before); err != nil {
		t.Fatal(err)
	}
	if v, err := st.SchemaVersion(ctx); err != nil || v != before {
		t.Fatalf("schema version %d (%v), want %d", v, err, before)
	}

	var tid int
	if err := st.DB.QueryRowContext(ctx, `INSERT INTO tenants (created_at, updated_at, org_name, admin_domain, time_zone, provider_key, master, state)
		VALUES (CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 'Old Provider', 'localhost', 'UTC', 'pk-old', FALSE, 'APPROVED') RETURNING id`).Scan(&tid); err != nil {
		t.Fatal(err)
	}
	// Stored text, in the order of the instants they stand for, and the
	// layout each one must end up in.
	stored := []struct{ name, text, want string }{
		{"a", "2026-11-22 09:00:00 +0100 CET m=+0.000000001", "2026-11-22 08:00:00+00:00"},
		{"b", "2026-11-22 08:30:00.5 +0000 UTC m=+12.5", "2026-11-22 08:30:00.5+00:00"},
		{"c", "2026-11-22 08:30:00.5 +0000 UTC", "2026-11-22 08:30:00.5+00:00"},
		{"d", "2026-11-22 08:30:00.45 -0100 -01", "2026-11-22 09:30:00.45+00:00"},
		{"e", "2026-11-22 10:00:00", "2026-11-22 10:00:00+00:00"},
	}
	for _, s := range stored {
		if _, err := st.DB.ExecContext(ctx, `INSERT INTO products (created_at, updated_at, name, system_name, state, authentication, plan_change_permission, tenant_id)
			VALUES (?, ?, ?, ?, 'PUBLISHED', 'USER_KEY', 'DIRECT', ?)`, s.text, s.text, s.name, s.name, tid); err != nil {
			t.Fatalf("arrange product %s: %v", s.name, err)
		}
	}

	if err := st.Migrate(ctx); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	rows, err := st.DB.QueryContext(ctx, `SELECT name, CAST(created_at AS TEXT), CAST(updated_at AS TEXT) FROM products WHERE tenant_id = ? ORDER BY created_at, id`, tid)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var order []string
	for rows.Next() {
		var name, created, updated string
		if err := rows.Scan(&name, &created, &updated); err != nil {
			t.Fatal(err)
		}
		order = append(order, name)
		for _, s := range stored {
			if s.name == name && (created != s.want || updated != s.want) {
				t.Errorf("product %s: created_at %q, updated_at %q, want %q", name, created, updated, s.want)
			}
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if want := []string{"a", "b", "c", "d", "e"}; !slices.Equal(order, want) {
		t.Errorf("ordered by created_at: %v, want %v", order, want)
	}
	products, err := st.Client.Product.Query().Where(product.TenantID(tid)).All(apptest.SystemContext())
	if err != nil {
		t.Fatalf("read the products back: %v", err)
	}
	for _, p := range products {
		if p.CreatedAt.Location() != time.UTC {
			t.Errorf("product %s read back in %v, want UTC", p.Name, p.CreatedAt.Location())
		}
	}
}

// TestMigrationLogNamesEveryMigration: each applied migration is logged
// under a name an operator can find, including the one written in Go,
// which has no file.
func TestMigrationLogNamesEveryMigration(t *testing.T) {
	t.Parallel()
	cfg := apptest.Config(t)
	if cfg.DatabaseURL != "" {
		t.Skip("the migration written in Go is the embedded database's")
	}
	var log bytes.Buffer
	st, err := store.New(store.Config{DataDir: cfg.DataDir, Logger: slog.New(slog.NewJSONHandler(&log, nil))})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := st.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	dec := json.NewDecoder(&log)
	for dec.More() {
		var line struct {
			Msg     string
			Version int64
			File    string
		}
		if err := dec.Decode(&line); err != nil {
			t.Fatal(err)
		}
		if line.Msg != "migration applied" {
			continue
		}
		if line.File == "" || line.File == "." {
			t.Errorf("migration %d logged with file %q", line.Version, line.File)
		}
		names[line.File] = true
	}
	if !names["normalize SQLite times (Go)"] {
		t.Errorf("the Go migration is not logged by name; logged: %v", names)
	}
}
