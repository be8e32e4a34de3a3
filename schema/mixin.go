package schema

import (
	"context"
	"errors"
	"fmt"
	"time"

	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/dialect/sql"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
	"entgo.io/ent/schema/mixin"

	"github.com/portico-apim/portico/ent/intercept"
	"github.com/portico-apim/portico/schema/viewer"
)

var timeNow = time.Now

// TimeMixin stamps creation and update times.
type TimeMixin struct{ mixin.Schema }

func (TimeMixin) Fields() []ent.Field {
	return []ent.Field{
		field.Time("created_at").Immutable().Default(time.Now).
			Annotations(entgql.OrderField("CREATED_AT"), entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
		field.Time("updated_at").Default(time.Now).UpdateDefault(time.Now).
			Annotations(entgql.OrderField("UPDATED_AT"), entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
	}
}

// ErrNoViewer is returned when tenant-owned data is touched without a viewer
// in the context.
var ErrNoViewer = errors.New("no viewer in context")

// ErrReadOnly is returned when a read-only principal tries to change data.
var ErrReadOnly = errors.New("read-only access")

// TenantMixin makes a type tenant-owned: an immutable tenant_id set from the
// viewer on create, and every query and mutation scoped to the viewer's
// tenant. Only viewer.SystemContext bypasses it.
type TenantMixin struct{ mixin.Schema }

func (TenantMixin) Fields() []ent.Field {
	return []ent.Field{
		field.Int("tenant_id").Immutable().Annotations(entgql.Skip(entgql.SkipAll)),
	}
}

func (TenantMixin) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("tenant", Tenant.Type).Field("tenant_id").Unique().Required().Immutable().
			Annotations(entgql.Skip(entgql.SkipAll)),
	}
}

func (TenantMixin) Indexes() []ent.Index {
	return []ent.Index{index.Fields("tenant_id")}
}

type wherePer interface {
	WhereP(...func(*sql.Selector))
}

// tenantOf returns the tenant the viewer in ctx is scoped to, whether the
// viewer bypasses scoping, or an error when there is no viewer.
func tenantOf(ctx context.Context) (tenantID int, bypass bool, err error) {
	v := viewer.FromContext(ctx)
	switch {
	case v == nil:
		return 0, false, ErrNoViewer
	case v.IsSystem():
		return 0, true, nil
	case v.TenantID == 0:
		return 0, false, ErrNoViewer
	}
	return v.TenantID, false, nil
}

func (TenantMixin) Interceptors() []ent.Interceptor {
	return []ent.Interceptor{
		ent.TraverseFunc(func(ctx context.Context, q ent.Query) error {
			tid, bypass, err := tenantOf(ctx)
			if err != nil || bypass {
				return err
			}
			w, err := intercept.NewQuery(q)
			if err != nil {
				return fmt.Errorf("tenant scope: %w", err)
			}
			w.WhereP(sql.FieldEQ("tenant_id", tid))
			return nil
		}),
	}
}

func (TenantMixin) Hooks() []ent.Hook {
	return []ent.Hook{
		func(next ent.Mutator) ent.Mutator {
			return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
				if v := viewer.FromContext(ctx); v != nil && !v.CanWrite() {
					return nil, ErrReadOnly
				}
				tid, bypass, err := tenantOf(ctx)
				if err != nil {
					return nil, err
				}
				if m.Op().Is(ent.OpCreate) {
					if !bypass {
						if err := m.SetField("tenant_id", tid); err != nil {
							return nil, err
						}
					} else if _, ok := m.Field("tenant_id"); !ok {
						return nil, errors.New("tenant scope: system create without tenant_id")
					}
					return next.Mutate(ctx, m)
				}
				if !bypass {
					w, ok := m.(wherePer)
					if !ok {
						return nil, fmt.Errorf("tenant scope: unexpected mutation type %T", m)
					}
					w.WhereP(sql.FieldEQ("tenant_id", tid))
				}
				return next.Mutate(ctx, m)
			})
		},
	}
}
