package graph_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/portico-apim/portico/server/apptest"
)

const recordFieldsSel = `fields { name label hint value kind defined required nonEmpty readOnly hidden choices }`

// fieldsByName indexes a fields list by name, and returns the names in order.
func fieldsByName(t *testing.T, d tree, path string) (map[string]map[string]any, []string) {
	t.Helper()
	out := map[string]map[string]any{}
	var names []string
	for _, f := range d.list(t, path) {
		f := f.(map[string]any)
		out[f["name"].(string)] = f
		names = append(names, f["name"].(string))
	}
	return out, names
}

// TestRecordFields shows the team every field of accounts, users and
// applications, defined or not, and lets it write them by name, as 3scale's
// admin portal does with its field definitions: hidden and read-only fields
// included, required ones optional for admins, and a refusal changes
// nothing.
func TestRecordFields(t *testing.T) {
	t.Parallel()
	in := apptest.Start(t)
	define := func(target, name, label string, more string) {
		do(t, in, in.Admin, `mutation { createFieldDefinition(input: {target: `+target+`, name: "`+name+`", label: "`+label+`"`+more+`}) { id } }`, nil)
	}
	define("ACCOUNT", "tax_id", "Tax ID", `, required: true, position: 1, hint: "As on your invoices"`)
	define("ACCOUNT", "tier", "Tier", `, choices: ["hobby", "startup"], position: 2`)
	define("ACCOUNT", "risk_score", "Risk score", `, hidden: true, position: 3`)
	define("ACCOUNT", "vat_code", "VAT number", `, position: 4`)
	define("USER", "job", "Job", `, readOnly: true`)
	define("APPLICATION", "purpose", "Purpose", `, choices: ["test", "production"]`)

	t.Run("a new account's form", func(t *testing.T) {
		d := do(t, in, in.Admin, `{ newRecordFields(target: ACCOUNT) { name label hint value kind defined required nonEmpty readOnly hidden choices } }`, nil)
		byName, names := fieldsByName(t, d, "newRecordFields")
		want := "org_name,tax_id,tier,risk_score,vat_code,vat_rate,billing_address,billing_address_name,billing_address_address1," +
			"billing_address_address2,billing_address_city,billing_address_state,billing_address_zip,billing_address_country,billing_address_phone"
		if got := strings.Join(names, ","); got != want {
			t.Errorf("fields %s\nwant %s", got, want)
		}
		for name, f := range byName {
			if f["value"] != nil {
				t.Errorf("%s has a value on a new record: %v", name, f["value"])
			}
		}
		checks := map[string]map[string]any{
			"org_name":   {"kind": "CORE", "defined": false, "required": true, "nonEmpty": true, "label": "Organization/Group name"},
			"tax_id":     {"kind": "EXTRA", "defined": true, "required": true, "nonEmpty": false, "hint": "As on your invoices"},
			"tier":       {"kind": "EXTRA", "choices": []any{"hobby", "startup"}, "required": false},
			"risk_score": {"hidden": true},
			"vat_code":   {"kind": "BUILT_IN", "defined": true, "label": "VAT number"},
			"vat_rate":   {"kind": "BUILT_IN", "defined": false, "label": "VAT rate"},
		}
		for name, want := range checks {
			for k, v := range want {
				if !reflect.DeepEqual(byName[name][k], v) {
					t.Errorf("%s.%s = %v, want %v", name, k, byName[name][k], v)
				}
			}
		}
	})

	var accID, userID, appID string
	t.Run("signed up with fields", func(t *testing.T) {
		d := do(t, in, in.Admin, `mutation($in: SignUpAccountInput!) { signUpAccount(input: $in) {
			account { id `+recordFieldsSel+` } admin { id `+recordFieldsSel+` } applications { id } } }`,
			map[string]any{"in": map[string]any{"orgName": "Fielded", "username": "fay", "email": "fay@fielded.test", "password": "Developer-pass-1",
				"accountFields": map[string]any{"tier": "startup", "risk_score": "7", "billing_address_city": "Lisbon", "vat_rate": "23"},
				"userFields":    map[string]any{"first_name": "Fay", "job": "engineer"}}})
		accID, userID = d.str(t, "signUpAccount.account.id"), d.str(t, "signUpAccount.admin.id")
		appID = d.str(t, "signUpAccount.applications.0.id")
		acc, _ := fieldsByName(t, d, "signUpAccount.account.fields")
		for name, want := range map[string]any{"org_name": "Fielded", "tier": "startup", "risk_score": "7", "billing_address_city": "Lisbon", "vat_rate": "23", "tax_id": nil} {
			if got := acc[name]["value"]; got != want {
				t.Errorf("account %s = %v, want %v", name, got, want)
			}
		}
		user, names := fieldsByName(t, d, "signUpAccount.admin.fields")
		if got := strings.Join(names, ","); got != "username,email,first_name,last_name,job" {
			t.Errorf("user fields %s", got)
		}
		if user["first_name"]["value"] != "Fay" || user["job"]["value"] != "engineer" || user["job"]["readOnly"] != true || user["username"]["value"] != "fay" {
			t.Errorf("user fields %v", user)
		}
		// Which fields no writer may empty: the username and the email, not the names.
		for name, want := range map[string]bool{"username": true, "email": true, "first_name": false, "job": false} {
			if user[name]["nonEmpty"] != want {
				t.Errorf("user field %s nonEmpty = %v, want %v", name, user[name]["nonEmpty"], want)
			}
		}
		// The same values through the API the REST and developer calls read.
		v := do(t, in, in.Admin, `query($id: ID!) { node(id: $id) { ... on Account { extraFields billingAddressParts vatRate } } }`, map[string]any{"id": accID})
		if got := v.get(t, "node.extraFields"); !reflect.DeepEqual(got, map[string]any{"tier": "startup", "risk_score": "7"}) {
			t.Errorf("extraFields %v", got)
		}
		if got := v.get(t, "node.billingAddressParts"); !reflect.DeepEqual(got, map[string]any{"city": "Lisbon"}) {
			t.Errorf("billingAddressParts %v", got)
		}
	})

	t.Run("written by name", func(t *testing.T) {
		d := do(t, in, in.Admin, `mutation($id: ID!) { updateAccountFields(id: $id, fields: {tier: "hobby", risk_score: "", tax_id: "PT123", billing_address_zip: "1000-001", vat_code: "PT999"}) { orgName vatCode `+recordFieldsSel+` } }`,
			map[string]any{"id": accID})
		acc, _ := fieldsByName(t, d, "updateAccountFields.fields")
		for name, want := range map[string]any{"org_name": "Fielded", "tier": "hobby", "risk_score": nil, "tax_id": "PT123", "billing_address_city": "Lisbon", "billing_address_zip": "1000-001", "vat_code": "PT999", "vat_rate": "23"} {
			if got := acc[name]["value"]; got != want {
				t.Errorf("account %s = %v, want %v", name, got, want)
			}
		}
		v := do(t, in, in.Admin, `query($id: ID!) { node(id: $id) { ... on Account { extraFields billingAddressParts } } }`, map[string]any{"id": accID})
		if got := v.get(t, "node.extraFields"); !reflect.DeepEqual(got, map[string]any{"tier": "hobby", "tax_id": "PT123"}) {
			t.Errorf("a cleared field is removed, the others kept: extraFields %v", got)
		}
		if got := v.get(t, "node.billingAddressParts"); !reflect.DeepEqual(got, map[string]any{"city": "Lisbon", "zip": "1000-001"}) {
			t.Errorf("billingAddressParts %v", got)
		}
		// A required field may be left empty by an admin; the read-only
		// field is the admin's to write.
		do(t, in, in.Admin, `mutation($id: ID!) { updateAccountFields(id: $id, fields: {tax_id: ""}) { id } }`, map[string]any{"id": accID})
		u := do(t, in, in.Admin, `mutation($id: ID!) { updateUserFields(id: $id, fields: {job: "manager", last_name: "Lee", email: "fay@new.test"}) { email lastName extraFields } }`,
			map[string]any{"id": userID})
		if u.str(t, "updateUserFields.email") != "fay@new.test" || u.str(t, "updateUserFields.lastName") != "Lee" ||
			!reflect.DeepEqual(u.get(t, "updateUserFields.extraFields"), map[string]any{"job": "manager"}) {
			t.Errorf("user %v", u["updateUserFields"])
		}
		a := do(t, in, in.Admin, `mutation($id: ID!) { updateApplicationFields(id: $id, fields: {purpose: "test", description: "For trying things"}) { name description `+recordFieldsSel+` } }`,
			map[string]any{"id": appID})
		app, names := fieldsByName(t, a, "updateApplicationFields.fields")
		if strings.Join(names, ",") != "name,description,purpose" || app["purpose"]["value"] != "test" || a.str(t, "updateApplicationFields.description") != "For trying things" {
			t.Errorf("application %v", a["updateApplicationFields"])
		}
	})

	t.Run("a value outlives its definition", func(t *testing.T) {
		defs := do(t, in, in.Admin, `{ fieldDefinitions(where: {name: "tier"}) { edges { node { id } } } }`, nil)
		do(t, in, in.Admin, `mutation($id: ID!) { deleteFieldDefinition(id: $id) { deletedID } }`, map[string]any{"id": defs.nodeField(t, "fieldDefinitions", "id")[0]})
		d := do(t, in, in.Admin, `query($id: ID!) { node(id: $id) { ... on Account { `+recordFieldsSel+` } } }`, map[string]any{"id": accID})
		acc, names := fieldsByName(t, d, "node.fields")
		if f := acc["tier"]; f == nil || f["value"] != "hobby" || f["defined"] != false || f["kind"] != "EXTRA" || names[len(names)-1] != "tier" {
			t.Errorf("the undefined tier: %v (order %v)", f, names)
		}
		// It can still be cleared, but no longer set.
		expectError(t, in, in.Admin, `mutation($id: ID!) { updateAccountFields(id: $id, fields: {tier: "startup"}) { id } }`, map[string]any{"id": accID}, "VALIDATION", "fields.tier")
	})

	t.Run("refusals change nothing", func(t *testing.T) {
		other := buildTenant(t, in, in.NewTenant(t, "b.example.com"))
		do(t, in, in.Admin, `mutation { createUser(input: {username: "taken", email: "taken@example.com"}) { id } }`, nil)
		acc := `mutation($id: ID!, $f: StringMap!) { updateAccountFields(id: $id, fields: $f) { id } }`
		usr := `mutation($id: ID!, $f: StringMap!) { updateUserFields(id: $id, fields: $f) { id } }`
		app := `mutation($id: ID!, $f: StringMap!) { updateApplicationFields(id: $id, fields: $f) { id } }`
		f := func(id string, fields map[string]any) map[string]any { return map[string]any{"id": id, "f": fields} }
		signup := func(more map[string]any) map[string]any {
			vars := map[string]any{"orgName": "Refused", "username": "refused", "email": "refused@example.com", "password": "Developer-pass-1"}
			for k, v := range more {
				if v == nil {
					delete(vars, k)
				} else {
					vars[k] = v
				}
			}
			return map[string]any{"in": vars}
		}
		// The console's New application sends defined fields as extraFields.
		own := do(t, in, in.Admin, `query($id: ID!) { node(id: $id) { ... on Application { product { id } plan { id } } } }`, map[string]any{"id": appID})
		newApp := `mutation($in: CreateApplicationInput!) { createApplication(input: $in) { id } }`
		create := func(extra map[string]any) map[string]any {
			return map[string]any{"in": map[string]any{"accountID": accID, "productID": own.str(t, "node.product.id"), "planID": own.str(t, "node.plan.id"),
				"name": "Refused", "extraFields": extra}}
		}
		cases := []struct {
			name, op, code, field string
			vars                  map[string]any
		}{
			{"an undefined field", acc, "VALIDATION", "fields.shoe_size", f(accID, map[string]any{"shoe_size": "44", "tax_id": "X"})},
			{"an undefined user field", usr, "VALIDATION", "fields.nickname", f(userID, map[string]any{"nickname": "x"})},
			{"an application value outside the choices", app, "VALIDATION", "fields.purpose", f(appID, map[string]any{"purpose": "fun", "description": "x"})},
			{"a VAT rate that is no number", acc, "VALIDATION", "fields.vat_rate", f(accID, map[string]any{"vat_rate": "lots"})},
			{"an empty organization name", acc, "VALIDATION", "fields.org_name", f(accID, map[string]any{"org_name": " "})},
			{"an empty application name", app, "VALIDATION", "fields.name", f(appID, map[string]any{"name": ""})},
			{"an email that is none", usr, "VALIDATION", "fields.email", f(userID, map[string]any{"email": "fay"})},
			{"an empty username", usr, "VALIDATION", "fields.username", f(userID, map[string]any{"username": ""})},
			{"a username taken", usr, "CONFLICT", "fields.username", f(userID, map[string]any{"username": "taken", "first_name": "X"})},
			{"a name too long", usr, "VALIDATION", "fields.first_name", f(userID, map[string]any{"first_name": strings.Repeat("x", 256)})},
			{"a new application's value outside the choices", newApp, "VALIDATION", "input.extraFields.purpose", create(map[string]any{"purpose": "fun"})},
			{"a built-in name among a new application's extra fields", newApp, "VALIDATION", "input.extraFields.description", create(map[string]any{"description": "x"})},
			{"another tenant's account", acc, "NOT_FOUND", "", f(other["account"], map[string]any{"org_name": "Mallory"})},
			{"another tenant's user", usr, "NOT_FOUND", "", f(other["account user"], map[string]any{"first_name": "Mallory"})},
			{"another tenant's application", app, "NOT_FOUND", "", f(other["application"], map[string]any{"name": "Mallory"})},
			{"signup: an undefined account field", signUpAccountOp, "VALIDATION", "input.accountFields.shoe_size", signup(map[string]any{"accountFields": map[string]any{"shoe_size": "44"}})},
			{"signup: an undefined user field", signUpAccountOp, "VALIDATION", "input.userFields.shoe_size", signup(map[string]any{"userFields": map[string]any{"shoe_size": "44"}})},
			{"signup: the organization among the fields", signUpAccountOp, "VALIDATION", "input.accountFields.org_name", signup(map[string]any{"accountFields": map[string]any{"org_name": "X"}})},
			{"signup: the email among the fields", signUpAccountOp, "VALIDATION", "input.userFields.email", signup(map[string]any{"userFields": map[string]any{"email": "x@example.com"}})},
			{"signup: user fields without a user", signUpAccountOp, "VALIDATION", "input.userFields",
				signup(map[string]any{"username": nil, "password": nil, "userFields": map[string]any{"first_name": "X"}})},
		}
		before := dump(t, in)
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				e := expectError(t, in, in.Admin, tc.op, tc.vars, tc.code, tc.field)
				t.Logf("%s", e.Message)
				if after := dump(t, in); after != before {
					t.Fatalf("the database changed:\n%s", diffLines(before, after))
				}
			})
		}
	})
}
