package webhooks_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/portico-apim/portico/ent/user"
	"github.com/portico-apim/portico/ent/webhook"
	"github.com/portico-apim/portico/server/apptest"
	"github.com/portico-apim/portico/server/webhooks"
)

// TestSettingsRefuseBadInput refuses a bad URL, an unknown switch and a
// forbidden address with precise errors, storing nothing.
func TestSettingsRefuseBadInput(t *testing.T) {
	t.Parallel()
	cfg := apptest.Config(t)
	cfg.OutboundAllowPrivate = false
	in := apptest.StartWith(t, cfg)
	e := &env{in: in, tenant: in.App.Bootstrap.TenantID}
	adm, err := in.Client().User.Query().Where(user.TenantID(e.tenant)).First(apptest.SystemContext())
	if err != nil {
		t.Fatal(err)
	}
	e.admin = adm.ID
	in.MustGraphQL(t, in.Admin, configure, map[string]any{"in": map[string]any{
		"url": "https://93.184.216.34/hook", "active": true, "events": []string{"ACCOUNT_CREATED"}}}, nil)
	for _, tc := range []struct{ url, want string }{
		{"http://127.0.0.1:8080/hook", "127.0.0.1 is a loopback address"},
		{"http://169.254.169.254/", "cloud metadata"},
		{"http://[::1]/", "::1 is a loopback address"},
		{"http://localhost:9/", "localhost resolves to"},
		{"ftp://example.com/", `scheme "ftp" is not allowed`},
		{"not a url", "absolute"},
	} {
		err := in.ExpectError(t, in.Admin, configure, map[string]any{"in": map[string]any{"url": tc.url}}, "VALIDATION")
		if err.Field() != "input.url" || !strings.Contains(err.Message, tc.want) {
			t.Errorf("url %s: %+v, want %q", tc.url, err, tc.want)
		}
	}
	in.ExpectError(t, in.Admin, configure, map[string]any{"in": map[string]any{"events": []string{"ACCOUNT_EXPLODED"}}}, "VALIDATION")

	tok := e.token(t)
	for _, tc := range []struct{ body, want string }{
		{`{"url":"http://10.0.0.5/hook"}`, "private address"},
		{`{"url":"https://93.184.216.34/x","account_exploded_on":"true"}`, "account_exploded_on"},
		{`{"active":"maybe"}`, "boolean"},
	} {
		status, body := e.rest(t, "PUT", "/admin/api/webhooks.json", tok, tc.body)
		if status != 422 || !strings.Contains(body, tc.want) || !strings.Contains(body, `"errors"`) {
			t.Errorf("PUT %s: %d %s, want 422 naming %q", tc.body, status, body, tc.want)
		}
	}
	w, err := in.Client().Webhook.Query().Only(apptest.SystemContext())
	if err != nil {
		t.Fatal(err)
	}
	if w.URL != "https://93.184.216.34/hook" || !w.Active || len(w.Events) != 1 {
		t.Fatalf("a refused change was stored: %+v", w)
	}

	status, body := e.rest(t, "PUT", "/admin/api/webhooks.json", tok,
		`{"webhook":{"url":"https://93.184.216.34/other","active":false,"provider_actions":true,"user_created_on":"1","account_created_on":"0"}}`)
	var rep struct {
		Webhook map[string]any `json:"webhook"`
	}
	if err := json.Unmarshal([]byte(body), &rep); status != 200 || err != nil {
		t.Fatalf("PUT: %d %s", status, body)
	}
	if rep.Webhook["url"] != "https://93.184.216.34/other" || rep.Webhook["active"] != false || rep.Webhook["provider_actions"] != true ||
		rep.Webhook["user_created_on"] != true || rep.Webhook["account_created_on"] != false || len(rep.Webhook) != 19 {
		t.Fatalf("PUT answered %s", body)
	}
	if status, _ := e.rest(t, "PUT", "/admin/api/webhooks.xml", tok, `{"active":true}`); status != 406 {
		t.Fatalf("PUT webhooks.xml: %d, want 406", status)
	}
}

