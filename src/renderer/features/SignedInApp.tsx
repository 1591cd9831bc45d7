import { BrowserRouter } from 'react-router';
import { AppRoutes } from './AppRoutes';

/**
 * The signed-in app with its router, the default export of its own chunk (App.tsx loads it
 * lazily): the sign-in screen needs neither the routes nor react-router.
 */
export default function SignedInApp() {
  return (
    <BrowserRouter>
      <AppRoutes />
    </BrowserRouter>
  );
}
