import { Button, Content, Modal, ModalBody, ModalHeader, SearchInput } from '@patternfly/react-core';
import { SearchIcon } from '@patternfly/react-icons';
import { useEffect, useId, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useQuery } from 'urql';

import { errorMessage } from '../graphql/errors';
import { hitGroups } from './hits';
import { isSearchShortcut, minSearchLength } from './shortcut';
import { globalSearchQuery } from './queries';

/**
 * The masthead's search button and the search dialog it opens; "/" or
 * Ctrl-K opens it from any screen.
 */
export function GlobalSearch() {
  const [open, setOpen] = useState(false);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!isSearchShortcut(event)) return;
      event.preventDefault();
      setOpen(true);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
  return (
    <>
      <Button variant="plain" icon={<SearchIcon />} onClick={() => setOpen(true)} aria-label="Search (/ or Ctrl+K)" aria-keyshortcuts="/ Control+K">
        <span className="portico-search-hint">
          Search <kbd>/</kbd>
        </span>
      </Button>
      {open ? <SearchDialog onClose={() => setOpen(false)} /> : null}
    </>
  );
}

/** Waits until the text has stopped changing for a moment. */
function useSettled(value: string, delayMs = 200): string {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const id = setTimeout(() => setSettled(value), delayMs);
    return () => clearTimeout(id);
  }, [value, delayMs]);
  return settled;
}

export function SearchDialog({ onClose }: { onClose: () => void }) {
  const [text, setText] = useState('');
  const settled = useSettled(text.trim());
  const titleId = useId();
  const navigate = useNavigate();
  const enough = settled.length >= minSearchLength;
  const [{ data, fetching, error }] = useQuery({ query: globalSearchQuery, variables: { query: settled }, pause: !enough });
  const groups = enough && data ? hitGroups(data.search, settled) : [];
  const first = groups[0]?.hits[0];

  let status: string;
  if (!enough) status = 'Type at least two characters: a name, an email, or a whole key of an application.';
  else if (error) status = `The search failed: ${errorMessage(error)}`;
  else if (fetching && !data) status = 'Searching…';
  else if (groups.length === 0) status = `Nothing matches “${settled}”.`;
  else status = `Results for “${settled}”.`;

  return (
    <Modal
      isOpen
      variant="medium"
      position="top"
      onClose={onClose}
      aria-labelledby={titleId}
      elementToFocus="#portico-global-search input"
      className="portico-global-search"
    >
      <ModalHeader title="Search" labelId={titleId} />
      <ModalBody>
        <SearchInput
          id="portico-global-search"
          aria-label="Search accounts, applications, products, backends, plans and users"
          placeholder="Accounts, applications, keys, products, backends, plans, users"
          value={text}
          onChange={(_event, value) => setText(value)}
          onClear={() => setText('')}
          onSearch={() => {
            if (first) {
              void navigate(first.to);
              onClose();
            }
          }}
        />
        <Content component="p" role="status" className="pf-v6-u-mt-md">
          {status}
        </Content>
        {groups.map((group) => (
          <section key={group.label} className="pf-v6-u-mt-md" aria-label={group.label}>
            <Content component="h2">{group.label}</Content>
            <ul className="portico-search-hits">
              {group.hits.map((hit) => (
                <li key={hit.key}>
                  <Link to={hit.to} onClick={onClose}>
                    {hit.title}
                  </Link>{' '}
                  <span className="pf-v6-u-color-200">{hit.detail}</span>
                </li>
              ))}
            </ul>
          </section>
        ))}
      </ModalBody>
    </Modal>
  );
}
