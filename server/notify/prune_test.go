package notify_test

import (
	"context"
	"testing"
	"time"

	"github.com/portico-apim/portico/ent/notification"
	"github.com/portico-apim/portico/ent/user"
	"github.com/portico-apim/portico/server/apptest"
	"github.com/portico-apim/portico/server/notify"
)

// TestPruneKeepsTheRetention deletes the notifications older than the
// retention, of every tenant, and keeps the newer ones.
func TestPruneKeepsTheRetention(t *testing.T) {
	t.Parallel()
	in := apptest.Start(t)
	in.NewTenant(t, "prune-other.example")
	ctx, c := apptest.SystemContext(), in.Client()
	now := time.Now()
	team := c.User.Query().Where(user.AccountIDIsNil()).AllX(ctx)
	for _, u := range team {
		for _, age := range []time.Duration{notify.Retention + time.Hour, notify.Retention - time.Hour, time.Minute} {
			c.Notification.Create().SetTenantID(u.TenantID).SetUserID(u.ID).SetKind(notify.AccountCreated).SetTitle("prune test").
				SetCreatedAt(now.Add(-age)).ExecX(ctx)
		}
	}
	n, err := in.App.Notify.Prune(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if n != len(team) {
		t.Errorf("pruned %d notifications, want the %d past the retention (one per team user)", n, len(team))
	}
	if left := c.Notification.Query().Where(notification.CreatedAtLT(now.Add(-notify.Retention))).CountX(ctx); left != 0 {
		t.Errorf("%d notifications past the retention are left", left)
	}
	if kept := c.Notification.Query().Where(notification.Title("prune test")).CountX(ctx); kept != 2*len(team) {
		t.Errorf("%d notifications kept, want %d", kept, 2*len(team))
	}
}
