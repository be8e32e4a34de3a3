import { Alert, Button, Modal, ModalBody, ModalFooter, ModalHeader, Stack } from '@patternfly/react-core';
import { useId, useState } from 'react';
import { useMutation } from 'urql';

import { CopyValue } from '../../components/CopyValue';
import { TextField } from '../../components/FormFields';
import { FormModal } from '../../components/FormModal';
import { useFormErrors } from '../../components/useFormErrors';
import { emailProblem, problems, requiredProblem } from '../../components/validation';
import { createProviderMutation } from '../queries';

/** The API's field names (those of the Master API) mapped to the form's. */
const fields = ['orgName', 'org_name', 'username', 'email', 'password'];

interface Created {
  id: string;
  orgName: string;
  adminDomain: string;
  adminUsername: string;
  accessToken: string;
}

/**
 * Creates a provider tenant with its first admin, then shows once what only this answer carries:
 * the admin portal's address and the admin's Administration access token.
 */
export function CreateTenantModal({ onClose, onOpen }: { onClose: () => void; onOpen: (id: string) => void }) {
  const [orgName, setOrgName] = useState('');
  const [username, setUsername] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [created, setCreated] = useState<Created | null>(null);
  const { errors, setErrors, report } = useFormErrors(fields);
  const [, createProvider] = useMutation(createProviderMutation);
  const titleId = useId();

  async function submit() {
    const found = problems({
      orgName: requiredProblem(orgName, 'the organization name'),
      username: requiredProblem(username, 'a username'),
      email: emailProblem(email),
      password: requiredProblem(password, 'a password'),
    });
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    const result = await createProvider(
      { input: { orgName: orgName.trim(), username: username.trim(), email: email.trim(), password } },
      { additionalTypenames: ['Tenant'] },
    );
    if (result.error || !result.data) {
      if (result.error) report(result.error, 'Could not create the tenant');
      return;
    }
    const out = result.data.createProvider;
    setCreated({ ...out.provider, adminUsername: out.adminUsername, accessToken: out.accessToken });
  }

  if (created) {
    const portal = `${window.location.protocol}//${created.adminDomain}${window.location.port ? `:${window.location.port}` : ''}`;
    return (
      <Modal variant="medium" isOpen onClose={onClose} aria-labelledby={titleId}>
        <ModalHeader title={`${created.orgName} was created`} labelId={titleId} />
        <ModalBody>
          <Stack hasGutter>
            <p>
              Its admin <strong>{created.adminUsername}</strong> signs in at <a href={portal}>{portal}</a> with the password you chose.
            </p>
            <Alert variant="warning" isInline isPlain title="Copy the access token now: it is not shown again." />
            <CopyValue value={created.accessToken} label="Administration access token" />
            <p className="pf-v6-u-color-200">
              The token is the admin’s: account management and policy registry, read and write, for the tenant’s REST APIs.
            </p>
          </Stack>
        </ModalBody>
        <ModalFooter>
          <Button variant="primary" onClick={() => onOpen(created.id)}>
            Open tenant
          </Button>
          <Button variant="link" onClick={onClose}>
            Close
          </Button>
        </ModalFooter>
      </Modal>
    );
  }

  return (
    <FormModal
      isOpen
      title="Create tenant"
      description="A provider with its own admin portal, developer portal and gateways. Its domains are made from the organization name."
      submitLabel="Create tenant"
      onSubmit={submit}
      onClose={onClose}
      variant="medium"
    >
      <TextField
        id="tenant-org"
        label="Organization name"
        isRequired
        value={orgName}
        onChange={setOrgName}
        error={errors.orgName ?? errors.org_name}
      />
      <TextField id="tenant-username" label="Admin username" isRequired value={username} onChange={setUsername} error={errors.username} autoComplete="off" />
      <TextField id="tenant-email" label="Admin email" type="email" isRequired value={email} onChange={setEmail} error={errors.email} autoComplete="off" />
      <TextField
        id="tenant-password"
        label="Admin password"
        type="password"
        isRequired
        value={password}
        onChange={setPassword}
        error={errors.password}
        autoComplete="new-password"
        helper="The team password policy applies."
      />
    </FormModal>
  );
}
