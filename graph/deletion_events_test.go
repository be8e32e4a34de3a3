package graph_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/portico-apim/portico/ent"
	"github.com/portico-apim/portico/ent/application"
	"github.com/portico-apim/portico/ent/domainevent"
	"github.com/portico-apim/portico/ent/planchangerequest"
	"github.com/portico-apim/portico/ent/servicesubscription"
	"github.com/portico-apim/portico/server/apptest"
)

// lastEventID returns the id of the newest domain event.
func lastEventID(t *testing.T, in *apptest.Instance) int {
	t.Helper()
	e, err := in.Client().DomainEvent.Query().Order(ent.Desc(domainevent.FieldID)).First(apptest.SystemContext())
	if ent.IsNotFound(err) {
		return 0
	}
	if err != nil {
		t.Fatal(err)
	}
	return e.ID
}

// eventsAfter returns the events written after event mark as sorted
// "event_type object_id" lines, and fails unless actorID (a provider user)
// caused every one of them.
func eventsAfter(t *testing.T, in *apptest.Instance, mark, actorID int) []string {
	t.Helper()
	evs, err := in.Client().DomainEvent.Query().Where(domainevent.IDGT(mark)).All(apptest.SystemContext())
	if err != nil {
		t.Fatal(err)
	}
	out := []string{}
	for _, e := range evs {
		out = append(out, fmt.Sprintf("%s %d", e.EventType, e.ObjectID))
		if e.ActorKind != domainevent.ActorKindADMIN || e.ActorID == nil || *e.ActorID != actorID {
			t.Errorf("%s %d by %s %v, want by user %d", e.EventType, e.ObjectID, e.ActorKind, e.ActorID, actorID)
		}
		if e.Payload["id"] != float64(e.ObjectID) {
			t.Errorf("%s %d carries payload %v", e.EventType, e.ObjectID, e.Payload)
		}
	}
	slices.Sort(out)
	return out
}

func event(kind string, id any) string { return fmt.Sprintf("%s %v", kind, id) }

