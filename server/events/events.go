package events

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/portico-apim/portico/ent"
	"github.com/portico-apim/portico/ent/account"
	"github.com/portico-apim/portico/ent/application"
	"github.com/portico-apim/portico/ent/domainevent"
	"github.com/portico-apim/portico/ent/message"
	"github.com/portico-apim/portico/ent/planchangerequest"
	"github.com/portico-apim/portico/ent/servicesubscription"
	"github.com/portico-apim/portico/ent/user"
	"github.com/portico-apim/portico/schema/viewer"
	"github.com/portico-apim/portico/server/store"
)

// Object types of events.
const (
	Account           = "account"
	User              = "user"
	Application       = "application"
	Subscription      = "subscription"
	Message           = "message"
	PlanChangeRequest = "plan_change_request"
)

// Snapshot is an object as JSON fields (snake_case, as stored; secrets
// such as password hashes are never part of it).
type Snapshot map[string]any

// tracked describes how to load the objects of one ent type.
type tracked struct {
	object string
	load   func(ctx context.Context, c *ent.Client, ids []int) ([]any, error)
}

var types = map[string]tracked{
	ent.TypeAccount: {Account, func(ctx context.Context, c *ent.Client, ids []int) ([]any, error) {
		return all(c.Account.Query().Where(account.IDIn(ids...)).All(ctx))
	}},
	ent.TypeUser: {User, func(ctx context.Context, c *ent.Client, ids []int) ([]any, error) {
		return all(c.User.Query().Where(user.IDIn(ids...)).All(ctx))
	}},
	ent.TypeApplication: {Application, func(ctx context.Context, c *ent.Client, ids []int) ([]any, error) {
		return all(c.Application.Query().Where(application.IDIn(ids...)).All(ctx))
	}},
	ent.TypeServiceSubscription: {Subscription, func(ctx context.Context, c *ent.Client, ids []int) ([]any, error) {
		return all(c.ServiceSubscription.Query().Where(servicesubscription.IDIn(ids...)).All(ctx))
	}},
	ent.TypeMessage: {Message, func(ctx context.Context, c *ent.Client, ids []int) ([]any, error) {
		return all(c.Message.Query().Where(message.IDIn(ids...)).All(ctx))
	}},
	ent.TypePlanChangeRequest: {PlanChangeRequest, func(ctx context.Context, c *ent.Client, ids []int) ([]any, error) {
		return all(c.PlanChangeRequest.Query().Where(planchangerequest.IDIn(ids...)).All(ctx))
	}},
}

// cascade is a tracked type whose rows the database deletes (ON DELETE
// CASCADE) with the rows of another type, and how to find those of given
// owners.
type cascade struct {
	object string
	load   func(ctx context.Context, c *ent.Client, owners []int) ([]any, error)
}

// cascades lists, per ent type, the tracked rows deleted with its rows, so
// that every one of them has its own deleted event, written with the
// owner's. An account takes its plan change requests, applications,
// subscriptions, sent messages and users along; an application its plan
// change requests; a product its applications, subscriptions and plan change
// requests; a plan the plan change requests from or to it.
var cascades = map[string][]cascade{
	ent.TypeAccount: {
		{PlanChangeRequest, func(ctx context.Context, c *ent.Client, ids []int) ([]any, error) {
			return all(c.PlanChangeRequest.Query().Where(planchangerequest.AccountIDIn(ids...)).All(ctx))
		}},
		{Application, func(ctx context.Context, c *ent.Client, ids []int) ([]any, error) {
			return all(c.Application.Query().Where(application.AccountIDIn(ids...)).All(ctx))
		}},
		{Subscription, func(ctx context.Context, c *ent.Client, ids []int) ([]any, error) {
			return all(c.ServiceSubscription.Query().Where(servicesubscription.AccountIDIn(ids...)).All(ctx))
		}},
		{Message, func(ctx context.Context, c *ent.Client, ids []int) ([]any, error) {
			return all(c.Message.Query().Where(message.SenderAccountIDIn(ids...)).All(ctx))
		}},
		{User, func(ctx context.Context, c *ent.Client, ids []int) ([]any, error) {
			return all(c.User.Query().Where(user.AccountIDIn(ids...)).All(ctx))
		}},
	},
	ent.TypeApplication: {
		{PlanChangeRequest, func(ctx context.Context, c *ent.Client, ids []int) ([]any, error) {
			return all(c.PlanChangeRequest.Query().Where(planchangerequest.ApplicationIDIn(ids...)).All(ctx))
		}},
	},
	ent.TypeProduct: {
		{PlanChangeRequest, func(ctx context.Context, c *ent.Client, ids []int) ([]any, error) {
			return all(c.PlanChangeRequest.Query().Where(planchangerequest.ProductIDIn(ids...)).All(ctx))
		}},
		{Application, func(ctx context.Context, c *ent.Client, ids []int) ([]any, error) {
			return all(c.Application.Query().Where(application.ProductIDIn(ids...)).All(ctx))
		}},
		{Subscription, func(ctx context.Context, c *ent.Client, ids []int) ([]any, error) {
			return all(c.ServiceSubscription.Query().Where(servicesubscription.ProductIDIn(ids...)).All(ctx))
		}},
	},
	ent.TypePlan: {
		{PlanChangeRequest, func(ctx context.Context, c *ent.Client, ids []int) ([]any, error) {
			return all(c.PlanChangeRequest.Query().Where(planchangerequest.Or(
				planchangerequest.FromPlanIDIn(ids...), planchangerequest.ToPlanIDIn(ids...))).All(ctx))
		}},
	},
}

