package graph_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/portico-apim/portico/ent"
	"github.com/portico-apim/portico/ent/account"
	"github.com/portico-apim/portico/ent/application"
	"github.com/portico-apim/portico/ent/domainevent"
	"github.com/portico-apim/portico/ent/emailmessage"
	"github.com/portico-apim/portico/ent/messagerecipient"
	"github.com/portico-apim/portico/ent/plan"
	"github.com/portico-apim/portico/ent/product"
	"github.com/portico-apim/portico/ent/servicesubscription"
	"github.com/portico-apim/portico/ent/user"
	"github.com/portico-apim/portico/server/apptest"
	"github.com/portico-apim/portico/server/secret"
)

// fixture is the bootstrap tenant's default product with its plans.
type fixture struct {
	tenantID         int
	productID        int
	servicePlanID    int
	basicID, unlimID int // application plans; basic is the default
	accountPlanID    int
}

func loadFixture(t *testing.T, in *apptest.Instance) fixture {
	t.Helper()
	ctx, c := apptest.SystemContext(), in.Client()
	p, err := c.Product.Query().Where(product.SystemName("api")).Only(ctx)
	if err != nil {
		t.Fatal(err)
	}
	f := fixture{tenantID: p.TenantID, productID: p.ID}
	plans, err := c.Plan.Query().Where(plan.TenantID(p.TenantID)).All(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, pl := range plans {
		switch {
		case pl.Kind == plan.KindSERVICE && pl.ProductID != nil && *pl.ProductID == p.ID:
			f.servicePlanID = pl.ID
		case pl.SystemName == "basic":
			f.basicID = pl.ID
		case pl.SystemName == "unlimited":
			f.unlimID = pl.ID
		case pl.Kind == plan.KindACCOUNT:
			f.accountPlanID = pl.ID
		}
	}
	return f
}

// arrange creates rows directly as the system of the fixture's tenant.
func (f fixture) account(t *testing.T, in *apptest.Instance, state account.State) int {
	t.Helper()
	a, err := in.Client().Account.Create().SetTenantID(f.tenantID).SetOrgName("Org " + secret.Hex(4)).SetState(state).
		Save(apptest.SystemContext())
	if err != nil {
		t.Fatal(err)
	}
	return a.ID
}

func (f fixture) app(t *testing.T, in *apptest.Instance, accountID int, state application.State) int {
	t.Helper()
	a, err := in.Client().Application.Create().SetTenantID(f.tenantID).SetAccountID(accountID).SetProductID(f.productID).
		SetPlanID(f.basicID).SetName("App").SetUserKey(secret.UserKey()).SetState(state).Save(apptest.SystemContext())
	if err != nil {
		t.Fatal(err)
	}
	return a.ID
}

func (f fixture) subscription(t *testing.T, in *apptest.Instance, accountID int, state servicesubscription.State) int {
	t.Helper()
	s, err := in.Client().ServiceSubscription.Create().SetTenantID(f.tenantID).SetAccountID(accountID).SetProductID(f.productID).
		SetPlanID(f.servicePlanID).SetState(state).Save(apptest.SystemContext())
	if err != nil {
		t.Fatal(err)
	}
	return s.ID
}

// events returns the event types recorded for an object, oldest first.
func events(t *testing.T, in *apptest.Instance, objectType string, id int) []string {
	t.Helper()
	evs, err := in.Client().DomainEvent.Query().Where(domainevent.ObjectType(objectType), domainevent.ObjectID(id)).
		Order(ent.Asc(domainevent.FieldID)).All(apptest.SystemContext())
	if err != nil {
		t.Fatal(err)
	}
	out := make([]string, len(evs))
	for i, e := range evs {
		out[i] = e.EventType
	}
	return out
}

func last(l []string) string {
	if len(l) == 0 {
		return ""
	}
	return l[len(l)-1]
}

// TestStateMachines drives every transition of the account, application and
// service subscription machines from every state: allowed ones change the
// state and write their event in the same transaction; refused ones answer
// CONFLICT with the precise reason and write nothing.
func TestStateMachines(t *testing.T) {
	t.Parallel()
	in := apptest.Start(t)
	f := loadFixture(t, in)

	t.Run("account", func(t *testing.T) {
		allStates := []account.State{account.StateCREATED, account.StatePENDING, account.StateAPPROVED,
			account.StateREJECTED, account.StateSUSPENDED, account.StateSCHEDULED_FOR_DELETION}
		cases := []struct {
			op, word string
			allowed  map[account.State]account.State
			event    string
		}{
			{"approveAccount", "approve", map[account.State]account.State{account.StateCREATED: account.StateAPPROVED,
				account.StatePENDING: account.StateAPPROVED, account.StateREJECTED: account.StateAPPROVED}, "account.approved"},
			{"rejectAccount", "reject", map[account.State]account.State{account.StateCREATED: account.StateREJECTED,
				account.StatePENDING: account.StateREJECTED, account.StateAPPROVED: account.StateREJECTED}, "account.rejected"},
			{"makeAccountPending", "make pending", map[account.State]account.State{account.StateCREATED: account.StatePENDING,
				account.StateAPPROVED: account.StatePENDING, account.StateREJECTED: account.StatePENDING}, "account.made_pending"},
			{"suspendAccount", "suspend", map[account.State]account.State{account.StateCREATED: account.StateSUSPENDED,
				account.StatePENDING: account.StateSUSPENDED, account.StateAPPROVED: account.StateSUSPENDED,
				account.StateREJECTED: account.StateSUSPENDED, account.StateSCHEDULED_FOR_DELETION: account.StateSUSPENDED}, "account.suspended"},
			{"resumeAccount", "resume", map[account.State]account.State{account.StateSUSPENDED: account.StateAPPROVED,
				account.StateSCHEDULED_FOR_DELETION: account.StateAPPROVED}, "account.resumed"},
		}
		for _, c := range cases {
			for _, from := range allStates {
				t.Run(c.op+" from "+string(from), func(t *testing.T) {
					id := f.account(t, in, from)
					before := events(t, in, "account", id)
					q := fmt.Sprintf(`mutation { %s(id: "%d") { state } }`, c.op, id)
					to, ok := c.allowed[from]
					if !ok {
						e := expectError(t, in, in.Admin, q, nil, "CONFLICT", "")
						want := fmt.Sprintf("cannot %s an account that is %s", c.word, strings.ToLower(string(from)))
						if e.Message != want {
							t.Errorf("message %q, want %q", e.Message, want)
						}
						if got := events(t, in, "account", id); len(got) != len(before) {
							t.Errorf("a refused transition wrote events %v", got[len(before):])
						}
						return
					}
					d := do(t, in, in.Admin, q, nil)
					if got := d.str(t, c.op+".state"); got != string(to) {
						t.Errorf("state %s, want %s", got, to)
					}
					if got := events(t, in, "account", id); len(got) != len(before)+1 || last(got) != c.event {
						t.Errorf("events %v, want one more: %s", got, c.event)
					}
				})
			}
		}
	})

	t.Run("application", func(t *testing.T) {
		acc := f.account(t, in, account.StateAPPROVED)
		all := []application.State{application.StatePENDING, application.StateLIVE, application.StateSUSPENDED}
		cases := []struct {
			op, word string
			from     application.State
			to       application.State
			event    string
		}{
			{"acceptApplication", "accept", application.StatePENDING, application.StateLIVE, "application.accepted"},
			{"suspendApplication", "suspend", application.StateLIVE, application.StateSUSPENDED, "application.suspended"},
			{"resumeApplication", "resume", application.StateSUSPENDED, application.StateLIVE, "application.resumed"},
		}
		for _, c := range cases {
			for _, from := range all {
				t.Run(c.op+" from "+string(from), func(t *testing.T) {
					id := f.app(t, in, acc, from)
					q := fmt.Sprintf(`mutation { %s(id: "%d") { state } }`, c.op, id)
					if from != c.from {
						e := expectError(t, in, in.Admin, q, nil, "CONFLICT", "")
						if want := fmt.Sprintf("cannot %s an application that is %s", c.word, strings.ToLower(string(from))); e.Message != want {
							t.Errorf("message %q, want %q", e.Message, want)
						}
						return
					}
					if got := do(t, in, in.Admin, q, nil).str(t, c.op+".state"); got != string(c.to) {
						t.Errorf("state %s, want %s", got, c.to)
					}
					if got := last(events(t, in, "application", id)); got != c.event {
						t.Errorf("last event %s, want %s", got, c.event)
					}
				})
			}
			t.Run("rejectApplication from "+string(c.from), func(t *testing.T) {
				id := f.app(t, in, acc, c.from)
				q := fmt.Sprintf(`mutation { rejectApplication(id: "%d") { deletedID } }`, id)
				if c.from != application.StatePENDING {
					e := expectError(t, in, in.Admin, q, nil, "CONFLICT", "")
					if want := "cannot reject an application that is " + strings.ToLower(string(c.from)); e.Message != want {
						t.Errorf("message %q, want %q", e.Message, want)
					}
					return
				}
				do(t, in, in.Admin, q, nil)
				if n, _ := in.Client().Application.Query().Where(application.ID(id)).Count(apptest.SystemContext()); n != 0 {
					t.Error("a rejected pending application still exists")
				}
				if got := last(events(t, in, "application", id)); got != "application.deleted" {
					t.Errorf("last event %s, want application.deleted", got)
				}
			})
		}
	})

	t.Run("service subscription", func(t *testing.T) {
		all := []servicesubscription.State{servicesubscription.StatePENDING, servicesubscription.StateLIVE, servicesubscription.StateSUSPENDED}
		cases := []struct {
			op, word string
			from, to servicesubscription.State
			event    string
		}{
			{"acceptServiceSubscription", "accept", servicesubscription.StatePENDING, servicesubscription.StateLIVE, "subscription.accepted"},
			{"suspendServiceSubscription", "suspend", servicesubscription.StateLIVE, servicesubscription.StateSUSPENDED, "subscription.suspended"},
			{"resumeServiceSubscription", "resume", servicesubscription.StateSUSPENDED, servicesubscription.StateLIVE, "subscription.resumed"},
		}
		for _, c := range cases {
			for _, from := range all {
				t.Run(c.op+" from "+string(from), func(t *testing.T) {
					id := f.subscription(t, in, f.account(t, in, account.StateAPPROVED), from)
					q := fmt.Sprintf(`mutation { %s(id: "%d") { state } }`, c.op, id)
					if from != c.from {
						e := expectError(t, in, in.Admin, q, nil, "CONFLICT", "")
						if want := fmt.Sprintf("cannot %s a service subscription that is %s", c.word, strings.ToLower(string(from))); e.Message != want {
							t.Errorf("message %q, want %q", e.Message, want)
						}
						return
					}
					if got := do(t, in, in.Admin, q, nil).str(t, c.op+".state"); got != string(c.to) {
						t.Errorf("state %s, want %s", got, c.to)
					}
					if got := last(events(t, in, "subscription", id)); got != c.event {
						t.Errorf("last event %s, want %s", got, c.event)
					}
				})
			}
		}
		id := f.subscription(t, in, f.account(t, in, account.StateAPPROVED), servicesubscription.StateLIVE)
		e := expectError(t, in, in.Admin, fmt.Sprintf(`mutation { rejectServiceSubscription(id: "%d") { deletedID } }`, id), nil, "CONFLICT", "")
		if e.Message != "cannot reject a service subscription that is live" {
			t.Errorf("reject live subscription: %q", e.Message)
		}
	})

	t.Run("events roll back with a failed mutation", func(t *testing.T) {
		id := f.account(t, in, account.StatePENDING)
		before := events(t, in, "account", id)
		r := in.GraphQL(t, in.Admin, fmt.Sprintf(`mutation { approveAccount(id: "%d") { state } rollback: deleteMetric(id: "0") { deletedID } }`, id), nil)
		if len(r.Errors) == 0 {
			t.Fatal("the failing field did not fail the mutation")
		}
		a, err := in.Client().Account.Get(apptest.SystemContext(), id)
		if err != nil {
			t.Fatal(err)
		}
		if a.State != account.StatePENDING {
			t.Errorf("state %s after a failed mutation", a.State)
		}
		if got := events(t, in, "account", id); len(got) != len(before) {
			t.Errorf("a rolled-back mutation left events %v", got[len(before):])
		}
	})

	t.Run("events name the actor", func(t *testing.T) {
		tok := accessToken(t, in, in.Admin, "RW")
		id := f.account(t, in, account.StatePENDING)
		do(t, in, tok, fmt.Sprintf(`mutation { approveAccount(id: "%d") { state } }`, id), nil)
		e, err := in.Client().DomainEvent.Query().Where(domainevent.ObjectType("account"), domainevent.ObjectID(id),
			domainevent.EventType("account.approved")).Only(apptest.SystemContext())
		if err != nil {
			t.Fatal(err)
		}
		if e.ActorKind != domainevent.ActorKindTOKEN || e.ActorID == nil || e.Payload["state"] != "APPROVED" {
			t.Errorf("event actor %s %v, payload state %v", e.ActorKind, e.ActorID, e.Payload["state"])
		}
		// The event is readable over GraphQL, payload as JSON.
		d := do(t, in, in.Admin, `query($id: Int!) { domainEvents(where: {objectType: "account", objectID: $id, eventType: "account.approved"}) {
			edges { node { eventType actorKind payload } } } }`, map[string]any{"id": id})
		if p := d.str(t, "domainEvents.edges.0.node.payload"); !strings.Contains(p, `"state":"APPROVED"`) {
			t.Errorf("payload %s", p)
		}
	})
}

// TestBulkWithAccessToken is a script holding an access token: it approves
// 200 pending accounts, moves 200 applications to another plan and messages
// 50 accounts, then sends a mixed batch whose invalid ids are reported one
// by one while the valid ones are applied.
func TestBulkWithAccessToken(t *testing.T) {
	t.Parallel()
	in := apptest.Start(t)
	f := loadFixture(t, in)
	tok := accessToken(t, in, in.Admin, "RW")
	ctx, c := apptest.SystemContext(), in.Client()

	accounts := make([]*ent.AccountCreate, 200)
	for i := range accounts {
		accounts[i] = c.Account.Create().SetTenantID(f.tenantID).SetOrgName(fmt.Sprintf("Dev %03d", i)).SetState(account.StatePENDING)
	}
	accs, err := c.Account.CreateBulk(accounts...).Save(ctx)
	if err != nil {
		t.Fatal(err)
	}
	accIDs := make([]int, len(accs))
	users := make([]*ent.UserCreate, len(accs))
	apps := make([]*ent.ApplicationCreate, len(accs))
	for i, a := range accs {
		accIDs[i] = a.ID
		users[i] = c.User.Create().SetTenantID(f.tenantID).SetAccountID(a.ID).SetUsername(fmt.Sprintf("dev%03d", i)).
			SetEmail(fmt.Sprintf("dev%03d@example.com", i)).SetRole(user.RoleADMIN)
		apps[i] = c.Application.Create().SetTenantID(f.tenantID).SetAccountID(a.ID).SetProductID(f.productID).
			SetPlanID(f.basicID).SetName("App").SetUserKey(secret.UserKey())
	}
	if err := c.User.CreateBulk(users...).Exec(ctx); err != nil {
		t.Fatal(err)
	}
	appRows, err := c.Application.CreateBulk(apps...).Save(ctx)
	if err != nil {
		t.Fatal(err)
	}
	appIDs := make([]int, len(appRows))
	for i, a := range appRows {
		appIDs[i] = a.ID
	}

	t.Run("approve 200 pending accounts", func(t *testing.T) {
		d := do(t, in, tok, `mutation($ids: [ID!]!) { bulkChangeAccountState(ids: $ids, event: APPROVE) { succeeded failed items { id ok } } }`,
			map[string]any{"ids": accIDs})
		if d.get(t, "bulkChangeAccountState.succeeded") != float64(200) || d.get(t, "bulkChangeAccountState.failed") != float64(0) {
			t.Fatalf("result %v", d["bulkChangeAccountState"])
		}
		n, _ := c.Account.Query().Where(account.IDIn(accIDs...), account.StateEQ(account.StateAPPROVED)).Count(ctx)
		ev, _ := c.DomainEvent.Query().Where(domainevent.EventType("account.approved"), domainevent.ActorKindEQ(domainevent.ActorKindTOKEN)).Count(ctx)
		if n != 200 || ev != 200 {
			t.Errorf("%d approved accounts, %d account.approved events by the token; want 200 each", n, ev)
		}
	})

	t.Run("move 200 applications to another plan", func(t *testing.T) {
		d := do(t, in, tok, `mutation($ids: [ID!]!, $p: ID!) { bulkChangeApplicationPlan(ids: $ids, planID: $p) { succeeded failed } }`,
			map[string]any{"ids": appIDs, "p": f.unlimID})
		if d.get(t, "bulkChangeApplicationPlan.succeeded") != float64(200) {
			t.Fatalf("result %v", d["bulkChangeApplicationPlan"])
		}
		if n, _ := c.Application.Query().Where(application.IDIn(appIDs...), application.PlanID(f.unlimID)).Count(ctx); n != 200 {
			t.Errorf("%d applications on the new plan, want 200", n)
		}
		if n, _ := c.DomainEvent.Query().Where(domainevent.EventType("application.plan_changed")).Count(ctx); n != 200 {
			t.Errorf("%d application.plan_changed events, want 200", n)
		}
	})

	t.Run("message 50 accounts", func(t *testing.T) {
		d := do(t, in, tok, `mutation($ids: [ID!]!) { bulkSendMessage(accountIDs: $ids, subject: "Maintenance", body: "Sunday 02:00 UTC") {
			message { id } result { succeeded failed } } }`, map[string]any{"ids": accIDs[:50]})
		if d.get(t, "bulkSendMessage.result.succeeded") != float64(50) {
			t.Fatalf("result %v", d["bulkSendMessage"])
		}
		mid := id(t, d.str(t, "bulkSendMessage.message.id"))
		if n, _ := c.MessageRecipient.Query().Where(messagerecipient.MessageID(mid)).Count(ctx); n != 50 {
			t.Errorf("%d inbox entries, want 50", n)
		}
		if n, _ := c.EmailMessage.Query().Where(emailmessage.Subject("Maintenance")).Count(ctx); n != 50 {
			t.Errorf("%d emails to account admins, want 50", n)
		}
		// Each account lists it, unread, in its inbox.
		d = do(t, in, tok, `query($a: ID!) { messageRecipients(where: {accountID: $a, readAtIsNil: true}) { totalCount } }`,
			map[string]any{"a": accIDs[7]})
		if d.get(t, "messageRecipients.totalCount") != float64(1) {
			t.Errorf("account inbox: %v", d["messageRecipients"])
		}
	})

	t.Run("a mixed batch reports exactly which items failed and why", func(t *testing.T) {
		other := in.NewTenant(t, "other.example.com")
		foreign := do(t, in, other, `mutation { createAccount(input: {orgName: "Foreign"}) { id } }`, nil).str(t, "createAccount.id")
		pending := f.account(t, in, account.StatePENDING)
		ids := []string{fmt.Sprint(pending), fmt.Sprint(accIDs[0]), "999999", foreign, fmt.Sprint(pending)}
		d := do(t, in, tok, `mutation($ids: [ID!]!) { bulkChangeAccountState(ids: $ids, event: APPROVE) {
			succeeded failed items { id ok code message } } }`, map[string]any{"ids": ids})
		items := d.list(t, "bulkChangeAccountState.items")
		want := []struct {
			ok            bool
			code, message string
		}{
			{true, "", ""},
			{false, "CONFLICT", "cannot approve an account that is approved"},
			{false, "NOT_FOUND", "account 999999 not found"},
			{false, "NOT_FOUND", "account " + foreign + " not found"},
			{false, "VALIDATION", fmt.Sprintf("id %d is listed more than once", pending)},
		}
		if len(items) != len(want) {
			t.Fatalf("items %v", items)
		}
		for i, w := range want {
			it := items[i].(map[string]any)
			if it["id"] != ids[i] || it["ok"] != w.ok || (w.code != "" && (it["code"] != w.code || it["message"] != w.message)) {
				t.Errorf("item %d = %v, want %+v", i, it, w)
			}
		}
		if d.get(t, "bulkChangeAccountState.succeeded") != float64(1) || d.get(t, "bulkChangeAccountState.failed") != float64(4) {
			t.Errorf("counts %v", d["bulkChangeAccountState"])
		}
		if a, _ := c.Account.Get(ctx, pending); a.State != account.StateAPPROVED {
			t.Errorf("the valid item was not applied: %s", a.State)
		}
		if a, _ := c.Account.Get(ctx, id(t, foreign)); a.State != account.StateAPPROVED || len(events(t, in, "account", a.ID)) != 1 {
			t.Errorf("the other tenant's account changed")
		}
	})
}

// TestChangeToTheCurrentPlan refuses, with CONFLICT and without writing
// anything, to move a subscription or an application to the plan it is
// already on, alone or as an item of a bulk change.
func TestChangeToTheCurrentPlan(t *testing.T) {
	t.Parallel()
	in := apptest.Start(t)
	f := loadFixture(t, in)
	ctx, c := apptest.SystemContext(), in.Client()
	gold := do(t, in, in.Admin, `mutation($p: ID!) { createPlan(input: {kind: SERVICE, productID: $p, name: "Gold", systemName: "gold", state: PUBLISHED}) { id } }`,
		map[string]any{"p": f.productID}).str(t, "createPlan.id")
	servicePlan := c.Plan.GetX(ctx, f.servicePlanID).Name
	basic := c.Plan.GetX(ctx, f.basicID).Name

	t.Run("one at a time", func(t *testing.T) {
		sub := f.subscription(t, in, f.account(t, in, account.StateAPPROVED), servicesubscription.StateLIVE)
		app := f.app(t, in, f.account(t, in, account.StateAPPROVED), application.StateLIVE)
		cases := []struct {
			name, op, object string
			id, planID       int
			message          string
		}{
			{"subscription", "changeServiceSubscriptionPlan", "subscription", sub, f.servicePlanID, fmt.Sprintf("the subscription is already on plan %q", servicePlan)},
			{"application", "changeApplicationPlan", "application", app, f.basicID, fmt.Sprintf("the application is already on plan %q", basic)},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				before := events(t, in, tc.object, tc.id)
				e := expectError(t, in, in.Admin, fmt.Sprintf(`mutation { %s(id: "%d", planID: "%d") { id } }`, tc.op, tc.id, tc.planID), nil, "CONFLICT", "")
				if e.Message != tc.message {
					t.Errorf("message %q, want %q", e.Message, tc.message)
				}
				if after := events(t, in, tc.object, tc.id); len(after) != len(before) {
					t.Errorf("events %v after a refused change, were %v", after, before)
				}
			})
		}
		t.Run("subscription to another plan", func(t *testing.T) {
			d := do(t, in, in.Admin, fmt.Sprintf(`mutation { changeServiceSubscriptionPlan(id: "%d", planID: %q) { planID } }`, sub, gold), nil)
			if d.str(t, "changeServiceSubscriptionPlan.planID") != gold {
				t.Errorf("plan after the change: %v", d)
			}
			if got := last(events(t, in, "subscription", sub)); got != "subscription.plan_changed" {
				t.Errorf("last event %s", got)
			}
		})
	})

	t.Run("in bulk", func(t *testing.T) {
		on := f.subscription(t, in, f.account(t, in, account.StateAPPROVED), servicesubscription.StateLIVE)
		off := f.subscription(t, in, f.account(t, in, account.StateAPPROVED), servicesubscription.StateLIVE)
		do(t, in, in.Admin, fmt.Sprintf(`mutation { changeServiceSubscriptionPlan(id: "%d", planID: %q) { id } }`, on, gold), nil)
		d := do(t, in, in.Admin, `mutation($ids: [ID!]!, $p: ID!) { bulkChangeServiceSubscriptionPlan(ids: $ids, planID: $p) {
			succeeded failed items { id ok code message } } }`, map[string]any{"ids": []int{on, off}, "p": gold})
		items := d.list(t, "bulkChangeServiceSubscriptionPlan.items")
		want := []map[string]any{
			{"id": itoa(on), "ok": false, "code": "CONFLICT", "message": `the subscription is already on plan "Gold"`},
			{"id": itoa(off), "ok": true, "code": nil, "message": nil},
		}
		if len(items) != len(want) {
			t.Fatalf("items %v", items)
		}
		for i, w := range want {
			it := items[i].(map[string]any)
			for k, v := range w {
				if it[k] != v {
					t.Errorf("item %d: %s = %v, want %v", i, k, it[k], v)
				}
			}
		}
		if d.get(t, "bulkChangeServiceSubscriptionPlan.succeeded") != float64(1) || d.get(t, "bulkChangeServiceSubscriptionPlan.failed") != float64(1) {
			t.Errorf("counts %v", d["bulkChangeServiceSubscriptionPlan"])
		}
		if got := c.ServiceSubscription.GetX(ctx, off).PlanID; itoa(got) != gold {
			t.Errorf("the other subscription is on plan %d, want %s", got, gold)
		}
	})
}
