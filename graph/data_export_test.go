package graph_test

import (
	"context"
	"encoding/csv"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/portico-apim/portico/server/apptest"
)

const dataExportOp = `query($k: DataExportKind!, $p: DataExportPeriod!) { dataExport(kind: $k, period: $p) { filename csv rows since until } }`

// exported runs a data export and returns its rows (header first), checking
// the row count and the file name against them.
func exported(t *testing.T, in *apptest.Instance, token, kind, period string) [][]string {
	t.Helper()
	d := do(t, in, token, dataExportOp, map[string]any{"k": kind, "p": period})
	rows, err := csv.NewReader(strings.NewReader(d.str(t, "dataExport.csv"))).ReadAll()
	if err != nil {
		t.Fatalf("%s %s: not CSV: %v", kind, period, err)
	}
	if n := int(d.get(t, "dataExport.rows").(float64)); n != len(rows)-1 {
		t.Errorf("%s %s: rows %d, the file has %d", kind, period, n, len(rows)-1)
	}
	want := "portico-" + strings.ToLower(kind) + "-" + strings.ReplaceAll(strings.ToLower(period), "_", "-") + "-"
	if name := d.str(t, "dataExport.filename"); !strings.HasPrefix(name, want) || !strings.HasSuffix(name, ".csv") {
		t.Errorf("filename %q, want %s<date>.csv", name, want)
	}
	return rows
}

// column returns the values of the named column, header excluded.
func column(t *testing.T, rows [][]string, name string) []string {
	t.Helper()
	i := -1
	for j, h := range rows[0] {
		if h == name {
			i = j
		}
	}
	if i < 0 {
		t.Fatalf("no column %s in %v", name, rows[0])
	}
	var out []string
	for _, r := range rows[1:] {
		out = append(out, r[i])
	}
	return out
}

