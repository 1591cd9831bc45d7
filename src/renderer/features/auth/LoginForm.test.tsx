import { fireEvent, render, screen } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { LoginForm } from './LoginForm';

const signIn = vi.hoisted(() => vi.fn<(identifier: string, password: string) => Promise<void>>());
const chunks = vi.hoisted(() => ({ db: vi.fn(), app: vi.fn() }));
vi.mock('../../session', () => ({ signIn }));
vi.mock('../../session/db-modules', () => ({ preloadDbModules: chunks.db, loadDbModules: vi.fn() }));
vi.mock('../signed-in-chunk', () => ({ preloadSignedInApp: chunks.app }));

beforeEach(() => {
  signIn.mockReset();
  signIn.mockResolvedValue();
  chunks.db.mockReset();
  chunks.app.mockReset();
});

describe('LoginForm', () => {
  it('starts the session chunks at the first keystroke, not at mount', () => {
    render(<LoginForm />);
    // The sign-in screen alone stays light (the 500 KB budget of e2e/web/first-load.spec.ts).
    expect(chunks.db).not.toHaveBeenCalled();
    expect(chunks.app).not.toHaveBeenCalled();
    fireEvent.input(screen.getByLabelText('Username'), { target: { value: 'a' } });
    expect(chunks.db).toHaveBeenCalledTimes(1);
    expect(chunks.app).toHaveBeenCalledTimes(1);
  });
});