// TestSecretRotationAndTestEvent rotates the secret, sends a test event in
// JSON signed with the new one, and finds it in the log.
func TestSecretRotationAndTestEvent(t *testing.T) {
	t.Parallel()
	e := start(t, false)
	e.in.MustGraphQL(t, e.in.Admin, configure, map[string]any{"in": map[string]any{"format": "JSON", "events": []string{}}}, nil)
	var rot struct {
		RotateWebhookSecret struct{ Secret string }
	}
	e.in.MustGraphQL(t, e.in.Admin, `mutation { rotateWebhookSecret { secret webhook { secret } } }`, nil, &rot)
	if rot.RotateWebhookSecret.Secret == e.secret || rot.RotateWebhookSecret.Secret == "" {
		t.Fatal("the secret did not change")
	}
	old := e.secret
	e.secret = rot.RotateWebhookSecret.Secret
	var sent struct {
		SendWebhookTestEvent struct {
			ID   string
			Test bool
		}
	}
	e.in.MustGraphQL(t, e.in.Admin, `mutation { sendWebhookTestEvent { id test } }`, nil, &sent)
	waitFor(t, "the test event", func() bool { return len(e.rcv.acceptedInOrder()) == 1 })
	d := e.rcv.acceptedInOrder()[0]
	if err := webhooks.Verify(e.secret, d.Header.Get(webhooks.HeaderSignature), d.Body, time.Now(), time.Minute); err != nil {
		t.Fatalf("test event signature: %v", err)
	}
	if err := webhooks.Verify(old, d.Header.Get(webhooks.HeaderSignature), d.Body, time.Now(), time.Minute); err == nil {
		t.Fatal("the old secret still verifies")
	}
	var doc struct {
		Event struct {
			ID, Action, Type string
			Object           map[string]map[string]any
		}
	}
	if err := json.Unmarshal(d.Body, &doc); err != nil || d.Header.Get("Content-Type") != "application/json" ||
		doc.Event.Type != "account" || doc.Event.Action != "updated" || doc.Event.ID != d.Header.Get(webhooks.HeaderEventID) ||
		doc.Event.Object["account"]["org_name"] == nil {
		t.Fatalf("test event %s (%v)", d.Body, err)
	}
	var log struct {
		WebhookDeliveries struct {
			TotalCount int
			Edges      []struct {
				Node struct {
					ID, State, EventType string
					Test                 bool
					Attempts             int
					ResponseStatus       *int
				}
			}
		}
	}
	waitFor(t, "the log", func() bool {
		e.in.MustGraphQL(t, e.in.Admin, `{ webhookDeliveries(first: 10, where: {test: true}) { totalCount edges { node { id state eventType test attempts responseStatus } } } }`, nil, &log)
		return log.WebhookDeliveries.TotalCount == 1 && log.WebhookDeliveries.Edges[0].Node.State == "DELIVERED"
	})
	n := log.WebhookDeliveries.Edges[0].Node
	if n.ID != sent.SendWebhookTestEvent.ID || !n.Test || n.EventType != "account.updated" || n.Attempts != 1 || *n.ResponseStatus != 200 {
		t.Fatalf("log entry %+v", n)
	}
	_ = webhook.FormatJSON
}

// TestHangingReceiverTimesOut lets a receiver that never answers fail the
// attempt within the outbound timeout rather than hold the worker.
func TestHangingReceiverTimesOut(t *testing.T) {
	t.Parallel()
	e := start(t, false)
	e.rcv.set(func(r *receiver) { r.hang = make(chan struct{}) })
	e.accountEvent(t, "Slow Co")
	waitFor(t, "a timed-out attempt", func() bool {
		ds := e.deliveries(t)
		return len(ds) == 1 && ds[0].Attempts >= 1 && ds[0].Error != ""
	})
	d := e.deliveries(t)[0]
	if d.ResponseStatus != nil || !strings.Contains(d.Error, "Timeout") {
		t.Fatalf("hung attempt logged as %+v", d)
	}
}

// TestTenancy: another tenant neither reads nor changes the webhook, its
// log or its failures, and its own events never reach this receiver.
func TestTenancy(t *testing.T) {
	t.Parallel()
	e := start(t, false)
	e.accountEvent(t, "Mine")
	waitFor(t, "own delivery", func() bool { return len(e.rcv.acceptedInOrder()) == 1 })
	other := e.in.NewTenant(t, "other.example.com")
	var got struct {
		Webhook struct {
			URL    string
			Secret string
		}
		WebhookDeliveries struct{ TotalCount int }
	}
	e.in.MustGraphQL(t, other, `{ webhook { url secret } webhookDeliveries { totalCount } }`, nil, &got)
	if got.Webhook.URL != "" || got.Webhook.Secret == e.secret || got.WebhookDeliveries.TotalCount != 0 {
		t.Fatalf("another tenant sees %+v", got)
	}
	d := e.deliveries(t)[0]
	e.in.ExpectError(t, other, `mutation($id: ID!) { replayWebhookDelivery(id: $id) { id } }`, map[string]any{"id": d.ID}, "NOT_FOUND")
	e.in.MustGraphQL(t, other, `mutation { clearWebhookFailures }`, nil, nil)
	e.in.MustGraphQL(t, other, configure, map[string]any{"in": map[string]any{"url": e.rcv.URL + "/other", "active": true, "events": allEvents()}}, nil)
	w, err := e.in.Client().Webhook.Query().Where(webhook.TenantID(e.tenant)).Only(apptest.SystemContext())
	if err != nil || w.URL != e.rcv.URL+"/hook" {
		t.Fatalf("own webhook after the other tenant's change: %+v %v", w, err)
	}
	if n := len(e.rcv.acceptedInOrder()); n != 1 {
		t.Fatalf("receiver has %d events", n)
	}
}
