package mirror

import (
	"context"
	"strconv"

	"github.com/portico-apim/portico/ent"
	"github.com/portico-apim/portico/ent/account"
	"github.com/portico-apim/portico/ent/application"
	"github.com/portico-apim/portico/ent/backendusage"
	"github.com/portico-apim/portico/ent/metric"
	"github.com/portico-apim/portico/ent/plan"
	"github.com/portico-apim/portico/ent/predicate"
	"github.com/portico-apim/portico/ent/product"
	"github.com/portico-apim/portico/ent/servicetoken"
	"github.com/portico-apim/portico/ent/tenant"
	"github.com/portico-apim/portico/ent/usagelimit"
	"github.com/portico-apim/portico/schema/viewer"
	"github.com/portico-apim/portico/server/counter"
	"github.com/portico-apim/portico/server/decision"
	"github.com/portico-apim/portico/server/store"
)

func id(n int) string { return strconv.Itoa(n) }

// tenantData is what one tenant contributes to the snapshot.
type tenantData struct {
	services []decision.Service
	tokens   []decision.ServiceToken
	apps     []decision.Application
	rows     []appRow // the database row of each application in apps
}

// loadTenants reads the decision-plane view of the given tenants (all
// provider tenants when ids is nil).
func loadTenants(ctx context.Context, c *ent.Client, ids []int) (map[int]*tenantData, error) {
	ctx = store.Background(viewer.SystemContext(ctx))
	tq := c.Tenant.Query().Where(tenant.Master(false))
	if ids != nil {
		tq.Where(tenant.IDIn(ids...))
	}
	tenants, err := tq.All(ctx)
	if err != nil {
		return nil, err
	}
	out := make(map[int]*tenantData, len(tenants))
	if len(tenants) == 0 {
		return out, nil
	}
	tids := make([]int, len(tenants))
	byTenant := make(map[int]*ent.Tenant, len(tenants))
	for i, t := range tenants {
		tids[i] = t.ID
		byTenant[t.ID] = t
		out[t.ID] = &tenantData{}
	}

	products, err := c.Product.Query().Where(product.TenantIDIn(tids...)).Order(ent.Asc(product.FieldID)).All(ctx)
	if err != nil {
		return nil, err
	}
	metrics, err := c.Metric.Query().Where(metric.TenantIDIn(tids...)).Order(ent.Asc(metric.FieldID)).All(ctx)
	if err != nil {
		return nil, err
	}
	usages, err := c.BackendUsage.Query().Where(backendusage.TenantIDIn(tids...)).Order(ent.Asc(backendusage.FieldID)).All(ctx)
	if err != nil {
		return nil, err
	}
	plans, err := c.Plan.Query().Where(plan.TenantIDIn(tids...), plan.KindEQ(plan.KindAPPLICATION)).All(ctx)
	if err != nil {
		return nil, err
	}
	limits, err := c.UsageLimit.Query().Where(usagelimit.TenantIDIn(tids...)).All(ctx)
	if err != nil {
		return nil, err
	}
	tokens, err := c.ServiceToken.Query().Where(servicetoken.TenantIDIn(tids...)).All(ctx)
	if err != nil {
		return nil, err
	}
	apps, err := c.Application.Query().Where(application.TenantIDIn(tids...)).All(ctx)
	if err != nil {
		return nil, err
	}
	disabled, err := disabledAccounts(ctx, c, account.TenantIDIn(tids...))
	if err != nil {
		return nil, err
	}

	limitsByPlan := map[int][]decision.UsageLimit{}
	for _, l := range limits {
		limitsByPlan[l.PlanID] = append(limitsByPlan[l.PlanID], decision.UsageLimit{
			MetricID: id(l.MetricID), Period: periodOf(l.Period), Max: l.Value,
		})
	}
	metricsByProduct := map[int][]decision.Metric{}
	metricsByBackend := map[int][]*ent.Metric{}
	productHits := map[int]string{}
	for _, m := range metrics {
		switch {
		case m.ProductID != nil:
			dm := decision.Metric{ID: id(m.ID), Name: m.SystemName}
			if m.ParentID != nil {
				dm.ParentID = id(*m.ParentID)
			} else if m.SystemName == hits {
				productHits[*m.ProductID] = dm.ID
			}
			metricsByProduct[*m.ProductID] = append(metricsByProduct[*m.ProductID], dm)
		case m.BackendID != nil:
			metricsByBackend[*m.BackendID] = append(metricsByBackend[*m.BackendID], m)
		}
	}
	for _, u := range usages {
		metricsByProduct[u.ProductID] = append(metricsByProduct[u.ProductID],
			backendMetrics(metricsByBackend[u.BackendID], productHits[u.ProductID])...)
	}
	plansByProduct := map[int][]decision.Plan{}
	for _, p := range plans {
		if p.ProductID == nil {
			continue
		}
		plansByProduct[*p.ProductID] = append(plansByProduct[*p.ProductID], decision.Plan{
			ID: id(p.ID), Name: p.Name, Limits: limitsByPlan[p.ID],
		})
	}
	for _, p := range products {
		t := byTenant[p.TenantID]
		state := decision.ServiceActive
		if t.State != tenant.StateAPPROVED {
			state = "suspended"
		}
		out[p.TenantID].services = append(out[p.TenantID].services, decision.Service{
			ID: id(p.ID), ProviderKey: t.ProviderKey, State: state, AuthMode: authMode(p.Authentication),
			ReferrerFiltersRequired: p.ReferrerFiltersRequired, RateLimitHeaders: p.RateLimitHeaders,
			Metrics: metricsByProduct[p.ID], Plans: plansByProduct[p.ID],
		})
	}
	for _, tok := range tokens {
		out[tok.TenantID].tokens = append(out[tok.TenantID].tokens, decision.ServiceToken{Token: tok.Value, ServiceID: id(tok.ProductID)})
	}
	for _, a := range apps {
		td := out[a.TenantID]
		td.apps = append(td.apps, appOf(a, disabled[a.AccountID]))
		td.rows = append(td.rows, appRow{a.ID, a.TenantID, a.AccountID})
	}
	return out, nil
}

