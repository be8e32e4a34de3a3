package graph_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/portico-apim/portico/server/apptest"
)

const customPolicyFields = `id name version summary manifest usedBy { id name } createdAt`

// TestCustomPolicies registers a custom policy through GraphQL, finds it
// in the policies a chain may hold, puts it in a product's chain, and checks
// what is refused: invalid manifests, duplicates, deleting or renaming a
// policy in use, and another tenant's access.
func TestCustomPolicies(t *testing.T) {
	t.Parallel()
	in := apptest.Start(t)
	manifest := func(version string) map[string]any {
		return map[string]any{"name": "geo_fence", "version": version, "description": []string{"Refuses requests from outside a region.", "Uses the client IP."},
			"configuration": map[string]any{"type": "object", "required": []string{"region"},
				"properties": map[string]any{"region": map[string]any{"type": "string", "enum": []string{"eu", "us"}}}}}
	}
	create := `mutation($in: CreateCustomPolicyInput!) { createCustomPolicy(input: $in) { ` + customPolicyFields + ` } }`
	c := do(t, in, in.Admin, create, map[string]any{"in": map[string]any{"manifest": manifest("1.0")}})
	pid := c.str(t, "createCustomPolicy.id")
	if c.str(t, "createCustomPolicy.name") != "geo_fence" || c.str(t, "createCustomPolicy.version") != "1.0" ||
		c.str(t, "createCustomPolicy.summary") != "Refuses requests from outside a region." {
		t.Fatalf("created %v", c)
	}
	vars := map[string]any{"id": pid}

	// Refused input names the field; nothing is stored.
	for _, bad := range []struct {
		name string
		in   map[string]any
		code string
		want string
	}{
		{"no configuration", map[string]any{"manifest": map[string]any{"name": "x", "version": "1", "summary": "X"}}, "VALIDATION", "configuration"},
		{"configuration not a schema", map[string]any{"manifest": map[string]any{"name": "x", "version": "1", "summary": "X", "configuration": map[string]any{"type": 7}}}, "VALIDATION", "configuration.type"},
		{"version differs", map[string]any{"version": "2.0", "manifest": manifest("1.0")}, "VALIDATION", "must match the version"},
		{"duplicate", map[string]any{"manifest": manifest("1.0")}, "VALIDATION", "already been taken"},
	} {
		t.Run(bad.name, func(t *testing.T) {
			e := in.ExpectError(t, in.Admin, create, map[string]any{"in": bad.in}, bad.code)
			if !strings.Contains(e.Message, bad.want) || (bad.name != "version differs" && bad.name != "duplicate" && e.Field() != "input.manifest") {
				t.Errorf("message %q on %q, want %q", e.Message, e.Field(), bad.want)
			}
		})
	}
	if l := do(t, in, in.Admin, `{ customPolicies { id } }`, nil).list(t, "customPolicies"); len(l) != 1 {
		t.Fatalf("%d custom policies after refusals", len(l))
	}

	// The chain editor's list holds it, with its configuration schema.
	reg := do(t, in, in.Admin, `{ policyRegistry { name version custom schema } }`, nil).list(t, "policyRegistry")
	last := reg[len(reg)-1].(map[string]any)
	if last["name"] != "geo_fence" || last["custom"] != true || last["schema"].(map[string]any)["required"].([]any)[0] != "region" ||
		reg[0].(map[string]any)["name"] != "apicast" || reg[0].(map[string]any)["custom"] != false {
		t.Fatalf("registry %v", reg)
	}

	// A product's chain holds it; the configuration follows its schema.
	product := do(t, in, in.Admin, `{ products(first: 1) { edges { node { id name } } } }`, nil).str(t, "products.edges.0.node.id")
	chain := `mutation($p: ID!, $c: JSON) { updateIntegrationSettings(productID: $p, input: {
		policyChain: [{name: "geo_fence", version: "1.0", enabled: true, configuration: $c}] }) { policyChain { name version } } }`
	e := in.ExpectError(t, in.Admin, chain, map[string]any{"p": product, "c": map[string]any{"region": "mars"}}, "VALIDATION")
	if !strings.Contains(e.Message, "region") {
		t.Errorf("configuration refused with %q", e.Message)
	}
	do(t, in, in.Admin, chain, map[string]any{"p": product, "c": map[string]any{"region": "eu"}})
	pending := do(t, in, in.Admin, `query($p: ID!) { node(id: $p) { ... on Product { pendingConfig } } }`, map[string]any{"p": product}).str(t, "node.pendingConfig")
	var cfg struct {
		Proxy struct {
			PolicyChain []map[string]any `json:"policy_chain"`
		} `json:"proxy"`
	}
	if err := json.Unmarshal([]byte(pending), &cfg); err != nil || len(cfg.Proxy.PolicyChain) != 2 ||
		fmt.Sprint(cfg.Proxy.PolicyChain[0]) != "map[configuration:map[region:eu] name:geo_fence version:1.0]" {
		t.Errorf("gateway configuration %s", pending)
	}
	used := do(t, in, in.Admin, `query($id: ID!) { customPolicy(id: $id) { usedBy { id } } }`, vars).list(t, "customPolicy.usedBy")
	if len(used) != 1 || used[0].(map[string]any)["id"] != product {
		t.Errorf("usedBy %v", used)
	}
	e = in.ExpectError(t, in.Admin, `mutation($id: ID!) { deleteCustomPolicy(id: $id) { deletedID } }`, vars, "CONFLICT")
	if !strings.Contains(e.Message, "is in the policy chain of") {
		t.Errorf("delete refused with %q", e.Message)
	}
	in.ExpectError(t, in.Admin, `mutation($id: ID!, $m: JSON) { updateCustomPolicy(id: $id, input: {manifest: $m}) { id } }`,
		map[string]any{"id": pid, "m": manifest("1.1")}, "CONFLICT")

	// The manifest may change while name and version stay.
	m := manifest("1.0")
	m["summary"] = "Region fence"
	u := do(t, in, in.Admin, `mutation($id: ID!, $m: JSON) { updateCustomPolicy(id: $id, input: {manifest: $m}) { summary manifest } }`,
		map[string]any{"id": pid, "m": m})
	if u.str(t, "updateCustomPolicy.summary") != "Region fence" {
		t.Errorf("update %v", u)
	}

	// Another tenant neither sees nor changes it, and its chains cannot use it.
	other := in.NewTenant(t, "other.example.com")
	if l := do(t, in, other, `{ customPolicies { id } }`, nil).list(t, "customPolicies"); len(l) != 0 {
		t.Errorf("other tenant lists %v", l)
	}
	reg = do(t, in, other, `{ policyRegistry { name } }`, nil).list(t, "policyRegistry")
	if b, _ := json.Marshal(reg); strings.Contains(string(b), "geo_fence") {
		t.Errorf("other tenant's registry %s", b)
	}
	for _, q := range []string{
		`query($id: ID!) { customPolicy(id: $id) { id } }`,
		`mutation($id: ID!) { updateCustomPolicy(id: $id, input: {name: "mine"}) { id } }`,
		`mutation($id: ID!) { deleteCustomPolicy(id: $id) { deletedID } }`,
	} {
		in.ExpectError(t, other, q, vars, "NOT_FOUND")
	}
	otherProduct := do(t, in, other, `mutation { createProduct(input: {name: "Shop", systemName: "shop"}) { id } }`, nil).str(t, "createProduct.id")
	in.ExpectError(t, other, chain, map[string]any{"p": otherProduct, "c": map[string]any{"region": "eu"}}, "VALIDATION")

	// Out of the chain, it can be deleted.
	do(t, in, in.Admin, `mutation($p: ID!) { updateIntegrationSettings(productID: $p, input: {policyChain: []}) { secretToken } }`, map[string]any{"p": product})
	if d := do(t, in, in.Admin, `mutation($id: ID!) { deleteCustomPolicy(id: $id) { deletedID } }`, vars); d.str(t, "deleteCustomPolicy.deletedID") != pid {
		t.Fatalf("delete %v", d)
	}
}
