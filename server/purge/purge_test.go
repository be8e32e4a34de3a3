package purge_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/portico-apim/portico/ent/migrate"
	"github.com/portico-apim/portico/ent/paymentgateway"
	"github.com/portico-apim/portico/ent/paymentprofile"
	"github.com/portico-apim/portico/ent/tenant"
	"github.com/portico-apim/portico/server/apptest"
	"github.com/portico-apim/portico/server/counter"
	"github.com/portico-apim/portico/server/problem"
	"github.com/portico-apim/portico/server/purge"
)

// TestPurgeDeletesEveryRowOfTheTenant fills two tenants with data in every
// table it can reach (through GraphQL, the Service Management API and, for
// what needs a payment processor, directly), schedules one for deletion and
// purges it once its grace is over: no table keeps a row of it, its counters
// and its part of the decision plane are gone, and the other tenant keeps
// every row it had.
func TestPurgeDeletesEveryRowOfTheTenant(t *testing.T) {
	t.Parallel()
	in := apptest.Start(t)
	hooks := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	t.Cleanup(hooks.Close)
	kept := populate(t, in, in.Admin, hooks.URL)
	gone := populate(t, in, in.NewTenant(t, "purged.example.com"), hooks.URL)
	settle(t, in, kept, gone)

	empty := 0
	for _, table := range tenantTables() {
		if count(t, in, table, "tenant_id = ?", gone.tenantID) == 0 {
			t.Logf("the tenant to purge has no rows in %s", table)
			empty++
		}
	}
	if owned := len(tenantTables()); empty > owned/10 {
		t.Fatalf("the tenant to purge has rows in only %d of %d tenant-owned tables: the test proves too little", owned-empty, owned)
	}
	t.Logf("the tenant to purge has rows in %d of %d tenant-owned tables", len(tenantTables())-empty, len(tenantTables()))
	if count(t, in, "plan_features", "plan_id IN (SELECT id FROM plans WHERE tenant_id = ?)", gone.tenantID) == 0 {
		t.Fatal("the tenant to purge has no plan features")
	}
	if _, memory := in.App.Counters.(*counter.Memory); memory && countSaved(t, in, gone) == 0 {
		t.Fatal("the tenant to purge has no saved counters")
	}
	if values(t, in, gone)[0] == 0 {
		t.Fatal("the tenant to purge has no counters")
	}

	ctx, c := apptest.SystemContext(), in.Client()
	now := time.Now()
	c.Tenant.UpdateOneID(gone.tenantID).SetState(tenant.StateSCHEDULED_FOR_DELETION).SetStateChangedAt(now).ExecX(ctx)
	if code, body := authrep(t, in, gone, 1); code == http.StatusOK {
		t.Errorf("a tenant scheduled for deletion still serves: %d %s", code, body)
	}
	before := others(t, in, gone)

	purged, err := in.App.Purge.Due(context.Background(), now.Add(purge.Grace-24*time.Hour))
	if err != nil || len(purged) != 0 {
		t.Fatalf("purged %v (%v) a day before the grace ends", purged, err)
	}
	if count(t, in, "products", "tenant_id = ?", gone.tenantID) == 0 {
		t.Fatal("a purge before the grace ends deleted rows")
	}
	start := time.Now()
	purged, err = in.App.Purge.Due(context.Background(), now.Add(purge.Grace+24*time.Hour))
	took := time.Since(start)
	if err != nil || !slices.Equal(purged, []int{gone.tenantID}) {
		t.Fatalf("purged %v (%v), want [%d]", purged, err, gone.tenantID)
	}
	t.Logf("the purge took %s", took)

	for _, table := range tenantTables() {
		if n := count(t, in, table, "tenant_id = ?", gone.tenantID); n != 0 {
			t.Errorf("%s keeps %d rows of the purged tenant", table, n)
		}
	}
	if n := countSaved(t, in, gone); n != 0 {
		t.Errorf("%d saved counters of the purged tenant are left", n)
	}
	if c.Tenant.Query().Where(tenant.ID(gone.tenantID)).ExistX(ctx) {
		t.Error("the tenant row is left")
	}
	after := others(t, in, gone)
	for table, n := range before {
		if after[table] != n {
			t.Errorf("%s: the other tenants had %d rows, now %d", table, n, after[table])
		}
	}

	if v := values(t, in, gone); v[0] != 0 || v[1] != 0 {
		t.Errorf("the purged tenant's counters are left: %v", v)
	}
	if rs, ok := in.App.Counters.(*counter.Redis); ok {
		keys, err := rs.Client().Keys(context.Background(), in.Cfg.RedisPrefix+"{"+gone.serviceID+":*").Result()
		if err != nil || len(keys) != 0 {
			t.Errorf("redis keeps keys of the purged tenant: %v %v", keys, err)
		}
	}
	if v := values(t, in, kept); v[0] == 0 {
		t.Error("the other tenant's counters were forgotten")
	}
	if _, _, ok := in.App.Mirror.Application(gone.serviceID, gone.appID); ok {
		t.Error("the decision plane still knows the purged tenant's application")
	}
	// Neither the product nor the provider key is known any more.
	if code, body := authrep(t, in, gone, 1); code != http.StatusForbidden || !strings.Contains(body, `code="service_id_invalid"`) {
		t.Errorf("authrep of the purged tenant's product: %d %s", code, body)
	}
	noService := gone
	noService.serviceID = ""
	if code, body := authrep(t, in, noService, 1); code != http.StatusForbidden ||
		!strings.Contains(body, `code="provider_key_invalid_or_service_missing"`) {
		t.Errorf("authrep with the purged tenant's provider key: %d %s", code, body)
	}
	if code, body := authrep(t, in, kept, 1); code != http.StatusOK {
		t.Errorf("authrep of the other tenant: %d %s", code, body)
	}
}

