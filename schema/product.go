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

// Product is an API product (3scale "service"): what developers subscribe to
// and gateways authorize against.
type Product struct{ ent.Schema }

func (Product) Mixin() []ent.Mixin {
	return []ent.Mixin{TenantMixin{}, TimeMixin{}, Rights{Read: catalogReaders, Write: viewer.SectionPlans, Product: "id"}}
}

func (Product) Fields() []ent.Field {
	return []ent.Field{
		field.String("name").NotEmpty().MaxLen(255).Annotations(entgql.OrderField("NAME")),
		field.String("system_name").Immutable().Validate(ValidateSystemName).Annotations(entgql.OrderField("SYSTEM_NAME")),
		field.String("description").Optional().MaxLen(65535),
		field.Enum("state").Values("INCOMPLETE", "HIDDEN", "OFFLINE", "PUBLISHED", "DEPRECATED").Default("INCOMPLETE"),
		field.Enum("authentication").
			Values("USER_KEY", "APP_ID", "OIDC").Default("USER_KEY").
			Comment("how applications identify themselves: user_key, app_id+app_key, or OpenID Connect client"),
		field.Bool("referrer_filters_required").Default(false),
		field.Bool("rate_limit_headers").Default(false).
			Comment("answer every authorize and authrep with the IETF RateLimit fields of the most constrained limit, as the rate_limit_headers option asks"),
		field.JSON("admin_alert_levels", []int{}).Optional().Annotations(entgql.Type("[Int!]"), skipInputs()).
			Comment("the usage levels (percent of a limit) that alert the provider's team"),
		field.JSON("developer_alert_levels", []int{}).Optional().Annotations(entgql.Type("[Int!]"), skipInputs()).
			Comment("the usage levels (percent of a limit) that alert the application's developers"),
		field.Enum("plan_change_permission").
			Values(planChangePermissions...).Default("REQUEST").
			Comment("whether developers change application plans directly, request a change, or need a credit card for paid plans"),
	}
}

func (Product) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("metrics", Metric.Type).Annotations(skipInputs(), entgql.RelayConnection(), entsqlCascade()),
		edge.To("mapping_rules", MappingRule.Type).Annotations(skipInputs(), entgql.RelayConnection(), entsqlCascade()),
		// Resolved by hand (graph/schema/bizops.graphql): listings of plans
		// leave custom plans out unless asked for them.
		edge.To("plans", Plan.Type).Annotations(entgql.Skip(entgql.SkipType, entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput),
			entgql.RelayConnection(), entsqlCascade()),
		edge.To("applications", Application.Type).Annotations(skipInputs(), entgql.RelayConnection(), entsqlCascade()),
		edge.To("subscriptions", ServiceSubscription.Type).Annotations(skipInputs(), entgql.RelayConnection(), entsqlCascade()),
		edge.To("backend_usages", BackendUsage.Type).Annotations(skipInputs(), entgql.RelayConnection(), entsqlCascade()),
		edge.To("features", Feature.Type).Annotations(skipInputs(), entgql.RelayConnection(), entsqlCascade()),
		edge.To("service_tokens", ServiceToken.Type).Annotations(skipInputs(), entsqlCascade()),
		edge.To("usage_alerts", UsageAlert.Type).Annotations(entgql.Skip(entgql.SkipAll), entsqlCascade()),
		edge.To("proxy", Proxy.Type).Unique().Annotations(entgql.Skip(entgql.SkipAll), entsqlCascade()),
		edge.To("proxy_configs", ProxyConfig.Type).Annotations(entgql.Skip(entgql.SkipAll), entsqlCascade()),
		// Documentation outlives its product: deleting the product unbinds it.
		edge.To("active_docs", ActiveDoc.Type).Annotations(skipInputs(), entgql.RelayConnection(), entsqlSetNull()),
	}
}

func (Product) Indexes() []ent.Index {
	return []ent.Index{index.Fields("tenant_id", "system_name").Unique()}
}

func (Product) Annotations() []schema.Annotation { return gqlEntity() }

// planChangePermissions are 3scale's choices of how developers change a plan
// (buyer_plan_change_permission, change_account_plan_permission,
// change_service_plan_permission): at once, by request, with a credit card on
// file for paid plans (directly, or else by request), or not at all.
var planChangePermissions = []string{"DIRECT", "REQUEST", "CREDIT_CARD", "REQUEST_CREDIT_CARD", "NONE"}
