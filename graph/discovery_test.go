package graph_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/portico-apim/portico/server/apptest"
)

// Services as the Kubernetes API (v1) returns them. No cluster runs where
// the tests do, so fakeKubernetes answers the two calls service discovery
// makes (list with a label selector, get one) with these bodies.
const (
	petsService = `{"metadata":{"name":"pets","namespace":"shop","uid":"5b7e3c1e-2f0a-4c1a-9a53-0c1d2e3f4a5b","resourceVersion":"1201",
"creationTimestamp":"2026-11-30T09:12:44Z","labels":{"app":"pets","discovery.3scale.net":"true"},
"annotations":{"discovery.3scale.net/scheme":"http","discovery.3scale.net/port":"8080","discovery.3scale.net/path":"/api",
"discovery.3scale.net/description-path":"/openapi.yaml","kubectl.kubernetes.io/last-applied-configuration":"{}"}},
"spec":{"ports":[{"name":"http","protocol":"TCP","port":8080,"targetPort":8080}],"selector":{"app":"pets"},"clusterIP":"10.96.14.7",
"clusterIPs":["10.96.14.7"],"type":"ClusterIP","sessionAffinity":"None","ipFamilies":["IPv4"],"ipFamilyPolicy":"SingleStack",
"internalTrafficPolicy":"Cluster"},"status":{"loadBalancer":{}}}`
	ordersService = `{"metadata":{"name":"orders","namespace":"shop","uid":"8d1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5c","resourceVersion":"1202",
"creationTimestamp":"2026-11-30T09:13:02Z","labels":{"app":"orders","discovery.3scale.net":"true"}},
"spec":{"ports":[{"name":"http","protocol":"TCP","port":9000,"targetPort":9000}],"selector":{"app":"orders"},"clusterIP":"10.96.14.8",
"clusterIPs":["10.96.14.8"],"type":"ClusterIP","sessionAffinity":"None","ipFamilies":["IPv4"],"ipFamilyPolicy":"SingleStack",
"internalTrafficPolicy":"Cluster"},"status":{"loadBalancer":{}}}`
	brokenService = `{"metadata":{"name":"broken","namespace":"shop","uid":"9e2a3b4c-5d6e-4f70-8192-a3b4c5d6e7f8","resourceVersion":"1203",
"creationTimestamp":"2026-11-30T09:14:10Z","labels":{"discovery.3scale.net":"true"},
"annotations":{"discovery.3scale.net/description-path":"/missing.json"}},
"spec":{"ports":[{"protocol":"TCP","port":80,"targetPort":8080}],"clusterIP":"10.96.14.9","type":"ClusterIP"},"status":{"loadBalancer":{}}}`
	internalService = `{"metadata":{"name":"internal","namespace":"shop","uid":"a0b1c2d3-e4f5-4061-8273-a4b5c6d7e8f9","resourceVersion":"1204",
"creationTimestamp":"2026-11-30T09:15:00Z","labels":{"app":"internal"}},
"spec":{"ports":[{"protocol":"TCP","port":80,"targetPort":8080}],"clusterIP":"10.96.14.10","type":"ClusterIP"},"status":{"loadBalancer":{}}}`
)

// fakeKubernetes is a loopback server answering the Kubernetes API's list
// and get of services with real v1 bodies, honouring the label selector
// as the API server does, and serving the services' OpenAPI documents
// (the discovery's Dial hook points the fetches here).
type fakeKubernetes struct {
	*httptest.Server
	mu        sync.Mutex
	selectors []string
}

