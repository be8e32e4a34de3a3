import { useCallback, useState } from 'react';

const storagePrefix = 'portico.columns.';

function readHidden(key: string): string[] | null {
  try {
    const value: unknown = JSON.parse(window.localStorage.getItem(storagePrefix + key) ?? 'null');
    return Array.isArray(value) && value.every((entry) => typeof entry === 'string') ? value : null;
  } catch {
    return null;
  }
}

/**
 * The columns an admin chose to hide in one list (by title), remembered in this browser's
 * localStorage under `key`, so the list opens as it was left.
 */
export function useHiddenColumns(key: string): [ReadonlySet<string>, (title: string, hidden: boolean) => void] {
  const [hidden, setHidden] = useState<ReadonlySet<string>>(() => new Set(readHidden(key) ?? []));
  const setColumn = useCallback(
    (title: string, hide: boolean) => {
      setHidden((current) => {
        const next = new Set(current);
        if (hide) next.add(title);
        else next.delete(title);
        try {
          window.localStorage.setItem(storagePrefix + key, JSON.stringify([...next]));
        } catch {
          // Storage full or disabled: the choice lasts until the page is left.
        }
        return next;
      });
    },
    [key],
  );
  return [hidden, setColumn];
}
