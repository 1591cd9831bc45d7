import { useState, type FormEvent } from 'react';
import { describeError } from '../../api/client';
import { signIn } from '../../session';
import { preloadSignedInChunks } from '../../early-start';
import { preloadSignedInApp } from '../signed-in-chunk';

export function LoginForm() {
  const [identifier, setIdentifier] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    setBusy(true);
    preloadSignedInApp();
    try {
      await signIn(identifier, password);
    } catch (err) {
      setError(describeError(err));
      setBusy(false);
    }
  }

  return (
    // The first keystroke starts the session's chunks (not the mount: the sign-in screen alone
    // stays light); by the submit they are usually here.
    <form className="auth__form" onInput={preloadSignedInChunks} onSubmit={(event) => void onSubmit(event)} aria-label="Log in">
      <label className="auth__field">
        <span>Username</span>
        <input
          name="username"
          autoComplete="username"
          placeholder="username or email"
          value={identifier}
          onChange={(event) => setIdentifier(event.target.value)}
          required
          autoFocus
        />
      </label>
      <label className="auth__field">
        <span>Password</span>
        <input
          name="password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(event) => setPassword(event.target.value)}
          required
        />
      </label>
      {error && (
        <p className="auth__error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" className="auth__submit" disabled={busy}>
        Log in
      </button>
    </form>
  );
}
