package graph_test

import (
	"strings"
	"testing"
	"time"

	"github.com/portico-apim/portico/ent/emailtemplate"
	"github.com/portico-apim/portico/server/apptest"
	"github.com/portico-apim/portico/server/mail/mailtest"
)

const (
	emailTemplatesQ = `{ emailTemplates { name title customized variables } }`
	emailTemplateQ  = `query($n: String!) { emailTemplate(name: $n) { name subject body customized defaultSubject defaultBody variables } }`
	updateTemplateQ = `mutation($n: String!, $s: String!, $b: String!) {
		updateEmailTemplate(name: $n, subject: $s, body: $b) { name subject body customized }
	}`
	resetTemplateQ   = `mutation($n: String!) { resetEmailTemplate(name: $n) { name subject customized } }`
	previewTemplateQ = `mutation($n: String!, $s: String!, $b: String!) { previewEmailTemplate(name: $n, subject: $s, body: $b) { subject body } }`
)

// TestEmailTemplates edits the team invitation through GraphQL: the preview
// renders sample data, an invalid edit is refused with its line and stores
// nothing, the next invitation email (through a real SMTP server) has the
// edited text, another tenant keeps the default, and reset brings it back.
func TestEmailTemplates(t *testing.T) {
	t.Parallel()
	smtpd := mailtest.Start(t)
	cfg := apptest.Config(t)
	cfg.SMTPURL = smtpd.URL
	in := apptest.StartWith(t, cfg)
	other := in.NewTenant(t, "other.example.com")
	ctx, c := apptest.SystemContext(), in.Client()
	stored := func() int {
		n, err := c.EmailTemplate.Query().Count(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	vars := func(subject, body string) map[string]any {
		return map[string]any{"n": "invitation.team", "s": subject, "b": body}
	}

	t.Run("every email is listed", func(t *testing.T) {
		d := do(t, in, in.Admin, emailTemplatesQ, nil)
		names := map[string]bool{}
		for _, e := range d.list(t, "emailTemplates") {
			names[e.(map[string]any)["name"].(string)] = true
		}
		for _, want := range []string{"invitation.team", "invitation.developer", "invoice.issued", "invoice.paid",
			"invoice.payment_failed", "invoice.payment_failed_final", "card.expiring", "invoices.awaiting_review",
			"message.to_account", "message.from_developer", "plan_change.requested", "plan_change.applied", "plan_change.declined"} {
			if !names[want] {
				t.Errorf("no template %s among %v", want, names)
			}
		}
		d = do(t, in, in.Admin, emailTemplateQ, map[string]any{"n": "invitation.team"})
		if d.str(t, "emailTemplate.subject") != "Invitation to join {{.OrgName}} on Portico" || d.get(t, "emailTemplate.customized") != false {
			t.Errorf("default invitation: %v", d)
		}
		if v := d.list(t, "emailTemplate.variables"); len(v) != 4 || v[0] != "Inviter" {
			t.Errorf("variables %v", v)
		}
	})

	t.Run("preview renders sample data", func(t *testing.T) {
		d := do(t, in, in.Admin, previewTemplateQ, vars("Join {{.OrgName}}", "From {{.Inviter}}"))
		if d.str(t, "previewEmailTemplate.subject") != "Join Example Corp" || d.str(t, "previewEmailTemplate.body") != "From Jane Doe" {
			t.Errorf("preview %v", d)
		}
		e := expectError(t, in, in.Admin, previewTemplateQ, vars("Hi", "ok\n{{.Nope}}"), "VALIDATION", "body")
		if !strings.Contains(e.Message, "line 2") {
			t.Errorf("message %q does not give the line", e.Message)
		}
	})

	t.Run("an invalid edit is refused with its line and nothing is stored", func(t *testing.T) {
		e := expectError(t, in, in.Admin, updateTemplateQ, vars("Hi", "one\ntwo\n{{if .Inviter}}unclosed"), "VALIDATION", "body")
		if !strings.HasPrefix(e.Message, "body: line 3:") {
			t.Errorf("message %q, want the body's line 3", e.Message)
		}
		e = expectError(t, in, in.Admin, updateTemplateQ, vars("Hi {{.Nope}}", "ok"), "VALIDATION", "subject")
		if !strings.Contains(e.Message, "line 1") || !strings.Contains(e.Message, "Nope") {
			t.Errorf("message %q", e.Message)
		}
		if n := stored(); n != 0 {
			t.Errorf("%d templates stored", n)
		}
	})

	t.Run("unknown names are not found", func(t *testing.T) {
		e := expectError(t, in, in.Admin, updateTemplateQ, map[string]any{"n": "nope", "s": "x", "b": "y"}, "NOT_FOUND", "name")
		if !strings.Contains(e.Message, `"nope"`) {
			t.Errorf("message %q", e.Message)
		}
		expectError(t, in, in.Admin, emailTemplateQ, map[string]any{"n": "nope"}, "NOT_FOUND", "name")
	})

	t.Run("the next invitation uses the edit", func(t *testing.T) {
		d := do(t, in, in.Admin, updateTemplateQ, vars("Come work with {{.OrgName}}", "Hello!\n{{.Inviter}} wants you on board: {{.AcceptURL}}\n"))
		if d.get(t, "updateEmailTemplate.customized") != true {
			t.Errorf("update answered %v", d)
		}
		do(t, in, in.Admin, inviteQ, map[string]any{"email": "edited@example.com"})
		msg := smtpd.WaitFor(t, "edited@example.com", 10*time.Second)
		if !strings.HasPrefix(msg.Subject, "Come work with ") || !strings.Contains(msg.Body, "wants you on board: http") {
			t.Errorf("email %q:\n%s", msg.Subject, msg.Body)
		}
		if _, token := inviteLink(t, msg.Body); token == "" {
			t.Error("the edited email lost its link")
		}
	})

	t.Run("another tenant keeps the default and cannot change the edit", func(t *testing.T) {
		d := do(t, in, other, emailTemplateQ, map[string]any{"n": "invitation.team"})
		if d.get(t, "emailTemplate.customized") != false || d.str(t, "emailTemplate.subject") != "Invitation to join {{.OrgName}} on Portico" {
			t.Errorf("the other tenant sees %v", d)
		}
		do(t, in, other, resetTemplateQ, map[string]any{"n": "invitation.team"})
		do(t, in, other, updateTemplateQ, vars("Other's {{.OrgName}}", "x"))
		d = do(t, in, in.Admin, emailTemplateQ, map[string]any{"n": "invitation.team"})
		if d.str(t, "emailTemplate.subject") != "Come work with {{.OrgName}}" {
			t.Errorf("after the other tenant's reset and edit: %v", d)
		}
		do(t, in, other, inviteQ, map[string]any{"email": "other.invitee@example.com"})
		if msg := smtpd.WaitFor(t, "other.invitee@example.com", 10*time.Second); !strings.HasPrefix(msg.Subject, "Other's ") {
			t.Errorf("the other tenant's email says %q", msg.Subject)
		}
	})

	t.Run("reset brings the default back", func(t *testing.T) {
		d := do(t, in, in.Admin, resetTemplateQ, map[string]any{"n": "invitation.team"})
		if d.get(t, "resetEmailTemplate.customized") != false || d.str(t, "resetEmailTemplate.subject") != "Invitation to join {{.OrgName}} on Portico" {
			t.Errorf("reset answered %v", d)
		}
		if n, _ := c.EmailTemplate.Query().Where(emailtemplate.Name("invitation.team")).Count(ctx); n != 1 {
			t.Errorf("%d stored invitation templates, want only the other tenant's", n)
		}
		do(t, in, in.Admin, inviteQ, map[string]any{"email": "reset@example.com"})
		if msg := smtpd.WaitFor(t, "reset@example.com", 10*time.Second); !strings.HasPrefix(msg.Subject, "Invitation to join ") {
			t.Errorf("after reset the email says %q", msg.Subject)
		}
	})
}
