package graph_test

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/portico-apim/portico/ent/domainevent"
	"github.com/portico-apim/portico/ent/invitation"
	"github.com/portico-apim/portico/ent/user"
	"github.com/portico-apim/portico/server/apptest"
	"github.com/portico-apim/portico/server/auth/password"
)

const (
	inviteDeveloperQ = `mutation($a: ID!, $email: String!) { inviteDeveloperUser(accountID: $a, email: $email) { id } }`
	acceptDeveloperQ = `mutation($in: AcceptDeveloperInvitationInput!) { acceptDeveloperInvitation(input: $in) {
		id username email role state fields { name value }
	} }`
	developerInvitationQ = `query($id: ID!) { invitations(where: {id: $id}) { edges { node { status userID acceptedAt } } } }`
)

// developerLinkRE finds the token of a developer invitation email's link.
var developerLinkRE = regexp.MustCompile(`/signup\?invitation_token=([0-9a-f]{64})`)

// inviteDeveloper invites email to account accountID as the tenant's admin
// and returns the invitation's id and the token its email carries.
func inviteDeveloper(t *testing.T, in *apptest.Instance, admin, accountID, email string) (id, token string) {
	t.Helper()
	id = do(t, in, admin, inviteDeveloperQ, map[string]any{"a": accountID, "email": email}).str(t, "inviteDeveloperUser.id")
	body := lastEmail(t, in, admin, email)
	m := developerLinkRE.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no invitation link in the email:\n%s", body)
	}
	return id, m[1]
}

func acceptance(token, username string, fields map[string]any) map[string]any {
	in := map[string]any{"token": token, "username": username, "password": "Sup3r-secret!"}
	if fields != nil {
		in["userFields"] = fields
	}
	return map[string]any{"in": in}
}

