import { lazy, Suspense, useState } from 'react';
import { LoginForm } from './LoginForm';
import './auth.css';

/** Registration (and the shared validation it runs) is fetched when someone asks for it. */
const RegisterForm = lazy(async () => ({ default: (await import('./RegisterForm')).RegisterForm }));

/**
 * Shown while signed out: log in, or create an account. One form at a time, so every label
 * ("Username", "Password") is unique on the page.
 */
export function AuthScreen() {
  const [mode, setMode] = useState<'login' | 'register'>('login');
  return (
    <main className="auth">
      <div className="auth__card">
        <h1 className="auth__brand">cleanchat</h1>
        <p className="auth__tagline">Messages between clients and cleaners, even offline.</p>
        {mode === 'login' ? (
          <LoginForm />
        ) : (
          <Suspense fallback={<p className="auth__loading">Loading…</p>}>
            <RegisterForm />
          </Suspense>
        )}
        <p className="auth__switch">
          {mode === 'login' ? 'New here?' : 'Already have an account?'}{' '}
          <button
            type="button"
            className="auth__link"
            onClick={() => setMode(mode === 'login' ? 'register' : 'login')}
          >
            {mode === 'login' ? 'Create an account' : 'Log in instead'}
          </button>
        </p>
      </div>
    </main>
  );
}
