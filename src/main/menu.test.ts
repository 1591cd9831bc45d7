import { describe, expect, it, vi } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import { buildMenuTemplate, installMenu } from './menu';

function flatten(items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? flatten(item.submenu) : [])]);
}

const base = { isMac: false, isDev: false, hideContent: false, onToggleHideContent: () => undefined };

describe('buildMenuTemplate', () => {
  it('uses roles for the usual shortcuts', () => {
    const roles = flatten(buildMenuTemplate(base)).map((item) => item.role);
    for (const role of [
      'quit',
      'editMenu',
      'reload',
      'zoomIn',
      'zoomOut',
      'resetZoom',
      'togglefullscreen',
      'windowMenu',
    ]) {
      expect(roles).toContain(role);
    }
  });

  it('adds the macOS app menu only on macOS', () => {
    expect(buildMenuTemplate(base)[0]?.role).not.toBe('appMenu');
    expect(buildMenuTemplate({ ...base, isMac: true })[0]?.role).toBe('appMenu');
  });

  it('offers developer tools only in development', () => {
    expect(flatten(buildMenuTemplate(base)).some((item) => item.role === 'toggleDevTools')).toBe(false);
    expect(
      flatten(buildMenuTemplate({ ...base, isDev: true })).some((item) => item.role === 'toggleDevTools'),
    ).toBe(true);
  });

  it('reflects and toggles the hide-content setting', () => {
    const onToggleHideContent = vi.fn();
    for (const isMac of [false, true]) {
      const item = flatten(
        buildMenuTemplate({ ...base, isMac, hideContent: true, onToggleHideContent }),
      ).find((i) => i.id === 'hide-content');
      expect(item?.checked).toBe(true);
      item?.click?.({ checked: false } as never, undefined, {} as never);
    }
    expect(onToggleHideContent).toHaveBeenCalledWith(false);
  });
});

describe('installMenu', () => {
  it('rebuilds the menu when the setting changes elsewhere', () => {
    let hideContent = false;
    const listeners: (() => void)[] = [];
    const settings = {
      get: () => ({ hideContent }),
      set: (patch: { hideContent?: boolean }) => {
        hideContent = patch.hideContent ?? hideContent;
        listeners.forEach((l) => l());
        return { hideContent };
      },
      onChange: (l: () => void) => {
        listeners.push(l);
        return () => undefined;
      },
    };
    const installed: boolean[] = [];
    const menu = {
      buildFromTemplate: (template: MenuItemConstructorOptions[]) => template,
      setApplicationMenu: (template: unknown) => {
        const item = flatten(template as MenuItemConstructorOptions[]).find((i) => i.id === 'hide-content');
        installed.push(item?.checked === true);
      },
    };
    installMenu(menu as never, settings as never, { isMac: false, isDev: false });
    settings.set({ hideContent: true });
    expect(installed).toEqual([false, true]);
  });
});
