import { useCallback } from 'react';

import { useAuth } from '../../auth/AuthProvider';
import { saveFile } from '../../components/saveFile';


/**
 * Downloads a file the API serves to signed-in admins (an invoice's PDF): the request carries the
 * session's access token, refreshed once if it expired, and the answer is saved under `filename`.
 * Rejects with the server's message when the file cannot be had.
 */
export function useAuthorizedDownload(): (url: string, filename: string) => Promise<void> {
  const { session } = useAuth();
  return useCallback(
    async (url: string, filename: string) => {
      const get = () => {
        const token = session.getAccessToken();
        return fetch(url, { credentials: 'same-origin', headers: token ? { Authorization: `Bearer ${token}` } : {} });
      };
      let response = await get();
      if (response.status === 401 && (await session.refresh()) === 'ok') response = await get();
      if (!response.ok) throw new Error((await response.text()).trim() || `the server answered ${response.status}`);
      saveFile(await response.blob(), filename);
    },
    [session],
  );
}
