package audience

import (
	"context"
	"fmt"
	"strings"

	"github.com/portico-apim/portico/ent"
	"github.com/portico-apim/portico/ent/message"
	"github.com/portico-apim/portico/ent/messagerecipient"
	"github.com/portico-apim/portico/ent/user"
	"github.com/portico-apim/portico/schema/viewer"
	"github.com/portico-apim/portico/server/mail"
	"github.com/portico-apim/portico/server/notify"
	"github.com/portico-apim/portico/server/problem"
)

// MessageInput is a message's subject and body.
type MessageInput struct {
	Subject string
	Body    string
}

func (in MessageInput) check() error {
	if strings.TrimSpace(in.Subject) == "" {
		return problem.Invalid("subject", "must not be empty")
	}
	if strings.TrimSpace(in.Body) == "" {
		return problem.Invalid("body", "must not be empty")
	}
	return nil
}

// SendMessage sends a message from the provider to one account: it lands in
// the account's inbox and is emailed to the account's active admin users.
// replyTo, when set, is the message of the provider's inbox it answers: one
// that account sent. An empty subject then defaults to "Re: " and the
// subject of that message.
func (s *Service) SendMessage(ctx context.Context, accountID int, replyTo *int, in MessageInput) (*ent.Message, error) {
	var out *ent.Message
	err := s.tx(ctx, func(ctx context.Context, c *ent.Client) error {
		if _, err := c.Account.Get(ctx, accountID); err != nil {
			return problem.NotFoundIf(err, "account %d not found", accountID)
		}
		if replyTo != nil {
			orig, err := c.Message.Get(ctx, *replyTo)
			if err != nil {
				return problem.NotFoundIf(err, "message %d not found", *replyTo)
			}
			if orig.Direction != message.DirectionTO_PROVIDER {
				return problem.Invalid("reply_to_id", "message %d is not in the provider's inbox: only messages developers sent are answered", *replyTo)
			}
			if orig.SenderAccountID == nil || *orig.SenderAccountID != accountID {
				return problem.Invalid("reply_to_id", "message %d was sent by another account", *replyTo)
			}
			if strings.TrimSpace(in.Subject) == "" {
				in.Subject = replySubject(orig.Subject)
			}
		}
		if err := in.check(); err != nil {
			return err
		}
		var err error
		if out, err = s.newMessage(ctx, c, in, replyTo); err != nil {
			return err
		}
		return s.deliver(ctx, c, out, accountID)
	})
	return out, err
}

// replySubject is the subject of a reply to a message with subject subject.
func replySubject(subject string) string {
	return "Re: " + strings.TrimPrefix(subject, "Re: ")
}

// newMessage creates a provider message without recipients yet; replyTo,
// when set, is the message it answers.
func (s *Service) newMessage(ctx context.Context, c *ent.Client, in MessageInput, replyTo *int) (*ent.Message, error) {
	m := c.Message.Create().SetDirection(message.DirectionTO_ACCOUNTS).SetSubject(in.Subject).SetBody(in.Body).
		SetNillableReplyToID(replyTo)
	if v := viewer.FromContext(ctx); v != nil && v.UserID != 0 {
		m.SetSenderUserID(v.UserID)
	}
	return m.Save(ctx)
}

// deliver puts message m in an account's inbox (once) and emails the
// account's admins.
func (s *Service) deliver(ctx context.Context, c *ent.Client, m *ent.Message, accountID int) error {
	acc, err := c.Account.Get(ctx, accountID)
	if err != nil {
		return problem.NotFoundIf(err, "account %d not found", accountID)
	}
	had, err := c.MessageRecipient.Query().Where(messagerecipient.MessageID(m.ID), messagerecipient.AccountID(accountID)).Exist(ctx)
	if err != nil || had {
		return err
	}
	if err := c.MessageRecipient.Create().SetMessageID(m.ID).SetAccountID(accountID).Exec(ctx); err != nil {
		return err
	}
	return s.emailAccountAdmins(ctx, c, acc, AccountMessageEmail{AccountName: acc.OrgName, Subject: oneLine(m.Subject), Body: m.Body})
}

