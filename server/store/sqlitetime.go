package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/pressly/goose/v3"
)

// SQLite has no time type: times are text, compared as text. Ordering and
// cursor pagination on a time column are right only when every value is
// written in one fixed-width-zone layout whose text order is time order. The
// driver is told to write sqliteTimeLayout in UTC (see SQLiteDSN); databases
// written before that hold Go's time.String() form (local zone, and often a
// monotonic-clock suffix such as " m=+0.0123"), which sorts after the same
// instant written in the new layout, so a page could repeat or skip rows.
// normalizeTimesVersion rewrites those values once.

// sqliteTimeLayout is the driver's "sqlite" write layout. In UTC it always
// ends "+00:00", and a shorter fraction sorts before a longer one with the
// same prefix because '+' sorts before every digit and '.'.
const sqliteTimeLayout = "2006-01-02 15:04:05.999999999-07:00"

// normalizeTimesVersion orders the rewrite after the schema migrations that
// existed when the layout changed.
const normalizeTimesVersion = 20261122180000

// legacyTimeLayouts are the forms earlier versions wrote, newest first.
var legacyTimeLayouts = []string{
	"2006-01-02 15:04:05.999999999 -0700 MST", // time.String() without its monotonic suffix
	sqliteTimeLayout,
	time.RFC3339Nano,
	"2006-01-02 15:04:05.999999999", // SQLite's own CURRENT_TIMESTAMP, UTC
	"2006-01-02T15:04:05.999999999",
}

// sqliteMigrations are the migrations written in Go rather than SQL.
func sqliteMigrations() []*goose.Migration {
	return []*goose.Migration{
		goose.NewGoMigration(normalizeTimesVersion, &goose.GoFunc{RunTx: normalizeTimes}, nil),
	}
}

// goMigrationNames say what each migration written in Go does, for the log.
var goMigrationNames = map[int64]string{normalizeTimesVersion: "normalize SQLite times (Go)"}

// normalizeTimes rewrites every text value of every datetime column into
// sqliteTimeLayout in UTC. Values it cannot read are left alone and reported.
func normalizeTimes(ctx context.Context, tx *sql.Tx) error {
	columns, err := datetimeColumns(ctx, tx)
	if err != nil {
		return err
	}
	for _, c := range columns {
		if err := normalizeColumn(ctx, tx, c.table, c.column); err != nil {
			return fmt.Errorf("normalize %s.%s: %w", c.table, c.column, err)
		}
	}
	return nil
}

type tableColumn struct{ table, column string }

// datetimeColumns lists the columns declared datetime or timestamp.
func datetimeColumns(ctx context.Context, tx *sql.Tx) ([]tableColumn, error) {
	rows, err := tx.QueryContext(ctx, `SELECT m.name, p.name FROM sqlite_master m, pragma_table_info(m.name) p
		WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND lower(p.type) IN ('datetime', 'timestamp')
		ORDER BY m.name, p.cid`)
	if err != nil {
		return nil, fmt.Errorf("list time columns: %w", err)
	}
	defer rows.Close()
	var out []tableColumn
	for rows.Next() {
		var c tableColumn
		if err := rows.Scan(&c.table, &c.column); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

func normalizeColumn(ctx context.Context, tx *sql.Tx, table, column string) error {
	q := fmt.Sprintf(`SELECT rowid, %[1]s FROM %[2]s WHERE typeof(%[1]s) = 'text'`, quoteIdent(column), quoteIdent(table))
	rows, err := tx.QueryContext(ctx, q)
	if err != nil {
		return err
	}
	type change struct {
		rowid int64
		value string
	}
	var changes []change
	for rows.Next() {
		var rowid int64
		var text string
		if err := rows.Scan(&rowid, &text); err != nil {
			rows.Close()
			return err
		}
		if v, ok := normalizedTime(text); ok && v != text {
			changes = append(changes, change{rowid, v})
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	if len(changes) == 0 {
		return nil
	}
	stmt, err := tx.PrepareContext(ctx, fmt.Sprintf(`UPDATE %s SET %s = ? WHERE rowid = ?`, quoteIdent(table), quoteIdent(column)))
	if err != nil {
		return err
	}
	defer stmt.Close()
	for _, c := range changes {
		if _, err := stmt.ExecContext(ctx, c.value, c.rowid); err != nil {
			return err
		}
	}
	return nil
}

// normalizedTime reads a stored time in any layout earlier versions wrote
// and returns it in sqliteTimeLayout, UTC.
func normalizedTime(text string) (string, bool) {
	s := text
	if i := strings.Index(s, " m="); i >= 0 {
		s = s[:i]
	}
	for _, layout := range legacyTimeLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC().Format(sqliteTimeLayout), true
		}
	}
	return "", false
}

func quoteIdent(name string) string { return `"` + strings.ReplaceAll(name, `"`, `""`) + `"` }
