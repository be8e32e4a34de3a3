import { describe, expect, it } from 'vitest';

import { recordField } from '../../test/recordFields';
import { changedValues, fieldNotes, fieldProblems } from './fieldRules';

describe('fieldRules', () => {
  it('refuses empty only the fields the server marks nonEmpty, not a core field a definition makes required', () => {
    const org = recordField('org_name', 'Organization/Group name', { kind: 'CORE', defined: false, required: true, nonEmpty: true });
    const first = recordField('first_name', 'First name', { kind: 'CORE', defined: true, required: true });
    const tax = recordField('tax_id', 'Tax ID', { required: true });
    expect(fieldProblems([org, first, tax], { org_name: ' ', first_name: '', tax_id: '' })).toEqual({ org_name: 'Enter organization/group name.' });
    expect(fieldNotes(first)).toBe('Developers must fill it in.');
    expect(fieldNotes(org)).toBe('');
    expect(fieldNotes({ ...tax, hint: 'As on invoices' })).toBe('As on invoices. Developers must fill it in.');
    expect(fieldNotes({ ...tax, hint: 'Why?', hidden: true })).toBe('Why? Hidden from developers. Developers must fill it in.');
  });

  it('sends the changed values trimmed, an emptied one as empty', () => {
    const fields = [recordField('tier', 'Tier', { value: 'hobby' }), recordField('risk', 'Risk', { value: '7' }), recordField('city', 'City')];
    expect(changedValues(fields, { tier: 'hobby', risk: '', city: ' Lisbon ' })).toEqual({ risk: '', city: 'Lisbon' });
  });
});
