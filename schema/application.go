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

// Application is a developer account's contract with a product under an
// application plan, holding the credentials gateways see.
type Application struct{ ent.Schema }

func (Application) Mixin() []ent.Mixin {
	return []ent.Mixin{TenantMixin{}, TimeMixin{}, Rights{Read: partners, Write: viewer.SectionPartners, Product: "product_id"}}
}

func (Application) Fields() []ent.Field {
	return []ent.Field{
		field.Int("account_id").Immutable(),
		field.Int("product_id").Immutable(),
		field.Int("plan_id").Annotations(skipInputs()),
		field.String("name").NotEmpty().MaxLen(255).Annotations(entgql.OrderField("NAME")),
		field.String("description").Optional().MaxLen(65535),
		field.Enum("state").Values("PENDING", "LIVE", "SUSPENDED").Default("LIVE").
			Annotations(skipInputs(), entgql.OrderField("STATE")),
		field.String("user_key").Optional().Nillable().Validate(ValidateKey).
			Comment("credential of USER_KEY products"),
		field.String("app_id").Optional().Nillable().Validate(ValidateAppID).
			Comment("application id of APP_ID products, client id of OIDC products"),
		field.Strings("app_keys").Optional().Validate(ValidateAppKeys).Annotations(skipInputs()).
			Comment("app keys of APP_ID products; the client secret of OIDC products"),
		field.Strings("referrer_filters").Optional().Validate(ValidateReferrerFilters).Annotations(skipInputs()),
		field.String("redirect_url").Optional().MaxLen(2048),
		field.Time("accepted_at").Optional().Nillable().Annotations(skipInputs()),
		field.Time("trial_ends_at").Optional().Nillable(),
		field.Time("paid_until").Optional().Nillable().Annotations(skipInputs()).Comment("fixed fees are billed up to here"),
		field.Time("variable_cost_paid_until").Optional().Nillable().Annotations(skipInputs()).
			Comment("usage is billed up to here"),
		setupFee(),
		field.Time("first_traffic_at").Optional().Nillable().Annotations(skipInputs()),
		field.JSON("extra_fields", map[string]string{}).Optional().Annotations(entgql.Type("StringMap")),
	}
}

func (Application) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("account", Account.Type).Ref("applications").Field("account_id").Unique().Required().Immutable(),
		edge.From("product", Product.Type).Ref("applications").Field("product_id").Unique().Required().Immutable(),
		edge.From("plan", Plan.Type).Ref("applications").Field("plan_id").Unique().Required(),
		edge.To("usage_alerts", UsageAlert.Type).Annotations(entgql.Skip(entgql.SkipAll), entsqlCascade()),
	}
}

func (Application) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("product_id", "user_key").Unique(),
		index.Fields("product_id", "app_id").Unique(),
		index.Fields("tenant_id", "state"),
		// An account's applications (its page, billing, deletion) and a
		// plan's (in-use checks, plan changes).
		index.Fields("account_id"),
		index.Fields("plan_id"),
		// Global search finds an application by a whole credential without knowing its product.
		index.Fields("tenant_id", "user_key"),
		index.Fields("tenant_id", "app_id"),
	}
}

func (Application) Annotations() []schema.Annotation { return gqlEntity() }

// ServiceSubscription is a developer account's contract with a product under
// a service plan.
type ServiceSubscription struct{ ent.Schema }

func (ServiceSubscription) Mixin() []ent.Mixin {
	return []ent.Mixin{TenantMixin{}, TimeMixin{}, Rights{Read: partners, Write: viewer.SectionPartners, Product: "product_id"}}
}

func (ServiceSubscription) Fields() []ent.Field {
	return []ent.Field{
		field.Int("account_id").Immutable(),
		field.Int("product_id").Immutable(),
		field.Int("plan_id"),
		field.Enum("state").Values("PENDING", "LIVE", "SUSPENDED").Default("LIVE").
			Annotations(skipInputs(), entgql.OrderField("STATE")),
		field.Time("accepted_at").Optional().Nillable().Annotations(skipInputs()),
		field.Time("trial_ends_at").Optional().Nillable().Annotations(skipInputs()),
		field.Time("paid_until").Optional().Nillable().Annotations(skipInputs()).Comment("fixed fees are billed up to here"),
		setupFee(),
	}
}

func (ServiceSubscription) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("account", Account.Type).Ref("subscriptions").Field("account_id").Unique().Required().Immutable(),
		edge.From("product", Product.Type).Ref("subscriptions").Field("product_id").Unique().Required().Immutable(),
		edge.From("plan", Plan.Type).Ref("subscriptions").Field("plan_id").Unique().Required(),
	}
}

func (ServiceSubscription) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("account_id", "product_id").Unique(),
		index.Fields("product_id"),
		index.Fields("plan_id"),
	}
}

func (ServiceSubscription) Annotations() []schema.Annotation { return gqlEntity() }
