package graph_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/portico-apim/portico/server/apptest"
)

// introspection is the query GraphiQL and code generators send (graphql-js
// getIntrospectionQuery, with its nine levels of ofType).
const introspection = `query IntrospectionQuery {
  __schema {
    queryType { name } mutationType { name } subscriptionType { name }
    types { ...FullType }
    directives { name description locations args { ...InputValue } }
  }
}
fragment FullType on __Type {
  kind name description
  fields(includeDeprecated: true) { name description args { ...InputValue } type { ...TypeRef } isDeprecated deprecationReason }
  inputFields { ...InputValue }
  interfaces { ...TypeRef }
  enumValues(includeDeprecated: true) { name description isDeprecated deprecationReason }
  possibleTypes { ...TypeRef }
}
fragment InputValue on __InputValue { name description type { ...TypeRef } defaultValue }
fragment TypeRef on __Type {
  kind name
  ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name
    ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } } } }
}`

// TestLimits checks abusive operations are refused before they run, with
// VALIDATION errors, while ordinary ones pass.
func TestLimits(t *testing.T) {
	t.Parallel()
	in := apptest.Start(t)

	nested := func(levels int) string { // metrics → parent → parent …
		return `{ metrics { edges { node { ` + strings.Repeat("parent { ", levels) + "id" + strings.Repeat(" }", levels) + ` } } } }`
	}
	for _, c := range []struct {
		name, query string
		ok          bool
		field       string
	}{
		{"ordinary query", `{ products(first: 50) { edges { node { plans(first: 20) { edges { node { id } } } } } } }`, true, ""},
		{"within the depth limit", nested(8), true, ""},
		{"too deep", nested(20), false, ""},
		{"too deep through fragments", `{ metrics { edges { node { ...P } } } }
			fragment P on Metric { parent { parent { parent { ...Q } } } }
			fragment Q on Metric { parent { parent { parent { parent { parent { parent { parent { parent { id } } } } } } } } }`, false, ""},
		{"too deep through inline fragments", `{ node(id: "1") { ... on Metric { ` + strings.Repeat("parent { ", 15) + "id" + strings.Repeat(" }", 15) + ` } } }`, false, ""},
		{"nested pages multiply", `{ products(first: 1000) { edges { node { plans(first: 1000) { edges { node { id } } } } } } }`, false, ""},
		{"aliases add up", "{ " + aliases(200, "products(first: 1000) { edges { node { id name } } }") + " }", false, ""},
		{"page too large", `{ products(first: 1001) { totalCount } }`, false, "first"},
		{"negative page", `{ products(last: -1) { totalCount } }`, false, "last"},
		{"schema introspection", introspection, true, ""},
		{"the schema read twice", `{ a: __schema { types { name } } b: __schema { types { name } } }`, false, ""},
		{"the schema read twice through a fragment", `{ __schema { types { name } } ...S } fragment S on Query { again: __schema { types { name } } }`, false, ""},
		{"introspection looping through types", `{ __schema { types { ` + strings.Repeat("fields { type { ", 6) + "name" + strings.Repeat(" } }", 6) + ` } } }`, false, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := in.GraphQL(t, in.Admin, c.query, nil)
			if c.ok {
				if len(r.Errors) > 0 {
					t.Fatalf("refused: %+v", r.Errors)
				}
				return
			}
			if len(r.Errors) == 0 {
				t.Fatal("accepted")
			}
			if e := r.Errors[0]; e.Code() != "VALIDATION" || (c.field != "" && e.Field() != c.field) || r.Data != nil && string(r.Data) != "null" {
				t.Errorf("error %+v, data %s; want VALIDATION before anything runs", e, r.Data)
			}
		})
	}
}

// aliases repeats field n times under the aliases a0, a1, …
func aliases(n int, field string) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "a%d: %s ", i, field)
	}
	return b.String()
}

