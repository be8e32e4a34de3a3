package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// Webhook is a tenant's webhook endpoint: where events about its developer
// accounts, users and applications are POSTed, which of them, in which
// format, and the secret deliveries are signed with. A tenant has at most
// one.
type Webhook struct{ ent.Schema }

func (Webhook) Mixin() []ent.Mixin {
	return []ent.Mixin{TenantMixin{}, TimeMixin{}, Rights{AdminOnly: true}}
}

func (Webhook) Fields() []ent.Field {
	return []ent.Field{
		field.String("url").Default("").MaxLen(2048),
		field.Bool("active").Default(false),
		field.Bool("provider_actions").Default(false).
			Comment("whether actions of the tenant's own team (console, access tokens) fire webhooks"),
		field.Strings("events").Default([]string{}).Annotations(entgql.Skip(entgql.SkipAll)).
			Comment("the switched-on events, such as account_created"),
		field.Enum("format").Values("XML", "JSON").Default("XML"),
		field.String("secret_sealed").Sensitive().Default("").Annotations(entgql.Skip(entgql.SkipAll)).
			Comment("the signing secret, encrypted with a key derived from the server's signing key"),
		field.Time("secret_rotated_at").Optional().Nillable(),
	}
}

func (Webhook) Indexes() []ent.Index {
	return []ent.Index{index.Fields("tenant_id").Unique().StorageKey("webhooks_one_per_tenant")}
}

func (Webhook) Annotations() []schema.Annotation {
	return []schema.Annotation{}
}

// WebhookDelivery is one event sent (or being sent) to a tenant's webhook:
// the request, the last response, the attempts. Failed deliveries form the
// failure list until cleared.
type WebhookDelivery struct{ ent.Schema }

func (WebhookDelivery) Mixin() []ent.Mixin {
	return []ent.Mixin{TenantMixin{}, Rights{AdminOnly: true}}
}

func (WebhookDelivery) Fields() []ent.Field {
	return []ent.Field{
		field.String("event_id").Immutable().MaxLen(64).Comment("the event's id, the same for every delivery of the event"),
		field.Int("domain_event_id").Optional().Nillable().Immutable().Comment("the outbox event; none for test events"),
		field.String("event_type").Immutable().MaxLen(64).Annotations(entgql.OrderField("EVENT_TYPE")).
			Comment("3scale's type and action, such as application.key_created"),
		field.String("object_type").Immutable().MaxLen(32),
		field.Int("object_id").Immutable(),
		field.Bool("test").Default(false).Immutable(),
		field.Int("replay_of_id").Optional().Nillable().Immutable(),
		field.String("url").Immutable().MaxLen(2048),
		field.Enum("format").Values("XML", "JSON").Immutable(),
		field.Text("request_body").Immutable(),
		field.Enum("state").Values("PENDING", "DELIVERED", "FAILED").Default("PENDING").Annotations(entgql.OrderField("STATE")),
		field.Bool("queued").Default(false).Annotations(entgql.Skip(entgql.SkipAll)).
			Comment("whether its delivery job exists; replays and test events are queued by the outbox consumer"),
		field.Int("attempts").Default(0),
		field.Int("response_status").Optional().Nillable(),
		field.Text("response_body").Optional().Comment("the start of the last response's body"),
		field.String("error").Optional().MaxLen(1024).Comment("why the last attempt failed"),
		field.Int("latency_ms").Optional().Nillable().Comment("the last attempt's duration"),
		field.Time("created_at").Immutable().Default(timeNow).Annotations(entgql.OrderField("CREATED_AT")),
		field.Time("last_attempt_at").Optional().Nillable(),
		field.Time("delivered_at").Optional().Nillable(),
		field.Time("failed_at").Optional().Nillable(),
		field.Time("cleared_at").Optional().Nillable().Comment("when it left the failure list"),
	}
}

func (WebhookDelivery) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("tenant_id", "created_at"),
		index.Fields("tenant_id", "state", "failed_at"),
		index.Fields("domain_event_id").Unique(),
		index.Fields("queued", "state"),
	}
}

func (WebhookDelivery) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.QueryField(), entgql.RelayConnection(), entgql.MultiOrder()}
}
