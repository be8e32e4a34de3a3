package mail_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/portico-apim/portico/ent/emailmessage"
	"github.com/portico-apim/portico/ent/emailtemplate"
	"github.com/portico-apim/portico/ent/tenant"
	"github.com/portico-apim/portico/schema/viewer"
	"github.com/portico-apim/portico/server/apptest"
	"github.com/portico-apim/portico/server/mail"
	"github.com/portico-apim/portico/server/problem"
)

type greeting struct {
	Name  string
	Items []string
}

var greetingTemplate = mail.Template{
	Name:        "test.greeting",
	Title:       "Greeting",
	Description: "A test email.",
	Subject:     "Hello {{.Name}}",
	Body:        "Dear {{.Name}},\n{{range .Items}}- {{.}}\n{{end}}",
	Sample:      greeting{Name: "Ada", Items: []string{"one", "two"}},
}

var mapTemplate = mail.Template{
	Name: "test.map", Title: "Map", Subject: "Hi {{.Who}}", Body: "{{.Who}} {{.When}}",
	Sample: map[string]any{"When": "today", "Who": "Bob"},
}

// testTemplates are the catalogue of these tests.
func testTemplates() []mail.Template { return []mail.Template{mapTemplate, greetingTemplate} }

func TestCatalogue(t *testing.T) {
	t.Parallel()
	cat, err := mail.NewCatalog(testTemplates()...)
	if err != nil {
		t.Fatal(err)
	}
	got, ok := cat.Lookup("test.greeting")
	if !ok || got.Title != "Greeting" {
		t.Fatalf("lookup: %+v %v", got, ok)
	}
	if _, ok := cat.Lookup("test.nope"); ok {
		t.Error("found an undefined template")
	}
	var names []string
	for _, tm := range cat.Templates() {
		names = append(names, tm.Name)
	}
	if !slices.IsSorted(names) || !slices.Contains(names, "test.greeting") || !slices.Contains(names, "test.map") {
		t.Errorf("templates %v, want them sorted, test.greeting and test.map among them", names)
	}
	if v := mail.Variables(greetingTemplate); strings.Join(v, ",") != "Name,Items" {
		t.Errorf("struct variables %v", v)
	}
	if v := mail.Variables(mapTemplate); strings.Join(v, ",") != "When,Who" {
		t.Errorf("map variables %v", v)
	}
	for _, bad := range []mail.Template{
		greetingTemplate, // a duplicate
		{Name: "test.bad", Title: "Bad", Subject: "x", Body: "{{.Nope}}", Sample: greeting{}},
		{Title: "No name", Subject: "x", Body: "y"},
	} {
		if _, err := mail.NewCatalog(append(testTemplates(), bad)...); err == nil {
			t.Errorf("a catalogue with %q was accepted", bad.Name)
		}
	}
}

