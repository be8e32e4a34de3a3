package webhooks_test

import (
	"encoding/json"
	"encoding/xml"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/portico-apim/portico/ent/accesstoken"
	"github.com/portico-apim/portico/ent/webhookdelivery"
	"github.com/portico-apim/portico/schema/viewer"
	"github.com/portico-apim/portico/server/apptest"
	"github.com/portico-apim/portico/server/secret"
)

// token creates a read-write access token of the env's admin.
func (e *env) token(t *testing.T) string {
	t.Helper()
	value := secret.Token()
	if err := e.in.Client().AccessToken.Create().SetTenantID(e.tenant).SetUserID(e.admin).SetName("hooks").
		SetScopes([]viewer.Scope{viewer.ScopeAccountManagement}).SetPermission(accesstoken.PermissionRW).
		SetTokenHash(secret.Digest(value)).Exec(apptest.SystemContext()); err != nil {
		t.Fatal(err)
	}
	return value
}

// rest sends a REST API request and returns the status and body.
func (e *env) rest(t *testing.T, method, path, token, body string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(method, e.in.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.SetBasicAuth("", token)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// accountEvent fires one account_created event as a developer.
func (e *env) accountEvent(t *testing.T, name string) {
	t.Helper()
	if err := e.in.Client().Account.Create().SetOrgName(name).Exec(e.developerCtx()); err != nil {
		t.Fatal(err)
	}
}

// TestReceiverDownThreeTimesGetsTheFourth delivers an event on the 4th
// attempt after three 500 answers, recording the attempts.
func TestReceiverDownThreeTimesGetsTheFourth(t *testing.T) {
	t.Parallel()
	e := start(t, false)
	e.rcv.set(func(r *receiver) { r.failFirst = 3 })
	e.accountEvent(t, "Flaky Co")
	waitFor(t, "the delivery", func() bool { return len(e.rcv.acceptedInOrder()) == 1 })
	if n := e.rcv.requests(); n != 4 {
		t.Fatalf("receiver got %d requests, want 4", n)
	}
	if a := e.rcv.acceptedInOrder()[0].Attempt; a != "4" {
		t.Fatalf("accepted attempt %s, want 4", a)
	}
	e.check(t, e.rcv.acceptedInOrder()[0])
	waitFor(t, "the log", func() bool {
		ds := e.deliveries(t)
		return len(ds) == 1 && ds[0].State == webhookdelivery.StateDELIVERED
	})
	d := e.deliveries(t)[0]
	if d.Attempts != 4 || *d.ResponseStatus != 200 || d.FailedAt != nil {
		t.Fatalf("logged %+v", d)
	}
}

type failuresXML struct {
	Items []struct {
		ID    string `xml:"id"`
		Time  string `xml:"time"`
		Error string `xml:"error"`
		URL   string `xml:"url"`
		Event struct {
			Action string `xml:"action"`
			Type   string `xml:"type"`
		} `xml:"event>event"`
	} `xml:"webhooks-failure"`
}

// TestFailedSixTimesListedAndReplayed keeps a receiver down for all six
// attempts: the event is in the failure list (GraphQL and REST), replay
// delivers it once the receiver is back, and DELETE clears the list.
func TestFailedSixTimesListedAndReplayed(t *testing.T) {
	t.Parallel()
	e := start(t, false)
	tok := e.token(t)
	e.rcv.set(func(r *receiver) { r.down = true })
	e.accountEvent(t, "Down Co")
	waitFor(t, "six attempts and the failure", func() bool {
		ds := e.deliveries(t)
		return len(ds) == 1 && ds[0].State == webhookdelivery.StateFAILED
	})
	if n := e.rcv.requests(); n != 6 {
		t.Fatalf("receiver got %d requests, want 6", n)
	}
	failed := e.deliveries(t)[0]
	if failed.Attempts != 6 || failed.Error == "" || *failed.ResponseStatus != 500 {
		t.Fatalf("failed delivery %+v", failed)
	}

	status, body := e.rest(t, "GET", "/admin/api/webhooks/failures.xml", tok, "")
	if status != 200 {
		t.Fatalf("failures.xml: %d %s", status, body)
	}
	var list failuresXML
	if err := xml.Unmarshal([]byte(body), &list); err != nil {
		t.Fatalf("failures.xml %s: %v", body, err)
	}
	if len(list.Items) != 1 || list.Items[0].ID != failed.EventID || list.Items[0].URL != failed.URL ||
		list.Items[0].Event.Type != "account" || list.Items[0].Event.Action != "created" || !strings.HasSuffix(list.Items[0].Time, " UTC") {
		t.Fatalf("failures.xml: %s", body)
	}
	status, body = e.rest(t, "GET", "/admin/api/webhooks/failures.json", tok, "")
	var js struct {
		Failures []map[string]map[string]string `json:"webhooks-failures"`
	}
	if err := json.Unmarshal([]byte(body), &js); status != 200 || err != nil || len(js.Failures) != 1 ||
		js.Failures[0]["webhooks-failure"]["id"] != failed.EventID || !strings.Contains(js.Failures[0]["webhooks-failure"]["event"], "<event>") {
		t.Fatalf("failures.json: %d %s (%v)", status, body, err)
	}

	e.rcv.set(func(r *receiver) { r.down = false })
	var out struct {
		ReplayWebhookDelivery struct {
			ID      string
			EventID string
			State   string
		}
	}
	e.in.MustGraphQL(t, e.in.Admin, `mutation($id: ID!) { replayWebhookDelivery(id: $id) { id eventID state } }`,
		map[string]any{"id": failed.ID}, &out)
	if out.ReplayWebhookDelivery.EventID != failed.EventID || out.ReplayWebhookDelivery.State != "PENDING" {
		t.Fatalf("replay: %+v", out.ReplayWebhookDelivery)
	}
	waitFor(t, "the replay", func() bool { return len(e.rcv.acceptedInOrder()) == 1 })
	got := e.rcv.acceptedInOrder()[0]
	if got.Header.Get("X-Portico-Event-Id") != failed.EventID || string(got.Body) != failed.RequestBody {
		t.Fatalf("replayed %s %s", got.Header.Get("X-Portico-Event-Id"), got.Body)
	}
	e.check(t, got)

	if status, body := e.rest(t, "DELETE", "/admin/api/webhooks/failures.json?time=yesterday", tok, ""); status != 400 || !strings.Contains(body, "invalid time") {
		t.Fatalf("DELETE with a bad time: %d %s", status, body)
	}
	if status, body := e.rest(t, "DELETE", "/admin/api/webhooks/failures.json?time=2000-01-01T00:00:00Z", tok, ""); status != 200 {
		t.Fatalf("DELETE until 2000: %d %s", status, body)
	}
	if _, body := e.rest(t, "GET", "/admin/api/webhooks/failures.json", tok, ""); !strings.Contains(body, failed.EventID) {
		t.Fatalf("a failure after the given time was cleared: %s", body)
	}
	if status, body := e.rest(t, "DELETE", "/admin/api/webhooks/failures.json", tok, ""); status != 200 {
		t.Fatalf("DELETE: %d %s", status, body)
	}
	if _, body := e.rest(t, "GET", "/admin/api/webhooks/failures.json", tok, ""); body != `{"webhooks-failures":[]}` {
		t.Fatalf("after DELETE: %s", body)
	}
}

// TestSignupWithProviderKeyFires: calls with the provider key fire nothing,
// except a signup, which acts for the developer it creates: its account,
// user and application are heard of.
func TestSignupWithProviderKeyFires(t *testing.T) {
	t.Parallel()
	e := start(t, false)
	tn, err := e.in.Client().Tenant.Get(apptest.SystemContext(), e.tenant)
	if err != nil {
		t.Fatal(err)
	}
	post := func(path, form string) {
		t.Helper()
		resp, err := http.Post(e.in.URL+path+"?provider_key="+tn.ProviderKey, "application/x-www-form-urlencoded", strings.NewReader(form))
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusCreated {
			t.Fatalf("POST %s: %d %s", path, resp.StatusCode, b)
		}
	}
	post("/admin/api/signup.xml", "org_name=Keyed+Co&username=keyed&email=keyed%40example.com&password=Secret-pass-123")
	e.consumed(t)
	// Every delivery settled before counting: a late one would be missed.
	e.settled(t)
	// The user is created pending and activated by its password in the same
	// transaction: subscribers hear of it once, as created, and active.
	// The signup also gave the account an application on the product's
	// default plan, and that is heard of too.
	got := count(t, e, e.rcv.acceptedInOrder())
	if len(got) != 3 || got["account_created"] != 1 || got["user_created"] != 1 || got["application_created"] != 1 {
		t.Fatalf("signup with the provider key delivered %v, want one account_created, user_created and application_created", got)
	}
	for _, d := range e.rcv.acceptedInOrder() {
		if strings.Contains(string(d.Body), "<user>") && !strings.Contains(string(d.Body), "<state>active</state>") {
			t.Fatalf("user_created carries the user before its activation: %s", d.Body)
		}
	}
	n := len(e.rcv.acceptedInOrder())
	e.in.MustGraphQL(t, e.in.Admin, configure, map[string]any{"in": map[string]any{"providerActions": true}}, nil)
	accs, err := e.in.Client().Account.Query().All(apptest.SystemContext())
	if err != nil || len(accs) == 0 {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(mustRequest(t, "PUT", e.in.URL+"/admin/api/accounts/"+strconv.Itoa(accs[len(accs)-1].ID)+".xml?provider_key="+tn.ProviderKey+"&org_name=Renamed"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("update with the provider key: %d", resp.StatusCode)
	}
	e.consumed(t)
	if len(e.rcv.acceptedInOrder()) != n {
		t.Fatal("a provider key update fired a webhook")
	}
}

func mustRequest(t *testing.T, method, url string) *http.Request {
	t.Helper()
	req, err := http.NewRequest(method, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	return req
}
