import { describe, expect, it, vi } from 'vitest';
import { badgeLabel, badgeTitle } from '../../shared/ipc';
import { createBadge, trayTooltip } from './badge';

describe('badge formatting', () => {
  it('labels counts, caps at 99+ and hides zero', () => {
    expect(badgeLabel(0)).toBe('');
    expect(badgeLabel(1)).toBe('1');
    expect(badgeLabel(99)).toBe('99');
    expect(badgeLabel(100)).toBe('99+');
    expect(badgeLabel(-3)).toBe('');
    expect(badgeLabel(Number.NaN)).toBe('');
  });

  it('formats the window title and tray tooltip', () => {
    expect(badgeTitle(0)).toBe('cleanchat');
    expect(badgeTitle(5)).toBe('(5) cleanchat');
    expect(badgeTitle(250)).toBe('(99+) cleanchat');
    expect(trayTooltip(0)).toBe('cleanchat');
    expect(trayTooltip(7)).toBe('cleanchat: 7 unread');
  });
});

describe('createBadge', () => {
  it('sets the app badge, window title and tray tooltip', () => {
    const deps = { setBadgeCount: vi.fn(() => true), setWindowTitle: vi.fn(), setTrayTooltip: vi.fn() };
    const badge = createBadge(deps);
    badge.set(3);
    expect(deps.setBadgeCount).toHaveBeenCalledWith(3);
    expect(deps.setWindowTitle).toHaveBeenCalledWith('(3) cleanchat');
    expect(deps.setTrayTooltip).toHaveBeenCalledWith('cleanchat: 3 unread');
    expect(badge.count).toBe(3);
  });

  it('still updates the title where the launcher badge throws', () => {
    const deps = {
      setBadgeCount: vi.fn((): boolean => {
        throw new Error('unsupported');
      }),
      setWindowTitle: vi.fn(),
      setTrayTooltip: vi.fn(),
    };
    createBadge(deps).set(2);
    expect(deps.setWindowTitle).toHaveBeenCalledWith('(2) cleanchat');
  });
});
