package compat_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/portico-apim/portico/ent/tenant"
	"github.com/portico-apim/portico/ent/webhook"
	"github.com/portico-apim/portico/server/apptest"
	"github.com/portico-apim/portico/server/compat"
	"github.com/portico-apim/portico/server/webhooks"
)

// TestWebhookEnvelopes compares event documents with golden files: 3scale's
// XML envelope holding the object exactly as the REST API represents it
// (spec §3, §4.1), and the JSON counterpart. Objects come from outbox
// snapshots of rows that no longer exist, so nothing else is loaded and
// the documents do not depend on the database.
func TestWebhookEnvelopes(t *testing.T) {
	t.Parallel()
	in := apptest.Start(t)
	ctx := context.Background()
	tn, err := in.Client().Tenant.Query().Where(tenant.Master(false)).Only(apptest.SystemContext())
	if err != nil {
		t.Fatal(err)
	}
	const missing = 999999
	stamp := "2026-03-01T10:00:00Z"
	objects := map[string]map[string]any{
		"account": {"id": missing, "tenant_id": tn.ID, "org_name": "Acme & Co", "state": "APPROVED", "created_at": stamp,
			"updated_at": stamp, "extra_fields": map[string]any{"industry": "rockets"}},
		"user": {"id": missing + 1, "tenant_id": tn.ID, "account_id": missing, "username": "ada", "email": "ada@example.com",
			"first_name": "Ada", "role": "ADMIN", "state": "ACTIVE", "created_at": stamp, "updated_at": stamp},
		"application": {"id": missing + 2, "tenant_id": tn.ID, "account_id": missing, "product_id": missing, "plan_id": missing,
			"name": "Rocket app", "description": "Launches", "state": "LIVE", "user_key": "0123456789abcdef",
			"created_at": stamp, "updated_at": stamp},
	}
	events := map[string]string{"account": "account_created", "user": "user_updated", "application": "application_key_updated"}
	render := compat.EventRenderer(in.Client())
	for object, snap := range objects {
		for _, f := range []webhook.Format{webhook.FormatXML, webhook.FormatJSON} {
			doc, err := webhooks.Envelope(ctx, render, tn, f, "6f1c0000-0000-4000-8000-000000000001", events[object], object, snap)
			if err != nil {
				t.Fatal(err)
			}
			ext := ".xml"
			if f == webhook.FormatJSON {
				ext = ".json"
			}
			path := filepath.Join("testdata", "webhooks", "event_"+object+ext)
			if *update {
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, []byte(doc), 0o644); err != nil {
					t.Fatal(err)
				}
				continue
			}
			// The tenant's admin domain appears in JSON links.
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run with -update to write it)", err)
			}
			if string(want) != doc {
				t.Errorf("%s differs:\n got %s\nwant %s", path, doc, want)
			}
		}
	}
}
