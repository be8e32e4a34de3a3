import { PageSection } from '@patternfly/react-core';
import { useParams } from 'react-router';
import { useQuery } from 'urql';

import { ErrorState } from '../../components/ErrorState';
import { LoadingState } from '../../components/LoadingState';
import { PageHeader } from '../../components/PageHeader';
import { hasErrorCode } from '../../graphql/errors';
import { EmailTemplateEditor } from '../components/EmailTemplateEditor';
import { emailTemplateQuery } from '../queries';
import { emailTemplatesPath, settingsPath } from '../urls';

const crumbs = (last: string) => [
  { label: 'Account Settings', to: settingsPath },
  { label: 'Email templates', to: emailTemplatesPath },
  { label: last },
];

/** `/settings/email-templates/:name`: edits, previews and resets one email template. */
export function EmailTemplateEditView() {
  const { name = '' } = useParams();
  const [{ data, fetching, error }, refetch] = useQuery({ query: emailTemplateQuery, variables: { name } });
  const template = data?.emailTemplate;

  if (error || (!template && !fetching)) {
    const notFound = !error || hasErrorCode(error, 'NOT_FOUND');
    return (
      <>
        <PageHeader title={notFound ? 'Not found' : 'Error'} breadcrumbs={crumbs('Email template')} />
        <PageSection isFilled>
          {notFound ? (
            <ErrorState title="Not found" message="Portico sends no email of this name." />
          ) : (
            <ErrorState error={error} onRetry={() => refetch({ requestPolicy: 'network-only' })} />
          )}
        </PageSection>
      </>
    );
  }
  if (!template) {
    return (
      <PageSection isFilled>
        <LoadingState />
      </PageSection>
    );
  }
  return (
    <>
      <PageHeader title={template.title} description={template.description} breadcrumbs={crumbs(template.title)} />
      <EmailTemplateEditor key={template.name} template={template} />
    </>
  );
}
