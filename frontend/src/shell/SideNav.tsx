import { Nav, NavExpandable, NavItem, NavList } from '@patternfly/react-core';
import { Link, useLocation } from 'react-router';

import { activeLink, type NavEntry, type NavLinkEntry } from './navigation';

export interface SideNavProps {
  entries: NavEntry[];
  /** Names the navigation landmark for assistive technology, e.g. "Audience". */
  label: string;
}

/** The vertical navigation of one context, with groups expanded by default as in the Admin Portal. */
export function SideNav({ entries, label }: SideNavProps) {
  const { pathname } = useLocation();

  const links = entries.flatMap((entry) => (entry.kind === 'link' ? [entry] : entry.items));
  const active = activeLink(pathname, links);

  const item = (entry: NavLinkEntry) => (
    <NavItem key={entry.to} itemId={entry.to} isActive={entry === active}>
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
              isActive={active !== undefined && entry.items.includes(active)}
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
