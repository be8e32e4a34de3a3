package compat_test

import (
	"encoding/json"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"testing"

	porta "github.com/3scale/3scale-porta-go-client/client"

	"github.com/portico-apim/portico/ent/accesstoken"
	entplan "github.com/portico-apim/portico/ent/plan"
	"github.com/portico-apim/portico/ent/product"
	"github.com/portico-apim/portico/ent/tenant"
	"github.com/portico-apim/portico/schema/viewer"
	"github.com/portico-apim/portico/server/apptest"
)

// clientRun records the porta-client methods a test calls and whether each
// call did what was expected.
type clientRun struct {
	t      *testing.T
	passed map[string]bool
	failed map[string]string
}

// check records one call of method: err must be nil and every condition
// true.
func (r *clientRun) check(method string, err error, ok ...bool) bool {
	r.t.Helper()
	if err != nil {
		r.failed[method] = err.Error()
		r.t.Errorf("%s: %v", method, err)
		return false
	}
	for i, c := range ok {
		if !c {
			r.failed[method] = "unexpected answer (check " + strconv.Itoa(i+1) + ")"
			r.t.Errorf("%s: unexpected answer (check %d)", method, i+1)
			return false
		}
	}
	if _, bad := r.failed[method]; !bad {
		r.passed[method] = true
	}
	return true
}

// must stops the test when a call the rest depends on failed.
func (r *clientRun) must(method string, err error, ok ...bool) {
	r.t.Helper()
	if !r.check(method, err, ok...) {
		r.t.FailNow()
	}
}

func newPortaClient(t *testing.T, in *apptest.Instance, token string) *porta.ThreeScaleClient {
	t.Helper()
	u, err := url.Parse(in.URL)
	if err != nil {
		t.Fatal(err)
	}
	port, _ := strconv.Atoi(u.Port())
	ap, err := porta.NewAdminPortal(u.Scheme, u.Hostname(), port)
	if err != nil {
		t.Fatal(err)
	}
	return porta.NewThreeScale(ap, token, nil)
}

func i64(n int64) string { return strconv.FormatInt(n, 10) }

