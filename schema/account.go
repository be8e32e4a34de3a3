package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/dialect"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/portico-apim/portico/schema/viewer"
	"github.com/shopspring/decimal"
)

// Account is a developer (buyer) account of a tenant.
type Account struct{ ent.Schema }

func (Account) Mixin() []ent.Mixin {
	return []ent.Mixin{TenantMixin{}, TimeMixin{}, Rights{Read: partners, Write: viewer.SectionPartners}}
}

func (Account) Fields() []ent.Field {
	return []ent.Field{
		field.String("org_name").NotEmpty().MaxLen(255).Annotations(entgql.OrderField("ORG_NAME")),
		field.Enum("state").
			Values("CREATED", "PENDING", "APPROVED", "REJECTED", "SUSPENDED", "SCHEDULED_FOR_DELETION").
			Default("CREATED").Annotations(skipInputs(), entgql.OrderField("STATE")),
		field.Time("state_changed_at").Default(timeNow).Annotations(skipInputs()),
		field.Int("plan_id").Optional().Nillable(),
		field.String("vat_code").Optional().MaxLen(255),
		field.Other("vat_rate", decimal.Decimal{}).Optional().Nillable().
			SchemaType(map[string]string{dialect.Postgres: "numeric(20,2)", dialect.SQLite: "text"}).
			Annotations(entgql.Type("Decimal")),
		field.String("billing_address").Optional().MaxLen(1000),
		field.JSON("billing_address_parts", map[string]string{}).Optional().Annotations(entgql.Type("StringMap")).
			Comment("the billing address by part: name, address1, address2, city, state, zip, country, phone"),
		field.JSON("extra_fields", map[string]string{}).Optional().Annotations(entgql.Type("StringMap")),
		field.Bool("monthly_billing_enabled").Default(true).
			Comment("when false the billing run adds no line items for the account"),
		field.Bool("monthly_charging_enabled").Default(true).
			Comment("when false the account's invoices are never charged automatically"),
		// The account contract (the account on its account plan), as the
		// billing run sees it.
		field.Time("plan_paid_until").Optional().Nillable().Annotations(skipInputs()).
			Comment("the account plan's fixed fees are billed up to here"),
		field.Time("plan_trial_ends_at").Optional().Nillable().Annotations(skipInputs()),
		field.Other("plan_setup_fee", decimal.Decimal{}).Optional().Nillable().Annotations(skipInputs(), entgql.Type("Decimal")).
			SchemaType(map[string]string{dialect.Postgres: "numeric(20,4)", dialect.SQLite: "text"}).
			Comment("copied from the account plan; cleared once billed"),
	}
}

func (Account) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("plan", Plan.Type).Field("plan_id").Unique().Comment("the account plan"),
		edge.To("users", User.Type).Annotations(skipInputs(), entgql.RelayConnection(), entsqlCascade()),
		edge.To("applications", Application.Type).Annotations(skipInputs(), entgql.RelayConnection(), entsqlCascade()),
		edge.To("subscriptions", ServiceSubscription.Type).Annotations(skipInputs(), entgql.RelayConnection(), entsqlCascade()),
		edge.To("usage_alerts", UsageAlert.Type).Annotations(entgql.Skip(entgql.SkipAll), entsqlCascade()),
		edge.To("payment_profile", PaymentProfile.Type).Unique().Annotations(skipInputs(), entsqlCascade()).
			Comment("the account's customer and card at the tenant's payment gateway"),
	}
}

func (Account) Indexes() []ent.Index {
	return []ent.Index{index.Fields("tenant_id", "state"), index.Fields("plan_id")}
}

func (Account) Hooks() []ent.Hook { return []ent.Hook{moneyRule("vat_rate", "plan_setup_fee")} }

func (Account) Annotations() []schema.Annotation { return gqlEntity() }
