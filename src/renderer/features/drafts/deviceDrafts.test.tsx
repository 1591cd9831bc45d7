import { act, render } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { useAppStore } from '../../store';
import { draftsKey, loadDrafts, saveDrafts, useDeviceDrafts, type DraftStorage } from './deviceDrafts';

function memoryStorage(initial: Record<string, string> = {}): DraftStorage & { data: Record<string, string> } {
  const data = { ...initial };
  return {
    data,
    getItem: (k) => data[k] ?? null,
    setItem: (k, v) => void (data[k] = v),
    removeItem: (k) => void delete data[k],
  };
}

function Probe({ userId, storage }: { userId: string; storage: DraftStorage }) {
  useDeviceDrafts(userId, storage);
  return null;
}

beforeEach(() => useAppStore.setState({ drafts: {} }));

describe('drafts kept on the device', () => {
  it('reads back what was saved, per user, and ignores what is not a draft', () => {
    const storage = memoryStorage({ [draftsKey('bob')]: '{"r1":"hi","r2":7,"r3":""}', [draftsKey('zed')]: 'not json' });
    expect(loadDrafts('bob', storage)).toEqual({ r1: 'hi' });
    expect(loadDrafts('zed', storage)).toEqual({});
    expect(loadDrafts('alice', storage)).toEqual({});
    saveDrafts('alice', { r9: 'later' }, storage);
    expect(loadDrafts('alice', storage)).toEqual({ r9: 'later' });
    saveDrafts('alice', {}, storage);
    expect(storage.data[draftsKey('alice')]).toBeUndefined();
  });

  it('restores drafts after a restart, keeps them as they change, and forgets a sent one', () => {
    const storage = memoryStorage({ [draftsKey('alice')]: '{"dm:alice:bob":"See you at"}' });
    const { unmount } = render(<Probe userId="alice" storage={storage} />);
    expect(useAppStore.getState().drafts).toEqual({ 'dm:alice:bob': 'See you at' });
    act(() => useAppStore.getState().setDraft('job:j1', 'Keys?'));
    expect(JSON.parse(storage.data[draftsKey('alice')] ?? '{}')).toEqual({ 'dm:alice:bob': 'See you at', 'job:j1': 'Keys?' });
    // Sending clears the room's draft in the store (Composer), and so on the device.
    act(() => useAppStore.getState().setDraft('dm:alice:bob', ''));
    expect(JSON.parse(storage.data[draftsKey('alice')] ?? '{}')).toEqual({ 'job:j1': 'Keys?' });
    unmount();
    // Another user on the same device starts with their own (none).
    useAppStore.setState({ drafts: {} });
    render(<Probe userId="carol" storage={storage} />);
    expect(useAppStore.getState().drafts).toEqual({});
  });
});
