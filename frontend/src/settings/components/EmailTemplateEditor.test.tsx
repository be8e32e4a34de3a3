import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { apiError, fakeGraphQL, renderScreen } from '../../test/graphql';
import { EmailTemplateEditView } from '../views/EmailTemplateEditView';
import { EmailTemplatesView } from '../views/EmailTemplatesView';

const invitation = {
  __typename: 'EmailTemplate',
  name: 'invitation.team',
  title: 'Team invitation',
  description: 'Sent to a person an admin invites to join the team.',
  subject: 'Invitation to join {{.OrgName}} on Portico',
  body: '{{.Inviter}} invited you.\n\n{{.AcceptURL}}\n',
  customized: false,
  defaultSubject: 'Invitation to join {{.OrgName}} on Portico',
  defaultBody: '{{.Inviter}} invited you.\n\n{{.AcceptURL}}\n',
  variables: ['Inviter', 'OrgName', 'AcceptURL', 'ExpiresAt'],
};

const editPath = '/settings/email-templates/invitation.team';
const editRoute = '/settings/email-templates/:name';

describe('Email templates', () => {
  it('lists the templates and marks the customized ones', async () => {
    const api = fakeGraphQL({
      EmailTemplates: {
        data: {
          emailTemplates: [
            { __typename: 'EmailTemplate', name: 'invitation.team', title: 'Team invitation', description: 'To invitees.', customized: true },
            { __typename: 'EmailTemplate', name: 'invoice.issued', title: 'Invoice issued', description: 'To buyers.', customized: false },
          ],
        },
      },
    });
    renderScreen(<EmailTemplatesView />, { client: api.client, path: '/settings/email-templates' });
    const table = await screen.findByRole('grid', { name: 'Email templates' });
    const invitationRow = (await within(table).findByRole('link', { name: 'Team invitation' })).closest('tr');
    expect(invitationRow).not.toBeNull();
    expect(within(invitationRow!).getByText('Customized')).toBeInTheDocument();
    expect(within(table).getByRole('link', { name: 'Invoice issued' })).toHaveAttribute('href', '/settings/email-templates/invoice.issued');
    expect(within(table).getByText('Default')).toBeInTheDocument();
  });

  it('previews with sample data, shows the line of an invalid template next to its field, then saves', async () => {
    let saves = 0;
    const api = fakeGraphQL({
      EmailTemplate: { data: { emailTemplate: invitation } },
      PreviewEmailTemplate: (vars) => ({
        data: {
          previewEmailTemplate: {
            __typename: 'EmailPreview',
            subject: 'Invitation to join Example Corp on Portico',
            body: `Rendered: ${String(vars.body)}`,
          },
        },
      }),
      UpdateEmailTemplate: (vars) =>
        ++saves === 1
          ? apiError('VALIDATION', 'body: line 3: function "nope" not defined', 'body')
          : { data: { updateEmailTemplate: { __typename: 'EmailTemplate', name: 'invitation.team', subject: vars.subject, body: vars.body, customized: true } } },
    });
    renderScreen(<EmailTemplateEditView />, { client: api.client, path: editPath, route: editRoute });
    const body = await screen.findByRole('textbox', { name: /Body/ });
    expect(screen.getByText('{{.AcceptURL}}')).toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: 'Preview' }));
    expect(await screen.findByTestId('preview-subject')).toHaveTextContent('Invitation to join Example Corp on Portico');

    await userEvent.clear(body);
    await userEvent.type(body, 'Hi{enter}there{enter}{{{{nope}}');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Line 3: function "nope" not defined')).toBeInTheDocument();
    expect(body).toHaveAttribute('aria-invalid', 'true');

    await userEvent.clear(body);
    await userEvent.type(body, 'Welcome, {{{{.Inviter}}');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Saved “Team invitation”')).toBeInTheDocument();
    expect(api.callsOf('UpdateEmailTemplate')[1]).toEqual({ name: 'invitation.team', subject: invitation.subject, body: 'Welcome, {{.Inviter}}' });
    expect(screen.getByText('Customized')).toBeInTheDocument();
    expect(body).not.toHaveAttribute('aria-invalid');
  });

  it('resets a customized template to the default after confirmation', async () => {
    const api = fakeGraphQL({
      EmailTemplate: { data: { emailTemplate: { ...invitation, customized: true, subject: 'Mine', body: 'My text' } } },
      ResetEmailTemplate: {
        data: { resetEmailTemplate: { __typename: 'EmailTemplate', name: 'invitation.team', subject: invitation.defaultSubject, body: invitation.defaultBody, customized: false } },
      },
    });
    renderScreen(<EmailTemplateEditView />, { client: api.client, path: editPath, route: editRoute });
    const subject = await screen.findByRole('textbox', { name: /Subject/ });
    expect(subject).toHaveValue('Mine');
    await userEvent.click(screen.getByRole('button', { name: 'Reset to default' }));
    const dialog = await screen.findByRole('dialog', { name: /Reset to the default\?/ });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Reset' }));
    expect(await screen.findByText('Reset “Team invitation” to the default')).toBeInTheDocument();
    expect(subject).toHaveValue(invitation.defaultSubject);
    expect(api.callsOf('ResetEmailTemplate')).toEqual([{ name: 'invitation.team' }]);
    expect(screen.getByRole('button', { name: 'Reset to default' })).toBeDisabled();
  });

  it('says when no email has the name', async () => {
    const api = fakeGraphQL({ EmailTemplate: apiError('NOT_FOUND', 'name: no email template is named "nope"', 'name') });
    renderScreen(<EmailTemplateEditView />, { client: api.client, path: '/settings/email-templates/nope', route: editRoute });
    expect(await screen.findByText('Portico sends no email of this name.')).toBeInTheDocument();
  });
});