// TestDeletionEvents deletes accounts, an application, a product and a plan
// and checks the exact events written: the deleted object's, and one
// deleted event for every tracked row the database deleted with it, in the
// same transaction and by the same actor.
func TestDeletionEvents(t *testing.T) {
	t.Parallel()
	in := apptest.Start(t)
	f := loadFixture(t, in)
	adminID := id(t, do(t, in, in.Admin, `{ viewer { user { id } } }`, nil).str(t, "viewer.user.id"))
	shop := do(t, in, in.Admin, `mutation { createProduct(input: {name: "Shop", systemName: "shop"}) { id } }`, nil).str(t, "createProduct.id")
	d := do(t, in, in.Admin, `mutation($p: ID!) {
		gold: createPlan(input: {kind: APPLICATION, productID: $p, name: "Gold", systemName: "gold", state: PUBLISHED}) { id }
		silver: createPlan(input: {kind: APPLICATION, productID: $p, name: "Silver", systemName: "silver", state: PUBLISHED}) { id }
		temp: createPlan(input: {kind: APPLICATION, productID: $p, name: "Temp", systemName: "temp", state: PUBLISHED}) { id }
	}`, map[string]any{"p": shop})
	gold, silver, temp := d.str(t, "gold.id"), d.str(t, "silver.id"), d.str(t, "temp.id")
	do(t, in, in.Admin, `mutation($p: ID!) { setDefaultPlan(id: $p) { id } }`, map[string]any{"p": gold})

	// developer signs an account up (a subscription and an application on
	// each product) and returns its ids by role.
	developer := func(t *testing.T, org string) map[string]string {
		t.Helper()
		d := do(t, in, in.Admin, signupOp, signupVars(org, nil))
		ids := map[string]string{"account": d.str(t, "signup.account.id"), "user": d.str(t, "signup.user.id")}
		for _, a := range d.list(t, "signup.applications") {
			a := a.(map[string]any)
			ids["app on "+map[bool]string{true: "shop", false: "api"}[a["planID"] == gold]] = a["id"].(string)
		}
		for _, s := range d.list(t, "signup.subscriptions") {
			s := s.(map[string]any)
			ids["subscription on "+map[bool]string{true: "shop", false: "api"}[s["productID"] == shop]] = s["id"].(string)
		}
		return ids
	}
	requestChange := func(t *testing.T, user, app, plan string) string {
		t.Helper()
		return do(t, in, in.Admin, `mutation($u: ID!, $a: ID!, $p: ID!) { requestApplicationPlanChange(userID: $u, applicationID: $a, planID: $p) { request { id } } }`,
			map[string]any{"u": user, "a": app, "p": plan}).str(t, "requestApplicationPlanChange.request.id")
	}

	t.Run("account", func(t *testing.T) {
		dev := developer(t, "Acme")
		colleague := do(t, in, in.Admin, `mutation($a: ID!) { createUser(input: {username: "colleague", email: "colleague@example.com", accountID: $a}) { id } }`,
			map[string]any{"a": dev["account"]}).str(t, "createUser.id")
		pcr := requestChange(t, dev["user"], dev["app on api"], itoa(f.unlimID))
		sent := do(t, in, in.Admin, developerMessageQ, map[string]any{"u": dev["user"], "s": "Hi", "b": "Hello"}).str(t, "sendDeveloperMessage.id")
		received := do(t, in, in.Admin, sendMessageQ, map[string]any{"a": dev["account"], "s": "Welcome", "b": "Hello"}).str(t, "sendMessage.id")
		mark := lastEventID(t, in)
		do(t, in, in.Admin, `mutation($a: ID!) { deleteAccount(id: $a) { deletedID } }`, map[string]any{"a": dev["account"]})
		want := []string{event("account.deleted", dev["account"]), event("user.deleted", dev["user"]), event("user.deleted", colleague),
			event("application.deleted", dev["app on api"]), event("application.deleted", dev["app on shop"]),
			event("subscription.deleted", dev["subscription on api"]), event("subscription.deleted", dev["subscription on shop"]),
			event("plan_change_request.deleted", pcr), event("message.deleted", sent)}
		slices.Sort(want)
		if got := eventsAfter(t, in, mark, adminID); !slices.Equal(got, want) {
			t.Errorf("events\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		if _, err := in.Client().Message.Get(apptest.SystemContext(), id(t, received)); err != nil {
			t.Errorf("the provider's message to the account: %v", err)
		}
	})

	t.Run("application", func(t *testing.T) {
		dev := developer(t, "Beta")
		pcr := requestChange(t, dev["user"], dev["app on shop"], silver)
		mark := lastEventID(t, in)
		do(t, in, in.Admin, `mutation($a: ID!) { deleteApplication(id: $a) { deletedID } }`, map[string]any{"a": dev["app on shop"]})
		want := []string{event("application.deleted", dev["app on shop"]), event("plan_change_request.deleted", pcr)}
		if got := eventsAfter(t, in, mark, adminID); !slices.Equal(got, want) {
			t.Errorf("events %v, want %v", got, want)
		}
	})

	t.Run("plan", func(t *testing.T) {
		dev := developer(t, "Gamma")
		pcr := requestChange(t, dev["user"], dev["app on shop"], temp)
		mark := lastEventID(t, in)
		do(t, in, in.Admin, `mutation($p: ID!) { deletePlan(id: $p) { deletedID } }`, map[string]any{"p": temp})
		want := []string{event("plan_change_request.deleted", pcr)}
		if got := eventsAfter(t, in, mark, adminID); !slices.Equal(got, want) {
			t.Errorf("events %v, want %v", got, want)
		}
	})

	t.Run("rolled back", func(t *testing.T) {
		dev := developer(t, "Delta")
		mark := lastEventID(t, in)
		r := in.GraphQL(t, in.Admin, `mutation($a: ID!) { deleteAccount(id: $a) { deletedID } rollback: deleteMetric(id: "0") { deletedID } }`,
			map[string]any{"a": dev["account"]})
		if len(r.Errors) == 0 {
			t.Fatal("the failing field did not fail the mutation")
		}
		if got := eventsAfter(t, in, mark, adminID); len(got) != 0 {
			t.Errorf("a rolled-back deletion left events %v", got)
		}
	})

	t.Run("product", func(t *testing.T) {
		for _, org := range []string{"Epsilon", "Zeta"} {
			dev := developer(t, org)
			requestChange(t, dev["user"], dev["app on shop"], silver)
		}
		// Every application, subscription and plan change request of the
		// product so far, from this and the earlier subtests.
		ctx, c, p := apptest.SystemContext(), in.Client(), id(t, shop)
		var want []string
		for _, a := range c.Application.Query().Where(application.ProductID(p)).AllX(ctx) {
			want = append(want, event("application.deleted", a.ID))
		}
		for _, s := range c.ServiceSubscription.Query().Where(servicesubscription.ProductID(p)).AllX(ctx) {
			want = append(want, event("subscription.deleted", s.ID))
		}
		for _, r := range c.PlanChangeRequest.Query().Where(planchangerequest.ProductID(p)).AllX(ctx) {
			want = append(want, event("plan_change_request.deleted", r.ID))
		}
		if len(want) != 4+5+2 {
			t.Fatalf("arranged %v, want 4 applications, 5 subscriptions and 2 requests", want)
		}
		mark := lastEventID(t, in)
		do(t, in, in.Admin, `mutation($p: ID!) { deleteProduct(id: $p) { deletedID } }`, map[string]any{"p": shop})
		slices.Sort(want)
		if got := eventsAfter(t, in, mark, adminID); !slices.Equal(got, want) {
			t.Errorf("events\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	})

	t.Run("a member limited to other products deletes an account", func(t *testing.T) {
		dev := developer(t, "Eta") // the shop is gone: its only application is on the api product
		other := do(t, in, in.Admin, `mutation { createProduct(input: {name: "Other", systemName: "other"}) { id } }`, nil).str(t, "createProduct.id")
		member := do(t, in, in.Admin, `mutation { createUser(input: {username: "partner", email: "partner@example.com"}, password: "Member-passw0rd!") { id } }`, nil).
			str(t, "createUser.id")
		do(t, in, in.Admin, `mutation($id: ID!, $p: ID!) { updateUserPermissions(id: $id, input: {role: MEMBER, sections: [PARTNERS], allProducts: false, productIDs: [$p]}) { id } }`,
			map[string]any{"id": member, "p": other})
		session := in.Login(t, "partner", "Member-passw0rd!", in.Cfg.AdminDomain)
		expectError(t, in, session, `query($a: ID!) { node(id: $a) { id } }`, map[string]any{"a": dev["app on api"]}, "NOT_FOUND", "")
		mark := lastEventID(t, in)
		do(t, in, session, `mutation($a: ID!) { deleteAccount(id: $a) { deletedID } }`, map[string]any{"a": dev["account"]})
		want := []string{event("account.deleted", dev["account"]), event("user.deleted", dev["user"]),
			event("application.deleted", dev["app on api"]), event("subscription.deleted", dev["subscription on api"])}
		slices.Sort(want)
		if got := eventsAfter(t, in, mark, id(t, member)); !slices.Equal(got, want) {
			t.Errorf("events %v, want %v", got, want)
		}
	})
}
