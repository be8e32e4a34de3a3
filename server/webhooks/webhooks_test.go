package webhooks_test

import (
	"context"
	"encoding/xml"
	"strings"
	"testing"
	"time"

	"github.com/portico-apim/portico/ent"
	"github.com/portico-apim/portico/ent/application"
	"github.com/portico-apim/portico/ent/domainevent"
	"github.com/portico-apim/portico/ent/plan"
	"github.com/portico-apim/portico/ent/product"
	"github.com/portico-apim/portico/ent/user"
	"github.com/portico-apim/portico/ent/webhookdelivery"
	"github.com/portico-apim/portico/schema/viewer"
	"github.com/portico-apim/portico/server/apptest"
	"github.com/portico-apim/portico/server/webhooks"
)

// env is a server with a receiver configured as its first tenant's webhook.
type env struct {
	in     *apptest.Instance
	rcv    *receiver
	secret string
	tenant int
	admin  int
}

const configure = `mutation($in: UpdateWebhookInput!) { updateWebhook(input: $in) { id url active providerActions events format secret } }`

func start(t *testing.T, providerActions bool) *env {
	t.Helper()
	cfg := apptest.Config(t)
	cfg.WebhookRetryDelay = 100 * time.Millisecond
	in := apptest.StartWith(t, cfg)
	e := &env{in: in, rcv: newReceiver(t), tenant: in.App.Bootstrap.TenantID}
	var out struct {
		UpdateWebhook struct {
			URL    string
			Events []string
			Secret string
		}
	}
	in.MustGraphQL(t, in.Admin, configure, map[string]any{"in": map[string]any{
		"url": e.rcv.URL + "/hook", "active": true, "providerActions": providerActions, "events": allEvents(),
	}}, &out)
	if len(out.UpdateWebhook.Events) != 16 || out.UpdateWebhook.Secret == "" {
		t.Fatalf("configured webhook: %+v", out.UpdateWebhook)
	}
	e.secret = out.UpdateWebhook.Secret
	adm, err := in.Client().User.Query().Where(user.TenantID(e.tenant), user.RoleEQ(user.RoleADMIN), user.AccountIDIsNil()).
		First(apptest.SystemContext())
	if err != nil {
		t.Fatal(err)
	}
	e.admin = adm.ID
	return e
}

func allEvents() []string {
	out := make([]string, len(webhooks.Events))
	for i, e := range webhooks.Events {
		out[i] = strings.ToUpper(e)
	}
	return out
}

// adminCtx acts as the tenant's admin in the console.
func (e *env) adminCtx() context.Context {
	return viewer.NewContext(context.Background(), &viewer.Viewer{TenantID: e.tenant, UserID: e.admin, Role: viewer.RoleAdmin})
}

// developerCtx acts for a developer (the developer portal, a signup).
func (e *env) developerCtx() context.Context {
	return viewer.AsDeveloper(e.adminCtx(), 0, 0)
}

// fixtures are the plans and products the scenario uses.
type fixtures struct {
	userKeyProduct, appIDProduct int
	planA, planB, keysPlan       int
	accountPlan                  int
}

