package billing_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/portico-apim/portico/ent"
	"github.com/portico-apim/portico/ent/invoice"
	"github.com/portico-apim/portico/ent/lineitem"
	"github.com/portico-apim/portico/ent/tenant"
	"github.com/portico-apim/portico/ent/usagebucket"
	"github.com/portico-apim/portico/schema/viewer"
	"github.com/portico-apim/portico/server/apptest"
	"github.com/portico-apim/portico/server/audience"
	"github.com/portico-apim/portico/server/billing"
	"github.com/portico-apim/portico/server/config"
)

// clock is a settable time for the services under test.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) set(t time.Time) {
	c.mu.Lock()
	c.t = t
	c.mu.Unlock()
}

func utc(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, time.UTC)
}

// world is a tenant with a paid application plan, an account and an
// application of it, ready to bill.
type world struct {
	in           *apptest.Instance
	tenantID     int
	tctx         context.Context
	productID    string
	serviceToken string
	hitsID       string
	proID, maxID string
	accountID    string
	appID        string
	userKey      string
}

// setUp builds, through GraphQL, a postpaid EUR tenant; plan Pro (setup fee
// 10, 31 a month, 10 trial days, hits 1–100 at 0.1 and from 101 at 0.05);
// plan Max (62 a month, the same tiers); account Acme (VAT 21%) with an
// application on Pro.
func setUp(t *testing.T) *world {
	t.Helper()
	return setUpWith(t, apptest.Config(t))
}

// setUpWith is setUp on an instance started with cfg.
func setUpWith(t *testing.T, cfg config.Config) *world {
	t.Helper()
	in := apptest.StartWith(t, cfg)
	w := &world{in: in}
	sys := apptest.SystemContext()
	tn, err := in.Client().Tenant.Query().Where(tenant.Master(false)).Order(ent.Asc(tenant.FieldID)).First(sys)
	if err != nil {
		t.Fatal(err)
	}
	w.tenantID = tn.ID
	w.tctx = viewer.TenantSystemContext(context.Background(), tn.ID)
	in.MustGraphQL(t, in.Admin, `mutation { updateBillingSettings(input: {financeEnabled: true, strategy: POSTPAID, currency: "EUR",
		invoiceFootnote: "Thank you"}) { id } }`, nil, nil)
	var prods struct {
		Products struct {
			Edges []struct {
				Node struct {
					ID            string
					ServiceTokens []struct{ Value string }
					Metrics       struct {
						Edges []struct {
							Node struct{ ID, SystemName string }
						}
					}
				}
			}
		}
	}
	in.MustGraphQL(t, in.Admin, `{ products(first: 1) { edges { node { id serviceTokens { value }
		metrics { edges { node { id systemName } } } } } } }`, nil, &prods)
	p := prods.Products.Edges[0].Node
	w.productID, w.serviceToken = p.ID, p.ServiceTokens[0].Value
	for _, m := range p.Metrics.Edges {
		if m.Node.SystemName == "hits" {
			w.hitsID = m.Node.ID
		}
	}
	var plans struct{ Pro, Max struct{ ID string } }
	in.MustGraphQL(t, in.Admin, `mutation($p: ID!) {
		pro: createPlan(input: {kind: APPLICATION, productID: $p, name: "Pro", systemName: "pro", state: PUBLISHED,
			setupFee: "10", costPerMonth: "31", trialPeriodDays: 10}) { id }
		max: createPlan(input: {kind: APPLICATION, productID: $p, name: "Max", systemName: "max", state: PUBLISHED,
			costPerMonth: "62"}) { id }
	}`, map[string]any{"p": w.productID}, &plans)
	w.proID, w.maxID = plans.Pro.ID, plans.Max.ID
	for _, pl := range []string{w.proID, w.maxID} {
		in.MustGraphQL(t, in.Admin, `mutation($p: ID!, $m: ID!) {
			a: createPricingRule(input: {planID: $p, metricID: $m, min: 1, max: 100, costPerUnit: "0.1"}) { id }
			b: createPricingRule(input: {planID: $p, metricID: $m, min: 101, costPerUnit: "0.05"}) { id }
		}`, map[string]any{"p": pl, "m": w.hitsID}, nil)
	}
	var acc struct{ CreateAccount struct{ ID string } }
	in.MustGraphQL(t, in.Admin, `mutation { createAccount(input: {orgName: "Acme", vatRate: "21", vatCode: "ES123",
		billingAddressParts: {address1: "1 Main St", city: "Madrid", country: "Spain"}}) { id } }`, nil, &acc)
	w.accountID = acc.CreateAccount.ID
	var app struct{ CreateApplication struct{ ID, UserKey string } }
	in.MustGraphQL(t, in.Admin, `mutation($a: ID!, $p: ID!, $pl: ID!) { createApplication(input: {name: "app", accountID: $a,
		productID: $p, planID: $pl}) { id userKey } }`, map[string]any{"a": w.accountID, "p": w.productID, "pl": w.proID}, &app)
	w.appID, w.userKey = app.CreateApplication.ID, app.CreateApplication.UserKey
	return w
}