// TestPortaGoClient drives the server with the unchanged 3scale porta Go
// client (v0.12.0): it builds a product, a backend, metrics, methods, mapping
// rules, a plan with limits and pricing rules, an account with users and an
// application, deploys and promotes the configuration, reads it back, checks
// the same objects through GraphQL, then updates, lists and deletes.
func TestPortaGoClient(t *testing.T) {
	in := apptest.Start(t)
	ctx := apptest.SystemContext()
	tn, err := in.Client().Tenant.Query().Where(tenant.Master(false)).Only(ctx)
	if err != nil {
		t.Fatal(err)
	}
	token := newToken(t, in, tn.ID, accesstoken.PermissionRW, viewer.ScopeAccountManagement)
	c := newPortaClient(t, in, token)
	r := &clientRun{t: t, passed: map[string]bool{}, failed: map[string]string{}}
	defer func() {
		names := make([]string, 0, len(r.passed))
		for n := range r.passed {
			names = append(names, n)
		}
		sort.Strings(names)
		t.Logf("porta-go-client v0.12.0: %d of %d methods called pass: %s", len(r.passed), len(r.passed)+len(r.failed), strings.Join(names, ", "))
		for n, why := range r.failed {
			t.Logf("failed: %s: %s", n, why)
		}
	}()

	// A product with a backend, metrics, methods and mapping rules.
	prod, err := c.CreateProduct("Payments API", porta.Params{"system_name": "payments", "description": "Card payments", "backend_version": "2"})
	r.must("CreateProduct", err, prod.Element.SystemName == "payments", prod.Element.BackendVersion == "2")
	pid := prod.Element.ID
	got, err := c.Product(pid)
	r.check("Product", err, got.Element.Name == "Payments API", got.Element.Description == "Card payments")
	got, err = c.UpdateProduct(pid, porta.Params{"description": "Card and wallet payments"})
	r.check("UpdateProduct", err, got.Element.Description == "Card and wallet payments", got.Element.SystemName == "payments")

	be, err := c.CreateBackendApi(porta.Params{"name": "Ledger", "system_name": "ledger", "private_endpoint": "https://ledger.internal:8443"})
	r.must("CreateBackendApi", err, be.Element.PrivateEndpoint == "https://ledger.internal:8443")
	bid := be.Element.ID
	beGot, err := c.BackendApi(bid)
	r.check("BackendApi", err, beGot.Element.SystemName == "ledger")
	beGot, err = c.UpdateBackendApi(bid, porta.Params{"description": "Double-entry ledger"})
	r.check("UpdateBackendApi", err, beGot.Element.Description == "Double-entry ledger")
	usage, err := c.CreateBackendapiUsage(pid, porta.Params{"backend_api_id": i64(bid), "path": "/ledger"})
	r.must("CreateBackendapiUsage", err, usage.Element.Path == "/ledger", usage.Element.BackendAPIID == bid, usage.Element.ProductID == pid)
	usages, err := c.ListBackendapiUsages(pid)
	r.check("ListBackendapiUsages", err, len(usages) == 1 && usages[0].Element.ID == usage.Element.ID)
	u2, err := c.UpdateBackendapiUsage(pid, usage.Element.ID, porta.Params{"path": "/books"})
	r.check("UpdateBackendapiUsage", err, u2.Element.Path == "/books")
	u2, err = c.BackendapiUsage(pid, usage.Element.ID)
	r.check("BackendapiUsage", err, u2.Element.Path == "/books")

	metrics, err := c.ListProductMetrics(pid)
	r.must("ListProductMetrics", err, len(metrics.Metrics) == 1 && metrics.Metrics[0].Element.SystemName == "hits")
	hits := metrics.Metrics[0].Element.ID
	m, err := c.CreateProductMetric(pid, porta.Params{"friendly_name": "Transfers", "system_name": "transfers", "unit": "transfer"})
	r.must("CreateProductMetric", err, m.Element.SystemName == "transfers", m.Element.Unit == "transfer")
	transfers := m.Element.ID
	m, err = c.ProductMetric(pid, transfers)
	r.check("ProductMetric", err, m.Element.Name == "Transfers")
	m, err = c.UpdateProductMetric(pid, transfers, porta.Params{"description": "Money moved"})
	r.check("UpdateProductMetric", err, m.Element.Description == "Money moved")
	meth, err := c.CreateProductMethod(pid, hits, porta.Params{"friendly_name": "Charge", "system_name": "charge"})
	r.must("CreateProductMethod", err, meth.Element.SystemName == "charge", meth.Element.ParentID == hits)
	meth, err = c.ProductMethod(pid, hits, meth.Element.ID)
	r.check("ProductMethod", err, meth.Element.Name == "Charge")
	meth, err = c.UpdateProductMethod(pid, hits, meth.Element.ID, porta.Params{"friendly_name": "Charge card"})
	r.check("UpdateProductMethod", err, meth.Element.Name == "Charge card")
	methods, err := c.ListProductMethods(pid, hits)
	r.check("ListProductMethods", err, len(methods.Methods) == 1)
	charge := meth.Element.ID

	bm, err := c.CreateBackendApiMetric(bid, porta.Params{"friendly_name": "Entries", "unit": "entry"})
	r.must("CreateBackendApiMetric", err, bm.Element.SystemName == "entries")
	bm, err = c.BackendApiMetric(bid, bm.Element.ID)
	r.check("BackendApiMetric", err, bm.Element.Unit == "entry")
	bm, err = c.UpdateBackendApiMetric(bid, bm.Element.ID, porta.Params{"unit": "line"})
	r.check("UpdateBackendApiMetric", err, bm.Element.Unit == "line")
	bms, err := c.ListBackendapiMetrics(bid)
	r.check("ListBackendapiMetrics", err, len(bms.Metrics) == 1)
	bmeth, err := c.CreateBackendApiMethod(bid, bm.Element.ID, porta.Params{"friendly_name": "Post"})
	if err == nil {
		t.Errorf("a method under a metric other than hits was accepted: %+v", bmeth)
	}
	bhits, err := c.CreateBackendApiMetric(bid, porta.Params{"friendly_name": "Hits", "system_name": "hits", "unit": "hit"})
	r.must("CreateBackendApiMetric", err)
	bmeth, err = c.CreateBackendApiMethod(bid, bhits.Element.ID, porta.Params{"friendly_name": "Post entry", "system_name": "post_entry"})
	r.must("CreateBackendApiMethod", err, bmeth.Element.ParentID == bhits.Element.ID)
	bmeth, err = c.BackendApiMethod(bid, bhits.Element.ID, bmeth.Element.ID)
	r.check("BackendApiMethod", err, bmeth.Element.SystemName == "post_entry")
	bmeth, err = c.UpdateBackendApiMethod(bid, bhits.Element.ID, bmeth.Element.ID, porta.Params{"description": "One entry"})
	r.check("UpdateBackendApiMethod", err, bmeth.Element.Description == "One entry")
	bmethods, err := c.ListBackendapiMethods(bid, bhits.Element.ID)
	r.check("ListBackendapiMethods", err, len(bmethods.Methods) == 1)

	rule, err := c.CreateProductMappingRule(pid, porta.Params{"http_method": "POST", "pattern": "/transfers$", "delta": "1", "metric_id": i64(transfers)})
	r.must("CreateProductMappingRule", err, rule.Element.Pattern == "/transfers$", rule.Element.MetricID == transfers)
	rule, err = c.ProductMappingRule(pid, rule.Element.ID)
	r.check("ProductMappingRule", err, rule.Element.HTTPMethod == "POST")
	rule, err = c.UpdateProductMappingRule(pid, rule.Element.ID, porta.Params{"delta": "2"})
	r.check("UpdateProductMappingRule", err, rule.Element.Delta == 2)
	rules, err := c.ListProductMappingRules(pid)
	r.check("ListProductMappingRules", err, len(rules.MappingRules) == 1)
	chargeRule, err := c.CreateProductMappingRule(pid, porta.Params{"http_method": "POST", "pattern": "/charges", "delta": "1", "metric_id": i64(charge)})
	r.must("CreateProductMappingRule", err)
	brule, err := c.CreateBackendapiMappingRule(bid, porta.Params{"http_method": "GET", "pattern": "/entries/{id}", "delta": "1", "metric_id": i64(bhits.Element.ID)})
	r.must("CreateBackendapiMappingRule", err, brule.Element.Pattern == "/entries/{id}")
	brule, err = c.BackendapiMappingRule(bid, brule.Element.ID)
	r.check("BackendapiMappingRule", err, brule.Element.HTTPMethod == "GET")
	brule, err = c.UpdateBackendapiMappingRule(bid, brule.Element.ID, porta.Params{"last": "true"})
	r.check("UpdateBackendapiMappingRule", err, brule.Element.Last)
	brules, err := c.ListBackendapiMappingRules(bid)
	r.check("ListBackendapiMappingRules", err, len(brules.MappingRules) == 1)

	// An application plan with limits, pricing rules and its service default.
	plan, err := c.CreateApplicationPlan(pid, porta.Params{"name": "Gold", "system_name": "gold", "cost_per_month": "49.5", "state_event": "publish"})
	r.must("CreateApplicationPlan", err, plan.Element.SystemName == "gold", plan.Element.CostPerMonth == 49.5, plan.Element.State == "published")
	planID := plan.Element.ID
	plan, err = c.ApplicationPlan(pid, planID)
	r.check("ApplicationPlan", err, plan.Element.Name == "Gold")
	plan, err = c.UpdateApplicationPlan(pid, planID, porta.Params{"setup_fee": "10", "trial_period_days": "7"})
	r.check("UpdateApplicationPlan", err, plan.Element.SetupFee == 10, plan.Element.TrialPeriodDays == 7)
	plans, err := c.ListApplicationPlansByProduct(pid)
	r.check("ListApplicationPlansByProduct", err, len(plans.Plans) == 1 && plans.Plans[0].Element.ID == planID)
	def, err := c.SetDefaultPlan(i64(pid), i64(planID))
	r.check("SetDefaultPlan", err, def.Default, def.ID == i64(planID))

	lim, err := c.CreateApplicationPlanLimit(planID, transfers, porta.Params{"period": "day", "value": "100"})
	r.must("CreateApplicationPlanLimit", err, lim.Element.Period == "day", lim.Element.Value == 100)
	lim, err = c.ApplicationPlanLimit(planID, transfers, lim.Element.ID)
	r.check("ApplicationPlanLimit", err, lim.Element.MetricID == transfers)
	lim, err = c.UpdateApplicationPlanLimit(planID, transfers, lim.Element.ID, porta.Params{"value": "250"})
	r.check("UpdateApplicationPlanLimit", err, lim.Element.Value == 250)
	lims, err := c.ListApplicationPlansLimits(planID)
	r.check("ListApplicationPlansLimits", err, len(lims.Limits) == 1)
	xlim, err := c.CreateLimitAppPlan(i64(planID), i64(hits), "minute", 10)
	r.check("CreateLimitAppPlan", err, xlim.Period == "minute", xlim.Value == "10")
	xlims, err := c.ListLimitsPerAppPlan(i64(planID))
	r.check("ListLimitsPerAppPlan", err, len(xlims.Limits) == 2)
	xlims, err = c.ListLimitsPerMetric(i64(planID), i64(hits))
	r.check("ListLimitsPerMetric", err, len(xlims.Limits) == 1)
	xlim, err = c.UpdateLimitPerAppPlan(i64(planID), i64(hits), xlim.ID, porta.Params{"value": "20"})
	r.check("UpdateLimitPerAppPlan", err, xlim.Value == "20")
	// This deprecated helper expects 201 where 3scale answers a deletion with
	// 200 (spec §8.1): the limit is gone and the client reports code 200.
	err = c.DeleteLimitPerAppPlan(i64(planID), i64(hits), xlim.ID)
	xlims, err2 := c.ListLimitsPerMetric(i64(planID), i64(hits))
	if apiErr, ok := err.(porta.ApiErr); !ok || apiErr.Code() != 200 || err2 != nil || len(xlims.Limits) != 0 {
		t.Errorf("deprecated limit delete: %v, limits left %v %v", err, xlims.Limits, err2)
	}
	xlim, err = c.CreateLimitAppPlan(i64(planID), i64(hits), "minute", 10)
	r.check("CreateLimitAppPlan", err)

	pr, err := c.CreateApplicationPlanPricingRule(planID, transfers, porta.Params{"min": "1", "max": "100", "cost_per_unit": "0.05"})
	r.must("CreateApplicationPlanPricingRule", err, pr.Element.CostPerUnit == "0.05", pr.Element.Max == 100)
	prs, err := c.ListApplicationPlansPricingRules(planID)
	r.check("ListApplicationPlansPricingRules", err, len(prs.Rules) == 1)

	// An account with users, and an application on the plan.
	acc, err := c.Signup(porta.Params{"org_name": "Acme", "username": "acme", "email": "dev@acme.test", "password": "s3cret-Passw0rd"})
	r.must("Signup", err, acc.Element.OrgName != nil && *acc.Element.OrgName == "Acme", acc.Element.State != nil && *acc.Element.State == "approved")
	aid := *acc.Element.ID
	// As in 3scale, the signup gave the account an application on each
	// product's default plan: here the tenant's first product's and Gold
	// (made default above).
	signupApps, err := c.ListApplications(aid)
	r.must("ListApplications", err, len(signupApps.Applications) == 2)
	var signupApp porta.Application
	for _, a := range signupApps.Applications {
		r.check("Signup", nil, a.Application.AppName == "API signup")
		if a.Application.PlanID == planID {
			signupApp = a.Application
		}
	}
	r.must("Signup", nil, signupApp.ID != 0)
	acc, err = c.DeveloperAccount(aid)
	r.check("DeveloperAccount", err, *acc.Element.OrgName == "Acme")
	found, err := c.FindAccount("acme")
	r.check("FindAccount", err, found.ID == aid)
	vat := "ES123"
	acc.Element.VatCode = &vat
	acc, err = c.UpdateDeveloperAccount(acc)
	r.check("UpdateDeveloperAccount", err, acc.Element.VatCode != nil && *acc.Element.VatCode == "ES123")
	accs, err := c.ListDeveloperAccounts()
	r.check("ListDeveloperAccounts", err, len(accs.Items) >= 1)
	//lint:ignore SA1019 the deprecated helper is still called by released tools, so it must keep working
	plain, err := c.ListAccounts()
	r.check("ListAccounts", err, len(plain.Accounts) == len(accs.Items))

	uname, email, pw := "dana", "dana@acme.test", "An0ther-passw0rd"
	du, err := c.CreateDeveloperUser(aid, &porta.DeveloperUser{Element: porta.DeveloperUserItem{Username: &uname, Email: &email, Password: &pw}})
	r.must("CreateDeveloperUser", err, *du.Element.State == "pending", *du.Element.Role == "member")
	uid := *du.Element.ID
	du, err = c.ActivateDeveloperUser(aid, uid)
	r.check("ActivateDeveloperUser", err, *du.Element.State == "active")
	du, err = c.ChangeRoleToAdminDeveloperUser(aid, uid)
	r.check("ChangeRoleToAdminDeveloperUser", err, *du.Element.Role == "admin")
	du, err = c.ChangeRoleToMemberDeveloperUser(aid, uid)
	r.check("ChangeRoleToMemberDeveloperUser", err, *du.Element.Role == "member")
	du, err = c.SuspendDeveloperUser(aid, uid)
	r.check("SuspendDeveloperUser", err, *du.Element.State == "suspended")
	du, err = c.UnsuspendDeveloperUser(aid, uid)
	r.check("UnsuspendDeveloperUser", err, *du.Element.State == "active")
	newEmail := "dana@acme.example"
	du, err = c.UpdateDeveloperUser(aid, &porta.DeveloperUser{Element: porta.DeveloperUserItem{ID: &uid, Email: &newEmail}})
	r.check("UpdateDeveloperUser", err, *du.Element.Email == newEmail)
	du, err = c.DeveloperUser(aid, uid)
	r.check("DeveloperUser", err, *du.Element.Username == "dana")
	dus, err := c.ListDeveloperUsers(aid, porta.Params{"role": "member"})
	r.check("ListDeveloperUsers", err, len(dus.Items) == 1)
	ul, err := c.ListUsers(aid, nil)
	r.check("ListUsers", err, len(ul.Users) == 2)
	ru, err := c.ReadUser(aid, uid)
	r.check("ReadUser", err, ru.UserName == "dana")
	ru, err = c.UpdateUser(aid, uid, porta.Params{"username": "dana2"})
	r.check("UpdateUser", err, ru.UserName == "dana2")
	r.check("ActivateUser", c.ActivateUser(aid, uid))

	app, err := c.CreateApplication(aid, planID, "Checkout", porta.Params{"description": "Web shop"})
	r.must("CreateApplication", err, app.State == "live", app.PlanID == planID, len(app.ApplicationId) == 8)
	appID := app.ID
	a2, err := c.Application(aid, appID)
	r.check("Application", err, a2.AppName == "Checkout", a2.ServiceID == pid)
	a2, err = c.UpdateApplication(aid, appID, porta.Params{"description": "Web and mobile shop"})
	r.check("UpdateApplication", err, a2.Description == "Web and mobile shop")
	keys, err := c.ApplicationKeys(aid, appID)
	r.check("ApplicationKeys", err, len(keys) == 1)
	withKey, err := c.CreateApplicationKey(aid, appID, "extra-key-1")
	r.check("CreateApplicationKey", err, withKey.ID == appID)
	_, err = c.CreateApplicationRandomKey(aid, appID)
	r.check("CreateApplicationRandomKey", err)
	r.check("DeleteApplicationKey", c.DeleteApplicationKey(aid, appID, "extra-key-1"))
	keys, err = c.ApplicationKeys(aid, appID)
	r.check("ApplicationKeys", err, len(keys) == 2)
	a2, err = c.ApplicationSuspend(aid, appID)
	r.check("ApplicationSuspend", err, a2.State == "suspended")
	a2, err = c.ApplicationResume(aid, appID)
	r.check("ApplicationResume", err, a2.State == "live")
	custom, err := c.CreateApplicationCustomPlan(aid, appID)
	r.check("CreateApplicationCustomPlan", err, custom.Custom, custom.ID != planID)
	r.check("DeleteApplicationCustomPlan", c.DeleteApplicationCustomPlan(aid, appID))
	// The client decodes change_plan's answer as an application while 3scale
	// answers the plan; the change is checked by reading the application.
	silver, err := c.CreateApplicationPlan(pid, porta.Params{"name": "Silver"})
	r.must("CreateApplicationPlan", err, silver.Element.SystemName == "silver")
	_, err = c.ChangeApplicationPlan(aid, appID, silver.Element.ID)
	a2, err2 = c.Application(aid, appID)
	r.check("ChangeApplicationPlan", err, err2 == nil, a2.PlanID == silver.Element.ID)
	_, err = c.ChangeApplicationPlan(aid, appID, planID)
	r.check("ChangeApplicationPlan", err)
	//lint:ignore SA1019 the deprecated helper is still called by released tools, so it must keep working
	old, err := c.CreateApp(i64(aid), i64(planID), "Back office", "Internal tools")
	r.check("CreateApp", err, old.AppName == "Back office", old.Description == "Internal tools")
	r.check("DeleteApplication", c.DeleteApplication(aid, old.ID))
	apps, err := c.ListApplications(aid)
	r.check("ListApplications", err, len(apps.Applications) == 3, apps.Applications[1].Application.ID == signupApp.ID,
		apps.Applications[2].Application.ID == appID, apps.Applications[2].Application.PlanID == planID)
	all, err := c.ListAllApplications()
	r.check("ListAllApplications", err, len(all.Applications) >= 1)

	// Deploy, promote and read the gateway configuration.
	_, err = c.UpdateProductProxy(pid, porta.Params{"sandbox_endpoint": "https://pay-staging.example.com", "endpoint": "https://pay.example.com",
		"credentials_location": "headers", "error_status_no_match": "418"})
	r.must("UpdateProductProxy", err)
	px, err := c.ProductProxy(pid)
	r.check("ProductProxy", err, px.Element.SandboxEndpoint == "https://pay-staging.example.com", px.Element.CredentialsLocation == "headers",
		px.Element.ErrorStatusNoMatch == 418)
	pol, err := c.Policies(pid)
	r.check("Policies", err, len(pol.Policies) == 1 && pol.Policies[0].Name == "apicast")
	pol.Policies = append([]porta.PolicyConfig{{Name: "cors", Version: "builtin", Enabled: true, Configuration: map[string]any{"allow_credentials": true}}}, pol.Policies...)
	pol, err = c.UpdatePolicies(pid, pol)
	r.check("UpdatePolicies", err, len(pol.Policies) == 2 && pol.Policies[0].Name == "cors")
	oidc, err := c.OIDCConfiguration(pid)
	r.check("OIDCConfiguration", err, oidc.Element.StandardFlowEnabled, !oidc.Element.ServiceAccountsEnabled)
	oidc.Element.ServiceAccountsEnabled, oidc.Element.StandardFlowEnabled = true, false
	oidc, err = c.UpdateOIDCConfiguration(pid, oidc)
	r.check("UpdateOIDCConfiguration", err, oidc.Element.ServiceAccountsEnabled, !oidc.Element.StandardFlowEnabled)
	oidc, err = c.OIDCConfiguration(pid)
	r.check("OIDCConfiguration", err, oidc.Element.ServiceAccountsEnabled, !oidc.Element.StandardFlowEnabled, !oidc.Element.ImplicitFlowEnabled)
	px, err = c.DeployProductProxy(pid)
	r.must("DeployProductProxy", err, px.Element.ServiceID == pid)
	sandbox, err := c.GetLatestProxyConfig(i64(pid), "sandbox")
	r.must("GetLatestProxyConfig", err, sandbox.ProxyConfig.Version == 1, sandbox.ProxyConfig.Content.ID == pid)
	promoted, err := c.PromoteProxyConfig(i64(pid), "sandbox", "1", "production")
	r.must("PromoteProxyConfig", err, promoted.ProxyConfig.Environment == "production", promoted.ProxyConfig.Version == 1)
	latest, err := c.GetLatestProxyConfig(i64(pid), "production")
	r.check("GetLatestProxyConfig", err, latest.ProxyConfig.Version == 1, len(latest.ProxyConfig.Content.Proxy.ProxyRules) == 3,
		latest.ProxyConfig.Content.BackendVersion == "2")
	one, err := c.GetProxyConfig(i64(pid), "production", "1")
	r.check("GetProxyConfig", err, one.ProxyConfig.Version == 1)
	list, err := c.ListProxyConfig(i64(pid), "sandbox")
	r.check("ListProxyConfig", err, len(list.ProxyConfigs) == 1)
	host := "pay.example.com"
	acl, err := c.ListAccountProxyConfigs("production", nil, &host)
	r.check("ListAccountProxyConfigs", err, len(acl.ProxyConfigs) == 1)
	latestV := "latest"
	acl, err = c.ListAccountProxyConfigsPerPage("sandbox", &latestV, nil, 1, 500)
	r.check("ListAccountProxyConfigsPerPage", err, len(acl.ProxyConfigs) == 1)

	// The same objects, read through GraphQL.
	var gql struct {
		Node struct {
			Name, SystemName, Description, Authentication string
			Metrics                                       struct {
				Edges []struct{ Node struct{ SystemName string } }
			}
			MappingRules struct {
				Edges []struct{ Node struct{ Pattern string } }
			}
			BackendUsages struct {
				Edges []struct{ Node struct{ Path string } }
			}
		}
	}
	in.MustGraphQL(t, in.Admin, `query($id: ID!) { node(id: $id) { ... on Product { name systemName description authentication
		metrics { edges { node { systemName } } } mappingRules { edges { node { pattern } } } backendUsages { edges { node { path } } } } } }`,
		map[string]any{"id": i64(pid)}, &gql)
	if g := gql.Node; g.Name != "Payments API" || g.SystemName != "payments" || g.Description != "Card and wallet payments" ||
		g.Authentication != "APP_ID" || len(g.Metrics.Edges) != 3 || len(g.MappingRules.Edges) != 2 ||
		len(g.BackendUsages.Edges) != 1 || g.BackendUsages.Edges[0].Node.Path != "/books" {
		t.Errorf("product through GraphQL: %+v", g)
	}
	var gplan struct {
		Node struct {
			Name, State, CostPerMonth string
			IsDefault                 bool
			Limits                    struct {
				Edges []struct {
					Node struct {
						Period string
						Value  int
					}
				}
			}
			PricingRules struct {
				Edges []struct{ Node struct{ CostPerUnit string } }
			}
		}
	}
	in.MustGraphQL(t, in.Admin, `query($id: ID!) { node(id: $id) { ... on Plan { name state costPerMonth isDefault
		limits { edges { node { period value } } } pricingRules { edges { node { costPerUnit } } } } } }`, map[string]any{"id": i64(planID)}, &gplan)
	if g := gplan.Node; g.Name != "Gold" || g.State != "PUBLISHED" || !g.IsDefault || len(g.Limits.Edges) != 2 || len(g.PricingRules.Edges) != 1 {
		t.Errorf("plan through GraphQL: %+v", g)
	}
	var gapp struct {
		Node struct {
			Name, Description, State string
			PlanID                   string
			Account                  struct{ OrgName, VatCode string }
		}
	}
	in.MustGraphQL(t, in.Admin, `query($id: ID!) { node(id: $id) { ... on Application { name description state planID account { orgName vatCode } } } }`,
		map[string]any{"id": i64(appID)}, &gapp)
	if g := gapp.Node; g.Name != "Checkout" || g.State != "LIVE" || g.PlanID != i64(planID) || g.Account.OrgName != "Acme" || g.Account.VatCode != "ES123" {
		t.Errorf("application through GraphQL: %+v", g)
	}

	// Pagination, the deprecated XML helpers, then deletions.
	page, err := c.ListProductsPerPage(1, 1)
	r.check("ListProductsPerPage", err, len(page.Products) == 1)
	prods, err := c.ListProducts()
	r.check("ListProducts", err, len(prods.Products) == 2)
	bpage, err := c.ListBackendApisPerPage(1, 500)
	r.check("ListBackendApisPerPage", err, len(bpage.Backends) == 1)
	backends, err := c.ListBackendApis()
	r.check("ListBackendApis", err, len(backends.Backends) == 1)
	dpage, err := c.ListDeveloperAccountsPerPage(1, 1)
	r.check("ListDeveloperAccountsPerPage", err, len(dpage.Items) == 1)
	mpage, err := c.ListBackendapiMetricsPerPage(bid, 1, 1)
	r.check("ListBackendapiMetricsPerPage", err, len(mpage.Metrics) == 1)
	rpage, err := c.ListBackendapiMappingRulesPerPage(bid, 1, 500)
	r.check("ListBackendapiMappingRulesPerPage", err, len(rpage.MappingRules) == 1)
	methPage, err := c.ListBackendapiMethodsPerPage(bid, bhits.Element.ID, 1, 500)
	r.check("ListBackendapiMethodsPerPage", err, len(methPage.Methods) == 1)
	svcs, err := c.ListServices()
	r.check("ListServices", err, len(svcs.Services) == 2)
	svc, err := c.CreateService("Legacy")
	r.must("CreateService", err, svc.SystemName == "Legacy", len(svc.Metrics.Metrics) == 1)
	svc, err = c.UpdateService(svc.ID, porta.Params{"name": "Legacy API"})
	r.check("UpdateService", err, svc.Name == "Legacy API")
	xm, err := c.CreateMetric(svc.ID, "Searches", "Search calls", "search")
	r.must("CreateMetric", err, xm.SystemName == "searches")
	xm, err = c.UpdateMetric(svc.ID, xm.ID, porta.Params{"unit": "query"})
	r.check("UpdateMetric", err, xm.Unit == "query")
	xms, err := c.ListMetrics(svc.ID)
	r.check("ListMetrics", err, len(xms.Metrics) == 2)
	xr, err := c.CreateMappingRule(svc.ID, "GET", "/search", 1, xm.ID)
	r.must("CreateMappingRule", err, xr.Pattern == "/search")
	xr, err = c.UpdateMappingRule(svc.ID, xr.ID, porta.Params{"delta": "3"})
	r.check("UpdateMappingRule", err, xr.Delta == "3")
	xrs, err := c.ListMappingRule(svc.ID)
	r.check("ListMappingRule", err, len(xrs.MappingRules) == 1)
	xp, err := c.CreateAppPlan(svc.ID, "Free", "publish")
	r.must("CreateAppPlan", err, xp.State == "published", xp.Custom == "false")
	xp, err = c.UpdateAppPlan(svc.ID, xp.ID, "Free tier", "", nil)
	r.check("UpdateAppPlan", err, xp.PlanName == "Free tier")
	xps, err := c.ListAppPlanByServiceId(svc.ID)
	r.check("ListAppPlanByServiceId", err, len(xps.Plans) == 1)
	nPlans, err := in.Client().Plan.Query().Where(entplan.TenantID(tn.ID), entplan.KindEQ(entplan.KindAPPLICATION)).Count(ctx)
	if err != nil {
		t.Fatal(err)
	}
	xps, err = c.ListAppPlan()
	r.check("ListAppPlan", err, len(xps.Plans) == nPlans, nPlans >= 4)
	rp, err := c.ReadProxy(svc.ID)
	r.check("ReadProxy", err, rp.ServiceID == svc.ID)
	rp, err = c.UpdateProxy(svc.ID, porta.Params{"api_backend": "https://legacy.internal:443"})
	r.check("UpdateProxy", err, rp.ApiBackend == "https://legacy.internal:443")
	r.check("DeleteMappingRule", c.DeleteMappingRule(svc.ID, xr.ID))
	r.check("DeleteMetric", c.DeleteMetric(svc.ID, xm.ID))
	r.check("DeleteAppPlan", c.DeleteAppPlan(svc.ID, xp.ID))
	r.check("DeleteService", c.DeleteService(svc.ID))

	plain2, err := c.ApplicationPlan(pid, planID)
	r.check("ApplicationPlan", err)
	_ = plain2
	r.check("DeleteApplicationPlanPricingRule", c.DeleteApplicationPlanPricingRule(planID, transfers, pr.Element.ID))
	r.check("DeleteApplicationPlanLimit", c.DeleteApplicationPlanLimit(planID, transfers, lim.Element.ID))
	r.check("DeleteApplication", c.DeleteApplication(aid, appID))
	r.check("DeleteApplication", c.DeleteApplication(aid, signupApp.ID))
	r.check("DeleteApplicationPlan", c.DeleteApplicationPlan(pid, planID))
	r.check("DeleteDeveloperUser", c.DeleteDeveloperUser(aid, uid))
	r.check("DeleteDeveloperAccount", c.DeleteDeveloperAccount(aid))
	r.check("DeleteProductMappingRule", c.DeleteProductMappingRule(pid, chargeRule.Element.ID))
	r.check("DeleteProductMethod", c.DeleteProductMethod(pid, hits, charge))
	r.check("DeleteProductMetric", c.DeleteProductMetric(pid, transfers))
	r.check("DeleteBackendapiMappingRule", c.DeleteBackendapiMappingRule(bid, brule.Element.ID))
	r.check("DeleteBackendApiMethod", c.DeleteBackendApiMethod(bid, bhits.Element.ID, bmeth.Element.ID))
	r.check("DeleteBackendApiMetric", c.DeleteBackendApiMetric(bid, bm.Element.ID))
	r.check("DeleteBackendapiUsage", c.DeleteBackendapiUsage(pid, usage.Element.ID))
	r.check("DeleteBackendApi", c.DeleteBackendApi(bid))
	r.check("DeleteProduct", c.DeleteProduct(pid))

	// Reads of deleted objects are 404s the client recognises.
	_, err = c.Product(pid)
	r.check("Product", nil, porta.IsNotFound(err))
	_, err = c.DeveloperAccount(aid)
	r.check("DeveloperAccount", nil, porta.IsNotFound(err))
	_, err = c.BackendApi(bid)
	r.check("BackendApi", nil, porta.IsNotFound(err))
	// After the deletions only the product the server started with is left.
	if n, err := in.Client().Product.Query().Where(product.TenantID(tn.ID)).Count(ctx); err != nil || n != 1 {
		t.Errorf("products left: %d %v", n, err)
	}
	b, _ := json.Marshal(r.failed)
	if len(r.failed) > 0 {
		t.Errorf("failed client methods: %s", b)
	}
}