// dependents snapshots, before a deletion of the given owners, the tracked
// rows the database will delete with them: as their deleted events by
// object. The rows are read as the system of the viewer's tenant, since the
// database deletes them whatever the viewer's own limits (a member's
// products); the owners' ids were already scoped to the viewer.
func dependents(ctx context.Context, c *ent.Client, deps []cascade, owners []int) (map[string][]event, error) {
	if v := viewer.FromContext(ctx); v != nil && !v.IsSystem() && v.TenantID != 0 {
		ctx = viewer.TenantSystemContext(ctx, v.TenantID)
	}
	out := map[string][]event{}
	for _, d := range deps {
		rows, err := d.load(ctx, c, owners)
		if err != nil {
			return nil, fmt.Errorf("events: load %s deleted with its owner: %w", d.object, err)
		}
		for _, r := range rows {
			out[d.object] = append(out[d.object], event{kind: d.object + ".deleted", snap: snapshot(r)})
		}
	}
	return out, nil
}

func all[T any](rows []T, err error) ([]any, error) {
	if err != nil {
		return nil, err
	}
	out := make([]any, len(rows))
	for i, r := range rows {
		out[i] = r
	}
	return out, nil
}

// Register installs the outbox hook on client: every later mutation of a
// tracked type, through client or any transaction opened from it, writes
// its events with the same connection, so they commit or roll back with
// the change.
func Register(client *ent.Client) { client.Use(Hook) }

// Hook records the events of one mutation.
func Hook(next ent.Mutator) ent.Mutator {
	return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
		t, tracked := types[m.Type()]
		deps := cascades[m.Type()]
		deleting := m.Op().Is(ent.OpDelete | ent.OpDeleteOne)
		if !tracked && (len(deps) == 0 || !deleting) {
			return next.Mutate(ctx, m)
		}
		cm, ok := m.(interface{ Client() *ent.Client })
		if !ok {
			return next.Mutate(ctx, m)
		}
		c := cm.Client()
		var (
			ids    []int
			before = map[int]Snapshot{}
			gone   map[string][]event
		)
		if !m.Op().Is(ent.OpCreate) {
			var err error
			if ids, err = idsOf(ctx, m); err != nil {
				return nil, err
			}
			if deleting && len(ids) > 0 {
				if gone, err = dependents(ctx, c, deps, ids); err != nil {
					return nil, err
				}
			}
			if tracked && len(ids) > 0 {
				rows, err := t.load(ctx, c, ids)
				if err != nil {
					return nil, fmt.Errorf("events: load %s: %w", t.object, err)
				}
				for _, r := range rows {
					s := snapshot(r)
					before[s.id()] = s
				}
			}
		}
		v, err := next.Mutate(ctx, m)
		if err != nil {
			return v, err
		}
		for _, d := range deps {
			if err := write(ctx, c, d.object, gone[d.object]); err != nil {
				return nil, err
			}
		}
		if !tracked {
			return v, nil
		}
		var out []event
		switch {
		case m.Op().Is(ent.OpCreate):
			s := snapshot(v)
			ids, err := writeIDs(ctx, c, t.object, []event{{kind: created(t.object), snap: s}})
			if err != nil {
				return nil, err
			}
			store.Remember(ctx, createdIn{t.object, s.id()}, ids[0])
			return v, nil
		case m.Op().Is(ent.OpDelete | ent.OpDeleteOne):
			for _, id := range ids {
				if s, ok := before[id]; ok {
					out = append(out, event{kind: t.object + ".deleted", snap: s})
				}
			}
		default:
			after := map[int]Snapshot{}
			if len(ids) > 0 {
				rows, err := t.load(ctx, c, ids)
				if err != nil {
					return nil, fmt.Errorf("events: reload %s: %w", t.object, err)
				}
				for _, r := range rows {
					s := snapshot(r)
					after[s.id()] = s
				}
			}
			for _, id := range ids {
				old, okOld := before[id]
				cur, okNew := after[id]
				if !okOld || !okNew {
					continue
				}
				if ev, ok := store.Recall(ctx, createdIn{t.object, id}); ok {
					// Created in this transaction: subscribers learn of it
					// once, as created, in the state it commits with (as
					// 3scale's after-commit callbacks report it).
					tctx := viewer.TenantSystemContext(ctx, cur.int("tenant_id"))
					if err := c.DomainEvent.UpdateOneID(ev.(int)).SetPayload(cur).Exec(tctx); err != nil {
						return nil, fmt.Errorf("events: %s %d: %w", t.object, id, err)
					}
					continue
				}
				for _, kind := range Changes(t.object, old, cur) {
					out = append(out, event{kind: kind, snap: cur})
				}
			}
		}
		if err := write(ctx, c, t.object, out); err != nil {
			return nil, err
		}
		return v, nil
	})
}