// TestPurgeRefusesTenantsNotScheduled refuses the master account, an
// approved tenant and a missing one, and deletes nothing.
func TestPurgeRefusesTenantsNotScheduled(t *testing.T) {
	t.Parallel()
	in := apptest.Start(t)
	ctx, c := apptest.SystemContext(), in.Client()
	master := c.Tenant.Query().Where(tenant.Master(true)).OnlyIDX(ctx)
	approved := c.Tenant.Query().Where(tenant.Master(false)).OnlyX(ctx)
	if approved.State != tenant.StateAPPROVED {
		t.Fatalf("the first tenant is %s", approved.State)
	}
	products := c.Product.Query().CountX(ctx)
	for _, tc := range []struct {
		name     string
		tenantID int
		kind     problem.Kind
	}{
		{"master", master, problem.KindForbidden},
		{"approved", approved.ID, problem.KindConflict},
		{"missing", approved.ID + 1000, problem.KindNotFound},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := in.App.Purge.Tenant(context.Background(), tc.tenantID)
			var pe *problem.Error
			if !errors.As(err, &pe) || pe.Kind != tc.kind {
				t.Errorf("Tenant(%d) = %v, want a %s error", tc.tenantID, err, tc.kind)
			}
		})
	}
	// Even scheduled for deletion, the master account is never purged.
	c.Tenant.UpdateOneID(master).SetState(tenant.StateSCHEDULED_FOR_DELETION).SetStateChangedAt(time.Now().Add(-2 * purge.Grace)).ExecX(ctx)
	if purged, err := in.App.Purge.Due(context.Background(), time.Now()); err != nil || len(purged) != 0 {
		t.Errorf("Due purged %v (%v)", purged, err)
	}
	if err := in.App.Purge.Tenant(context.Background(), master); err == nil {
		t.Error("the master account scheduled for deletion was purged")
	}
	if n := c.Product.Query().CountX(ctx); n != products || c.Tenant.Query().CountX(ctx) != 2 {
		t.Errorf("rows were deleted: %d products of %d", n, products)
	}
}

// world is what populate made in one tenant.
type world struct {
	tenantID    int
	providerKey string
	serviceID   string // the product, as the decision plane names it
	appID       string // the application, as the decision plane names it
	userKey     string
	hitsID      string
	// trafficAt is when the traffic was sent: its counters are read at
	// that instant, whatever day it is when they are read.
	trafficAt time.Time
}

