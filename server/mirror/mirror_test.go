package mirror_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/portico-apim/portico/server/apptest"
	"github.com/portico-apim/portico/server/mirror"
)

// world is one tenant's products, plans, accounts and applications as a
// random walk of mutations made them.
type world struct {
	in       *apptest.Instance
	token    string
	plans    map[string][]string // product id → its application plans
	userKey  map[string]bool     // product id → identifies by user key
	accounts []string
	apps     []app
}

type app struct{ id, product string }

func (w *world) gql(t *testing.T, query string, vars map[string]any, out any) {
	t.Helper()
	w.in.MustGraphQL(t, w.token, query, vars, out)
}

func newWorld(t *testing.T, in *apptest.Instance, token string) *world {
	w := &world{in: in, token: token, plans: map[string][]string{}, userKey: map[string]bool{}}
	for i, auth := range []string{"USER_KEY", "APP_ID"} {
		var p struct{ CreateProduct struct{ ID string } }
		w.gql(t, `mutation($n: String!, $a: ProductAuthentication!) { createProduct(input: {name: $n, systemName: $n, authentication: $a}) { id } }`,
			map[string]any{"n": fmt.Sprint("walk", i), "a": auth}, &p)
		prod := p.CreateProduct.ID
		w.userKey[prod] = auth == "USER_KEY"
		for j := range 2 {
			var pl struct{ CreatePlan struct{ ID string } }
			w.gql(t, `mutation($p: ID!, $n: String!) { createPlan(input: {kind: APPLICATION, productID: $p, name: $n, systemName: $n}) { id } }`,
				map[string]any{"p": prod, "n": fmt.Sprint("plan", j)}, &pl)
			w.plans[prod] = append(w.plans[prod], pl.CreatePlan.ID)
		}
	}
	for range 3 {
		w.createAccount(t)
	}
	return w
}

func (w *world) createAccount(t *testing.T) {
	var a struct{ CreateAccount struct{ ID string } }
	w.gql(t, `mutation($n: String!) { createAccount(input: {orgName: $n}) { id } }`, map[string]any{"n": fmt.Sprint("Org ", time.Now().UnixNano())}, &a)
	w.accounts = append(w.accounts, a.CreateAccount.ID)
}

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

