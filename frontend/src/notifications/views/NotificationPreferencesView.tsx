import { Card, CardBody, CardTitle, Content, PageSection, Switch } from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { useMutation, useQuery } from 'urql';

import { ErrorState } from '../../components/ErrorState';
import { LoadingState } from '../../components/LoadingState';
import { useNotify } from '../../components/Notifications';
import { PageHeader } from '../../components/PageHeader';
import type { NotificationSettingsQuery } from '../../gql/graphql';
import { settingsPath } from '../../settings/urls';
import { groupSettings, groupTitles } from '../labels';
import { notificationSettingsQuery, setNotificationSettingMutation } from '../queries';

type Setting = NotificationSettingsQuery['viewer']['notificationSettings'][number];

/** Account Settings › Personal › Notification Preferences: which notifications one receives by email. */
export function NotificationPreferencesView() {
  const [{ data, fetching, error }, refetch] = useQuery({ query: notificationSettingsQuery });
  const [, save] = useMutation(setNotificationSettingMutation);
  const notify = useNotify();
  const settings = data?.viewer.notificationSettings;

  async function toggle(setting: Setting, email: boolean) {
    const result = await save({ kind: setting.kind, email });
    if (result.error) {
      notify({ variant: 'danger', title: 'Could not save the preference', description: result.error.graphQLErrors[0]?.message ?? result.error.message });
      return;
    }
    notify({
      variant: 'success',
      title: email ? `“${setting.title}” notifications will be emailed to you` : `“${setting.title}” notifications will no longer be emailed to you`,
    });
  }

  let content;
  if (error) content = <ErrorState error={error} onRetry={() => refetch({ requestPolicy: 'network-only' })} />;
  else if (!settings) content = fetching ? <LoadingState label="Loading your notification preferences…" /> : null;
  else if (settings.length === 0)
    content = (
      <Content component="p">
        Your rights include no area with notifications yet. An admin of your team can grant you areas under Account Settings › Users.
      </Content>
    );
  else
    content = (
      <div className="portico-settings-stack">
        {groupSettings(settings).map(([group, items]) => (
          <Card key={group}>
            <CardTitle component="h2">{groupTitles[group]}</CardTitle>
            <CardBody>
              <Table aria-label={`${groupTitles[group]} notifications`} variant="compact">
                <Thead>
                  <Tr>
                    <Th width={30}>Notification</Th>
                    <Th>Sent when</Th>
                    <Th width={15}>Email</Th>
                  </Tr>
                </Thead>
                <Tbody>
                  {items.map((setting) => (
                    <Tr key={setting.kind}>
                      <Td dataLabel="Notification">{setting.title}</Td>
                      <Td dataLabel="Sent when">{setting.description}</Td>
                      <Td dataLabel="Email">
                        <Switch
                          id={`email-${setting.kind}`}
                          aria-label={`Email me “${setting.title}” notifications`}
                          isChecked={setting.email}
                          onChange={(_event, checked) => void toggle(setting, checked)}
                        />
                      </Td>
                    </Tr>
                  ))}
                </Tbody>
              </Table>
            </CardBody>
          </Card>
        ))}
      </div>
    );

  return (
    <>
      <PageHeader
        title="Notification Preferences"
        description="Every notification your rights cover appears in your feed on the dashboard; choose which ones are also emailed to you."
        breadcrumbs={[{ label: 'Account Settings', to: settingsPath }, { label: 'Notification Preferences' }]}
      />
      <PageSection isFilled>{content}</PageSection>
    </>
  );
}
