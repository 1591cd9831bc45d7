import type { Locator, Page } from '@playwright/test';

/** The sign-in screen (features/auth/LoginForm). */
export class SignInPage {
  readonly username: Locator;
  readonly password: Locator;
  readonly submit: Locator;

  constructor(readonly page: Page) {
    this.username = page.getByLabel('Username');
    this.password = page.getByLabel('Password');
    this.submit = page.getByRole('button', { name: 'Log in' });
  }

  async fill(username: string, password: string): Promise<void> {
    await this.username.fill(username);
    await this.password.fill(password);
  }

  /** Signs in and waits for the signed-in shell (the header's own-profile link). */
  async signIn(username: string, password: string): Promise<void> {
    await this.fill(username, password);
    await this.submit.click();
    await this.page.getByTestId('signed-in-user').waitFor();
  }
}
