package schema

import (
	"context"
	"errors"
	"fmt"
	"regexp"

	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/dialect"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/dialect/sql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
	"entgo.io/ent/schema/mixin"
	"github.com/shopspring/decimal"
	"golang.org/x/text/currency"

	"github.com/portico-apim/portico/ent/intercept"
	"github.com/portico-apim/portico/schema/viewer"
)

// finance is who may read billing data: members with the finance section.
var finance = []viewer.Section{viewer.SectionFinance}

// FinanceScope keeps billing data from access tokens without the finance
// scope, however it is reached (a root field, node, an edge).
type FinanceScope struct{ mixin.Schema }

func financeToken(ctx context.Context) error {
	if v := viewer.FromContext(ctx); v != nil && v.Token != nil && !v.Token.HasScope(viewer.ScopeFinance) {
		return ErrNoFinanceScope
	}
	return nil
}

// ErrNoFinanceScope is returned to access tokens without the finance scope
// touching billing data.
var ErrNoFinanceScope = errors.New("the access token lacks the finance scope")

func (FinanceScope) Interceptors() []ent.Interceptor {
	return []ent.Interceptor{ent.TraverseFunc(func(ctx context.Context, _ ent.Query) error { return financeToken(ctx) })}
}

func (FinanceScope) Hooks() []ent.Hook {
	return []ent.Hook{func(next ent.Mutator) ent.Mutator {
		return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
			if err := financeToken(ctx); err != nil {
				return nil, err
			}
			return next.Mutate(ctx, m)
		})
	}}
}

// BillingSettings is a tenant's billing strategy (3scale's billing_strategies
// and the finance switch): one row per tenant, absent until first saved.
type BillingSettings struct{ ent.Schema }

func (BillingSettings) Mixin() []ent.Mixin {
	return []ent.Mixin{TenantMixin{}, TimeMixin{}, Rights{Read: finance, Write: viewer.SectionFinance}, FinanceScope{}}
}

func (BillingSettings) Fields() []ent.Field {
	return []ent.Field{
		field.Bool("finance_enabled").Default(false).Comment("the finance module: invoices and the daily run"),
		field.Enum("strategy").Values("PREPAID", "POSTPAID").Default("POSTPAID"),
		field.Bool("charging_enabled").Default(false),
		field.String("currency").Default("USD").Validate(ValidateCurrency),
		field.String("invoice_footnote").Optional().MaxLen(2000),
		field.String("zero_vat_text").Optional().MaxLen(2000).Comment("shown on invoices whose VAT rate is zero"),
		field.Enum("numbering_period").Values("MONTHLY", "YEARLY").Default("MONTHLY"),
		field.String("finance_support_email").Optional().MaxLen(255),
	}
}

func (BillingSettings) Indexes() []ent.Index {
	return []ent.Index{index.Fields("tenant_id").Unique().StorageKey("billingsettings_one_per_tenant")}
}

func (BillingSettings) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Mutations(entgql.MutationUpdate())}
}

// Invoice is what a developer account owes a tenant for one month (its
// period), with its line items. Totals are kept in step with the lines.
type Invoice struct{ ent.Schema }

func (Invoice) Mixin() []ent.Mixin {
	return []ent.Mixin{TenantMixin{}, TimeMixin{}, Rights{Read: finance, Write: viewer.SectionFinance}, FinanceScope{}}
}

