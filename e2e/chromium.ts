/**
 * Debian's Chromium and the flags it needs here: no sandbox as root, and no background
 * networking, which this machine's closed network would refuse many times over.
 * Shared by the Playwright `web` project and the client benchmark.
 */
export const CHROMIUM_PATH = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
