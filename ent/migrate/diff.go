//go:build ignore

// Command diff writes a new versioned migration for SQLite and PostgreSQL
// when the ent schema differs from what the existing migrations produce.
//
//	go run ./ent/migrate/diff.go NAME
//
// The PostgreSQL dev database (PORTICO_DEV_DATABASE_URL) must be empty; it is
// only used to replay the migration directory and compute the difference.
package main

import (
	"context"
	"database/sql"
	"log"
	"os"

	"ariga.io/atlas/sql/sqltool"
	"entgo.io/ent/dialect"
	entschema "entgo.io/ent/dialect/sql/schema"
	_ "github.com/lib/pq"
	"modernc.org/sqlite"

	"github.com/portico-apim/portico/ent/migrate"
)

func main() {
	if len(os.Args) != 2 {
		log.Fatal("usage: go run ./ent/migrate/diff.go NAME")
	}
	name := os.Args[1]
	// Atlas opens SQLite dev databases through the "sqlite3" driver name.
	sql.Register("sqlite3", &sqlite.Driver{})
	pg := os.Getenv("PORTICO_DEV_DATABASE_URL")
	if pg == "" {
		pg = "postgres://postgres@127.0.0.1:5432/portico_atlas_dev?sslmode=disable&search_path=public"
	}
	targets := []struct {
		dialect, dir, url string
	}{
		{dialect.SQLite, "server/store/migrations/sqlite", "sqlite://dev?mode=memory&_pragma=foreign_keys(1)"},
		{dialect.Postgres, "server/store/migrations/postgres", pg},
	}
	ctx := context.Background()
	for _, t := range targets {
		dir, err := sqltool.NewGooseDir(t.dir)
		if err != nil {
			log.Fatalf("%s: open migration dir: %v", t.dialect, err)
		}
		err = migrate.NamedDiff(ctx, t.url, name,
			entschema.WithDir(dir),
			entschema.WithMigrationMode(entschema.ModeReplay),
			entschema.WithDialect(t.dialect),
			entschema.WithFormatter(sqltool.GooseFormatter),
		)
		if err != nil {
			log.Fatalf("%s: diff: %v", t.dialect, err)
		}
	}
}
