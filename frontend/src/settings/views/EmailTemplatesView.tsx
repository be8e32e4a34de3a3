import { Label, PageSection } from '@patternfly/react-core';
import { Link, useNavigate } from 'react-router';
import { useQuery } from 'urql';

import { BlankState } from '../../components/BlankState';
import { ListTable } from '../../components/ListTable';
import { PageHeader } from '../../components/PageHeader';
import { emailTemplatesQuery } from '../queries';
import { emailTemplateUrl, settingsPath } from '../urls';

/** Account Settings › Email templates: every email Portico sends, each editable. */
export function EmailTemplatesView() {
  const [{ data, fetching, error }, refetch] = useQuery({ query: emailTemplatesQuery });
  const navigate = useNavigate();
  const rows = data?.emailTemplates.map((t) => ({ ...t, id: t.name }));

  return (
    <>
      <PageHeader
        title="Email templates"
        description="The subject and text of every email Portico sends for you. Edit one to use your own words in the next emails; reset it to go back to the default."
        breadcrumbs={[{ label: 'Account Settings', to: settingsPath }, { label: 'Email templates' }]}
      />
      <PageSection isFilled>
        <ListTable
          label="Email templates"
          rows={rows}
          fetching={fetching}
          error={error}
          onRetry={() => refetch({ requestPolicy: 'network-only' })}
          empty={<BlankState title="No email templates">Portico sends no emails.</BlankState>}
          rowLabel={(t) => t.title}
          rowActions={(t) => [{ title: 'Edit', onClick: () => void navigate(emailTemplateUrl(t.name)) }]}
          columns={[
            { title: 'Email', width: 25, cell: (t) => <Link to={emailTemplateUrl(t.name)}>{t.title}</Link> },
            { title: 'When it is sent', cell: (t) => t.description },
            { title: 'Name', width: 20, cell: (t) => <code>{t.name}</code> },
            {
              title: 'Text',
              width: 10,
              cell: (t) =>
                t.customized ? (
                  <Label isCompact color="blue">
                    Customized
                  </Label>
                ) : (
                  'Default'
                ),
            },
          ]}
        />
      </PageSection>
    </>
  );
}
