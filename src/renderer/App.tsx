import { useEffect, useState } from 'react';
import { describeError } from './api/errors';
import { AuthScreen } from './features/auth/AuthScreen';
import { loadedSignedInApp, loadSignedInApp } from './features/signed-in-chunk';
import { useSession } from './session';
import { useAppStore } from './store';

/** The one place user-visible errors (the store's `notice`) are shown. */
function Notice() {
  const notice = useAppStore((state) => state.notice);
  const setNotice = useAppStore((state) => state.setNotice);
  if (!notice) return null;
  return (
    <div className="notice" role="alert" data-testid="notice">
      <span className="notice__text">{notice}</span>
      <button type="button" className="notice__close" aria-label="Dismiss" onClick={() => setNotice(null)}>
        ×
      </button>
    </div>
  );
}

function Splash() {
  return (
    <div className="splash" aria-busy="true" data-testid="app-loading">
      <span className="splash__brand">cleanchat</span>
      <span className="splash__text">Loading…</span>
    </div>
  );
}

/**
 * The signed-in app is its own chunk: the sign-in screen loads without it. Usually it is here by
 * the time the session is (it downloads beside the login and the database open); otherwise the
 * splash stays until it is. Not React.lazy: see loadedSignedInApp.
 */
function SignedIn() {
  const [Loaded, setLoaded] = useState(loadedSignedInApp);
  useEffect(() => {
    if (Loaded) return undefined;
    let live = true;
    loadSignedInApp().then(
      (chunk) => live && setLoaded(() => chunk.default),
      (err: unknown) => live && useAppStore.getState().setNotice(describeError(err)),
    );
    return () => {
      live = false;
    };
  }, [Loaded]);
  return Loaded ? <Loaded /> : <Splash />;
}

/**
 * The shell: a splash while the session starts (or ends), the sign-in screen when signed out,
 * and the app's routes when signed in. The routed tree remounts on every sign-in, so its
 * hooks always see the current user's database.
 */
export function App() {
  const { status, user } = useSession();
  return (
    <>
      {status === 'loading' && <Splash />}
      {status === 'signed-out' && <AuthScreen />}
      {status === 'signed-in' && user && <SignedIn key={user.id} />}
      <Notice />
    </>
  );
}
