import { fireEvent, render, screen } from '@testing-library/react';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { JobDoc, UserDoc } from '../../../shared/schemas';
import { makeUser } from '../testing/fixtures';
import { buildJobBody } from './CreateJobForm';
import { JobDetailsScreen } from './JobDetailsScreen';

const state = vi.hoisted(() => ({ job: undefined as JobDoc | null | undefined, me: null as UserDoc | null }));
const api = vi.hoisted(() => ({ patchJob: vi.fn<(id: string, body: object) => Promise<JobDoc>>(), searchUsers: vi.fn() }));

vi.mock(import('../../api/client'), async (original) => ({ ...(await original()), getApi: () => api as never }));
vi.mock('../../db', () => ({
  useJob: () => state.job,
  useUser: (id: string | null | undefined) => (id === 'bob' ? makeUser('bob', 'Bob', 'Builder') : id ? makeUser(id, 'Alice', 'Smith') : null),
  useRoomList: () => ({ items: [], loading: false }),
  useUsers: () => ({}),
}));
vi.mock('../../session', () => ({ useMe: () => state.me }));

const job: JobDoc = {
  id: 'j1',
  title: 'Spring clean',
  address: '1 Main St',
  scheduled_at: '2025-11-01T10:00:00.000Z',
  status: 'assigned',
  client_id: 'alice',
  cleaner_id: 'bob',
  created_at: '2025-10-01T00:00:00.000Z',
  updated_at: '2025-10-01T00:00:00.000Z',
};

function Where() {
  return <p data-testid="where">{useLocation().pathname}</p>;
}

function renderJob() {
  render(
    <MemoryRouter initialEntries={['/jobs/j1']}>
      <Routes>
        <Route path="/jobs/:jobId" element={<JobDetailsScreen />} />
        <Route path="*" element={<Where />} />
      </Routes>
    </MemoryRouter>,
  );
}

beforeEach(() => {
  state.job = job;
  state.me = makeUser('alice', 'Alice', 'Smith');
  api.patchJob.mockReset();
});

describe('JobDetailsScreen', () => {
  it('shows the job and lets the client message the cleaner in the job chat', () => {
    renderJob();
    expect(screen.getByRole('heading', { name: 'Spring clean' })).toBeTruthy();
    expect(screen.getByTestId('job-status').textContent).toBe('Assigned');
    expect(screen.getByTestId('job-cleaner').textContent).toBe('Bob Builder');
    fireEvent.click(screen.getByRole('button', { name: 'Message cleaner' }));
    expect(screen.getByTestId('where').textContent).toBe('/jobs/j1/chat');
  });

  it('lets the client remove the cleaner and shows the answer at once', async () => {
    api.patchJob.mockResolvedValue({ ...job, cleaner_id: null, status: 'open', updated_at: '2025-10-02T00:00:00.000Z' });
    renderJob();
    fireEvent.click(screen.getByRole('button', { name: 'Remove cleaner' }));
    expect(api.patchJob).toHaveBeenCalledWith('j1', { cleaner_id: null });
    await vi.waitFor(() => expect(screen.getByTestId('job-status').textContent).toBe('Open'));
    expect(screen.getByTestId('job-cleaner').textContent).toBe('Not assigned yet');
    expect(screen.queryByRole('button', { name: 'Message cleaner' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Assign cleaner' })).toBeTruthy();
  });

  it('shows the server refusal', async () => {
    api.patchJob.mockRejectedValue(new Error('nope'));
    renderJob();
    fireEvent.click(screen.getByRole('button', { name: 'Cancel job' }));
    expect(await screen.findByRole('alert')).toBeTruthy();
  });

  it('gives the cleaner Mark done and Message client, without assignment controls', () => {
    state.me = makeUser('bob', 'Bob', 'Builder', { role: 'cleaner' });
    renderJob();
    expect(screen.getByRole('button', { name: 'Mark done' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Message client' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Remove cleaner' })).toBeNull();
  });

  it('says when a job is not here', () => {
    state.job = null;
    renderJob();
    expect(screen.getByRole('heading', { name: 'Job not found' })).toBeTruthy();
  });
});

describe('buildJobBody', () => {
  it('builds a valid body with the time in the wire format', () => {
    const built = buildJobBody('Spring clean', '1 Main St', '2025-11-01T10:00', 'bob');
    expect(built).toEqual({
      ok: true,
      body: { title: 'Spring clean', address: '1 Main St', scheduled_at: new Date(2025, 10, 1, 10, 0).toISOString(), cleaner_id: 'bob' },
    });
  });
  it('names what is missing', () => {
    expect(buildJobBody('  ', '1 Main St', '2025-11-01T10:00', null)).toMatchObject({ ok: false, error: expect.stringMatching(/^Title/) });
    expect(buildJobBody('Clean', '', '2025-11-01T10:00', null)).toMatchObject({ ok: false, error: expect.stringMatching(/^Address/) });
    expect(buildJobBody('Clean', 'Here', '', null)).toEqual({ ok: false, error: 'Choose a date and time.' });
  });
});