// emailAccountAdmins queues the email copy of a message to every active
// admin user of an account.
func (s *Service) emailAccountAdmins(ctx context.Context, c *ent.Client, acc *ent.Account, data AccountMessageEmail) error {
	if s.mail == nil {
		return fmt.Errorf("audience: no mailer configured")
	}
	admins, err := c.User.Query().Where(user.AccountID(acc.ID), user.RoleEQ(user.RoleADMIN), user.StateEQ(user.StateACTIVE)).All(ctx)
	if err != nil || len(admins) == 0 {
		return err
	}
	subject, body, err := s.mail.Render(ctx, c, acc.TenantID, emailAccountMessage, data)
	if err != nil {
		return err
	}
	for _, u := range admins {
		if _, err := s.mail.Enqueue(ctx, mail.Message{TenantID: u.TenantID, To: u.Email, Subject: subject, Body: body}); err != nil {
			return err
		}
	}
	return nil
}

// InboxEntryPath is the stable admin-portal path of an entry of the
// provider's inbox, used in the admins' email about a developer's message.
func InboxEntryPath(r *ent.MessageRecipient) string {
	return fmt.Sprintf("/audience/messages/inbox/%d", r.ID)
}

// DeveloperMessage sends a message from developer user userID's account to
// the provider, as a reply to replyTo (a message the account received) when
// it is set. It lands in the provider's inbox and is emailed to the
// team users whose rights cover developer accounts, as a notification.
func (s *Service) DeveloperMessage(ctx context.Context, userID int, replyTo *int, in MessageInput) (*ent.Message, error) {
	var out *ent.Message
	err := s.tx(ctx, func(ctx context.Context, c *ent.Client) error {
		u, err := c.User.Get(ctx, userID)
		if err != nil || u.AccountID == nil {
			return problem.NotFound("developer user %d not found", userID)
		}
		ctx = viewer.AsDeveloper(ctx, *u.AccountID, u.ID)
		create := c.Message.Create().SetDirection(message.DirectionTO_PROVIDER).
			SetSenderAccountID(*u.AccountID).SetSenderUserID(u.ID).SetBody(in.Body)
		if replyTo != nil {
			orig, err := c.MessageRecipient.Query().Where(messagerecipient.MessageID(*replyTo),
				messagerecipient.AccountID(*u.AccountID)).WithMessage().Only(ctx)
			if err != nil {
				return problem.NotFoundIf(err, "message %d not found", *replyTo)
			}
			create.SetReplyToID(*replyTo)
			if strings.TrimSpace(in.Subject) == "" {
				in.Subject = replySubject(orig.Edges.Message.Subject)
			}
		}
		if err := in.check(); err != nil {
			return err
		}
		if out, err = create.SetSubject(in.Subject).Save(ctx); err != nil {
			return err
		}
		entry, err := c.MessageRecipient.Create().SetMessageID(out.ID).Save(ctx)
		if err != nil {
			return err
		}
		acc, err := c.Account.Get(ctx, *u.AccountID)
		if err != nil {
			return err
		}
		return s.tellTeam(ctx, c, u.TenantID, notify.Item{Kind: notify.MessageReceived,
			Title: fmt.Sprintf("Message from %s: %s", acc.OrgName, oneLine(in.Subject)),
			Body:  fmt.Sprintf("%s (%s, %s) wrote:\n\n%s", acc.OrgName, u.Username, u.Email, in.Body),
			Link:  InboxEntryPath(entry),
			Email: emailDeveloperMessage, Data: DeveloperMessageEmail{
				AccountName: acc.OrgName, Username: u.Username, Email: u.Email, Subject: oneLine(in.Subject), Body: in.Body,
				InboxPath: InboxEntryPath(entry),
			}})
	})
	return out, err
}

// MarkRead marks an inbox entry read (or unread again). developerUserID,
// when not zero, must be a user of the receiving account.
func (s *Service) MarkRead(ctx context.Context, recipientID, developerUserID int, read bool) (*ent.MessageRecipient, error) {
	var out *ent.MessageRecipient
	err := s.tx(ctx, func(ctx context.Context, c *ent.Client) error {
		r, err := c.MessageRecipient.Get(ctx, recipientID)
		if err != nil {
			return problem.NotFoundIf(err, "inbox entry %d not found", recipientID)
		}
		if developerUserID != 0 {
			u, err := c.User.Get(ctx, developerUserID)
			if err != nil || u.AccountID == nil || r.AccountID == nil || *u.AccountID != *r.AccountID {
				return problem.NotFound("inbox entry %d not found", recipientID)
			}
			ctx = viewer.AsDeveloper(ctx, *u.AccountID, u.ID)
		}
		upd := c.MessageRecipient.UpdateOneID(recipientID)
		if read {
			upd.SetReadAt(s.now())
		} else {
			upd.ClearReadAt()
		}
		out, err = upd.Save(ctx)
		return err
	})
	return out, err
}
