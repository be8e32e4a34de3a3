package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
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
	}
}

func (User) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("account", Account.Type).Ref("users").Field("account_id").Unique().Immutable(),
		edge.To("access_tokens", AccessToken.Type).Annotations(entgql.Skip(entgql.SkipAll), entsqlCascade()),
		edge.To("sessions", Session.Type).Annotations(entgql.Skip(entgql.SkipAll), entsqlCascade()),
	}
}

func (User) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("tenant_id", "username").Unique(),
		index.Fields("tenant_id", "email").Unique(),
	}
}

func (User) Annotations() []schema.Annotation { return gqlEntity() }
