package schema

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/portico-apim/portico/schema/viewer"
)

// Plan is an account plan, a service plan or an application plan. A custom
// plan belongs to one application and points to the plan it was copied from.
type Plan struct{ ent.Schema }

func (Plan) Mixin() []ent.Mixin {
	return []ent.Mixin{TenantMixin{}, TimeMixin{}, Rights{Read: planReaders, Write: viewer.SectionPlans, Product: "product_id"}}
}

func (Plan) Fields() []ent.Field {
	return []ent.Field{
		field.Enum("kind").Values("ACCOUNT", "SERVICE", "APPLICATION").Immutable(),
		field.Int("product_id").Optional().Nillable().Immutable(),
		field.Int("original_id").Optional().Nillable().Immutable().Annotations(skipInputs()),
		field.String("name").NotEmpty().MaxLen(255).Annotations(entgql.OrderField("NAME")),
		field.String("system_name").Immutable().Validate(ValidateSystemName).Annotations(entgql.OrderField("SYSTEM_NAME")),
		field.String("description").Optional().MaxLen(65535),
		field.Enum("state").Values("HIDDEN", "PUBLISHED").Default("HIDDEN").Annotations(entgql.OrderField("STATE")),
		field.Bool("approval_required").Default(false),
		money("setup_fee"),
		moneyKey("setup_fee", "SETUP_FEE"),
		money("cost_per_month"),
		moneyKey("cost_per_month", "COST_PER_MONTH"),
		field.Int("trial_period_days").Default(0).Min(0).Max(3650).Annotations(entgql.OrderField("TRIAL_PERIOD_DAYS")),
		field.Bool("is_default").Default(false).Annotations(skipInputs()),
		field.Int("position").Default(0).Annotations(entgql.OrderField("POSITION")),
	}
}

func (Plan) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("product", Product.Type).Ref("plans").Field("product_id").Unique().Immutable(),
		edge.To("customizations", Plan.Type).
			Annotations(entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)).
			From("original").Field("original_id").Unique().Immutable().
			Annotations(entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
		edge.To("limits", UsageLimit.Type).Annotations(skipInputs(), entgql.RelayConnection(), entsqlCascade()),
		edge.To("pricing_rules", PricingRule.Type).Annotations(skipInputs(), entgql.RelayConnection(), entsqlCascade()),
		edge.To("features", Feature.Type),
		edge.To("applications", Application.Type).Annotations(skipInputs(), entgql.RelayConnection()),
		edge.To("subscriptions", ServiceSubscription.Type).Annotations(skipInputs(), entgql.RelayConnection()),
		edge.From("accounts", Account.Type).Ref("plan").Annotations(entgql.RelayConnection()),
	}
}

func (Plan) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("product_id", "kind", "system_name").Unique(),
		index.Fields("tenant_id", "kind", "system_name").Unique().
			Annotations(entsql.IndexWhere("product_id IS NULL")),
	}
}

// Plan kinds other than account plans belong to a product.
func (Plan) Hooks() []ent.Hook {
	return []ent.Hook{
		moneyRule("setup_fee", "cost_per_month"),
		moneyKeys("setup_fee", "cost_per_month"),
		func(next ent.Mutator) ent.Mutator {
			return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
				if !m.Op().Is(ent.OpCreate) {
					return next.Mutate(ctx, m)
				}
				kind, _ := m.Field("kind")
				_, hasProduct := m.Field("product_id")
				if !hasProduct {
					if ids := m.AddedIDs("product"); len(ids) > 0 {
						hasProduct = true
					}
				}
				isAccount := kind != nil && stringOf(kind) == "ACCOUNT"
				switch {
				case isAccount && hasProduct:
					return nil, &FieldError{Field: "product_id", Err: errors.New("must be empty for an account plan")}
				case !isAccount && !hasProduct:
					return nil, &FieldError{Field: "product_id", Err: errors.New("is required for service and application plans")}
				}
				return next.Mutate(ctx, m)
			})
		},
	}
}

func (Plan) Annotations() []schema.Annotation { return gqlEntity() }

// UsageLimit caps a metric of a plan over a period.
type UsageLimit struct{ ent.Schema }

func (UsageLimit) Mixin() []ent.Mixin {
	return []ent.Mixin{TenantMixin{}, TimeMixin{}, Rights{Read: planReaders, Write: viewer.SectionPlans, ViaPlan: true}}
}

