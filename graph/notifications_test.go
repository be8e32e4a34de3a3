package graph_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/portico-apim/portico/ent/emailmessage"
	"github.com/portico-apim/portico/ent/notification"
	"github.com/portico-apim/portico/ent/user"
	"github.com/portico-apim/portico/schema/viewer"
	"github.com/portico-apim/portico/server/apptest"
	"github.com/portico-apim/portico/server/auth/password"
	"github.com/portico-apim/portico/server/mail/mailtest"
)

const feedQ = `{ viewer { unreadNotificationCount notifications(first: 20) { totalCount edges { node { id kind title body link readAt } } } } }`

// TestSignupAwaitingApprovalNotifiesTheTeam signs a developer up on a tenant
// that approves accounts: every admin and the member with the developer
// accounts area are emailed a link to the account, within seconds, and find
// it in their feed; a member without the area hears nothing; a preference
// turned off stops the email but not the feed item.
func TestSignupAwaitingApprovalNotifiesTheTeam(t *testing.T) {
	t.Parallel()
	smtpd := mailtest.Start(t)
	cfg := apptest.Config(t)
	cfg.SMTPURL = smtpd.URL
	in := apptest.StartWith(t, cfg)
	f := loadFixture(t, in)
	ctx, c := apptest.SystemContext(), in.Client()
	portal := accessToken(t, in, in.Admin, "RW")
	do(t, in, in.Admin, `mutation { updateTenant(input: {accountApprovalRequired: true}) { id } }`, nil)

	h, err := password.Hash(apptest.AdminPassword)
	if err != nil {
		t.Fatal(err)
	}
	team := []struct {
		name     string
		role     user.Role
		sections []viewer.Section
	}{
		{"second", user.RoleADMIN, nil},
		{"partners", user.RoleMEMBER, []viewer.Section{viewer.SectionPartners}},
		{"analyst", user.RoleMEMBER, []viewer.Section{viewer.SectionMonitoring}},
	}
	tokens := map[string]string{"admin": in.Admin}
	for _, m := range team {
		c.User.Create().SetTenantID(f.tenantID).SetUsername(m.name).SetEmail(m.name + "@provider.example").SetRole(m.role).
			SetSections(m.sections).SetPasswordHash(h).ExecX(ctx)
		tokens[m.name] = in.Login(t, m.name, apptest.AdminPassword, "")
	}
	adminEmail := c.User.Query().Where(user.TenantID(f.tenantID), user.Username("admin")).OnlyX(ctx).Email

	// The second admin wants no email of pending accounts.
	set := do(t, in, tokens["second"], `mutation { setNotificationSetting(kind: "account_pending_approval", email: false) { kind email } }`, nil)
	if set.val(t, "setNotificationSetting.email") != "false" {
		t.Fatalf("preference: %v", set)
	}
	// The analyst's rights do not reach accounts: the kind is not theirs to choose.
	expectError(t, in, tokens["analyst"], `mutation { setNotificationSetting(kind: "account_pending_approval", email: true) { kind } }`, nil, "FORBIDDEN", "")
	expectError(t, in, tokens["admin"], `mutation { setNotificationSetting(kind: "no_such_kind", email: true) { kind } }`, nil, "VALIDATION", "kind")

	// The tenant words its notification emails its own way; a template
	// naming an unknown field is refused with its line.
	expectError(t, in, tokens["admin"], `mutation { updateEmailTemplate(name: "notification", subject: "{{.Title}}", body: "Hello\n{{.Nope}}") { name } }`,
		nil, "VALIDATION", "body")
	do(t, in, tokens["admin"], `mutation($b: String!) { updateEmailTemplate(name: "notification", subject: "[Team] {{.Title}}", body: $b) { name } }`,
		map[string]any{"b": "{{.Title}}\n\nSee {{.URL}}\n"})

	start := time.Now()
	d := do(t, in, portal, signupOp, signupVars("Beta", nil))
	if got := d.str(t, "signup.account.state"); got != "PENDING" {
		t.Fatalf("signup state %s, want PENDING", got)
	}
	accountID := d.str(t, "signup.account.id")
	link := in.Cfg.AdminURL + "/audience/accounts/" + accountID
	for _, to := range []string{adminEmail, "partners@provider.example"} {
		msg := waitForSubject(t, smtpd, to, "[Team] Beta signed up and awaits approval")
		if !strings.Contains(msg.Body, "See "+link+"\n") {
			t.Errorf("the email to %s does not link to the account (%s):\n%s", to, link, msg.Body)
		}
	}
	t.Logf("emails delivered %v after the signup", time.Since(start).Round(time.Millisecond))

	// Everyone entitled has the feed item, the second admin included: one
	// item, which tells of the subscription and application the signup made.
	pending := func(feed tree) tree {
		for _, e := range feed.list(t, "viewer.notifications.edges") {
			n := tree(e.(map[string]any)["node"].(map[string]any))
			if n.str(t, "kind") == "account_pending_approval" {
				return n
			}
		}
		return nil
	}
	for _, who := range []string{"admin", "second", "partners"} {
		feed := do(t, in, tokens[who], feedQ, nil)
		if got := feed.val(t, "viewer.notifications.totalCount"); got != "1" {
			t.Errorf("%s: %s notifications after one signup, want 1", who, got)
		}
		n := pending(feed)
		if n == nil {
			t.Errorf("%s: no pending account in the feed", who)
			continue
		}
		if got := n.str(t, "link"); got != "/audience/accounts/"+accountID {
			t.Errorf("%s: link %s", who, got)
		}
		if n.get(t, "readAt") != nil {
			t.Errorf("%s: the item is read already", who)
		}
		if got := n.str(t, "body"); !strings.HasSuffix(got, "It came with 1 product subscription and 1 application.") {
			t.Errorf("%s: body %q", who, got)
		}
	}
	// Nobody else was emailed; the analyst has nothing at all.
	if n := c.EmailMessage.Query().Where(emailmessage.To("second@provider.example"), emailmessage.SubjectContains("awaits approval")).CountX(ctx); n != 0 {
		t.Errorf("the second admin, who turned the email off, was emailed %d times", n)
	}
	if n := c.EmailMessage.Query().Where(emailmessage.To("analyst@provider.example")).CountX(ctx); n != 0 {
		t.Errorf("the analyst was emailed %d times", n)
	}
	if feed := do(t, in, tokens["analyst"], feedQ, nil); feed.val(t, "viewer.notifications.totalCount") != "0" {
		t.Errorf("the analyst's feed: %v", feed)
	}

	// Approving from the link's page: the admin approves, the others hear of it
	// in their feed (approvals are not emailed unless chosen), the admin not.
	do(t, in, tokens["admin"], `mutation($id: ID!) { approveAccount(id: $id) { state } }`, map[string]any{"id": accountID})
	waitFor(t, "the approval notification", func() error {
		n := c.Notification.Query().Where(notification.Kind("account_approved")).CountX(ctx)
		if n != 2 {
			return fmt.Errorf("%d approval notifications, want 2 (second admin and partners member)", n)
		}
		return nil
	})

	// Marking read: one's own only; another user's notification is not found.
	mine := do(t, in, tokens["partners"], feedQ, nil).str(t, "viewer.notifications.edges.0.node.id")
	expectError(t, in, tokens["second"], `mutation($ids: [ID!]) { markNotificationsRead(ids: $ids) }`, map[string]any{"ids": []string{mine}}, "NOT_FOUND", "")
	if got := do(t, in, tokens["partners"], `mutation($ids: [ID!]) { markNotificationsRead(ids: $ids) }`, map[string]any{"ids": []string{mine}}).
		val(t, "markNotificationsRead"); got != "1" {
		t.Errorf("marked %s, want 1", got)
	}
	before := do(t, in, tokens["partners"], feedQ, nil).val(t, "viewer.unreadNotificationCount")
	if got := do(t, in, tokens["partners"], `mutation { markNotificationsRead }`, nil).val(t, "markNotificationsRead"); got != before {
		t.Errorf("marked all: %s, want the %s left", got, before)
	}
	if got := do(t, in, tokens["partners"], feedQ, nil).val(t, "viewer.unreadNotificationCount"); got != "0" {
		t.Errorf("unread after marking all read: %s", got)
	}
	if got := do(t, in, tokens["second"], feedQ, nil).val(t, "viewer.notifications.totalCount"); got != do(t, in, tokens["second"], feedQ, nil).val(t, "viewer.unreadNotificationCount") {
		t.Errorf("the second admin's notifications were marked read with another user's")
	}

	// Another tenant sees none of it.
	other := in.NewTenant(t, "notify-other.example")
	if feed := do(t, in, other, feedQ, nil); feed.val(t, "viewer.notifications.totalCount") != "0" {
		t.Errorf("another tenant's feed: %v", feed)
	}
	expectError(t, in, other, `mutation($ids: [ID!]) { markNotificationsRead(ids: $ids) }`, map[string]any{"ids": []string{mine}}, "NOT_FOUND", "")
	// A notification is personal: neither another tenant nor a teammate reads it by id.
	for who, tok := range map[string]string{"another tenant": other, "a teammate": tokens["second"]} {
		r := in.GraphQL(t, tok, `query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": mine})
		if len(r.Errors) == 0 || r.Errors[0].Code() != "NOT_FOUND" {
			t.Errorf("%s read the partners member's notification: %s %+v", who, r.Data, r.Errors)
		}
	}
	if r := in.GraphQL(t, tokens["partners"], `query($id: ID!) { node(id: $id) { ... on Notification { kind } } }`, map[string]any{"id": mine}); len(r.Errors) != 0 {
		t.Errorf("the owner cannot read their notification: %+v", r.Errors)
	}
}

// waitFor polls cond for up to 15 s.
func waitFor(t *testing.T, what string, cond func() error) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		err := cond()
		if err == nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: %v", what, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// val returns the value at path as text (numbers and booleans included).
func (tr tree) val(t testing.TB, path string) string {
	t.Helper()
	return fmt.Sprint(tr.get(t, path))
}
