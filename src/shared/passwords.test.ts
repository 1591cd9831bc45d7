import { describe, expect, it } from 'vitest';
import { registerBody } from './api';
import { checkPassword, COMMON_PASSWORD_PROBLEM, loadCommonPasswords, passwordProblem } from './passwords';

const valid = {
  username: 'newuser',
  email: 'new@example.com',
  password: 'correct horse battery',
  first_name: 'New',
  last_name: 'User',
  role: 'client',
};

describe('passwordProblem', () => {
  it('refuses empty, whitespace-only and short passwords without needing the list', () => {
    expect(passwordProblem('', null)).toBe('Enter a password.');
    expect(passwordProblem('        ', null)).toBe('A password cannot be only spaces.');
    expect(passwordProblem('\t \n  \u00a0  ', null)).toBe('A password cannot be only spaces.');
    expect(passwordProblem('abc', null)).toMatch(/at least 8 characters/);
    expect(passwordProblem('x'.repeat(257), null)).toMatch(/at most 256/);
    expect(passwordProblem('password', null)).toBeNull();
  });

  it('counts characters, not UTF-16 units', () => {
    expect(passwordProblem('🔑🔑🔑🔑', null)).toMatch(/at least 8/);
    expect(passwordProblem('🔑🔑🔑🔑🔑🔑🔑🔑', null)).toBeNull();
  });

  it('refuses the commonest passwords, whatever their case', async () => {
    const common = await loadCommonPasswords();
    expect(common.size).toBeGreaterThan(9000);
    for (const pw of ['password', '12345678', 'qwertyuiop', 'PassWord', 'iloveyou']) {
      expect(passwordProblem(pw, common)).toBe(COMMON_PASSWORD_PROBLEM);
    }
    expect(passwordProblem('correct horse battery', common)).toBeNull();
    expect(await checkPassword('12345678')).toBe(COMMON_PASSWORD_PROBLEM);
  });
});

describe('registerBody', () => {
  it('accepts a good registration', async () => {
    expect((await registerBody.safeParseAsync(valid)).success).toBe(true);
  });

  it('reports every problem at once, each on its field, in plain words', async () => {
    const result = await registerBody.safeParseAsync({
      ...valid,
      username: 'a b',
      email: 'nope',
      password: 'password',
      first_name: ' ',
    });
    expect(result.success).toBe(false);
    const byField = Object.fromEntries(result.error?.issues.map((i) => [i.path.join('.'), i.message]) ?? []);
    expect(byField).toEqual({
      username: expect.stringMatching(/^Use 3 to 32 letters/),
      email: 'Enter an email address such as name@example.com.',
      password: COMMON_PASSWORD_PROBLEM,
      first_name: 'Enter your first name.',
    });
  });
});
