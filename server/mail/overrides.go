package mail

import (
	"context"
	"fmt"

	"github.com/portico-apim/portico/ent"
	"github.com/portico-apim/portico/ent/emailtemplate"
	"github.com/portico-apim/portico/schema/viewer"
	"github.com/portico-apim/portico/server/problem"
	"github.com/portico-apim/portico/server/store"
)

// TenantTemplate is a template as the viewer's tenant has it: what the
// catalogue says of it, the subject and body in use (the tenant's own when
// customized) and the defaults.
type TenantTemplate struct {
	Name           string
	Title          string
	Description    string
	Subject        string
	Body           string
	Customized     bool
	DefaultSubject string
	DefaultBody    string
	// Variables are the top-level fields of the sample data.
	Variables []string
}

func tenantTemplate(t Template, own *ent.EmailTemplate) TenantTemplate {
	out := TenantTemplate{Name: t.Name, Title: t.Title, Description: t.Description, Subject: t.Subject, Body: t.Body,
		DefaultSubject: t.Subject, DefaultBody: t.Body, Variables: Variables(t)}
	if own != nil {
		out.Subject, out.Body, out.Customized = own.Subject, own.Body, true
	}
	return out
}

// lookup finds a template of the catalogue or reports it not found.
func (s *Service) lookup(name string) (Template, error) {
	t, ok := s.catalog.Lookup(name)
	if !ok {
		return Template{}, &problem.Error{Kind: problem.KindNotFound, Field: "name", Message: fmt.Sprintf("no email template is named %q", name)}
	}
	return t, nil
}

// TenantTemplates returns every template of the catalogue as the viewer's
// tenant has it, by name. It needs the settings section.
func (s *Service) TenantTemplates(ctx context.Context) ([]TenantTemplate, error) {
	own, err := store.Client(ctx, s.client).EmailTemplate.Query().All(ctx)
	if err != nil {
		return nil, fmt.Errorf("email templates: %w", err)
	}
	byName := make(map[string]*ent.EmailTemplate, len(own))
	for _, o := range own {
		byName[o.Name] = o
	}
	all := s.catalog.Templates()
	out := make([]TenantTemplate, len(all))
	for i, t := range all {
		out[i] = tenantTemplate(t, byName[t.Name])
	}
	return out, nil
}

// TenantTemplate returns one template as the viewer's tenant has it.
func (s *Service) TenantTemplate(ctx context.Context, name string) (TenantTemplate, error) {
	t, err := s.lookup(name)
	if err != nil {
		return TenantTemplate{}, err
	}
	own, err := s.own(ctx, store.Client(ctx, s.client), name)
	if err != nil {
		return TenantTemplate{}, err
	}
	return tenantTemplate(t, own), nil
}

func (s *Service) own(ctx context.Context, c *ent.Client, name string) (*ent.EmailTemplate, error) {
	own, err := c.EmailTemplate.Query().Where(emailtemplate.Name(name)).Only(ctx)
	if ent.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("email template %s: %w", name, err)
	}
	return own, nil
}

// UpdateTemplate stores the viewer's tenant's subject and body of template
// name, used by the next email. Text that is too long, does not parse or
// does not render with the sample data is refused with a validation error
// on subject or body that gives the line, and nothing is stored. It needs
// the settings section.
func (s *Service) UpdateTemplate(ctx context.Context, name, subject, body string) (TenantTemplate, error) {
	t, err := s.lookup(name)
	if err != nil {
		return TenantTemplate{}, err
	}
	if err := mayEdit(ctx, true); err != nil {
		return TenantTemplate{}, err
	}
	if _, _, err := Check(t, subject, body); err != nil {
		return TenantTemplate{}, err
	}
	var out *ent.EmailTemplate
	err = store.InTx(ctx, s.client, func(ctx context.Context, c *ent.Client) error {
		own, err := s.own(ctx, c, name)
		if err != nil {
			return err
		}
		if own == nil {
			out, err = c.EmailTemplate.Create().SetName(name).SetSubject(subject).SetBody(body).Save(ctx)
		} else {
			out, err = own.Update().SetSubject(subject).SetBody(body).Save(ctx)
		}
		return err
	})
	if err != nil {
		return TenantTemplate{}, fmt.Errorf("save email template %s: %w", name, err)
	}
	return tenantTemplate(t, out), nil
}

// ResetTemplate deletes the viewer's tenant's own text of template name:
// the default applies again. It needs the settings section.
func (s *Service) ResetTemplate(ctx context.Context, name string) (TenantTemplate, error) {
	t, err := s.lookup(name)
	if err != nil {
		return TenantTemplate{}, err
	}
	if err := mayEdit(ctx, true); err != nil {
		return TenantTemplate{}, err
	}
	if _, err := store.Client(ctx, s.client).EmailTemplate.Delete().Where(emailtemplate.Name(name)).Exec(ctx); err != nil {
		return TenantTemplate{}, fmt.Errorf("reset email template %s: %w", name, err)
	}
	return tenantTemplate(t, nil), nil
}

// PreviewTemplate renders a subject and body (not stored) for template name
// with its sample data; errors are UpdateTemplate's. It needs the settings
// section.
func (s *Service) PreviewTemplate(ctx context.Context, name, subject, body string) (string, string, error) {
	t, err := s.lookup(name)
	if err != nil {
		return "", "", err
	}
	if err := mayEdit(ctx, false); err != nil {
		return "", "", err
	}
	return Check(t, subject, body)
}

// mayEdit checks the viewer may work with the tenant's email templates: a
// team member of the settings section. The storage enforces the same right
// on every read and write; this check speaks first, before validation, and
// covers previews, which touch no storage and are allowed to read-only
// tokens.
func mayEdit(ctx context.Context, write bool) error {
	v := viewer.FromContext(ctx)
	switch {
	case v == nil:
		return problem.Unauthenticated("authentication required")
	case v.TenantID == 0 && !v.IsSystem(), !v.Has(viewer.SectionSettings):
		return problem.Forbidden("email templates need the settings permission")
	case write && !v.CanWrite():
		return problem.Forbidden("this access token is read-only")
	}
	return nil
}
