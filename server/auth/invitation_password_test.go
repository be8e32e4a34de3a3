package auth_test

import (
	"regexp"
	"testing"

	"github.com/portico-apim/portico/server/apptest"
)

// TestInvitationPasswordPolicy checks that a team member accepting an
// invitation gets the team password policy: weak passwords are refused,
// naming the field, and the invitation stays usable.
func TestInvitationPasswordPolicy(t *testing.T) {
	t.Parallel()
	in := apptest.Start(t)
	in.MustGraphQL(t, in.Admin, `mutation { inviteUser(email: "grace@example.com") { id } }`, nil, nil)
	var d struct {
		EmailMessages struct {
			Edges []struct{ Node struct{ Body string } }
		} `json:"emailMessages"`
	}
	in.MustGraphQL(t, in.Admin, `{ emailMessages(first: 5, where: {to: "grace@example.com"}) { edges { node { body } } } }`, nil, &d)
	if len(d.EmailMessages.Edges) != 1 {
		t.Fatalf("%d invitation emails, want 1", len(d.EmailMessages.Edges))
	}
	m := regexp.MustCompile(`accept-invitation\?token=([0-9a-f]{64})`).FindStringSubmatch(d.EmailMessages.Edges[0].Node.Body)
	if m == nil {
		t.Fatalf("no acceptance link in %q", d.EmailMessages.Edges[0].Node.Body)
	}
	const accept = `mutation($t: String!, $p: String!) { acceptInvitation(token: $t, username: "grace", password: $p) { accessToken } }`
	for _, weak := range []string{"password", "12345678", "Grace-pw1!", "1q2w3e4r5t6y"} {
		e := in.ExpectError(t, "", accept, map[string]any{"t": m[1], "p": weak}, "VALIDATION")
		if e.Extensions["field"] != "password" {
			t.Errorf("weak password %q refused for field %v", weak, e.Extensions["field"])
		}
	}
	in.MustGraphQL(t, "", accept, map[string]any{"t": m[1], "p": "Grace-hopper-1906"}, nil)
}
