import { useState } from 'react';
import { useMutation } from 'urql';

import { TextField } from '../../components/FormFields';
import { FormModal } from '../../components/FormModal';
import { useNotify } from '../../components/Notifications';
import { useFormErrors } from '../../components/useFormErrors';
import { emailProblem } from '../../components/validation';
import { inviteDeveloperUserMutation } from '../queries';

/** Invites someone by email to join a developer account; the link leads to the Developer Portal. */
export function InviteDeveloperModal({ account, onClose }: { account: { id: string; orgName: string }; onClose: () => void }) {
  const [email, setEmail] = useState('');
  const { errors, setErrors, report } = useFormErrors(['email'], '');
  const [, invite] = useMutation(inviteDeveloperUserMutation);
  const notify = useNotify();

  async function submit() {
    const problem = emailProblem(email);
    setErrors(problem ? { email: problem } : {});
    if (problem) return;
    const result = await invite({ accountID: account.id, email: email.trim() }, { additionalTypenames: ['Invitation'] });
    if (result.error) {
      report(result.error, 'Could not send the invitation');
      return;
    }
    notify({ variant: 'success', title: 'Invitation sent', description: `An invitation to join “${account.orgName}” is on its way to ${email.trim()}.` });
    onClose();
  }

  return (
    <FormModal
      isOpen
      title="Invite user"
      description={`The person gets an email with a link to join “${account.orgName}” on the Developer Portal. The link works once, for seven days.`}
      submitLabel="Send invitation"
      onSubmit={submit}
      onClose={onClose}
    >
      <TextField id="invite-email" label="Email" type="email" isRequired value={email} onChange={setEmail} error={errors.email} autoComplete="off" />
    </FormModal>
  );
}
