package main

import (
	"bytes"
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/portico-apim/portico/ent/tenant"
	"github.com/portico-apim/portico/server/apptest"
	"github.com/portico-apim/portico/server/purge"
	"github.com/portico-apim/portico/server/store"
)

// TestMigrateCommand runs `portico migrate` twice on a fresh database: both
// succeed, and the second changes nothing.
func TestMigrateCommand(t *testing.T) {
	t.Parallel()
	cfg := apptest.Config(t)
	env := map[string]string{"PORTICO_DATA_DIR": cfg.DataDir, "PORTICO_DATABASE_URL": cfg.DatabaseURL, "PORTICO_LOG_FORMAT": "json"}
	getenv := func(name string) string { return env[name] }

	var versions []string
	for i := range 2 {
		var out bytes.Buffer
		if code := run([]string{"migrate"}, getenv, &out); code != 0 {
			t.Fatalf("portico migrate (run %d) exited %d:\n%s", i+1, code, &out)
		}
		applied := strings.Count(out.String(), `"msg":"migration applied"`)
		if i == 0 && applied == 0 {
			t.Errorf("the first run applied no migration:\n%s", &out)
		}
		if i == 1 && applied != 0 {
			t.Errorf("the second run applied %d migrations again:\n%s", applied, &out)
		}
		_, after, ok := strings.Cut(out.String(), `"msg":"database is up to date","version":`)
		if !ok {
			t.Fatalf("run %d does not report the version:\n%s", i+1, &out)
		}
		versions = append(versions, strings.TrimRight(strings.TrimSpace(after), "}"))
	}
	if versions[0] != versions[1] {
		t.Errorf("versions after the two runs: %v", versions)
	}

	st, err := store.New(store.Config{DatabaseURL: cfg.DatabaseURL, DataDir: cfg.DataDir})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	v, err := st.SchemaVersion(context.Background())
	if err != nil || versions[0] != strconv.FormatInt(v, 10) {
		t.Errorf("schema version %d (%v), reported %s", v, err, versions[0])
	}
}

func TestRunRejectsBadConfiguration(t *testing.T) {
	var out bytes.Buffer
	env := map[string]string{"PORTICO_LOG_LEVEL": "loud", "PORTICO_DATABASE_URL": "mysql://db"}
	code := run([]string{"migrate"}, func(name string) string { return env[name] }, &out)
	if code != 2 {
		t.Errorf("exit code %d, want 2", code)
	}
	for _, want := range []string{"invalid configuration", "PORTICO_LOG_LEVEL", "PORTICO_DATABASE_URL"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output does not say %q:\n%s", want, &out)
		}
	}
}

func TestRunHelpPrintsUsage(t *testing.T) {
	for _, arg := range []string{"-h", "-help", "--help"} {
		var out bytes.Buffer
		code := run([]string{arg}, func(string) string { return "" }, &out)
		if code != 0 {
			t.Errorf("portico %s: exit code %d, want 0", arg, code)
		}
		for _, want := range []string{"Usage: portico", "migrate", "-journal-sync", "PORTICO_ADMIN_PASSWORD", "PORTICO_BENCH_BASELINE"} {
			if !strings.Contains(out.String(), want) {
				t.Errorf("portico %s does not print %q:\n%s", arg, want, &out)
			}
		}
		if strings.Contains(out.String(), "invalid configuration") {
			t.Errorf("portico %s reports an invalid configuration:\n%s", arg, &out)
		}
	}
}

// TestPurgeCommand purges, at the date given, the tenant whose grace ended
// before it, keeps the one still within its grace, and refuses a missing or
// future date.
func TestPurgeCommand(t *testing.T) {
	t.Parallel()
	cfg := apptest.Config(t)
	env := map[string]string{"PORTICO_DATA_DIR": cfg.DataDir, "PORTICO_DATABASE_URL": cfg.DatabaseURL,
		"PORTICO_REDIS_URL": cfg.RedisURL, "PORTICO_REDIS_PREFIX": cfg.RedisPrefix}
	getenv := func(name string) string { return env[name] }
	var out bytes.Buffer
	if code := run([]string{"migrate"}, getenv, &out); code != 0 {
		t.Fatalf("portico migrate exited %d:\n%s", code, &out)
	}
	st, err := store.New(store.Config{DatabaseURL: cfg.DatabaseURL, DataDir: cfg.DataDir})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx := apptest.SystemContext()
	today := time.Now().UTC().Truncate(24 * time.Hour)
	scheduled := func(name string, at time.Time) int {
		return st.Client.Tenant.Create().SetOrgName(name).SetAdminDomain(name + ".example.com").SetProviderKey("key-" + name).
			SetState(tenant.StateSCHEDULED_FOR_DELETION).SetStateChangedAt(at).SaveX(ctx).ID
	}
	due := scheduled("due", today.Add(-purge.Grace))
	waiting := scheduled("waiting", today.Add(-purge.Grace+time.Hour))

	for _, args := range [][]string{{"purge"}, {"purge", "-date", "tomorrow"}, {"purge", "-date", today.AddDate(0, 0, 2).Format(time.DateOnly)}} {
		out.Reset()
		if code := run(args, getenv, &out); code != 2 {
			t.Errorf("portico %s exited %d, want 2:\n%s", strings.Join(args, " "), code, &out)
		}
	}
	out.Reset()
	if code := run([]string{"purge", "-date", today.Format(time.DateOnly)}, getenv, &out); code != 0 {
		t.Fatalf("portico purge exited %d:\n%s", code, &out)
	}
	if want := fmt.Sprintf("purged tenant %d\npurged 1 tenants due at %s\n", due, today.Format(time.DateOnly)); !strings.HasSuffix(out.String(), want) {
		t.Errorf("portico purge printed:\n%s\nwant it to end with:\n%s", &out, want)
	}
	if st.Client.Tenant.Query().Where(tenant.ID(due)).ExistX(ctx) || !st.Client.Tenant.Query().Where(tenant.ID(waiting)).ExistX(ctx) {
		t.Error("the wrong tenants were purged")
	}
}
