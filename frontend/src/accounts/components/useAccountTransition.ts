import { useCallback } from 'react';
import { useMutation, type CombinedError } from 'urql';

import {
  approveAccountMutation,
  makeAccountPendingMutation,
  rejectAccountMutation,
  resumeAccountMutation,
  suspendAccountMutation,
} from '../queries';
import type { AccountAction } from './accountStates';

/** Applies one transition of the account state machine; resolves to the error, if any. */
export function useAccountTransition(): (action: AccountAction, id: string) => Promise<CombinedError | null> {
  const [, approve] = useMutation(approveAccountMutation);
  const [, reject] = useMutation(rejectAccountMutation);
  const [, suspend] = useMutation(suspendAccountMutation);
  const [, resume] = useMutation(resumeAccountMutation);
  const [, makePending] = useMutation(makeAccountPendingMutation);
  return useCallback(
    async (action, id) => {
      const run = { approve, reject, suspend, resume, makePending }[action];
      const result = await run({ id });
      return result.error ?? null;
    },
    [approve, reject, suspend, resume, makePending],
  );
}
