package purge

import (
	"strings"
	"testing"

	"entgo.io/ent/dialect"
	"entgo.io/ent/dialect/sql"
	"entgo.io/ent/dialect/sql/schema"

	"github.com/portico-apim/portico/ent/migrate"
)

// TestOrderDeletesChildrenFirst: every table comes before the tables its
// foreign keys reference, every table with a tenant column has a step, and
// join tables are reached through their foreign keys.
func TestOrderDeletesChildrenFirst(t *testing.T) {
	steps, err := order(migrate.Tables, migrate.TenantsTable)
	if err != nil {
		t.Fatal(err)
	}
	at := map[string]int{}
	for i, st := range steps {
		at[st.table] = i
	}
	for _, tb := range migrate.Tables {
		i, ok := at[tb.Name]
		if !ok {
			for _, c := range tb.Columns {
				if c.Name == tenantColumn {
					t.Errorf("%s has a tenant column but no step", tb.Name)
				}
			}
			continue
		}
		for _, fk := range tb.ForeignKeys {
			if j, ok := at[fk.RefTable.Name]; ok && fk.RefTable != tb && j < i {
				t.Errorf("%s (step %d) references %s, deleted before it (step %d)", tb.Name, i, fk.RefTable.Name, j)
			}
		}
	}
	if st := steps[at["plan_features"]]; st.owned || len(st.links) != 2 {
		t.Errorf("plan_features: %+v, want a join table linked through its plan and its feature", st)
	}
}

// TestOrderRefusesWhatBatchesCannotDelete: a cycle of foreign keys, or a
// table referencing itself without ON DELETE, has no safe order.
func TestOrderRefusesWhatBatchesCannotDelete(t *testing.T) {
	tenants := &schema.Table{Name: "tenants", Columns: []*schema.Column{{Name: "id"}}}
	tenants.PrimaryKey = tenants.Columns
	table := func(name string) *schema.Table {
		tb := &schema.Table{Name: name, Columns: []*schema.Column{{Name: "id"}, {Name: tenantColumn}, {Name: "ref"}}}
		tb.PrimaryKey = tb.Columns[:1]
		return tb
	}
	ref := func(from, to *schema.Table, onDelete schema.ReferenceOption) {
		from.ForeignKeys = append(from.ForeignKeys, &schema.ForeignKey{Columns: from.Columns[2:], RefTable: to, RefColumns: to.Columns[:1], OnDelete: onDelete})
	}
	a, b := table("a"), table("b")
	ref(a, b, schema.Cascade)
	ref(b, a, schema.Cascade)
	if _, err := order([]*schema.Table{a, b, tenants}, tenants); err == nil || !strings.Contains(err.Error(), "cycle among a, b") {
		t.Errorf("a cycle: %v", err)
	}
	c := table("c")
	ref(c, c, schema.NoAction)
	if _, err := order([]*schema.Table{c, tenants}, tenants); err == nil {
		t.Error("a table referencing itself with NO ACTION was ordered")
	}
	d := table("d")
	ref(d, d, schema.SetNull)
	if _, err := order([]*schema.Table{d, tenants}, tenants); err != nil {
		t.Errorf("a table referencing itself with SET NULL: %v", err)
	}
}

// TestBatchStatements: one statement deletes a batch chosen by primary key,
// with the placeholders of each dialect.
func TestBatchStatements(t *testing.T) {
	steps, err := order(migrate.Tables, migrate.TenantsTable)
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range steps {
		if st.table != "plan_features" {
			continue
		}
		for _, c := range []struct{ dialect, want string }{
			{dialect.Postgres, `DELETE FROM "plan_features" WHERE ("plan_id", "feature_id") IN (SELECT "plan_id", "feature_id" FROM "plan_features" WHERE "plan_id" IN (SELECT "id" FROM "plans" WHERE "tenant_id" = $1) OR "feature_id" IN (SELECT "id" FROM "features" WHERE "tenant_id" = $2) LIMIT 1000)`},
			{dialect.SQLite, "DELETE FROM `plan_features` WHERE (`plan_id`, `feature_id`) IN (SELECT `plan_id`, `feature_id` FROM `plan_features` WHERE `plan_id` IN (SELECT `id` FROM `plans` WHERE `tenant_id` = ?) OR `feature_id` IN (SELECT `id` FROM `features` WHERE `tenant_id` = ?) LIMIT 1000)"},
		} {
			b := sql.Dialect(c.dialect)
			q, args := batchDelete(b, st.table, st.key, st.rows(b, 7))
			if q != c.want || len(args) != 2 || args[0] != 7 || args[1] != 7 {
				t.Errorf("%s:\n got %s %v\nwant %s", c.dialect, q, args, c.want)
			}
		}
	}
}
