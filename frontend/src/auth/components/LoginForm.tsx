import {
  ActionGroup,
  Alert,
  Button,
  Form,
  FormAlert,
  FormGroup,
  FormHelperText,
  HelperText,
  HelperTextItem,
  TextInput,
} from '@patternfly/react-core';
import { useId, useRef, useState, type FormEvent } from 'react';

import { AuthError } from '../api';

export interface LoginFormProps {
  /** Resolves when signed in; rejects with {@link AuthError} otherwise. */
  onSubmit: (login: string, password: string) => Promise<void>;
  /** Shown above the form, e.g. "Your session has ended." */
  notice?: string | null;
}

function describe(error: unknown): string {
  if (error instanceof AuthError) {
    switch (error.kind) {
      case 'unauthenticated':
        return 'The email, username or password is incorrect.';
      case 'throttled':
        return error.retryAfterSeconds
          ? `Too many sign-in attempts. Try again in ${error.retryAfterSeconds} second${error.retryAfterSeconds === 1 ? '' : 's'}.`
          : 'Too many sign-in attempts. Wait a moment and try again.';
      case 'unavailable':
        return 'Portico could not be reached. Check your connection and try again.';
    }
  }
  return 'Signing in failed. Try again.';
}

/** The credential form of the login screen. */
export function LoginForm({ onSubmit, notice }: LoginFormProps) {
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const [submitted, setSubmitted] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const loginRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);
  const loginHelpId = useId();
  const passwordHelpId = useId();

  const loginMissing = submitted && login.trim() === '';
  const passwordMissing = submitted && password === '';

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSubmitted(true);
    setFailure(null);
    if (login.trim() === '') {
      loginRef.current?.focus();
      return;
    }
    if (password === '') {
      passwordRef.current?.focus();
      return;
    }
    setBusy(true);
    try {
      await onSubmit(login.trim(), password);
    } catch (error) {
      setFailure(describe(error));
      setPassword('');
      setSubmitted(false);
      passwordRef.current?.focus();
    } finally {
      setBusy(false);
    }
  }

  return (
    <Form noValidate onSubmit={(event) => void submit(event)} aria-busy={busy}>
      {failure || notice ? (
        <FormAlert>
          <Alert
            variant={failure ? 'danger' : 'info'}
            title={failure ?? notice}
            aria-live="polite"
            isInline
            isPlain
          />
        </FormAlert>
      ) : null}
      <FormGroup label="Email or username" isRequired fieldId="login">
        <TextInput
          id="login"
          name="login"
          ref={loginRef}
          value={login}
          onChange={(_event, value) => setLogin(value)}
          autoComplete="username"
          autoFocus
          isRequired
          validated={loginMissing ? 'error' : 'default'}
          aria-describedby={loginMissing ? loginHelpId : undefined}
        />
        {loginMissing ? (
          <FormHelperText>
            <HelperText>
              <HelperTextItem id={loginHelpId} variant="error">
                Enter your email or username.
              </HelperTextItem>
            </HelperText>
          </FormHelperText>
        ) : null}
      </FormGroup>
      <FormGroup label="Password" isRequired fieldId="password">
        <TextInput
          id="password"
          name="password"
          type="password"
          ref={passwordRef}
          value={password}
          onChange={(_event, value) => setPassword(value)}
          autoComplete="current-password"
          isRequired
          validated={passwordMissing ? 'error' : 'default'}
          aria-describedby={passwordMissing ? passwordHelpId : undefined}
        />
        {passwordMissing ? (
          <FormHelperText>
            <HelperText>
              <HelperTextItem id={passwordHelpId} variant="error">
                Enter your password.
              </HelperTextItem>
            </HelperText>
          </FormHelperText>
        ) : null}
      </FormGroup>
      <ActionGroup>
        <Button type="submit" variant="primary" isBlock isLoading={busy} isDisabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </Button>
      </ActionGroup>
    </Form>
  );
}
