import { describe, expect, it } from 'vitest';
import { calendarDaysBetween, formatDay, formatRelative, fullName, initials, singleLine } from './format';

const at = (y: number, mo: number, d: number, h = 12, mi = 0, s = 0) => new Date(y, mo - 1, d, h, mi, s).getTime();
const iso = (ms: number) => new Date(ms).toISOString();

describe('fullName', () => {
  it('joins first and last name', () => {
    expect(fullName({ first_name: 'Alice', last_name: 'Smith' })).toBe('Alice Smith');
  });
  it('falls back to the username, then to a placeholder', () => {
    expect(fullName({ first_name: ' ', last_name: '', username: 'alice' })).toBe('alice');
    expect(fullName(null)).toBe('Unknown user');
  });
});

describe('initials', () => {
  it('takes the first letters of the first and last word', () => {
    expect(initials('alice mary smith')).toBe('AS');
    expect(initials('Bob')).toBe('B');
  });
  it('handles blank names and astral characters', () => {
    expect(initials('   ')).toBe('?');
    expect(initials('😀 Zed')).toBe('😀Z');
  });
});

describe('formatRelative', () => {
  const now = at(2025, 10, 26, 15, 0);
  it('uses now, minutes and hours within the same day', () => {
    expect(formatRelative(iso(now - 20_000), now)).toBe('now');
    expect(formatRelative(iso(now + 90_000), now)).toBe('now');
    expect(formatRelative(iso(now - 5 * 60_000), now)).toBe('5m');
    expect(formatRelative(iso(at(2025, 10, 26, 9, 30)), now)).toBe('5h');
  });
  it('uses Yesterday, a weekday, then a date', () => {
    expect(formatRelative(iso(at(2025, 10, 25, 23, 0)), now)).toBe('Yesterday');
    expect(formatRelative(iso(at(2025, 10, 22)), now, 'en-US')).toBe('Wed');
    expect(formatRelative(iso(at(2025, 10, 1)), now, 'en-US')).toBe('Oct 1');
    expect(formatRelative(iso(at(2024, 3, 5)), now, 'en-US')).toBe('Mar 5, 2024');
  });
  it('returns an empty string for garbage', () => {
    expect(formatRelative('not a date', now)).toBe('');
  });
});

describe('calendar days and day headings', () => {
  it('counts calendar days, not 24-hour spans', () => {
    expect(calendarDaysBetween(at(2025, 10, 25, 23, 59), at(2025, 10, 26, 0, 1))).toBe(1);
    expect(calendarDaysBetween(at(2025, 10, 26, 0, 1), at(2025, 10, 26, 23, 59))).toBe(0);
  });
  it('names today and yesterday', () => {
    const now = at(2025, 10, 26, 8);
    expect(formatDay(iso(at(2025, 10, 26, 1)), now)).toBe('Today');
    expect(formatDay(iso(at(2025, 10, 25, 22)), now)).toBe('Yesterday');
    expect(formatDay(iso(at(2025, 10, 20)), now, 'en-US')).toBe('Monday, October 20, 2025');
  });
});

describe('singleLine', () => {
  it('collapses whitespace and cuts long text', () => {
    expect(singleLine('  hello\n\n  world ', 50)).toBe('hello world');
    expect(singleLine('abcdefghij', 5)).toBe('abcd…');
  });
});