// TestCheck validates sources: every refusal is a validation error on the
// right field, giving the line where the template says where.
func TestCheck(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name, subject, body string
		field, msg          string
	}{
		{name: "defaults", subject: greetingTemplate.Subject, body: greetingTemplate.Body},
		{name: "parse error in the body", subject: "Hi", body: "line one\nline two\n{{if .Name}}open", field: "body", msg: "line 3: unexpected EOF"},
		{name: "unknown field", subject: "Hi", body: "a\nb\n\n{{.Nope}}", field: "body", msg: "line 4: <.Nope>: can't evaluate field Nope"},
		{name: "unknown function", subject: "Hi", body: "a\n{{nope .Name}}", field: "body", msg: `line 2: function "nope" not defined`},
		{name: "parse error in the subject", subject: "Hi {{.Name", body: "b", field: "subject", msg: "line 1:"},
		{name: "subject on two lines", subject: "Hi\nthere", body: "b", field: "subject", msg: "must be one line"},
		{name: "subject rendering two lines", subject: `Hi{{"\n"}}there`, body: "b", field: "subject", msg: "renders to more than one line"},
		{name: "empty subject", subject: " ", body: "b", field: "subject", msg: "must not be empty"},
		{name: "subject too long", subject: strings.Repeat("x", 256), body: "b", field: "subject", msg: "at most 255"},
		{name: "body too long", subject: "Hi", body: strings.Repeat("x", 64*1024+1), field: "body", msg: "at most 65536"},
		{name: "range over a big number", subject: "Hi", body: "\n{{range 100000000}}{{end}}", field: "body", msg: "more than 100000 loop iterations"},
		{name: "nested ranges", subject: "Hi", body: strings.Repeat("{{range $.Items}}", 20) + strings.Repeat("{{end}}", 20), field: "body", msg: "more than 100000 loop iterations"},
		{name: "branching template calls", subject: "Hi", body: calls(20), field: "body", msg: "more than 100000 loop iterations"},
		{name: "printf width from an argument", subject: "Hi", body: `{{printf "%[2]*[1]d" 1 999999999}}`, field: "body", msg: "limited to 3 digits"},
		{name: "huge printf width", subject: "Hi", body: `{{printf "%999999999d" 1}}`, field: "body", msg: "limited to 3 digits"},
		{name: "huge output", subject: "Hi", body: `{{define "a"}}` + strings.Repeat("x", 1000) + `{{end}}{{range .Items}}` +
			strings.Repeat(`{{template "a"}}`, 1000) + `{{end}}`, field: "body", msg: "renders to more than"},
	} {
		t.Run(c.name, func(t *testing.T) {
			subject, body, err := mail.Check(greetingTemplate, c.subject, c.body)
			if c.field == "" {
				if err != nil {
					t.Fatal(err)
				}
				if subject != "Hello Ada" || body != "Dear Ada,\n- one\n- two\n" {
					t.Errorf("rendered %q %q", subject, body)
				}
				return
			}
			var pe *problem.Error
			if !errors.As(err, &pe) || pe.Kind != problem.KindInvalid || pe.Field != c.field || !strings.Contains(pe.Message, c.msg) {
				t.Fatalf("error %#v, want a validation error on %s saying %q", err, c.field, c.msg)
			}
		})
	}
	t.Run("missing map key", func(t *testing.T) {
		_, _, err := mail.Check(mapTemplate, "Hi", "{{.Who}}\n{{.Nope}}")
		if err == nil || !strings.Contains(err.Error(), "line 2") || !strings.Contains(err.Error(), `no entry for key "Nope"`) {
			t.Fatalf("error %v, want line 2 and the missing key", err)
		}
	})
}

// calls is a body whose n nested templates each call the next twice.
func calls(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, `{{define "t%d"}}{{template "t%d"}}{{template "t%d"}}{{end}}`, i, i+1, i+1)
	}
	fmt.Fprintf(&b, `{{define "t%d"}}x{{end}}{{template "t0"}}`, n)
	return b.String()
}

// FuzzValidateTemplate checks that any source is either refused with a
// validation error on subject or body, or renders within the limits.
func FuzzValidateTemplate(f *testing.F) {
	for _, seed := range [][2]string{
		{"Hello {{.Name}}", "Dear {{.Name}},\n{{range .Items}}- {{.}}\n{{end}}"},
		{"{{", "}}"},
		{"{{.Nope}}", "{{template \"x\"}}"},
		{"Hi", `{{define "x"}}{{template "x"}}{{end}}{{template "x"}}`},
		{"Hi", `{{printf "%*d" 5 1}}{{printf "%.9999f" 1.0}}`},
		{"Hi", "{{range $i, $e := .Items}}{{$i}}{{end}}{{len .Name}}{{slice .Name 1}}{{index .Items 5}}"},
		{"Hi {{`\n`}}", "{{call .Name}}"},
		{"Hi", "{{range .Items}}{{range $.Items}}{{range $.Items}}{{.}}{{end}}{{end}}{{end}}"},
	} {
		f.Add(seed[0], seed[1])
	}
	f.Fuzz(func(t *testing.T, subject, body string) {
		s, b, err := mail.Check(greetingTemplate, subject, body)
		if err != nil {
			var pe *problem.Error
			if !errors.As(err, &pe) || pe.Kind != problem.KindInvalid || (pe.Field != "subject" && pe.Field != "body") {
				t.Fatalf("error %#v is not a validation error on subject or body", err)
			}
			return
		}
		if strings.ContainsAny(s, "\r\n") || s == "" || len(s) > 1<<20 || len(b) > 1<<20 {
			t.Fatalf("accepted a template rendering subject %q and a body of %d bytes", s, len(b))
		}
	})
}

