import { test as base, type BrowserContext, type Page } from '@playwright/test';
import { ConversationsPage } from './pages/ConversationsPage';
import { RoomPage } from './pages/RoomPage';
import { SignInPage } from './pages/SignInPage';
import { apiFor, type Api, type Client } from '../testkit/http';
import type { TestServer } from '../testkit/server';
import { startWebServer } from './web/support/server';

export { expect } from '@playwright/test';

export type { Api } from '../testkit/http';

/** One person's app: a browser context of its own (its own IndexedDB), signed in through the UI. */
export interface AppSession {
  who: Client;
  context: BrowserContext;
  page: Page;
  signIn: SignInPage;
  list: ConversationsPage;
  room: RoomPage;
  /** Navigates inside the app (a full page load, like opening a link). */
  goto(path: string): Promise<void>;
  setOffline(offline: boolean): Promise<void>;
}

export type SignedOutApp = Omit<AppSession, 'who'>;

type Fixtures = {
  server: TestServer;
  serverUrl: string;
  api: Api;
  /** Opens a fresh context and signs in as `who` (a demo username or a session from `api`). */
  openApp(who: string | Client): Promise<AppSession>;
  /** Like openApp but stops at the sign-in screen. */
  openSignedOut(): Promise<SignedOutApp>;
};

/**
 * A fresh server (port 0, empty data folder, demo data) per test, so no test sees another's
 * messages, and any number of app instances against it.
 */
export const test = base.extend<Fixtures>({
  // eslint-disable-next-line no-empty-pattern -- Playwright fixtures must destructure their dependencies.
  server: async ({}, use) => {
    const server = await startWebServer();
    try {
      await use(server);
    } finally {
      await server.close();
    }
  },

  serverUrl: async ({ server }, use) => use(server.url),

  api: async ({ server }, use) => use(apiFor(server)),

  openSignedOut: async ({ browser, serverUrl }, use) => {
    const contexts: BrowserContext[] = [];
    await use(async () => {
      const context = await browser.newContext({ baseURL: serverUrl });
      contexts.push(context);
      const page = await context.newPage();
      await page.goto('/');
      const session = appSession(context, page);
      await session.signIn.username.waitFor();
      return session;
    });
    for (const context of contexts) await context.close();
  },

  openApp: async ({ api, openSignedOut }, use) => {
    await use(async (who) => {
      const session = typeof who === 'string' ? await api.login(who) : who;
      const app = await openSignedOut();
      await app.signIn.signIn(session.username, session.password);
      return { ...app, who: session };
    });
  },
});

function appSession(context: BrowserContext, page: Page): SignedOutApp {
  return {
    context,
    page,
    signIn: new SignInPage(page),
    list: new ConversationsPage(page),
    room: new RoomPage(page),
    async goto(path) {
      await page.goto(path);
    },
    async setOffline(offline) {
      await context.setOffline(offline);
    },
  };
}
