package httpserver

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"

	"github.com/portico-apim/portico/schema/viewer"
	"github.com/portico-apim/portico/server/audience"
	"github.com/portico-apim/portico/server/compat"
	"github.com/portico-apim/portico/server/sso"
)

// routes lists every route the server answers.
func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()

	mux.HandleFunc("GET /healthz", s.healthz)
	mux.HandleFunc("GET /readyz", s.readyz)

	mux.HandleFunc("POST /auth/login", s.login)
	mux.HandleFunc("POST /auth/refresh", s.refresh)
	mux.HandleFunc("POST /auth/logout", s.logout)
	mux.HandleFunc("GET /auth/sso/{id}/start", s.ssoStart)
	mux.HandleFunc("GET "+sso.CallbackPath, s.ssoCallback)
	mux.HandleFunc("GET /auth/impersonate", s.impersonate)

	mux.Handle("/graphql", s.cfg.Auth.Middleware(sso.WithOrigin(s.cfg.GraphQL)))
	if s.cfg.InvoicePDF != nil {
		mux.Handle("GET /admin/invoices/{file}", s.cfg.Auth.Middleware(s.cfg.InvoicePDF))
	}

	if s.cfg.REST != nil {
		rest := s.cfg.REST.NewMux()
		restRoutes(rest, s.cfg.REST)
		for _, prefix := range compat.Prefixes {
			mux.Handle(prefix, rest)
		}
	}

	mux.Handle("/", s.cfg.SPA)
	if s.cfg.Metrics != nil && s.cfg.ServeMetrics {
		mux.Handle("GET /metrics", s.cfg.Metrics.Handler())
	}
	maxBody := s.cfg.MaxBodyBytes
	if maxBody <= 0 {
		maxBody = DefaultMaxBodyBytes
	}
	var app http.Handler = recoverer(s.logger, s.clientAddress(logRequests(s.logger, s.cfg.Metrics, mux, securityHeaders(s.limitBodies(maxBody, mux)))))
	if s.cfg.Trace != nil {
		app = s.cfg.Trace(app, spanName(mux))
	}
	if s.cfg.Decision == nil {
		return app
	}
	// The Service Management API is the hot path and has its own headers,
	// recovery, 404s and bound on request sizes: it bypasses the control
	// plane's middleware.
	decisions := http.NewServeMux()
	s.cfg.Decision(decisions)
	if s.cfg.BenchBaseline {
		decisions.HandleFunc("GET /bench/baseline.xml", baseline)
		if s.cfg.BenchStats != nil {
			decisions.HandleFunc("GET /bench/stats", s.benchStats)
		}
	}
	var decide http.Handler = decisions
	if s.cfg.Trace != nil {
		decide = s.cfg.Trace(decisions, spanName(decisions))
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if isDecisionPath(r.URL.Path) {
			decide.ServeHTTP(w, r)
			return
		}
		app.ServeHTTP(w, r)
	})
}

// spanName names a request's span by the pattern of mux that serves it,
// with the method: "GET /transactions/authrep.xml", "POST /graphql".
func spanName(mux *http.ServeMux) func(*http.Request) string {
	return func(r *http.Request) string {
		_, pattern := mux.Handler(r)
		if pattern == "" {
			return r.Method + " (no route)"
		}
		if !strings.Contains(pattern, " ") {
			pattern = r.Method + " " + pattern
		}
		return pattern
	}
}

