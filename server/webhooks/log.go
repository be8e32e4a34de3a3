package webhooks

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/riverqueue/river"

	"github.com/portico-apim/portico/ent"
	"github.com/portico-apim/portico/ent/domainevent"
	"github.com/portico-apim/portico/ent/webhookdelivery"
	"github.com/portico-apim/portico/schema/viewer"
	"github.com/portico-apim/portico/server/problem"
	"github.com/portico-apim/portico/server/store"
)

// Replay sends a logged delivery's event again, with the same event id and
// body, to the webhook's current URL, as a new delivery (returned). The
// outbox consumer queues it within a poll interval.
func (s *Service) Replay(ctx context.Context, id int) (*ent.WebhookDelivery, error) {
	c := store.Client(ctx, s.client)
	d, err := c.WebhookDelivery.Get(ctx, id)
	if err != nil {
		return nil, problem.NotFoundIf(err, "webhook delivery %d not found", id)
	}
	w, err := s.Get(ctx)
	if err != nil {
		return nil, err
	}
	if w.URL == "" {
		return nil, problem.Invalid("url", "the webhook has no URL to send to")
	}
	if d.State == webhookdelivery.StatePENDING {
		return nil, problem.Conflict("webhook delivery %d is still being sent", id)
	}
	r, err := c.WebhookDelivery.Create().SetEventID(d.EventID).SetEventType(d.EventType).SetObjectType(d.ObjectType).
		SetObjectID(d.ObjectID).SetTest(d.Test).SetReplayOfID(d.ID).SetURL(w.URL).SetFormat(d.Format).
		SetRequestBody(d.RequestBody).Save(ctx)
	if err != nil {
		return nil, fmt.Errorf("webhooks: replay: %w", err)
	}
	s.Wake()
	return r, nil
}

// SendTest sends a test event to the viewer's tenant's webhook, whatever
// its switches and even when inactive: an account.updated event about
// the first developer account in the tenant's configured format (a sample
// account when there is none), marked as a test in the log.
func (s *Service) SendTest(ctx context.Context) (*ent.WebhookDelivery, error) {
	c := store.Client(ctx, s.client)
	w, err := s.Get(ctx)
	if err != nil {
		return nil, err
	}
	if w.URL == "" {
		return nil, problem.Invalid("url", "set the webhook's URL before sending a test event")
	}
	v := viewer.FromContext(ctx)
	if v == nil || v.TenantID == 0 {
		return nil, problem.Forbidden("no tenant")
	}
	t, err := c.Tenant.Get(ctx, v.TenantID)
	if err != nil {
		return nil, err
	}
	snap := map[string]any{"id": 0, "tenant_id": v.TenantID, "org_name": "Test Account", "state": "APPROVED",
		"created_at": s.cfg.Now().UTC().Format(time.RFC3339Nano), "updated_at": s.cfg.Now().UTC().Format(time.RFC3339Nano)}
	objectID := 0
	if acc, err := c.Account.Query().Order(ent.Asc("id")).First(ctx); err == nil {
		objectID = acc.ID
		snap = snapshotOf(acc)
	}
	doc, err := s.envelope(ctx, t, w.Format, uuid.NewString(), "account", "updated", "account", snap)
	if err != nil {
		return nil, err
	}
	r, err := c.WebhookDelivery.Create().SetEventID(doc.id).SetEventType("account.updated").SetObjectType("account").
		SetObjectID(objectID).SetTest(true).SetURL(w.URL).SetFormat(webhookdelivery.Format(w.Format)).
		SetRequestBody(doc.text).Save(ctx)
	if err != nil {
		return nil, fmt.Errorf("webhooks: test event: %w", err)
	}
	s.Wake()
	return r, nil
}

// Failures lists the viewer's tenant's failure list, oldest first:
// deliveries whose every attempt failed, until cleared.
func (s *Service) Failures(ctx context.Context) ([]*ent.WebhookDelivery, error) {
	return store.Client(ctx, s.client).WebhookDelivery.Query().
		Where(webhookdelivery.StateEQ(webhookdelivery.StateFAILED), webhookdelivery.ClearedAtIsNil()).
		Order(ent.Asc(webhookdelivery.FieldFailedAt), ent.Asc(webhookdelivery.FieldID)).All(ctx)
}

// ClearFailures takes failures off the list: those that failed at or
// before until, or all when until is nil. The deliveries stay in the log.
func (s *Service) ClearFailures(ctx context.Context, until *time.Time) (int, error) {
	u := store.Client(ctx, s.client).WebhookDelivery.Update().
		Where(webhookdelivery.StateEQ(webhookdelivery.StateFAILED), webhookdelivery.ClearedAtIsNil())
	if until != nil {
		u.Where(webhookdelivery.FailedAtLTE(*until))
	}
	return u.SetClearedAt(s.cfg.Now()).Save(ctx)
}

// PruneArgs is the periodic job that deletes consumed outbox events and
// finished deliveries older than the retention; failures still on the
// failure list are kept.
type PruneArgs struct{}

// Kind names the job.
func (PruneArgs) Kind() string { return "outbox_prune" }

type pruneWorker struct {
	river.WorkerDefaults[PruneArgs]
	s *Service
}

func (w *pruneWorker) Work(ctx context.Context, _ *river.Job[PruneArgs]) error {
	_, _, err := w.s.Prune(ctx)
	return err
}

// Prune deletes what the retention lets go and says how many outbox events
// and deliveries it deleted.
func (s *Service) Prune(ctx context.Context) (events, deliveries int, err error) {
	sys := viewer.SystemContext(ctx)
	before := s.cfg.Now().Add(-s.cfg.Retention)
	events, err = s.client.DomainEvent.Delete().Where(domainevent.DeliveredAtLT(before)).Exec(sys)
	if err != nil {
		return 0, 0, fmt.Errorf("webhooks: prune outbox: %w", err)
	}
	deliveries, err = s.client.WebhookDelivery.Delete().Where(webhookdelivery.CreatedAtLT(before),
		webhookdelivery.Or(webhookdelivery.StateEQ(webhookdelivery.StateDELIVERED),
			webhookdelivery.And(webhookdelivery.StateEQ(webhookdelivery.StateFAILED), webhookdelivery.ClearedAtNotNil()))).Exec(sys)
	if err != nil {
		return events, 0, fmt.Errorf("webhooks: prune deliveries: %w", err)
	}
	return events, deliveries, nil
}
