import { useState, type FormEvent } from 'react';
import { registerBody, type RegisterBody } from '../../../shared/api';
import { describeError } from '../../api/client';
import { register } from '../../session';

const EMPTY: RegisterBody = {
  username: '',
  email: '',
  password: '',
  first_name: '',
  last_name: '',
  role: 'client',
};

const FIELDS: {
  name: Exclude<keyof RegisterBody, 'role'>;
  label: string;
  type: string;
  autoComplete: string;
}[] = [
  { name: 'first_name', label: 'First name', type: 'text', autoComplete: 'given-name' },
  { name: 'last_name', label: 'Last name', type: 'text', autoComplete: 'family-name' },
  { name: 'email', label: 'Email', type: 'email', autoComplete: 'email' },
  { name: 'username', label: 'Username', type: 'text', autoComplete: 'username' },
  { name: 'password', label: 'Password', type: 'password', autoComplete: 'new-password' },
];

/** Clients and cleaners register themselves; support and admin accounts are made by an operator. */
export function RegisterForm() {
  const [form, setForm] = useState<RegisterBody>(EMPTY);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    const parsed = registerBody.safeParse(form);
    if (!parsed.success) {
      setError(describeError(parsed.error));
      return;
    }
    setBusy(true);
    try {
      await register(parsed.data);
    } catch (err) {
      setError(describeError(err));
      setBusy(false);
    }
  }

  return (
    <form
      className="auth__form"
      onSubmit={(event) => void onSubmit(event)}
      aria-label="Create an account"
      noValidate
    >
      {FIELDS.map((field) => (
        <label key={field.name} className="auth__field">
          <span>{field.label}</span>
          <input
            name={field.name}
            type={field.type}
            autoComplete={field.autoComplete}
            value={form[field.name]}
            onChange={(event) => setForm({ ...form, [field.name]: event.target.value })}
            required
          />
        </label>
      ))}
      <fieldset className="auth__roles">
        <legend>I am a</legend>
        {(['client', 'cleaner'] as const).map((role) => (
          <label key={role} className="auth__role">
            <input
              type="radio"
              name="role"
              value={role}
              checked={form.role === role}
              onChange={() => setForm({ ...form, role })}
            />
            {role === 'client' ? 'Client' : 'Cleaner'}
          </label>
        ))}
      </fieldset>
      {error && (
        <p className="auth__error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" className="auth__submit" disabled={busy}>
        Create account
      </button>
    </form>
  );
}
