package webhooks

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
	"github.com/google/uuid"
	"github.com/riverqueue/river"

	"github.com/portico-apim/portico/ent"
	"github.com/portico-apim/portico/ent/domainevent"
	"github.com/portico-apim/portico/ent/tenant"
	"github.com/portico-apim/portico/ent/webhook"
	"github.com/portico-apim/portico/ent/webhookdelivery"
	"github.com/portico-apim/portico/schema/viewer"
	"github.com/portico-apim/portico/server/store"
)

// batch is how many outbox events one round reads.
const batch = 200

// Start runs the outbox consumer in the background until Stop.
func (s *Service) Start() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cancel != nil {
		return
	}
	ctx, cancel := context.WithCancel(store.Background(context.Background()))
	s.cancel, s.done = cancel, make(chan struct{})
	go s.run(ctx, s.done)
}

// Stop stops the consumer and waits for its round, at most until ctx ends.
func (s *Service) Stop(ctx context.Context) error {
	s.mu.Lock()
	cancel, done := s.cancel, s.done
	s.cancel = nil
	s.mu.Unlock()
	if cancel == nil {
		return nil
	}
	cancel()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("webhooks: stop: %w", ctx.Err())
	}
}

// Wake makes the consumer run a round now rather than at its next tick.
func (s *Service) Wake() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

func (s *Service) run(ctx context.Context, done chan struct{}) {
	defer close(done)
	t := time.NewTicker(s.cfg.Poll)
	defer t.Stop()
	for {
		for {
			start := time.Now()
			n, err := s.Consume(ctx)
			if err != nil && ctx.Err() == nil {
				s.logger.Warn("webhooks: outbox round failed", "error", err)
			}
			if s.Observe != nil && ctx.Err() == nil {
				s.Observe(time.Since(start), err)
			}
			if err != nil || n < batch {
				break
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-s.wake:
		case <-t.C:
		}
	}
}

// inTx runs fn in a transaction of the store's pool with an ent client on
// it, so that rows and River jobs commit together.
func (s *Service) inTx(ctx context.Context, fn func(tx *sql.Tx, c *ent.Client) error) error {
	tx, err := s.cfg.DB.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("webhooks: begin: %w", err)
	}
	d := dialect.SQLite
	if s.cfg.Postgres {
		d = dialect.Postgres
	}
	c := ent.NewClient(ent.Driver(entsql.NewDriver(d, entsql.Conn{ExecQuerier: tx})))
	if err := fn(tx, c); err != nil {
		_ = tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("webhooks: commit: %w", err)
	}
	return nil
}

// Consume runs one round of the outbox consumer: it reads events not yet
// consumed, turns those the gating rules let through into deliveries with
// their jobs, marks the events consumed, and queues replays and test events
// waiting for a job, all in one transaction. A crash before the commit
// leaves everything to the next round; after it, the jobs exist. It returns
// how many outbox events it consumed.
func (s *Service) Consume(ctx context.Context) (int, error) {
	sys := viewer.SystemContext(ctx)
	// A read first, so that an idle round takes no write lock (SQLite has
	// one for the whole database).
	idle, err := s.idle(sys)
	if err != nil || idle {
		return 0, err
	}
	var consumed int
	err = s.inTx(ctx, func(tx *sql.Tx, c *ent.Client) error {
		q := c.DomainEvent.Query().Where(domainevent.DeliveredAtIsNil()).Order(ent.Asc(domainevent.FieldID)).Limit(batch)
		if s.cfg.Postgres {
			q.ForUpdate(entsql.WithLockAction(entsql.SkipLocked))
		}
		evs, err := q.All(sys)
		if err != nil {
			return fmt.Errorf("webhooks: read outbox: %w", err)
		}
		consumed = len(evs)
		var creates []*ent.WebhookDeliveryCreate
		if len(evs) > 0 {
			creates, err = s.deliveriesOf(sys, c, evs)
			if err != nil {
				return err
			}
		}
		if len(evs) > 0 {
			sctx := ent.NewContext(ctx, c)
			for _, sub := range s.cfg.Subscribers {
				if err := sub.Consume(sctx, c, evs); err != nil {
					return err
				}
			}
		}
		var params []river.InsertManyParams
		if len(creates) > 0 {
			rows, err := c.WebhookDelivery.CreateBulk(creates...).Save(sys)
			if err != nil {
				return fmt.Errorf("webhooks: record deliveries: %w", err)
			}
			for _, r := range rows {
				params = append(params, river.InsertManyParams{Args: DeliverArgs{DeliveryID: r.ID}})
			}
		}
		if len(evs) > 0 {
			ids := make([]int, len(evs))
			for i, e := range evs {
				ids[i] = e.ID
			}
			if err := c.DomainEvent.Update().Where(domainevent.IDIn(ids...)).SetDeliveredAt(s.cfg.Now()).Exec(sys); err != nil {
				return fmt.Errorf("webhooks: mark consumed: %w", err)
			}
		}
		waiting, err := c.WebhookDelivery.Query().Where(webhookdelivery.Queued(false), webhookdelivery.StateEQ(webhookdelivery.StatePENDING)).
			Limit(batch).IDs(sys)
		if err != nil {
			return fmt.Errorf("webhooks: read waiting deliveries: %w", err)
		}
		if len(waiting) > 0 {
			if err := c.WebhookDelivery.Update().Where(webhookdelivery.IDIn(waiting...)).SetQueued(true).Exec(sys); err != nil {
				return fmt.Errorf("webhooks: queue deliveries: %w", err)
			}
			for _, id := range waiting {
				params = append(params, river.InsertManyParams{Args: DeliverArgs{DeliveryID: id}})
			}
		}
		return s.cfg.Jobs.InsertTx(ctx, tx, params)
	})
	if err == nil && consumed > 0 && s.cfg.Committed != nil {
		s.cfg.Committed()
	}
	return consumed, err
}

