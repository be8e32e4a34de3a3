import { useState } from 'react';

import { deriveSystemName } from './validation';

/**
 * A name and the system name proposed from it. The system name follows the
 * name until the user edits the system name field.
 */
export function useSystemName(initialName = '') {
  const [name, setName] = useState(initialName);
  const [custom, setCustom] = useState<string | null>(null);
  return {
    name,
    setName,
    systemName: custom ?? deriveSystemName(name),
    setSystemName: setCustom,
  };
}