// populate gives the tenant of token rows in every table it can: the
// catalog, the audience, billing, settings, and traffic that leaves usage,
// counters, alerts and integration errors.
func populate(t *testing.T, in *apptest.Instance, token, hooksURL string) world {
	t.Helper()
	var w world
	q := func(query string, vars map[string]any) tree {
		t.Helper()
		var out tree
		in.MustGraphQL(t, token, query, vars, &out)
		return out
	}
	w.tenantID = atoi(t, q(`{ viewer { tenant { id } } }`, nil).str(t, "viewer.tenant.id"))
	// Settings first, so that what follows is told of (webhooks,
	// notifications) and billed.
	q(`mutation($url: String!) {
		billing: updateBillingSettings(input: {financeEnabled: true}) { id }
		webhook: updateWebhook(input: {url: $url, active: true, providerActions: true, events: [ACCOUNT_CREATED, USER_CREATED, APPLICATION_CREATED]}) { id }
		preference: setNotificationSetting(kind: "account_created", email: true) { kind }
		template: updateEmailTemplate(name: "invitation.team", subject: "Join {{.OrgName}}", body: "{{.AcceptURL}}") { name }
		field: createFieldDefinition(input: {target: ACCOUNT, name: "tax_id", label: "Tax ID"}) { id }
		sso: createSSOIntegration(input: {name: "Keycloak", issuer: "https://sso.example.com/realms/shop", clientID: "portico", clientSecret: "s3cret"}) { id }
		token: createAccessToken(input: {name: "ci", scopes: [ACCOUNT_MANAGEMENT], permission: RW}) { value }
		invitation: inviteUser(email: "teammate@example.com") { id }
		accountPlan: createPlan(input: {kind: ACCOUNT, name: "Partners", systemName: "partners"}) { id }
		backend: createBackend(input: {name: "Orders", systemName: "orders", privateEndpoint: "https://orders.internal"}) { id }
	}`, map[string]any{"url": hooksURL})
	q(`mutation($m: JSON!) { createCustomPolicy(input: {manifest: $m}) { id } }`, map[string]any{"m": map[string]any{
		"name": "geo_fence", "version": "1.0", "description": []string{"Refuses requests from outside a region."},
		"configuration": map[string]any{"type": "object", "properties": map[string]any{"region": map[string]any{"type": "string"}}}}})

	d := q(`mutation { createProduct(input: {name: "Shop", systemName: "shop"}) {
		id metrics { edges { node { id systemName } } } plans(where: {kind: SERVICE}) { edges { node { id } } } } }`, nil)
	w.serviceID = d.str(t, "createProduct.id")
	w.hitsID = d.str(t, "createProduct.metrics.edges.0.node.id")
	backend := q(`{ backends(first: 1) { edges { node { id } } } }`, nil).str(t, "backends.edges.0.node.id")
	vars := map[string]any{"p": w.serviceID, "h": w.hitsID, "b": backend}
	d = q(`mutation($p: ID!, $h: ID!, $b: ID!) {
		gold: createPlan(input: {kind: APPLICATION, productID: $p, name: "Gold", systemName: "gold", state: PUBLISHED}) { id }
		silver: createPlan(input: {kind: APPLICATION, productID: $p, name: "Silver", systemName: "silver", state: PUBLISHED}) { id }
		method: createMetric(input: {productID: $p, parentID: $h, systemName: "search", friendlyName: "Search"}) { id }
		backendMetric: createMetric(input: {backendID: $b, systemName: "list", friendlyName: "List"}) { id }
		usage: createBackendUsage(input: {productID: $p, backendID: $b, path: "/orders"}) { id }
		rule: createMappingRule(input: {productID: $p, metricID: $h, httpMethod: GET, pattern: "/shop"}) { id }
		feature: createFeature(input: {productID: $p, name: "Support", systemName: "support"}) { id }
		alerts: updateAlertSettings(productId: $p, adminLevels: [50], developerLevels: [50]) { adminLevels }
		integration: updateIntegrationSettings(productID: $p, input: {stagingEndpoint: "https://staging.example.com"}) { stagingEndpoint }
	}`, vars)
	gold, silver := d.str(t, "gold.id"), d.str(t, "silver.id")
	vars = map[string]any{"p": w.serviceID, "h": w.hitsID, "gold": gold, "f": d.str(t, "feature.id"),
		"doc": `{"openapi": "3.0.0", "info": {"title": "Shop", "version": "1"}, "paths": {}}`}
	q(`mutation($p: ID!, $h: ID!, $gold: ID!, $f: ID!, $doc: String!) {
		default: setDefaultPlan(id: $gold) { id }
		limit: createUsageLimit(input: {planID: $gold, metricID: $h, period: DAY, value: 10}) { id }
		price: createPricingRule(input: {planID: $gold, metricID: $h, min: 1, max: 100, costPerUnit: "0.5"}) { id }
		feature: updatePlan(id: $gold, input: {addFeatureIDs: [$f]}) { id }
		staging: promoteToStaging(productID: $p) { created }
		doc: createActiveDoc(input: {name: "Shop API", systemName: "shop_api", body: $doc, productID: $p}) { id }
	}`, vars)

	// A developer signs up (told of by webhooks and notifications), gets
	// an application on the default plan and asks for another plan.
	d = q(`mutation { signup(input: {orgName: "Dev Co", username: "dev", email: "dev@example.com", password: "Sup3r-secret!"}) {
		account { id } user { id } applications { id planID } } }`, nil)
	account, developer := d.str(t, "signup.account.id"), d.str(t, "signup.user.id")
	app := ""
	for _, a := range d.list(t, "signup.applications") {
		if a := a.(map[string]any); a["planID"] == gold {
			app = a["id"].(string)
		}
	}
	if app == "" {
		t.Fatalf("the signup made no application on the default plan: %v", d)
	}
	vars = map[string]any{"a": account, "u": developer, "app": app, "silver": silver}
	d = q(`mutation($a: ID!, $u: ID!, $app: ID!, $silver: ID!) {
		change: requestApplicationPlanChange(userID: $u, applicationID: $app, planID: $silver) { request { id } }
		message: sendMessage(accountID: $a, subject: "Welcome", body: "Hello") { id }
		question: sendDeveloperMessage(userID: $u, subject: "Question", body: "Hello") { id }
		invitation: inviteDeveloperUser(accountID: $a, email: "colleague@example.com") { id }
		invoice: createInvoice(accountID: $a) { id }
	}`, vars)
	invoice := d.str(t, "invoice.id")
	q(`mutation($i: ID!) { addLineItem(invoiceID: $i, input: {name: "Support", cost: "12.5"}) { id } }`, map[string]any{"i": invoice})
	d = q(`query($app: ID!) { node(id: $app) { ... on Application { userKey } } }`, map[string]any{"app": app})
	w.userKey = d.str(t, "node.userKey")
	w.appID = app // user_key applications are known by their database id

	// A payment processor's customer and charge, written as the payments
	// service would after talking to it.
	ctx, c := apptest.SystemContext(), in.Client()
	c.PaymentGateway.Create().SetTenantID(w.tenantID).SetKind(paymentgateway.KindSTRIPE).SetPublishableKey("pk_test_shop").
		SetSecretKeySealed("sealed").SetSecretKeyHint("sk_test…1234").SetTestMode(true).ExecX(ctx)
	c.PaymentProfile.Create().SetTenantID(w.tenantID).SetAccountID(atoi(t, account)).SetGateway(paymentprofile.GatewaySTRIPE).
		SetCustomerRef("cus_shop").ExecX(ctx)
	c.PaymentTransaction.Create().SetTenantID(w.tenantID).SetInvoiceID(atoi(t, invoice)).SetAmount(decimal.RequireFromString("12.5")).
		SetCurrency("EUR").SetTest(true).SetAutomatic(false).SetIdempotencyKey("charge-" + invoice).ExecX(ctx)
	w.providerKey = c.Tenant.GetX(ctx, w.tenantID).ProviderKey

	// Traffic: 6 of the 10 hits a day (past the 50 % alert level), with a
	// response code and time, and a call naming an unknown key (an
	// integration error).
	w.trafficAt = time.Now()
	if code, body := authrep(t, in, w, 6); code != http.StatusOK {
		t.Fatalf("authrep: %d %s", code, body)
	}
	bad := w
	bad.userKey = "no-such-key"
	if code, body := authrep(t, in, bad, 1); code == http.StatusOK {
		t.Fatalf("authrep with an unknown key: %d %s", code, body)
	}
	return w
}

