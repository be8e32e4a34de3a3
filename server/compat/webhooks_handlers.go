package compat

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/portico-apim/portico/ent"
	"github.com/portico-apim/portico/schema/viewer"
	"github.com/portico-apim/portico/server/problem"
	"github.com/portico-apim/portico/server/webhooks"
)

// Webhooks, spec §2.12, §3.16, §3.19 and §4.

// webhookRep is the webhook settings document: the URL, the flags and the
// 16 switches as <event>_on.
type webhookRep map[string]any

func webhookOf(w *ent.Webhook) webhookRep {
	r := webhookRep{"url": w.URL, "active": w.Active, "provider_actions": w.ProviderActions}
	on := map[string]bool{}
	for _, e := range w.Events {
		on[e] = true
	}
	for _, e := range webhooks.Events {
		r[e+"_on"] = on[e]
	}
	return r
}

// UpdateWebhook changes the tenant's webhook (JSON only).
// PUT /admin/api/webhooks
func (a *API) UpdateWebhook(c *Call) error {
	p, err := c.Params("webhook")
	if err != nil {
		return err
	}
	in := webhooks.Settings{URL: p.String("url"), Switches: map[string]bool{}}
	if in.Active, err = p.Bool("active"); err != nil {
		return err
	}
	if in.ProviderActions, err = p.Bool("provider_actions"); err != nil {
		return err
	}
	for _, k := range p.Keys() {
		name, ok := strings.CutSuffix(k, "_on")
		if !ok {
			continue
		}
		if !webhooks.IsEvent(name) {
			return problem.Invalid(k, "is not a webhook event switch")
		}
		b, err := p.Bool(k)
		if err != nil {
			return err
		}
		if b != nil {
			in.Switches[name] = *b
		}
	}
	w, err := a.webhooks.Update(c.Context(), in)
	if err != nil {
		return err
	}
	return c.ok("webhook", webhookOf(w))
}

// rawXML is a document inlined as it is.
type rawXML []byte

func (r rawXML) MarshalXML(e *xml.Encoder, start xml.StartElement) error {
	dec := xml.NewDecoder(bytes.NewReader(r))
	if err := e.EncodeToken(start); err != nil {
		return err
	}
	for {
		tok, err := dec.Token()
		if err != nil {
			break
		}
		if _, ok := tok.(xml.ProcInst); ok {
			continue
		}
		if err := e.EncodeToken(xml.CopyToken(tok)); err != nil {
			return err
		}
	}
	return e.EncodeToken(start.End())
}

type failureRep struct {
	ID    string `json:"id" xml:"id"`
	Time  string `json:"time" xml:"time"`
	Error string `json:"error" xml:"error"`
	URL   string `json:"url" xml:"url"`
	Event string `json:"event" xml:"-"`
	Doc   rawXML `json:"-" xml:"event"`
}

// WebhookFailures lists the tenant's failed deliveries, oldest first.
// GET /admin/api/webhooks/failures
func (a *API) WebhookFailures(c *Call) error {
	fs, err := a.webhooks.Failures(c.Context())
	if err != nil {
		return err
	}
	items := make([]failureRep, len(fs))
	for i, f := range fs {
		r := failureRep{ID: f.EventID, Error: f.Error, URL: f.URL, Event: f.RequestBody}
		if f.FailedAt != nil {
			r.Time = f.FailedAt.UTC().Format("2006-01-02 15:04:05 UTC")
		}
		if f.Format == "XML" {
			r.Doc = rawXML(f.RequestBody)
		} else {
			// A JSON event is inlined as text in XML.
			var buf bytes.Buffer
			_ = xml.EscapeText(&buf, []byte(f.RequestBody))
			r.Doc = rawXML("<json>" + buf.String() + "</json>")
		}
		items[i] = r
	}
	return RespondList(c, "webhooks-failures", "webhooks-failure", items, nil)
}

// DeleteWebhookFailures clears the failure list, up to time when given.
// DELETE /admin/api/webhooks/failures
func (a *API) DeleteWebhookFailures(c *Call) error {
	var until *time.Time
	if s := strings.TrimSpace(c.Param("time")); s != "" {
		t, ok := parseFailureTime(s)
		if !ok {
			writeBody(c.W, c.Format, http.StatusBadRequest, errorBody(c.Format, "invalid time"))
			return nil
		}
		until = &t
	}
	if _, err := a.webhooks.ClearFailures(c.Context(), until); err != nil {
		return err
	}
	return c.deleted()
}

func parseFailureTime(s string) (time.Time, bool) {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02 15:04:05 UTC", "2006-01-02 15:04:05 MST", "2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// EventRenderer returns what webhooks write as an event's object: the
// account, user or application of an outbox snapshot exactly as the REST
// API represents it for the tenant, links on its admin domain.
func EventRenderer(client *ent.Client) webhooks.RenderFunc {
	a := &API{client: client}
	return func(ctx context.Context, t *ent.Tenant, objectType string, snap map[string]any, asJSON bool) ([]byte, error) {
		f := XML
		if asJSON {
			f = JSON
		}
		c := &Call{Format: f, Tenant: t, ctx: viewer.TenantSystemContext(ctx, t.ID),
			R: &http.Request{Host: t.AdminDomain, Header: http.Header{"X-Forwarded-Proto": {"https"}}}}
		raw, err := json.Marshal(snap)
		if err != nil {
			return nil, err
		}
		var v any
		switch objectType {
		case "account":
			var acc ent.Account
			if err := json.Unmarshal(raw, &acc); err != nil {
				return nil, err
			}
			if v, err = a.accountFull(c, &acc); err != nil {
				return nil, err
			}
		case "user":
			var u ent.User
			if err := json.Unmarshal(raw, &u); err != nil {
				return nil, err
			}
			v = c.userOf(&u)
		case "application":
			var app ent.Application
			if err := json.Unmarshal(raw, &app); err != nil {
				return nil, err
			}
			if err := a.appEdges(c.Context(), &app); err != nil {
				return nil, err
			}
			v = c.applicationOf(&app)
		default:
			return nil, fmt.Errorf("compat: no representation of %q", objectType)
		}
		if f == JSON {
			return jsonMarshal(v)
		}
		var buf bytes.Buffer
		enc := xml.NewEncoder(&buf)
		if err := enc.EncodeElement(v, xml.StartElement{Name: xml.Name{Local: objectType}}); err != nil {
			return nil, err
		}
		if err := enc.Flush(); err != nil {
			return nil, err
		}
		return buf.Bytes(), nil
	}
}

// appEdges loads an application snapshot's product, plan and account, those
// that still exist (a deleted application's product may be gone too).
func (a *API) appEdges(ctx context.Context, app *ent.Application) error {
	if p, err := a.client.Product.Get(ctx, app.ProductID); err == nil {
		app.Edges.Product = p
	} else if !ent.IsNotFound(err) {
		return err
	}
	if p, err := a.client.Plan.Get(ctx, app.PlanID); err == nil {
		app.Edges.Plan = p
	} else if !ent.IsNotFound(err) {
		return err
	}
	if acc, err := a.client.Account.Get(ctx, app.AccountID); err == nil {
		app.Edges.Account = acc
	} else if !ent.IsNotFound(err) {
		return err
	}
	return nil
}
