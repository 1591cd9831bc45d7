import type { Menu, MenuItemConstructorOptions } from 'electron';
import type { SettingsStore } from './ipc/settings';

export interface MenuOptions {
  isMac: boolean;
  /** Developer tools only for unpackaged builds. */
  isDev: boolean;
  hideContent: boolean;
  onToggleHideContent(hide: boolean): void;
}

/**
 * The application menu: role items give every platform its native shortcuts (copy/paste,
 * zoom, full screen, close, quit) without re-implementing them.
 */
export function buildMenuTemplate(options: MenuOptions): MenuItemConstructorOptions[] {
  const hideContentItem: MenuItemConstructorOptions = {
    id: 'hide-content',
    label: 'Hide Message Content in Notifications',
    type: 'checkbox',
    checked: options.hideContent,
    click: (item) => options.onToggleHideContent(item.checked),
  };
  const view: MenuItemConstructorOptions[] = [
    { role: 'reload' },
    { role: 'forceReload' },
    ...(options.isDev ? [{ role: 'toggleDevTools' } as const] : []),
    { type: 'separator' },
    { role: 'resetZoom' },
    { role: 'zoomIn' },
    { role: 'zoomOut' },
    { type: 'separator' },
    { role: 'togglefullscreen' },
  ];
  const help: MenuItemConstructorOptions[] = options.isMac
    ? []
    : [{ role: 'help', submenu: [{ role: 'about' }] }];
  const template: MenuItemConstructorOptions[] = [];
  if (options.isMac) {
    template.push({
      role: 'appMenu',
      submenu: [
        { role: 'about' },
        { type: 'separator' },
        hideContentItem,
        { type: 'separator' },
        { role: 'services' },
        { type: 'separator' },
        { role: 'hide' },
        { role: 'hideOthers' },
        { role: 'unhide' },
        { type: 'separator' },
        { role: 'quit' },
      ],
    });
  }
  template.push(
    {
      label: 'File',
      submenu: options.isMac
        ? [{ role: 'close' }]
        : [hideContentItem, { type: 'separator' }, { role: 'quit' }],
    },
    { role: 'editMenu' },
    { label: 'View', submenu: view },
    { role: 'windowMenu' },
    ...help,
  );
  return template;
}

/** Sets the application menu and rebuilds it whenever a setting it shows changes. */
export function installMenu(
  menu: Pick<typeof Menu, 'buildFromTemplate' | 'setApplicationMenu'>,
  settings: SettingsStore,
  platform: { isMac: boolean; isDev: boolean },
): void {
  const apply = (): void => {
    const template = buildMenuTemplate({
      ...platform,
      hideContent: settings.get().hideContent,
      onToggleHideContent: (hideContent) => settings.set({ hideContent }),
    });
    menu.setApplicationMenu(menu.buildFromTemplate(template));
  };
  settings.onChange(apply);
  apply();
}
