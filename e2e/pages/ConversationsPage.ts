import { expect, type Locator, type Page } from '@playwright/test';

export type TabName = 'Job Chats' | 'Direct Messages';

/** The conversation list, the header around it, and the New Message dialog. */
export class ConversationsPage {
  readonly rows: Locator;
  readonly newMessageButton: Locator;
  readonly dialog: Locator;
  readonly syncStatus: Locator;
  readonly offlineBanner: Locator;

  constructor(readonly page: Page) {
    this.rows = page.getByTestId('room-row');
    this.newMessageButton = page.getByRole('button', { name: 'New Message' });
    this.dialog = page.getByRole('dialog', { name: 'New Message' });
    this.syncStatus = page.getByTestId('sync-status');
    this.offlineBanner = page.getByRole('status').filter({ hasText: 'Offline' });
  }

  tab(name: TabName): Locator {
    return this.page.getByRole('tab', { name });
  }

  async showTab(name: TabName): Promise<void> {
    await this.tab(name).click();
    await expect(this.tab(name)).toHaveAttribute('aria-selected', 'true');
  }

  async showFilter(name: 'Active' | 'Archived' | 'All'): Promise<void> {
    await this.page.getByRole('radio', { name }).click();
  }

  badge(kind: 'job' | 'direct'): Locator {
    return this.page.getByTestId(`unread-badge-${kind}`);
  }

  row(roomId: string): Locator {
    return this.page.locator(`[data-testid="room-row"][data-room-id="${roomId}"]`);
  }

  rowUnread(roomId: string): Locator {
    return this.row(roomId).getByTestId('room-unread');
  }

  /** Room ids of the visible rows, top to bottom. */
  async rowIds(): Promise<string[]> {
    const ids = await this.rows.evaluateAll((els) => els.map((el) => el.getAttribute('data-room-id') ?? ''));
    return ids;
  }

  async openRow(roomId: string): Promise<void> {
    await this.row(roomId).click();
    await expect(this.page.getByTestId('room-view')).toHaveAttribute('data-room-id', roomId);
  }

  /** Opens New Message and types a query; resolves with the result for `userId` once shown. */
  async searchPerson(query: string, userId: string): Promise<Locator> {
    await this.newMessageButton.click();
    await expect(this.dialog).toBeVisible();
    await this.dialog.getByRole('combobox', { name: 'Search people' }).fill(query);
    const result = this.dialog.locator(`[data-testid="user-result"][data-user-id="${userId}"]`);
    await expect(result).toBeVisible();
    return result;
  }

  /** New Message → search → pick: the DM opens; resolves with its room id. */
  async startDm(query: string, userId: string): Promise<string> {
    const result = await this.searchPerson(query, userId);
    await result.click();
    return this.waitForOpenRoom();
  }

  async waitForOpenRoom(): Promise<string> {
    await expect(this.dialog).toBeHidden();
    const view = this.page.getByTestId('room-view');
    await expect(view).toBeVisible();
    return (await view.getAttribute('data-room-id')) ?? '';
  }

  async expectConnection(state: 'online' | 'connecting' | 'offline'): Promise<void> {
    await expect(this.syncStatus).toHaveAttribute('data-state', state);
  }

  async signOut(): Promise<void> {
    await this.page.getByRole('button', { name: 'Sign out' }).click();
  }
}
