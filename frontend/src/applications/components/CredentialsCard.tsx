import {
  Button,
  Card,
  CardBody,
  CardHeader,
  CardTitle,
  DescriptionList,
  DescriptionListDescription,
  DescriptionListGroup,
  DescriptionListTerm,
  Flex,
  FlexItem,
  Form,
  HelperText,
  HelperTextItem,
  Title,
} from '@patternfly/react-core';
import { useState } from 'react';
import { useMutation } from 'urql';

import { ConfirmDialog } from '../../components/ConfirmDialog';
import { CopyValue } from '../../components/CopyValue';
import { TextField } from '../../components/FormFields';
import { useNotify } from '../../components/Notifications';
import { useFormErrors } from '../../components/useFormErrors';
import { keyProblem } from '../../components/validation';
import type { ProductAuthentication } from '../../gql/graphql';
import { errorMessage } from '../../graphql/errors';
import {
  addApplicationKeyMutation,
  regenerateApplicationKeyMutation,
  regenerateUserKeyMutation,
  removeApplicationKeyMutation,
} from '../queries';

/** An application holds at most this many app keys (client secrets). */
export const maxAppKeys = 5;

export interface CredentialsProps {
  application: {
    id: string;
    userKey: string | null;
    appID: string | null;
    appKeys: string[] | null;
    product: { authentication: ProductAuthentication };
  };
}

type Pending = { kind: 'regenerateUserKey' } | { kind: 'regenerateKey'; key: string } | { kind: 'removeKey'; key: string };

const mask = (key: string) => (key.length > 8 ? `${key.slice(0, 4)}…${key.slice(-4)}` : key);

