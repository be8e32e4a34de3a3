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

// ActiveDoc is an API specification (OpenAPI 2.0, 3.0 or 3.1, as JSON or
// YAML) shown to developers as interactive documentation, optionally bound
// to a product (3scale "ActiveDocs", api_docs_services).
type ActiveDoc struct{ ent.Schema }

func (ActiveDoc) Mixin() []ent.Mixin {
	return []ent.Mixin{TenantMixin{}, TimeMixin{}, Rights{Read: integrators, Write: viewer.SectionPlans, Product: "product_id"}}
}

func (ActiveDoc) Fields() []ent.Field {
	return []ent.Field{
		field.String("name").NotEmpty().MaxLen(255).Annotations(entgql.OrderField("NAME")),
		field.String("system_name").Immutable().Validate(ValidateSystemName).Annotations(entgql.OrderField("SYSTEM_NAME")),
		field.String("description").Optional().MaxLen(65535),
		field.Bool("published").Default(false),
		field.Bool("skip_swagger_validations").Default(false).
			Comment("stores the body without checking that it is an OpenAPI document"),
		field.Text("body").NotEmpty().
			Comment("the specification, JSON or YAML text"),
		field.Int("product_id").Optional().Nillable(),
	}
}

func (ActiveDoc) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("product", Product.Type).Ref("active_docs").Field("product_id").Unique(),
	}
}

func (ActiveDoc) Indexes() []ent.Index {
	return []ent.Index{index.Fields("tenant_id", "system_name").Unique()}
}

func (ActiveDoc) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.QueryField(),
		entgql.RelayConnection(),
		entgql.MultiOrder(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
	}
}
