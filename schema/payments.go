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

// PaymentGateway is the card processor a tenant charges its developers'
// invoices through, with its credentials: the secret key is kept sealed
// (encrypted with a key derived from the server's signing key) and never
// read back. A tenant has at most one.
type PaymentGateway struct{ ent.Schema }

func (PaymentGateway) Mixin() []ent.Mixin {
	return []ent.Mixin{TenantMixin{}, TimeMixin{}, Rights{Read: finance, Write: viewer.SectionFinance}, FinanceScope{}}
}

func (PaymentGateway) Fields() []ent.Field {
	return []ent.Field{
		field.Enum("kind").Values("STRIPE"),
		field.String("publishable_key").MaxLen(255).Comment("given to the developer portal to collect cards"),
		field.String("secret_key_sealed").Sensitive().Annotations(entgql.Skip(entgql.SkipAll)),
		field.String("secret_key_hint").MaxLen(32).Comment("the secret key's kind and last four characters, to recognise it"),
		field.Bool("test_mode").Comment("whether the keys are the processor's test keys"),
	}
}

func (PaymentGateway) Indexes() []ent.Index {
	return []ent.Index{index.Fields("tenant_id").Unique().StorageKey("payment_gateways_one_per_tenant")}
}

func (PaymentGateway) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)}
}

// PaymentProfile is a developer account's customer at the tenant's payment
// gateway and the one card stored there: references, brand, last four digits
// and expiry, never the card number, which goes from the developer's
// browser to the processor directly.
type PaymentProfile struct{ ent.Schema }

func (PaymentProfile) Mixin() []ent.Mixin {
	return []ent.Mixin{TenantMixin{}, TimeMixin{}, Rights{Read: finance, Write: viewer.SectionFinance}, FinanceScope{}}
}

func (PaymentProfile) Fields() []ent.Field {
	return []ent.Field{
		field.Int("account_id").Immutable(),
		field.Enum("gateway").Values("STRIPE").Immutable(),
		field.String("customer_ref").Immutable().MaxLen(255).Comment("the processor's customer"),
		field.String("setup_ref").Optional().Nillable().MaxLen(255).Comment("the card setup started and not yet confirmed"),
		field.String("payment_method_ref").Optional().MaxLen(255).Annotations(entgql.Skip(entgql.SkipAll)),
		field.String("brand").Optional().Nillable().MaxLen(32),
		field.String("last4").Optional().Nillable().MaxLen(4),
		field.Int("exp_month").Optional().Nillable(),
		field.Int("exp_year").Optional().Nillable(),
		field.String("expiry_notice").Optional().MaxLen(7).Annotations(entgql.Skip(entgql.SkipAll)).
			Comment("the card expiry (YYYY-MM) the buyer was warned of, so the warning goes once per card"),
	}
}

func (PaymentProfile) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("account", Account.Type).Ref("payment_profile").Field("account_id").Unique().Required().Immutable(),
	}
}

func (PaymentProfile) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)}
}

// PaymentTransaction is one attempt to charge an invoice (3scale's
// payment_transactions). It is written PENDING before the processor is
// called, under the idempotency key the processor receives, and settled
// after: an attempt interrupted in between is resumed with the same key, so
// an invoice is never charged twice.
type PaymentTransaction struct{ ent.Schema }

func (PaymentTransaction) Mixin() []ent.Mixin {
	return []ent.Mixin{TenantMixin{}, TimeMixin{}, Rights{Read: finance, Write: viewer.SectionFinance}, FinanceScope{}}
}

func (PaymentTransaction) Fields() []ent.Field {
	return []ent.Field{
		field.Int("invoice_id").Immutable(),
		field.Int("account_id").Optional().Nillable().Immutable().Annotations(entgql.Type("ID")),
		field.Enum("state").Values("PENDING", "SUCCEEDED", "FAILED").Default("PENDING"),
		field.Bool("success").Default(false),
		amount("amount", true),
		field.String("currency").Immutable(),
		field.String("action").Default("purchase").Immutable(),
		field.String("reference").Optional().MaxLen(255).Comment("the processor's payment"),
		field.String("message").Optional().MaxLen(1024),
		field.JSON("gateway_response", map[string]string{}).Optional().Annotations(entgql.Type("StringMap")).
			Comment("what the processor answered, flattened"),
		field.Bool("test").Immutable(),
		field.Bool("automatic").Immutable().Comment("made by the daily run, so it counts toward the retries"),
		field.String("idempotency_key").Immutable().MaxLen(255).Annotations(entgql.Skip(entgql.SkipAll)),
	}
}

func (PaymentTransaction) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("invoice", Invoice.Type).Ref("payment_transactions").Field("invoice_id").Unique().Required().Immutable(),
	}
}

func (PaymentTransaction) Indexes() []ent.Index {
	return []ent.Index{index.Fields("tenant_id", "idempotency_key").Unique(), index.Fields("invoice_id")}
}

func (PaymentTransaction) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)}
}
