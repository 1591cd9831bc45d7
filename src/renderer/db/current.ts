import { useState } from 'react';
import type { CleanchatDatabase } from './database';

/** The signed-in user's open database. Set by the session; read by hooks and actions. */
export interface CurrentDb {
  db: CleanchatDatabase;
  me: string;
}

let current: CurrentDb | null = null;

export function setCurrentDb(next: CurrentDb | null): void {
  current = next;
}

export function peekCurrentDb(): CurrentDb | null {
  return current;
}

export function getCurrentDb(): CurrentDb {
  if (!current) throw new Error('No local database is open (not signed in).');
  return current;
}

/**
 * The database for a component's lifetime. The signed-in tree is mounted only while a
 * database is open and remounts on every sign-in, so capturing it once is safe and keeps a
 * component from touching another user's database during sign-out.
 */
export function useCurrentDb(): CurrentDb {
  const [value] = useState(getCurrentDb);
  return value;
}