// restRoutes lists the 3scale-compatible REST API (server/compat): patterns
// without the .xml/.json extension, which picks the format. Paths under
// compat.Prefixes that no route matches answer 404 in the format asked for.
func restRoutes(m *compat.Mux, api *compat.API) {
	admin := compat.Route{}
	proxyConfigs := compat.Route{JSONOnly: true, Default: compat.JSON}
	master := compat.Route{JSONOnly: true, Default: compat.JSON, Master: true, Scopes: []viewer.Scope{viewer.ScopeAccountManagement}}

	jsonOnly := compat.Route{JSONOnly: true, Default: compat.JSON}
	policies := compat.Route{JSONOnly: true, Default: compat.JSON, Scopes: []viewer.Scope{viewer.ScopePolicyRegistry, viewer.ScopeAccountManagement}}
	registry := compat.Route{JSONOnly: true, Default: compat.JSON, Scopes: []viewer.Scope{viewer.ScopePolicyRegistry}}
	update := func(path string, rt compat.Route, h compat.HandlerFunc) {
		m.Handle("PUT "+path, rt, h)
		m.Handle("PATCH "+path, rt, h)
	}

	// Products.
	m.Handle("GET /admin/api/services", admin, api.Services)
	m.Handle("POST /admin/api/services", admin, api.CreateService)
	m.Handle("GET /admin/api/services/{id}", admin, api.Service)
	update("/admin/api/services/{id}", admin, api.UpdateService)
	m.Handle("DELETE /admin/api/services/{id}", admin, api.DeleteService)

	// Metrics and methods of products and backends.
	for _, base := range []string{"/admin/api/services/{service_id}", "/admin/api/backend_apis/{backend_id}"} {
		rt := admin
		if strings.HasPrefix(base, "/admin/api/backend_apis") {
			rt = jsonOnly
		}
		m.Handle("GET "+base+"/metrics", rt, api.Metrics)
		m.Handle("POST "+base+"/metrics", rt, api.CreateMetric)
		m.Handle("GET "+base+"/metrics/{id}", rt, api.Metric)
		update(base+"/metrics/{id}", rt, api.UpdateMetric)
		m.Handle("DELETE "+base+"/metrics/{id}", rt, api.DeleteMetric)
		m.Handle("GET "+base+"/metrics/{metric_id}/methods", rt, api.Methods)
		m.Handle("POST "+base+"/metrics/{metric_id}/methods", rt, api.CreateMethod)
		m.Handle("GET "+base+"/metrics/{metric_id}/methods/{id}", rt, api.Method)
		update(base+"/metrics/{metric_id}/methods/{id}", rt, api.UpdateMethod)
		m.Handle("DELETE "+base+"/metrics/{metric_id}/methods/{id}", rt, api.DeleteMethod)
		rules := base + "/mapping_rules"
		if !rt.JSONOnly {
			rules = base + "/proxy/mapping_rules"
		}
		m.Handle("GET "+rules, rt, api.MappingRules)
		m.Handle("POST "+rules, rt, api.CreateMappingRule)
		m.Handle("GET "+rules+"/{id}", rt, api.MappingRule)
		update(rules+"/{id}", rt, api.UpdateMappingRule)
		m.Handle("DELETE "+rules+"/{id}", rt, api.DeleteMappingRule)
	}

	// Backends and the products using them.
	m.Handle("GET /admin/api/backend_apis", jsonOnly, api.Backends)
	m.Handle("POST /admin/api/backend_apis", jsonOnly, api.CreateBackend)
	m.Handle("GET /admin/api/backend_apis/{id}", jsonOnly, api.Backend)
	update("/admin/api/backend_apis/{id}", jsonOnly, api.UpdateBackend)
	m.Handle("DELETE /admin/api/backend_apis/{id}", jsonOnly, api.DeleteBackend)
	m.Handle("GET /admin/api/services/{service_id}/backend_usages", jsonOnly, api.BackendUsages)
	m.Handle("POST /admin/api/services/{service_id}/backend_usages", jsonOnly, api.CreateBackendUsage)
	m.Handle("GET /admin/api/services/{service_id}/backend_usages/{id}", jsonOnly, api.BackendUsage)
	update("/admin/api/services/{service_id}/backend_usages/{id}", jsonOnly, api.UpdateBackendUsage)
	m.Handle("DELETE /admin/api/services/{service_id}/backend_usages/{id}", jsonOnly, api.DeleteBackendUsage)

	// Integration settings, deployment and policies.
	m.Handle("GET /admin/api/services/{service_id}/proxy", admin, api.Proxy)
	update("/admin/api/services/{service_id}/proxy", admin, api.UpdateProxy)
	m.Handle("POST /admin/api/services/{service_id}/proxy/deploy", admin, api.DeployProxy)
	m.Handle("GET /admin/api/services/{service_id}/proxy/policies", policies, api.Policies)
	update("/admin/api/services/{service_id}/proxy/policies", policies, api.UpdatePolicies)
	m.Handle("GET /admin/api/policies", policies, api.AllPolicies)
	m.Handle("GET /admin/api/registry/policies", registry, api.RegistryPolicies)
	m.Handle("POST /admin/api/registry/policies", registry, api.CreateRegistryPolicy)
	m.Handle("GET /admin/api/registry/policies/{id}", registry, api.RegistryPolicy)
	update("/admin/api/registry/policies/{id}", registry, api.UpdateRegistryPolicy)
	m.Handle("DELETE /admin/api/registry/policies/{id}", registry, api.DeleteRegistryPolicy)
	m.Handle("GET /admin/api/services/{service_id}/proxy/oidc_configuration", admin, api.OIDCConfiguration)
	update("/admin/api/services/{service_id}/proxy/oidc_configuration", admin, api.UpdateOIDCConfiguration)

	// Plans of products (application and service plans) and account
	// plans, one set of handlers for the three kinds.
	for _, k := range []compat.PlanKind{compat.ApplicationPlans, compat.ServicePlans} {
		list, one := "/admin/api/services/{service_id}/"+k.Path(), "/admin/api/services/{service_id}/"+k.Path()+"/{id}"
		m.Handle("GET /admin/api/"+k.Path(), admin, api.AllPlans(k))
		m.Handle("GET "+list, admin, api.ProductPlans(k))
		m.Handle("POST "+list, admin, api.CreatePlan(k))
		m.Handle("GET "+one, admin, api.ReadPlan(k))
		update(one, admin, api.UpdatePlan(k))
		m.Handle("DELETE "+one, admin, api.DeletePlan(k))
		update(one+"/default", admin, api.DefaultPlan(k))
	}
	m.Handle("GET /admin/api/account_plans", admin, api.AllPlans(compat.AccountPlans))
	m.Handle("POST /admin/api/account_plans", admin, api.CreatePlan(compat.AccountPlans))
	m.Handle("GET /admin/api/account_plans/{id}", admin, api.ReadPlan(compat.AccountPlans))
	update("/admin/api/account_plans/{id}", admin, api.UpdatePlan(compat.AccountPlans))
	m.Handle("DELETE /admin/api/account_plans/{id}", admin, api.DeletePlan(compat.AccountPlans))
	update("/admin/api/account_plans/{id}/default", admin, api.DefaultPlan(compat.AccountPlans))
	for _, k := range []compat.PlanKind{compat.ApplicationPlans, compat.ServicePlans, compat.AccountPlans} {
		features := "/admin/api/" + k.Path() + "/{plan_id}/features"
		m.Handle("GET "+features, admin, api.PlanFeatures(k))
		m.Handle("POST "+features, admin, api.EnablePlanFeature(k))
		m.Handle("DELETE "+features+"/{id}", admin, api.DisablePlanFeature(k))
	}

	// Limits and pricing rules of application plans.
	m.Handle("GET /admin/api/application_plans/{plan_id}/limits", admin, api.Limits)
	m.Handle("GET /admin/api/application_plans/{plan_id}/metrics/{metric_id}/limits", admin, api.Limits)
	m.Handle("POST /admin/api/application_plans/{plan_id}/metrics/{metric_id}/limits", admin, api.CreateLimit)
	m.Handle("GET /admin/api/application_plans/{plan_id}/metrics/{metric_id}/limits/{id}", admin, api.Limit)
	update("/admin/api/application_plans/{plan_id}/metrics/{metric_id}/limits/{id}", admin, api.UpdateLimit)
	m.Handle("DELETE /admin/api/application_plans/{plan_id}/metrics/{metric_id}/limits/{id}", admin, api.DeleteLimit)
	m.Handle("GET /admin/api/application_plans/{plan_id}/pricing_rules", admin, api.PricingRules)
	m.Handle("GET /admin/api/application_plans/{plan_id}/metrics/{metric_id}/pricing_rules", admin, api.PricingRules)
	m.Handle("POST /admin/api/application_plans/{plan_id}/metrics/{metric_id}/pricing_rules", admin, api.CreatePricingRule)
	m.Handle("DELETE /admin/api/application_plans/{plan_id}/metrics/{metric_id}/pricing_rules/{id}", admin, api.DeletePricingRule)

	// Features of products (for application and service plans) and of the
	// provider (for account plans).
	for _, base := range []string{"/admin/api/services/{service_id}/features", "/admin/api/features"} {
		m.Handle("GET "+base, admin, api.ServiceFeatures)
		m.Handle("POST "+base, admin, api.CreateServiceFeature)
		m.Handle("GET "+base+"/{id}", admin, api.ServiceFeature)
		update(base+"/{id}", admin, api.UpdateServiceFeature)
		m.Handle("DELETE "+base+"/{id}", admin, api.DeleteServiceFeature)
	}

	// Developer accounts and their users.
	m.Handle("GET /admin/api/accounts", admin, api.Accounts)
	m.Handle("GET /admin/api/accounts/find", admin, api.FindAccount)
	m.Handle("POST /admin/api/signup", admin, api.Signup)
	m.Handle("GET /admin/api/accounts/{id}", admin, api.Account)
	update("/admin/api/accounts/{id}", admin, api.UpdateAccount)
	m.Handle("DELETE /admin/api/accounts/{id}", admin, api.DeleteAccount)
	for _, ev := range []audience.AccountEvent{audience.EventApprove, audience.EventReject, audience.EventMakePending,
		audience.EventSuspend, audience.EventResume} {
		update("/admin/api/accounts/{id}/"+string(ev), admin, api.AccountEvent(ev))
	}
	// Personal access tokens.
	m.Handle("GET /admin/api/personal/access_tokens", jsonOnly, api.PersonalTokens)
	m.Handle("POST /admin/api/personal/access_tokens", jsonOnly, api.CreatePersonalToken)
	m.Handle("GET /admin/api/personal/access_tokens/{id}", jsonOnly, api.PersonalToken)
	m.Handle("DELETE /admin/api/personal/access_tokens/{id}", jsonOnly, api.DeletePersonalToken)
	m.Handle("POST /admin/api/users/{user_id}/access_tokens", jsonOnly, api.CreateUserToken)

	m.Handle("POST /admin/api/accounts/{account_id}/messages", admin, api.SendAccountMessage)
	update("/admin/api/accounts/{id}/change_plan", admin, api.ChangeAccountPlan)
	m.Handle("GET /admin/api/accounts/{account_id}/plan", admin, api.AccountPlanOf)
	subs, subsRoute := "/admin/api/accounts/{account_id}/service_subscriptions", compat.Route{JSONPath: true, Default: compat.JSON}
	m.Handle("GET "+subs, subsRoute, api.ServiceSubscriptions)
	m.Handle("POST "+subs, subsRoute, api.CreateServiceSubscription)
	m.Handle("GET "+subs+"/{id}", subsRoute, api.ServiceSubscription)
	m.Handle("DELETE "+subs+"/{id}", subsRoute, api.DeleteServiceSubscription)
	update(subs+"/{id}/approve", subsRoute, api.ApproveServiceSubscription)
	update(subs+"/{id}/change_plan", subsRoute, api.ChangeServiceSubscriptionPlan)
	m.Handle("GET /admin/api/accounts/{account_id}/service_plans", admin, api.AccountServicePlans)
	m.Handle("POST /admin/api/accounts/{account_id}/service_plans/{id}/buy", admin, api.BuyServicePlan)
	m.Handle("GET /admin/api/accounts/{account_id}/users", admin, api.Users)
	m.Handle("POST /admin/api/accounts/{account_id}/users", admin, api.CreateUser)
	m.Handle("GET /admin/api/accounts/{account_id}/users/{id}", admin, api.User)
	update("/admin/api/accounts/{account_id}/users/{id}", admin, api.UpdateUser)
	m.Handle("DELETE /admin/api/accounts/{account_id}/users/{id}", admin, api.DeleteUser)
	for _, action := range []string{"activate", "suspend", "unsuspend", "admin", "member"} {
		update("/admin/api/accounts/{account_id}/users/{id}/"+action, admin, api.UserAction(action))
	}

	// Applications.
	apps := "/admin/api/accounts/{account_id}/applications"
	m.Handle("GET "+apps, admin, api.AccountApplications)
	m.Handle("POST "+apps, admin, api.CreateApplication)
	m.Handle("GET "+apps+"/{id}", admin, api.Application)
	update(apps+"/{id}", admin, api.UpdateApplication)
	m.Handle("DELETE "+apps+"/{id}", admin, api.DeleteApplication)
	for _, ev := range []audience.ApplicationEvent{audience.EventAccept, audience.EventSuspendApp, audience.EventResumeApp} {
		update(apps+"/{id}/"+string(ev), admin, api.ApplicationEvent(ev))
	}
	update(apps+"/{id}/change_plan", admin, api.ChangeApplicationPlan)
	update(apps+"/{id}/customize_plan", admin, api.CustomizeApplicationPlan)
	update(apps+"/{id}/decustomize_plan", admin, api.DecustomizeApplicationPlan)
	m.Handle("GET "+apps+"/{application_id}/keys", admin, api.ApplicationKeys)
	m.Handle("POST "+apps+"/{application_id}/keys", admin, api.AddApplicationKey)
	m.Handle("DELETE "+apps+"/{application_id}/keys/{key}", admin, api.DeleteApplicationKey)
	m.Handle("GET /admin/api/applications", admin, api.AllApplications)
	m.Handle("GET /admin/api/applications/find", admin, api.FindApplication)

	// The provider's own account and settings.
	m.Handle("GET /admin/api/provider", admin, api.Provider)
	update("/admin/api/provider", admin, api.UpdateProvider)
	m.Handle("GET /admin/api/settings", jsonOnly, api.Settings)
	update("/admin/api/settings", jsonOnly, api.UpdateSettings)
	m.Handle("GET /admin/api/fields_definitions", admin, api.FieldDefinitions)
	m.Handle("POST /admin/api/fields_definitions", admin, api.CreateFieldDefinition)
	m.Handle("GET /admin/api/fields_definitions/{id}", admin, api.FieldDefinition)
	update("/admin/api/fields_definitions/{id}", admin, api.UpdateFieldDefinition)
	m.Handle("DELETE /admin/api/fields_definitions/{id}", admin, api.DeleteFieldDefinition)

	// The Billing API (spec §2.13): invoices, their line items, charges and payment transactions.
	finance := compat.Route{Scopes: []viewer.Scope{viewer.ScopeFinance}}
	invoicePDF := finance
	invoicePDF.PDF = true
	for _, base := range []string{"/api", "/api/accounts/{account_id}"} {
		m.Handle("GET "+base+"/invoices", finance, api.Invoices)
		m.Handle("GET "+base+"/invoices/{id}", invoicePDF, api.Invoice)
	}
	m.Handle("POST /api/invoices", finance, api.CreateInvoice)
	update("/api/invoices/{id}", finance, api.UpdateInvoice)
	update("/api/invoices/{id}/state", finance, api.InvoiceState)
	m.Handle("GET /api/invoices/{invoice_id}/line_items", finance, api.LineItems)
	m.Handle("POST /api/invoices/{invoice_id}/line_items", finance, api.CreateLineItem)
	m.Handle("DELETE /api/invoices/{invoice_id}/line_items/{id}", finance, api.DeleteLineItem)
	m.Handle("POST /api/invoices/{id}/charge", finance, api.ChargeInvoice)
	m.Handle("GET /api/invoices/{invoice_id}/payment_transactions", finance, api.PaymentTransactions)

	// Webhooks.
	m.Handle("PUT /admin/api/webhooks", jsonOnly, api.UpdateWebhook)
	m.Handle("GET /admin/api/webhooks/failures", admin, api.WebhookFailures)
	m.Handle("DELETE /admin/api/webhooks/failures", admin, api.DeleteWebhookFailures)

	// Proxy configurations: what gateways (APIcast) download.
	m.Handle("GET /admin/api/services/{id}/proxy/configs/{env}", proxyConfigs, api.ServiceConfigs)
	m.Handle("GET /admin/api/services/{id}/proxy/configs/{env}/latest", proxyConfigs, api.ServiceConfig)
	m.Handle("GET /admin/api/services/{id}/proxy/configs/{env}/{version}", proxyConfigs, api.ServiceConfig)
	m.Handle("POST /admin/api/services/{id}/proxy/configs/{env}/{version}/promote", proxyConfigs, api.PromoteConfig)
	m.Handle("GET /admin/api/services/proxy/configs/{env}", proxyConfigs, api.HostConfigs)
	m.Handle("GET /admin/api/account/proxy_configs/{env}", proxyConfigs, api.AccountConfigs)
	m.Handle("GET /master/api/proxy/configs/{env}", master, api.MasterConfigs)

	// The Master API's providers (spec §2.16): JSON by default, XML by extension.
	providers := compat.Route{Default: compat.JSON, Master: true, Scopes: []viewer.Scope{viewer.ScopeAccountManagement}}
	m.Handle("POST /master/api/providers", providers, api.CreateTenant)
	m.Handle("GET /master/api/providers/{id}", providers, api.ShowTenant)
	update("/master/api/providers/{id}", providers, api.UpdateTenant)
	m.Handle("DELETE /master/api/providers/{id}", providers, api.DeleteTenant)
	m.Handle("POST /master/api/providers/{id}/billing_jobs", providers, api.TenantBillingJob)
	m.Handle("POST /master/api/providers/{id}/accounts/{account_id}/billing_jobs", providers, api.TenantBillingJob)
	m.Handle("PUT /master/api/providers/{id}/plan_upgrade", providers, api.PlanUpgrade)
	m.Handle("POST /master/api/providers/{id}/change_partner", providers, api.ChangePartner)
	m.Handle("DELETE /master/api/providers/{provider_id}/services/{id}", providers, api.DeleteTenantService)

	// Analytics (spec §2.15): JSON by default, .csv for usage.
	stats := compat.Route{Default: compat.JSON, Scopes: []viewer.Scope{viewer.ScopeStats}}
	statsCSV := stats
	statsCSV.CSV = true
	backendStats := statsCSV
	backendStats.JSONOnly = true
	m.Handle("GET /stats/services/{service_id}/usage", statsCSV, api.ServiceUsage)
	m.Handle("GET /stats/applications/{application_id}/usage", statsCSV, api.ApplicationUsage)
	m.Handle("GET /stats/backend_apis/{backend_api_id}/usage", backendStats, api.BackendUsageStats)
	m.Handle("GET /stats/services/{service_id}/usage_response_code", statsCSV, api.ServiceUsageByCode)
	m.Handle("GET /stats/applications/{application_id}/usage_response_code", statsCSV, api.ApplicationUsageByCode)
	m.Handle("GET /stats/services/{service_id}/top_applications", stats, api.TopApplications)

	// ActiveDocs: OpenAPI specifications shown to developers.
	m.Handle("GET /admin/api/active_docs", admin, api.ActiveDocs)
	m.Handle("POST /admin/api/active_docs", admin, api.CreateActiveDoc)
	m.Handle("GET /admin/api/active_docs/{id}", admin, api.ActiveDoc)
	m.Handle("PUT /admin/api/active_docs/{id}", admin, api.UpdateActiveDoc)
	m.Handle("PATCH /admin/api/active_docs/{id}", admin, api.UpdateActiveDoc)
	m.Handle("DELETE /admin/api/active_docs/{id}", admin, api.DeleteActiveDoc)
}

