package schema

import (
	"context"

	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/dialect/sql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
	"github.com/portico-apim/portico/ent/intercept"

	"github.com/portico-apim/portico/schema/viewer"
)

// User is a person who logs in: a member of the provider's team (no account)
// or a user of a developer account.
type User struct{ ent.Schema }

func (User) Mixin() []ent.Mixin { return []ent.Mixin{TenantMixin{}, TimeMixin{}} }

func (User) Fields() []ent.Field {
	return []ent.Field{
		field.Int("account_id").Optional().Immutable().Nillable(),
		field.String("username").NotEmpty().MaxLen(255).Annotations(entgql.OrderField("USERNAME")),
		field.String("email").NotEmpty().MaxLen(255).Annotations(entgql.OrderField("EMAIL")),
		field.String("first_name").Optional().MaxLen(255),
		field.String("last_name").Optional().MaxLen(255),
		field.Enum("role").Values("ADMIN", "MEMBER").Default("MEMBER"),
		field.Enum("state").Values("PENDING", "ACTIVE", "SUSPENDED", "EMAIL_UNVERIFIED").Default("ACTIVE").Annotations(skipInputs()),
		field.String("password_hash").Optional().Sensitive().Annotations(entgql.Skip(entgql.SkipAll)),
		field.Time("last_login_at").Optional().Nillable().Annotations(skipInputs()),
		field.JSON("extra_fields", map[string]string{}).Optional().Annotations(entgql.Type("StringMap")),
		field.JSON("sections", []viewer.Section{}).Optional().
			Annotations(entgql.Type("[AdminSection!]"), skipInputs()).
			Comment("areas a team member may work in; admins have all"),
		field.JSON("product_ids", []int{}).Optional().
			Annotations(entgql.Type("[ID!]"), skipInputs()).
			Comment("products a team member may see; empty (null) means all current and future products"),
		field.Bool("all_products").Default(true).Annotations(skipInputs()),
		field.Enum("signup_type").Values("CREATED_BY_ADMIN", "INVITATION", "SSO", "BOOTSTRAP", "SIGNUP").
			Default("CREATED_BY_ADMIN").Immutable().Annotations(skipInputs()),
		field.String("password_reset_digest").Optional().Nillable().Sensitive().Annotations(entgql.Skip(entgql.SkipAll)).
			Comment("digest of the one password reset link sent and not yet used"),
		field.Time("password_reset_expires_at").Optional().Nillable().Annotations(entgql.Skip(entgql.SkipAll)),
	}
}

func (User) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("account", Account.Type).Ref("users").Field("account_id").Unique().Immutable(),
		edge.To("access_tokens", AccessToken.Type).Annotations(entgql.Skip(entgql.SkipAll), entsqlCascade()),
		edge.To("sessions", Session.Type).Annotations(entgql.Skip(entgql.SkipAll), entsqlCascade()),
		edge.To("notifications", Notification.Type).Annotations(entgql.Skip(entgql.SkipAll), entsqlCascade()),
		edge.To("notification_preferences", NotificationPreference.Type).Annotations(entgql.Skip(entgql.SkipAll), entsqlCascade()),
	}
}

// Interceptors show developer users only to members working with developer
// accounts; team users are visible to the whole team.
func (User) Interceptors() []ent.Interceptor {
	return []ent.Interceptor{
		ent.TraverseFunc(func(ctx context.Context, q ent.Query) error {
			v := limited(ctx)
			if v == nil || v.Has(viewer.SectionPartners) {
				return nil
			}
			w, err := intercept.NewQuery(q)
			if err != nil {
				return err
			}
			w.WhereP(sql.FieldIsNull("account_id"))
			return nil
		}),
	}
}

// Hooks: admins manage the team; members change only their own profile and
// never their role or rights; developer users are managed with the
// developer-accounts section.
func (User) Hooks() []ent.Hook {
	return []ent.Hook{
		func(next ent.Mutator) ent.Mutator {
			return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
				v := limited(ctx)
				if v == nil {
					return next.Mutate(ctx, m)
				}
				if acc, ok := m.Field("account_id"); ok && acc != nil && m.Op().Is(ent.OpCreate) {
					if !v.Has(viewer.SectionPartners) {
						return nil, ErrForbidden
					}
					return next.Mutate(ctx, m)
				}
				for _, f := range []string{"role", "sections", "product_ids", "all_products", "state"} {
					if _, set := m.Field(f); set {
						return nil, ErrForbidden
					}
				}
				if m.Op().Is(ent.OpCreate) {
					return nil, ErrForbidden
				}
				// Their own profile, or developer users with the section.
				self := sql.FieldEQ("id", v.UserID)
				if v.Has(viewer.SectionPartners) {
					m.(wherePer).WhereP(sql.OrPredicates(self, sql.FieldNotNull("account_id")))
				} else {
					m.(wherePer).WhereP(self)
				}
				return next.Mutate(ctx, m)
			})
		},
	}
}

func (User) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("tenant_id", "username").Unique(),
		index.Fields("tenant_id", "email").Unique(),
		index.Fields("account_id"),
		index.Fields("password_reset_digest"),
	}
}

func (User) Annotations() []schema.Annotation { return gqlEntity() }