// settle waits for what the background work writes of the traffic and the
// changes (usage, alerts, saved counters, webhook deliveries,
// notifications), so that only the purge changes the rows afterwards.
func settle(t *testing.T, in *apptest.Instance, ws ...world) {
	t.Helper()
	_, memory := in.App.Counters.(*counter.Memory)
	deadline := time.Now().Add(30 * time.Second)
	for _, w := range ws {
		for _, table := range []string{"usage_buckets", "product_usage_buckets", "response_code_buckets", "latency_buckets",
			"product_latency_buckets", "integration_errors", "usage_alerts"} {
			for count(t, in, table, "tenant_id = ?", w.tenantID) == 0 {
				if time.Now().After(deadline) {
					t.Fatalf("no %s of tenant %d", table, w.tenantID)
				}
				time.Sleep(100 * time.Millisecond)
			}
		}
		for memory && countSaved(t, in, w) == 0 {
			if time.Now().After(deadline) {
				t.Fatalf("no saved counters of tenant %d", w.tenantID)
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
	for {
		n, err := in.App.Webhooks.Consume(context.Background())
		if err != nil {
			t.Fatalf("consume the outbox: %v", err)
		}
		if n == 0 {
			break
		}
	}
}

// authrep reports hits of w's application with its provider key (and its
// product, unless w names none).
func authrep(t *testing.T, in *apptest.Instance, w world, hits int) (int, string) {
	t.Helper()
	q := url.Values{"provider_key": {w.providerKey}, "user_key": {w.userKey},
		"usage[hits]": {strconv.Itoa(hits)}, "log[code]": {"200"}, "log[response_time]": {"120"}}
	if w.serviceID != "" {
		q.Set("service_id", w.serviceID)
	}
	res, err := http.Get(in.URL + "/transactions/authrep.xml?" + q.Encode())
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(body)
}

// values reads the hits counters of w's application, of the day and of all
// time, as they stand for the day of its traffic.
func values(t *testing.T, in *apptest.Instance, w world) []int64 {
	t.Helper()
	v, err := in.App.Counters.Values(context.Background(), counter.Scope{Service: w.serviceID, Application: w.appID}, w.trafficAt,
		[]counter.Bucket{{Metric: w.hitsID, Period: counter.Day}, {Metric: w.hitsID, Period: counter.Eternity}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// tenantTables are the tables with a tenant column, from the schema.
func tenantTables() []string {
	var out []string
	for _, tb := range migrate.Tables {
		for _, c := range tb.Columns {
			if c.Name == "tenant_id" {
				out = append(out, tb.Name)
			}
		}
	}
	return out
}

// others counts, per table, the rows of every tenant but w's: the tenant
// tables, the join table of plans and features, and the saved counters.
func others(t *testing.T, in *apptest.Instance, w world) map[string]int {
	t.Helper()
	out := map[string]int{}
	for _, table := range tenantTables() {
		out[table] = count(t, in, table, "tenant_id <> ?", w.tenantID)
	}
	out["plan_features"] = count(t, in, "plan_features", "plan_id NOT IN (SELECT id FROM plans WHERE tenant_id = ?)", w.tenantID)
	out["counter_entries"] = count(t, in, "counter_entries", "service <> ?", w.serviceID)
	return out
}

// countSaved counts the saved counters of w's product.
func countSaved(t *testing.T, in *apptest.Instance, w world) int {
	t.Helper()
	return count(t, in, "counter_entries", "service = ?", w.serviceID)
}

// count counts the rows of table matching where, whose one placeholder is
// written ?.
func count(t *testing.T, in *apptest.Instance, table, where string, arg any) int {
	t.Helper()
	if in.App.Store.IsPostgres() {
		where = strings.Replace(where, "?", "$1", 1)
	}
	var n int
	if err := in.App.Store.DB.QueryRow(`SELECT COUNT(*) FROM "`+table+`" WHERE `+where, arg).Scan(&n); err != nil {
		t.Fatalf("count %s: %v", table, err)
	}
	return n
}

func atoi(t *testing.T, s string) int {
	t.Helper()
	n, err := strconv.Atoi(s)
	if err != nil {
		t.Fatalf("id %q is not a number", s)
	}
	return n
}

// tree is decoded GraphQL data, read with dotted paths.
type tree map[string]any

func (tr tree) get(t *testing.T, path string) any {
	t.Helper()
	var cur any = map[string]any(tr)
	for _, part := range strings.Split(path, ".") {
		switch v := cur.(type) {
		case map[string]any:
			cur = v[part]
		case []any:
			i, err := strconv.Atoi(part)
			if err != nil || i >= len(v) {
				t.Fatalf("no %s in %s", path, mustJSON(tr))
			}
			cur = v[i]
		default:
			t.Fatalf("no %s in %s", path, mustJSON(tr))
		}
	}
	return cur
}

func (tr tree) str(t *testing.T, path string) string {
	t.Helper()
	s, ok := tr.get(t, path).(string)
	if !ok {
		t.Fatalf("%s is not a string in %s", path, mustJSON(tr))
	}
	return s
}

func (tr tree) list(t *testing.T, path string) []any {
	t.Helper()
	l, ok := tr.get(t, path).([]any)
	if !ok {
		t.Fatalf("%s is not a list in %s", path, mustJSON(tr))
	}
	return l
}

func mustJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
