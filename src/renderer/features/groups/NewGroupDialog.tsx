import { useId, useState, type FormEvent } from 'react';
import { Dialog } from '../../components/Dialog';
import { fullName } from '../../components/format';
import { createGroup } from '../../db';
import { useMe } from '../../session';
import type { SearchUser } from '../../../shared/api';
import { displayTextProblem, GROUP_MIN_OTHERS } from '../../../shared/rules';
import { PeopleSearch } from '../people/PeopleSearch';
import { useKnownUsers } from '../people/useKnownUsers';
import { toPublicUser } from '../people/userMatch';
import { useOpenRoom } from '../rooms/useOpenRoom';
import './groups.css';

/** Why the group cannot be made yet, or null: a name people can read and at least two others. */
export function newGroupProblem(name: string, people: number): string | null {
  if (name.trim() === '') return 'Give the group a name.';
  const problem = displayTextProblem(name, 200);
  if (problem) return `The name ${problem}.`;
  if (people < GROUP_MIN_OTHERS) return `Choose at least ${GROUP_MIN_OTHERS} people.`;
  return null;
}

/** "New group": a name and two or more people; I become its owner (SPEC §10). */
export function NewGroupDialog({ onClose }: { onClose(): void }) {
  const me = useMe();
  const { list } = useKnownUsers();
  const nameId = useId();
  const hintId = useId();
  const [name, setName] = useState('');
  const [people, setPeople] = useState<SearchUser[]>([]);
  const { busy, error, open } = useOpenRoom(onClose);
  const problem = newGroupProblem(name, people.length);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (problem) return;
    await open(() => createGroup(name, people.map(toPublicUser)));
  }

  return (
    <Dialog label="New group" onClose={onClose}>
      <form className="cc-new-group" onSubmit={(e) => void submit(e)}>
        <label htmlFor={nameId}>Group name</label>
        <input id={nameId} className="cc-input" value={name} maxLength={200} onChange={(e) => setName(e.target.value)} aria-describedby={hintId} autoFocus />
        <ul className="cc-new-group__people" aria-label="People in the group" data-testid="group-picked">
          {people.map((p) => (
            <li key={p.id} className="cc-chip">
              {fullName(p)}
              <button type="button" className="cc-chip__remove" aria-label={`Remove ${fullName(p)}`} onClick={() => setPeople((all) => all.filter((x) => x.id !== p.id))}>
                ×
              </button>
            </li>
          ))}
        </ul>
        <PeopleSearch
          label="Add people"
          localUsers={list}
          excludeIds={[me.id, ...people.map((p) => p.id)]}
          onPick={(user) => setPeople((all) => (all.some((p) => p.id === user.id) ? all : [...all, user]))}
        />
        <p id={hintId} className="cc-hint">
          {problem ?? `${people.length} people and you.`}
        </p>
        {error && (
          <p className="cc-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="cc-button cc-button--primary" disabled={problem !== null || busy}>
          Create group
        </button>
      </form>
    </Dialog>
  );
}