func (e *env) fixtures(t *testing.T) fixtures {
	t.Helper()
	ctx := viewer.TenantSystemContext(context.Background(), e.tenant)
	c := e.in.Client()
	var f fixtures
	uk, err := c.Product.Create().SetName("Hooks UK").SetSystemName("hooks_uk").Save(ctx)
	if err != nil {
		t.Fatal(err)
	}
	ai, err := c.Product.Create().SetName("Hooks Keys").SetSystemName("hooks_keys").SetAuthentication(product.AuthenticationAPP_ID).Save(ctx)
	if err != nil {
		t.Fatal(err)
	}
	f.userKeyProduct, f.appIDProduct = uk.ID, ai.ID
	mk := func(kind plan.Kind, prod *int, name string) int {
		p, err := c.Plan.Create().SetKind(kind).SetNillableProductID(prod).SetName(name).SetSystemName(name).Save(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return p.ID
	}
	f.planA = mk(plan.KindAPPLICATION, &uk.ID, "hooks_a")
	f.planB = mk(plan.KindAPPLICATION, &uk.ID, "hooks_b")
	f.keysPlan = mk(plan.KindAPPLICATION, &ai.ID, "hooks_keys")
	f.accountPlan = mk(plan.KindACCOUNT, nil, "hooks_account")
	return f
}

// scenario fires every one of the 16 events through writes made as ctx's
// viewer, and returns how many times each fires.
func scenario(t *testing.T, ctx context.Context, c *ent.Client, f fixtures, tag string) map[string]int {
	t.Helper()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	acc, err := c.Account.Create().SetOrgName("Dev " + tag).Save(ctx)
	must(err)
	must(c.Account.UpdateOne(acc).SetOrgName("Dev " + tag + " Ltd").Exec(ctx))
	must(c.Account.UpdateOne(acc).SetPlanID(f.accountPlan).Exec(ctx))
	u, err := c.User.Create().SetTenantID(acc.TenantID).SetAccountID(acc.ID).SetUsername("dev_" + tag).SetEmail("dev_" + tag + "@example.com").Save(ctx)
	must(err)
	must(c.User.UpdateOne(u).SetFirstName("Ada").Exec(ctx))
	must(c.User.DeleteOne(u).Exec(ctx))
	app, err := c.Application.Create().SetAccountID(acc.ID).SetProductID(f.userKeyProduct).SetPlanID(f.planA).
		SetName("App " + tag).SetUserKey("uk-" + tag + "-0123456789").SetState(application.StateLIVE).Save(ctx)
	must(err)
	must(c.Application.UpdateOne(app).SetName("App " + tag + " v2").Exec(ctx))
	must(c.Application.UpdateOne(app).SetPlanID(f.planB).Exec(ctx))
	must(c.Application.UpdateOne(app).SetUserKey("uk-" + tag + "-9876543210").Exec(ctx))
	must(c.Application.UpdateOne(app).SetState(application.StateSUSPENDED).Exec(ctx))
	must(c.Application.DeleteOne(app).Exec(ctx))
	keys, err := c.Application.Create().SetAccountID(acc.ID).SetProductID(f.appIDProduct).SetPlanID(f.keysPlan).
		SetName("Keys " + tag).SetAppID("id" + tag).SetAppKeys([]string{"key-one-" + tag}).SetState(application.StateLIVE).Save(ctx)
	must(err)
	must(c.Application.UpdateOne(keys).SetAppKeys([]string{"key-one-" + tag, "key-two-" + tag}).Exec(ctx))
	must(c.Application.UpdateOne(keys).SetAppKeys([]string{"key-two-" + tag}).Exec(ctx))
	must(c.Application.UpdateOne(keys).SetAppKeys([]string{"key-new-" + tag}).Exec(ctx))
	must(c.Application.DeleteOne(keys).Exec(ctx))
	must(c.Account.DeleteOne(acc).Exec(ctx))
	want := map[string]int{}
	for _, e := range webhooks.Events {
		want[e] = 1
	}
	want["application_created"], want["application_deleted"] = 2, 2
	return want
}

type envelope struct {
	XMLName xml.Name `xml:"event"`
	Action  string   `xml:"action"`
	Type    string   `xml:"type"`
	Object  struct {
		Inner string `xml:",innerxml"`
	} `xml:"object"`
}

// check verifies one delivery's signature and envelope and returns its event.
func (e *env) check(t *testing.T, d delivery) string {
	t.Helper()
	if err := webhooks.Verify(e.secret, d.Header.Get(webhooks.HeaderSignature), d.Body, time.Now(), 5*time.Minute); err != nil {
		t.Fatalf("signature of %s: %v", d.Body, err)
	}
	if err := webhooks.Verify(e.secret+"x", d.Header.Get(webhooks.HeaderSignature), d.Body, time.Now(), 5*time.Minute); err == nil {
		t.Fatal("signature verifies with another secret")
	}
	if ct := d.Header.Get("Content-Type"); ct != "application/xml" {
		t.Fatalf("content type %q", ct)
	}
	var env envelope
	if err := xml.Unmarshal(d.Body, &env); err != nil {
		t.Fatalf("envelope %s: %v", d.Body, err)
	}
	if !strings.HasPrefix(string(d.Body), `<?xml version="1.0" encoding="UTF-8"?>`+"\n<event><action>") {
		t.Fatalf("document does not start as 3scale's: %s", d.Body)
	}
	if got := d.Header.Get(webhooks.HeaderEvent); got != env.Type+"."+env.Action {
		t.Fatalf("event header %q, document %s.%s", got, env.Type, env.Action)
	}
	if !strings.HasPrefix(strings.TrimSpace(env.Object.Inner), "<"+env.Type+"><id>") {
		t.Fatalf("object of %s.%s: %s", env.Type, env.Action, env.Object.Inner)
	}
	return env.Type + "_" + env.Action
}

// consumed waits until the outbox consumer has read every event.
func (e *env) consumed(t *testing.T) {
	t.Helper()
	waitFor(t, "the outbox to be consumed", func() bool {
		n, err := e.in.Client().DomainEvent.Query().Where(domainevent.DeliveredAtIsNil()).Count(apptest.SystemContext())
		return err == nil && n == 0
	})
}

// settled waits until no delivery is pending: the receiver may hold a
// request whose outcome its worker has not yet recorded.
func (e *env) settled(t *testing.T) {
	t.Helper()
	waitFor(t, "every delivery to settle", func() bool {
		n, err := e.in.Client().WebhookDelivery.Query().Where(webhookdelivery.StateEQ(webhookdelivery.StatePENDING)).Count(apptest.SystemContext())
		return err == nil && n == 0
	})
}

func (e *env) deliveries(t *testing.T) []*ent.WebhookDelivery {
	t.Helper()
	ds, err := e.in.Client().WebhookDelivery.Query().Order(ent.Asc(webhookdelivery.FieldID)).All(apptest.SystemContext())
	if err != nil {
		t.Fatal(err)
	}
	return ds
}

func count(t *testing.T, e *env, ds []delivery) map[string]int {
	got := map[string]int{}
	for _, d := range ds {
		got[e.check(t, d)]++
	}
	return got
}

func sameCounts(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// TestEveryEventForDevelopersAndAdminsOnlyWithFlag fires the 16 events as
// a developer (delivered), as an admin with provider actions off (not
// delivered), then with them on (delivered), each once with a valid
// signature and 3scale's envelope.
func TestEveryEventForDevelopersAndAdminsOnlyWithFlag(t *testing.T) {
	t.Parallel()
	e := start(t, false)
	f := e.fixtures(t)
	c := e.in.Client()

	want := scenario(t, e.developerCtx(), c, f, "dev")
	total := 0
	for _, n := range want {
		total += n
	}
	waitFor(t, "developer events", func() bool { return len(e.rcv.acceptedInOrder()) >= total })
	e.consumed(t)
	if got := count(t, e, e.rcv.acceptedInOrder()); !sameCounts(got, want) {
		t.Fatalf("developer events delivered %v, want %v", got, want)
	}

	scenario(t, e.adminCtx(), c, f, "adm")
	e.consumed(t)
	if n := len(e.deliveries(t)); n != total {
		t.Fatalf("admin actions with provider actions off made %d deliveries in all, want %d", n, total)
	}

	e.in.MustGraphQL(t, e.in.Admin, configure, map[string]any{"in": map[string]any{"providerActions": true}}, nil)
	scenario(t, e.adminCtx(), c, f, "on")
	waitFor(t, "admin events", func() bool { return len(e.rcv.acceptedInOrder()) >= 2*total })
	e.consumed(t)
	got := count(t, e, e.rcv.acceptedInOrder()[total:])
	if !sameCounts(got, want) {
		t.Fatalf("admin events delivered %v, want %v", got, want)
	}
	if n := e.rcv.requests(); n != 2*total {
		t.Fatalf("receiver got %d requests, want %d (each event once)", n, 2*total)
	}
	e.settled(t)
	for _, d := range e.deliveries(t) {
		if d.State != webhookdelivery.StateDELIVERED || d.Attempts != 1 || d.ResponseStatus == nil || *d.ResponseStatus != 200 || d.LatencyMs == nil {
			t.Fatalf("delivery log entry %+v", d)
		}
	}
}
