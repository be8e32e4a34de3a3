package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/portico-apim/portico/schema/policy"
	"github.com/portico-apim/portico/schema/viewer"
)

// Proxy holds a product's integration settings (3scale's proxy): the
// gateway's public URLs, where it forwards, how it reads credentials, what it
// answers on errors and its policy chain. A product has at most one; without
// it the defaults apply.
type Proxy struct{ ent.Schema }

func (Proxy) Mixin() []ent.Mixin {
	return []ent.Mixin{TenantMixin{}, TimeMixin{}, Rights{Read: integrators, Write: viewer.SectionPlans, Product: "product_id"}}
}

func (Proxy) Fields() []ent.Field {
	errorBody := func(name, body string, status int) []ent.Field {
		return []ent.Field{
			field.String("error_" + name).Default(body).MaxLen(65535),
			field.Int("error_status_"+name).Default(status).Range(100, 599),
			field.String("error_headers_" + name).Default("text/plain; charset=us-ascii").MaxLen(255),
		}
	}
	fields := []ent.Field{
		field.Int("product_id").Immutable().Unique(),
		field.String("staging_endpoint").Optional().MaxLen(255).Comment("public base URL of the staging gateway"),
		field.String("production_endpoint").Optional().MaxLen(255).Comment("public base URL of the production gateway"),
		field.String("api_backend").Optional().MaxLen(255).
			Comment("private base URL the gateway forwards to; empty when the product uses backend usages"),
		field.Enum("credentials_location").Values("QUERY", "HEADERS", "AUTHORIZATION").Default("QUERY"),
		field.String("auth_user_key").Default("user_key").NotEmpty().MaxLen(255),
		field.String("auth_app_id").Default("app_id").NotEmpty().MaxLen(255),
		field.String("auth_app_key").Default("app_key").NotEmpty().MaxLen(255),
	}
	fields = append(fields, errorBody("auth_failed", "Authentication failed", 403)...)
	fields = append(fields, errorBody("auth_missing", "Authentication parameters missing", 403)...)
	fields = append(fields, errorBody("no_match", "No Mapping Rule matched", 404)...)
	fields = append(fields, errorBody("limits_exceeded", "Usage limit exceeded", 429)...)
	return append(fields,
		field.String("secret_token").Optional().MaxLen(255).
			Comment("sent by the gateway to the API backend in X-3scale-proxy-secret-token"),
		field.String("hostname_rewrite").Optional().MaxLen(255).Comment("Host header sent to the API backend"),
		field.String("oidc_issuer_endpoint").Optional().MaxLen(255),
		field.Enum("oidc_issuer_type").Values("KEYCLOAK", "REST").Default("KEYCLOAK"),
		// The OAuth 2.0 flows the OpenID Connect provider's clients may use.
		field.Bool("oidc_standard_flow_enabled").Default(true).Comment("authorization code flow"),
		field.Bool("oidc_implicit_flow_enabled").Default(false),
		field.Bool("oidc_service_accounts_enabled").Default(false).Comment("client credentials flow"),
		field.Bool("oidc_direct_access_grants_enabled").Default(false).Comment("resource owner password flow"),
		field.JSON("policy_chain", []policy.Config{}).Optional(),
		field.Int("lock_version").Default(0),
	)
}

func (Proxy) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("product", Product.Type).Ref("proxy").Field("product_id").Unique().Required().Immutable(),
	}
}

func (Proxy) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip(entgql.SkipAll)}
}

// ProxyConfig is one version of the configuration a product's gateway
// downloads for an environment. Staging versions are stored when the
// configuration changes; production versions are copies of staging ones
// keeping their number.
type ProxyConfig struct{ ent.Schema }

func (ProxyConfig) Mixin() []ent.Mixin {
	return []ent.Mixin{TenantMixin{}, Rights{Read: integrators, Write: viewer.SectionPlans, Product: "product_id"}}
}

func (ProxyConfig) Fields() []ent.Field {
	return []ent.Field{
		field.Int("product_id").Immutable(),
		field.Enum("environment").Values("STAGING", "PRODUCTION").Immutable(),
		field.Int("version").Immutable().Positive(),
		field.Text("content").Immutable().Comment("the configuration JSON exactly as served to gateways"),
		field.JSON("hosts", []string{}).Immutable().Comment("host names of the configuration's public URLs"),
		field.Time("created_at").Immutable().Default(timeNow),
	}
}

func (ProxyConfig) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("product", Product.Type).Ref("proxy_configs").Field("product_id").Unique().Required().Immutable(),
	}
}

func (ProxyConfig) Indexes() []ent.Index {
	return []ent.Index{index.Fields("product_id", "environment", "version").Unique()}
}

func (ProxyConfig) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip(entgql.SkipAll)}
}
