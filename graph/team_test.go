package graph_test

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/portico-apim/portico/server/apptest"
	"github.com/portico-apim/portico/server/mail/mailtest"
)

const (
	inviteQ = `mutation($email: String!) { inviteUser(email: $email) { id email status expiresAt sentAt acceptedAt userID } }`
	acceptQ = `mutation($token: String!, $username: String!, $password: String!, $first: String) {
		acceptInvitation(token: $token, username: $username, password: $password, firstName: $first, lastName: "Lovelace") {
			accessToken refreshToken tokenType
		}
	}`
	resendQ      = `mutation($id: ID!) { resendInvitation(id: $id) { id status expiresAt } }`
	revokeQ      = `mutation($id: ID!) { revokeInvitation(id: $id) { id status revokedAt } }`
	invitationsQ = `{ invitations(first: 50, orderBy: [{field: CREATED_AT, direction: ASC}]) { totalCount edges { node { id email status userID } } } }`
	outboxQ      = `query($to: String!) { emailMessages(first: 50, where: {to: $to}, orderBy: [{field: CREATED_AT, direction: ASC}]) {
		edges { node { to subject body state attempts sentAt } }
	} }`
	meQ = `{ viewer { user { username email firstName lastName role signupType sections allProducts } } }`
)

// linkRE finds the acceptance link of an invitation email.
var linkRE = regexp.MustCompile(`(https?://\S+)/accept-invitation\?token=([0-9a-f]{64})`)

func inviteLink(t *testing.T, body string) (base, token string) {
	t.Helper()
	m := linkRE.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no acceptance link in the email:\n%s", body)
	}
	return m[1], m[2]
}

// TestInvitationBySMTP invites a team member through a real SMTP server on
// loopback: the email arrives, its link is followed, the new member accepts,
// works as a member with no areas, and logs in with the chosen password.
func TestInvitationBySMTP(t *testing.T) {
	t.Parallel()
	smtpd := mailtest.Start(t)
	cfg := apptest.Config(t)
	cfg.SMTPURL = smtpd.URL
	in := apptest.StartWith(t, cfg)

	inv := do(t, in, in.Admin, inviteQ, map[string]any{"email": "ada@example.com"})
	if inv.str(t, "inviteUser.status") != "PENDING" || inv.get(t, "inviteUser.acceptedAt") != nil {
		t.Fatalf("new invitation: %v", inv)
	}
	expires, err := time.Parse(time.RFC3339, inv.str(t, "inviteUser.expiresAt"))
	if err != nil || time.Until(expires) < 7*24*time.Hour-time.Minute || time.Until(expires) > 7*24*time.Hour {
		t.Errorf("expires at %v (%v), want in 7 days", expires, err)
	}

	msg := smtpd.WaitFor(t, "ada@example.com", 10*time.Second)
	if msg.From != "no-reply@localhost" || !strings.Contains(msg.Subject, "Invitation to join") {
		t.Errorf("email from %q, subject %q", msg.From, msg.Subject)
	}
	base, token := inviteLink(t, msg.Body)
	if base != in.URL {
		t.Errorf("the link points to %s, want the server the admin used (%s)", base, in.URL)
	}
	// The link opens the admin console (which posts acceptInvitation).
	resp, err := http.Get(base + "/accept-invitation?token=" + url.QueryEscape(token))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
		t.Errorf("the link answers %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	// The outbox records the delivery (just after the server took it).
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		sent := do(t, in, in.Admin, outboxQ, map[string]any{"to": "ada@example.com"})
		s := sent.nodeField(t, "emailMessages", "state")
		if len(s) == 1 && s[0] == "SENT" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("outbox states %v, want [SENT]", s)
		}
	}

	// The form reads the policy without credentials; a dead link has none.
	policy := do(t, in, "", `query($token: String!) { invitationPasswordPolicy(token: $token) { minLength refusesCommon requiresCharacterClasses } }`,
		map[string]any{"token": token})
	if got := policy.get(t, "invitationPasswordPolicy"); fmt.Sprint(got) != "map[minLength:12 refusesCommon:true requiresCharacterClasses:false]" {
		t.Errorf("invitation password policy %v, want the team default (12 characters, common passwords refused)", got)
	}
	expectError(t, in, "", `query { invitationPasswordPolicy(token: "no-such-link") { minLength } }`, nil, "NOT_FOUND", "")

	// The tenant's password policy applies.
	expectError(t, in, "", acceptQ, map[string]any{"token": token, "username": "ada", "password": "short"}, "VALIDATION", "password")
	session := do(t, in, "", acceptQ, map[string]any{"token": token, "username": "ada", "password": "Analyt1cal-engine", "first": "Ada"})
	access := session.str(t, "acceptInvitation.accessToken")
	if session.str(t, "acceptInvitation.refreshToken") == "" || session.str(t, "acceptInvitation.tokenType") != "Bearer" {
		t.Errorf("session %v", session)
	}
	me := do(t, in, access, meQ, nil)
	if me.str(t, "viewer.user.role") != "MEMBER" || me.str(t, "viewer.user.signupType") != "INVITATION" ||
		me.str(t, "viewer.user.email") != "ada@example.com" || me.str(t, "viewer.user.firstName") != "Ada" ||
		me.str(t, "viewer.user.lastName") != "Lovelace" || len(me.list(t, "viewer.user.sections")) != 0 ||
		me.get(t, "viewer.user.allProducts") != false {
		t.Errorf("the new member: %v", me)
	}
	// No areas until an admin grants them.
	expectError(t, in, access, `{ accounts(first: 1) { totalCount } }`, nil, "FORBIDDEN", "")
	// The member logs in with the chosen password, by username or email.
	in.Login(t, "ada", "Analyt1cal-engine", "")
	in.Login(t, "ada@example.com", "Analyt1cal-engine", "")

	// The link works once.
	e := expectError(t, in, "", acceptQ, map[string]any{"token": token, "username": "ada2", "password": "Analyt1cal-engine"}, "CONFLICT", "")
	if !strings.Contains(e.Message, "already been accepted") {
		t.Errorf("reused link: %q", e.Message)
	}
	list := do(t, in, in.Admin, invitationsQ, nil)
	if s := list.nodeField(t, "invitations", "status"); len(s) != 1 || s[0] != "ACCEPTED" {
		t.Errorf("statuses %v, want [ACCEPTED]", s)
	}
}

