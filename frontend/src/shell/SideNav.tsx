import { Nav, NavExpandable, NavItem, NavList } from '@patternfly/react-core';
import { Link, useLocation } from 'react-router';

import { isActivePath, type NavEntry, type NavLinkEntry } from './navigation';

export interface SideNavProps {
  entries: NavEntry[];
  /** Names the navigation landmark for assistive technology, e.g. "Audience". */
  label: string;
}

/** The vertical navigation of one context, with groups expanded by default as in the Admin Portal. */
export function SideNav({ entries, label }: SideNavProps) {
  const { pathname } = useLocation();

  const item = (entry: NavLinkEntry) => (
    <NavItem key={entry.to} itemId={entry.to} isActive={isActivePath(pathname, entry.to, entry.end)}>
      <Link to={entry.to}>{entry.label}</Link>
    </NavItem>
  );

  return (
    <Nav aria-label={label}>
      <NavList>
        {entries.map((entry) =>
          entry.kind === 'link' ? (
            item(entry)
          ) : (
            <NavExpandable
              key={entry.id}
              id={`nav-${entry.id}`}
              groupId={entry.id}
              title={entry.label}
              isActive={entry.items.some((child) => isActivePath(pathname, child.to, child.end))}
              isExpanded
            >
              {entry.items.map(item)}
            </NavExpandable>
          ),
        )}
      </NavList>
    </Nav>
  );
}