func (UsageLimit) Fields() []ent.Field {
	return []ent.Field{
		field.Int("plan_id").Immutable(),
		field.Int("metric_id").Immutable(),
		field.Enum("period").Values(limitPeriods...),
		field.Int("period_rank").Default(0).Comment("the period's place from MINUTE (0) to ETERNITY (6), to sort by; kept by a hook").
			Annotations(entgql.OrderField("PERIOD"), entgql.Skip(entgql.SkipType, entgql.SkipWhereInput,
				entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
		field.Int64("value").Min(0).Annotations(entgql.OrderField("VALUE")),
	}
}

// limitPeriods are a limit's periods, shortest first.
var limitPeriods = []string{"MINUTE", "HOUR", "DAY", "WEEK", "MONTH", "YEAR", "ETERNITY"}

// Hooks keep period_rank in step with the period, so that limits sort by
// period length rather than by its name.
func (UsageLimit) Hooks() []ent.Hook {
	return []ent.Hook{func(next ent.Mutator) ent.Mutator {
		return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
			if v, ok := m.Field("period"); ok {
				if rank := slices.Index(limitPeriods, fmt.Sprint(v)); rank >= 0 {
					if err := m.SetField("period_rank", rank); err != nil {
						return nil, err
					}
				}
			}
			return next.Mutate(ctx, m)
		})
	}}
}

func (UsageLimit) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("plan", Plan.Type).Ref("limits").Field("plan_id").Unique().Required().Immutable(),
		edge.From("metric", Metric.Type).Ref("usage_limits").Field("metric_id").Unique().Required().Immutable(),
	}
}

func (UsageLimit) Indexes() []ent.Index {
	return []ent.Index{index.Fields("plan_id", "metric_id", "period").Unique()}
}

func (UsageLimit) Annotations() []schema.Annotation { return gqlEntity() }

// PricingRule charges cost_per_unit for each unit of a metric whose count in
// the billing period falls in [min, max] (max empty: no upper bound).
type PricingRule struct{ ent.Schema }

func (PricingRule) Mixin() []ent.Mixin {
	return []ent.Mixin{TenantMixin{}, TimeMixin{}, Rights{Read: planReaders, Write: viewer.SectionPlans, ViaPlan: true}}
}

func (PricingRule) Fields() []ent.Field {
	return []ent.Field{
		field.Int("plan_id").Immutable(),
		field.Int("metric_id").Immutable(),
		field.Int64("min").Default(1).Min(1).Annotations(entgql.OrderField("MIN")),
		field.Int64("max").Optional().Nillable().Min(1),
		money("cost_per_unit"),
	}
}

func (PricingRule) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("plan", Plan.Type).Ref("pricing_rules").Field("plan_id").Unique().Required().Immutable(),
		edge.From("metric", Metric.Type).Ref("pricing_rules").Field("metric_id").Unique().Required().Immutable(),
	}
}

func (PricingRule) Indexes() []ent.Index {
	return []ent.Index{index.Fields("plan_id", "metric_id")}
}

func (PricingRule) Hooks() []ent.Hook { return []ent.Hook{moneyRule("cost_per_unit")} }

func (PricingRule) Annotations() []schema.Annotation { return gqlEntity() }

// Feature is a named capability a plan may enable.
type Feature struct{ ent.Schema }

func (Feature) Mixin() []ent.Mixin {
	return []ent.Mixin{TenantMixin{}, TimeMixin{}, Rights{Read: planReaders, Write: viewer.SectionPlans, Product: "product_id"}}
}

func (Feature) Fields() []ent.Field {
	return []ent.Field{
		field.Int("product_id").Optional().Nillable().Immutable(),
		field.String("name").NotEmpty().MaxLen(255).Annotations(entgql.OrderField("NAME")),
		field.String("system_name").Immutable().Validate(ValidateSystemName).Annotations(entgql.OrderField("SYSTEM_NAME")),
		field.String("description").Optional().MaxLen(65535),
		field.Bool("visible").Default(true),
		field.Enum("scope").Values("ACCOUNT_PLAN", "SERVICE_PLAN", "APPLICATION_PLAN").Default("APPLICATION_PLAN").Immutable(),
	}
}

func (Feature) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("product", Product.Type).Ref("features").Field("product_id").Unique().Immutable(),
		// Resolved by hand (graph/schema/bizops.graphql): listings of plans
		// leave custom plans out.
		edge.From("plans", Plan.Type).Ref("features").Annotations(entgql.Skip(entgql.SkipType)),
	}
}

func (Feature) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("product_id", "scope", "system_name").Unique(),
		index.Fields("tenant_id", "scope", "system_name").Unique().Annotations(entsql.IndexWhere("product_id IS NULL")),
	}
}

func (Feature) Annotations() []schema.Annotation { return gqlEntity() }
