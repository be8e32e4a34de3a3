package schema

import (
	"context"

	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/dialect/sql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"
	"github.com/portico-apim/portico/ent/intercept"
	"github.com/portico-apim/portico/schema/viewer"
)

// Tenant is an API provider: the owner of products, developer accounts and
// everything under them. The master account is the tenant with master set.
type Tenant struct{ ent.Schema }

func (Tenant) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

func (Tenant) Fields() []ent.Field {
	return []ent.Field{
		field.String("org_name").NotEmpty().MaxLen(255).Annotations(entgql.OrderField("ORG_NAME")),
		field.String("admin_domain").NotEmpty().MaxLen(255).Unique().Validate(ValidateDomain),
		field.String("developer_domain").Optional().MaxLen(255).Validate(func(s string) error {
			if s == "" {
				return nil
			}
			return ValidateDomain(s)
		}),
		field.String("time_zone").Default("UTC").MaxLen(64).Validate(ValidateTimeZone).
			Comment("IANA time zone of analytics and of billing periods"),
		field.String("company_address1").Optional().MaxLen(255),
		field.String("company_address2").Optional().MaxLen(255),
		field.String("company_city").Optional().MaxLen(255),
		field.String("company_region").Optional().MaxLen(255),
		field.String("company_zip").Optional().MaxLen(64),
		field.String("company_country").Optional().MaxLen(255),
		field.String("company_phone").Optional().MaxLen(64),
		field.String("vat_code").Optional().MaxLen(255),
		field.String("from_email").Optional().MaxLen(255).Comment("sender of the tenant's email"),
		field.String("support_email").Optional().MaxLen(255),
		field.Bool("strong_passwords").Default(false).
			Comment("require 8+ characters with upper and lower case, a digit and a special character"),
		field.Bool("signups_enabled").Default(true).
			Comment("usage rule: developers may sign up themselves; false means accounts join by invitation or admin creation only"),
		field.Bool("account_approval_required").Default(false).
			Comment("usage rule: accounts that sign up wait PENDING until an admin approves them"),
		field.Bool("developer_details_editable").Default(true).
			Comment("usage rule: developers may edit their own account and user details"),
		field.Bool("account_plans_ui_visible").Default(false).
			Comment("the console shows Audience › Accounts › Account Plans; off while every account shares the default plan"),
		field.Bool("service_plans_ui_visible").Default(false).
			Comment("the console shows each product's Subscriptions › Service Plans; off while every subscription shares the default plan"),
		field.Enum("change_account_plan_permission").Values(planChangePermissions...).Default("REQUEST").
			Comment("usage rule: whether developers change their account's plan directly, request a change, need a credit card for paid plans, or may not change it"),
		field.Enum("change_service_plan_permission").Values(planChangePermissions...).Default("REQUEST").
			Comment("usage rule: the same choice for the service plans of their subscriptions"),
		field.String("provider_key").Unique().Sensitive().Annotations(entgql.Skip(entgql.SkipAll)),
		field.Bool("master").Default(false).Immutable().Annotations(skipInputs()),
		field.Enum("state").Values("PENDING", "APPROVED", "REJECTED", "SUSPENDED", "SCHEDULED_FOR_DELETION").Default("APPROVED").
			Annotations(skipInputs()).
			Comment("only an approved tenant serves: its team logs in, its tokens and provider key work, its gateways get answers"),
		field.Time("state_changed_at").Optional().Nillable().Annotations(skipInputs()).
			Comment("when the state last changed; a tenant scheduled for deletion is purged 15 days after"),
	}
}

// Interceptors let a viewer see only its own tenant; the master sees all.
func (Tenant) Interceptors() []ent.Interceptor {
	return []ent.Interceptor{
		ent.TraverseFunc(func(ctx context.Context, q ent.Query) error {
			v := viewer.FromContext(ctx)
			switch {
			case v == nil:
				return ErrNoViewer
			case v.IsSystem() || v.Master:
				return nil
			}
			w, err := intercept.NewQuery(q)
			if err != nil {
				return err
			}
			w.WhereP(sql.FieldEQ("id", v.TenantID))
			return nil
		}),
	}
}

// Hooks let only the system create or delete tenants, and a viewer change
// only its own tenant.
func (Tenant) Hooks() []ent.Hook {
	return []ent.Hook{
		func(next ent.Mutator) ent.Mutator {
			return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
				v := viewer.FromContext(ctx)
				switch {
				case v == nil:
					return nil, ErrNoViewer
				case v.IsSystem():
					return next.Mutate(ctx, m)
				case !v.CanWrite():
					return nil, ErrReadOnly
				case m.Op().Is(ent.OpCreate) || m.Op().Is(ent.OpDelete) || m.Op().Is(ent.OpDeleteOne):
					return nil, ErrForbidden
				case !v.IsAdmin():
					return nil, ErrForbidden
				}
				m.(wherePer).WhereP(sql.FieldEQ("id", v.TenantID))
				return next.Mutate(ctx, m)
			})
		},
	}
}

func (Tenant) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Mutations(entgql.MutationUpdate()), entgql.RelayConnection()}
}
