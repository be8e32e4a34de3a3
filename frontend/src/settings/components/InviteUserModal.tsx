import { useState } from 'react';
import { useMutation } from 'urql';

import { TextField } from '../../components/FormFields';
import { FormModal } from '../../components/FormModal';
import { useNotify } from '../../components/Notifications';
import { useFormErrors } from '../../components/useFormErrors';
import { emailProblem } from '../../components/validation';
import { inviteUserMutation } from '../queries';

/** Sends a team invitation by email; the person joins as a member without areas. */
export function InviteUserModal({ onClose, onInvited }: { onClose: () => void; onInvited: () => void }) {
  const [email, setEmail] = useState('');
  const { errors, setErrors, report } = useFormErrors(['email'], '');
  const [, invite] = useMutation(inviteUserMutation);
  const notify = useNotify();

  async function submit() {
    const problem = emailProblem(email);
    setErrors(problem ? { email: problem } : {});
    if (problem) return;
    const result = await invite({ email: email.trim() }, { additionalTypenames: ['Invitation'] });
    if (result.error) {
      report(result.error, 'Could not send the invitation');
      return;
    }
    notify({ variant: 'success', title: 'Invitation was sent', description: `An invitation is on its way to ${email.trim()}.` });
    onInvited();
  }

  return (
    <FormModal
      isOpen
      title="Invite user"
      description="The person gets an email with a link to choose a username and password. They join as a member without areas until you grant them."
      submitLabel="Send"
      onSubmit={submit}
      onClose={onClose}
    >
      <TextField id="email" label="Email" type="email" isRequired value={email} onChange={setEmail} error={errors.email} autoComplete="off" />
    </FormModal>
  );
}