func newFakeKubernetes(t *testing.T, openAPI string) *fakeKubernetes {
	t.Helper()
	services := map[string]string{"pets": petsService, "orders": ordersService, "broken": brokenService, "internal": internalService}
	order := []string{"pets", "orders", "broken", "internal"}
	f := &fakeKubernetes{}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/v1/services", func(w http.ResponseWriter, r *http.Request) {
		sel := r.URL.Query().Get("labelSelector")
		f.mu.Lock()
		f.selectors = append(f.selectors, sel)
		f.mu.Unlock()
		var items []string
		for _, name := range order {
			if sel == "discovery.3scale.net=true" && name == "internal" {
				continue // the only service without the label
			}
			items = append(items, services[name])
		}
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"kind":"ServiceList","apiVersion":"v1","metadata":{"resourceVersion":"1300"},"items":[%s]}`, strings.Join(items, ","))
	})
	mux.HandleFunc("GET /api/v1/namespaces/{ns}/services/{name}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		body, ok := services[r.PathValue("name")]
		if r.PathValue("ns") != "shop" || !ok {
			w.WriteHeader(http.StatusNotFound)
			fmt.Fprintf(w, `{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"services \"%s\" not found","reason":"NotFound","details":{"name":"%s","kind":"services"},"code":404}`,
				r.PathValue("name"), r.PathValue("name"))
			return
		}
		fmt.Fprintf(w, `{"kind":"Service","apiVersion":"v1",%s`, strings.TrimPrefix(body, "{"))
	})
	mux.HandleFunc("GET /openapi.yaml", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/yaml")
		_, _ = w.Write([]byte(openAPI))
	})
	f.Server = httptest.NewServer(mux)
	t.Cleanup(f.Close)
	return f
}

// kubeconfig writes a kubeconfig file for the fake cluster.
func (f *fakeKubernetes) kubeconfig(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "kubeconfig")
	doc := fmt.Sprintf(`apiVersion: v1
kind: Config
clusters:
- name: fake
  cluster:
    server: %s
users:
- name: portico
  user:
    token: discovery-token
contexts:
- name: fake
  context:
    cluster: fake
    user: portico
current-context: fake
`, f.URL)
	if err := os.WriteFile(path, []byte(doc), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

const discoveryQuery = `{ serviceDiscovery { enabled source services { namespace name scheme port path descriptionPath annotations endpoint imported importedProduct { id } } } }`

const importService = `mutation($in: ImportDiscoveredServiceInput!) { importDiscoveredService(input: $in) {
	service { name endpoint imported }
	product { id name }
	backend { id privateEndpoint }
	openApi { items { kind action name } activeDoc { id name } }
} }`

// TestServiceDiscovery lists and imports Kubernetes services through
// GraphQL against a loopback Kubernetes API, and checks what is refused.
func TestServiceDiscovery(t *testing.T) {
	t.Parallel()

	// Without a cluster, discovery is off and says how to turn it on.
	off := apptest.Start(t)
	d := do(t, off, off.Admin, `{ serviceDiscovery { enabled source } }`, nil)
	if d.get(t, "serviceDiscovery.enabled") != false || !strings.Contains(d.str(t, "serviceDiscovery.source"), "PORTICO_DISCOVERY_KUBECONFIG") {
		t.Fatalf("off: %v", d)
	}
	off.ExpectError(t, off.Admin, discoveryQuery, nil, "UNAVAILABLE")

	spec, err := os.ReadFile("../server/openapi/testdata/petstore-3.1.yaml")
	if err != nil {
		t.Fatal(err)
	}
	cluster := newFakeKubernetes(t, string(spec))
	cfg := apptest.Config(t)
	cfg.DiscoveryKubeconfig = cluster.kubeconfig(t)
	u, _ := url.Parse(cluster.URL)
	// Cluster DNS names do not resolve here: OpenAPI documents are fetched
	// from the fake instead of name.namespace.svc.cluster.local:port.
	cfg.DiscoveryDial = func(namespace, name string, port int) string { return u.Host }
	in := apptest.StartWith(t, cfg)

	list := do(t, in, in.Admin, discoveryQuery, nil)
	if list.get(t, "serviceDiscovery.enabled") != true || !strings.Contains(list.str(t, "serviceDiscovery.source"), "kubeconfig") {
		t.Fatalf("on: %v", list)
	}
	services := list.list(t, "serviceDiscovery.services")
	var names []string
	for _, s := range services {
		names = append(names, s.(map[string]any)["name"].(string))
	}
	if strings.Join(names, ",") != "broken,orders,pets" {
		t.Fatalf("listed %v, want the three labelled services by name", names)
	}
	cluster.mu.Lock()
	if len(cluster.selectors) == 0 || cluster.selectors[0] != "discovery.3scale.net=true" {
		t.Errorf("list calls carried label selectors %q", cluster.selectors)
	}
	cluster.mu.Unlock()
	pets := services[2].(map[string]any)
	if pets["endpoint"] != "http://pets.shop.svc.cluster.local:8080/api" || pets["port"] != float64(8080) || pets["descriptionPath"] != "/openapi.yaml" ||
		pets["imported"] != false || pets["annotations"].(map[string]any)["discovery.3scale.net/path"] != "/api" ||
		pets["annotations"].(map[string]any)["kubectl.kubernetes.io/last-applied-configuration"] != nil {
		t.Errorf("pets %v", pets)
	}
	if orders := services[1].(map[string]any); orders["endpoint"] != "http://orders.shop.svc.cluster.local:9000" || orders["scheme"] != "http" {
		t.Errorf("orders (no annotations: the first port, http) %v", orders)
	}

	productCount := func() float64 {
		return do(t, in, in.Admin, `{ products { totalCount } }`, nil).get(t, "products.totalCount").(float64)
	}
	before := productCount()

	// An unreachable description path fails the import and creates nothing.
	e := in.ExpectError(t, in.Admin, importService, map[string]any{"in": map[string]any{"namespace": "shop", "name": "broken"}}, "VALIDATION")
	if e.Field() != "input.descriptionPath" || !strings.Contains(e.Message, "http://broken.shop.svc.cluster.local:80/missing.json") ||
		!strings.Contains(e.Message, "404") {
		t.Errorf("broken: %q on %q", e.Message, e.Field())
	}
	e = in.ExpectError(t, in.Admin, importService, map[string]any{"in": map[string]any{"namespace": "shop", "name": "internal"}}, "VALIDATION")
	if !strings.Contains(e.Message, "is not labelled discovery.3scale.net=true") {
		t.Errorf("internal: %q", e.Message)
	}
	in.ExpectError(t, in.Admin, importService, map[string]any{"in": map[string]any{"namespace": "shop", "name": "nothing"}}, "NOT_FOUND")
	if n := productCount(); n != before {
		t.Fatalf("refused imports created products: %v → %v", before, n)
	}

	// Importing pets creates the product, its backend and the document's
	// methods, mapping rules and ActiveDoc.
	imp := do(t, in, in.Admin, importService, map[string]any{"in": map[string]any{"namespace": "shop", "name": "pets"}})
	if imp.str(t, "importDiscoveredService.product.name") != "pets" ||
		imp.str(t, "importDiscoveredService.backend.privateEndpoint") != "http://pets.shop.svc.cluster.local:8080/api" ||
		imp.get(t, "importDiscoveredService.service.imported") != true {
		t.Fatalf("import %v", imp)
	}
	product := imp.str(t, "importDiscoveredService.product.id")
	rules := do(t, in, in.Admin, `query($id: ID!) { node(id: $id) { ... on Product { mappingRules { totalCount } activeDocs { totalCount }
		backendUsages { edges { node { path backend { privateEndpoint } } } } } } }`, map[string]any{"id": product})
	if rules.get(t, "node.mappingRules.totalCount") != float64(4) || rules.get(t, "node.activeDocs.totalCount") != float64(1) ||
		rules.str(t, "node.backendUsages.edges.0.node.backend.privateEndpoint") != "http://pets.shop.svc.cluster.local:8080/api" {
		t.Errorf("imported product %v", rules)
	}

	// Orders goes into the existing product: no new product.
	before = productCount()
	imp = do(t, in, in.Admin, importService, map[string]any{"in": map[string]any{"namespace": "shop", "name": "orders", "productID": product}})
	if imp.str(t, "importDiscoveredService.product.id") != product || imp.get(t, "importDiscoveredService.openApi") != nil || productCount() != before {
		t.Errorf("into an existing product %v", imp)
	}
	list = do(t, in, in.Admin, discoveryQuery, nil)
	if s := list.list(t, "serviceDiscovery.services")[2].(map[string]any); s["imported"] != true || s["importedProduct"].(map[string]any)["id"] != product {
		t.Errorf("pets after the import %v", s)
	}

	// Another tenant sees the cluster's services, but not this tenant's
	// imports, and cannot import into this tenant's product.
	other := in.NewTenant(t, "other.example.com")
	o := do(t, in, other, discoveryQuery, nil).list(t, "serviceDiscovery.services")
	for _, s := range o {
		if s.(map[string]any)["imported"] != false {
			t.Errorf("other tenant sees an import: %v", s)
		}
	}
	in.ExpectError(t, in.Admin, importService, map[string]any{"in": map[string]any{"namespace": "shop", "name": "broken"}}, "VALIDATION")
	in.ExpectError(t, other, importService, map[string]any{"in": map[string]any{"namespace": "shop", "name": "orders", "productID": product}}, "NOT_FOUND")
}
