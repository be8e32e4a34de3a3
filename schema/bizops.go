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

// PlanChangeRequest is a developer's request to move an application to
// another application plan, kept until an admin applies or dismisses it.
type PlanChangeRequest struct{ ent.Schema }

func (PlanChangeRequest) Mixin() []ent.Mixin {
	return []ent.Mixin{TenantMixin{}, TimeMixin{}, Rights{Read: partners, Write: viewer.SectionPartners, Product: "product_id"}}
}

func (PlanChangeRequest) Fields() []ent.Field {
	return []ent.Field{
		field.Int("application_id").Immutable(),
		field.Int("account_id").Immutable(),
		field.Int("product_id").Immutable(),
		field.Int("from_plan_id").Immutable().Comment("the application's plan when the change was requested"),
		field.Int("to_plan_id").Immutable().Comment("the plan the developer asked for"),
		field.Int("requested_by_id").Optional().Nillable().Immutable().Comment("the developer user who asked"),
		field.Enum("state").Values("PENDING", "APPLIED", "DISMISSED").Default("PENDING").
			Annotations(skipInputs(), entgql.OrderField("STATE")),
		field.Time("resolved_at").Optional().Nillable().Annotations(skipInputs()),
		field.Int("resolved_by_id").Optional().Nillable().Annotations(skipInputs()).Comment("the team member who applied or dismissed it"),
	}
}

func (PlanChangeRequest) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("application", Application.Type).Field("application_id").Unique().Required().Immutable().Annotations(entsqlCascade()),
		edge.To("account", Account.Type).Field("account_id").Unique().Required().Immutable().Annotations(entsqlCascade()),
		edge.To("from_plan", Plan.Type).Field("from_plan_id").Unique().Required().Immutable().Annotations(entsqlCascade()),
		edge.To("to_plan", Plan.Type).Field("to_plan_id").Unique().Required().Immutable().Annotations(entsqlCascade()),
		edge.To("product", Product.Type).Field("product_id").Unique().Required().Immutable().Annotations(entsqlCascade()),
		// The request outlives the users named on it: deleting one of them
		// only forgets who asked or answered.
		edge.To("requested_by", User.Type).Field("requested_by_id").Unique().Immutable().Annotations(entsqlSetNull()),
		edge.To("resolved_by", User.Type).Field("resolved_by_id").Unique().Annotations(skipInputs(), entsqlSetNull()),
	}
}

func (PlanChangeRequest) Indexes() []ent.Index {
	return []ent.Index{index.Fields("tenant_id", "state"), index.Fields("application_id", "state"), index.Fields("account_id")}
}

func (PlanChangeRequest) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.QueryField(), entgql.RelayConnection(), entgql.MultiOrder()}
}

// FieldDefinition describes a field of accounts, users or applications as
// the provider wants it: a built-in field (org_name, vat_rate, first_name,
// description, …) given a label and rules, or an extra field kept in the
// record's extra_fields.
type FieldDefinition struct{ ent.Schema }

func (FieldDefinition) Mixin() []ent.Mixin {
	return []ent.Mixin{TenantMixin{}, TimeMixin{}, Rights{Read: partners, Write: viewer.SectionSettings}}
}

func (FieldDefinition) Fields() []ent.Field {
	return []ent.Field{
		field.Enum("target").Values("ACCOUNT", "USER", "APPLICATION").Immutable().Annotations(entgql.OrderField("TARGET")),
		field.String("name").Immutable().MaxLen(255).Validate(ValidateFieldName).Annotations(entgql.OrderField("NAME")),
		field.String("label").NotEmpty().MaxLen(255),
		field.Bool("required").Default(false),
		field.Bool("read_only").Default(false).Comment("developers see the field but cannot change it"),
		field.Bool("hidden").Default(false).Comment("developers neither see nor change the field"),
		field.Strings("choices").Optional().Comment("the only values allowed, when set"),
		field.String("hint").Optional().MaxLen(1000),
		field.Int("position").Default(0).Annotations(entgql.OrderField("POSITION")),
	}
}

func (FieldDefinition) Indexes() []ent.Index {
	return []ent.Index{index.Fields("tenant_id", "target", "name").Unique()}
}

func (FieldDefinition) Annotations() []schema.Annotation {
	return gqlEntity()
}

// DomainEvent is the outbox of what happened to developer-facing records
// (account.created, application.suspended, message.sent, …), written in the
// transaction of the change itself. Webhook and notification jobs consume
// it and stamp delivered_at.
type DomainEvent struct{ ent.Schema }

func (DomainEvent) Mixin() []ent.Mixin {
	return []ent.Mixin{TenantMixin{}, Rights{AdminOnly: true}}
}

func (DomainEvent) Fields() []ent.Field {
	return []ent.Field{
		field.String("event_type").Immutable().MaxLen(64).Annotations(entgql.OrderField("EVENT_TYPE")).
			Comment("object type and action, such as account.approved"),
		field.String("object_type").Immutable().MaxLen(64),
		field.Int("object_id").Immutable(),
		field.Enum("actor_kind").Values("ADMIN", "DEVELOPER", "TOKEN", "SYSTEM").Immutable(),
		field.Int("actor_id").Optional().Nillable().Immutable().
			Comment("the user (ADMIN, DEVELOPER) or access token (TOKEN) that acted"),
		// Not immutable: an object created and then changed in one
		// transaction has one created event, whose payload follows it
		// until the commit.
		field.JSON("payload", map[string]any{}).Annotations(entgql.Skip(entgql.SkipAll)).
			Comment("the object as it was after the change (before it, for deletions)"),
		field.Time("created_at").Immutable().Default(timeNow).Annotations(entgql.OrderField("CREATED_AT")),
		field.Time("delivered_at").Optional().Nillable(),
	}
}

func (DomainEvent) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("delivered_at", "id"),
		index.Fields("tenant_id", "object_type", "object_id"),
	}
}

func (DomainEvent) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.QueryField(), entgql.RelayConnection(), entgql.MultiOrder()}
}
