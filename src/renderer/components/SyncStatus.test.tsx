import { act, render, screen } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { resetAppStore, useAppStore } from '../store';
import { SyncStatus } from './SyncStatus';

describe('SyncStatus', () => {
  beforeEach(() => resetAppStore());

  it('shows an Offline banner only while offline', () => {
    render(<SyncStatus />);
    expect(screen.queryByRole('status')).toBeNull();
    expect(screen.getByTestId('sync-status').dataset.state).toBe('connecting');
    act(() => useAppStore.setState({ connection: 'offline' }));
    expect(screen.getByRole('status').textContent).toContain('Offline');
    expect(screen.getByTestId('sync-status').dataset.state).toBe('offline');
    act(() => useAppStore.setState({ connection: 'online' }));
    expect(screen.queryByRole('status')).toBeNull();
    expect(screen.getByTestId('sync-status').dataset.state).toBe('online');
  });

  it('flags a sync error on the indicator', () => {
    useAppStore.setState({ connection: 'online', syncError: 'The server had a problem.' });
    render(<SyncStatus />);
    const indicator = screen.getByTestId('sync-status');
    expect(indicator.dataset.error).toBe('true');
    expect(indicator.getAttribute('aria-label')).toMatch(/sync failed: The server had a problem/);
  });
});
