package mail

import (
	"context"
	"fmt"

	"github.com/portico-apim/portico/ent"
	"github.com/portico-apim/portico/ent/emailtemplate"
	"github.com/portico-apim/portico/schema/viewer"
)

// Mailer is what the packages that send email need of the mail service:
// their templates rendered for a tenant, and emails queued in the caller's
// transaction.
type Mailer interface {
	Render(ctx context.Context, c *ent.Client, tenantID int, name string, data any) (subject, body string, err error)
	EnqueueTemplate(ctx context.Context, c *ent.Client, tenantID int, to, name string, data any) (*ent.EmailMessage, error)
	Enqueue(ctx context.Context, m Message) (*ent.EmailMessage, error)
}

var _ Mailer = (*Service)(nil)

// Render renders template name for a tenant with data: the tenant's own
// subject and body when it edited the template, else the defaults. c is
// the caller's client, bound to its transaction when it has one. The
// subject is one line, trimmed. An edited template that fails with data
// (data the sample did not foresee) is logged and the default is used, so
// that the email the change causes is still sent.
func (s *Service) Render(ctx context.Context, c *ent.Client, tenantID int, name string, data any) (subject, body string, err error) {
	t, ok := s.catalog.Lookup(name)
	if !ok {
		return "", "", fmt.Errorf("mail: no template %q", name)
	}
	own, err := s.override(ctx, c, tenantID, name)
	if err != nil {
		return "", "", err
	}
	if own != nil {
		subject, body, err = render(own.Subject, own.Body, data)
		if err == nil {
			return subject, body, nil
		}
		s.logger.WarnContext(ctx, "edited email template failed, the default is used", "template", name, "tenant_id", tenantID, "error", err)
	}
	subject, body, err = render(t.Subject, t.Body, data)
	if err != nil {
		return "", "", fmt.Errorf("mail: template %s: %w", name, err)
	}
	return subject, body, nil
}

// override returns the tenant's own text of a template, or nil.
func (s *Service) override(ctx context.Context, c *ent.Client, tenantID int, name string) (*ent.EmailTemplate, error) {
	if c == nil {
		c = s.client
	}
	// Reading the tenant's text is the system's part of sending an email
	// someone was allowed to cause: it is not limited by their rights.
	own, err := c.EmailTemplate.Query().Where(emailtemplate.TenantID(tenantID), emailtemplate.Name(name)).
		Only(viewer.TenantSystemContext(ctx, tenantID))
	if ent.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("email template %s: %w", name, err)
	}
	return own, nil
}

// EnqueueTemplate renders template name for the tenant with data and
// queues the email to to, in the transaction of ctx and c (see Enqueue).
func (s *Service) EnqueueTemplate(ctx context.Context, c *ent.Client, tenantID int, to, name string, data any) (*ent.EmailMessage, error) {
	subject, body, err := s.Render(ctx, c, tenantID, name, data)
	if err != nil {
		return nil, err
	}
	return s.Enqueue(ctx, Message{TenantID: tenantID, To: to, Subject: subject, Body: body})
}