// TestAcceptDeveloperInvitation follows a developer invitation from the
// email to a new member of the account, the way a developer portal does
// with a provider credential: the usage rules and field definitions apply,
// the token works once, expired and revoked invitations are refused, and
// a refused or rolled-back acceptance changes nothing.
func TestAcceptDeveloperInvitation(t *testing.T) {
	t.Parallel()
	in := apptest.Start(t)
	ctx, c := apptest.SystemContext(), in.Client()
	portal := accessToken(t, in, in.Admin, "RW")
	acc := do(t, in, in.Admin, signupOp, signupVars("Acme", nil)).str(t, "signup.account.id")
	do(t, in, in.Admin, `mutation {
		a: createFieldDefinition(input: {target: USER, name: "division", label: "Division", required: true, choices: ["dev", "ops"]}) { id }
		b: createFieldDefinition(input: {target: USER, name: "badge", label: "Badge", readOnly: true}) { id }
		c: createFieldDefinition(input: {target: USER, name: "clearance", label: "Clearance", hidden: true}) { id }
		d: updateTenant(input: {strongPasswords: true}) { id }
	}`, nil)
	invID, token := inviteDeveloper(t, in, in.Admin, acc, "jane@example.com")

	t.Run("refused acceptances change nothing", func(t *testing.T) {
		weak := acceptance(token, "jane", map[string]any{"division": "dev"})
		weak["in"].(map[string]any)["password"] = "password1"
		cases := []struct {
			name, code, field string
			vars              map[string]any
		}{
			{"unknown token", "NOT_FOUND", "", acceptance(strings.Repeat("0", 64), "jane", map[string]any{"division": "dev"})},
			{"required field missing", "VALIDATION", "input.division", acceptance(token, "jane", nil)},
			{"value not among the choices", "VALIDATION", "input.division", acceptance(token, "jane", map[string]any{"division": "sales"})},
			{"read-only field", "VALIDATION", "input.badge", acceptance(token, "jane", map[string]any{"division": "dev", "badge": "7"})},
			{"hidden field", "VALIDATION", "input.clearance", acceptance(token, "jane", map[string]any{"division": "dev", "clearance": "top"})},
			{"undefined field", "VALIDATION", "input.shoeSize", acceptance(token, "jane", map[string]any{"division": "dev", "shoe_size": "40"})},
			{"email among the fields", "VALIDATION", "input.email", acceptance(token, "jane", map[string]any{"division": "dev", "email": "x@example.com"})},
			{"empty username", "VALIDATION", "input.username", acceptance(token, "  ", map[string]any{"division": "dev"})},
			{"weak password under the strong-password rule", "VALIDATION", "input.password", weak},
			{"username taken", "CONFLICT", "input.username", acceptance(token, "acme", map[string]any{"division": "dev"})},
		}
		before := dump(t, in)
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				expectError(t, in, portal, acceptDeveloperQ, tc.vars, tc.code, tc.field)
				if after := dump(t, in); after != before {
					t.Fatalf("the database changed:\n%s", diffLines(before, after))
				}
			})
		}
		t.Run("without credentials", func(t *testing.T) {
			expectError(t, in, "", acceptDeveloperQ, acceptance(token, "jane", map[string]any{"division": "dev"}), "UNAUTHENTICATED", "")
		})
		t.Run("rolled back with the rest of its mutation", func(t *testing.T) {
			r := in.GraphQL(t, portal, `mutation($in: AcceptDeveloperInvitationInput!) {
				acceptDeveloperInvitation(input: $in) { id } rollback: deleteMetric(id: "0") { deletedID } }`,
				acceptance(token, "jane", map[string]any{"division": "dev"}))
			if len(r.Errors) == 0 {
				t.Fatal("the failing field did not fail the mutation")
			}
			if after := dump(t, in); after != before {
				t.Fatalf("the database changed:\n%s", diffLines(before, after))
			}
		})
	})

	t.Run("accepted", func(t *testing.T) {
		d := do(t, in, portal, acceptDeveloperQ, acceptance(token, " jane ", map[string]any{"division": "ops", "first_name": "Jane"}))
		if d.str(t, "acceptDeveloperInvitation.username") != "jane" || d.str(t, "acceptDeveloperInvitation.email") != "jane@example.com" ||
			d.str(t, "acceptDeveloperInvitation.role") != "MEMBER" || d.str(t, "acceptDeveloperInvitation.state") != "ACTIVE" {
			t.Errorf("new developer %v", d["acceptDeveloperInvitation"])
		}
		if got := d.nodeFieldList(t, "acceptDeveloperInvitation.fields", "name"); got != "division,badge" {
			t.Errorf("fields shown to the developer %s, want division,badge (the hidden one left out)", got)
		}
		uid := id(t, d.str(t, "acceptDeveloperInvitation.id"))
		u, err := c.User.Get(ctx, uid)
		if err != nil {
			t.Fatal(err)
		}
		if u.AccountID == nil || *u.AccountID != id(t, acc) || u.SignupType != user.SignupTypeINVITATION ||
			u.FirstName != "Jane" || u.ExtraFields["division"] != "ops" || !password.Verify("Sup3r-secret!", u.PasswordHash) {
			t.Errorf("stored user %+v", u)
		}
		inv := do(t, in, in.Admin, developerInvitationQ, map[string]any{"id": invID})
		if inv.str(t, "invitations.edges.0.node.status") != "ACCEPTED" || inv.get(t, "invitations.edges.0.node.userID") != float64(uid) {
			t.Errorf("invitation %v", inv)
		}
		e, err := c.DomainEvent.Query().Where(domainevent.ObjectType("user"), domainevent.ObjectID(uid)).Only(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if e.EventType != "user.created" || e.ActorKind != domainevent.ActorKindDEVELOPER || e.ActorID == nil || *e.ActorID != uid {
			t.Errorf("event %s by %s %v, want user.created by the developer %d", e.EventType, e.ActorKind, e.ActorID, uid)
		}
		// The developer is one of the account's users.
		view := do(t, in, portal, `query($u: ID!) { developerAccount(userID: $u) { id users { username } } }`, map[string]any{"u": itoa(uid)})
		if view.str(t, "developerAccount.id") != acc || view.nodeFieldList(t, "developerAccount.users", "username") != "acme,jane" {
			t.Errorf("account %v", view)
		}
	})

	t.Run("the token works once", func(t *testing.T) {
		e := expectError(t, in, portal, acceptDeveloperQ, acceptance(token, "jane2", map[string]any{"division": "dev"}), "NOT_FOUND", "")
		if !strings.Contains(e.Message, "used already") {
			t.Errorf("reused token: %q", e.Message)
		}
	})

	t.Run("revoked, expired and taken invitations", func(t *testing.T) {
		revokedID, revoked := inviteDeveloper(t, in, in.Admin, acc, "rev@example.com")
		do(t, in, in.Admin, revokeQ, map[string]any{"id": revokedID})
		expiredID, expired := inviteDeveloper(t, in, in.Admin, acc, "exp@example.com")
		c.Invitation.UpdateOneID(id(t, expiredID)).SetExpiresAt(time.Now().Add(-time.Minute)).ExecX(ctx)
		_, taken := inviteDeveloper(t, in, in.Admin, acc, "taken@example.com")
		do(t, in, in.Admin, `mutation($a: ID!) { createUser(input: {username: "taken", email: "taken@example.com", accountID: $a}) { id } }`,
			map[string]any{"a": acc})
		do(t, in, in.Admin, inviteQ, map[string]any{"email": "team@example.com"})
		_, team := inviteLink(t, lastEmail(t, in, in.Admin, "team@example.com"))
		cases := []struct {
			name, token, code, message string
		}{
			{"revoked", revoked, "CONFLICT", "this invitation was revoked"},
			{"expired", expired, "CONFLICT", "this invitation expired on"},
			{"email already a user", taken, "CONFLICT", "a user with this email already exists"},
			{"team invitation", team, "NOT_FOUND", "not valid"},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				before := dump(t, in)
				e := expectError(t, in, portal, acceptDeveloperQ, acceptance(tc.token, "someone", map[string]any{"division": "dev"}), tc.code, "")
				if !strings.Contains(e.Message, tc.message) {
					t.Errorf("message %q, want it to say %q", e.Message, tc.message)
				}
				if after := dump(t, in); after != before {
					t.Fatalf("the database changed:\n%s", diffLines(before, after))
				}
			})
		}
		if n, _ := c.Invitation.Query().Where(invitation.AccountIDNotNil(), invitation.AcceptedAtNotNil()).Count(ctx); n != 1 {
			t.Errorf("%d accepted developer invitations, want 1", n)
		}
	})

	t.Run("another tenant's credential finds no invitation", func(t *testing.T) {
		_, token := inviteDeveloper(t, in, in.Admin, acc, "bob@example.com")
		other := in.NewTenant(t, "other.example.com")
		before := dump(t, in)
		expectError(t, in, other, acceptDeveloperQ, acceptance(token, "bob", map[string]any{"division": "dev"}), "NOT_FOUND", "")
		if after := dump(t, in); after != before {
			t.Fatalf("the database changed:\n%s", diffLines(before, after))
		}
		// The tenant's own credential still accepts it.
		do(t, in, portal, acceptDeveloperQ, acceptance(token, "bob", map[string]any{"division": "dev"}))
	})
}

