package graph_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/portico-apim/portico/ent/emailmessage"
	"github.com/portico-apim/portico/ent/message"
	"github.com/portico-apim/portico/ent/messagerecipient"
	"github.com/portico-apim/portico/ent/user"
	"github.com/portico-apim/portico/server/apptest"
	"github.com/portico-apim/portico/server/mail/mailtest"
)

const (
	developerMessageQ = `mutation($u: ID!, $s: String, $b: String!, $r: ID) {
		sendDeveloperMessage(userID: $u, subject: $s, body: $b, replyToID: $r) { id subject }
	}`
	sendMessageQ = `mutation($a: ID!, $s: String, $b: String!, $r: ID) {
		sendMessage(accountID: $a, subject: $s, body: $b, replyToID: $r) { id subject direction replyToID }
	}`
)

// TestDeveloperMessageEmailsAdmins sends a developer's message through a
// real SMTP server on loopback: every active admin of the team gets an
// email about it, nobody else does, and a refused message emails nobody.
func TestDeveloperMessageEmailsAdmins(t *testing.T) {
	t.Parallel()
	smtpd := mailtest.Start(t)
	cfg := apptest.Config(t)
	cfg.SMTPURL = smtpd.URL
	in := apptest.StartWith(t, cfg)
	f := loadFixture(t, in)
	ctx, c := apptest.SystemContext(), in.Client()
	portal := accessToken(t, in, in.Admin, "RW")

	team := map[string]struct {
		role  user.Role
		state user.State
	}{
		"second.admin@example.com":    {user.RoleADMIN, user.StateACTIVE},
		"suspended.admin@example.com": {user.RoleADMIN, user.StateSUSPENDED},
		"member@example.com":          {user.RoleMEMBER, user.StateACTIVE},
	}
	for email, u := range team {
		c.User.Create().SetTenantID(f.tenantID).SetUsername(strings.Split(email, "@")[0]).SetEmail(email).
			SetRole(u.role).SetState(u.state).ExecX(ctx)
	}
	admins, err := c.User.Query().Where(user.TenantID(f.tenantID), user.AccountIDIsNil(), user.RoleEQ(user.RoleADMIN),
		user.StateEQ(user.StateACTIVE)).All(ctx)
	if err != nil || len(admins) != 2 {
		t.Fatalf("active team admins %v %v, want the bootstrap admin and one more", admins, err)
	}
	d := do(t, in, portal, signupOp, signupVars("Acme", nil))
	dev := d.str(t, "signup.user.id")
	emails := func() int {
		n, err := c.EmailMessage.Query().Where(emailmessage.SubjectHasPrefix("Message from")).Count(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}

	t.Run("a refused message emails nobody", func(t *testing.T) {
		before := emails()
		expectError(t, in, portal, developerMessageQ, map[string]any{"u": dev, "s": "Question", "b": " "}, "VALIDATION", "body")
		if after := emails(); after != before {
			t.Errorf("%d emails queued by a refused message", after-before)
		}
	})

	t.Run("every active admin of the team is emailed", func(t *testing.T) {
		mid := id(t, do(t, in, portal, developerMessageQ, map[string]any{"u": dev, "s": "Question", "b": "How do I rotate keys?"}).
			str(t, "sendDeveloperMessage.id"))
		entry, err := c.MessageRecipient.Query().Where(messagerecipient.MessageID(mid), messagerecipient.AccountIDIsNil()).Only(ctx)
		if err != nil {
			t.Fatalf("provider's inbox entry: %v", err)
		}
		for _, a := range admins {
			msg := waitForSubject(t, smtpd, a.Email, "Message from Acme: Question")
			if msg.Subject != "Message from Acme: Question" {
				t.Errorf("subject to %s: %q", a.Email, msg.Subject)
			}
			for _, want := range []string{"Acme (acme, acme@example.com) wrote:", "How do I rotate keys?",
				fmt.Sprintf("/audience/messages/inbox/%d", entry.ID)} {
				if !strings.Contains(msg.Body, want) {
					t.Errorf("the email to %s does not say %q:\n%s", a.Email, want, msg.Body)
				}
			}
		}
		if n := c.EmailMessage.Query().Where(emailmessage.Subject("Message from Acme: Question")).CountX(ctx); n != len(admins) {
			t.Errorf("%d emails queued, want one per active admin (%d)", n, len(admins))
		}
		for _, nobody := range []string{"suspended.admin@example.com", "member@example.com", "acme@example.com"} {
			if n, _ := c.EmailMessage.Query().Where(emailmessage.To(nobody), emailmessage.SubjectHasPrefix("Message from")).Count(ctx); n != 0 {
				t.Errorf("%s was emailed", nobody)
			}
		}
	})

	t.Run("replies are emailed too", func(t *testing.T) {
		welcome := do(t, in, in.Admin, sendMessageQ, map[string]any{"a": d.str(t, "signup.account.id"), "s": "Welcome", "b": "Hello"}).
			str(t, "sendMessage.id")
		do(t, in, portal, developerMessageQ, map[string]any{"u": dev, "b": "Thanks", "r": welcome})
		for _, a := range admins {
			n, _ := c.EmailMessage.Query().Where(emailmessage.To(a.Email), emailmessage.Subject("Message from Acme: Re: Welcome")).Count(ctx)
			if n != 1 {
				t.Errorf("%d reply emails to %s, want 1", n, a.Email)
			}
		}
	})
}

// TestProviderReplies answers developers' messages: a reply names the
// message it answers, takes "Re: …" as its default subject and reaches the
// account like any message; only messages the account sent to the provider
// can be answered.
func TestProviderReplies(t *testing.T) {
	t.Parallel()
	in := apptest.Start(t)
	ctx, c := apptest.SystemContext(), in.Client()
	acme := do(t, in, in.Admin, signupOp, signupVars("Acme", nil))
	acc, dev := acme.str(t, "signup.account.id"), acme.str(t, "signup.user.id")
	otherDev := do(t, in, in.Admin, signupOp, signupVars("Other", nil)).str(t, "signup.user.id")
	send := func(user, subject string, replyTo any) string {
		t.Helper()
		return do(t, in, in.Admin, developerMessageQ, map[string]any{"u": user, "s": subject, "b": "body", "r": replyTo}).str(t, "sendDeveloperMessage.id")
	}
	question := send(dev, "Question", nil)
	othersQuestion := send(otherDev, "Other question", nil)
	welcome := do(t, in, in.Admin, sendMessageQ, map[string]any{"a": acc, "s": "Welcome", "b": "Hello"}).str(t, "sendMessage.id")
	followUp := send(dev, "", welcome) // "Re: Welcome"

	cases := []struct {
		name         string
		subject      any
		replyTo      any
		code, field  string
		wantSubject  string
		wantsReplyTo bool
	}{
		{name: "subject omitted", replyTo: question, wantSubject: "Re: Question", wantsReplyTo: true},
		{name: "subject empty", subject: "", replyTo: question, wantSubject: "Re: Question", wantsReplyTo: true},
		{name: "subject given", subject: "About your question", replyTo: question, wantSubject: "About your question", wantsReplyTo: true},
		{name: "no second Re:", replyTo: followUp, wantSubject: "Re: Welcome", wantsReplyTo: true},
		{name: "not a reply", subject: "News", wantSubject: "News"},
		{name: "not a reply needs a subject", code: "VALIDATION", field: "subject"},
		{name: "another account's message", replyTo: othersQuestion, code: "VALIDATION", field: "replyToID"},
		{name: "the provider's own message", replyTo: welcome, code: "VALIDATION", field: "replyToID"},
		{name: "unknown message", replyTo: "999999", code: "NOT_FOUND"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			vars := map[string]any{"a": acc, "s": tc.subject, "b": "Answer: " + tc.name, "r": tc.replyTo}
			if tc.code != "" {
				before := dump(t, in)
				expectError(t, in, in.Admin, sendMessageQ, vars, tc.code, tc.field)
				if after := dump(t, in); after != before {
					t.Fatalf("the database changed:\n%s", diffLines(before, after))
				}
				return
			}
			d := do(t, in, in.Admin, sendMessageQ, vars)
			if d.str(t, "sendMessage.subject") != tc.wantSubject || d.str(t, "sendMessage.direction") != "TO_ACCOUNTS" {
				t.Errorf("reply %v, want subject %q", d["sendMessage"], tc.wantSubject)
			}
			if got := d.get(t, "sendMessage.replyToID"); (got != nil) != tc.wantsReplyTo || (tc.wantsReplyTo && got != tc.replyTo) {
				t.Errorf("replyToID %v, want %v", got, tc.replyTo)
			}
			mid := id(t, d.str(t, "sendMessage.id"))
			if ok, _ := c.MessageRecipient.Query().Where(messagerecipient.MessageID(mid), messagerecipient.AccountID(id(t, acc))).Exist(ctx); !ok {
				t.Error("the reply is not in the account's inbox")
			}
			if n, _ := c.EmailMessage.Query().Where(emailmessage.To("acme@example.com"), emailmessage.Body("Answer: "+tc.name)).Count(ctx); n != 1 {
				t.Errorf("%d emails to the account's admin, want 1", n)
			}
		})
	}
	replies, err := c.Message.Query().Where(message.ReplyToID(id(t, question))).All(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var subjects []string
	for _, m := range replies {
		subjects = append(subjects, m.Subject)
	}
	slices.Sort(subjects)
	if strings.Join(subjects, "|") != "About your question|Re: Question|Re: Question" {
		t.Errorf("replies to the question: %v", subjects)
	}
}

// TestSentMessageRecipients pages the recipients of a message sent to many
// accounts: the connection counts them all, filters and orders them like
// any connection, and readCount counts those that have read it. Each
// message names the person who wrote it.
func TestSentMessageRecipients(t *testing.T) {
	t.Parallel()
	in := apptest.Start(t)
	portal := accessToken(t, in, in.Admin, "RW")
	var accounts, developers []string
	for _, org := range []string{"Acme", "Globex", "Initech"} {
		vars := signupVars(org, nil)
		vars["in"].(map[string]any)["userFields"] = map[string]any{"first_name": "Jane", "last_name": org + "son"}
		d := do(t, in, portal, signupOp, vars)
		accounts, developers = append(accounts, d.str(t, "signup.account.id")), append(developers, d.str(t, "signup.user.id"))
	}
	sent := do(t, in, in.Admin, `mutation($a: [ID!]!) { bulkSendMessage(accountIDs: $a, subject: "News", body: "Hello") { message { id } } }`,
		map[string]any{"a": accounts}).str(t, "bulkSendMessage.message.id")
	recipients := do(t, in, in.Admin, `query($m: ID!) { messageRecipients(where: {messageID: $m}, orderBy: [{field: CREATED_AT, direction: ASC}]) {
		edges { node { id accountID } } } }`, map[string]any{"m": sent})
	byAccount := map[string]string{}
	for _, e := range recipients.list(t, "messageRecipients.edges") {
		n := e.(map[string]any)["node"].(map[string]any)
		byAccount[n["accountID"].(string)] = n["id"].(string)
	}
	do(t, in, portal, `mutation($u: ID!, $r: ID!) { markDeveloperMessageRead(userID: $u, recipientID: $r) { id } }`,
		map[string]any{"u": developers[1], "r": byAccount[accounts[1]]})

	const messageQ = `query($m: ID!, $first: Int, $after: Cursor, $where: MessageRecipientWhereInput) { node(id: $m) { ... on Message {
		readCount senderUserID senderUser { username }
		recipients(first: $first, after: $after, where: $where) {
			totalCount pageInfo { hasNextPage endCursor } edges { node { id accountID readAt } }
		}
	} } }`
	t.Run("paged with the total", func(t *testing.T) {
		var got []string
		var after any
		for page := 0; ; page++ {
			d := do(t, in, in.Admin, messageQ, map[string]any{"m": sent, "first": 2, "after": after})
			if n := d.get(t, "node.recipients.totalCount"); n != float64(3) {
				t.Errorf("page %d: totalCount %v, want 3", page, n)
			}
			edges := d.list(t, "node.recipients.edges")
			if len(edges) > 2 {
				t.Fatalf("page %d has %d recipients, want at most 2", page, len(edges))
			}
			for _, e := range edges {
				got = append(got, e.(map[string]any)["node"].(map[string]any)["accountID"].(string))
			}
			if d.get(t, "node.recipients.pageInfo.hasNextPage") != true {
				break
			}
			if page > 3 {
				t.Fatal("the pages never end")
			}
			after = d.get(t, "node.recipients.pageInfo.endCursor")
		}
		if !slices.Equal(got, accounts) {
			t.Errorf("recipients %v, want %v in the order they were sent to", got, accounts)
		}
	})

	t.Run("filtered", func(t *testing.T) {
		d := do(t, in, in.Admin, messageQ, map[string]any{"m": sent, "where": map[string]any{"readAtNotNil": true}})
		if d.get(t, "node.recipients.totalCount") != float64(1) || d.str(t, "node.recipients.edges.0.node.accountID") != accounts[1] {
			t.Errorf("read recipients %v", d.get(t, "node.recipients"))
		}
	})

	t.Run("readCount", func(t *testing.T) {
		cases := []struct {
			name string
			mark func()
			want float64
		}{
			{"one read", func() {}, 1},
			{"two read", func() {
				do(t, in, in.Admin, `mutation($r: ID!) { markMessageRead(recipientID: $r) { id } }`, map[string]any{"r": byAccount[accounts[2]]})
			}, 2},
			{"marked unread again", func() {
				do(t, in, in.Admin, `mutation($r: ID!) { markMessageRead(recipientID: $r, read: false) { id } }`, map[string]any{"r": byAccount[accounts[1]]})
			}, 1},
		}
		for _, tc := range cases {
			tc.mark()
			d := do(t, in, in.Admin, messageQ, map[string]any{"m": sent})
			if got := d.get(t, "node.readCount"); got != tc.want {
				t.Errorf("%s: readCount %v, want %v", tc.name, got, tc.want)
			}
		}
	})

	t.Run("senderUser", func(t *testing.T) {
		d := do(t, in, in.Admin, messageQ, map[string]any{"m": sent})
		if d.str(t, "node.senderUser.username") != "admin" {
			t.Errorf("the provider's message names %v as its sender, want admin", d.get(t, "node.senderUser"))
		}
		asked := do(t, in, portal, developerMessageQ, map[string]any{"u": developers[0], "s": "Question", "b": "Hello"}).str(t, "sendDeveloperMessage.id")
		inbox := do(t, in, in.Admin, `query($m: ID!) { messageRecipients(where: {messageID: $m}) { edges { node { message {
			senderUser { username firstName lastName account { orgName } } senderAccount { orgName } } } } } }`, map[string]any{"m": asked})
		got := inbox.get(t, "messageRecipients.edges.0.node.message.senderUser").(map[string]any)
		if got["username"] != "acme" || got["firstName"] != "Jane" || got["lastName"] != "Acmeson" ||
			got["account"].(map[string]any)["orgName"] != "Acme" {
			t.Errorf("the developer's message names %v as its sender", got)
		}
		// Deleting the sender keeps the message, without its sender.
		do(t, in, in.Admin, `mutation($u: ID!) { deleteUser(id: $u) { deletedID } }`, map[string]any{"u": developers[0]})
		d = do(t, in, in.Admin, messageQ, map[string]any{"m": asked})
		if d.get(t, "node.senderUser") != nil || d.get(t, "node.senderUserID") != nil {
			t.Errorf("after deleting the sender: %v", d["node"])
		}
	})
}

// waitForSubject waits up to 10 s for an email to rcpt with this subject.
func waitForSubject(t *testing.T, smtpd *mailtest.Server, rcpt, subject string) mailtest.Message {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		for _, m := range smtpd.Messages() {
			if m.Subject == subject && slices.ContainsFunc(m.To, func(to string) bool { return strings.EqualFold(to, rcpt) }) {
				return m
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("no email %q to %s", subject, rcpt)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
