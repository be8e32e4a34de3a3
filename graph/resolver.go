package graph

import (
	"context"

	"github.com/portico-apim/portico/ent"
	"github.com/portico-apim/portico/server/analytics"
	"github.com/portico-apim/portico/server/audience"
	"github.com/portico-apim/portico/server/auth"
	"github.com/portico-apim/portico/server/billing"
	"github.com/portico-apim/portico/server/catalog"
	"github.com/portico-apim/portico/server/discovery"
	"github.com/portico-apim/portico/server/mail"
	"github.com/portico-apim/portico/server/notify"
	"github.com/portico-apim/portico/server/openapi"
	"github.com/portico-apim/portico/server/payments"
	"github.com/portico-apim/portico/server/proxyconf"
	"github.com/portico-apim/portico/server/search"
	"github.com/portico-apim/portico/server/sso"
	"github.com/portico-apim/portico/server/store"
	"github.com/portico-apim/portico/server/tenants"
	"github.com/portico-apim/portico/server/webhooks"
)

// Resolver is the root resolver: thin glue from GraphQL to the domain
// services. It holds no request state.
type Resolver struct {
	Client   *ent.Client
	Catalog  *catalog.Service
	Audience *audience.Service
	Auth     *auth.Service
	SSO      *sso.Service
	// ProxyConf owns integration settings and gateway configurations.
	ProxyConf *proxyconf.Service
	// OpenAPI imports OpenAPI documents and keeps ActiveDocs.
	OpenAPI *openapi.Service
	// Discovery lists and imports Kubernetes services.
	Discovery *discovery.Service
	// Analytics answers usage series, top applications and response codes.
	Analytics *analytics.Service
	// Webhooks keeps the webhook settings and the delivery log.
	Webhooks *webhooks.Service
	// Billing owns billing settings, invoices, the billing run and previews.
	Billing *billing.Service
	// Payments keeps the payment gateway and developers' cards.
	Payments *payments.Service
	// Mail keeps the tenants' email templates.
	Mail *mail.Service
	// Searcher answers the console's global search.
	Searcher *search.Service
	// Notify is the notification feed, preferences and usage alerts.
	Notify *notify.Service
	// Tenants serves the master's view of provider tenants.
	Tenants *tenants.Service
}

// client is the ent client of the request: bound to the mutation's
// transaction when there is one.
func (r *Resolver) client(ctx context.Context) *ent.Client {
	return store.Client(ctx, r.Client)
}