// lastEmail returns the body of the latest email of the outbox to to.
func lastEmail(t *testing.T, in *apptest.Instance, admin, to string) string {
	t.Helper()
	bodies := do(t, in, admin, outboxQ, map[string]any{"to": to}).nodeField(t, "emailMessages", "body")
	if len(bodies) == 0 {
		t.Fatalf("no email to %s", to)
	}
	return bodies[len(bodies)-1]
}

// TestResendDeveloperInvitation sends an invitation to a developer account
// again: the email has the same form and link as the first one, with a new
// token; the old link stops working and the new one is accepted. Accepted
// and revoked invitations are not resent, and only admins resend.
func TestResendDeveloperInvitation(t *testing.T) {
	t.Parallel()
	in := apptest.Start(t)
	ctx, c := apptest.SystemContext(), in.Client()
	portal := accessToken(t, in, in.Admin, "RW")
	acc := do(t, in, in.Admin, signupOp, signupVars("Acme", nil)).str(t, "signup.account.id")
	invID, oldToken := inviteDeveloper(t, in, in.Admin, acc, "jane@example.com")
	first := lastEmail(t, in, in.Admin, "jane@example.com")
	firstSubject := do(t, in, in.Admin, outboxQ, map[string]any{"to": "jane@example.com"}).str(t, "emailMessages.edges.0.node.subject")

	resend := func(t *testing.T) string {
		t.Helper()
		d := do(t, in, in.Admin, resendQ, map[string]any{"id": invID})
		if d.str(t, "resendInvitation.status") != "PENDING" {
			t.Fatalf("resent: %v", d)
		}
		body := lastEmail(t, in, in.Admin, "jane@example.com")
		m := developerLinkRE.FindStringSubmatch(body)
		if m == nil {
			t.Fatalf("no developer portal link in the resent email:\n%s", body)
		}
		return m[1]
	}

	t.Run("the same email with a new link", func(t *testing.T) {
		newToken := resend(t)
		if newToken == oldToken {
			t.Fatal("resending kept the same token")
		}
		d := do(t, in, in.Admin, outboxQ, map[string]any{"to": "jane@example.com"})
		if subjects := d.nodeField(t, "emailMessages", "subject"); len(subjects) != 2 || subjects[1] != firstSubject {
			t.Errorf("subjects %q, want two of %q", subjects, firstSubject)
		}
		body := lastEmail(t, in, in.Admin, "jane@example.com")
		if strings.ReplaceAll(body, newToken, oldToken) != first {
			t.Errorf("the resent email differs from the first beyond its token:\n%s\n---\n%s", first, body)
		}
		expectError(t, in, portal, acceptDeveloperQ, acceptance(oldToken, "jane", nil), "NOT_FOUND", "")
		oldToken = newToken
	})

	t.Run("an expired invitation is revived", func(t *testing.T) {
		c.Invitation.UpdateOneID(id(t, invID)).SetExpiresAt(time.Now().Add(-time.Minute)).ExecX(ctx)
		if s := do(t, in, in.Admin, developerInvitationQ, map[string]any{"id": invID}).str(t, "invitations.edges.0.node.status"); s != "EXPIRED" {
			t.Fatalf("status %s, want EXPIRED", s)
		}
		oldToken = resend(t)
	})

	t.Run("only admins resend", func(t *testing.T) {
		d := do(t, in, in.Admin, `mutation($in: CreateUserInput!) { createUser(input: $in, password: "Member-passw0rd!") { id } }`,
			map[string]any{"in": map[string]any{"username": "partner", "email": "partner@example.com"}})
		do(t, in, in.Admin, `mutation($id: ID!) { updateUserPermissions(id: $id, input: {role: MEMBER, sections: [PARTNERS], allProducts: true}) { id } }`,
			map[string]any{"id": d.str(t, "createUser.id")})
		member := in.Login(t, "partner", "Member-passw0rd!", in.Cfg.AdminDomain)
		before := dump(t, in)
		expectError(t, in, member, resendQ, map[string]any{"id": invID}, "FORBIDDEN", "")
		if after := dump(t, in); after != before {
			t.Fatalf("the database changed:\n%s", diffLines(before, after))
		}
	})

	t.Run("accepted with the new link, then not resent", func(t *testing.T) {
		do(t, in, portal, acceptDeveloperQ, acceptance(oldToken, "jane", nil))
		e := expectError(t, in, in.Admin, resendQ, map[string]any{"id": invID}, "CONFLICT", "")
		if !strings.Contains(e.Message, "already been accepted") {
			t.Errorf("resending an accepted invitation: %q", e.Message)
		}
	})

	t.Run("revoked ones are not resent", func(t *testing.T) {
		revokedID, _ := inviteDeveloper(t, in, in.Admin, acc, "rev@example.com")
		do(t, in, in.Admin, revokeQ, map[string]any{"id": revokedID})
		expectError(t, in, in.Admin, resendQ, map[string]any{"id": revokedID}, "CONFLICT", "")
	})
}
