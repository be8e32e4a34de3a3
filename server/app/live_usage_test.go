package app_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/coder/websocket/wsjson"

	"github.com/portico-apim/portico/server/apptest"
)

// wsMessage is a message of the graphql-transport-ws protocol.
type wsMessage struct {
	ID      string          `json:"id,omitempty"`
	Type    string          `json:"type"`
	Payload json.RawMessage `json:"payload,omitempty"`
}

// subscribe opens a websocket to /graphql as token and starts one
// subscription.
func subscribe(ctx context.Context, t *testing.T, in *apptest.Instance, token, query string, vars map[string]any) *websocket.Conn {
	t.Helper()
	c, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(in.URL, "http")+"/graphql",
		&websocket.DialOptions{Subprotocols: []string{"graphql-transport-ws"}})
	if err != nil {
		t.Fatalf("dial: %v", err)
	}
	t.Cleanup(func() { c.Close(websocket.StatusNormalClosure, "") })
	init, _ := json.Marshal(map[string]string{"Authorization": "Bearer " + token})
	if err := wsjson.Write(ctx, c, wsMessage{Type: "connection_init", Payload: init}); err != nil {
		t.Fatal(err)
	}
	var ack wsMessage
	if err := wsjson.Read(ctx, c, &ack); err != nil || ack.Type != "connection_ack" {
		t.Fatalf("connection_init answered %+v, %v", ack, err)
	}
	payload, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	if err := wsjson.Write(ctx, c, wsMessage{ID: "1", Type: "subscribe", Payload: payload}); err != nil {
		t.Fatal(err)
	}
	return c
}

// next reads the subscription's next message, skipping pings.
func next(ctx context.Context, t *testing.T, c *websocket.Conn) wsMessage {
	t.Helper()
	for {
		var m wsMessage
		if err := wsjson.Read(ctx, c, &m); err != nil {
			t.Fatalf("read: %v", err)
		}
		if m.Type == "ping" {
			_ = wsjson.Write(ctx, c, wsMessage{Type: "pong"})
			continue
		}
		return m
	}
}

// TestLiveUsageOverWebsocket subscribes to an application's live usage over
// a real websocket with a stats-scoped token, sends calls through the
// Service Management API and sees a later event count them. Another
// tenant's subscription and a bad interval are refused before any event.
func TestLiveUsageOverWebsocket(t *testing.T) {
	in := apptest.Start(t)
	p := provision(t, in, 100000)
	var tok struct{ CreateAccessToken struct{ Value string } }
	in.MustGraphQL(t, in.Admin, `mutation { createAccessToken(input: {name: "live", scopes: [STATS], permission: RO}) { value } }`, nil, &tok)
	stats := tok.CreateAccessToken.Value
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()

	const live = `subscription($a: ID!, $s: Int) { liveUsage(applicationID: $a, metric: "hits", intervalSeconds: $s) { total granularity points { value } } }`
	c := subscribe(ctx, t, in, stats, live, map[string]any{"a": p.appID, "s": 2})
	type event struct {
		LiveUsage struct {
			Total       int
			Granularity string
			Points      []struct{ Value int }
		}
	}
	read := func() event {
		m := next(ctx, t, c)
		if m.Type != "next" {
			t.Fatalf("message %s: %s", m.Type, m.Payload)
		}
		var r struct {
			Data   event
			Errors []any
		}
		if err := json.Unmarshal(m.Payload, &r); err != nil || r.Errors != nil {
			t.Fatalf("event %s: %v", m.Payload, err)
		}
		return r.Data
	}
	first := read()
	if first.LiveUsage.Granularity != "MINUTE" || len(first.LiveUsage.Points) < 60 {
		t.Fatalf("first event: %+v, want the last hour by minute", first.LiveUsage)
	}

	q := url.Values{"service_token": {p.serviceToken}, "service_id": {p.productID}, "user_key": {p.userKey}, "usage[hits]": {"3"}}
	eventually(t, "the application's call is accepted", func() error {
		res, err := http.Get(in.URL + "/transactions/authrep.xml?" + q.Encode())
		if err != nil {
			return err
		}
		res.Body.Close()
		if res.StatusCode != http.StatusOK {
			return fmt.Errorf("authrep: %d", res.StatusCode)
		}
		return nil
	})
	// Events keep coming; one of them counts the call (the rollup flushes
	// every 2 s). The deadline of ctx bounds the wait.
	for total := first.LiveUsage.Total; total < first.LiveUsage.Total+3; {
		total = read().LiveUsage.Total
	}

	// Refusals are an error instead of any event, then the end.
	other := in.NewTenant(t, "live-other.example.com")
	for _, tc := range []struct {
		token string
		vars  map[string]any
		code  string
	}{
		{other, map[string]any{"a": p.appID}, "NOT_FOUND"},
		{stats, map[string]any{"a": p.appID, "s": 1}, "VALIDATION"},
	} {
		sub := subscribe(ctx, t, in, tc.token, live, tc.vars)
		m := next(ctx, t, sub)
		var r struct {
			Data   *event
			Errors []apptest.GQLError
		}
		if err := json.Unmarshal(m.Payload, &r); err != nil || m.Type != "next" || r.Data != nil || len(r.Errors) != 1 || r.Errors[0].Code() != tc.code {
			t.Errorf("subscription %v: %s %s, want only an error %s", tc.vars, m.Type, m.Payload, tc.code)
		}
		if m := next(ctx, t, sub); m.Type != "complete" {
			t.Errorf("subscription %v: then %s %s, want complete", tc.vars, m.Type, m.Payload)
		}
	}
}
