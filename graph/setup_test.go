package graph_test

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/portico-apim/portico/server/apptest"
)

// tree is decoded GraphQL data, read with dotted paths ("createProduct.id",
// "products.edges.0.node.name").
type tree map[string]any

// do runs an operation that must succeed and returns its data.
func do(t testing.TB, in *apptest.Instance, token, query string, vars map[string]any) tree {
	t.Helper()
	var out tree
	in.MustGraphQL(t, token, query, vars, &out)
	return out
}

func (tr tree) get(t testing.TB, path string) any {
	t.Helper()
	var cur any = map[string]any(tr)
	for _, part := range strings.Split(path, ".") {
		switch v := cur.(type) {
		case map[string]any:
			next, ok := v[part]
			if !ok {
				t.Fatalf("no %q in %v (path %s)", part, v, path)
			}
			cur = next
		case []any:
			i, err := strconv.Atoi(part)
			if err != nil || i >= len(v) {
				t.Fatalf("bad index %q into a list of %d (path %s)", part, len(v), path)
			}
			cur = v[i]
		default:
			t.Fatalf("cannot read %q of %v (path %s)", part, cur, path)
		}
	}
	return cur
}

// str returns the string at path.
func (tr tree) str(t testing.TB, path string) string {
	t.Helper()
	s, ok := tr.get(t, path).(string)
	if !ok {
		t.Fatalf("%s is %v, not a string", path, tr.get(t, path))
	}
	return s
}

// list returns the list at path.
func (tr tree) list(t testing.TB, path string) []any {
	t.Helper()
	l, ok := tr.get(t, path).([]any)
	if !ok {
		t.Fatalf("%s is %v, not a list", path, tr.get(t, path))
	}
	return l
}

// nodeField collects field of every node of the connection at path.
func (tr tree) nodeField(t testing.TB, path, field string) []string {
	t.Helper()
	var out []string
	for _, e := range tr.list(t, path+".edges") {
		out = append(out, fmt.Sprint(e.(map[string]any)["node"].(map[string]any)[field]))
	}
	return out
}

// id converts a GraphQL ID to the ent id.
func id(t testing.TB, s string) int {
	t.Helper()
	n, err := strconv.Atoi(s)
	if err != nil {
		t.Fatalf("ID %q is not numeric", s)
	}
	return n
}

// internals are fragments that betray implementation details: SQL, driver
// and Go type names, stack traces.
var internals = regexp.MustCompile(`(?i)sql|constraint|violates|pq:|sqlite|ent:|\*ent\.|strconv|goroutine|runtime error|panic|\.go:\d+|interface \{\}|UNIQUE|foreign key`)

// expectError runs an operation that must fail with code (and, when field is
// not empty, extensions.field); the message must not leak internals.
func expectError(t testing.TB, in *apptest.Instance, token, query string, vars map[string]any, code, field string) apptest.GQLError {
	t.Helper()
	r := in.GraphQL(t, token, query, vars)
	if len(r.Errors) == 0 {
		t.Fatalf("expected %s, got data %s\nquery: %s", code, r.Data, strings.TrimSpace(query))
	}
	e := r.Errors[0]
	if e.Code() != code {
		t.Fatalf("expected %s, got %s: %q (field %q)\nquery: %s", code, e.Code(), e.Message, e.Field(), strings.TrimSpace(query))
	}
	if field != "" && e.Field() != field {
		t.Errorf("expected extensions.field %q, got %q (message %q)", field, e.Field(), e.Message)
	}
	noInternals(t, e)
	return e
}

func noInternals(t testing.TB, e apptest.GQLError) {
	t.Helper()
	if m := internals.FindString(e.Message); m != "" {
		t.Errorf("error message leaks internals (%q): %q", m, e.Message)
	}
}

// accessToken creates an access token with the session token and returns
// its value.
func accessToken(t testing.TB, in *apptest.Instance, session, permission string, scopes ...string) string {
	t.Helper()
	if len(scopes) == 0 {
		scopes = []string{"ACCOUNT_MANAGEMENT"}
	}
	d := do(t, in, session, `mutation($in: CreateAccessTokenInput!) {
		createAccessToken(input: $in) { value accessToken { id } }
	}`, map[string]any{"in": map[string]any{"name": "script " + permission, "scopes": scopes, "permission": permission}})
	return d.str(t, "createAccessToken.value")
}
