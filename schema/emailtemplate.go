package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/portico-apim/portico/schema/viewer"
)

// EmailTemplate is a tenant's own text for one of the emails Portico sends
// (named in the catalogue of package mail): a text/template subject and
// body. Only edited templates are stored; resetting one deletes its row and
// the default applies again.
type EmailTemplate struct{ ent.Schema }

func (EmailTemplate) Mixin() []ent.Mixin {
	settings := []viewer.Section{viewer.SectionSettings}
	return []ent.Mixin{TenantMixin{}, TimeMixin{}, Rights{Read: settings, Write: viewer.SectionSettings}}
}

func (EmailTemplate) Fields() []ent.Field {
	return []ent.Field{
		field.String("name").NotEmpty().MaxLen(128).Immutable().
			Comment("the catalogue name, such as invitation.team"),
		field.String("subject").NotEmpty().MaxLen(255).Comment("text/template source of the subject, one line"),
		field.Text("body").MaxLen(65536).Comment("text/template source of the plain-text body"),
	}
}

func (EmailTemplate) Indexes() []ent.Index {
	return []ent.Index{index.Fields("tenant_id", "name").Unique()}
}

func (EmailTemplate) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip(entgql.SkipAll)}
}