// step makes one random mutation and says which.
func (w *world) step(t *testing.T, r *rand.Rand) string {
	t.Helper()
	products := make([]string, 0, len(w.plans))
	for p := range w.plans {
		products = append(products, p)
	}
	slices.Sort(products)
	if len(w.apps) == 0 || r.IntN(5) == 0 {
		prod := pick(r, products)
		var a struct{ CreateApplication struct{ ID string } }
		w.gql(t, `mutation($a: ID!, $p: ID!, $pl: ID!) { createApplication(input: {name: "walker", accountID: $a, productID: $p, planID: $pl}) { id } }`,
			map[string]any{"a": pick(r, w.accounts), "p": prod, "pl": pick(r, w.plans[prod])}, &a)
		w.apps = append(w.apps, app{a.CreateApplication.ID, prod})
		return "createApplication"
	}
	i := r.IntN(len(w.apps))
	a := w.apps[i]
	vars := map[string]any{"id": a.id}
	// Some state changes are refused (resuming a live application): the
	// refusal must leave the snapshot as it was, which the walk checks too.
	try := func(op string) string {
		w.in.GraphQL(t, w.token, `mutation($id: ID!) { `+op+`(id: $id) { id } }`, vars)
		return op
	}
	switch r.IntN(12) {
	case 0:
		return try("suspendApplication")
	case 1:
		return try("resumeApplication")
	case 2:
		vars["pl"] = pick(r, w.plans[a.product])
		// Refused when it is already on that plan.
		w.in.GraphQL(t, w.token, `mutation($id: ID!, $pl: ID!) { changeApplicationPlan(id: $id, planID: $pl) { id } }`, vars)
		return "changeApplicationPlan"
	case 3:
		if w.userKey[a.product] {
			w.gql(t, `mutation($id: ID!) { regenerateUserKey(id: $id) { id } }`, vars, nil)
			return "regenerateUserKey"
		}
		w.gql(t, `mutation($id: ID!) { addApplicationKey(id: $id) { id } }`, vars, nil)
		return "addApplicationKey"
	case 4:
		w.gql(t, `mutation($id: ID!) { deleteApplication(id: $id) { deletedID } }`, vars, nil)
		w.apps = slices.Delete(w.apps, i, i+1)
		return "deleteApplication"
	case 5:
		w.gql(t, `mutation($id: ID!) { updateApplication(id: $id, input: {description: "unread by decisions"}) { id } }`, vars, nil)
		return "updateApplication"
	case 6, 7:
		vars["id"] = pick(r, w.accounts)
		if r.IntN(2) == 0 {
			return try("suspendAccount")
		}
		return try("resumeAccount")
	case 8:
		j := r.IntN(len(w.accounts))
		vars["id"] = w.accounts[j]
		w.gql(t, `mutation($id: ID!) { deleteAccount(id: $id) { deletedID } }`, vars, nil)
		w.accounts = slices.Delete(w.accounts, j, j+1)
		var apps struct {
			Applications struct {
				Edges []struct{ Node struct{ ID string } }
			}
		}
		w.gql(t, `{ applications(first: 500) { edges { node { id } } } }`, nil, &apps)
		var left []app
		for _, e := range apps.Applications.Edges {
			for _, x := range w.apps {
				if x.id == e.Node.ID {
					left = append(left, x)
				}
			}
		}
		w.apps = left
		w.createAccount(t)
		return "deleteAccount"
	case 9:
		w.createAccount(t)
		return "createAccount"
	case 10:
		// A new application id moves the application to another key of
		// the snapshot; a new user key, to another user key.
		field := "appID"
		if w.userKey[a.product] {
			field = "userKey"
		}
		vars["v"] = fmt.Sprintf("walked%x", r.Uint64())
		w.gql(t, `mutation($id: ID!, $v: String!) { updateApplication(id: $id, input: {`+field+`: $v}) { id } }`, vars, nil)
		return "updateApplication " + field
	default:
		// A change of the tenant's products reloads the whole tenant,
		// interleaved with the single changes.
		w.gql(t, `mutation($p: ID!) { updateProduct(id: $p, input: {description: "walked"}) { id } }`, map[string]any{"p": pick(r, products)}, nil)
		return "updateProduct"
	}
}

func diff(t *testing.T, m *mirror.Mirror) string {
	t.Helper()
	d, err := m.Diff(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// A random walk of application, account and product changes in two
// tenants: after every step the snapshot, kept current one application or
// account at a time, equals a full load of the database. On PostgreSQL a
// second replica, kept current by notifications alone, must reach the same.
func TestSingleChangesKeepTheSnapshotExact(t *testing.T) {
	in := apptest.Start(t)
	var replica *apptest.Instance
	if in.Cfg.DatabaseURL != "" {
		replica = apptest.StartWith(t, apptest.Replica(t, in.Cfg))
	}
	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d", seed)
	r := rand.New(rand.NewPCG(seed, seed))
	worlds := []*world{newWorld(t, in, in.Admin), newWorld(t, in, in.NewTenant(t, "walk-b.test"))}
	for i := range 120 {
		w := worlds[i%2]
		op := w.step(t, r)
		if d := diff(t, in.App.Mirror); d != "" {
			t.Fatalf("step %d (%s): %s", i, op, d)
		}
		if replica == nil {
			continue
		}
		deadline := time.Now().Add(10 * time.Second)
		for d := diff(t, replica.App.Mirror); d != ""; d = diff(t, replica.App.Mirror) {
			if time.Now().After(deadline) {
				t.Fatalf("step %d (%s): the replica still differs after 10s: %s", i, op, d)
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	if replica == nil {
		t.Log("SQLite: one process, no replica to check")
	}
}
