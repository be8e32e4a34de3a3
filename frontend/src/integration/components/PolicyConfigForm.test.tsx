import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';

import { PolicyConfigForm, type PolicyJSONSchema } from './PolicyConfigForm';

const ipCheck: PolicyJSONSchema = {
  type: 'object',
  required: ['check_type', 'ips'],
  properties: {
    check_type: { type: 'string', title: 'Check type', enum: ['whitelist', 'blacklist'] },
    ips: { type: 'array', title: 'IP addresses', items: { type: 'string' } },
    error_msg: { type: 'string', title: 'Error message' },
    strict: { type: 'boolean', title: 'Strict' },
    limit: { type: 'integer', title: 'Limit' },
  },
};

function Harness({ onValue }: { onValue: (v: Record<string, unknown>) => void }) {
  const [value, setValue] = useState<Record<string, unknown>>({});
  return (
    <PolicyConfigForm
      id="p"
      schema={ipCheck}
      value={value}
      onChange={(v) => {
        setValue(v);
        onValue(v);
      }}
    />
  );
}

describe('PolicyConfigForm', () => {
  it('renders a field per property and builds the configuration from them', async () => {
    const user = userEvent.setup();
    let last: Record<string, unknown> = {};
    render(<Harness onValue={(v) => (last = v)} />);

    await user.selectOptions(screen.getByRole('combobox', { name: 'Check type' }), 'blacklist');
    await user.click(screen.getByRole('textbox', { name: 'IP addresses' }));
    await user.paste('["10.0.0.0/8"]');
    await user.type(screen.getByRole('textbox', { name: 'Error message (optional)' }), 'Go away');
    await user.click(screen.getByRole('checkbox', { name: 'Strict' }));
    await user.type(screen.getByRole('textbox', { name: 'Limit (optional)' }), '12');
    expect(last).toEqual({ check_type: 'blacklist', ips: ['10.0.0.0/8'], error_msg: 'Go away', strict: true, limit: 12 });
  });

  it('reports JSON it cannot read and keeps the last good value', async () => {
    const user = userEvent.setup();
    let last: Record<string, unknown> = {};
    render(<Harness onValue={(v) => (last = v)} />);
    await user.click(screen.getByRole('textbox', { name: 'IP addresses' }));
    await user.paste('["a"');
    expect(screen.getByText('Not valid JSON')).toBeInTheDocument();
    expect(last.ips).toBeUndefined();
  });

  it('says when a policy has nothing to configure', () => {
    render(<PolicyConfigForm id="a" schema={{ type: 'object', properties: {} }} value={{}} onChange={() => {}} />);
    expect(screen.getByText('This policy has nothing to configure.')).toBeInTheDocument();
  });
});
