package openapi_test

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/portico-apim/portico/ent"
	"github.com/portico-apim/portico/ent/backendusage"
	"github.com/portico-apim/portico/ent/mappingrule"
	"github.com/portico-apim/portico/ent/metric"
	"github.com/portico-apim/portico/schema/viewer"
	"github.com/portico-apim/portico/server/apptest"
	"github.com/portico-apim/portico/server/catalog"
	"github.com/portico-apim/portico/server/openapi"
	"github.com/portico-apim/portico/server/problem"
	"github.com/portico-apim/portico/server/secret"
	"github.com/portico-apim/portico/server/store"
)

// setup opens a fresh database (PostgreSQL when PORTICO_TEST_DATABASE_URL
// is set) with one tenant and one product, and returns the tenant's context.
func setup(t *testing.T) (*openapi.Service, *ent.Client, context.Context, *ent.Product) {
	t.Helper()
	st, err := store.New(store.Config{DatabaseURL: apptest.DatabaseURL(t), DataDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	ctx := context.Background()
	if err := st.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	tn, err := st.Client.Tenant.Create().SetOrgName("T").SetAdminDomain("t.example.com").SetProviderKey(secret.Token()).
		Save(viewer.SystemContext(ctx))
	if err != nil {
		t.Fatal(err)
	}
	tctx := viewer.TenantSystemContext(ctx, tn.ID)
	cat := catalog.New(st.Client)
	p, err := cat.CreateProduct(tctx, ent.CreateProductInput{Name: "API", SystemName: "api"})
	if err != nil {
		t.Fatal(err)
	}
	svc, err := openapi.New(openapi.Config{Client: st.Client, Catalog: cat})
	if err != nil {
		t.Fatal(err)
	}
	return svc, st.Client, tctx, p
}

func read(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// counts is the number of rows an import may add.
type counts struct{ products, backends, metrics, rules, docs, events int }

func count(t *testing.T, c *ent.Client, ctx context.Context) counts {
	t.Helper()
	sys := viewer.SystemContext(ctx)
	var n counts
	var err error
	must := func(v int, e error) int {
		if e != nil && err == nil {
			err = e
		}
		return v
	}
	n.products = must(c.Product.Query().Count(ctx))
	n.backends = must(c.Backend.Query().Count(ctx))
	n.metrics = must(c.Metric.Query().Count(ctx))
	n.rules = must(c.MappingRule.Query().Count(ctx))
	n.docs = must(c.ActiveDoc.Query().Count(ctx))
	n.events = must(c.DomainEvent.Query().Count(sys))
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestImportOpenAPI31(t *testing.T) {
	svc, c, ctx, p := setup(t)
	body := read(t, "petstore-3.1.yaml")
	res, err := svc.Import(ctx, openapi.ImportInput{ProductID: &p.ID, Body: body, Publish: true})
	if err != nil {
		t.Fatal(err)
	}
	if res.Product.ID != p.ID || res.ActiveDoc == nil || res.Document.Version != "3.1.0" {
		t.Fatalf("result: %+v", res)
	}

	hits, err := c.Metric.Query().Where(metric.ProductID(p.ID), metric.SystemName("hits")).Only(ctx)
	if err != nil {
		t.Fatal(err)
	}
	methods, err := c.Metric.Query().Where(metric.ProductID(p.ID), metric.ParentID(hits.ID)).Order(ent.Asc(metric.FieldSystemName)).All(ctx)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, m := range methods {
		got[m.SystemName] = m.FriendlyName
	}
	want := map[string]string{
		"listPets": "List all pets", "createPet": "Create a pet", "showPetById": "Info for a specific pet",
		"delete_pets_petId": "Delete a pet",
	}
	if len(got) != len(want) {
		t.Fatalf("methods: %v", got)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("method %s: friendly name %q, want %q (all: %v)", k, got[k], v, got)
		}
	}

	rules, err := c.MappingRule.Query().Where(mappingrule.ProductID(p.ID)).WithMetric().Order(ent.Asc(mappingrule.FieldPosition)).All(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, r := range rules {
		if r.Delta != 1 {
			t.Errorf("rule %s %s: delta %d", r.HTTPMethod, r.Pattern, r.Delta)
		}
		lines = append(lines, string(r.HTTPMethod)+" "+r.Pattern+" → "+r.Edges.Metric.SystemName)
	}
	wantRules := []string{
		"GET /v1/pets$ → listPets", "POST /v1/pets$ → createPet",
		"GET /v1/pets/{petId}$ → showPetById", "DELETE /v1/pets/{petId}$ → delete_pets_petId",
	}
	if strings.Join(lines, "\n") != strings.Join(wantRules, "\n") {
		t.Fatalf("rules:\n%s\nwant:\n%s", strings.Join(lines, "\n"), strings.Join(wantRules, "\n"))
	}

	doc := res.ActiveDoc
	if doc.Body != body || !doc.Published || doc.Name != "Pet Store" || doc.ProductID == nil || *doc.ProductID != p.ID {
		t.Fatalf("active doc: %+v", doc)
	}

	// A second import reuses everything and updates the document.
	before := count(t, c, ctx)
	again, err := svc.Import(ctx, openapi.ImportInput{ProductID: &p.ID, Body: body})
	if err != nil {
		t.Fatal(err)
	}
	after := count(t, c, ctx)
	if after.metrics != before.metrics || after.rules != before.rules || after.docs != before.docs {
		t.Fatalf("re-import added rows: before %+v after %+v", before, after)
	}
	for _, it := range again.Items {
		if it.Kind == openapi.KindActiveDoc && it.Action != openapi.ActionUpdate ||
			it.Kind != openapi.KindActiveDoc && it.Action != openapi.ActionReuse {
			t.Errorf("re-import item %+v", it)
		}
	}
}

func TestImportOtherVersions(t *testing.T) {
	for _, tc := range []struct {
		file, version string
		rules         []string
		backend       string
	}{
		{"petstore-3.0.json", "3.0.3", []string{"GET /store/pets$", "PUT /store/pets/{id}$"}, "https://api.example.com"},
		{"petstore-2.0.yaml", "2.0", []string{"GET /api/pets$", "PATCH /api/pets/{id}$"}, "http://legacy.example.com"},
	} {
		t.Run(tc.version, func(t *testing.T) {
			svc, c, ctx, _ := setup(t)
			// No product given: one is created from info.title, with a backend.
			res, err := svc.Import(ctx, openapi.ImportInput{Body: read(t, tc.file)})
			if err != nil {
				t.Fatal(err)
			}
			if res.Document.Version != tc.version || res.Product == nil || res.Product.Name != res.Document.Title {
				t.Fatalf("result %+v", res)
			}
			rules, err := c.MappingRule.Query().Where(mappingrule.ProductID(res.Product.ID)).Order(ent.Asc(mappingrule.FieldPosition)).All(ctx)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, r := range rules {
				got = append(got, string(r.HTTPMethod)+" "+r.Pattern)
			}
			if strings.Join(got, ",") != strings.Join(tc.rules, ",") {
				t.Fatalf("rules %v, want %v", got, tc.rules)
			}
			usages, err := c.BackendUsage.Query().Where(backendusage.ProductID(res.Product.ID)).WithBackend().All(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if len(usages) != 1 || usages[0].Edges.Backend.PrivateEndpoint != tc.backend {
				t.Fatalf("backend usages %+v", usages)
			}
		})
	}
}

func TestImportDryRunChangesNothing(t *testing.T) {
	svc, c, ctx, p := setup(t)
	body := read(t, "petstore-3.1.yaml")
	for _, in := range []openapi.ImportInput{{ProductID: &p.ID, Body: body, DryRun: true}, {Body: body, DryRun: true}} {
		before := count(t, c, ctx)
		res, err := svc.Import(ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		if after := count(t, c, ctx); after != before {
			t.Fatalf("dry run changed counts: before %+v after %+v", before, after)
		}
		kinds := map[openapi.ItemKind]int{}
		for _, it := range res.Items {
			if it.Action != openapi.ActionCreate {
				t.Errorf("dry run on an empty product: %+v", it)
			}
			kinds[it.Kind]++
		}
		if kinds[openapi.KindMethod] != 4 || kinds[openapi.KindMappingRule] != 4 || kinds[openapi.KindActiveDoc] != 1 {
			t.Fatalf("dry run items: %+v", res.Items)
		}
		if in.ProductID == nil && (kinds[openapi.KindProduct] != 1 || kinds[openapi.KindBackend] != 1 || res.Product != nil) {
			t.Fatalf("dry run without product: %+v", res)
		}
	}
	// After a real import, the dry run reports reuse.
	if _, err := svc.Import(ctx, openapi.ImportInput{ProductID: &p.ID, Body: body}); err != nil {
		t.Fatal(err)
	}
	res, err := svc.Import(ctx, openapi.ImportInput{ProductID: &p.ID, Body: body, DryRun: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range res.Items {
		if it.Action == openapi.ActionCreate {
			t.Errorf("dry run after import would create %+v", it)
		}
	}
}

func TestImportRefusesInvalidDocuments(t *testing.T) {
	svc, c, ctx, p := setup(t)
	before := count(t, c, ctx)
	for _, tc := range []struct{ name, body, want string }{
		{"empty", "  ", "is empty"},
		{"not yaml", "openapi: [3.1", "is not an OpenAPI document"},
		{"no version key", "info: {title: x}\npaths: {}\n", "is not an OpenAPI document"},
		{"unsupported version", "openapi: 4.0.0\ninfo: {title: x, version: '1'}\npaths: {}\n", `"4.0.0"`},
		{"missing title", "openapi: 3.1.0\ninfo:\n  version: '1'\npaths: {}\n", "line 2: $.info: missing property 'title'"},
		{"bad responses", "openapi: 3.0.3\ninfo: {title: a, version: '1'}\npaths:\n  /a:\n    get:\n      responses: 5\n", "line 6: $.paths['~1a'].get.responses"},
		{"swagger without info", "swagger: '2.0'\npaths: {}\n", "missing property 'info'"},
		{"alias bomb", aliasBomb(8), "expands to more than"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := svc.Import(ctx, openapi.ImportInput{ProductID: &p.ID, Body: tc.body})
			pe := problem.Classify(err)
			if pe.Kind != problem.KindInvalid || pe.Field != "body" || !strings.Contains(pe.Message, tc.want) {
				t.Fatalf("error %v (kind %s field %q), want invalid body containing %q", err, pe.Kind, pe.Field, tc.want)
			}
		})
	}
	if after := count(t, c, ctx); after != before {
		t.Fatalf("refused imports changed counts: before %+v after %+v", before, after)
	}
}

func TestImportIsAllOrNothing(t *testing.T) {
	svc, c, ctx, p := setup(t)
	// A friendly name only settles at creation: a rule whose method cannot be
	// created must leave nothing behind. Two operations share an operationId
	// and so one method; a third path is not a valid mapping-rule pattern.
	body := "openapi: 3.0.3\ninfo: {title: a, version: '1'}\npaths:\n" +
		"  /ok:\n    get:\n      operationId: ok\n      responses: {'200': {description: ok}}\n" +
		"  /bad path:\n    get:\n      operationId: bad\n      responses: {'200': {description: ok}}\n"
	before := count(t, c, ctx)
	_, err := svc.Import(ctx, openapi.ImportInput{ProductID: &p.ID, Body: body})
	if pe := problem.Classify(err); pe.Kind != problem.KindInvalid || !strings.Contains(pe.Message, `"/bad path"`) {
		t.Fatalf("error %v", err)
	}
	if after := count(t, c, ctx); after != before {
		t.Fatalf("failed import changed counts: before %+v after %+v", before, after)
	}
}

func TestActiveDocValidation(t *testing.T) {
	svc, _, ctx, p := setup(t)
	valid := read(t, "petstore-3.0.json")
	d, err := svc.CreateActiveDoc(ctx, ent.CreateActiveDocInput{Name: "Pets API", Body: valid, ProductID: &p.ID})
	if err != nil {
		t.Fatal(err)
	}
	if d.SystemName != "Pets_API" || d.Published {
		t.Fatalf("created %+v", d)
	}
	_, err = svc.CreateActiveDoc(ctx, ent.CreateActiveDocInput{Name: "Broken", Body: `{"openapi":"3.1.0"}`})
	if pe := problem.Classify(err); pe.Kind != problem.KindInvalid || pe.Field != "body" {
		t.Fatalf("invalid body: %v", err)
	}
	skip := true
	raw, err := svc.CreateActiveDoc(ctx, ent.CreateActiveDocInput{Name: "Raw", Body: "not a spec", SkipSwaggerValidations: &skip})
	if err != nil {
		t.Fatalf("skip validations: %v", err)
	}
	// Turning validations back on checks the stored body.
	off := false
	if _, err := svc.UpdateActiveDoc(ctx, raw.ID, ent.UpdateActiveDocInput{SkipSwaggerValidations: &off}); problem.Classify(err).Kind != problem.KindInvalid {
		t.Fatalf("validations on with an invalid body: %v", err)
	}
	bad := "swagger: '2.0'"
	if _, err := svc.UpdateActiveDoc(ctx, d.ID, ent.UpdateActiveDocInput{Body: &bad}); problem.Classify(err).Kind != problem.KindInvalid {
		t.Fatalf("update with an invalid body: %v", err)
	}
	if _, err := svc.CreateActiveDoc(ctx, ent.CreateActiveDocInput{Name: "Pets API", Body: valid}); problem.Classify(err).Kind != problem.KindConflict &&
		problem.Classify(err).Kind != problem.KindInvalid {
		t.Fatalf("duplicate system name: %v", err)
	}
	missing := p.ID + 1000
	if _, err := svc.CreateActiveDoc(ctx, ent.CreateActiveDocInput{Name: "Other", Body: valid, ProductID: &missing}); problem.Classify(err).Kind != problem.KindInvalid {
		t.Fatalf("unknown product: %v", err)
	}
	pub, err := svc.SetPublished(ctx, d.ID, true)
	if err != nil || !pub.Published {
		t.Fatalf("publish: %+v %v", pub, err)
	}
	hidden, err := svc.SetPublished(ctx, d.ID, false)
	if err != nil || hidden.Published {
		t.Fatalf("hide: %+v %v", hidden, err)
	}
	if err := svc.DeleteActiveDoc(ctx, d.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.ActiveDoc(ctx, d.ID); problem.Classify(err).Kind != problem.KindNotFound {
		t.Fatalf("deleted doc: %v", err)
	}
}

func TestActiveDocTenancy(t *testing.T) {
	svc, c, ctx, p := setup(t)
	d, err := svc.CreateActiveDoc(ctx, ent.CreateActiveDocInput{Name: "Mine", Body: read(t, "petstore-3.0.json"), ProductID: &p.ID})
	if err != nil {
		t.Fatal(err)
	}
	other, err := c.Tenant.Create().SetOrgName("O").SetAdminDomain("o.example.com").SetProviderKey(secret.Token()).Save(apptest.SystemContext())
	if err != nil {
		t.Fatal(err)
	}
	octx := viewer.TenantSystemContext(context.Background(), other.ID)
	if _, err := svc.ActiveDoc(octx, d.ID); problem.Classify(err).Kind != problem.KindNotFound {
		t.Fatalf("other tenant reads: %v", err)
	}
	if list, err := svc.ActiveDocs(octx); err != nil || len(list) != 0 {
		t.Fatalf("other tenant lists: %v %v", list, err)
	}
	name := "stolen"
	if _, err := svc.UpdateActiveDoc(octx, d.ID, ent.UpdateActiveDocInput{Name: &name}); problem.Classify(err).Kind != problem.KindNotFound {
		t.Fatalf("other tenant updates: %v", err)
	}
	if err := svc.DeleteActiveDoc(octx, d.ID); problem.Classify(err).Kind != problem.KindNotFound {
		t.Fatalf("other tenant deletes: %v", err)
	}
	// Nor can it import into, or attach its documents to, this tenant's product.
	if _, err := svc.Import(octx, openapi.ImportInput{ProductID: &p.ID, Body: read(t, "petstore-3.0.json")}); problem.Classify(err).Kind != problem.KindNotFound {
		t.Fatalf("other tenant imports: %v", err)
	}
	if _, err := svc.CreateActiveDoc(octx, ent.CreateActiveDocInput{Name: "x", Body: read(t, "petstore-3.0.json"), ProductID: &p.ID}); problem.Classify(err).Kind != problem.KindInvalid {
		t.Fatalf("other tenant attaches: %v", err)
	}
	if got, err := svc.ActiveDoc(ctx, d.ID); err != nil || got.Name != "Mine" {
		t.Fatalf("owner reads: %+v %v", got, err)
	}
}

// aliasBomb is a small YAML text whose aliases expand to 9^levels nodes.
func aliasBomb(levels int) string {
	var b strings.Builder
	b.WriteString("openapi: 3.0.0\ninfo: {title: x, version: '1'}\npaths: {}\nx-a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n")
	for i := 1; i < levels; i++ {
		p := fmt.Sprintf("*a%d", i-1)
		fmt.Fprintf(&b, "x-a%d: &a%d [%s]\n", i, i, strings.Repeat(p+", ", 8)+p)
	}
	return b.String()
}