// idle reports whether there is nothing to consume or queue.
func (s *Service) idle(sys context.Context) (bool, error) {
	if unread, err := s.client.DomainEvent.Query().Where(domainevent.DeliveredAtIsNil()).Exist(sys); err != nil || unread {
		return false, err
	}
	waiting, err := s.client.WebhookDelivery.Query().Where(webhookdelivery.Queued(false), webhookdelivery.StateEQ(webhookdelivery.StatePENDING)).Exist(sys)
	return !waiting, err
}

// deliveriesOf applies the gating rules to outbox events and returns the
// deliveries of those that pass.
func (s *Service) deliveriesOf(sys context.Context, c *ent.Client, evs []*ent.DomainEvent) ([]*ent.WebhookDeliveryCreate, error) {
	tids := map[int]bool{}
	for _, e := range evs {
		tids[e.TenantID] = true
	}
	ids := make([]int, 0, len(tids))
	for id := range tids {
		ids = append(ids, id)
	}
	hooks, err := c.Webhook.Query().Where(webhook.TenantIDIn(ids...), webhook.Active(true), webhook.URLNEQ("")).All(sys)
	if err != nil {
		return nil, fmt.Errorf("webhooks: read configurations: %w", err)
	}
	byTenant := map[int]*ent.Webhook{}
	for _, h := range hooks {
		byTenant[h.TenantID] = h
	}
	tenants := map[int]*ent.Tenant{}
	if len(byTenant) > 0 {
		ts, err := c.Tenant.Query().Where(tenant.IDIn(ids...)).All(sys)
		if err != nil {
			return nil, fmt.Errorf("webhooks: read tenants: %w", err)
		}
		for _, t := range ts {
			tenants[t.ID] = t
		}
	}
	var out []*ent.WebhookDeliveryCreate
	for _, e := range evs {
		h := byTenant[e.TenantID]
		name, ok := EventFor(e.EventType)
		if h == nil || !ok || !Fires(h, name, e.ActorKind) {
			continue
		}
		typ, action := typeAction(name)
		body, err := s.envelope(sys, tenants[e.TenantID], h.Format, uuid.NewString(), typ, action, e.ObjectType, e.Payload)
		if err != nil {
			return nil, err
		}
		out = append(out, c.WebhookDelivery.Create().SetTenantID(e.TenantID).SetEventID(body.id).SetDomainEventID(e.ID).
			SetEventType(typ+"."+action).SetObjectType(typ).SetObjectID(e.ObjectID).SetURL(h.URL).
			SetFormat(webhookdelivery.Format(h.Format)).SetRequestBody(body.text).SetQueued(true))
	}
	return out, nil
}

// Fires applies 3scale's gating to one event of a tenant whose webhook is
// active: its switch must be on, and an action of the tenant's own team
// (console or access token) fires only with provider actions on; work of
// the system (provider key calls, background jobs) fires nothing.
func Fires(h *ent.Webhook, event string, actor domainevent.ActorKind) bool {
	on := false
	for _, e := range h.Events {
		on = on || e == event
	}
	if !on || !h.Active || h.URL == "" {
		return false
	}
	switch actor {
	case domainevent.ActorKindDEVELOPER:
		return true
	case domainevent.ActorKindADMIN, domainevent.ActorKindTOKEN:
		return h.ProviderActions
	}
	return false
}

type document struct {
	id   string
	text string
}

func (s *Service) envelope(ctx context.Context, t *ent.Tenant, format webhook.Format, id, typ, action, objectType string, snap map[string]any) (document, error) {
	text, err := Envelope(ctx, s.cfg.Render, t, format, id, typ+"_"+action, objectType, snap)
	return document{id: id, text: text}, err
}

// Envelope writes the document of one event: 3scale's XML
// (<event><action/><type/><object>…</object></event>) or its JSON
// counterpart ({"event":{"id","action","type","object":{…}}}), the object
// as render writes the outbox snapshot.
func Envelope(ctx context.Context, render RenderFunc, t *ent.Tenant, format webhook.Format, id, event, objectType string, snap map[string]any) (string, error) {
	typ, action := typeAction(event)
	obj, err := render(ctx, t, objectType, snap, format == webhook.FormatJSON)
	if err != nil {
		return "", fmt.Errorf("webhooks: render %s: %w", objectType, err)
	}
	if format == webhook.FormatJSON {
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		err := enc.Encode(jsonEnvelope{Event: jsonEvent{ID: id, Action: action, Type: typ, Object: map[string]json.RawMessage{typ: obj}}})
		return strings.TrimSuffix(buf.String(), "\n"), err
	}
	return xmlHeader + "<event><action>" + action + "</action><type>" + typ + "</type><object>" +
		string(obj) + "</object></event>\n", nil
}

type jsonEnvelope struct {
	Event jsonEvent `json:"event"`
}

type jsonEvent struct {
	ID     string                     `json:"id"`
	Action string                     `json:"action"`
	Type   string                     `json:"type"`
	Object map[string]json.RawMessage `json:"object"`
}

const xmlHeader = `<?xml version="1.0" encoding="UTF-8"?>` + "\n"

// snapshotOf is an object as the outbox snapshots it.
func snapshotOf(v any) map[string]any {
	b, err := json.Marshal(v)
	if err != nil {
		return map[string]any{}
	}
	var m map[string]any
	_ = json.Unmarshal(b, &m)
	delete(m, "edges")
	return m
}
