import { useState } from 'react';
import { LoginForm } from './LoginForm';
import { RegisterForm } from './RegisterForm';
import './auth.css';

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
        {mode === 'login' ? <LoginForm /> : <RegisterForm />}
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
