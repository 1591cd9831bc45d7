export { useSession, useMe, type SessionStatus } from './state';
export { configureSession, restoreSession, signIn, register, signOut, type SessionDeps } from './session';
