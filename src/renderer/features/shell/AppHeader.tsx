import { useState } from 'react';
import { Link, NavLink } from 'react-router';
import { describeError } from '../../api/client';
import { Avatar } from '../../components/Avatar';
import { SearchButton } from '../search/SearchPanel';
import { fullName } from '../../components/format';
import { SyncStatus } from '../../components/SyncStatus';
import { signOut, useMe } from '../../session';
import { useAppStore } from '../../store';
import { isStaffRole } from '../../../shared/rules';
import { ContactSupportDialog } from '../support/ContactSupportDialog';

/** Top bar: app name, sections, sync state, who is signed in and the way out. */
export function AppHeader() {
  const me = useMe();
  const setNotice = useAppStore((s) => s.setNotice);
  const [leaving, setLeaving] = useState(false);
  const [asking, setAsking] = useState(false);
  const staff = isStaffRole(me.role);
  const name = fullName(me);

  async function onSignOut() {
    setLeaving(true);
    try {
      await signOut();
    } catch (err) {
      setNotice(describeError(err));
      setLeaving(false);
    }
  }

  return (
    <header className="cc-header">
      <Link to="/messages" className="cc-header__brand" aria-label="cleanchat">
        <span className="cc-header__logo" aria-hidden="true">
          ✦
        </span>
        <span className="cc-header__brand-text">cleanchat</span>
      </Link>
      <nav className="cc-header__nav" aria-label="Sections">
        <NavLink to="/messages" className="cc-header__link">
          Messages
        </NavLink>
        <NavLink to="/jobs" end={false} className="cc-header__link">
          Jobs
        </NavLink>
        {staff && (
          <NavLink to="/support" className="cc-header__link">
            Support
          </NavLink>
        )}
      </nav>
      {!staff && (
        <button type="button" className="cc-button" onClick={() => setAsking(true)}>
          Contact support
        </button>
      )}
      {asking && <ContactSupportDialog onClose={() => setAsking(false)} />}
      <div className="cc-header__sync">
        <SyncStatus />
      </div>
      <SearchButton />
      <Link to={`/users/${me.id}`} className="cc-header__me" data-testid="signed-in-user">
        <Avatar name={name} url={me.avatar_url} size="sm" />
        <span className="cc-header__me-name">{name}</span>
      </Link>
      <button type="button" className="cc-button" onClick={() => void onSignOut()} disabled={leaving}>
        Sign out
      </button>
    </header>
  );
}
