import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { App } from './App';
import { loadSignedInApp } from './features/signed-in-chunk';
import { resetAppStore, useAppStore } from './store';

const signIn = vi.fn<(identifier: string, password: string) => Promise<void>>();
const status = { value: 'signed-out' as 'loading' | 'signed-out' | 'signed-in' };
const me = { id: 'u1', username: 'alice' };

vi.mock('./session', () => ({
  useSession: () => ({ status: status.value, user: status.value === 'signed-in' ? me : null }),
  signIn: (identifier: string, password: string) => signIn(identifier, password),
  register: vi.fn(),
}));
vi.mock('./features/AppRoutes', () => ({ AppRoutes: () => <p>routes</p> }));

describe('App shell', () => {
  beforeEach(() => {
    resetAppStore();
    signIn.mockReset();
    status.value = 'signed-out';
  });

  it('shows a loading state while the session starts', () => {
    status.value = 'loading';
    render(<App />);
    expect(screen.getByTestId('app-loading')).toBeTruthy();
  });

  it('logs in with the labelled fields and shows the error from the server', async () => {
    const { ApiError } = await import('./api/errors');
    signIn.mockRejectedValueOnce(new ApiError(401, 'invalid_credentials', 'nope'));
    render(<App />);
    fireEvent.change(screen.getByLabelText('Username'), { target: { value: 'alice' } });
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'secret-pass' } });
    fireEvent.click(screen.getByRole('button', { name: 'Log in' }));
    expect(signIn).toHaveBeenCalledWith('alice', 'secret-pass');
    expect((await screen.findByRole('alert')).textContent).toBe('Wrong username or password.');
  });

  it('switches to the register form and validates it before sending', async () => {
    render(<App />);
    fireEvent.click(screen.getByRole('button', { name: 'Create an account' }));
    // The form is its own chunk, loaded on demand.
    expect(await screen.findByLabelText('First name')).toBeTruthy();
    expect(screen.getByLabelText('Cleaner')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Create account' }));
    await waitFor(() => expect(screen.getByLabelText('Username').getAttribute('aria-invalid')).toBe('true'));
  });

  it('renders the signed-in app at once when its chunk is loaded, without a fallback first', async () => {
    await loadSignedInApp();
    status.value = 'signed-in';
    render(<App />);
    // Synchronously, in the first commit: a Suspense fallback would hold the app back 300 ms.
    expect(screen.getByText('routes')).toBeTruthy();
    expect(screen.queryByTestId('app-loading')).toBeNull();
  });

  it('shows and dismisses the notice', () => {
    render(<App />);
    act(() => useAppStore.getState().setNotice('Could not send'));
    expect(screen.getByTestId('notice').textContent).toContain('Could not send');
    fireEvent.click(screen.getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByTestId('notice')).toBeNull();
  });
});
