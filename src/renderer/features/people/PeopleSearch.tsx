import { useId, useState, type KeyboardEvent } from 'react';
import { Avatar } from '../../components/Avatar';
import { fullName, presenceDot, presenceLabel, roleLabel } from '../../components/format';
import { useAppStore } from '../../store';
import type { SearchUser } from '../../../shared/api';
import type { UserDoc, UserRole } from '../../../shared/schemas';
import { useKnownUsers } from './useKnownUsers';
import { localSearch, resultPresence } from './userMatch';
import { useUserSearch } from './useUserSearch';
import './PeopleSearch.css';

interface Props {
  /** Accessible name of the search field. */
  label: string;
  /** A fixed role filter (e.g. only cleaners); when absent the user may pick one. */
  role?: UserRole;
  /** People already on this device: suggestions for an empty query and the offline fallback. */
  localUsers: readonly UserDoc[];
  excludeIds?: readonly string[];
  onPick(user: SearchUser): void;
  autoFocus?: boolean;
}

const ROLE_OPTIONS: { value: '' | UserRole; label: string }[] = [
  { value: '', label: 'Anyone' },
  { value: 'client', label: 'Clients' },
  { value: 'cleaner', label: 'Cleaners' },
  { value: 'support', label: 'Support' },
];

/**
 * A combobox over people: type a name, username or exact email; Arrow keys move through the
 * results, Enter or a click picks one. Falls back to people known locally when the server fails.
 */
export function PeopleSearch({ label, role, localUsers, excludeIds = [], onPick, autoFocus }: Props) {
  const id = useId();
  const [query, setQuery] = useState('');
  const [chosenRole, setChosenRole] = useState<'' | UserRole>('');
  const [activeIndex, setActiveIndex] = useState(0);
  const online = useAppStore((s) => s.online);
  const connected = useAppStore((s) => s.connection === 'online');
  const effectiveRole = role ?? (chosenRole || undefined);
  const search = useUserSearch(query, effectiveRole);

  const useLocal = search.status === 'idle' || search.status === 'error' || (search.status === 'loading' && search.users.length === 0);
  const found = useLocal ? localSearch(localUsers, query, effectiveRole, online) : search.users;
  const results = found.filter((u) => !excludeIds.includes(u.id));
  const active = Math.min(activeIndex, results.length - 1);
  const optionId = (index: number) => `${id}-option-${index}`;

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      if (results.length === 0) return;
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActiveIndex((active + step + results.length) % results.length);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      const user = results[active];
      if (user) onPick(user);
    }
  }

  return (
    <div className="cc-people">
      <div className="cc-people__controls">
        <input
          className="cc-input"
          type="text"
          role="combobox"
          aria-label={label}
          aria-expanded={results.length > 0}
          aria-controls={`${id}-listbox`}
          aria-autocomplete="list"
          aria-activedescendant={active >= 0 ? optionId(active) : undefined}
          placeholder="Name, username or email"
          autoComplete="off"
          spellCheck={false}
          value={query}
          autoFocus={autoFocus}
          data-autofocus={autoFocus ? '' : undefined}
          onChange={(event) => {
            setQuery(event.target.value);
            setActiveIndex(0);
          }}
          onKeyDown={onKeyDown}
        />
        {role === undefined && (
          <select
            className="cc-input cc-people__role"
            aria-label="Role"
            value={chosenRole}
            onChange={(event) => {
              setChosenRole(event.target.value as '' | UserRole);
              setActiveIndex(0);
            }}
          >
            {ROLE_OPTIONS.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
        )}
      </div>
      <SearchNote status={search.status} error={search.error} query={query} empty={results.length === 0} />
      <ul className="cc-people__list" role="listbox" id={`${id}-listbox`} aria-label="People">
        {results.map((user, index) => {
          const presence = resultPresence(user, connected);
          return (
            <li
              key={user.id}
              id={optionId(index)}
              role="option"
              aria-selected={index === active}
              className="cc-people__option"
              data-testid="user-result"
              data-user-id={user.id}
              onMouseMove={() => setActiveIndex(index)}
              onClick={() => onPick(user)}
            >
              <Avatar name={fullName(user)} url={user.avatar_url} online={presenceDot(presence)} />
              <span className="cc-people__text">
                <span className="cc-people__name">{fullName(user)}</span>
                <span className="cc-people__meta">
                  @{user.username} · {roleLabel(user.role)}
                </span>
              </span>
              <span className={`cc-people__presence cc-people__presence--${presence}`}>
                {presenceLabel(presence)}
              </span>
            </li>
          );
        })}
      </ul>
    </div>
  );
}

function SearchNote({
  status,
  error,
  query,
  empty,
}: {
  status: string;
  error: string | null;
  query: string;
  empty: boolean;
}) {
  if (status === 'error') {
    return (
      <p className="cc-people__note" role="alert">
        {error} Showing people on this device.
      </p>
    );
  }
  if (status === 'idle')
    return <p className="cc-people__note">{empty ? 'Type to search people.' : 'People you know'}</p>;
  if (status === 'loading')
    return (
      <p className="cc-people__note" role="status">
        Searching…
      </p>
    );
  if (empty)
    return (
      <p className="cc-people__note" role="status">
        No one matches “{query.trim()}”.
      </p>
    );
  return null;
}

interface CleanerPickerProps {
  onPick(user: SearchUser): void;
  excludeIds?: readonly string[];
  autoFocus?: boolean;
}

/** Search restricted to cleaners, with cleaners already known on this device as suggestions. */
export function CleanerPicker({ onPick, excludeIds, autoFocus }: CleanerPickerProps) {
  const { list } = useKnownUsers();
  return (
    <PeopleSearch
      label="Search cleaners"
      role="cleaner"
      localUsers={list}
      excludeIds={excludeIds}
      onPick={onPick}
      autoFocus={autoFocus}
    />
  );
}
