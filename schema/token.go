package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/portico-apim/portico/schema/viewer"
)

// AccessToken authenticates scripts as its owner, limited to its scopes and
// permission. Only a hash of the value is stored; the value is shown once.
type AccessToken struct{ ent.Schema }

// Access tokens are personal: a user sees and changes only its own.
func (AccessToken) Mixin() []ent.Mixin { return []ent.Mixin{TenantMixin{}, TimeMixin{}, Personal{}} }

func (AccessToken) Fields() []ent.Field {
	return []ent.Field{
		field.Int("user_id").Immutable(),
		field.String("name").NotEmpty().MaxLen(255).Annotations(entgql.OrderField("NAME")),
		field.JSON("scopes", []viewer.Scope{}).Annotations(entgql.Type("[AccessTokenScope!]")),
		field.Enum("permission").Values("RO", "RW").Default("RO"),
		field.String("token_hash").Unique().Immutable().Sensitive().Annotations(entgql.Skip(entgql.SkipAll)),
		field.Time("expires_at").Optional().Nillable(),
		field.Time("last_used_at").Optional().Nillable(),
	}
}

func (AccessToken) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("user", User.Type).Ref("access_tokens").Field("user_id").Unique().Required().Immutable(),
	}
}

func (AccessToken) Indexes() []ent.Index {
	return []ent.Index{index.Fields("user_id")}
}

func (AccessToken) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.RelayConnection(), entgql.QueryField(), entgql.MultiOrder()}
}

// ServiceToken authenticates a gateway for one product on the decision plane.
type ServiceToken struct{ ent.Schema }

func (ServiceToken) Mixin() []ent.Mixin {
	return []ent.Mixin{TenantMixin{}, TimeMixin{}, Rights{Read: []viewer.Section{viewer.SectionPlans}, Write: viewer.SectionPlans, Product: "product_id"}}
}

func (ServiceToken) Fields() []ent.Field {
	return []ent.Field{
		field.Int("product_id").Immutable(),
		field.String("value").Unique().Immutable(),
	}
}

func (ServiceToken) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("product", Product.Type).Ref("service_tokens").Field("product_id").Unique().Required().Immutable(),
	}
}

func (ServiceToken) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.QueryField(), entgql.RelayConnection(), entgql.MultiOrder()}
}

// Session is a refresh token of a logged-in user. Only its hash is stored;
// it is rotated on every refresh and revoked at logout. The sessions a
// login's refreshes open form one family, which its access tokens name, so
// that a logout ends all of them.
type Session struct{ ent.Schema }

func (Session) Mixin() []ent.Mixin { return []ent.Mixin{TenantMixin{}, TimeMixin{}} }

func (Session) Fields() []ent.Field {
	return []ent.Field{
		field.Int("user_id").Immutable(),
		field.String("refresh_hash").Unique().Sensitive(),
		field.Time("expires_at"),
		field.Time("revoked_at").Optional().Nillable(),
		// family_id is the first session of the login this one was
		// refreshed from; empty on that first session.
		field.Int("family_id").Optional().Nillable().Immutable(),
		// An impersonation: the master user who opened the session as
		// this user, and their username (the master's rows are another
		// tenant's). Refreshes carry both.
		field.Int("impersonator_id").Optional().Nillable().Immutable(),
		field.String("impersonator").Optional().Immutable(),
	}
}

func (Session) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("user", User.Type).Ref("sessions").Field("user_id").Unique().Required().Immutable(),
	}
}

func (Session) Indexes() []ent.Index {
	return []ent.Index{index.Fields("user_id")}
}

func (Session) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip(entgql.SkipAll)}
}