// TestQuerySizeLimits checks queries too long, with too many tokens or with
// too many field selections are refused before they are validated, for
// viewers and anonymous requests alike, naming the limit.
func TestQuerySizeLimits(t *testing.T) {
	t.Parallel()
	in := apptest.Start(t)

	compact := func(n int, field string) string { // a0:f a1:f … without spaces
		var b strings.Builder
		b.WriteString("{")
		for i := range n {
			fmt.Fprintf(&b, "a%d:%s ", i, field)
		}
		return b.String() + "}"
	}
	for _, c := range []struct {
		name, query, limit string
	}{
		{"24,000 aliases of __typename", "{ " + aliases(24000, "__typename") + " }", "queryBytes"},
		{"3,000 aliases, short enough", compact(3000, "__typename"), "fields"},
		{"3,000 repeats of one field", "{" + strings.Repeat("__typename ", 3000) + "}", "fields"},
		{"a fragment spread 50 times", "{" + strings.Repeat("...F ", 50) + "} fragment F on Query {" + aliases(50, "__typename") + "}", "fields"},
		{"a fragment nobody spreads", "{ __typename } fragment F on Query {" + compact(2500, "__typename")[1:], "fields"},
		{"a long list of values", `{ products(where: {nameIn: [` + strings.Repeat(`"x",`, 12000) + `]}) { totalCount } }`, "tokens"},
	} {
		for _, who := range []string{"admin", "anonymous"} {
			t.Run(c.name+" as "+who, func(t *testing.T) {
				token := in.Admin
				if who == "anonymous" {
					token = ""
				}
				start := time.Now()
				r := in.GraphQL(t, token, c.query, nil)
				t.Logf("%d bytes refused in %v", len(c.query), time.Since(start))
				if len(r.Errors) == 0 {
					t.Fatal("accepted")
				}
				e := r.Errors[0]
				if e.Code() != "VALIDATION" || e.Extensions["limit"] != c.limit || !strings.Contains(e.Message, "at most") {
					t.Errorf("error %+v; want VALIDATION naming the %s limit", e, c.limit)
				}
			})
		}
	}

	t.Run("a fragment spreading itself", func(t *testing.T) {
		e := in.ExpectError(t, in.Admin, `{ ...F } fragment F on Query { __typename ...F }`, nil, "VALIDATION")
		if !strings.Contains(e.Message, "F") {
			t.Errorf("message %q does not name the fragment", e.Message)
		}
	})
	t.Run("within the limits", func(t *testing.T) {
		in.MustGraphQL(t, in.Admin, compact(1500, "__typename"), nil, nil)
		in.MustGraphQL(t, in.Admin, "{"+strings.Repeat("...F ", 30)+"} fragment F on Query {"+aliases(30, "__typename")+"}", nil, nil)
	})
}

// TestAnonymousBudget checks requests without credentials get only small
// operations: those open to everyone and schema introspection.
func TestAnonymousBudget(t *testing.T) {
	t.Parallel()
	in := apptest.Start(t)

	t.Run("introspection", func(t *testing.T) {
		in.MustGraphQL(t, "", introspection, nil, nil)
	})
	t.Run("the login options", func(t *testing.T) {
		in.MustGraphQL(t, "", `{ ssoLoginOptions { name startURL } }`, nil, nil)
	})
	for _, c := range []struct {
		name, query, limit string
	}{
		{"600 fields", "{" + strings.Repeat("__typename ", 600) + "}", "fields"},
		{"a long query", "{ __typename }" + strings.Repeat(" ", 9000), "queryBytes"},
		{"an expensive query", `{ products(first: 1000) { edges { node { id name } } } }`, "cost"},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := in.GraphQL(t, "", c.query, nil)
			if len(r.Errors) == 0 {
				t.Fatal("accepted")
			}
			e := r.Errors[0]
			if e.Code() != "UNAUTHENTICATED" || e.Extensions["limit"] != c.limit || !strings.Contains(e.Message, "before logging in") {
				t.Errorf("error %+v; want UNAUTHENTICATED naming the %s limit", e, c.limit)
			}
			// The same operation is within a viewer's budget.
			if r := in.GraphQL(t, in.Admin, c.query, nil); len(r.Errors) > 0 {
				t.Errorf("refused for the admin: %+v", r.Errors)
			}
		})
	}
	t.Run("bad credentials are named first", func(t *testing.T) {
		e := in.ExpectError(t, "not-a-token", "{"+strings.Repeat("__typename ", 600)+"}", nil, "UNAUTHENTICATED")
		if e.Extensions["limit"] != nil {
			t.Errorf("error %+v names a limit, not the refused credentials", e)
		}
	})
}