// readFields are, for the types the mirror follows one row at a time, the
// fields appOf and loadTenants read: an update of any other field
// changes nothing a decision reads. Other mirrored types list none, and
// every field of theirs but the bookkeeping ones counts.
var readFields = map[string]map[string]bool{
	"Application": {
		application.FieldState: true, application.FieldAppID: true, application.FieldUserKey: true,
		application.FieldAppKeys: true, application.FieldReferrerFilters: true, application.FieldRedirectURL: true,
		application.FieldPlanID: true, application.FieldProductID: true, application.FieldAccountID: true,
		application.FieldTenantID: true,
	},
	"Account": {account.FieldState: true},
}

// disabledAccounts returns the accounts among those where selects whose
// applications the decision plane refuses: suspended or scheduled for
// deletion.
func disabledAccounts(ctx context.Context, c *ent.Client, where predicate.Account) (map[int]bool, error) {
	ids, err := c.Account.Query().Where(where, account.StateIn(account.StateSUSPENDED, account.StateSCHEDULED_FOR_DELETION)).IDs(ctx)
	if err != nil {
		return nil, err
	}
	out := make(map[int]bool, len(ids))
	for _, id := range ids {
		out[id] = true
	}
	return out, nil
}

// appOf is how the decision plane sees an application row.
func appOf(a *ent.Application, accountDisabled bool) decision.Application {
	da := decision.Application{
		ServiceID: id(a.ProductID), State: appState(a, accountDisabled), PlanID: id(a.PlanID),
		Keys: a.AppKeys, ReferrerFilters: a.ReferrerFilters, RedirectURL: a.RedirectURL,
		Ref: a.ID, Tenant: a.TenantID,
	}
	switch {
	case a.AppID != nil:
		da.ID = *a.AppID
	case a.UserKey != nil:
		// user_key applications are identified by their key; the id is
		// the database id so it is unique and stable.
		da.ID = id(a.ID)
	}
	if a.UserKey != nil {
		da.UserKey = *a.UserKey
	}
	return da
}

// loadApplications reads the applications with the given ids and every
// application of the given accounts, with their rows.
func loadApplications(ctx context.Context, c *ent.Client, ids, accounts []int) ([]decision.Application, []appRow, error) {
	ctx = store.Background(viewer.SystemContext(ctx))
	apps, err := c.Application.Query().Where(application.Or(application.IDIn(ids...), application.AccountIDIn(accounts...))).All(ctx)
	if err != nil {
		return nil, nil, err
	}
	owners := make([]int, 0, len(apps))
	for _, a := range apps {
		owners = append(owners, a.AccountID)
	}
	disabled, err := disabledAccounts(ctx, c, account.IDIn(owners...))
	if err != nil {
		return nil, nil, err
	}
	out := make([]decision.Application, len(apps))
	rows := make([]appRow, len(apps))
	for i, a := range apps {
		out[i] = appOf(a, disabled[a.AccountID])
		rows[i] = appRow{a.ID, a.TenantID, a.AccountID}
	}
	return out, rows, nil
}

// hits is the system name of the metric every product has; a backend's
// top-level metric of that name is the backend's hits.
const hits = "hits"

// backendMetrics is how a product using a backend sees the backend's metrics,
// as 3scale does: each is named "<system name>.<backend id>" (gateways
// configured from the product's proxy configuration report it so) and may
// also be given by its plain system name where no metric of the product and
// no other backend of it has that name; the backend's hits is a method of the
// product's hits (productHits, when the product has it), so that every call
// to a backend is a hit of the product.
func backendMetrics(ms []*ent.Metric, productHits string) []decision.Metric {
	out := make([]decision.Metric, 0, len(ms))
	for _, m := range ms {
		dm := decision.Metric{ID: id(m.ID), Name: m.SystemName + "." + id(*m.BackendID), Alias: m.SystemName}
		switch {
		case m.ParentID != nil:
			dm.ParentID = id(*m.ParentID)
		case m.SystemName == hits:
			dm.ParentID = productHits
		}
		out = append(out, dm)
	}
	return out
}

func authMode(a product.Authentication) decision.AuthMode {
	switch a {
	case product.AuthenticationUSER_KEY:
		return decision.AuthUserKey
	case product.AuthenticationOIDC:
		return decision.AuthOAuth
	}
	return decision.AuthAppID
}

func appState(a *ent.Application, accountDisabled bool) string {
	switch {
	case accountDisabled:
		return "suspended"
	case a.State == application.StateLIVE:
		return decision.ServiceActive
	}
	return string(a.State)
}

func periodOf(p usagelimit.Period) counter.Period {
	switch p {
	case usagelimit.PeriodMINUTE:
		return counter.Minute
	case usagelimit.PeriodHOUR:
		return counter.Hour
	case usagelimit.PeriodDAY:
		return counter.Day
	case usagelimit.PeriodWEEK:
		return counter.Week
	case usagelimit.PeriodMONTH:
		return counter.Month
	case usagelimit.PeriodYEAR:
		return counter.Year
	}
	return counter.Eternity
}
