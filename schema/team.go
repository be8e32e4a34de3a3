package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// Invitation asks someone by email to join the tenant's team (no account)
// or a developer account. The link carries a one-time token whose digest is
// stored.
type Invitation struct{ ent.Schema }

func (Invitation) Mixin() []ent.Mixin {
	return []ent.Mixin{TenantMixin{}, TimeMixin{}, Rights{AdminOnly: true}}
}

func (Invitation) Fields() []ent.Field {
	return []ent.Field{
		field.Int("account_id").Optional().Nillable().Immutable().Comment("empty for team invitations"),
		field.String("email").NotEmpty().MaxLen(255).Immutable().Annotations(entgql.OrderField("EMAIL")),
		field.String("token_hash").Unique().Sensitive().Annotations(entgql.Skip(entgql.SkipAll)),
		field.Int("invited_by_id").Optional().Nillable().Immutable(),
		field.Time("sent_at").Optional().Nillable().Annotations(skipInputs()),
		field.Time("expires_at").Annotations(skipInputs(), entgql.OrderField("EXPIRES_AT")),
		field.Time("accepted_at").Optional().Nillable().Annotations(skipInputs()),
		field.Time("revoked_at").Optional().Nillable().Annotations(skipInputs()),
		field.Int("user_id").Optional().Nillable().Annotations(skipInputs()).Comment("the user who accepted"),
	}
}

func (Invitation) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("account", Account.Type).Field("account_id").Unique().Immutable().Annotations(entsqlCascade()),
	}
}

func (Invitation) Indexes() []ent.Index {
	return []ent.Index{index.Fields("tenant_id", "email"), index.Fields("account_id")}
}

func (Invitation) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.QueryField(), entgql.RelayConnection(), entgql.MultiOrder()}
}

// EmailMessage is an email Portico sends, kept as an outbox: delivered by
// SMTP when it is configured, otherwise kept for admins to read.
type EmailMessage struct{ ent.Schema }

func (EmailMessage) Mixin() []ent.Mixin {
	return []ent.Mixin{TenantMixin{}, TimeMixin{}, Rights{AdminOnly: true}}
}

func (EmailMessage) Fields() []ent.Field {
	return []ent.Field{
		field.String("to").NotEmpty().MaxLen(255).Immutable(),
		field.String("subject").MaxLen(998).Immutable(),
		field.Text("body").Immutable(),
		field.Enum("state").Values("QUEUED", "SENT", "FAILED", "KEPT").Default("QUEUED").Annotations(entgql.OrderField("STATE")),
		field.Int("attempts").Default(0),
		field.Time("next_attempt_at").Optional().Nillable(),
		field.Time("sent_at").Optional().Nillable(),
		field.String("last_error").Optional().MaxLen(1000),
	}
}

func (EmailMessage) Indexes() []ent.Index {
	return []ent.Index{index.Fields("state", "next_attempt_at")}
}

func (EmailMessage) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.QueryField(), entgql.RelayConnection(), entgql.MultiOrder()}
}

// SSOIntegration lets the tenant's team log in to the admin portal through
// an OpenID Connect provider (Keycloak / Red Hat SSO, Auth0, any conformant
// issuer).
type SSOIntegration struct{ ent.Schema }

func (SSOIntegration) Mixin() []ent.Mixin {
	return []ent.Mixin{TenantMixin{}, TimeMixin{}, Rights{AdminOnly: true}}
}

func (SSOIntegration) Fields() []ent.Field {
	return []ent.Field{
		field.String("name").NotEmpty().MaxLen(255),
		field.String("issuer").NotEmpty().MaxLen(1024).Comment("issuer URL (for Keycloak, the realm URL)"),
		field.String("client_id").NotEmpty().MaxLen(255),
		field.String("client_secret").Sensitive().MaxLen(1024).Annotations(entgql.Skip(entgql.SkipType, entgql.SkipWhereInput, entgql.SkipOrderField)),
		field.Bool("enabled").Default(true),
	}
}

func (SSOIntegration) Annotations() []schema.Annotation {
	return append(gqlEntity(), entgql.Type("SSOIntegration"))
}
