package graph_test

import (
	"fmt"
	"strings"
	"testing"

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
