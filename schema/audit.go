package schema

import (
	"context"

	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/portico-apim/portico/schema/viewer"
)

// AuditEntry records one change to what guards a tenant: the tenant itself,
// its users and their rights, access tokens, single sign-on, billing
// settings and the payment gateway. Who made it (and, impersonating, as
// whom), from where, what and which fields (never their values). The
// system writes entries; nobody changes them; they are kept a year.
type AuditEntry struct{ ent.Schema }

func (AuditEntry) Mixin() []ent.Mixin { return []ent.Mixin{TenantMixin{}} }

func (AuditEntry) Fields() []ent.Field {
	return []ent.Field{
		field.Time("created_at").Immutable().Annotations(entgql.OrderField("CREATED_AT")),
		field.Int("actor_user_id").Optional().Nillable().Immutable().Comment("the user who made the change; empty for the system"),
		field.String("actor").Immutable().Comment("the actor's username at the time, or \"system\""),
		field.String("actor_tenant").Optional().Immutable().Comment("the actor's tenant when it is another one (the master)"),
		field.String("impersonator").Optional().Immutable().Comment("the master user acting as the actor"),
		field.Enum("action").Values("CREATE", "UPDATE", "DELETE", "IMPERSONATE").Immutable().Comment("IMPERSONATE: a master user opened a session as the object, a user"),
		field.String("object_type").Immutable(),
		field.Int("object_id").Optional().Nillable().Immutable(),
		field.Strings("fields").Optional().Immutable().Comment("the fields a create or update set (names only)"),
		field.String("client_ip").Optional().Immutable(),
	}
}

func (AuditEntry) Indexes() []ent.Index {
	return []ent.Index{index.Fields("tenant_id", "created_at"), index.Fields("created_at")}
}

// Hooks let only the system write entries.
func (AuditEntry) Hooks() []ent.Hook {
	return []ent.Hook{func(next ent.Mutator) ent.Mutator {
		return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
			if v := viewer.FromContext(ctx); v == nil || !v.IsSystem() {
				return nil, ErrForbidden
			}
			return next.Mutate(ctx, m)
		})
	}}
}

func (AuditEntry) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.RelayConnection()}
}
