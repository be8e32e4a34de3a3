import {
  Alert,
  Button,
  Checkbox,
  FormGroup,
  FormHelperText,
  HelperText,
  HelperTextItem,
  Modal,
  ModalBody,
  ModalFooter,
  ModalHeader,
  Radio,
} from '@patternfly/react-core';
import { useId, useState } from 'react';
import { useMutation } from 'urql';

import { CopyValue } from '../../components/CopyValue';
import { TextField } from '../../components/FormFields';
import { FormModal } from '../../components/FormModal';
import { useFormErrors } from '../../components/useFormErrors';
import { problems, requiredProblem } from '../../components/validation';
import type { AccessTokenPermission, AccessTokenScope } from '../../gql/graphql';
import { createAccessTokenMutation } from '../queries';
import { scopeNames } from './scopes';

const scopes = Object.keys(scopeNames) as AccessTokenScope[];
const fields = ['name', 'scopes', 'permission'];

/** The value of a new token, shown once with a copy button. */
function TokenValue({ name, value, onClose }: { name: string; value: string; onClose: () => void }) {
  const titleId = useId();
  return (
    <Modal variant="medium" isOpen onClose={onClose} aria-labelledby={titleId}>
      <ModalHeader title={`Access token “${name}” created`} labelId={titleId} titleIconVariant="success" />
      <ModalBody>
        <Alert isInline variant="warning" title="Copy the token now" className="pf-v6-u-mb-md">
          Portico keeps only a hash of it: once this dialog is closed the value cannot be shown again.
        </Alert>
        <CopyValue value={value} label="Access token value" />
      </ModalBody>
      <ModalFooter>
        <Button variant="primary" onClick={onClose}>
          I have copied the token
        </Button>
      </ModalFooter>
    </Modal>
  );
}

/** Creates an access token: a name, the APIs it reaches, and read-only or read-write permission. */
export function AccessTokenModal({ onClose }: { onClose: () => void }) {
  const [name, setName] = useState('');
  const [chosen, setChosen] = useState<ReadonlySet<AccessTokenScope>>(new Set());
  const [permission, setPermission] = useState<AccessTokenPermission>('RO');
  const [created, setCreated] = useState<{ name: string; value: string } | null>(null);
  const { errors, setErrors, report } = useFormErrors(fields);
  const [, createToken] = useMutation(createAccessTokenMutation);

  async function submit() {
    const found = problems({
      name: requiredProblem(name, 'a name'),
      scopes: chosen.size === 0 ? 'Choose at least one API.' : undefined,
    });
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    const result = await createToken(
      { input: { name: name.trim(), scopes: scopes.filter((scope) => chosen.has(scope)), permission } },
      { additionalTypenames: ['AccessToken'] },
    );
    if (result.error || !result.data) {
      if (result.error) report(result.error, 'Could not create the access token');
      return;
    }
    setCreated({ name: result.data.createAccessToken.accessToken.name, value: result.data.createAccessToken.value });
  }

  if (created) return <TokenValue name={created.name} value={created.value} onClose={onClose} />;

  function toggle(scope: AccessTokenScope, on: boolean) {
    setChosen((current) => {
      const next = new Set(current);
      if (on) next.add(scope);
      else next.delete(scope);
      return next;
    });
  }

  return (
    <FormModal isOpen title="New access token" submitLabel="Create token" onSubmit={submit} onClose={onClose} variant="medium">
      <TextField
        id="token-name"
        label="Name"
        isRequired
        value={name}
        onChange={setName}
        error={errors.name}
        helper="What uses the token, e.g. “CI deploy”."
      />
      <FormGroup role="group" fieldId="token-scopes" label="Scopes" isRequired isStack>
        {scopes.map((scope) => (
          <Checkbox
            key={scope}
            id={`token-scope-${scope}`}
            label={scopeNames[scope]}
            isChecked={chosen.has(scope)}
            onChange={(_event, on) => toggle(scope, on)}
          />
        ))}
        {errors.scopes ? (
          <FormHelperText>
            <HelperText isLiveRegion>
              <HelperTextItem variant="error">{errors.scopes}</HelperTextItem>
            </HelperText>
          </FormHelperText>
        ) : null}
      </FormGroup>
      <FormGroup role="radiogroup" fieldId="token-permission" label="Permission" isRequired isStack>
        <Radio
          id="token-permission-ro"
          name="token-permission"
          label="Read only"
          isChecked={permission === 'RO'}
          onChange={() => setPermission('RO')}
        />
        <Radio
          id="token-permission-rw"
          name="token-permission"
          label="Read & write"
          description="Can change your Portico configuration and developer data."
          isChecked={permission === 'RW'}
          onChange={() => setPermission('RW')}
        />
      </FormGroup>
    </FormModal>
  );
}
