package graph_test

import (
	"strings"
	"testing"

	"github.com/portico-apim/portico/server/apptest"
)

// TestBuiltInFields lists the built-in fields screens offer, from the
// list the server checks writes against, and says which definitions are
// of built-in fields.
func TestBuiltInFields(t *testing.T) {
	t.Parallel()
	in := apptest.Start(t)

	t.Run("by target", func(t *testing.T) {
		cases := []struct {
			target, names, core, label string
		}{
			{"ACCOUNT", "org_name,vat_code,vat_rate,billing_address,billing_address_name,billing_address_address1,billing_address_address2," +
				"billing_address_city,billing_address_state,billing_address_zip,billing_address_country,billing_address_phone", "org_name", "Organization/Group name"},
			{"USER", "username,email,first_name,last_name", "username,email,first_name,last_name", "Username"},
			{"APPLICATION", "name,description", "name,description", "Name"},
		}
		all := do(t, in, in.Admin, `{ builtInFields { target name } }`, nil).list(t, "builtInFields")
		var total int
		for _, tc := range cases {
			d := do(t, in, in.Admin, `query($t: FieldDefinitionTarget) { builtInFields(target: $t) { target name label core } }`,
				map[string]any{"t": tc.target})
			var names, core []string
			for i, f := range d.list(t, "builtInFields") {
				f := f.(map[string]any)
				if f["target"] != tc.target {
					t.Errorf("%s: field %v of another target", tc.target, f)
				}
				if i == 0 && f["label"] != tc.label {
					t.Errorf("%s: first label %q, want %q", tc.target, f["label"], tc.label)
				}
				if f["label"] == "" {
					t.Errorf("%s: %s has no label", tc.target, f["name"])
				}
				names = append(names, f["name"].(string))
				if f["core"] == true {
					core = append(core, f["name"].(string))
				}
			}
			if got := strings.Join(names, ","); got != tc.names {
				t.Errorf("%s: names %s, want %s", tc.target, got, tc.names)
			}
			if got := strings.Join(core, ","); got != tc.core {
				t.Errorf("%s: core %s, want %s", tc.target, got, tc.core)
			}
			total += len(names)
		}
		if len(all) != total {
			t.Errorf("without a target: %d fields, want every target's %d", len(all), total)
		}
	})

	t.Run("builtIn on definitions", func(t *testing.T) {
		d := do(t, in, in.Admin, `mutation {
			vat: createFieldDefinition(input: {target: ACCOUNT, name: "vat_code", label: "VAT"}) { builtIn }
			tax: createFieldDefinition(input: {target: ACCOUNT, name: "tax_id", label: "Tax ID"}) { builtIn }
			user: createFieldDefinition(input: {target: USER, name: "first_name", label: "Given name"}) { builtIn }
			other: createFieldDefinition(input: {target: APPLICATION, name: "org_name", label: "Organization"}) { builtIn }
		}`, nil)
		for alias, want := range map[string]bool{"vat": true, "tax": false, "user": true, "other": false} {
			if got := d.get(t, alias+".builtIn"); got != want {
				t.Errorf("%s: builtIn %v, want %v", alias, got, want)
			}
		}
	})

	t.Run("needs credentials", func(t *testing.T) {
		expectError(t, in, "", `{ builtInFields { name } }`, nil, "UNAUTHENTICATED", "")
	})
}