// TestTenantTemplates edits, renders and resets a template of two tenants:
// the next email uses the edit, an invalid edit is refused with its line and
// nothing is stored, and one tenant cannot read or change the other's.
func TestTenantTemplates(t *testing.T) {
	t.Parallel()
	in := apptest.Start(t)
	client := in.Client()
	sys := apptest.SystemContext()
	a, err := client.Tenant.Query().Where(tenant.Master(false)).Only(sys)
	if err != nil {
		t.Fatal(err)
	}
	b, err := client.Tenant.Create().SetOrgName("Tenant B").SetAdminDomain("b.example.com").SetProviderKey("key-b").Save(sys)
	if err != nil {
		t.Fatal(err)
	}
	s, err := mail.New(mail.Config{Client: client, Templates: testTemplates()})
	if err != nil {
		t.Fatal(err)
	}
	adminOf := func(tenantID int) context.Context {
		return viewer.NewContext(context.Background(), &viewer.Viewer{TenantID: tenantID, UserID: 1, Role: viewer.RoleAdmin})
	}
	ctxA, ctxB := adminOf(a.ID), adminOf(b.ID)
	data := greeting{Name: "Grace", Items: []string{"x"}}
	render := func(t *testing.T, tenantID int) (string, string) {
		t.Helper()
		subject, body, err := s.Render(context.Background(), client, tenantID, "test.greeting", data)
		if err != nil {
			t.Fatal(err)
		}
		return subject, body
	}
	stored := func(t *testing.T) int {
		t.Helper()
		n, err := client.EmailTemplate.Query().Count(sys)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}

	t.Run("the default applies until edited", func(t *testing.T) {
		if subj, body := render(t, a.ID); subj != "Hello Grace" || body != "Dear Grace,\n- x\n" {
			t.Errorf("rendered %q %q", subj, body)
		}
		tt, err := s.TenantTemplate(ctxA, "test.greeting")
		if err != nil || tt.Customized || tt.Subject != greetingTemplate.Subject {
			t.Errorf("template %+v %v", tt, err)
		}
	})

	t.Run("an invalid edit is refused with its line and nothing is stored", func(t *testing.T) {
		_, err := s.UpdateTemplate(ctxA, "test.greeting", "Hi", "ok\n{{.Nope}}")
		var pe *problem.Error
		if !errors.As(err, &pe) || pe.Field != "body" || !strings.HasPrefix(pe.Message, "line 2:") {
			t.Fatalf("error %v, want the body's line 2", err)
		}
		if n := stored(t); n != 0 {
			t.Errorf("%d templates stored", n)
		}
	})

	t.Run("the next email uses the edit", func(t *testing.T) {
		tt, err := s.UpdateTemplate(ctxA, "test.greeting", "Welcome, {{.Name}}", "Hi {{.Name}}!")
		if err != nil || !tt.Customized || tt.Body != "Hi {{.Name}}!" {
			t.Fatalf("update: %+v %v", tt, err)
		}
		if _, err := s.UpdateTemplate(ctxA, "test.greeting", "Welcome again, {{.Name}}", "Hi {{.Name}}!"); err != nil {
			t.Fatal(err)
		}
		msg, err := s.EnqueueTemplate(context.Background(), client, a.ID, "grace@example.com", "test.greeting", data)
		if err != nil {
			t.Fatal(err)
		}
		if msg.Subject != "Welcome again, Grace" || msg.Body != "Hi Grace!" || msg.State != emailmessage.StateKEPT {
			t.Errorf("queued %q %q %s", msg.Subject, msg.Body, msg.State)
		}
		if subj, _ := render(t, b.ID); subj != "Hello Grace" {
			t.Errorf("tenant B's email says %q: it must keep the default", subj)
		}
	})

	t.Run("a tenant cannot read or change another's edit", func(t *testing.T) {
		tt, err := s.TenantTemplate(ctxB, "test.greeting")
		if err != nil || tt.Customized {
			t.Errorf("tenant B sees %+v %v", tt, err)
		}
		all, err := s.TenantTemplates(ctxB)
		if err != nil {
			t.Fatal(err)
		}
		for _, tt := range all {
			if tt.Customized {
				t.Errorf("tenant B sees %s customized", tt.Name)
			}
		}
		if n, err := client.EmailTemplate.Query().Count(ctxB); err != nil || n != 0 {
			t.Errorf("tenant B reads %d stored templates (%v)", n, err)
		}
		if _, err := s.ResetTemplate(ctxB, "test.greeting"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.UpdateTemplate(ctxB, "test.greeting", "B's {{.Name}}", "B"); err != nil {
			t.Fatal(err)
		}
		if subj, _ := render(t, a.ID); subj != "Welcome again, Grace" {
			t.Errorf("tenant A's email says %q after tenant B's reset and edit", subj)
		}
		if n, _ := client.EmailTemplate.Query().Where(emailtemplate.TenantID(a.ID)).Count(sys); n != 1 {
			t.Errorf("tenant A has %d stored templates, want 1", n)
		}
	})

	t.Run("members need the settings section", func(t *testing.T) {
		member := func(sections ...viewer.Section) context.Context {
			return viewer.NewContext(context.Background(), &viewer.Viewer{TenantID: a.ID, UserID: 2, Role: viewer.RoleMember, Sections: sections})
		}
		for name, call := range map[string]func(ctx context.Context) error{
			"list": func(ctx context.Context) error { _, err := s.TenantTemplates(ctx); return err },
			"update": func(ctx context.Context) error {
				_, err := s.UpdateTemplate(ctx, "test.greeting", "x", "y")
				return err
			},
			"reset": func(ctx context.Context) error { _, err := s.ResetTemplate(ctx, "test.greeting"); return err },
			"preview": func(ctx context.Context) error {
				_, _, err := s.PreviewTemplate(ctx, "test.greeting", "x", "y")
				return err
			},
		} {
			if err := call(member(viewer.SectionPartners)); problem.Classify(err).Kind != problem.KindForbidden {
				t.Errorf("%s by a partners member: %v, want forbidden", name, err)
			}
			if err := call(member(viewer.SectionSettings)); err != nil {
				t.Errorf("%s by a settings member: %v", name, err)
			}
		}
		if _, err := s.UpdateTemplate(ctxA, "test.greeting", "Welcome again, {{.Name}}", "Hi {{.Name}}!"); err != nil {
			t.Fatal(err)
		}
	})

	t.Run("reset brings the default back", func(t *testing.T) {
		tt, err := s.ResetTemplate(ctxA, "test.greeting")
		if err != nil || tt.Customized || tt.Subject != greetingTemplate.Subject {
			t.Fatalf("reset: %+v %v", tt, err)
		}
		if subj, _ := render(t, a.ID); subj != "Hello Grace" {
			t.Errorf("after reset the email says %q", subj)
		}
		if n, _ := client.EmailTemplate.Query().Where(emailtemplate.TenantID(a.ID)).Count(sys); n != 0 {
			t.Errorf("%d rows left after reset", n)
		}
	})

	t.Run("unknown names are not found", func(t *testing.T) {
		_, err := s.UpdateTemplate(ctxA, "test.nope", "x", "y")
		if pe := problem.Classify(err); pe.Kind != problem.KindNotFound || !strings.Contains(pe.Message, `"test.nope"`) {
			t.Errorf("error %v", err)
		}
		if _, _, err := s.Render(context.Background(), client, a.ID, "test.nope", nil); err == nil {
			t.Error("rendered an unknown template")
		}
	})

	t.Run("an edit failing with real data falls back to the default", func(t *testing.T) {
		if _, err := s.UpdateTemplate(ctxA, "test.greeting", "Hi", "{{index .Items 1}}"); err != nil {
			t.Fatal(err)
		}
		if _, body := render(t, a.ID); body != "Dear Grace,\n- x\n" {
			t.Errorf("body %q, want the default's", body)
		}
	})
}