// TestDataExport exports the tenant's accounts, applications, invoices and
// developers' messages as Account Settings › Export does: every column
// filled from the records, defined extra fields as columns, the periods by
// creation time, the rights of each list, and nothing of another tenant.
func TestDataExport(t *testing.T) {
	t.Parallel()
	in := apptest.Start(t)
	tok := in.Admin
	do(t, in, tok, `mutation { a: createFieldDefinition(input: {target: ACCOUNT, name: "tier", label: "Tier"}) { id }
		b: createFieldDefinition(input: {target: APPLICATION, name: "purpose", label: "Purpose"}) { id } }`, nil)

	// Two accounts: one signed up with a user, fields and contracts, one
	// bare, moved into last year.
	d := do(t, in, tok, signUpAccountOp, map[string]any{"in": map[string]any{"orgName": "Zenith, Inc.", "username": "ada", "email": "ada@zenith.test",
		"password": "Developer-pass-1", "accountFields": map[string]any{"tier": "gold", "billing_address_city": "Porto"}}})
	acme := d.str(t, "signUpAccount.account.id")
	app := d.str(t, "signUpAccount.applications.0.id")
	do(t, in, tok, `mutation($id: ID!) { updateApplicationFields(id: $id, fields: {purpose: "mobile", description: "Line one\nline \"two\""}) { id } }`,
		map[string]any{"id": app})
	old := do(t, in, tok, `mutation { createAccount(input: {orgName: "Oldco"}) { id } }`, nil).str(t, "createAccount.id")
	lastYear := time.Date(time.Now().Year()-1, 6, 15, 12, 0, 0, 0, time.UTC)
	if _, err := in.App.Store.DB.ExecContext(context.Background(), `UPDATE accounts SET created_at = $1 WHERE id = $2`, lastYear, id(t, old)); err != nil {
		t.Fatal(err)
	}

	// A message from Zenith's developer, and an invoice with two lines.
	ada := d.str(t, "signUpAccount.admin.id")
	do(t, in, tok, `mutation($u: ID!) { sendDeveloperMessage(userID: $u, subject: "Quota", body: "More, please") { id } }`, map[string]any{"u": ada})
	do(t, in, tok, `mutation($a: ID!) { sendMessage(accountID: $a, subject: "To them", body: "x") { id } }`, map[string]any{"a": acme})
	enableFinance(t, in, tok)
	inv := do(t, in, tok, `mutation($a: ID!) { createInvoice(accountID: $a) { id } }`, map[string]any{"a": acme}).str(t, "createInvoice.id")
	for _, line := range []string{`{name: "Consulting", cost: "100", quantity: "2"}`, `{name: "Credit", cost: "-10.5"}`} {
		do(t, in, tok, `mutation($i: ID!) { addLineItem(invoiceID: $i, input: `+line+`) { id } }`, map[string]any{"i": inv})
	}

	// Another tenant, with records of its own.
	tokB := in.NewTenant(t, "b.example.com")
	buildTenant(t, in, tokB)

	t.Run("accounts", func(t *testing.T) {
		rows := exported(t, in, tok, "ACCOUNTS", "ALL")
		if got := strings.Join(rows[0], ","); !strings.HasPrefix(got, "id,org_name,state,admin_username,admin_email,plan,applications,signed_up_at,") ||
			!strings.HasSuffix(got, ",tier") {
			t.Errorf("header %s", got)
		}
		if got := column(t, rows, "org_name"); !reflect.DeepEqual(got, []string{"Zenith, Inc.", "Oldco"}) {
			t.Errorf("accounts %v", got)
		}
		if got := column(t, rows, "tier"); !reflect.DeepEqual(got, []string{"gold", ""}) {
			t.Errorf("tier %v", got)
		}
		if got := column(t, rows, "billing_address_city"); got[0] != "Porto" {
			t.Errorf("city %v", got)
		}
		if got := column(t, rows, "admin_email"); got[0] != "ada@zenith.test" {
			t.Errorf("admin %v", got)
		}
		if got := column(t, rows, "signed_up_at"); got[1] != lastYear.Format(time.RFC3339) {
			t.Errorf("signed up %v, want %s", got, lastYear.Format(time.RFC3339))
		}
		// The periods go by creation time.
		if got := column(t, exported(t, in, tok, "ACCOUNTS", "THIS_YEAR"), "org_name"); !reflect.DeepEqual(got, []string{"Zenith, Inc."}) {
			t.Errorf("this year %v", got)
		}
		if got := column(t, exported(t, in, tok, "ACCOUNTS", "LAST_YEAR"), "org_name"); !reflect.DeepEqual(got, []string{"Oldco"}) {
			t.Errorf("last year %v", got)
		}
		// The older accountsCSV is the same file.
		if csvAll := do(t, in, tok, `{ accountsCSV }`, nil).str(t, "accountsCSV"); csvAll != do(t, in, tok, dataExportOp,
			map[string]any{"k": "ACCOUNTS", "p": "ALL"}).str(t, "dataExport.csv") {
			t.Errorf("accountsCSV differs from the ACCOUNTS export")
		}
	})

	t.Run("applications", func(t *testing.T) {
		rows := exported(t, in, tok, "APPLICATIONS", "THIS_MONTH")
		if got := strings.Join(rows[0], ","); got != "id,name,state,product,plan,account_id,org_name,admin_username,admin_email,created_at,first_traffic_at,description,purpose" {
			t.Errorf("header %s", got)
		}
		if len(rows) != 2 {
			t.Fatalf("rows %v", rows)
		}
		r := rows[1]
		if r[0] != app || r[3] != "API" || r[6] != "Zenith, Inc." || r[7] != "ada" || r[11] != "Line one\nline \"two\"" || r[12] != "mobile" || r[10] != "" {
			t.Errorf("row %q", r)
		}
	})

	t.Run("messages", func(t *testing.T) {
		rows := exported(t, in, tok, "MESSAGES", "TODAY")
		if len(rows) != 2 || rows[1][3] != "Zenith, Inc." || rows[1][4] != "ada" || rows[1][5] != "Quota" || rows[1][6] != "More, please" {
			t.Errorf("messages %q: only the developer's message, with its sender", rows)
		}
	})

	t.Run("invoices", func(t *testing.T) {
		rows := exported(t, in, tok, "INVOICES", "THIS_WEEK")
		if len(rows) != 3 {
			t.Fatalf("one row per line: %q", rows)
		}
		if got := column(t, rows, "line_name"); !reflect.DeepEqual(got, []string{"Consulting", "Credit"}) {
			t.Errorf("lines %v", got)
		}
		if got := column(t, rows, "line_cost"); !reflect.DeepEqual(got, []string{"100", "-10.5"}) {
			t.Errorf("line costs %v", got)
		}
		for _, name := range []string{"id", "state", "currency", "cost", "buyer_name", "buyer_city"} {
			got := column(t, rows, name)
			want := map[string]string{"id": inv, "state": "OPEN", "currency": "EUR", "cost": "89.50", "buyer_name": "Zenith, Inc.", "buyer_city": "Porto"}[name]
			if got[0] != want || got[1] != want {
				t.Errorf("%s %v, want %s on both lines", name, got, want)
			}
		}
		// The period goes by billing month: an invoice made now for last
		// December is last year's; without lines it is one row.
		december := strconv.Itoa(time.Now().Year()-1) + "-12"
		dec := do(t, in, tok, `mutation($a: ID!, $p: String!) { createInvoice(accountID: $a, period: $p) { id } }`,
			map[string]any{"a": acme, "p": december}).str(t, "createInvoice.id")
		rows = exported(t, in, tok, "INVOICES", "LAST_YEAR")
		if len(rows) != 2 || column(t, rows, "id")[0] != dec || column(t, rows, "period")[0] != december || column(t, rows, "line_name")[0] != "" {
			t.Errorf("last year's invoices %q", rows)
		}
		if got := column(t, exported(t, in, tok, "INVOICES", "THIS_YEAR"), "id"); !reflect.DeepEqual(got, []string{inv, inv}) {
			t.Errorf("this year's invoice rows %v", got)
		}
		if got := column(t, exported(t, in, tok, "INVOICES", "ALL"), "id"); !reflect.DeepEqual(got, []string{dec, inv, inv}) {
			t.Errorf("every invoice row, by month %v", got)
		}
	})

	t.Run("spans", func(t *testing.T) {
		d := do(t, in, tok, dataExportOp, map[string]any{"k": "MESSAGES", "p": "THIS_YEAR"})
		since, until := d.str(t, "dataExport.since"), d.str(t, "dataExport.until")
		y := time.Now().UTC().Year()
		if !strings.HasPrefix(since, time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC).Format("2006-01-02")) || !strings.HasPrefix(until, time.Date(y+1, 1, 1, 0, 0, 0, 0, time.UTC).Format("2006-01-02")) {
			t.Errorf("this year: %s – %s", since, until)
		}
		if d := do(t, in, tok, dataExportOp, map[string]any{"k": "MESSAGES", "p": "ALL"}); d.get(t, "dataExport.since") != nil || d.get(t, "dataExport.until") != nil {
			t.Errorf("all time has no span: %v", d)
		}
		expectError(t, in, tok, dataExportOp, map[string]any{"k": "MESSAGES", "p": "YESTERDAY"}, "VALIDATION", "")
	})

	t.Run("another tenant sees only its own", func(t *testing.T) {
		for _, kind := range []string{"ACCOUNTS", "APPLICATIONS", "MESSAGES", "INVOICES"} {
			d := do(t, in, tokB, dataExportOp, map[string]any{"k": kind, "p": "ALL"})
			if csv := d.str(t, "dataExport.csv"); strings.Contains(csv, "Zenith") || strings.Contains(csv, "Oldco") || strings.Contains(csv, "Consulting") {
				t.Errorf("tenant B's %s export holds tenant A's records:\n%s", kind, csv)
			}
			if (kind == "ACCOUNTS" || kind == "APPLICATIONS") && d.get(t, "dataExport.rows") == float64(0) {
				t.Errorf("tenant B's %s export is empty: it has records of its own", kind)
			}
		}
	})

	t.Run("rights", func(t *testing.T) {
		member := func(name string, sections ...string) string {
			d := do(t, in, tok, `mutation($in: CreateUserInput!) { createUser(input: $in, password: "Member-passw0rd!") { id } }`,
				map[string]any{"in": map[string]any{"username": name, "email": name + "@example.com"}})
			do(t, in, tok, `mutation($id: ID!, $in: UserPermissionsInput!) { updateUserPermissions(id: $id, input: $in) { id } }`,
				map[string]any{"id": d.str(t, "createUser.id"), "in": map[string]any{"role": "MEMBER", "sections": sections, "allProducts": true}})
			return in.Login(t, name, "Member-passw0rd!", in.Cfg.AdminDomain)
		}
		partners, finance := member("exp_partners", "PARTNERS"), member("exp_finance", "FINANCE")
		for _, kind := range []string{"ACCOUNTS", "APPLICATIONS", "MESSAGES"} {
			exported(t, in, partners, kind, "ALL")
			expectError(t, in, finance, dataExportOp, map[string]any{"k": kind, "p": "ALL"}, "FORBIDDEN", "")
		}
		// A billing member reads the invoice's buyer, not the accounts.
		if got := column(t, exported(t, in, finance, "INVOICES", "ALL"), "buyer_name"); got[0] != "Zenith, Inc." {
			t.Errorf("buyer for a billing member %v", got)
		}
		expectError(t, in, partners, dataExportOp, map[string]any{"k": "INVOICES", "p": "ALL"}, "FORBIDDEN", "")
		expectError(t, in, "", dataExportOp, map[string]any{"k": "ACCOUNTS", "p": "ALL"}, "UNAUTHENTICATED", "")
	})
}
