package graph

import (
	"bufio"
	"encoding/json"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/formatter"
	"github.com/vektah/gqlparser/v2/parser"
	"github.com/vektah/gqlparser/v2/validator"

	"github.com/portico-apim/portico/graph/generated"
)

// spaPageSize is the largest page the admin portal's lists ask for
// (perPageOptions in frontend/src/graphql/useCursorPage.ts).
const spaPageSize = 100

// spaDocument matches one entry of the map of every GraphQL document in the
// admin portal, which its code generator writes into gql.ts.
var spaDocument = regexp.MustCompile(`^\s*("(?:[^"\\]|\\.)*"): types\.\w+,$`)

// spaOperations returns each operation the admin portal sends, with the
// fragments it spreads, printed as its GraphQL client prints it.
func spaOperations(t *testing.T) map[string]string {
	t.Helper()
	f, err := os.Open("../frontend/src/gql/gql.ts")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var ops ast.OperationList
	var frags ast.FragmentDefinitionList
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		m := spaDocument.FindStringSubmatch(sc.Text())
		if m == nil {
			continue
		}
		var src string
		if err := json.Unmarshal([]byte(m[1]), &src); err != nil {
			t.Fatalf("document %s: %v", m[1], err)
		}
		doc, err := parser.ParseQuery(&ast.Source{Input: src})
		if err != nil {
			t.Fatalf("document %q: %v", src, err)
		}
		ops = append(ops, doc.Operations...)
		frags = append(frags, doc.Fragments...)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if len(ops) < 50 {
		t.Fatalf("found %d operations in gql.ts; has its layout changed?", len(ops))
	}
	out := map[string]string{}
	for _, op := range ops {
		doc := &ast.QueryDocument{Operations: ast.OperationList{op}}
		seen := map[string]bool{}
		var spread func(ast.SelectionSet)
		spread = func(set ast.SelectionSet) {
			for _, sel := range set {
				switch s := sel.(type) {
				case *ast.Field:
					spread(s.SelectionSet)
				case *ast.InlineFragment:
					spread(s.SelectionSet)
				case *ast.FragmentSpread:
					if seen[s.Name] {
						continue
					}
					seen[s.Name] = true
					def := frags.ForName(s.Name)
					if def == nil {
						t.Fatalf("%s spreads the unknown fragment %s", op.Name, s.Name)
					}
					doc.Fragments = append(doc.Fragments, def)
					spread(def.SelectionSet)
				}
			}
		}
		spread(op.SelectionSet)
		var b strings.Builder
		formatter.NewFormatter(&b).FormatQueryDocument(doc)
		out[op.Name] = b.String()
	}
	return out
}

// TestSPADocumentsFitTheBudgets checks every operation of the admin portal
// against the limits, at its largest page size: within the authenticated
// budget, and within the anonymous one when it is sent before logging in.
func TestSPADocumentsFitTheBudgets(t *testing.T) {
	schema := generated.NewExecutableSchema(generated.Config{Resolvers: &Resolver{}}).Schema()
	l := DefaultLimits()
	l.schema = schema
	for name, query := range spaOperations(t) {
		t.Run(name, func(t *testing.T) {
			s := measureQuery(query, l.Authenticated)
			parsed := mustParse(t, query)
			if errs := validator.ValidateWithRules(schema, parsed, nil); len(errs) > 0 {
				t.Fatalf("does not validate against the schema: %v", errs)
			}
			op := parsed.Operations[0]
			vars := map[string]any{}
			for _, v := range op.VariableDefinitions {
				if v.Type.Name() == "Int" && (v.Variable == "first" || v.Variable == "last") {
					vars[v.Variable] = spaPageSize
				}
			}
			w := &walker{l: l, oc: &graphql.OperationContext{Doc: parsed, Operation: op, Variables: vars}, schema: schema}
			root := schema.Query
			if op.Operation == ast.Mutation {
				root = schema.Mutation
			}
			cost, gerr := w.selection(op.SelectionSet, root, 1)
			if gerr != nil {
				t.Fatalf("refused: %v", gerr)
			}
			s.cost = cost
			if o := s.exceeded(l.Authenticated); o != nil {
				t.Errorf("over the authenticated budget: %s", o.message)
			}
			if open(op) {
				if o := s.exceeded(l.Anonymous); o != nil {
					t.Errorf("sent before logging in, but over the anonymous budget: %s", o.message)
				}
			}
			t.Logf("%d bytes, %d tokens, %d fields, cost %d", s.bytes, s.tokens, s.fields, s.cost)
		})
	}
}

// open reports whether an operation selects only root fields callable
// without credentials.
func open(op *ast.OperationDefinition) bool {
	for _, sel := range op.SelectionSet {
		f, ok := sel.(*ast.Field)
		if !ok || !openFields[f.Name] {
			return false
		}
	}
	return true
}

func mustParse(t *testing.T, query string) *ast.QueryDocument {
	t.Helper()
	doc, err := parser.ParseQuery(&ast.Source{Input: query})
	if err != nil {
		t.Fatalf("%v\n%s", err, query)
	}
	return doc
}
