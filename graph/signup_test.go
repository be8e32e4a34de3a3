package graph_test

import (
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/portico-apim/portico/ent/domainevent"
	"github.com/portico-apim/portico/server/apptest"
)

const signupOp = `mutation($in: SignupInput!) { signup(input: $in) {
	account { id state fields { name value } users { id } }
	user { id role state fields { name value } }
	subscriptions { id state productID }
	applications { id name state planID }
} }`

func signupVars(org string, accountFields map[string]any) map[string]any {
	in := map[string]any{"orgName": org, "username": strings.ToLower(org), "email": strings.ToLower(org) + "@example.com",
		"password": "Sup3r-secret!"}
	if accountFields != nil {
		in["accountFields"] = accountFields
	}
	return map[string]any{"in": in}
}

// TestSignup signs developers up the way a developer portal or provisioning
// script does, under the tenant's usage rules and field definitions.
func TestSignup(t *testing.T) {
	t.Parallel()
	in := apptest.Start(t)
	f := loadFixture(t, in)
	tok := accessToken(t, in, in.Admin, "RW")

	t.Run("account, admin user, default subscription and application in one go", func(t *testing.T) {
		d := do(t, in, tok, signupOp, signupVars("Acme", nil))
		if d.str(t, "signup.account.state") != "APPROVED" || d.str(t, "signup.user.role") != "ADMIN" || d.str(t, "signup.user.state") != "ACTIVE" {
			t.Errorf("signup: %v", d["signup"])
		}
		subs, apps := d.list(t, "signup.subscriptions"), d.list(t, "signup.applications")
		if len(subs) != 1 || len(apps) != 1 || d.str(t, "signup.applications.0.planID") != itoa(f.basicID) ||
			d.str(t, "signup.applications.0.name") != "Acme's App" {
			t.Errorf("contracts: %v %v", subs, apps)
		}
		accID := id(t, d.str(t, "signup.account.id"))
		if got := events(t, in, "account", accID); len(got) != 1 || got[0] != "account.created" {
			t.Errorf("account events %v", got)
		}
		e, err := in.Client().DomainEvent.Query().Where(domainevent.ObjectType("account"), domainevent.ObjectID(accID)).Only(apptest.SystemContext())
		if err != nil || e.ActorKind != domainevent.ActorKindDEVELOPER {
			t.Errorf("signup event actor: %v %v", e, err)
		}
	})

	t.Run("no default application plan, no application", func(t *testing.T) {
		do(t, in, tok, `mutation($id: ID!) { unsetDefaultPlan(id: $id) { id } }`, map[string]any{"id": f.basicID})
		defer do(t, in, tok, `mutation($id: ID!) { setDefaultPlan(id: $id) { id } }`, map[string]any{"id": f.basicID})
		d := do(t, in, tok, signupOp, signupVars("Nodefault", nil))
		if len(d.list(t, "signup.applications")) != 0 || len(d.list(t, "signup.subscriptions")) != 1 {
			t.Errorf("contracts: %v", d["signup"])
		}
	})

	t.Run("usage rules", func(t *testing.T) {
		do(t, in, in.Admin, `mutation { updateTenant(input: {accountApprovalRequired: true, strongPasswords: true}) { id } }`, nil)
		weak := signupVars("Weak", nil)
		weak["in"].(map[string]any)["password"] = "password"
		expectError(t, in, tok, signupOp, weak, "VALIDATION", "input.password")
		d := do(t, in, tok, signupOp, signupVars("Waiting", nil))
		if d.str(t, "signup.account.state") != "PENDING" {
			t.Errorf("approval required: state %s", d.str(t, "signup.account.state"))
		}
		do(t, in, in.Admin, `mutation { updateTenant(input: {signupsEnabled: false}) { id } }`, nil)
		e := expectError(t, in, tok, signupOp, signupVars("Closed", nil), "FORBIDDEN", "")
		if e.Message != "signups are closed: developers join by invitation" {
			t.Errorf("closed signups: %q", e.Message)
		}
		do(t, in, in.Admin, `mutation { updateTenant(input: {signupsEnabled: true, accountApprovalRequired: false, strongPasswords: false}) { id } }`, nil)
	})

	t.Run("field definitions", func(t *testing.T) {
		defs := do(t, in, tok, `mutation {
			a: createFieldDefinition(input: {target: ACCOUNT, name: "tax_id", label: "Tax ID", required: true}) { id }
			b: createFieldDefinition(input: {target: ACCOUNT, name: "risk_score", label: "Risk", hidden: true}) { id }
			c: createFieldDefinition(input: {target: ACCOUNT, name: "vat_rate", label: "VAT rate"}) { id }
			d: createFieldDefinition(input: {target: ACCOUNT, name: "tier", label: "Segment", choices: ["startup", "enterprise"]}) { id }
		}`, nil)
		expectError(t, in, tok, `mutation { createFieldDefinition(input: {target: ACCOUNT, name: "vat_rate", label: "VAT", choices: ["21"]}) { id } }`,
			nil, "VALIDATION", "input.choices")

		e := expectError(t, in, tok, signupOp, signupVars("Norequired", nil), "VALIDATION", "input.accountFields.tax_id")
		if !strings.Contains(e.Message, "tax_id") || !strings.Contains(e.Message, "is required") {
			t.Errorf("missing required field: %q", e.Message)
		}
		e = expectError(t, in, tok, signupOp, signupVars("Badvat", map[string]any{"tax_id": "X1", "vat_rate": "twenty"}), "VALIDATION", "input.accountFields.vat_rate")
		if !strings.Contains(e.Message, "must be a number") {
			t.Errorf("vat_rate: %q", e.Message)
		}
		expectError(t, in, tok, signupOp, signupVars("Badchoice", map[string]any{"tax_id": "X1", "tier": "hobby"}), "VALIDATION", "input.accountFields.tier")
		expectError(t, in, tok, signupOp, signupVars("Hiddenset", map[string]any{"tax_id": "X1", "risk_score": "1"}), "VALIDATION", "input.accountFields.risk_score")
		expectError(t, in, tok, signupOp, signupVars("Undefined", map[string]any{"tax_id": "X1", "shoe_size": "44"}), "VALIDATION", "input.accountFields.shoe_size")

		d := do(t, in, tok, signupOp, signupVars("Fielded", map[string]any{"tax_id": "X1", "vat_rate": "21.5", "tier": "startup"}))
		accID := d.str(t, "signup.account.id")
		// The admin sets the hidden field; developers never see it.
		do(t, in, tok, `mutation($id: ID!) { updateAccount(id: $id, input: {extraFields: {tax_id: "X1", tier: "startup", risk_score: "9"}}) { id } }`,
			map[string]any{"id": accID})
		expectError(t, in, tok, `mutation($id: ID!) { updateAccount(id: $id, input: {extraFields: {shoe_size: "44"}}) { id } }`,
			map[string]any{"id": accID}, "VALIDATION", "input.extraFields.shoe_size")
		// stored checks the account's extra fields as the admin reads them.
		stored := func(t *testing.T, when string, want map[string]any) {
			t.Helper()
			v := do(t, in, tok, `query($id: ID!) { node(id: $id) { ... on Account { extraFields } } }`, map[string]any{"id": accID})
			if got := v.get(t, "node.extraFields"); !reflect.DeepEqual(got, want) {
				t.Errorf("%s: extra fields %v, want %v", when, got, want)
			}
		}
		stored(t, "after the admin's update", map[string]any{"tax_id": "X1", "tier": "startup", "risk_score": "9"})
		uid := d.str(t, "signup.user.id")
		view := do(t, in, tok, `query($u: ID!) { developerAccount(userID: $u) { fields { name value } } }`, map[string]any{"u": uid})
		names := view.nodeFieldList(t, "developerAccount.fields", "name")
		if strings.Contains(names, "risk_score") || !strings.Contains(names, "tax_id") || !strings.Contains(names, "vat_rate") {
			t.Errorf("developer-facing fields %s", names)
		}
		// A defined organization name is required for developers whatever its
		// definition says: no writer may leave it empty.
		org := do(t, in, tok, `mutation { createFieldDefinition(input: {target: ACCOUNT, name: "org_name", label: "Company"}) { id } }`, nil)
		view = do(t, in, tok, `query($u: ID!) { developerAccount(userID: $u) { fields { name label value required } } }`, map[string]any{"u": uid})
		var orgField any
		for _, f := range view.list(t, "developerAccount.fields") {
			if f.(map[string]any)["name"] == "org_name" {
				orgField = f
			}
		}
		if !reflect.DeepEqual(orgField, map[string]any{"name": "org_name", "label": "Company", "value": "Fielded", "required": true}) {
			t.Errorf("a defined organization name as developers see it: %v", orgField)
		}
		do(t, in, tok, `mutation($id: ID!) { deleteFieldDefinition(id: $id) { deletedID } }`, map[string]any{"id": org.str(t, "createFieldDefinition.id")})
		if v := do(t, in, tok, `query($id: ID!) { node(id: $id) { ... on Account { extraFields vatRate } } }`, map[string]any{"id": accID}); !strings.Contains(
			strings.ToLower(strings.Join([]string{v.str(t, "node.vatRate")}, "")), "21.5") {
			t.Errorf("admin view: %v", v)
		}
		// Developers edit their details, but not read-only fields.
		do(t, in, tok, `mutation($u: ID!) { updateDeveloperAccount(userID: $u, fields: {tier: "enterprise"}) { id } }`, map[string]any{"u": uid})
		do(t, in, tok, `mutation($id: ID!) { updateFieldDefinition(id: $id, input: {readOnly: true}) { id } }`, map[string]any{"id": defs.str(t, "a.id")})
		e = expectError(t, in, tok, `mutation($u: ID!) { updateDeveloperAccount(userID: $u, fields: {tax_id: "X2"}) { id } }`,
			map[string]any{"u": uid}, "VALIDATION", "fields.tax_id")
		if !strings.Contains(e.Message, "is read-only") {
			t.Errorf("read-only field: %q", e.Message)
		}
		// The developer's change is kept, the refused one changed nothing,
		// and the hidden field the developer never saw is still there.
		edited := map[string]any{"tax_id": "X1", "tier": "enterprise", "risk_score": "9"}
		stored(t, "after the developer's edits", edited)
		do(t, in, in.Admin, `mutation { updateTenant(input: {developerDetailsEditable: false}) { id } }`, nil)
		expectError(t, in, tok, `mutation($u: ID!) { updateDeveloperAccount(userID: $u, fields: {tier: "startup"}) { id } }`,
			map[string]any{"u": uid}, "FORBIDDEN", "")
		stored(t, "after a refused edit", edited)
	})
}

func itoa(n int) string { return strconv.Itoa(n) }

// nodeFieldList joins field of every element of the list at path.
func (tr tree) nodeFieldList(t testing.TB, path, field string) string {
	t.Helper()
	var out []string
	for _, e := range tr.list(t, path) {
		out = append(out, e.(map[string]any)[field].(string))
	}
	return strings.Join(out, ",")
}