// TestInvitationOutbox works without SMTP: invitation emails are KEPT in the
// outbox, which admins read and members do not; it covers resending,
// revoking, expiry, refused tokens and tenant isolation.
func TestInvitationOutbox(t *testing.T) {
	t.Parallel()
	in := apptest.Start(t)
	sys := apptest.SystemContext()

	// kept returns the bodies of the emails kept for to.
	kept := func(t *testing.T, to string) []string {
		t.Helper()
		d := do(t, in, in.Admin, outboxQ, map[string]any{"to": to})
		for _, s := range d.nodeField(t, "emailMessages", "state") {
			if s != "KEPT" {
				t.Errorf("outbox state %s, want KEPT", s)
			}
		}
		return d.nodeField(t, "emailMessages", "body")
	}
	accept := func(token, username string) map[string]any {
		return map[string]any{"token": token, "username": username, "password": "Sup3r-secret-pw"}
	}

	first := do(t, in, in.Admin, inviteQ, map[string]any{"email": "grace@example.com"})
	firstID := first.str(t, "inviteUser.id")
	bodies := kept(t, "grace@example.com")
	if len(bodies) != 1 {
		t.Fatalf("%d emails kept, want 1", len(bodies))
	}
	_, oldToken := inviteLink(t, bodies[0])

	t.Run("refused invitations", func(t *testing.T) {
		expectError(t, in, in.Admin, inviteQ, map[string]any{"email": "not an email"}, "VALIDATION", "email")
		e := expectError(t, in, in.Admin, inviteQ, map[string]any{"email": "GRACE@example.com"}, "CONFLICT", "email")
		if !strings.Contains(e.Message, "pending invitation") {
			t.Errorf("second invitation: %q", e.Message)
		}
		expectError(t, in, in.Admin, inviteQ, map[string]any{"email": "admin@localhost"}, "CONFLICT", "email")
		expectError(t, in, "", inviteQ, map[string]any{"email": "x@example.com"}, "UNAUTHENTICATED", "")
	})

	t.Run("resend replaces the link", func(t *testing.T) {
		d := do(t, in, in.Admin, resendQ, map[string]any{"id": firstID})
		if d.str(t, "resendInvitation.status") != "PENDING" {
			t.Fatalf("resent: %v", d)
		}
		bodies := kept(t, "grace@example.com")
		if len(bodies) != 2 {
			t.Fatalf("%d emails kept, want 2", len(bodies))
		}
		_, newToken := inviteLink(t, bodies[1])
		if newToken == oldToken {
			t.Fatal("resending kept the same token")
		}
		e := expectError(t, in, "", acceptQ, accept(oldToken, "grace"), "NOT_FOUND", "")
		if !strings.Contains(e.Message, "not valid") {
			t.Errorf("replaced link: %q", e.Message)
		}
		oldToken = newToken
	})

	t.Run("expired", func(t *testing.T) {
		in.Client().Invitation.UpdateOneID(id(t, firstID)).SetExpiresAt(time.Now().Add(-time.Minute)).ExecX(sys)
		list := do(t, in, in.Admin, invitationsQ, nil)
		if s := list.nodeField(t, "invitations", "status"); s[0] != "EXPIRED" {
			t.Errorf("statuses %v", s)
		}
		e := expectError(t, in, "", acceptQ, accept(oldToken, "grace"), "CONFLICT", "")
		if !strings.Contains(e.Message, "expired") {
			t.Errorf("expired link: %q", e.Message)
		}
		// Resending revives it with a new link.
		do(t, in, in.Admin, resendQ, map[string]any{"id": firstID})
		bodies := kept(t, "grace@example.com")
		_, oldToken = inviteLink(t, bodies[len(bodies)-1])
	})

	t.Run("revoked", func(t *testing.T) {
		d := do(t, in, in.Admin, revokeQ, map[string]any{"id": firstID})
		if d.str(t, "revokeInvitation.status") != "REVOKED" || d.get(t, "revokeInvitation.revokedAt") == nil {
			t.Fatalf("revoked: %v", d)
		}
		e := expectError(t, in, "", acceptQ, accept(oldToken, "grace"), "CONFLICT", "")
		if !strings.Contains(e.Message, "revoked") {
			t.Errorf("revoked link: %q", e.Message)
		}
		expectError(t, in, in.Admin, revokeQ, map[string]any{"id": firstID}, "CONFLICT", "")
		expectError(t, in, in.Admin, resendQ, map[string]any{"id": firstID}, "CONFLICT", "")
		// A revoked invitation does not stop a new one.
		do(t, in, in.Admin, inviteQ, map[string]any{"email": "grace@example.com"})
	})

	expectError(t, in, "", acceptQ, accept(strings.Repeat("0", 64), "nobody"), "NOT_FOUND", "")

	// A member joins through the kept email: members read neither the
	// outbox nor the invitations, and invite nobody.
	bodies = kept(t, "grace@example.com")
	_, token := inviteLink(t, bodies[len(bodies)-1])
	member := do(t, in, "", acceptQ, accept(token, "grace")).str(t, "acceptInvitation.accessToken")
	expectError(t, in, member, outboxQ, map[string]any{"to": "grace@example.com"}, "FORBIDDEN", "")
	expectError(t, in, member, invitationsQ, nil, "FORBIDDEN", "")
	expectError(t, in, member, inviteQ, map[string]any{"email": "mallory@example.com"}, "FORBIDDEN", "")
	expectError(t, in, member, revokeQ, map[string]any{"id": firstID}, "FORBIDDEN", "")
	// The username is taken now.
	do(t, in, in.Admin, inviteQ, map[string]any{"email": "grace2@example.com"})
	_, token2 := inviteLink(t, kept(t, "grace2@example.com")[0])
	expectError(t, in, "", acceptQ, accept(token2, "grace"), "CONFLICT", "username")

	// Another tenant sees none of it.
	other := in.NewTenant(t, "other.example.com")
	if n := do(t, in, other, invitationsQ, nil).get(t, "invitations.totalCount"); n != float64(0) {
		t.Errorf("another tenant sees %v invitations", n)
	}
	expectError(t, in, other, revokeQ, map[string]any{"id": firstID}, "NOT_FOUND", "")
	expectError(t, in, other, resendQ, map[string]any{"id": firstID}, "NOT_FOUND", "")
}