/** The API credentials of an application, per its product's authentication mode, with the actions on them. */
export function CredentialsCard({ application }: CredentialsProps) {
  const oidc = application.product.authentication === 'OIDC';
  const keyWord = oidc ? 'client secret' : 'key';
  const keys = application.appKeys ?? [];
  const full = keys.length >= maxAppKeys;
  const [pending, setPending] = useState<Pending | null>(null);
  const [custom, setCustom] = useState('');
  const { errors, setErrors, report } = useFormErrors(['key']);
  const [, regenerateUserKey] = useMutation(regenerateUserKeyMutation);
  const [, addKey] = useMutation(addApplicationKeyMutation);
  const [, removeKey] = useMutation(removeApplicationKeyMutation);
  const [, regenerateKey] = useMutation(regenerateApplicationKeyMutation);
  const notify = useNotify();

  async function confirm() {
    if (!pending) return;
    const id = application.id;
    const result =
      pending.kind === 'regenerateUserKey'
        ? await regenerateUserKey({ id })
        : pending.kind === 'regenerateKey'
          ? await regenerateKey({ id, key: pending.key })
          : await removeKey({ id, key: pending.key });
    const what = pending.kind === 'regenerateUserKey' ? 'user key' : keyWord;
    if (result.error) {
      notify({ variant: 'danger', title: `Could not ${pending.kind === 'removeKey' ? 'delete' : 'regenerate'} the ${what}`, description: errorMessage(result.error) });
    } else {
      notify({ variant: 'success', title: pending.kind === 'removeKey' ? `Deleted the ${what}` : `Regenerated the ${what}` });
    }
    setPending(null);
  }

  async function add(key?: string) {
    if (key !== undefined) {
      const problem = keyProblem(key);
      if (problem) {
        setErrors({ key: problem });
        return;
      }
      if (keys.includes(key)) {
        setErrors({ key: `The application already has this ${keyWord}.` });
        return;
      }
    }
    setErrors({});
    const result = await addKey({ id: application.id, key });
    if (result.error) return report(result.error, `Could not add the ${keyWord}`);
    setCustom('');
    notify({ variant: 'success', title: key ? `Added the ${keyWord}` : `Added a random ${keyWord}` });
  }

  let content;
  if (application.product.authentication === 'USER_KEY') {
    content = (
      <DescriptionList isHorizontal>
        <DescriptionListGroup>
          <DescriptionListTerm>User key</DescriptionListTerm>
          <DescriptionListDescription>
            {application.userKey ? (
              <Flex alignItems={{ default: 'alignItemsCenter' }} gap={{ default: 'gapSm' }}>
                <FlexItem grow={{ default: 'grow' }}>
                  <CopyValue value={application.userKey} label="User key" />
                </FlexItem>
                <Button variant="secondary" onClick={() => setPending({ kind: 'regenerateUserKey' })}>
                  Regenerate
                </Button>
              </Flex>
            ) : (
              'This application has no user key.'
            )}
          </DescriptionListDescription>
        </DescriptionListGroup>
      </DescriptionList>
    );
  } else {
    content = (
      <DescriptionList isHorizontal>
        <DescriptionListGroup>
          <DescriptionListTerm>{oidc ? 'Client ID' : 'Application ID'}</DescriptionListTerm>
          <DescriptionListDescription>
            {application.appID ? <CopyValue value={application.appID} label={oidc ? 'Client ID' : 'Application ID'} /> : '—'}
          </DescriptionListDescription>
        </DescriptionListGroup>
        <DescriptionListGroup>
          <DescriptionListTerm>{oidc ? 'Client secrets' : 'Application keys'}</DescriptionListTerm>
          <DescriptionListDescription>
            <Flex direction={{ default: 'column' }} gap={{ default: 'gapSm' }}>
              {keys.length === 0 ? <p>No {keyWord}s yet.</p> : null}
              {keys.map((key, index) => (
                <Flex key={key} alignItems={{ default: 'alignItemsCenter' }} gap={{ default: 'gapSm' }} flexWrap={{ default: 'nowrap' }}>
                  <FlexItem grow={{ default: 'grow' }}>
                    <CopyValue value={key} label={`${oidc ? 'Client secret' : 'Application key'} ${index + 1}`} />
                  </FlexItem>
                  <Button variant="secondary" onClick={() => setPending({ kind: 'regenerateKey', key })} aria-label={`Regenerate ${keyWord} ${mask(key)}`}>
                    Regenerate
                  </Button>
                  <Button variant="secondary" isDanger onClick={() => setPending({ kind: 'removeKey', key })} aria-label={`Delete ${keyWord} ${mask(key)}`}>
                    Delete
                  </Button>
                </Flex>
              ))}
              <Flex gap={{ default: 'gapSm' }} alignItems={{ default: 'alignItemsFlexStart' }}>
                <Button variant="secondary" isAriaDisabled={full} onClick={() => void add()}>
                  Add random {keyWord}
                </Button>
              </Flex>
              <Form
                aria-label={`Add a custom ${keyWord}`}
                noValidate
                onSubmit={(event) => {
                  event.preventDefault();
                  if (!full) void add(custom.trim());
                }}
              >
                <Flex alignItems={{ default: 'alignItemsFlexEnd' }} gap={{ default: 'gapSm' }} flexWrap={{ default: 'nowrap' }}>
                  <FlexItem grow={{ default: 'grow' }}>
                    <TextField
                      id="custom-app-key"
                      label={`Custom ${keyWord}`}
                      isCode
                      isDisabled={full}
                      value={custom}
                      onChange={setCustom}
                      error={errors.key}
                      placeholder="5 to 256 letters, digits and '-'"
                        />
                  </FlexItem>
                  <Button type="submit" variant="secondary" isAriaDisabled={full || custom.trim() === ''}>
                    Add
                  </Button>
                </Flex>
              </Form>
              {full ? (
                <HelperText>
                  <HelperTextItem variant="warning">
                    An application has at most {maxAppKeys} {keyWord}s. Delete one to add another.
                  </HelperTextItem>
                </HelperText>
              ) : null}
            </Flex>
          </DescriptionListDescription>
        </DescriptionListGroup>
      </DescriptionList>
    );
  }

  const pendingKey = pending && pending.kind !== 'regenerateUserKey' ? pending.key : '';
  return (
    <Card className="pf-v6-u-mt-lg">
      <CardHeader>
        <CardTitle>
          <Title headingLevel="h2" size="lg">
            API Credentials
          </Title>
        </CardTitle>
      </CardHeader>
      <CardBody>{content}</CardBody>
      <ConfirmDialog
        isOpen={pending !== null}
        title={
          pending?.kind === 'removeKey'
            ? `Delete ${keyWord}?`
            : pending?.kind === 'regenerateKey'
              ? `Regenerate ${keyWord}?`
              : 'Regenerate user key?'
        }
        confirmLabel={pending?.kind === 'removeKey' ? 'Delete' : 'Regenerate'}
        onConfirm={confirm}
        onCancel={() => setPending(null)}
      >
        {pending?.kind === 'regenerateUserKey'
          ? 'The current user key stops working at once; the developer must update every client that uses it.'
          : pending?.kind === 'regenerateKey'
            ? `The ${keyWord} ${mask(pendingKey)} stops working at once and is replaced by a new random one.`
            : `Requests with the ${keyWord} ${mask(pendingKey)} will be refused.${keys.length === 1 ? ` It is the application's only ${keyWord}.` : ''}`}
      </ConfirmDialog>
    </Card>
  );
}
