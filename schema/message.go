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

// Message is an internal message between the provider and developer
// accounts: sent by the provider to one or many accounts, or by an account
// to the provider. Each receiver has a MessageRecipient row with its own
// read state.
type Message struct{ ent.Schema }

func (Message) Mixin() []ent.Mixin {
	return []ent.Mixin{TenantMixin{}, TimeMixin{}, Rights{Read: partners, Write: viewer.SectionPartners}}
}

func (Message) Fields() []ent.Field {
	return []ent.Field{
		field.Enum("direction").Values("TO_ACCOUNTS", "TO_PROVIDER").Immutable().
			Annotations(entgql.OrderField("DIRECTION")).
			Comment("TO_ACCOUNTS: sent by the provider; TO_PROVIDER: sent by a developer account"),
		field.Int("sender_account_id").Optional().Nillable().Immutable().
			Comment("the developer account that sent it; empty when the provider sent it"),
		field.Int("sender_user_id").Optional().Nillable().Immutable().Annotations(skipInputs()).
			Comment("the person who wrote it; emptied when that user is deleted"),
		field.Int("reply_to_id").Optional().Nillable().Immutable().Comment("the message this one answers"),
		field.String("subject").NotEmpty().MaxLen(998).Immutable().Annotations(entgql.OrderField("SUBJECT")),
		field.Text("body").Immutable().MaxLen(65535),
		field.Enum("state").Values("UNSENT", "SENT").Default("SENT").Annotations(skipInputs()),
	}
}

func (Message) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("sender_account", Account.Type).Field("sender_account_id").Unique().Immutable().Annotations(entsqlCascade()),
		edge.To("sender_user", User.Type).Field("sender_user_id").Unique().Immutable().
			Annotations(skipInputs(), entsqlSetNull()),
		edge.To("recipients", MessageRecipient.Type).Annotations(skipInputs(), entgql.RelayConnection(), entsqlCascade()),
		edge.To("replies", Message.Type).From("reply_to").Field("reply_to_id").Unique().Immutable().
			Annotations(skipInputs()),
	}
}

func (Message) Indexes() []ent.Index {
	return []ent.Index{index.Fields("tenant_id", "direction", "created_at")}
}

func (Message) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.QueryField(), entgql.RelayConnection(), entgql.MultiOrder()}
}

// MessageRecipient is one receiver's copy of a message: a developer account's
// inbox entry, or the provider's (account empty), with its read state.
type MessageRecipient struct{ ent.Schema }

func (MessageRecipient) Mixin() []ent.Mixin {
	return []ent.Mixin{TenantMixin{}, TimeMixin{}, Rights{Read: partners, Write: viewer.SectionPartners}}
}

func (MessageRecipient) Fields() []ent.Field {
	return []ent.Field{
		field.Int("message_id").Immutable(),
		field.Int("account_id").Optional().Nillable().Immutable().Comment("empty: the provider's inbox"),
		field.Time("read_at").Optional().Nillable().Annotations(skipInputs(), entgql.OrderField("READ_AT")),
	}
}

func (MessageRecipient) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("message", Message.Type).Ref("recipients").Field("message_id").Unique().Required().Immutable(),
		edge.To("account", Account.Type).Field("account_id").Unique().Immutable().Annotations(entsqlCascade()),
	}
}

func (MessageRecipient) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("message_id", "account_id").Unique(),
		index.Fields("tenant_id", "account_id", "read_at"),
	}
}

func (MessageRecipient) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.QueryField(), entgql.RelayConnection(), entgql.MultiOrder()}
}
