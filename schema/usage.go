package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/portico-apim/portico/schema/viewer"
)

// UsageBucket is accepted usage of one metric of one application rolled up
// over one time bucket (minute, hour, day or month, starting at start in
// UTC): the source of analytics and of variable-cost billing. The metric may
// be a backend's: its buckets then hold what came through the application's
// product, and the backend's usage sums them over every product.
type UsageBucket struct{ ent.Schema }

func (UsageBucket) Mixin() []ent.Mixin {
	return []ent.Mixin{TenantMixin{}, Rights{Read: analyticsReader, Product: "product_id"}}
}

func (UsageBucket) Fields() []ent.Field {
	return []ent.Field{
		field.Int("application_id").Immutable(),
		// product_id is the product the usage came through, also for a
		// backend's metric (which any product using the backend counts).
		field.Int("product_id").Immutable().Annotations(entgql.Type("ID")),
		field.Int("metric_id").Immutable(),
		field.Enum("granularity").Values("MINUTE", "HOUR", "DAY", "MONTH").Immutable(),
		field.Time("start").Immutable().Annotations(entgql.OrderField("START")),
		field.Int64("value"),
	}
}

func (UsageBucket) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("application", Application.Type).Field("application_id").Unique().Required().Immutable().
			Annotations(entsqlCascade()),
		edge.To("metric", Metric.Type).Field("metric_id").Unique().Required().Immutable().
			Annotations(entsqlCascade()),
	}
}

func (UsageBucket) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("application_id", "metric_id", "granularity", "start").Unique(),
		// A product's applications ranked by a metric (top applications):
		// covering on PostgreSQL, so the ranking reads the index only.
		index.Fields("product_id", "metric_id", "granularity", "start").
			Annotations(entsql.IncludeColumns("application_id", "value", "tenant_id")),
		// A backend's usage is the usage of its metrics through every
		// product: read by metric.
		index.Fields("metric_id", "granularity", "start"),
	}
}

func (UsageBucket) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.QueryField(), entgql.RelayConnection(), entgql.MultiOrder()}
}

// ProductUsageBucket is the usage of one metric through one product over
// one time bucket: the sum of the product's application buckets, kept by
// the same flush that writes them, so that a product's series (and a
// backend's, summed over the few products using it) reads one row per
// bucket instead of one per application. It keeps the traffic of
// applications deleted since, as the product's history.
type ProductUsageBucket struct{ ent.Schema }

func (ProductUsageBucket) Mixin() []ent.Mixin {
	return []ent.Mixin{TenantMixin{}, Rights{Read: analyticsReader, Product: "product_id"}}
}

func (ProductUsageBucket) Fields() []ent.Field {
	return []ent.Field{
		field.Int("product_id").Immutable(),
		field.Int("metric_id").Immutable(),
		field.Enum("granularity").Values("MINUTE", "HOUR", "DAY", "MONTH").Immutable(),
		field.Time("start").Immutable(),
		field.Int64("value"),
	}
}

func (ProductUsageBucket) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("product", Product.Type).Field("product_id").Unique().Required().Immutable().
			Annotations(entsqlCascade()),
		edge.To("metric", Metric.Type).Field("metric_id").Unique().Required().Immutable().
			Annotations(entsqlCascade()),
	}
}

func (ProductUsageBucket) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("product_id", "metric_id", "granularity", "start").Unique(),
		// A backend's usage sums its metrics' buckets over every product.
		index.Fields("metric_id", "granularity", "start"),
	}
}

func (ProductUsageBucket) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip(entgql.SkipAll)}
}

// ResponseCodeBucket counts the response codes gateways reported (log[code])
// for one application over one time bucket; code is the exact code ("404")
// or its class ("4XX").
type ResponseCodeBucket struct{ ent.Schema }

func (ResponseCodeBucket) Mixin() []ent.Mixin {
	return []ent.Mixin{TenantMixin{}, Rights{Read: analyticsReader, Product: "product_id"}}
}

func (ResponseCodeBucket) Fields() []ent.Field {
	return []ent.Field{
		field.Int("application_id").Immutable(),
		field.Int("product_id").Immutable().Annotations(entgql.Type("ID")),
		field.String("code").MaxLen(3).Immutable(),
		field.Enum("granularity").Values("MINUTE", "HOUR", "DAY", "MONTH").Immutable(),
		field.Time("start").Immutable().Annotations(entgql.OrderField("START")),
		field.Int64("value"),
	}
}

func (ResponseCodeBucket) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("application", Application.Type).Field("application_id").Unique().Required().Immutable().
			Annotations(entsqlCascade()),
	}
}

func (ResponseCodeBucket) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("application_id", "code", "granularity", "start").Unique(),
	}
}

func (ResponseCodeBucket) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.QueryField(), entgql.RelayConnection(), entgql.MultiOrder()}
}

