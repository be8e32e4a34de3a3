import { describe, expect, it } from 'vitest';

import { askAnAdmin } from './teamAdmins';

describe('askAnAdmin', () => {
  it('names the admins who can grant access, by name or else username', () => {
    expect(askAnAdmin([{ username: 'jane', email: 'jane@example.com', firstName: 'Jane', lastName: 'Doe' }])).toBe(
      'Ask an admin (Jane Doe, jane@example.com) to grant you access in Account Settings › Users.',
    );
    expect(
      askAnAdmin(
        [
          { username: 'admin', email: 'admin@example.com' },
          { username: 'bo', email: 'bo@example.com', firstName: 'Bo' },
        ],
        5,
      ),
    ).toBe('Ask one of your admins (admin, admin@example.com; Bo, bo@example.com; 3 more) to grant you access in Account Settings › Users.');
    expect(askAnAdmin([])).toBe('Ask an admin of your Portico account to grant you access in Account Settings › Users.');
  });
});
