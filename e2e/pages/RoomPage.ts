import { expect, type Locator, type Page } from '@playwright/test';

/** An open chat room: history, composer, typing indicator, receipts. */
export class RoomPage {
  readonly view: Locator;
  readonly messages: Locator;
  readonly composer: Locator;
  readonly sendButton: Locator;
  readonly typing: Locator;
  readonly notFound: Locator;

  constructor(readonly page: Page) {
    this.view = page.getByTestId('room-view');
    this.messages = page.getByTestId('message');
    this.composer = page.getByRole('textbox', { name: 'Message', exact: true });
    this.sendButton = page.getByRole('button', { name: 'Send', exact: true });
    this.typing = page.getByTestId('typing-indicator');
    this.notFound = page.getByRole('heading', { name: 'Conversation not found' });
  }

  async expectOpen(roomId: string): Promise<void> {
    await expect(this.view).toHaveAttribute('data-room-id', roomId);
  }

  /** Types and presses Enter, as a user sends. */
  async send(text: string): Promise<void> {
    await this.composer.fill(text);
    await this.composer.press('Enter');
    await expect(this.composer).toHaveValue('');
  }

  message(text: string): Locator {
    return this.messages.filter({ hasText: text });
  }

  /** Message texts in screen order (only the rendered part of the virtual list). */
  async texts(): Promise<string[]> {
    return this.page.getByTestId('message').evaluateAll((els) =>
      els.map((el) => el.querySelector('.cc-msg__text')?.textContent ?? ''),
    );
  }

  /** Waits until the room shows exactly `expected` among its messages, in this order, once each. */
  async expectTextsInOrder(expected: string[]): Promise<void> {
    await expect
      .poll(async () => (await this.texts()).filter((t) => expected.includes(t)))
      .toEqual(expected);
  }

  receipt(text: string): Locator {
    return this.message(text).getByTestId('read-receipt');
  }
}
