import { expect, test } from '../fixtures';
import { storedRecordTotal } from './support/page-globals';

test('signing in survives a reload', async ({ openApp }) => {
  const a = await openApp('alice');
  await expect(a.list.rows.first()).toBeVisible();
  await a.page.reload();
  await expect(a.page.getByTestId('signed-in-user')).toContainText('Alice');
  await expect(a.list.rows.first()).toBeVisible();
  await expect(a.signIn.submit).toHaveCount(0);
});

test('after signing in, focus is in the app, not on the page body', async ({ openApp }) => {
  const a = await openApp('alice');
  await expect(a.page.getByTestId('conversations-heading')).toBeFocused();
  await a.page.keyboard.press('Tab');
  await expect(a.page.getByRole('button', { name: 'New Message' })).toBeFocused();
});

test('signing out returns to the sign-in screen and removes the local data', async ({ openApp }) => {
  const a = await openApp('alice');
  await expect(a.list.rows.first()).toBeVisible();
  expect(await storedRecordTotal(a.page, a.who.user.id)).toBeGreaterThan(0);

  await a.list.signOut();
  await expect(a.signIn.username).toBeVisible();
  await expect(a.signIn.submit).toBeVisible();
  await expect.poll(() => storedRecordTotal(a.page, a.who.user.id)).toBe(0);
  await a.page.reload();
  await expect(a.signIn.username).toBeVisible();
  await expect(a.page.getByTestId('signed-in-user')).toHaveCount(0);
});

test('a wrong password is refused with a message', async ({ openSignedOut }) => {
  const app = await openSignedOut();
  await app.signIn.fill('alice', 'not-the-password');
  await app.signIn.submit.click();
  await expect(app.page.getByRole('alert')).toBeVisible();
  await expect(app.page.getByTestId('signed-in-user')).toHaveCount(0);
});

test('registration refuses a common password before it is submitted, and the server agrees', async ({ openSignedOut, serverUrl }) => {
  const app = await openSignedOut();
  await app.page.getByRole('button', { name: 'Create an account' }).click();
  const password = app.page.getByLabel('Password');
  await expect(password).toHaveAccessibleDescription(/not a common password/);
  await password.fill('password');
  await expect(password).toHaveAttribute('aria-invalid', 'true');
  await expect(app.page.getByTestId('register-password-error')).toHaveText(/most common passwords/);
  const res = await fetch(`${serverUrl}/api/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'e2e_common', email: 'e2e_common@example.com', password: '12345678', first_name: 'E', last_name: 'Two', role: 'client' }),
  });
  expect(res.status).toBe(400);
});
