import { describe, expect, it } from 'vitest';
import { makeUser } from '../testing/fixtures';
import { participantIds } from './useKnownUsers';
import { localSearch, matchesUserQuery, toPublicUser, toSearchUser } from './userMatch';

const alice = makeUser('alice', 'Alice', 'Smith', { email: 'alice@example.com' });
const bob = makeUser('bob', 'Bob', 'Builder', { role: 'cleaner', username: 'bobby' });
const dave = makeUser('dave', 'Dave', 'Brush', { role: 'cleaner' });

describe('matchesUserQuery', () => {
  it('matches parts of names and usernames, case-insensitively', () => {
    expect(matchesUserQuery(bob, 'BUILD')).toBe(true);
    expect(matchesUserQuery(bob, 'bob b')).toBe(true);
    expect(matchesUserQuery(bob, 'obb')).toBe(true);
    expect(matchesUserQuery(bob, 'carol')).toBe(false);
  });
  it('matches an email only exactly', () => {
    expect(matchesUserQuery(alice, 'Alice@Example.com')).toBe(true);
    expect(matchesUserQuery(alice, 'example.com')).toBe(false);
  });
  it('matches everyone for an empty query', () => {
    expect(matchesUserQuery(bob, '  ')).toBe(true);
  });
});

describe('localSearch', () => {
  it('filters by role and query, sorts by name and adds presence', () => {
    const result = localSearch([dave, alice, bob], 'b', 'cleaner', { bob: true });
    expect(result.map((u) => [u.id, u.is_online])).toEqual([
      ['bob', true],
      ['dave', false],
    ]);
  });
  it('never copies an email into a search result', () => {
    expect('email' in toSearchUser(alice, false)).toBe(false);
  });
  it('strips presence for the local database', () => {
    expect(toPublicUser(toSearchUser(bob, true))).toEqual(bob);
  });
});

describe('participantIds', () => {
  it('collects each participant once, sorted', () => {
    expect(participantIds([{ participant_ids: ['b', 'a'] }, { participant_ids: ['c', 'a'] }])).toEqual(['a', 'b', 'c']);
  });
});