func (Invoice) Fields() []ent.Field {
	return []ent.Field{
		field.Int("account_id").Optional().Nillable().Immutable().Comment("the buyer; empty once the account is deleted"),
		field.String("period").Validate(ValidatePeriod).Annotations(entgql.OrderField("PERIOD"), skipInputs()).
			Comment("the billed month, YYYY-MM"),
		field.Enum("state").Values("OPEN", "FINALIZED", "PENDING", "UNPAID", "PAID", "FAILED", "CANCELLED").
			Default("OPEN").Annotations(skipInputs(), entgql.OrderField("STATE")),
		field.String("friendly_id").Default("fix").Annotations(skipInputs(), entgql.OrderField("FRIENDLY_ID")).
			Comment("YYYY-MM-NNNNNNNN or YYYY-NNNNNNNN; fix until numbered"),
		field.Enum("creation_type").Values("BACKGROUND", "MANUAL").Immutable().Annotations(skipInputs()),
		field.Time("issued_on").Optional().Nillable().Annotations(skipInputs(), entgql.OrderField("ISSUED_ON")),
		field.Time("due_on").Optional().Nillable().Annotations(skipInputs()),
		field.Time("paid_at").Optional().Nillable().Annotations(skipInputs()),
		field.Time("finalized_at").Optional().Nillable().Annotations(skipInputs()),
		field.String("currency").Annotations(skipInputs()),
		field.Other("vat_rate", decimal.Decimal{}).Optional().Nillable().Annotations(skipInputs(), entgql.Type("Decimal")).
			SchemaType(map[string]string{dialect.Postgres: "numeric(20,2)", dialect.SQLite: "text"}),
		field.String("vat_code").Optional().Annotations(skipInputs()),
		field.String("fiscal_code").Optional().Annotations(skipInputs()),
		field.JSON("from_address", map[string]string{}).Optional().Annotations(skipInputs(), entgql.Type("StringMap")).
			Comment("the tenant's name and address, frozen at issue"),
		field.JSON("to_address", map[string]string{}).Optional().Annotations(skipInputs(), entgql.Type("StringMap")).
			Comment("the buyer's name and billing address, frozen at issue"),
		amount("cost_without_vat", false, skipInputs(), entgql.OrderField("COST_WITHOUT_VAT")),
		amount("vat_amount", false, skipInputs()),
		amount("cost", false, skipInputs(), entgql.OrderField("COST")),
		field.Int("charging_retries_count").Default(0).Annotations(skipInputs()),
		field.Time("last_charging_retry").Optional().Nillable().Annotations(skipInputs()),
		field.Bytes("pdf").Optional().Nillable().Annotations(entgql.Skip(entgql.SkipAll)).Comment("rendered at issue"),
		field.String("pdf_sha256").Optional().Annotations(skipInputs()),
	}
}

func (Invoice) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("account", Account.Type).Field("account_id").Unique().Immutable().Annotations(entsqlSetNull()),
		edge.To("line_items", LineItem.Type).Annotations(skipInputs(), entsqlCascade()),
		edge.To("payment_transactions", PaymentTransaction.Type).Annotations(skipInputs(), entsqlCascade()),
	}
}

func (Invoice) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("tenant_id", "period", "state"),
		index.Fields("account_id", "period"),
		index.Fields("tenant_id", "friendly_id").Unique().Annotations(entsql.IndexWhere("friendly_id <> 'fix'")),
	}
}

func (Invoice) Hooks() []ent.Hook { return []ent.Hook{moneyRule("vat_rate")} }

func (Invoice) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.QueryField(), entgql.RelayConnection(), entgql.MultiOrder()}
}

// LineItem is one amount on an invoice and where it came from: the plan,
// metric and usage, the contract and the interval. source_key names what
// the billing run billed, so running it again never adds a line twice.
type LineItem struct{ ent.Schema }

func (LineItem) Mixin() []ent.Mixin {
	return []ent.Mixin{TenantMixin{}, TimeMixin{}, Rights{Read: finance, Write: viewer.SectionFinance}, FinanceScope{}}
}

func (LineItem) Fields() []ent.Field {
	return []ent.Field{
		field.Int("invoice_id").Immutable(),
		field.String("name").NotEmpty().MaxLen(255).Immutable(),
		field.String("description").Optional().MaxLen(1000).Immutable(),
		field.Other("quantity", decimal.Decimal{}).Optional().Nillable().Immutable().Annotations(entgql.Type("Decimal")).
			SchemaType(map[string]string{dialect.Postgres: "numeric(20,4)", dialect.SQLite: "text"}),
		amount("cost", true, entgql.OrderField("COST")),
		field.Enum("kind").Values("PLAN_COST", "VARIABLE_COST", "OTHER").Default("OTHER").Immutable(),
		field.Int("plan_id").Optional().Nillable().Immutable().Annotations(entgql.Type("ID")),
		field.Int("metric_id").Optional().Nillable().Immutable().Annotations(entgql.Type("ID")),
		field.Int("contract_id").Optional().Nillable().Immutable().Annotations(entgql.Type("ID")),
		field.Enum("contract_kind").Values("APPLICATION", "SERVICE_SUBSCRIPTION", "ACCOUNT").Optional().Nillable().Immutable(),
		field.Time("interval_begin").Optional().Nillable().Immutable(),
		field.Time("interval_end").Optional().Nillable().Immutable(),
		field.Int64("usage").Optional().Nillable().Immutable().Comment("the metric's usage in the interval, for variable costs"),
		field.String("source_key").Optional().Nillable().Immutable().MaxLen(255).Annotations(skipInputs()).
			Comment("what the billing run billed (contract, purpose, month); unique per tenant"),
	}
}

