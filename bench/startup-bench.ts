/**
 * Start-up only (`node --import tsx bench/startup-bench.ts`, after `npx electron-vite build`):
 * sign-in → first conversation row on a fresh device while its first sync runs, then a cold
 * start of that device and of an empty-store peer, each with its waterfall (requests and the
 * app's `cleanchat:` User Timing marks, ms from the click or from navigation). A quick look at
 * where the start-up goes without the whole client bench. BENCH_BULK (10000) messages in two DMs;
 * BENCH_PROFILE=file.cpuprofile profiles the full store's cold start, BENCH_PROFILE_ROOM=file its
 * click into a room (list → divider).
 */
import { dmRoomId } from '../src/shared/ids';
import { apiFor, type Client } from '../testkit/http';
import { runBench } from './browser';
import { coldStart, type ColdStart } from './cold-start';
import { storedMessageCount } from './idb';
import { seedDm } from './seed';
import { printTable, type Row } from './table';
import type { Browser, BrowserContext } from '@playwright/test';
import { signInWatched } from './sign-in-watch';

const BULK = Number(process.env.BENCH_BULK ?? 10_000);

async function waitStored(context: BrowserContext, userId: string, total: number): Promise<void> {
  const page = context.pages()[0];
  if (!page) return;
  const until = Date.now() + 120_000;
  while ((await storedMessageCount(page, userId)).count < total && Date.now() < until)
    await new Promise((resolve) => setTimeout(resolve, 200));
}

async function device(browser: Browser, baseURL: string, user: Client, stored: number, roomId: string, clickRoomId: string, label: string): Promise<{ firstRow: number; cold: ColdStart }> {
  const context = await browser.newContext({ baseURL });
  try {
    const signIn = await signInWatched(context, user);
    console.log(`\n${label}: sign-in → first row ${signIn.firstRow.toFixed(0)} ms`);
    console.log(signIn.waterfall);
    await waitStored(context, user.id, stored);
    await signIn.page.close();
    const full = label === 'full store';
    const cold = await coldStart(context, roomId, full ? process.env.BENCH_PROFILE : undefined, clickRoomId, full ? process.env.BENCH_PROFILE_ROOM : undefined);
    console.log(`${label}: cold start list ${cold.list.toFixed(0)} ms, room at its divider ${cold.room.toFixed(0)} ms (navigation), ${cold.roomClick.toFixed(0)} ms (click in the list); IndexedDB records read: ${cold.reads.list} to the list, ${cold.reads.click} click → divider, ${cold.reads.room} to the URL-opened room's divider, ${cold.roomMessagePulls} messages pulls there`);
    console.log(cold.waterfall);
    console.log(`${label}: the click into a room, from the click`);
    console.log(cold.clickWaterfall);
    console.log(`${label}: the URL-opened room's load`);
    console.log(cold.roomWaterfall);
    return { firstRow: signIn.firstRow, cold };
  } finally {
    await context.close();
  }
}

runBench(async (browser, server) => {
  const api = apiFor(server);
  const first = await api.register('startsender', 'client');
  const second = await api.register('startsecond', 'client');
  const receiver = await api.register('startreceiver', 'cleaner');
  const half = Math.ceil(BULK / 2);
  await seedDm(first, receiver.user.id, half);
  await seedDm(second, receiver.user.id, BULK - half);
  const partner = await api.register('startpartner', 'client');
  const partner2 = await api.register('startpartner2', 'client');
  const empty = await api.register('startempty', 'cleaner');
  await seedDm(partner, empty.user.id, 1);
  await seedDm(partner2, empty.user.id, 1);

  const full = await device(browser, server.url, receiver, BULK, dmRoomId(first.user.id, receiver.user.id), dmRoomId(second.user.id, receiver.user.id), 'full store');
  const peer = await device(browser, server.url, empty, 2, dmRoomId(partner.user.id, empty.user.id), dmRoomId(partner2.user.id, empty.user.id), 'empty store');
  const n = BULK.toLocaleString('en');
  const rows: Row[] = [
    { figure: `sign-in → first row, ${n} to sync`, value: full.firstRow, unit: 'ms', peer: { name: 'empty store', value: peer.firstRow }, goal: '≤ 500 ms' },
    { figure: `cold start → list, ${n} on device`, value: full.cold.list, unit: 'ms', peer: { name: 'empty store', value: peer.cold.list }, goal: '≤ 400 ms' },
    { figure: `cold start → ${half.toLocaleString('en')}-message room at its divider (navigation)`, value: full.cold.room, unit: 'ms', peer: { name: 'empty store', value: peer.cold.room }, goal: '≤ 150 ms' },
    { figure: `list → ${half.toLocaleString('en')}-message room at its divider (click)`, value: full.cold.roomClick, unit: 'ms', peer: { name: 'empty store', value: peer.cold.roomClick }, goal: '≤ 150 ms' },
  ];
  printTable(rows);
});