// TestConnectionsWithoutFirst checks nested connections asked for without
// first are costed at the default page size: the admin portal's natural
// queries run.
func TestConnectionsWithoutFirst(t *testing.T) {
	t.Parallel()
	in := apptest.Start(t)
	d := do(t, in, in.Admin, `mutation {
		p: createProduct(input: {name: "Nested", systemName: "nested"}) { id }
	}`, nil)
	d = do(t, in, in.Admin, `mutation($p: ID!) {
		m: createMetric(input: {productID: $p, systemName: "orders", friendlyName: "Orders"}) { id }
		plan: createPlan(input: {kind: APPLICATION, productID: $p, name: "Gold", systemName: "gold"}) { id }
	}`, map[string]any{"p": d.str(t, "p.id")})
	do(t, in, in.Admin, `mutation($plan: ID!, $m: ID!) {
		createUsageLimit(input: {planID: $plan, metricID: $m, period: DAY, value: 10}) { id }
	}`, map[string]any{"plan": d.str(t, "plan.id"), "m": d.str(t, "m.id")})

	d = do(t, in, in.Admin, `{ products { edges { node { id name systemName
		plans { edges { node { id name systemName state
			limits { edges { node { id period value metric { id systemName } } } } } } } } } } }`, nil)
	found := false
	for _, p := range d.list(t, "products.edges") {
		for _, pl := range p.(map[string]any)["node"].(map[string]any)["plans"].(map[string]any)["edges"].([]any) {
			if len(pl.(map[string]any)["node"].(map[string]any)["limits"].(map[string]any)["edges"].([]any)) == 1 {
				found = true
			}
		}
	}
	if !found {
		t.Errorf("the plan's limit is missing: %v", d)
	}
}

// TestNULInStringInputs checks a NUL character in any string input, in a
// variable or written in the query, is refused as VALIDATION naming the field,
// and nothing is stored.
func TestNULInStringInputs(t *testing.T) {
	t.Parallel()
	in := apptest.Start(t)
	for _, c := range []struct {
		name, query string
		vars        map[string]any
		field       string
	}{
		{"in an input variable", `mutation($input: CreateProductInput!) { createProduct(input: $input) { id } }`,
			map[string]any{"input": map[string]any{"name": "Nul\x00product", "systemName": "nul_product"}}, "input.name"},
		{"in a scalar variable", `mutation($n: String!) { createProduct(input: {name: $n, systemName: "nul_product"}) { id } }`,
			map[string]any{"n": "\x00"}, "n"},
		{"in a list variable", `query($names: [String!]) { products(where: {nameIn: $names}) { totalCount } }`,
			map[string]any{"names": []any{"ok", "n\x00"}}, "names.1"},
		{"in a literal", `mutation { createProduct(input: {name: "Nul\u0000product", systemName: "nul_product"}) { id } }`,
			nil, "input.name"},
		{"in a literal of a later field", `mutation { a: createProduct(input: {name: "Fine", systemName: "nul_fine"}) { id }
			b: createProduct(input: {name: "Nul", systemName: "nul_product", description: "x\u0000"}) { id } }`,
			nil, "input.description"},
	} {
		t.Run(c.name, func(t *testing.T) {
			e := in.ExpectError(t, in.Admin, c.query, c.vars, "VALIDATION")
			if e.Field() != c.field || !strings.Contains(e.Message, "NUL") {
				t.Errorf("error %+v; want field %s and a message about NUL", e, c.field)
			}
		})
	}
	d := do(t, in, in.Admin, `{ products(where: {systemNameHasPrefix: "nul_"}) { totalCount } }`, nil)
	if n := d.get(t, "products.totalCount"); n != float64(0) {
		t.Errorf("%v products stored", n)
	}
}
