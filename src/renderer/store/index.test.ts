import { beforeEach, describe, expect, it } from 'vitest';
import { resetAppStore, useAppStore } from './index';

describe('app store', () => {
  beforeEach(() => resetAppStore());

  it('starts on the DM tab with active rooms and no selection', () => {
    const state = useAppStore.getState();
    expect(state.tab).toBe('direct');
    expect(state.filter).toBe('active');
    expect(state.activeRoomId).toBeNull();
    expect(state.connection).toBe('connecting');
  });

  it('switches tab, filter, room and notice', () => {
    const { setTab, setFilter, setActiveRoomId, setNotice } = useAppStore.getState();
    setTab('job');
    setFilter('archived');
    setActiveRoomId('job:1');
    setNotice('Something broke');
    expect(useAppStore.getState()).toMatchObject({
      tab: 'job',
      filter: 'archived',
      activeRoomId: 'job:1',
      notice: 'Something broke',
    });
  });

  it('keeps drafts per room and drops a draft that is emptied', () => {
    const { setDraft } = useAppStore.getState();
    setDraft('dm:a:b', 'hel');
    setDraft('job:1', 'on my way');
    setDraft('dm:a:b', 'hello');
    expect(useAppStore.getState().drafts).toEqual({ 'dm:a:b': 'hello', 'job:1': 'on my way' });
    setDraft('dm:a:b', '');
    expect(useAppStore.getState().drafts).toEqual({ 'job:1': 'on my way' });
  });

  it('does not notify subscribers for a draft that did not change', () => {
    useAppStore.getState().setDraft('r', 'x');
    let notified = 0;
    const unsubscribe = useAppStore.subscribe(() => (notified += 1));
    useAppStore.getState().setDraft('r', 'x');
    useAppStore.getState().setDraft('other', '');
    unsubscribe();
    expect(notified).toBe(0);
  });

  it('resets everything of the previous user', () => {
    const state = useAppStore.getState();
    state.setDraft('r', 'secret');
    state.setTab('job');
    useAppStore.setState({
      connection: 'online',
      online: { bob: true },
      typing: { r: { bob: 1 } },
      syncError: 'x',
    });
    resetAppStore();
    expect(useAppStore.getState()).toMatchObject({
      drafts: {},
      tab: 'direct',
      online: {},
      typing: {},
      syncError: null,
    });
  });
});
