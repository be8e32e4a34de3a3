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

// Backend is an upstream API with its own metrics and mapping rules, used by
// products at a path.
type Backend struct{ ent.Schema }

func (Backend) Mixin() []ent.Mixin {
	return []ent.Mixin{TenantMixin{}, TimeMixin{}, Rights{Read: integrators, Write: viewer.SectionPlans}}
}

func (Backend) Fields() []ent.Field {
	return []ent.Field{
		field.String("name").NotEmpty().MaxLen(255).Annotations(entgql.OrderField("NAME")),
		field.String("system_name").Immutable().Validate(ValidateSystemName).Annotations(entgql.OrderField("SYSTEM_NAME")),
		field.String("description").Optional().MaxLen(65535),
		field.String("private_endpoint").NotEmpty().MaxLen(255),
	}
}

func (Backend) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("metrics", Metric.Type).Annotations(skipInputs(), entgql.RelayConnection(), entsqlCascade()),
		edge.To("mapping_rules", MappingRule.Type).Annotations(skipInputs(), entgql.RelayConnection(), entsqlCascade()),
		edge.To("usages", BackendUsage.Type).Annotations(skipInputs(), entgql.RelayConnection(), entsqlCascade()),
	}
}

func (Backend) Indexes() []ent.Index {
	return []ent.Index{index.Fields("tenant_id", "system_name").Unique()}
}

func (Backend) Annotations() []schema.Annotation { return gqlEntity() }

// BackendUsage links a product to a backend at a path.
type BackendUsage struct{ ent.Schema }

func (BackendUsage) Mixin() []ent.Mixin {
	return []ent.Mixin{TenantMixin{}, TimeMixin{}, Rights{Read: planReaders, Write: viewer.SectionPlans, Product: "product_id"}}
}

func (BackendUsage) Fields() []ent.Field {
	return []ent.Field{
		field.Int("product_id").Immutable(),
		field.Int("backend_id").Immutable(),
		field.String("path").Default("/").Validate(func(p string) error { return ValidatePattern(p) }).
			Annotations(entgql.OrderField("PATH")),
	}
}

func (BackendUsage) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("product", Product.Type).Ref("backend_usages").Field("product_id").Unique().Required().Immutable(),
		edge.From("backend", Backend.Type).Ref("usages").Field("backend_id").Unique().Required().Immutable(),
	}
}

func (BackendUsage) Indexes() []ent.Index {
	return []ent.Index{index.Fields("product_id", "backend_id").Unique()}
}

func (BackendUsage) Annotations() []schema.Annotation { return gqlEntity() }