// LatencyBucket holds the response times gateways reported for one
// application's calls (log[response_time]) over one hour or one day
// starting at start in UTC, as a mergeable quantile sketch (DDSketch, 1 %
// relative accuracy; see server/latency): percentiles of any longer span
// are those of the merged sketches. The rollup merges each flush into the
// stored sketch.
type LatencyBucket struct{ ent.Schema }

func (LatencyBucket) Mixin() []ent.Mixin {
	return []ent.Mixin{TenantMixin{}, Rights{Read: analyticsReader, Product: "product_id"}}
}

func (LatencyBucket) Fields() []ent.Field {
	return []ent.Field{
		field.Int("application_id").Immutable(),
		field.Int("product_id").Immutable(),
		field.Enum("granularity").Values("HOUR", "DAY").Immutable(),
		field.Time("start").Immutable(),
		// count is how many response times the sketch holds.
		field.Int64("count"),
		field.Bytes("sketch"),
	}
}

func (LatencyBucket) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("application", Application.Type).Field("application_id").Unique().Required().Immutable().
			Annotations(entsqlCascade()),
	}
}

func (LatencyBucket) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("application_id", "granularity", "start").Unique(),
	}
}

func (LatencyBucket) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip(entgql.SkipAll)}
}

// ProductLatencyBucket is the response times of every call through one
// product over one hour or day: the merge of its application buckets, kept
// by the same flush, so that a product's latency reads one row per bucket
// instead of one per application. It keeps the response times of
// applications deleted since.
type ProductLatencyBucket struct{ ent.Schema }

func (ProductLatencyBucket) Mixin() []ent.Mixin {
	return []ent.Mixin{TenantMixin{}, Rights{Read: analyticsReader, Product: "product_id"}}
}

func (ProductLatencyBucket) Fields() []ent.Field {
	return []ent.Field{
		field.Int("product_id").Immutable(),
		field.Enum("granularity").Values("HOUR", "DAY").Immutable(),
		field.Time("start").Immutable(),
		field.Int64("count"),
		field.Bytes("sketch"),
	}
}

func (ProductLatencyBucket) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("product", Product.Type).Field("product_id").Unique().Required().Immutable().
			Annotations(entsqlCascade()),
	}
}

func (ProductLatencyBucket) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("product_id", "granularity", "start").Unique(),
	}
}

func (ProductLatencyBucket) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip(entgql.SkipAll)}
}

// IntegrationError is one entry of a product's integration error log: an
// error the decision plane answered a gateway, or a rejected report.
type IntegrationError struct{ ent.Schema }

func (IntegrationError) Mixin() []ent.Mixin {
	return []ent.Mixin{TenantMixin{}, Rights{Read: integrators, Write: viewer.SectionPlans, Product: "product_id"}}
}

func (IntegrationError) Fields() []ent.Field {
	return []ent.Field{
		field.Int("product_id").Immutable(),
		field.String("code").Immutable(),
		field.String("message").Immutable(),
		field.Time("occurred_at").Immutable().Annotations(entgql.OrderField("OCCURRED_AT")),
	}
}

func (IntegrationError) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("product", Product.Type).Field("product_id").Unique().Required().Immutable().
			Annotations(entsqlCascade()),
	}
}

func (IntegrationError) Indexes() []ent.Index {
	return []ent.Index{index.Fields("product_id", "occurred_at")}
}

func (IntegrationError) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.QueryField(), entgql.RelayConnection(), entgql.MultiOrder()}
}

// CounterEntry is one rate-limit counter of the in-process store, saved
// periodically and at shutdown so a restart of an embedded installation
// loses no usage. Redis installations do not use it.
type CounterEntry struct{ ent.Schema }

func (CounterEntry) Fields() []ent.Field {
	return []ent.Field{
		field.String("service"),
		field.String("application"),
		field.String("metric"),
		field.Int("period"),
		field.Int64("start"),
		field.Int64("value"),
	}
}

func (CounterEntry) Indexes() []ent.Index {
	return []ent.Index{index.Fields("service", "application", "metric", "period", "start").Unique()}
}

func (CounterEntry) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip(entgql.SkipAll)}
}

// JournalMark is how far a consumer of a usage journal (see server/journal)
// has saved what it read: every record of segments up to Segment is in the
// database. It is written in the same transaction as the saved state, so a
// replay at start applies each journaled record exactly once.
type JournalMark struct{ ent.Schema }

func (JournalMark) Fields() []ent.Field {
	return []ent.Field{
		field.String("journal").NotEmpty().Immutable(),
		field.String("consumer").NotEmpty().Immutable(),
		field.Uint64("segment"),
	}
}

func (JournalMark) Indexes() []ent.Index {
	return []ent.Index{index.Fields("journal", "consumer").Unique()}
}

func (JournalMark) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip(entgql.SkipAll)}
}