func (LineItem) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("invoice", Invoice.Type).Ref("line_items").Field("invoice_id").Unique().Required().Immutable(),
	}
}

func (LineItem) Indexes() []ent.Index {
	return []ent.Index{index.Fields("tenant_id", "source_key").Unique(), index.Fields("invoice_id")}
}

func (LineItem) Hooks() []ent.Hook {
	return []ent.Hook{func(next ent.Mutator) ent.Mutator {
		return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
			if v, ok := m.Field("cost"); ok {
				if d, ok := v.(decimal.Decimal); ok {
					if err := ValidateSignedMoney(d); err != nil {
						return nil, &FieldError{Field: "cost", Err: err}
					}
				}
			}
			return next.Mutate(ctx, m)
		})
	}}
}

// Interceptors list an invoice's lines in the order they were added (after
// any order the query asks for).
func (LineItem) Interceptors() []ent.Interceptor {
	return []ent.Interceptor{
		ent.TraverseFunc(func(ctx context.Context, q ent.Query) error {
			w, err := intercept.NewQuery(q)
			if err != nil {
				return err
			}
			w.Order(sql.OrderByField("id").ToFunc())
			return nil
		}),
	}
}

// InvoiceCounter numbers a tenant's invoices per prefix (YYYY-MM or YYYY).
type InvoiceCounter struct{ ent.Schema }

func (InvoiceCounter) Mixin() []ent.Mixin {
	return []ent.Mixin{TenantMixin{}, Rights{Read: finance, Write: viewer.SectionFinance}, FinanceScope{}}
}

func (InvoiceCounter) Fields() []ent.Field {
	return []ent.Field{
		field.String("prefix").Immutable().NotEmpty().MaxLen(7),
		field.Int("count").Default(0).Min(0),
	}
}

func (InvoiceCounter) Indexes() []ent.Index {
	return []ent.Index{index.Fields("tenant_id", "prefix").Unique()}
}

func (InvoiceCounter) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip(entgql.SkipAll)}
}

// amount is an exact amount with 4 decimal places that may be negative
// (refunds, credits, totals).
func amount(name string, immutable bool, ann ...schema.Annotation) ent.Field {
	b := field.Other(name, decimal.Decimal{}).
		SchemaType(map[string]string{dialect.Postgres: "numeric(20,4)", dialect.SQLite: "text"}).
		Default(decimal.Zero).
		Annotations(append([]schema.Annotation{entgql.Type("Decimal")}, ann...)...)
	if immutable {
		b = b.Immutable()
	}
	return b
}

// ValidateSignedMoney checks an amount with at most 4 decimal places.
func ValidateSignedMoney(d decimal.Decimal) error {
	return ValidateMoney(d.Abs())
}

var periodRE = regexp.MustCompile(`^\d{4}-(0[1-9]|1[0-2])$`)

// ValidatePeriod checks a billing month, YYYY-MM.
func ValidatePeriod(s string) error {
	if !periodRE.MatchString(s) {
		return fmt.Errorf("%q is not a month such as 2026-03", s)
	}
	return nil
}

// ValidateCurrency checks an ISO 4217 currency code in capitals.
func ValidateCurrency(s string) error {
	if len(s) != 3 {
		return fmt.Errorf("%q is not an ISO 4217 currency code such as EUR", s)
	}
	u, err := currency.ParseISO(s)
	if err != nil || u.String() != s {
		return fmt.Errorf("%q is not an ISO 4217 currency code such as EUR", s)
	}
	return nil
}

var errNotFriendly = errors.New("must look like 2026-03-00000012 (monthly) or 2026-00000012 (yearly)")

var friendlyRE = regexp.MustCompile(`^\d{4}(-\d{2})?-\d{8}$`)

// ValidateFriendlyID checks an invoice number edited by hand.
func ValidateFriendlyID(s string) error {
	if !friendlyRE.MatchString(s) {
		return errNotFriendly
	}
	return nil
}

// setupFee is a contract's setup fee, copied from its plan at creation and
// cleared once billed; empty on contracts created before billing existed.
func setupFee() ent.Field {
	return field.Other("setup_fee", decimal.Decimal{}).Optional().Nillable().
		SchemaType(map[string]string{dialect.Postgres: "numeric(20,4)", dialect.SQLite: "text"}).
		Annotations(skipInputs(), entgql.Type("Decimal"))
}
