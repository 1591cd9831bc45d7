import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { PASSWORD_RULE } from '../../../shared/passwords';
import { ApiError } from '../../api/errors';
import { RegisterForm } from './RegisterForm';

const register = vi.hoisted(() => vi.fn<(body: unknown) => Promise<void>>());
vi.mock('../../session', () => ({ register }));

function fill(label: string, value: string) {
  fireEvent.change(screen.getByLabelText(label), { target: { value } });
}

function fillValid() {
  fill('First name', 'Dana');
  fill('Last name', 'Cleaner');
  fill('Email', 'dana@example.com');
  fill('Username', 'dana');
  fill('Password', 'lilac teapot orbit 42');
}

/** The text an input's aria-describedby points at, in order. */
function description(input: HTMLElement): string {
  const ids = input.getAttribute('aria-describedby')?.split(' ') ?? [];
  return ids.map((id) => document.getElementById(id)?.textContent ?? `<missing #${id}>`).join(' | ');
}

beforeEach(() => {
  register.mockReset();
  register.mockResolvedValue();
});

describe('RegisterForm', () => {
  it('states the password rule under the field before anything is typed', () => {
    render(<RegisterForm />);
    const password = screen.getByLabelText('Password');
    expect(description(password)).toBe(PASSWORD_RULE);
    expect(password.getAttribute('aria-invalid')).toBeNull();
  });

  it('shows every problem at once on submit, each next to its field, in plain words', async () => {
    render(<RegisterForm />);
    fill('Email', 'not-an-email');
    fill('Username', 'a b');
    fireEvent.click(screen.getByRole('button', { name: 'Create account' }));
    const expected: Record<string, RegExp> = {
      'First name': /^Enter your first name\.$/,
      'Last name': /^Enter your last name\.$/,
      Email: /^Enter an email address such as name@example\.com\.$/,
      Username: /^Use 3 to 32 letters/,
      Password: /^Enter a password\.$/,
    };
    for (const [label, message] of Object.entries(expected)) {
      const input = screen.getByLabelText(label);
      await waitFor(() => expect(input.getAttribute('aria-invalid')).toBe('true'));
      const error = description(input).split(' | ').pop() ?? '';
      expect(error).toMatch(message);
      expect(error).not.toMatch(/^\w+: /);
    }
    expect(document.activeElement).toBe(screen.getByLabelText('First name'));
    expect(register).not.toHaveBeenCalled();
  });

  it('says a common password is refused as it is typed, before submitting', async () => {
    render(<RegisterForm />);
    fill('Password', 'password');
    const password = screen.getByLabelText('Password');
    await waitFor(() => expect(password.getAttribute('aria-invalid')).toBe('true'));
    expect(screen.getByTestId('register-password-error').textContent).toMatch(/most common passwords/);
    fill('Password', '12345678');
    await waitFor(() => expect(screen.getByTestId('register-password-error').textContent).toMatch(/most common/));
    fill('Password', 'lilac teapot orbit 42');
    await waitFor(() => expect(screen.queryByTestId('register-password-error')).toBeNull());
    expect(password.getAttribute('aria-invalid')).toBeNull();
  });

  it('says a whitespace-only password is refused when the field is left', async () => {
    render(<RegisterForm />);
    fill('Password', '   ');
    const password = screen.getByLabelText('Password');
    expect(screen.queryByTestId('register-password-error')).toBeNull();
    fireEvent.blur(password);
    expect((await screen.findByTestId('register-password-error')).textContent).toBe('A password cannot be only spaces.');
  });

  it("puts the server's refusals next to their fields", async () => {
    register.mockRejectedValueOnce(new ApiError(409, 'username_taken', 'That username is taken'));
    render(<RegisterForm />);
    fillValid();
    fireEvent.click(screen.getByRole('button', { name: 'Create account' }));
    const error = await screen.findByTestId('register-username-error');
    expect(error.textContent).toBe('That username is already taken.');
    expect(screen.getByLabelText('Username').getAttribute('aria-invalid')).toBe('true');
    await waitFor(() => expect(document.activeElement).toBe(screen.getByLabelText('Username')));
    expect(screen.queryByRole('alert')).toBeNull();

    register.mockRejectedValueOnce(
      new ApiError(400, 'validation_failed', 'Invalid request', undefined, [{ path: 'email', message: 'Not deliverable.' }]),
    );
    fill('Username', 'dana2');
    expect(screen.queryByTestId('register-username-error')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Create account' }));
    expect((await screen.findByTestId('register-email-error')).textContent).toBe('Not deliverable.');
  });

  it('sends a valid registration', async () => {
    render(<RegisterForm />);
    fillValid();
    fireEvent.click(screen.getByLabelText('Cleaner'));
    fireEvent.click(screen.getByRole('button', { name: 'Create account' }));
    await waitFor(() => expect(register).toHaveBeenCalledTimes(1));
    expect(register.mock.calls[0]?.[0]).toMatchObject({ username: 'dana', role: 'cleaner', first_name: 'Dana' });
  });
});
