import { ActionGroup, Button, Form } from '@patternfly/react-core';
import { useState } from 'react';
import { useMutation } from 'urql';

import { TextField } from '../../components/FormFields';
import { useNotify } from '../../components/Notifications';
import { useFormErrors } from '../../components/useFormErrors';
import { passwordProblem, policyHint, problems, type PasswordRules } from '../../components/validation';
import { changePasswordMutation } from '../queries';

const fields = ['currentPassword', 'newPassword', 'confirm'] as const;

/** Changes the signed-in user's password under the policy the server holds team users to. */
export function ChangePasswordForm({ policy }: { policy: PasswordRules }) {
  const empty = { currentPassword: '', newPassword: '', confirm: '' };
  const [values, setValues] = useState(empty);
  const { errors, setErrors, report } = useFormErrors(fields);
  const [{ fetching }, changePassword] = useMutation(changePasswordMutation);
  const notify = useNotify();
  const set = (field: keyof typeof values) => (value: string) => setValues((old) => ({ ...old, [field]: value }));

  async function submit() {
    const found = problems({
      currentPassword: values.currentPassword === '' ? 'Enter your current password.' : undefined,
      newPassword: passwordProblem(values.newPassword, policy),
      confirm: values.confirm !== values.newPassword ? 'The passwords do not match.' : undefined,
    });
    setErrors(found);
    if (Object.keys(found).length) return;
    const result = await changePassword({ input: { currentPassword: values.currentPassword, newPassword: values.newPassword } });
    if (result.error) {
      report(result.error, 'Could not change the password');
      return;
    }
    setValues(empty);
    notify({ variant: 'success', title: 'Password changed', description: 'Use the new password the next time you sign in.' });
  }

  return (
    <Form
      aria-label="Change password"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <TextField
        id="currentPassword"
        label="Current password"
        type="password"
        isRequired
        value={values.currentPassword}
        onChange={set('currentPassword')}
        error={errors.currentPassword}
        autoComplete="current-password"
      />
      <TextField
        id="newPassword"
        label="New password"
        type="password"
        isRequired
        value={values.newPassword}
        onChange={set('newPassword')}
        error={errors.newPassword}
        autoComplete="new-password"
        helper={policyHint(policy)}
      />
      <TextField
        id="confirm"
        label="Confirm new password"
        type="password"
        isRequired
        value={values.confirm}
        onChange={set('confirm')}
        error={errors.confirm}
        autoComplete="new-password"
      />
      <ActionGroup>
        <Button type="submit" variant="primary" isLoading={fetching} isDisabled={fetching}>
          Change password
        </Button>
      </ActionGroup>
    </Form>
  );
}