type event struct {
	kind string
	snap Snapshot
}

func created(object string) string {
	if object == Message {
		return "message.sent"
	}
	if object == PlanChangeRequest {
		return "plan_change.requested"
	}
	return object + ".created"
}

// idsOf returns the ids an update or delete touches.
func idsOf(ctx context.Context, m ent.Mutation) ([]int, error) {
	if m.Op().Is(ent.OpUpdateOne | ent.OpDeleteOne) {
		if im, ok := m.(interface{ ID() (int, bool) }); ok {
			if id, ok := im.ID(); ok {
				return []int{id}, nil
			}
		}
	}
	im, ok := m.(interface {
		IDs(context.Context) ([]int, error)
	})
	if !ok {
		return nil, fmt.Errorf("events: %T has no ids", m)
	}
	ids, err := im.IDs(ctx)
	if err != nil {
		return nil, fmt.Errorf("events: ids of %s: %w", m.Type(), err)
	}
	return ids, nil
}

func snapshot(v any) Snapshot {
	b, err := json.Marshal(v)
	if err != nil {
		return Snapshot{}
	}
	var s Snapshot
	if err := json.Unmarshal(b, &s); err != nil {
		return Snapshot{}
	}
	delete(s, "edges")
	return s
}

func (s Snapshot) id() int { return s.int("id") }

func (s Snapshot) int(k string) int {
	f, _ := s[k].(float64)
	return int(f)
}

func (s Snapshot) str(k string) string {
	v, _ := s[k].(string)
	return v
}

// ignored are fields whose change alone is no event: bookkeeping the server
// does on its own, or stamps that come with a named transition.
var ignored = map[string]bool{"updated_at": true, "state_changed_at": true, "accepted_at": true,
	"resolved_at": true, "resolved_by_id": true, "last_login_at": true, "first_traffic_at": true}

// Changes derives the events of an update from the object before and after
// it: state transitions, plan changes and credential changes are named; any
// other change is <object>.updated.
func Changes(object string, old, cur Snapshot) []string {
	var out []string
	named := map[string]bool{}
	if from, to := old.str("state"), cur.str("state"); from != to {
		named["state"] = true
		if kind := transition(object, from, to); kind != "" {
			out = append(out, kind)
		}
	}
	if old.int("plan_id") != cur.int("plan_id") && (object == Account || object == Application || object == Subscription) {
		named["plan_id"] = true
		out = append(out, object+".plan_changed")
	}
	if object == Application {
		if old.str("user_key") != cur.str("user_key") {
			named["user_key"] = true
			out = append(out, "application.user_key_updated")
		}
		if kind := keyChange(old["app_keys"], cur["app_keys"]); kind != "" {
			named["app_keys"] = true
			out = append(out, kind)
		}
	}
	for k, v := range cur {
		if ignored[k] || named[k] {
			continue
		}
		if ob, _ := json.Marshal(old[k]); string(ob) != mustJSON(v) {
			return append(out, object+".updated")
		}
	}
	for k := range old {
		if _, ok := cur[k]; !ok && !ignored[k] && !named[k] {
			return append(out, object+".updated")
		}
	}
	return out
}

func mustJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func transition(object, from, to string) string {
	switch object {
	case Account:
		switch {
		case to == "APPROVED" && (from == "SUSPENDED" || from == "SCHEDULED_FOR_DELETION"):
			return "account.resumed"
		case to == "APPROVED":
			return "account.approved"
		case to == "REJECTED":
			return "account.rejected"
		case to == "PENDING":
			return "account.made_pending"
		case to == "SUSPENDED":
			return "account.suspended"
		case to == "SCHEDULED_FOR_DELETION":
			return "account.scheduled_for_deletion"
		}
	case Application, Subscription:
		switch {
		case to == "LIVE" && from == "PENDING":
			return object + ".accepted"
		case to == "LIVE":
			return object + ".resumed"
		case to == "SUSPENDED":
			return object + ".suspended"
		}
	case User:
		switch {
		case to == "ACTIVE" && from == "SUSPENDED":
			return "user.unsuspended"
		case to == "ACTIVE":
			return "user.activated"
		case to == "SUSPENDED":
			return "user.suspended"
		}
	case PlanChangeRequest:
		switch to {
		case "APPLIED":
			return "plan_change.applied"
		case "DISMISSED":
			return "plan_change.dismissed"
		}
	}
	return object + "." + "state_changed"
}

func keyChange(old, cur any) string {
	o, c := strings(old), strings(cur)
	switch {
	case slices.Equal(o, c):
		return ""
	case len(c) > len(o):
		return "application.key_added"
	case len(c) < len(o):
		return "application.key_removed"
	}
	return "application.key_updated"
}

func strings(v any) []string {
	l, _ := v.([]any)
	out := make([]string, 0, len(l))
	for _, x := range l {
		s, _ := x.(string)
		out = append(out, s)
	}
	return out
}

// write inserts the events as the system of the object's tenant: recording
// what happened is part of a change already allowed, not limited by the
// rights of whoever caused it.
// createdIn keys the created event of an object made in the current
// transaction.
type createdIn struct {
	object string
	id     int
}

func write(ctx context.Context, c *ent.Client, object string, evs []event) error {
	_, err := writeIDs(ctx, c, object, evs)
	return err
}

// writeIDs records events in the outbox and returns their ids.
func writeIDs(ctx context.Context, c *ent.Client, object string, evs []event) ([]int, error) {
	if len(evs) == 0 {
		return nil, nil
	}
	kind, actor := Actor(viewer.FromContext(ctx))
	bulk := make([]*ent.DomainEventCreate, 0, len(evs))
	for _, e := range evs {
		tid := e.snap.int("tenant_id")
		if tid == 0 {
			return nil, fmt.Errorf("events: %s without tenant", e.kind)
		}
		by := actor
		if kind == domainevent.ActorKindDEVELOPER && by == nil && e.kind == "user.created" {
			// A developer-facing operation acting for nobody yet (a signup,
			// an accepted invitation) creates the developer who acts.
			id := e.snap.id()
			by = &id
		}
		bulk = append(bulk, c.DomainEvent.Create().SetTenantID(tid).SetEventType(e.kind).
			SetObjectType(object).SetObjectID(e.snap.id()).SetActorKind(kind).SetNillableActorID(by).
			SetPayload(e.snap))
	}
	// Every event of one mutation belongs to one tenant.
	tctx := viewer.TenantSystemContext(ctx, evs[0].snap.int("tenant_id"))
	rows, err := c.DomainEvent.CreateBulk(bulk...).Save(tctx)
	if err != nil {
		return nil, fmt.Errorf("events: write %s: %w", evs[0].kind, err)
	}
	ids := make([]int, len(rows))
	for i, r := range rows {
		ids[i] = r.ID
	}
	return ids, nil
}

// Actor says who acts in ctx: a developer (through a developer-facing
// operation), an access token, a provider user, or the system.
func Actor(v *viewer.Viewer) (domainevent.ActorKind, *int) {
	switch {
	case v == nil || v.IsSystem():
		return domainevent.ActorKindSYSTEM, nil
	case v.Developer != nil:
		id := v.Developer.UserID
		if id == 0 {
			return domainevent.ActorKindDEVELOPER, nil
		}
		return domainevent.ActorKindDEVELOPER, &id
	case v.Token != nil:
		id := v.Token.ID
		return domainevent.ActorKindTOKEN, &id
	case v.UserID != 0:
		id := v.UserID
		return domainevent.ActorKindADMIN, &id
	}
	return domainevent.ActorKindSYSTEM, nil
}
