package mirror

import (
	"context"
	"strconv"

	"github.com/portico-apim/portico/ent"
	"github.com/portico-apim/portico/ent/account"
	"github.com/portico-apim/portico/ent/application"
	"github.com/portico-apim/portico/ent/metric"
	"github.com/portico-apim/portico/ent/plan"
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
	dbIDs    []int // database id of each application in apps
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
	metrics, err := c.Metric.Query().Where(metric.TenantIDIn(tids...), metric.ProductIDNotNil()).All(ctx)
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
	disabledAccounts, err := c.Account.Query().
		Where(account.TenantIDIn(tids...), account.StateIn(account.StateSUSPENDED, account.StateSCHEDULED_FOR_DELETION)).IDs(ctx)
	if err != nil {
		return nil, err
	}
	disabled := make(map[int]bool, len(disabledAccounts))
	for _, a := range disabledAccounts {
		disabled[a] = true
	}

	limitsByPlan := map[int][]decision.UsageLimit{}
	for _, l := range limits {
		limitsByPlan[l.PlanID] = append(limitsByPlan[l.PlanID], decision.UsageLimit{
			MetricID: id(l.MetricID), Period: periodOf(l.Period), Max: l.Value,
		})
	}
	metricsByProduct := map[int][]decision.Metric{}
	for _, m := range metrics {
		dm := decision.Metric{ID: id(m.ID), Name: m.SystemName}
		if m.ParentID != nil {
			dm.ParentID = id(*m.ParentID)
		}
		metricsByProduct[*m.ProductID] = append(metricsByProduct[*m.ProductID], dm)
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
			ReferrerFiltersRequired: p.ReferrerFiltersRequired,
			Metrics:                 metricsByProduct[p.ID], Plans: plansByProduct[p.ID],
		})
	}
	for _, tok := range tokens {
		out[tok.TenantID].tokens = append(out[tok.TenantID].tokens, decision.ServiceToken{Token: tok.Value, ServiceID: id(tok.ProductID)})
	}
	for _, a := range apps {
		da := decision.Application{
			ServiceID: id(a.ProductID), State: appState(a, disabled[a.AccountID]), PlanID: id(a.PlanID),
			Keys: a.AppKeys, ReferrerFilters: a.ReferrerFilters, RedirectURL: a.RedirectURL,
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
		td := out[a.TenantID]
		td.apps = append(td.apps, da)
		td.dbIDs = append(td.dbIDs, a.ID)
	}
	return out, nil
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
