package graph_test

import (
	"os"
	"strings"
	"testing"

	"github.com/portico-apim/portico/server/apptest"
)

func petstore(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile("../server/openapi/testdata/petstore-3.1.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

const importDoc = `mutation($in: ImportOpenApiInput!) { importOpenApi(input: $in) {
	dryRun version title product { id name } activeDoc { id name systemName published body product { id } }
	items { kind action name detail } } }`

// TestImportOpenAPIThroughGraphQL previews an import, imports, and finds the
// methods, mapping rules and ActiveDoc through the API.
func TestImportOpenAPIThroughGraphQL(t *testing.T) {
	t.Parallel()
	in := apptest.Start(t)
	product := do(t, in, in.Admin, `{ products(first: 1) { edges { node { id } } } }`, nil).str(t, "products.edges.0.node.id")
	body := petstore(t)

	countOf := func() [3]float64 {
		r := do(t, in, in.Admin, `query($p: ID!) { node(id: $p) { ... on Product { metrics { totalCount } mappingRules { totalCount } activeDocs { totalCount } } } }`,
			map[string]any{"p": product})
		return [3]float64{r.get(t, "node.metrics.totalCount").(float64), r.get(t, "node.mappingRules.totalCount").(float64), r.get(t, "node.activeDocs.totalCount").(float64)}
	}

	before := countOf()
	dry := do(t, in, in.Admin, importDoc, map[string]any{"in": map[string]any{"productID": product, "body": body, "dryRun": true}})
	if dry.get(t, "importOpenApi.dryRun") != true || dry.str(t, "importOpenApi.version") != "3.1.0" || dry.get(t, "importOpenApi.activeDoc") != nil {
		t.Fatalf("dry run: %v", dry)
	}
	if n := len(dry.list(t, "importOpenApi.items")); n != 9 {
		t.Fatalf("dry run items: %d %v", n, dry.list(t, "importOpenApi.items"))
	}
	if after := countOf(); after != before {
		t.Fatalf("dry run changed counts: %v → %v", before, after)
	}

	res := do(t, in, in.Admin, importDoc, map[string]any{"in": map[string]any{"productID": product, "body": body, "publish": true}})
	if res.str(t, "importOpenApi.activeDoc.name") != "Pet Store" || res.get(t, "importOpenApi.activeDoc.published") != true ||
		res.str(t, "importOpenApi.activeDoc.product.id") != product {
		t.Fatalf("import: %v", res)
	}
	after := countOf()
	if after[0] != before[0]+4 || after[1] != before[1]+4 || after[2] != before[2]+1 {
		t.Fatalf("counts %v → %v", before, after)
	}
	rules := do(t, in, in.Admin, `query($p: ID!) { node(id: $p) { ... on Product { mappingRules(first: 10, orderBy: [{field: POSITION}]) {
		edges { node { httpMethod pattern delta metric { systemName } } } } } } }`, map[string]any{"p": product})
	var got []string
	for _, e := range rules.list(t, "node.mappingRules.edges") {
		n := e.(map[string]any)["node"].(map[string]any)
		got = append(got, n["httpMethod"].(string)+" "+n["pattern"].(string)+" "+n["metric"].(map[string]any)["systemName"].(string))
	}
	if !strings.Contains(strings.Join(got, ","), "GET /v1/pets/{petId}$ showPetById") {
		t.Fatalf("rules %v", got)
	}

	// An invalid document is refused naming the problem.
	e := in.ExpectError(t, in.Admin, importDoc, map[string]any{"in": map[string]any{"productID": product,
		"body": "openapi: 3.1.0\ninfo:\n  version: '1'\npaths: {}\n"}}, "VALIDATION")
	if e.Field() != "input.body" || !strings.Contains(e.Message, "line 2") || !strings.Contains(e.Message, "title") {
		t.Fatalf("invalid document error: %+v", e)
	}
}

// TestActiveDocsThroughGraphQL creates, edits, publishes, hides and deletes
// an ActiveDoc, and checks that another tenant can neither see nor change it.
func TestActiveDocsThroughGraphQL(t *testing.T) {
	t.Parallel()
	in := apptest.Start(t)
	body := petstore(t)
	created := do(t, in, in.Admin, `mutation($b: String!) { createActiveDoc(input: {name: "Pets", systemName: "", body: $b}) {
		id systemName published skipSwaggerValidations } }`, map[string]any{"b": body})
	docID := created.str(t, "createActiveDoc.id")
	if created.str(t, "createActiveDoc.systemName") != "Pets" || created.get(t, "createActiveDoc.published") != false {
		t.Fatalf("created %v", created)
	}
	e := in.ExpectError(t, in.Admin, `mutation { createActiveDoc(input: {name: "Bad", systemName: "bad", body: "{\"openapi\": \"3.0.0\"}"}) { id } }`, nil, "VALIDATION")
	if e.Field() != "input.body" {
		t.Fatalf("invalid body: %+v", e)
	}
	vars := map[string]any{"id": docID}
	if p := do(t, in, in.Admin, `mutation($id: ID!) { publishActiveDoc(id: $id) { published } }`, vars); p.get(t, "publishActiveDoc.published") != true {
		t.Fatalf("publish %v", p)
	}
	if h := do(t, in, in.Admin, `mutation($id: ID!) { hideActiveDoc(id: $id) { published } }`, vars); h.get(t, "hideActiveDoc.published") != false {
		t.Fatalf("hide %v", h)
	}
	u := do(t, in, in.Admin, `mutation($id: ID!) { updateActiveDoc(id: $id, input: {description: "All pets"}) { description } }`, vars)
	if u.str(t, "updateActiveDoc.description") != "All pets" {
		t.Fatalf("update %v", u)
	}

	other := in.NewTenant(t, "other.example.com")
	if l := do(t, in, other, `{ activeDocs { totalCount } }`, nil); l.get(t, "activeDocs.totalCount") != float64(0) {
		t.Fatalf("other tenant lists %v", l)
	}
	in.ExpectError(t, other, `query($id: ID!) { node(id: $id) { id } }`, vars, "NOT_FOUND")
	for _, m := range []string{
		`mutation($id: ID!) { updateActiveDoc(id: $id, input: {name: "mine"}) { id } }`,
		`mutation($id: ID!) { publishActiveDoc(id: $id) { id } }`,
		`mutation($id: ID!) { deleteActiveDoc(id: $id) { deletedID } }`,
	} {
		in.ExpectError(t, other, m, vars, "NOT_FOUND")
	}
	product := do(t, in, in.Admin, `{ products(first: 1) { edges { node { id } } } }`, nil).str(t, "products.edges.0.node.id")
	in.ExpectError(t, other, importDoc, map[string]any{"in": map[string]any{"productID": product, "body": body}}, "NOT_FOUND")
	if l := do(t, in, in.Admin, `{ activeDocs { totalCount edges { node { description published } } } }`, nil); l.get(t, "activeDocs.totalCount") != float64(1) ||
		l.str(t, "activeDocs.edges.0.node.description") != "All pets" {
		t.Fatalf("owner after the other tenant's attempts: %v", l)
	}

	if d := do(t, in, in.Admin, `mutation($id: ID!) { deleteActiveDoc(id: $id) { deletedID } }`, vars); d.str(t, "deleteActiveDoc.deletedID") != docID {
		t.Fatalf("delete %v", d)
	}
}
