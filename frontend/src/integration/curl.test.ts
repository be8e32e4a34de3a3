import { describe, expect, it } from 'vitest';

import { exampleCurl } from './curl';

describe('exampleCurl', () => {
  it('puts the credential where the gateway reads it', () => {
    const base = { userKeyName: 'user_key', userKey: 'k1' };
    expect(exampleCurl('https://api.example.com/', { ...base, location: 'QUERY' })).toBe('curl "https://api.example.com/?user_key=k1"');
    expect(exampleCurl('https://api.example.com', { ...base, location: 'HEADERS' })).toBe('curl "https://api.example.com/" -H "user_key: k1"');
    expect(exampleCurl('https://api.example.com', { ...base, location: 'AUTHORIZATION' })).toBe('curl "https://api.example.com/" -u "k1:"');
    expect(exampleCurl('', { ...base, location: 'QUERY', appID: 'a1', appKey: 's3' })).toBe(
      'curl "https://api.example.com/?app_id=a1&app_key=s3"',
    );
  });
});
