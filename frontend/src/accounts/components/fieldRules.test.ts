import { describe, expect, it } from 'vitest';

import { recordField } from '../../test/recordFields';
import { changedValues, fieldNotes, fieldProblems, mustHaveValue } from './fieldRules';

describe('fieldRules', () => {
  it('refuses empty only the core fields no record can be without, not a core field a definition makes required', () => {
    const org = recordField('org_name', 'Organization/Group name', { kind: 'CORE', defined: false, required: true });
    const first = recordField('first_name', 'First name', { kind: 'CORE', defined: true, required: true });
    const tax = recordField('tax_id', 'Tax ID', { required: true });
    expect([org, first, tax].map(mustHaveValue)).toEqual([true, false, false]);
    expect(fieldProblems([org, first, tax], { org_name: ' ', first_name: '', tax_id: '' })).toEqual({ org_name: 'Enter organization/group name.' });
    expect(fieldNotes(first)).toBe('Developers must fill it in.');
    expect(fieldNotes(org)).toBe('');
  });

  it('sends the changed values trimmed, an emptied one as empty', () => {
    const fields = [recordField('tier', 'Tier', { value: 'hobby' }), recordField('risk', 'Risk', { value: '7' }), recordField('city', 'City')];
    expect(changedValues(fields, { tier: 'hobby', risk: '', city: ' Lisbon ' })).toEqual({ risk: '', city: 'Lisbon' });
  });
});
