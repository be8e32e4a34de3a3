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

// Metric is something counted for a product or a backend. A metric with a
// parent is a method of it; every product has the built-in `hits` metric.
type Metric struct{ ent.Schema }

func (Metric) Mixin() []ent.Mixin {
	return []ent.Mixin{TenantMixin{}, TimeMixin{}, Rights{Read: planReaders, Write: viewer.SectionPlans, Product: "product_id"}}
}

func (Metric) Fields() []ent.Field {
	return []ent.Field{
		field.Int("product_id").Optional().Nillable().Immutable(),
		field.Int("backend_id").Optional().Nillable().Immutable(),
		field.Int("parent_id").Optional().Nillable(),
		field.String("system_name").Immutable().Validate(ValidateSystemName).Annotations(entgql.OrderField("SYSTEM_NAME")),
		field.String("friendly_name").NotEmpty().MaxLen(255).Annotations(entgql.OrderField("FRIENDLY_NAME")),
		field.String("unit").Default("hit").NotEmpty().MaxLen(255),
		field.String("description").Optional().MaxLen(65535),
	}
}

func (Metric) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("product", Product.Type).Ref("metrics").Field("product_id").Unique().Immutable(),
		edge.From("backend", Backend.Type).Ref("metrics").Field("backend_id").Unique().Immutable(),
		edge.To("children", Metric.Type).Annotations(skipInputs(), entsqlCascade()).
			From("parent").Field("parent_id").Unique(),
		edge.To("mapping_rules", MappingRule.Type).Annotations(entgql.Skip(entgql.SkipAll), entsqlCascade()),
		edge.To("usage_limits", UsageLimit.Type).Annotations(entgql.Skip(entgql.SkipAll), entsqlCascade()),
		edge.To("pricing_rules", PricingRule.Type).Annotations(entgql.Skip(entgql.SkipAll), entsqlCascade()),
	}
}

func (Metric) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("product_id", "system_name").Unique(),
		index.Fields("backend_id", "system_name").Unique(),
		index.Fields("product_id", "friendly_name").Unique(),
		index.Fields("backend_id", "friendly_name").Unique(),
	}
}

func (Metric) Annotations() []schema.Annotation { return gqlEntity() }

// MappingRule maps a request (verb and path pattern) of a product or backend
// to a metric and an increment.
type MappingRule struct{ ent.Schema }

func (MappingRule) Mixin() []ent.Mixin {
	return []ent.Mixin{TenantMixin{}, TimeMixin{}, Rights{Read: integrators, Write: viewer.SectionPlans, Product: "product_id"}}
}

func (MappingRule) Fields() []ent.Field {
	return []ent.Field{
		field.Int("product_id").Optional().Nillable().Immutable(),
		field.Int("backend_id").Optional().Nillable().Immutable(),
		field.Int("metric_id"),
		field.Enum("http_method").Values("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE", "CONNECT"),
		field.String("pattern").Validate(ValidatePattern),
		field.Int("delta").Default(1).Min(1),
		field.Int("position").Default(0).Min(0).Annotations(entgql.OrderField("POSITION")),
		field.Bool("last").Default(false),
	}
}

func (MappingRule) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("product", Product.Type).Ref("mapping_rules").Field("product_id").Unique().Immutable(),
		edge.From("backend", Backend.Type).Ref("mapping_rules").Field("backend_id").Unique().Immutable(),
		edge.From("metric", Metric.Type).Ref("mapping_rules").Field("metric_id").Unique().Required(),
	}
}

func (MappingRule) Annotations() []schema.Annotation { return gqlEntity() }
