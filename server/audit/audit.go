// Package audit records who changed what guards a tenant (the tenant, its
// users and rights, access tokens, single sign-on, billing settings, the
// payment gateway), from where, in the transaction of the change, and keeps
// the entries a year.
package audit

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/riverqueue/river"

	"github.com/portico-apim/portico/ent"
	"github.com/portico-apim/portico/ent/accesstoken"
	"github.com/portico-apim/portico/ent/auditentry"
	"github.com/portico-apim/portico/ent/billingsettings"
	"github.com/portico-apim/portico/ent/paymentgateway"
	"github.com/portico-apim/portico/ent/ssointegration"
	"github.com/portico-apim/portico/ent/user"
	"github.com/portico-apim/portico/schema/viewer"
	"github.com/portico-apim/portico/server/auth"
	"github.com/portico-apim/portico/server/jobs"
	"github.com/portico-apim/portico/server/store"
)

// Retention is how long an entry is kept.
const Retention = 365 * 24 * time.Hour

// audited are the types whose changes are recorded.
var audited = map[string]bool{
	ent.TypeTenant: true, ent.TypeUser: true, ent.TypeAccessToken: true, ent.TypeSSOIntegration: true,
	ent.TypeBillingSettings: true, ent.TypePaymentGateway: true,
}

// bookkeeping are fields whose change alone is not worth an entry (a login
// stamps last_login_at, a token's use last_used_at). A password reset link
// is recorded by name, its expiry with it.
var bookkeeping = []string{"updated_at", "created_at", "last_login_at", "last_used_at"}

// Hook records each change of an audited type, in the transaction of the
// change, once it succeeded. Install it with ent.Client.Use.
func Hook(next ent.Mutator) ent.Mutator {
	return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
		if !audited[m.Type()] {
			return next.Mutate(ctx, m)
		}
		var fields []string
		for _, f := range m.Fields() {
			switch {
			case slices.Contains(bookkeeping, f):
			case f == "password_hash":
				fields = append(fields, "password")
			case f == "password_reset_digest":
				fields = append(fields, "password reset link")
			case f == "password_reset_expires_at":
			default:
				fields = append(fields, f)
			}
		}
		for _, e := range m.AddedEdges() {
			if !slices.Contains(fields, e+"_id") {
				fields = append(fields, e)
			}
		}
		action := auditentry.ActionUPDATE
		switch {
		case m.Op().Is(ent.OpCreate):
			action = auditentry.ActionCREATE
		case m.Op().Is(ent.OpDelete | ent.OpDeleteOne):
			action = auditentry.ActionDELETE
		case len(fields) == 0:
			return next.Mutate(ctx, m)
		}
		// The rows a change touches and their tenants, read before it (a
		// deletion leaves nothing to read).
		c := m.(interface{ Client() *ent.Client }).Client()
		var owners map[int]int
		if action != auditentry.ActionCREATE {
			idm, ok := m.(interface {
				IDs(context.Context) ([]int, error)
			})
			if !ok {
				return next.Mutate(ctx, m)
			}
			ids, err := idm.IDs(viewer.SystemContext(ctx))
			if err != nil {
				return nil, err
			}
			if owners, err = tenantsOf(viewer.SystemContext(ctx), c, m, ids); err != nil {
				return nil, err
			}
		}
		v, err := next.Mutate(ctx, m)
		if err != nil {
			return v, err
		}
		if action == auditentry.ActionCREATE {
			if idm, ok := m.(interface{ ID() (int, bool) }); ok {
				if id, ok := idm.ID(); ok {
					if owners, err = tenantsOf(ctx, c, m, []int{id}); err != nil {
						return nil, err
					}
				}
			}
		}
		if err := record(ctx, c, m, action, owners, fields); err != nil {
			return nil, fmt.Errorf("audit: %w", err)
		}
		return v, nil
	})
}

