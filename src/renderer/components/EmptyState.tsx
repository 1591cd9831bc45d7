import type { ReactNode } from 'react';
import './theme.css';
import './EmptyState.css';

export type EmptyIcon = 'chat' | 'search' | 'jobs';

interface Props {
  title: string;
  /** Heading level of the title, so pages keep a sensible outline. */
  level?: 1 | 2 | 3;
  children?: ReactNode;
  icon?: EmptyIcon;
}

/** Line icons drawn inline: no icon font or emoji font is needed on the host. */
const ICON_PATHS: Record<EmptyIcon, string> = {
  chat: 'M4 5h16v11H9l-5 4z',
  search: 'M10.5 4a6.5 6.5 0 1 1 0 13a6.5 6.5 0 0 1 0-13zM15.5 15.5L20 20',
  jobs: 'M8 4h8v3H8zM6 6H4v14h16V6h-2M8 12l2.5 2.5L16 9',
};

function Icon({ name }: { name: EmptyIcon }) {
  return (
    <svg viewBox="0 0 24 24" width="40" height="40" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinejoin="round" strokeLinecap="round">
      <path d={ICON_PATHS[name]} />
    </svg>
  );
}

/** A centred message for empty lists, empty panes and not-found screens. */
export function EmptyState({ title, level = 2, children, icon = 'chat' }: Props) {
  const Heading = `h${level}` as const;
  return (
    <div className="cc-empty">
      <div className="cc-empty__icon" aria-hidden="true">
        <Icon name={icon} />
      </div>
      <Heading className="cc-empty__title">{title}</Heading>
      {children && <div className="cc-empty__body">{children}</div>}
    </div>
  );
}

/** A polite spinner line for data that is still loading from the local database. */
export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <div className="cc-loading" role="status">
      <span className="cc-loading__spinner" aria-hidden="true" />
      {label}
    </div>
  );
}
