import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './limits';

/**
 * The password rule, stated to the user before they submit (the registration form shows it under
 * the field) and enforced by `registerBody` on both sides.
 */
export const PASSWORD_RULE = `At least ${PASSWORD_MIN_LENGTH} characters, not just spaces, and not a common password such as "password" or "12345678".`;

/** The message for a password found in the common-password list. */
export const COMMON_PASSWORD_PROBLEM = 'This is one of the most common passwords. Choose one that is harder to guess.';

/**
 * What is wrong with a new password, in plain words, or null when it is acceptable.
 *
 * Security check: the server refuses what this refuses (through `registerBody`). `common` is the
 * list from `loadCommonPasswords()`; the comparison ignores case, so "PASSWORD" is as common as
 * "password". Without the list only the length and whitespace rules apply, which lets a form
 * answer while the list is still loading; the server always passes it.
 */
export function passwordProblem(password: string, common: ReadonlySet<string> | null): string | null {
  if (password.length === 0) return 'Enter a password.';
  if (password.trim().length === 0) return 'A password cannot be only spaces.';
  if ([...password].length < PASSWORD_MIN_LENGTH) return `Use at least ${PASSWORD_MIN_LENGTH} characters.`;
  if (password.length > PASSWORD_MAX_LENGTH) return `Use at most ${PASSWORD_MAX_LENGTH} characters.`;
  if (common?.has(password.toLowerCase())) return COMMON_PASSWORD_PROBLEM;
  return null;
}

let loading: Promise<ReadonlySet<string>> | null = null;

/**
 * The 10,000 commonest passwords (SecLists' "10-million-password-list-top-10000", lower-cased),
 * loaded once. A dynamic import, so the ~90 KB list stays out of the renderer's first bundle and
 * is fetched only when someone registers.
 */
export function loadCommonPasswords(): Promise<ReadonlySet<string>> {
  loading ??= import('./common-passwords.json').then(
    (module) => new Set<string>(module.default),
    (err: unknown) => {
      // A failed chunk load (the renderer offline on a web build) may succeed on the next try.
      loading = null;
      throw err;
    },
  );
  return loading;
}

/** `passwordProblem` with the common-password list loaded. */
export async function checkPassword(password: string): Promise<string | null> {
  return passwordProblem(password, await loadCommonPasswords());
}
