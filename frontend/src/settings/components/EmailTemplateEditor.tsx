import {
  ActionGroup,
  Button,
  Card,
  CardBody,
  CardTitle,
  Content,
  DescriptionList,
  DescriptionListDescription,
  DescriptionListGroup,
  DescriptionListTerm,
  Form,
  Grid,
  GridItem,
  Label,
  LabelGroup,
  PageSection,
} from '@patternfly/react-core';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useMutation } from 'urql';

import { ConfirmDialog } from '../../components/ConfirmDialog';
import { TextAreaField, TextField } from '../../components/FormFields';
import { useNotify } from '../../components/Notifications';
import { useFormErrors } from '../../components/useFormErrors';
import type { EmailTemplateQuery } from '../../gql/graphql';
import { previewEmailTemplateMutation, resetEmailTemplateMutation, updateEmailTemplateMutation } from '../queries';
import { emailTemplatesPath } from '../urls';

export type EmailTemplateFields = NonNullable<EmailTemplateQuery['emailTemplate']>;

const fields = ['subject', 'body'] as const;

/**
 * The editor of one email template: subject and body (Go text/template), the variables the
 * sample data offers, a preview rendered by the server with that data, save and reset to the
 * default. The server refuses a template that does not parse or render, naming the line.
 */
export function EmailTemplateEditor({ template }: { template: EmailTemplateFields }) {
  const [subject, setSubject] = useState(template.subject);
  const [body, setBody] = useState(template.body);
  const [customized, setCustomized] = useState(template.customized);
  const [preview, setPreview] = useState<{ subject: string; body: string } | null>(null);
  const [confirmReset, setConfirmReset] = useState(false);
  const [busy, setBusy] = useState<'save' | 'preview' | null>(null);
  const { errors, setErrors, report } = useFormErrors(fields, '');
  const [, update] = useMutation(updateEmailTemplateMutation);
  const [, render] = useMutation(previewEmailTemplateMutation);
  const [, reset] = useMutation(resetEmailTemplateMutation);
  const notify = useNotify();
  const navigate = useNavigate();
  const context = { additionalTypenames: ['EmailTemplate'] };

  async function save() {
    setBusy('save');
    const result = await update({ name: template.name, subject, body }, context);
    setBusy(null);
    if (result.error || !result.data) {
      if (result.error) report(result.error, 'Could not save the template');
      return;
    }
    setErrors({});
    setCustomized(result.data.updateEmailTemplate.customized);
    notify({ variant: 'success', title: `Saved “${template.title}”`, description: 'The next emails use it.' });
  }

  async function showPreview() {
    setBusy('preview');
    const result = await render({ name: template.name, subject, body });
    setBusy(null);
    if (result.error || !result.data) {
      setPreview(null);
      if (result.error) report(result.error, 'Could not preview the template');
      return;
    }
    setErrors({});
    setPreview(result.data.previewEmailTemplate);
  }

  async function resetToDefault() {
    const result = await reset({ name: template.name }, context);
    setConfirmReset(false);
    if (result.error || !result.data) {
      if (result.error) report(result.error, 'Could not reset the template');
      return;
    }
    const back = result.data.resetEmailTemplate;
    setSubject(back.subject);
    setBody(back.body);
    setCustomized(false);
    setErrors({});
    setPreview(null);
    notify({ variant: 'success', title: `Reset “${template.title}” to the default` });
  }

  return (
    <PageSection isFilled>
      <Grid hasGutter>
        <GridItem lg={8}>
          <Card>
            <CardTitle>
              Template{' '}
              {customized ? (
                <Label isCompact color="blue">
                  Customized
                </Label>
              ) : (
                <Label isCompact variant="outline">
                  Default
                </Label>
              )}
            </CardTitle>
            <CardBody>
              <Form
                aria-label={`Edit ${template.title}`}
                noValidate
                onSubmit={(event) => {
                  event.preventDefault();
                  void save();
                }}
              >
                <TextField
                  id="subject"
                  label="Subject"
                  isRequired
                  isCode
                  value={subject}
                  onChange={setSubject}
                  error={errors.subject}
                  helper="One line, at most 255 characters."
                />
                <TextAreaField
                  id="body"
                  label="Body"
                  isRequired
                  isCode
                  rows={16}
                  value={body}
                  onChange={setBody}
                  error={errors.body}
                  helper="Plain text. Write a variable as {{.OrgName}}; {{if .X}}…{{end}} and {{range .Items}}…{{end}} work as in Go templates."
                />
                <ActionGroup>
                  <Button type="submit" variant="primary" isLoading={busy === 'save'} isDisabled={busy !== null}>
                    Save
                  </Button>
                  <Button variant="secondary" onClick={() => void showPreview()} isLoading={busy === 'preview'} isDisabled={busy !== null}>
                    Preview
                  </Button>
                  <Button variant="secondary" isDanger onClick={() => setConfirmReset(true)} isDisabled={!customized || busy !== null}>
                    Reset to default
                  </Button>
                  <Button variant="link" onClick={() => void navigate(emailTemplatesPath)}>
                    Back to templates
                  </Button>
                </ActionGroup>
              </Form>
            </CardBody>
          </Card>
        </GridItem>
        <GridItem lg={4}>
          <Card>
            <CardTitle>Variables</CardTitle>
            <CardBody>
              <Content component="p">The data this email is rendered with:</Content>
              <LabelGroup aria-label="Variables" numLabels={50}>
                {template.variables.map((v) => (
                  <Label key={v} isCompact variant="outline">
                    <code>{`{{.${v}}}`}</code>
                  </Label>
                ))}
              </LabelGroup>
            </CardBody>
          </Card>
          {preview && (
            <Card className="pf-v6-u-mt-md">
              <CardTitle>Preview with sample data</CardTitle>
              <CardBody>
                <DescriptionList aria-label="Preview">
                  <DescriptionListGroup>
                    <DescriptionListTerm>Subject</DescriptionListTerm>
                    <DescriptionListDescription data-testid="preview-subject">{preview.subject}</DescriptionListDescription>
                  </DescriptionListGroup>
                  <DescriptionListGroup>
                    <DescriptionListTerm>Body</DescriptionListTerm>
                    <DescriptionListDescription>
                      <pre className="portico-email-preview" data-testid="preview-body">
                        {preview.body}
                      </pre>
                    </DescriptionListDescription>
                  </DescriptionListGroup>
                </DescriptionList>
              </CardBody>
            </Card>
          )}
        </GridItem>
      </Grid>
      <ConfirmDialog
        isOpen={confirmReset}
        title="Reset to the default?"
        confirmLabel="Reset"
        onConfirm={resetToDefault}
        onCancel={() => setConfirmReset(false)}
      >
        Your subject and body of “{template.title}” are deleted, and the next emails use Portico’s default text.
      </ConfirmDialog>
    </PageSection>
  );
}
