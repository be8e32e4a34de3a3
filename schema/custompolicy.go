package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/portico-apim/portico/schema/viewer"
)

// CustomPolicy is a gateway policy a tenant registered beside the built-in
// ones (3scale's policy registry): its name and version, and its APIcast
// manifest, whose configuration schema drives the chain editor's form.
type CustomPolicy struct{ ent.Schema }

func (CustomPolicy) Mixin() []ent.Mixin {
	return []ent.Mixin{TenantMixin{}, TimeMixin{}, Rights{Read: policyReaders, Write: viewer.SectionPolicyRegistry}}
}

func (CustomPolicy) Fields() []ent.Field {
	return []ent.Field{
		field.String("name").NotEmpty().MaxLen(255),
		field.String("version").NotEmpty().MaxLen(255),
		field.Text("schema").NotEmpty().
			Comment("the APIcast policy manifest, compact JSON text as validated"),
	}
}

func (CustomPolicy) Indexes() []ent.Index {
	return []ent.Index{index.Fields("tenant_id", "name", "version").Unique()}
}

func (CustomPolicy) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip(entgql.SkipAll)}
}