// isDecisionPath reports whether a path belongs to the Service Management API.
func isDecisionPath(p string) bool {
	switch p {
	case "/status", "/check.txt", "/available":
		return true
	}
	return strings.HasPrefix(p, "/transactions") || strings.HasPrefix(p, "/bench/")
}

// baselineBody is shaped and sized like an authrep answer with one usage
// report: what the benchmark compares the decision plane against.
var baselineBody = []byte(`<?xml version="1.0" encoding="UTF-8"?><status><authorized>true</authorized><plan>Basic</plan>` +
	`<usage_reports><usage_report metric="hits" period="day"><period_start>2026-01-01 00:00:00 +0000</period_start>` +
	`<period_end>2026-01-02 00:00:00 +0000</period_end><max_value>1000000000</max_value><current_value>0</current_value>` +
	`</usage_report></usage_reports></status>`)

var baselineLength = []string{strconv.Itoa(len(baselineBody))}

// baseline answers a static XML document with the decision plane's content
// type, for benchmarks only (PORTICO_BENCH_BASELINE).
func baseline(w http.ResponseWriter, _ *http.Request) {
	h := w.Header()
	h["Content-Type"] = []string{"application/vnd.3scale-v2.0+xml"}
	h["Content-Length"] = baselineLength
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(baselineBody)
}

// benchStats answers the benchmark's counters as JSON, for benchmarks only
// (PORTICO_BENCH_BASELINE).
func (s *Server) benchStats(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	if err := json.NewEncoder(w).Encode(s.cfg.BenchStats()); err != nil {
		s.logger.Warn("bench stats", "error", err)
	}
}
