import { useEffect, useRef, useState, type FormEvent } from 'react';
import { registerBody, type RegisterBody } from '../../../shared/api';
import { PASSWORD_MIN_LENGTH } from '../../../shared/limits';
import { loadCommonPasswords, PASSWORD_RULE } from '../../../shared/passwords';
import { register } from '../../session';
import { preloadSignedInChunks } from '../../early-start';
import { preloadSignedInApp } from '../signed-in-chunk';
import { issuesByField, registerFailure, type FieldErrors, type RegisterField } from './registerErrors';

const EMPTY: RegisterBody = {
  username: '',
  email: '',
  password: '',
  first_name: '',
  last_name: '',
  role: 'client',
};

type TextField = Exclude<RegisterField, 'role'>;

const FIELDS: { name: TextField; label: string; type: string; autoComplete: string; hint?: string }[] = [
  { name: 'first_name', label: 'First name', type: 'text', autoComplete: 'given-name' },
  { name: 'last_name', label: 'Last name', type: 'text', autoComplete: 'family-name' },
  { name: 'email', label: 'Email', type: 'email', autoComplete: 'email' },
  { name: 'username', label: 'Username', type: 'text', autoComplete: 'username' },
  { name: 'password', label: 'Password', type: 'password', autoComplete: 'new-password', hint: PASSWORD_RULE },
];

const errorId = (name: RegisterField) => `register-${name}-error`;
const hintId = (name: RegisterField) => `register-${name}-hint`;

/** The form's own check of the current values: every field's problem at once, by field. */
function useValidation(form: RegisterBody): FieldErrors {
  const [errors, setErrors] = useState<FieldErrors>({});
  useEffect(() => {
    let current = true;
    void registerBody.safeParseAsync(form).then((result) => {
      if (current) setErrors(result.success ? {} : issuesByField(result.error.issues));
    });
    return () => {
      current = false;
    };
  }, [form]);
  return errors;
}

/**
 * Clients and cleaners register themselves; support and admin accounts are made by an operator.
 * A field's problem shows under it once the field has been left (the password's as soon as it is
 * long enough to be judged) or the form submitted, all at once, with `aria-invalid` and
 * `aria-describedby`; the server's refusals land on their fields the same way.
 */
export function RegisterForm() {
  const [form, setForm] = useState<RegisterBody>(EMPTY);
  const [visited, setVisited] = useState<ReadonlySet<RegisterField>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const [serverErrors, setServerErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const local = useValidation(form);
  const inputs = useRef(new Map<RegisterField, HTMLInputElement>());

  // Fetch the common-password list while the person fills in the form, not when they submit.
  useEffect(() => {
    loadCommonPasswords().catch(() => undefined);
  }, []);

  function shown(name: RegisterField): string | undefined {
    const judged =
      submitted || visited.has(name) || (name === 'password' && [...form.password].length >= PASSWORD_MIN_LENGTH);
    return serverErrors[name] ?? (judged ? local[name] : undefined);
  }

  function change(name: RegisterField, value: string) {
    setForm({ ...form, [name]: value });
    if (serverErrors[name]) setServerErrors({ ...serverErrors, [name]: undefined });
  }

  function focusFirst(errors: FieldErrors) {
    const first = FIELDS.find((field) => errors[field.name]);
    if (first) inputs.current.get(first.name)?.focus();
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSubmitted(true);
    setFormError(null);
    const parsed = await registerBody.safeParseAsync(form);
    if (!parsed.success) {
      focusFirst(issuesByField(parsed.error.issues));
      return;
    }
    setBusy(true);
    preloadSignedInApp();
    try {
      await register(parsed.data);
    } catch (err) {
      const failure = registerFailure(err);
      setServerErrors(failure.fields);
      setFormError(failure.form);
      focusFirst(failure.fields);
      setBusy(false);
    }
  }

  return (
    <form
      className="auth__form"
      onInput={preloadSignedInChunks}
      onSubmit={(event) => void onSubmit(event)}
      aria-label="Create an account"
      noValidate
    >
      {FIELDS.map((field) => {
        const error = shown(field.name);
        const describedBy = [field.hint ? hintId(field.name) : null, error ? errorId(field.name) : null].filter(Boolean);
        return (
          <div key={field.name} className="auth__field">
            <label htmlFor={`register-${field.name}`}>{field.label}</label>
            <input
              id={`register-${field.name}`}
              ref={(el) => {
                if (el) inputs.current.set(field.name, el);
              }}
              name={field.name}
              type={field.type}
              autoComplete={field.autoComplete}
              value={form[field.name]}
              onChange={(event) => change(field.name, event.target.value)}
              onBlur={() => setVisited(new Set(visited).add(field.name))}
              aria-invalid={error ? true : undefined}
              aria-describedby={describedBy.length > 0 ? describedBy.join(' ') : undefined}
              required
            />
            {field.hint && (
              <p id={hintId(field.name)} className="auth__hint">
                {field.hint}
              </p>
            )}
            {error && (
              <p id={errorId(field.name)} className="auth__field-error" data-testid={`register-${field.name}-error`}>
                {error}
              </p>
            )}
          </div>
        );
      })}
      <fieldset className="auth__roles">
        <legend>I am a</legend>
        {(['client', 'cleaner'] as const).map((role) => (
          <label key={role} className="auth__role">
            <input type="radio" name="role" value={role} checked={form.role === role} onChange={() => change('role', role)} />
            {role === 'client' ? 'Client' : 'Cleaner'}
          </label>
        ))}
        {shown('role') && <p className="auth__field-error">{shown('role')}</p>}
      </fieldset>
      {formError && (
        <p className="auth__error" role="alert">
          {formError}
        </p>
      )}
      <button type="submit" className="auth__submit" disabled={busy}>
        Create account
      </button>
    </form>
  );
}
