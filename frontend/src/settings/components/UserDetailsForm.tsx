import { ActionGroup, Button, Form } from '@patternfly/react-core';
import { useState } from 'react';
import { useMutation } from 'urql';

import { TextField } from '../../components/FormFields';
import { useNotify } from '../../components/Notifications';
import { useFormErrors } from '../../components/useFormErrors';
import { problems, requiredProblem } from '../../components/validation';
import { updateUserMutation } from '../queries';

const fields = ['username', 'email', 'firstName', 'lastName'] as const;

export interface UserDetails {
  id: string;
  username: string;
  email: string;
  firstName?: string | null;
  lastName?: string | null;
}

export interface UserDetailsFormProps {
  user: UserDetails;
  /** Accessible name of the form, e.g. "Personal details". */
  label: string;
  /** Check of the email field before sending; returns the problem, if any. */
  checkEmail: (email: string) => string | undefined;
  /** Let the browser fill the fields (one's own details) or not (someone else's). */
  ownDetails: boolean;
  /** Toast titles. */
  failureTitle: string;
  successTitle: (username: string) => string;
}

/** Username, email and names of a user, saved with updateUser. */
export function UserDetailsForm({ user, label, checkEmail, ownDetails, failureTitle, successTitle }: UserDetailsFormProps) {
  const [values, setValues] = useState({
    username: user.username,
    email: user.email,
    firstName: user.firstName ?? '',
    lastName: user.lastName ?? '',
  });
  const { errors, setErrors, report } = useFormErrors(fields);
  const [{ fetching }, updateUser] = useMutation(updateUserMutation);
  const notify = useNotify();
  const set = (field: keyof typeof values) => (value: string) => setValues((old) => ({ ...old, [field]: value }));
  const auto = (hint: string) => (ownDetails ? hint : 'off');

  async function save() {
    const found = problems({ username: requiredProblem(values.username, 'a username'), email: checkEmail(values.email) });
    setErrors(found);
    if (Object.keys(found).length) return;
    const result = await updateUser({
      id: user.id,
      input: {
        username: values.username.trim(),
        email: values.email.trim(),
        ...(values.firstName.trim() ? { firstName: values.firstName.trim() } : { clearFirstName: true }),
        ...(values.lastName.trim() ? { lastName: values.lastName.trim() } : { clearLastName: true }),
      },
    });
    if (result.error) report(result.error, failureTitle);
    else notify({ variant: 'success', title: successTitle(values.username.trim()) });
  }

  return (
    <Form
      aria-label={label}
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <TextField id="username" label="Username" isRequired value={values.username} onChange={set('username')} error={errors.username} autoComplete={auto('username')} />
      <TextField id="email" label="Email" type="email" isRequired value={values.email} onChange={set('email')} error={errors.email} autoComplete={auto('email')} />
      <TextField id="firstName" label="First name" value={values.firstName} onChange={set('firstName')} error={errors.firstName} autoComplete={auto('given-name')} />
      <TextField id="lastName" label="Last name" value={values.lastName} onChange={set('lastName')} error={errors.lastName} autoComplete={auto('family-name')} />
      <ActionGroup>
        <Button type="submit" variant="primary" isLoading={fetching} isDisabled={fetching}>
          Save details
        </Button>
      </ActionGroup>
    </Form>
  );
}
