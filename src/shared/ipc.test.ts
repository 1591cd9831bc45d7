import { describe, expect, it } from 'vitest';
import { EVENT_CHANNELS, INVOKE_CHANNELS, ipcSchemas, isStrictRoomId } from './ipc';

const A = '0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b';
const B = '0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2c';

describe('IPC contract', () => {
  it('names every channel domain:verb and gives each a schema', () => {
    for (const channel of [...INVOKE_CHANNELS, ...EVENT_CHANNELS])
      expect(channel).toMatch(/^[a-z]+:[a-z-]+$/);
    expect(Object.keys(ipcSchemas().invoke).sort()).toEqual([...INVOKE_CHANNELS].sort());
    expect(Object.keys(ipcSchemas().events).sort()).toEqual([...EVENT_CHANNELS].sort());
  });

  it('validates notify:show strictly', () => {
    const args = ipcSchemas().invoke['notify:show'].args;
    expect(args.safeParse({ title: 'Bob', body: 'hi', roomId: `dm:${A}:${B}` }).success).toBe(true);
    expect(args.safeParse({ title: '', body: 'hi', roomId: 'job:1' }).success).toBe(false);
    expect(args.safeParse({ title: 'Bob', body: 'hi', roomId: '../../etc' }).success).toBe(false);
    expect(args.safeParse({ title: 'Bob', body: 'x'.repeat(4001), roomId: 'job:1' }).success).toBe(false);
    expect(args.safeParse({ title: 'Bob', body: 'hi', roomId: 'job:1', icon: 'file:///x' }).success).toBe(
      false,
    );
  });

  it('accepts only whole, non-negative badge counts', () => {
    const args = ipcSchemas().invoke['badge:set'].args;
    expect(args.safeParse({ count: 0 }).success).toBe(true);
    for (const count of [-1, 0.5, Number.NaN, Number.POSITIVE_INFINITY, '2'])
      expect(args.safeParse({ count }).success).toBe(false);
  });

  it('accepts a bounded token and partial known settings only', () => {
    const { invoke } = ipcSchemas();
    expect(invoke['session:set-token'].args.safeParse({ token: 't' }).success).toBe(true);
    expect(invoke['session:set-token'].args.safeParse({ token: '' }).success).toBe(false);
    expect(invoke['session:set-token'].args.safeParse({ token: 'x'.repeat(1025) }).success).toBe(false);
    expect(invoke['settings:set'].args.safeParse({}).success).toBe(true);
    expect(invoke['settings:set'].args.safeParse({ evil: true }).success).toBe(false);
    expect(invoke['session:get-token'].args.safeParse(undefined).success).toBe(true);
    expect(invoke['session:get-token'].args.safeParse({}).success).toBe(false);
  });
});

describe('isStrictRoomId', () => {
  it('accepts the three room id shapes', () => {
    expect(isStrictRoomId(`dm:${A}:${B}`)).toBe(true);
    expect(isStrictRoomId(`job:${A}`)).toBe(true);
    expect(isStrictRoomId(A)).toBe(true);
  });

  it('refuses everything else', () => {
    for (const id of [
      `dm:${B}:${A}`,
      `dm:${A}`,
      `job:${A}:x`,
      'general',
      '',
      `${A} `,
      A.toUpperCase(),
      `group:${A}`,
    ]) {
      expect(isStrictRoomId(id), id).toBe(false);
    }
  });
});