// tables are the audited types' tables.
var tables = map[string]string{
	ent.TypeUser: user.Table, ent.TypeAccessToken: accesstoken.Table, ent.TypeSSOIntegration: ssointegration.Table,
	ent.TypeBillingSettings: billingsettings.Table, ent.TypePaymentGateway: paymentgateway.Table,
}

// tenantsOf maps each of ids to its tenant: a tenant is its own, a created
// row names it, other rows are read (before a deletion).
func tenantsOf(ctx context.Context, c *ent.Client, m ent.Mutation, ids []int) (map[int]int, error) {
	out := make(map[int]int, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	if m.Type() == ent.TypeTenant {
		for _, id := range ids {
			out[id] = id
		}
		return out, nil
	}
	if v, ok := m.Field("tenant_id"); ok {
		for _, id := range ids {
			out[id] = v.(int)
		}
		return out, nil
	}
	list := make([]string, len(ids))
	for i, id := range ids {
		list[i] = strconv.Itoa(id)
	}
	rows, err := c.QueryContext(ctx, fmt.Sprintf("SELECT id, tenant_id FROM %s WHERE id IN (%s)", tables[m.Type()], strings.Join(list, ",")))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id, tid int
		if err := rows.Scan(&id, &tid); err != nil {
			return nil, err
		}
		out[id] = tid
	}
	return out, rows.Err()
}

// record writes one entry per row changed, through c (the change's
// transaction).
func record(ctx context.Context, c *ent.Client, m ent.Mutation, action auditentry.Action, owners map[int]int, fields []string) error {
	sys := viewer.SystemContext(ctx)
	actor, actorID, actorTenant, impersonator := "system", (*int)(nil), "", ""
	if a := viewer.Actor(ctx); a != nil {
		if a.Impersonator != nil {
			impersonator = a.Impersonator.Username
		}
		id := a.UserID
		actorID = &id
		u, err := c.User.Query().Where(user.ID(a.UserID)).Only(sys)
		switch {
		case err == nil:
			actor = u.Username
		case ent.IsNotFound(err): // the actor deleted itself
			actor = fmt.Sprintf("user %d", a.UserID)
		default:
			return err
		}
		if a.Master {
			actorTenant = "master"
		}
	}
	ip := ""
	if addr := auth.ClientIP(ctx); addr.IsValid() {
		ip = addr.String()
	}
	now := time.Now()
	bulk := make([]*ent.AuditEntryCreate, 0, len(owners))
	for id, tenantID := range owners {
		if tenantID == 0 {
			continue
		}
		bulk = append(bulk, c.AuditEntry.Create().SetTenantID(tenantID).SetCreatedAt(now).SetNillableActorUserID(actorID).
			SetActor(actor).SetActorTenant(actorTenant).SetImpersonator(impersonator).SetAction(action).SetObjectType(m.Type()).SetObjectID(id).
			SetFields(fields).SetClientIP(ip))
	}
	return c.AuditEntry.CreateBulk(bulk...).Exec(sys)
}

// PruneArgs is the daily job that deletes entries past Retention.
type PruneArgs struct{}

// Kind names the job for River.
func (PruneArgs) Kind() string { return "audit_prune" }

type pruneWorker struct {
	river.WorkerDefaults[PruneArgs]
	client *ent.Client
}

func (w *pruneWorker) Work(ctx context.Context, _ *river.Job[PruneArgs]) error {
	_, err := Prune(ctx, w.client, time.Now())
	return err
}

// Register adds the daily pruning job to the runner (before it starts).
func Register(r *jobs.Runner, c *ent.Client) {
	jobs.Register(r, &pruneWorker{client: c})
	r.Every(24*time.Hour, func() river.JobArgs { return PruneArgs{} })
}

// Prune deletes the entries older than Retention at now.
func Prune(ctx context.Context, c *ent.Client, now time.Time) (int, error) {
	n, err := c.AuditEntry.Delete().Where(auditentry.CreatedAtLT(now.Add(-Retention))).Exec(store.Background(viewer.SystemContext(ctx)))
	if err != nil {
		return 0, fmt.Errorf("audit: prune: %w", err)
	}
	return n, nil
}
