package schema

import (
	"context"
	"fmt"
	"strings"

	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/dialect"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"
	"github.com/shopspring/decimal"
)

// gqlEntity is the GraphQL surface of an ordinary entity: a Relay connection
// at the query root, where filters, multi-field ordering, and generated create
// and update inputs.
func gqlEntity() []schema.Annotation {
	return []schema.Annotation{
		entgql.QueryField(),
		entgql.RelayConnection(),
		entgql.MultiOrder(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
	}
}

// skipInputs keeps a field out of generated mutation inputs: it is set by a
// dedicated operation or by the server.
func skipInputs() entgql.Annotation {
	return entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)
}

// money is an exact decimal amount with 4 decimal places (TEXT in SQLite so no
// floating point is involved anywhere).
func money(name string) ent.Field {
	return field.Other(name, decimal.Decimal{}).
		SchemaType(map[string]string{dialect.Postgres: "numeric(20,4)", dialect.SQLite: "text"}).
		Default(decimal.Zero).
		Annotations(entgql.Type("Decimal"))
}

// moneyKey is the hidden column that orders rows by the amount field name
// (name + "_key", its text order the amounts' order on both databases:
// amounts are TEXT on SQLite, where "100" sorts before "20"). The GraphQL
// order field gql names it; moneyKeys keeps it in step.
func moneyKey(name, gql string) ent.Field {
	return field.String(name+"_key").Default(MoneyKey(decimal.Zero)).
		Comment("sort key of "+name+", kept by a hook").
		Annotations(entgql.OrderField(gql), entgql.Skip(entgql.SkipType, entgql.SkipWhereInput,
			entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput))
}

// MoneyKey is the sort key of a valid amount (see ValidateMoney: not
// negative, below 10^16, at most 4 decimals): its digits zero-padded to 16
// before and 4 after the point, so that text order is numeric order.
func MoneyKey(d decimal.Decimal) string {
	s := d.StringFixed(4)
	if len(s) < 21 {
		s = strings.Repeat("0", 21-len(s)) + s
	}
	return s
}

// moneyKeys sets the sort key (see moneyKey) of each amount field a
// mutation sets; it runs after moneyRule, so amounts are valid.
func moneyKeys(fields ...string) ent.Hook {
	return func(next ent.Mutator) ent.Mutator {
		return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
			for _, name := range fields {
				if v, ok := m.Field(name); ok {
					if d, ok := v.(decimal.Decimal); ok {
						if err := m.SetField(name+"_key", MoneyKey(d)); err != nil {
							return nil, err
						}
					}
				}
			}
			return next.Mutate(ctx, m)
		})
	}
}

// moneyRule validates the given decimal fields of any mutation.
func moneyRule(fields ...string) ent.Hook {
	return func(next ent.Mutator) ent.Mutator {
		return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
			for _, name := range fields {
				v, ok := m.Field(name)
				if !ok {
					continue
				}
				d, ok := v.(decimal.Decimal)
				if !ok {
					continue
				}
				if err := ValidateMoney(d); err != nil {
					return nil, &FieldError{Field: name, Err: err}
				}
			}
			return next.Mutate(ctx, m)
		})
	}
}

// FieldError is a validation failure of one field raised by a hook.
type FieldError struct {
	Field string
	Err   error
}

func (e *FieldError) Error() string { return fmt.Sprintf("%s %v", e.Field, e.Err) }
func (e *FieldError) Unwrap() error { return e.Err }

// entsqlCascade deletes the edge's rows with their owner, in the database.
func entsqlCascade() schema.Annotation { return entsql.OnDelete(entsql.Cascade) }

// entsqlSetNull empties the edge's column when the row it points to is
// deleted, in the database; the edge must be optional.
func entsqlSetNull() schema.Annotation { return entsql.OnDelete(entsql.SetNull) }

// stringOf returns the string form of an enum or string field value.
func stringOf(v ent.Value) string { return fmt.Sprint(v) }