func atoi(t *testing.T, s string) int {
	t.Helper()
	var n int
	if _, err := fmt.Sscan(s, &n); err != nil {
		t.Fatal(err)
	}
	return n
}

// traffic sends hits through the Service Management API (authrep) and
// waits until the rollups have written them to the usage buckets.
func (w *world) traffic(t *testing.T, calls, hits int) {
	t.Helper()
	q := url.Values{"service_token": {w.serviceToken}, "service_id": {w.productID}, "user_key": {w.userKey},
		"usage[hits]": {fmt.Sprint(hits)}}
	deadline := time.Now().Add(30 * time.Second)
	for sent := 0; sent < calls; {
		res, err := http.Get(w.in.URL + "/transactions/authrep.xml?" + q.Encode())
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		switch {
		case res.StatusCode == http.StatusOK:
			sent++
		case time.Now().After(deadline):
			t.Fatalf("authrep: %d %s", res.StatusCode, body)
		default:
			time.Sleep(20 * time.Millisecond) // the application is not in the decision plane's snapshot yet
		}
	}
	want := int64(calls * hits)
	sys := apptest.SystemContext()
	for {
		sum, err := w.in.Client().UsageBucket.Query().Where(usagebucket.ApplicationID(atoi(t, w.appID)),
			usagebucket.MetricID(atoi(t, w.hitsID)), usagebucket.GranularityEQ(usagebucket.GranularityMONTH)).
			Aggregate(ent.Sum(usagebucket.FieldValue)).Int(sys)
		if err == nil && int64(sum) == want {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("usage buckets hold %d hits (err %v), want %d", sum, err, want)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// moveUsage moves the application's recorded usage (every granularity) to
// the minute at, so the scenario's months hold it.
func (w *world) moveUsage(t *testing.T, at time.Time) {
	t.Helper()
	sys := apptest.SystemContext()
	c := w.in.Client()
	bs, err := c.UsageBucket.Query().Where(usagebucket.ApplicationID(atoi(t, w.appID))).All(sys)
	if err != nil {
		t.Fatal(err)
	}
	type key struct {
		metric, product int
		g               usagebucket.Granularity
	}
	sums := map[key]int64{}
	for _, b := range bs {
		sums[key{b.MetricID, b.ProductID, b.Granularity}] += b.Value
	}
	if _, err := c.UsageBucket.Delete().Where(usagebucket.ApplicationID(atoi(t, w.appID))).Exec(sys); err != nil {
		t.Fatal(err)
	}
	starts := map[usagebucket.Granularity]time.Time{
		usagebucket.GranularityMINUTE: at.Truncate(time.Minute), usagebucket.GranularityHOUR: at.Truncate(time.Hour),
		usagebucket.GranularityDAY:   time.Date(at.Year(), at.Month(), at.Day(), 0, 0, 0, 0, time.UTC),
		usagebucket.GranularityMONTH: time.Date(at.Year(), at.Month(), 1, 0, 0, 0, 0, time.UTC),
	}
	for k, v := range sums {
		if err := c.UsageBucket.Create().SetTenantID(w.tenantID).SetApplicationID(atoi(t, w.appID)).SetProductID(k.product).
			SetMetricID(k.metric).SetGranularity(k.g).SetStart(starts[k.g]).SetValue(v).Exec(sys); err != nil {
			t.Fatal(err)
		}
	}
}

type gqlInvoice struct {
	ID, FriendlyID, Period, State, CreationType string
	Cost, CostWithoutVat, VatAmount             string
	VatRate                                     *string
	IssuedOn, DueOn                             *time.Time
	PdfURL                                      *string `json:"pdfURL"`
	PeriodFrom, PeriodTo                        string
	BuyerAddress                                map[string]string
	LineItems                                   []struct {
		Name, Cost, Kind string
		Quantity         *string
		Usage            *int64
	}
}

func (w *world) invoices(t *testing.T) []gqlInvoice {
	t.Helper()
	var out struct {
		Invoices struct{ Edges []struct{ Node gqlInvoice } }
	}
	w.in.MustGraphQL(t, w.in.Admin, `query($a: ID!) { invoices(where: {accountID: $a}, orderBy: [{field: PERIOD}]) { edges { node {
		id friendlyID period state creationType cost costWithoutVat vatAmount vatRate issuedOn dueOn pdfURL periodFrom periodTo
		buyerAddress lineItems { name cost kind quantity usage } } } } }`, map[string]any{"a": w.accountID}, &out)
	var invs []gqlInvoice
	for _, e := range out.Invoices.Edges {
		invs = append(invs, e.Node)
	}
	return invs
}

type wantLine struct{ name, cost string }

func checkInvoice(t *testing.T, inv gqlInvoice, friendly, state, without, vat, total string, lines ...wantLine) {
	t.Helper()
	if inv.FriendlyID != friendly || inv.State != state || inv.CostWithoutVat != without || inv.VatAmount != vat || inv.Cost != total {
		t.Errorf("invoice %s %s: %s without VAT, %s VAT, %s total; want %s %s: %s, %s, %s",
			inv.FriendlyID, inv.State, inv.CostWithoutVat, inv.VatAmount, inv.Cost, friendly, state, without, vat, total)
	}
	if len(inv.LineItems) != len(lines) {
		t.Fatalf("invoice %s lines = %+v, want %v", inv.FriendlyID, inv.LineItems, lines)
	}
	for i, l := range lines {
		if inv.LineItems[i].Name != l.name || inv.LineItems[i].Cost != l.cost {
			t.Errorf("invoice %s line %d = %s %s, want %s %s", inv.FriendlyID, i, inv.LineItems[i].Name, inv.LineItems[i].Cost, l.name, l.cost)
		}
	}
}

// TestEndToEnd bills an application through its trial, its setup fee, a
// month of fixed fees, a plan change in the middle of a month and the usage
// it recorded through the Service Management API, on the days a daily run
// would, running every day twice: the invoices, their lines and totals are
// the hand-computed ones, and the second run adds nothing.
func TestEndToEnd(t *testing.T) {
	w := setUp(t)
	clk := &clock{}
	bill, err := billing.New(billing.Config{Client: w.in.Client(), Now: clk.now, LockRows: w.in.App.Store.IsPostgres()})
	if err != nil {
		t.Fatal(err)
	}
	aud := audience.New(audience.Config{Client: w.in.Client(), Billing: bill, Now: clk.now})
	sys := apptest.SystemContext()
	appID := atoi(t, w.appID)
	app, err := w.in.Client().Application.Get(sys, appID)
	if err != nil {
		t.Fatal(err)
	}
	if app.SetupFee == nil || app.SetupFee.String() != "10" || app.TrialEndsAt == nil {
		t.Fatalf("the application copied setup fee %v and trial %v from its plan", app.SetupFee, app.TrialEndsAt)
	}
	// The scenario: created on January 10th at 10:00, so the trial ends on
	// the 20th at 10:00; 150 hits on February 10th.
	created := utc(2026, 1, 10, 10, 0)
	if err := w.in.Client().Application.UpdateOneID(appID).SetAcceptedAt(created).SetTrialEndsAt(created.AddDate(0, 0, 10)).Exec(sys); err != nil {
		t.Fatal(err)
	}
	w.traffic(t, 3, 50)
	w.moveUsage(t, utc(2026, 2, 10, 12, 34))

	run := func(day string) {
		t.Helper()
		d, _ := time.Parse(time.DateOnly, day)
		clk.set(d.Add(8 * time.Hour))
		for range 2 {
			if _, err := bill.RunDate(w.tctx, day, nil); err != nil {
				t.Fatalf("run %s: %v", day, err)
			}
		}
	}

	run("2026-01-20") // still in trial: nothing
	if invs := w.invoices(t); len(invs) != 0 {
		t.Fatalf("an application in trial was billed: %+v", invs)
	}
	// January 21st: the trial ended yesterday; the rest of January (12 of
	// 31 days of 31.00) and the setup fee.
	run("2026-01-21")
	invs := w.invoices(t)
	if len(invs) != 1 {
		t.Fatalf("invoices after the trial: %+v", invs)
	}
	checkInvoice(t, invs[0], "2026-01-00000001", "OPEN", "22", "4.62", "26.62",
		wantLine{"Fixed fee ('Pro')", "12"}, wantLine{"Setup fee ('Pro')", "10"})

	// February 1st (postpaid): January is finalized, February's fixed fee
	// goes on February's invoice; January had no usage.
	run("2026-02-01")
	// February 3rd: January's invoice has waited 46 hours and is issued.
	run("2026-02-03")
	invs = w.invoices(t)
	if len(invs) != 2 {
		t.Fatalf("invoices on February 3rd: %+v", invs)
	}
	jan := invs[0]
	checkInvoice(t, jan, "2026-01-00000001", "PENDING", "22", "4.62", "26.62",
		wantLine{"Fixed fee ('Pro')", "12"}, wantLine{"Setup fee ('Pro')", "10"})
	if jan.IssuedOn == nil || jan.IssuedOn.Format(time.DateOnly) != "2026-02-03" || jan.DueOn.Format(time.DateOnly) != "2026-02-05" {
		t.Errorf("issued %v due %v", jan.IssuedOn, jan.DueOn)
	}
	if jan.PdfURL == nil || jan.BuyerAddress["city"] != "Madrid" || jan.PeriodFrom != "2026-01-01" || jan.PeriodTo != "2026-01-31" {
		t.Errorf("issued invoice: pdf %v, buyer %v, period %s..%s", jan.PdfURL, jan.BuyerAddress, jan.PeriodFrom, jan.PeriodTo)
	}
	checkPDF(t, w, jan)

	// February 15th at 12:00: Pro → Max; 13.5 of 28 days remain: a refund
	// of 14.95 and Max's 29.89.
	clk.set(utc(2026, 2, 15, 12, 0))
	if _, err := aud.ChangeApplicationPlan(w.tctx, appID, atoi(t, w.maxID)); err != nil {
		t.Fatal(err)
	}
	// March 1st: February's usage (150 hits: 10 + 2.5 at Max's tiers) on
	// February's invoice, which is finalized; March's fixed fee of Max.
	run("2026-03-01")
	invs = w.invoices(t)
	if len(invs) != 3 {
		t.Fatalf("invoices on March 1st: %+v", invs)
	}
	checkInvoice(t, invs[1], "2026-02-00000001", "FINALIZED", "58.44", "12.27", "70.71",
		wantLine{"Fixed fee ('Pro')", "31"}, wantLine{"Refund ('Pro')", "-14.95"}, wantLine{"Fixed fee ('Max')", "29.89"},
		wantLine{"Hits", "12.5"})
	if l := invs[1].LineItems[3]; l.Kind != "VARIABLE_COST" || l.Quantity == nil || *l.Quantity != "150" || l.Usage == nil || *l.Usage != 150 {
		t.Errorf("usage line = %+v", l)
	}
	checkInvoice(t, invs[2], "2026-03-00000001", "OPEN", "62", "13.02", "75.02", wantLine{"Fixed fee ('Max')", "62"})

	// The same run once more, through GraphQL: nothing is added.
	var again struct {
		RunBilling struct{ LineItemsAdded, Accounts int }
	}
	w.in.MustGraphQL(t, w.in.Admin, `mutation { runBilling(date: "2026-03-01") { lineItemsAdded accounts } }`, nil, &again)
	if again.RunBilling.LineItemsAdded != 0 || again.RunBilling.Accounts < 1 {
		t.Errorf("rerun through GraphQL: %+v", again.RunBilling)
	}
	n, err := w.in.Client().LineItem.Query().Where(lineitem.HasInvoiceWith(invoice.AccountID(atoi(t, w.accountID)))).Count(sys)
	if err != nil || n != 7 {
		t.Errorf("line items after every run twice: %d (%v), want 7", n, err)
	}
}

// checkPDF downloads an issued invoice's PDF twice: both are the stored
// bytes, a PDF naming the invoice.
func checkPDF(t *testing.T, w *world, inv gqlInvoice) {
	t.Helper()
	get := func(token string) (int, []byte) {
		req, _ := http.NewRequest(http.MethodGet, w.in.URL+*inv.PdfURL, nil)
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, b
	}
	code, first := get(w.in.Admin)
	_, second := get(w.in.Admin)
	if code != http.StatusOK || !bytes.HasPrefix(first, []byte("%PDF-")) || !bytes.Equal(first, second) {
		t.Fatalf("pdf: %d, %d bytes, identical %v", code, len(first), bytes.Equal(first, second))
	}
	stored, err := w.in.Client().Invoice.Get(apptest.SystemContext(), atoi(t, inv.ID))
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(first)
	if stored.PdfSha256 != hex.EncodeToString(sum[:]) {
		t.Errorf("downloaded PDF differs from the stored one")
	}
	if code, _ := get(""); code != http.StatusUnauthorized {
		t.Errorf("pdf without credentials: %d", code)
	}
}

// TestScheduledJobs runs a tenant's daily run as the scheduler does, through
// River: the tenant's job fans out its accounts in batches, and a batch's job
// bills each of them; a batch naming an account deleted since the fan-out
// bills the others and adds nothing to what was billed.
func TestScheduledJobs(t *testing.T) {
	w := setUp(t)
	sys := apptest.SystemContext()
	appID := atoi(t, w.appID)
	// Out of its trial since yesterday.
	if err := w.in.Client().Application.UpdateOneID(appID).SetTrialEndsAt(time.Now().Add(-24 * time.Hour)).Exec(sys); err != nil {
		t.Fatal(err)
	}
	today := time.Now().UTC().Format(time.DateOnly)
	if err := w.in.App.Jobs.Insert(context.Background(), billing.TenantRunArgs{TenantID: w.tenantID, Date: today}, nil); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(60 * time.Second)
	for {
		invs, err := w.in.Client().Invoice.Query().Where(invoice.AccountID(atoi(t, w.accountID))).WithLineItems().All(sys)
		if err != nil {
			t.Fatal(err)
		}
		if len(invs) == 1 && len(invs[0].Edges.LineItems) == 2 && invs[0].FriendlyID != "fix" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the scheduled run did not bill the account: %+v", invs)
		}
		time.Sleep(100 * time.Millisecond)
	}
	bill, err := billing.New(billing.Config{Client: w.in.Client(), LockRows: w.in.App.Store.IsPostgres()})
	if err != nil {
		t.Fatal(err)
	}
	day, _ := time.Parse(time.DateOnly, today)
	res, err := bill.RunAccounts(w.tctx, []int{1 << 30, atoi(t, w.accountID)}, day, nil)
	if err != nil {
		t.Fatalf("a batch with a deleted account: %v", err)
	}
	if res.Accounts != 1 || res.LineItemsAdded != 0 {
		t.Fatalf("the batch rerun billed %d accounts and added %d lines, want 1 and 0", res.Accounts, res.LineItemsAdded)
	}
}
