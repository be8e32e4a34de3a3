package purge

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"entgo.io/ent/dialect/sql"
	"entgo.io/ent/dialect/sql/schema"
)

// tenantColumn is the column of TenantMixin: every table that has it holds
// rows of one tenant each.
const tenantColumn = "tenant_id"

// step deletes one table's rows of a tenant.
type step struct {
	table string
	// key is the table's primary key, which batches are chosen by.
	key []string
	// owned is set when the table has tenantColumn.
	owned bool
	// links are, for a table without tenantColumn (a join table), its
	// foreign keys to tenant-owned tables: a row belongs to the tenant of
	// any row it references.
	links []link
}

// link is a foreign key column and the key of the tenant-owned table it
// references.
type link struct {
	column, refTable, refColumn string
}

// rows selects the tenant's rows of the step's table.
func (st step) rows(b *sql.DialectBuilder, tenantID int) *sql.Predicate {
	if st.owned {
		return sql.EQ(tenantColumn, tenantID)
	}
	preds := make([]*sql.Predicate, len(st.links))
	for i, l := range st.links {
		preds[i] = sql.In(l.column, b.Select(l.refColumn).From(sql.Table(l.refTable)).Where(sql.EQ(tenantColumn, tenantID)))
	}
	return sql.Or(preds...)
}

// order returns the steps of a purge, derived from the schema: one for each
// table that has tenantColumn and each table linked to one of those by a
// foreign key, every table before the tables it references, so that no
// delete leaves a row pointing at a deleted one (and cascades find nothing
// left to delete). The tenants table itself is left out (it goes last), as
// are tables holding no tenant's rows. A foreign key of a table to itself
// must cascade or set null: rows of one table are deleted in batches in no
// particular order.
func order(tables []*schema.Table, tenants *schema.Table) ([]step, error) {
	byName := map[string]*step{}
	for _, t := range tables {
		if t == tenants {
			continue
		}
		st := step{table: t.Name, owned: slices.ContainsFunc(t.Columns, func(c *schema.Column) bool { return c.Name == tenantColumn })}
		if !st.owned {
			for _, fk := range t.ForeignKeys {
				if fk.RefTable != tenants && slices.ContainsFunc(fk.RefTable.Columns, func(c *schema.Column) bool { return c.Name == tenantColumn }) &&
					len(fk.Columns) == 1 && len(fk.RefColumns) == 1 {
					st.links = append(st.links, link{column: fk.Columns[0].Name, refTable: fk.RefTable.Name, refColumn: fk.RefColumns[0].Name})
				}
			}
			if len(st.links) == 0 {
				continue // no tenant's rows: signing keys, journal marks, saved counters
			}
		}
		if len(t.PrimaryKey) == 0 {
			return nil, fmt.Errorf("purge: table %s has no primary key to delete it in batches by", t.Name)
		}
		for _, c := range t.PrimaryKey {
			st.key = append(st.key, c.Name)
		}
		byName[t.Name] = &st
	}
	// refs[t] are the other tables of the steps that t references.
	refs := map[string][]string{}
	for _, t := range tables {
		if byName[t.Name] == nil {
			continue
		}
		for _, fk := range t.ForeignKeys {
			switch ref := fk.RefTable.Name; {
			case ref == t.Name:
				if fk.OnDelete != schema.Cascade && fk.OnDelete != schema.SetNull {
					return nil, fmt.Errorf("purge: %s.%s references its own table ON DELETE %s; batches would break it",
						t.Name, fk.Columns[0].Name, fk.OnDelete)
				}
			case byName[ref] != nil && !slices.Contains(refs[t.Name], ref):
				refs[t.Name] = append(refs[t.Name], ref)
			}
		}
	}
	// referrers[t] counts the tables still to delete that reference t.
	referrers := map[string]int{}
	for _, rs := range refs {
		for _, r := range rs {
			referrers[r]++
		}
	}
	var out []step
	for len(byName) > 0 {
		var ready []string
		for name := range byName {
			if referrers[name] == 0 {
				ready = append(ready, name)
			}
		}
		if len(ready) == 0 {
			left := slices.Sorted(maps.Keys(byName))
			return nil, fmt.Errorf("purge: foreign keys form a cycle among %s", strings.Join(left, ", "))
		}
		slices.Sort(ready)
		for _, name := range ready {
			out = append(out, *byName[name])
			delete(byName, name)
			for _, r := range refs[name] {
				referrers[r]--
			}
		}
	}
	return out, nil
}
