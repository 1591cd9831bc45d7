import { fireEvent, render, screen } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { JobDoc } from '../../../shared/schemas';
import { useAppStore } from '../../store';
import { makeUser } from '../testing/fixtures';
import { JobCard, jobCardAction } from './JobCard';

const job: JobDoc = {
  id: 'j1',
  title: 'Deep clean',
  address: '1 Test Lane',
  scheduled_at: '2025-11-03T09:00:00.000Z',
  status: 'assigned',
  client_id: 'alice',
  cleaner_id: 'bob',
  created_at: '2025-10-01T00:00:00.000Z',
  updated_at: '2025-10-01T00:00:00.000Z',
} as JobDoc;

const api = vi.hoisted(() => ({ patchJob: vi.fn() }));
vi.mock('../../api/client', () => ({ getApi: () => api, describeError: (e: Error) => e.message }));
vi.mock('../../db', () => ({
  useJob: () => job,
  useUser: (id: string | null) => (id ? makeUser(id, id === 'bob' ? 'Bob' : 'Alice', 'X') : null),
}));

beforeEach(() => {
  api.patchJob.mockReset();
  useAppStore.setState({ connection: 'online' });
});

function renderCard(me: string) {
  return render(
    <MemoryRouter>
      <JobCard jobId="j1" me={{ id: me }} />
    </MemoryRouter>,
  );
}

describe('jobCardAction', () => {
  it("offers the cleaner Mark done while assigned, the client Cancel while not finished, others nothing", () => {
    expect(jobCardAction('cleaner', 'assigned')).toEqual({ label: 'Mark done', status: 'done' });
    expect(jobCardAction('cleaner', 'open')).toBeNull();
    expect(jobCardAction('client', 'open')).toEqual({ label: 'Cancel job', status: 'cancelled' });
    expect(jobCardAction('client', 'done')).toBeNull();
    expect(jobCardAction('none', 'assigned')).toBeNull();
  });
});

describe('JobCard', () => {
  it('shows the job and the other person, and marks it done through the REST rules', async () => {
    api.patchJob.mockResolvedValue({ ...job, status: 'done', updated_at: '2025-10-02T00:00:00.000Z' });
    renderCard('bob');
    const card = screen.getByRole('region', { name: 'Job: Deep clean' });
    expect(card.textContent).toContain('1 Test Lane');
    expect(card.textContent).toContain('Client: Alice X');
    expect(screen.getByTestId('job-card-status').textContent).toBe('Assigned');
    fireEvent.click(screen.getByRole('button', { name: 'Mark done' }));
    expect(api.patchJob).toHaveBeenCalledWith('j1', { status: 'done' });
    expect(await screen.findByText('Done')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Mark done' })).toBeNull();
  });

  it("shows the server's refusal", async () => {
    api.patchJob.mockRejectedValue(new Error('This job can no longer be changed.'));
    renderCard('alice');
    expect(screen.getByText('Cleaner: Bob X', { exact: false })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Cancel job' }));
    expect((await screen.findByRole('alert')).textContent).toBe('This job can no longer be changed.');
  });

  it('says the button needs a connection while offline', () => {
    useAppStore.setState({ connection: 'offline' });
    renderCard('bob');
    const button = screen.getByRole('button', { name: 'Mark done' }) as HTMLButtonElement;
    expect(button.disabled).toBe(true);
    expect(document.getElementById(button.getAttribute('aria-describedby') ?? '')?.textContent).toBe('Needs a connection');
  });
});
