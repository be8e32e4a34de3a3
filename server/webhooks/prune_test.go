package webhooks_test

import (
	"context"
	"testing"
	"time"

	"github.com/portico-apim/portico/ent/domainevent"
	"github.com/portico-apim/portico/ent/webhookdelivery"
	"github.com/portico-apim/portico/server/apptest"
)

// TestPruneKeepsWhatRetentionAndTheFailureListNeed deletes consumed outbox
// events and delivered deliveries older than the retention, and keeps
// newer ones, events not yet consumed and failures still listed.
func TestPruneKeepsWhatRetentionAndTheFailureListNeed(t *testing.T) {
	t.Parallel()
	e := start(t, false)
	// The periodic prune also runs once at start, whenever this process is
	// elected leader: let it finish first, so that it does not take what
	// this test ages below from the explicit Prune.
	waitFor(t, "the prune run at start", func() bool {
		var n int
		err := e.in.App.Store.DB.QueryRowContext(context.Background(),
			`SELECT count(*) FROM river_job WHERE kind = 'outbox_prune' AND state = 'completed'`).Scan(&n)
		return err == nil && n > 0
	})
	e.accountEvent(t, "Old Co")
	waitFor(t, "the delivery", func() bool { return len(e.rcv.acceptedInOrder()) == 1 })
	e.consumed(t)
	ctx := apptest.SystemContext()
	c := e.in.Client()
	old := time.Now().Add(-8 * 24 * time.Hour)
	// Age everything so far past the default retention of 7 days.
	if _, err := e.in.App.Store.DB.ExecContext(context.Background(), `UPDATE webhook_deliveries SET created_at = $1`, old); err != nil {
		t.Fatal(err)
	}
	if err := c.DomainEvent.Update().SetDeliveredAt(old).Exec(ctx); err != nil {
		t.Fatal(err)
	}
	e.rcv.set(func(r *receiver) { r.down = true })
	e.accountEvent(t, "Failing Co")
	waitFor(t, "the failure", func() bool {
		n, _ := c.WebhookDelivery.Query().Where(webhookdelivery.StateEQ(webhookdelivery.StateFAILED)).Count(ctx)
		return n == 1
	})
	if _, err := e.in.App.Store.DB.ExecContext(context.Background(), `UPDATE webhook_deliveries SET created_at = $1`, old); err != nil {
		t.Fatal(err)
	}
	before, err := c.DomainEvent.Query().Count(ctx)
	if err != nil {
		t.Fatal(err)
	}
	events, deliveries, err := e.in.App.Webhooks.Prune(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if events == 0 || deliveries != 1 {
		t.Fatalf("pruned %d events and %d deliveries, want some events and 1 delivery", events, deliveries)
	}
	left, err := c.DomainEvent.Query().Count(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if left != before-events || left == 0 {
		t.Fatalf("%d events left of %d after pruning %d", left, before, events)
	}
	if n, _ := c.DomainEvent.Query().Where(domainevent.DeliveredAtLT(old.Add(time.Hour))).Count(ctx); n != 0 {
		t.Fatalf("%d old consumed events left", n)
	}
	ds := e.deliveries(t)
	if len(ds) != 1 || ds[0].State != webhookdelivery.StateFAILED {
		t.Fatalf("left %+v, want the listed failure", ds)
	}
}
