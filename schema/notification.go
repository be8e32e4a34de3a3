package schema

import (
	"context"

	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/dialect/sql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
	"entgo.io/ent/schema/mixin"

	"github.com/portico-apim/portico/ent/intercept"
	"github.com/portico-apim/portico/schema/viewer"
)

// Personal makes a type's rows belong to one user (its user_id column): a
// user reads and changes only its own; the system is not limited, and the
// tenant mixin already keeps rows inside the tenant.
type Personal struct{ mixin.Schema }

func (Personal) Interceptors() []ent.Interceptor {
	return []ent.Interceptor{
		ent.TraverseFunc(func(ctx context.Context, q ent.Query) error {
			v := viewer.FromContext(ctx)
			if v == nil || v.IsSystem() || v.UserID == 0 {
				return nil
			}
			w, err := intercept.NewQuery(q)
			if err != nil {
				return err
			}
			w.WhereP(sql.FieldEQ("user_id", v.UserID))
			return nil
		}),
	}
}

func (Personal) Hooks() []ent.Hook {
	return []ent.Hook{
		func(next ent.Mutator) ent.Mutator {
			return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
				v := viewer.FromContext(ctx)
				if v != nil && !v.IsSystem() && v.UserID != 0 && !m.Op().Is(ent.OpCreate) {
					m.(wherePer).WhereP(sql.FieldEQ("user_id", v.UserID))
				}
				return next.Mutate(ctx, m)
			})
		},
	}
}

// Notification is one item of a team user's feed: something that happened
// in the tenant that the user's rights let them hear of (a signup awaiting
// approval, a plan change request, a usage alert, a failed payment).
type Notification struct{ ent.Schema }

func (Notification) Mixin() []ent.Mixin { return []ent.Mixin{TenantMixin{}, Personal{}} }

func (Notification) Fields() []ent.Field {
	return []ent.Field{
		field.Int("user_id").Immutable(),
		field.String("kind").Immutable().MaxLen(64).Comment("the catalogue entry, such as account_pending_approval"),
		field.String("title").Immutable().MaxLen(500),
		field.Text("body").Optional().Immutable(),
		field.String("link").Optional().Immutable().MaxLen(500).Comment("the admin console path it is about"),
		field.Int("product_id").Optional().Nillable().Immutable().Comment("the product it concerns, if any"),
		field.Bool("emailed").Default(false).Immutable(),
		field.Time("created_at").Immutable().Default(timeNow).Annotations(entgql.OrderField("CREATED_AT")),
		field.Time("read_at").Optional().Nillable(),
	}
}

func (Notification) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("user", User.Type).Ref("notifications").Field("user_id").Unique().Required().Immutable().
			Annotations(entgql.Skip(entgql.SkipAll)),
	}
}

func (Notification) Indexes() []ent.Index {
	return []ent.Index{index.Fields("user_id", "read_at"), index.Fields("user_id", "created_at")}
}

func (Notification) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.RelayConnection(), entgql.MultiOrder()}
}

// NotificationPreference is one user's choice of email for one kind of
// notification; without a row, the kind's default applies.
type NotificationPreference struct{ ent.Schema }

func (NotificationPreference) Mixin() []ent.Mixin { return []ent.Mixin{TenantMixin{}, Personal{}} }

func (NotificationPreference) Fields() []ent.Field {
	return []ent.Field{
		field.Int("user_id").Immutable(),
		field.String("kind").Immutable().MaxLen(64),
		field.Bool("email"),
	}
}

func (NotificationPreference) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("user", User.Type).Ref("notification_preferences").Field("user_id").Unique().Required().Immutable(),
	}
}

func (NotificationPreference) Indexes() []ent.Index {
	return []ent.Index{index.Fields("user_id", "kind").Unique()}
}

func (NotificationPreference) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip(entgql.SkipAll)}
}

// UsageAlert records that an application's usage of a metric reached a
// level (a percentage of its limit) in one period instance: at most one per
// application, metric, period instance and level.
type UsageAlert struct{ ent.Schema }

func (UsageAlert) Mixin() []ent.Mixin {
	return []ent.Mixin{TenantMixin{}, Rights{Read: []viewer.Section{viewer.SectionMonitoring, viewer.SectionPartners},
		Write: viewer.SectionMonitoring, Product: "product_id"}}
}

func (UsageAlert) Fields() []ent.Field {
	return []ent.Field{
		field.Int("application_id").Immutable(),
		field.Int("product_id").Immutable(),
		field.Int("account_id").Immutable(),
		field.Int("metric_id").Immutable(),
		field.String("metric_name").Immutable().MaxLen(255),
		field.Enum("period").Values("MINUTE", "HOUR", "DAY", "WEEK", "MONTH", "YEAR", "ETERNITY").Immutable(),
		field.Time("period_start").Immutable(),
		field.Int("level").Immutable().Comment("the percentage of the limit reached: 50, 80, 90, 100, 120, 150, 200 or 300"),
		field.Int64("value").Immutable().Comment("the usage when the level was seen"),
		field.Int64("max").Immutable().Comment("the limit"),
		field.Time("created_at").Immutable().Default(timeNow).Annotations(entgql.OrderField("CREATED_AT")),
		field.Time("read_at").Optional().Nillable(),
	}
}

func (UsageAlert) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("application", Application.Type).Ref("usage_alerts").Field("application_id").Unique().Required().Immutable(),
		edge.From("product", Product.Type).Ref("usage_alerts").Field("product_id").Unique().Required().Immutable(),
		edge.From("account", Account.Type).Ref("usage_alerts").Field("account_id").Unique().Required().Immutable(),
	}
}

func (UsageAlert) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("application_id", "metric_id", "period", "period_start", "level").Unique(),
		index.Fields("tenant_id", "created_at"),
		index.Fields("product_id", "created_at"),
		index.Fields("account_id"),
	}
}

func (UsageAlert) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.QueryField(), entgql.RelayConnection(), entgql.MultiOrder()}
}
