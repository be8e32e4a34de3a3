import {
  Button,
  FormGroup,
  FormHelperText,
  HelperText,
  HelperTextItem,
  Label,
  LabelGroup,
  MenuToggle,
  Select,
  SelectList,
  SelectOption,
  TextInputGroup,
  TextInputGroupMain,
  TextInputGroupUtilities,
} from '@patternfly/react-core';
import { TimesIcon } from '@patternfly/react-icons';
import { useEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { useQuery } from 'urql';

import { AccountStateLabel } from '../../accounts/components/AccountStateLabel';
import { accountChoicesQuery } from '../../accounts/queries';
import { nodes } from '../../graphql/connection';

export interface AccountChoice {
  /** The account's id. */
  value: string;
  /** Its organization name. */
  label: string;
}

export interface AccountsFieldProps {
  id: string;
  label: string;
  value: AccountChoice[];
  onChange: (value: AccountChoice[]) => void;
  error?: string;
  helper?: ReactNode;
  isRequired?: boolean;
}

/**
 * Chooses any number of developer accounts: type to search by organization, arrows and Enter
 * (or a click) to add or remove one, Backspace in the empty box to remove the last one.
 */
export function AccountsField({ id, label, value, onChange, error, helper, isRequired }: AccountsFieldProps) {
  const [isOpen, setIsOpen] = useState(false);
  const [text, setText] = useState('');
  const [search, setSearch] = useState('');
  const [focused, setFocused] = useState<number | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const listId = `${id}-listbox`;

  useEffect(() => {
    const timer = setTimeout(() => setSearch(text.trim()), 250);
    return () => clearTimeout(timer);
  }, [text]);

  const [{ data, fetching, error: loadError }] = useQuery({
    query: accountChoicesQuery,
    variables: { search },
    pause: !isOpen,
  });
  const settled = search === text.trim() && !fetching;
  const options = settled && data ? nodes(data.accounts) : [];
  const chosen = new Set(value.map((account) => account.value));
  const optionId = (index: number) => `${id}-option-${index}`;

  function toggle(account: { id: string; orgName: string }) {
    onChange(
      chosen.has(account.id)
        ? value.filter((choice) => choice.value !== account.id)
        : [...value, { value: account.id, label: account.orgName }],
    );
    inputRef.current?.focus();
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    switch (event.key) {
      case 'ArrowDown':
      case 'ArrowUp': {
        event.preventDefault();
        setIsOpen(true);
        if (options.length === 0) return;
        const step = event.key === 'ArrowDown' ? 1 : -1;
        const start = focused ?? (step === 1 ? -1 : 0);
        setFocused((start + step + options.length) % options.length);
        return;
      }
      case 'Enter': {
        if (!isOpen) return;
        event.preventDefault();
        const target = focused !== null ? options[focused] : options.length === 1 ? options[0] : undefined;
        if (target) toggle(target);
        return;
      }
      case 'Escape':
        setIsOpen(false);
        setFocused(null);
        return;
      case 'Backspace':
        if (text === '' && value.length > 0) onChange(value.slice(0, -1));
        return;
    }
  }

  let status: string | null = null;
  if (loadError) status = 'The accounts could not be loaded.';
  else if (!settled) status = 'Searching…';
  else if (options.length === 0) status = text.trim() ? `No account matches “${text.trim()}”` : 'There are no accounts';

  return (
    <FormGroup label={label} fieldId={id} isRequired={isRequired}>
      <Select
        id={`${id}-select`}
        isOpen={isOpen}
        selected={value.map((choice) => choice.value)}
        onSelect={(_event, selected) => {
          const account = options.find((option) => option.id === selected);
          if (account) toggle(account);
        }}
        onOpenChange={(open) => {
          if (!open) {
            setIsOpen(false);
            setFocused(null);
          }
        }}
        // Inline, so that it also works inside a modal, which hides and traps everything outside it.
        popperProps={{ appendTo: 'inline' }}
        toggle={(toggleRef) => (
          <MenuToggle
            ref={toggleRef}
            variant="typeahead"
            isFullWidth
            isExpanded={isOpen}
            onClick={() => {
              setIsOpen(!isOpen);
              inputRef.current?.focus();
            }}
            status={error ? 'danger' : undefined}
          >
            <TextInputGroup isPlain>
              <TextInputGroupMain
                value={text}
                onClick={() => setIsOpen(true)}
                onChange={(_event, next) => {
                  setText(next);
                  setIsOpen(true);
                  setFocused(null);
                }}
                inputId={id}
                aria-label={label}
                innerRef={inputRef}
                placeholder={value.length === 0 ? 'Search by organization' : undefined}
                autoComplete="off"
                role="combobox"
                isExpanded={isOpen}
                aria-controls={listId}
                {...(focused !== null && options[focused] ? { 'aria-activedescendant': optionId(focused) } : {})}
                inputProps={{
                  onKeyDown,
                  'aria-invalid': error ? true : undefined,
                  'aria-describedby': error || helper ? `${id}-helper` : undefined,
                  'aria-required': isRequired || undefined,
                }}
              >
                {value.length > 0 ? (
                  <LabelGroup aria-label={`Chosen ${label.toLowerCase()}`} numLabels={5}>
                    {value.map((choice) => (
                      <Label
                        key={choice.value}
                        variant="outline"
                        closeBtnAriaLabel={`Remove ${choice.label}`}
                        onClose={(event) => {
                          event.stopPropagation();
                          onChange(value.filter((other) => other.value !== choice.value));
                        }}
                      >
                        {choice.label}
                      </Label>
                    ))}
                  </LabelGroup>
                ) : null}
              </TextInputGroupMain>
              {value.length > 0 || text ? (
                <TextInputGroupUtilities>
                  <Button
                    variant="plain"
                    aria-label={`Clear ${label.toLowerCase()}`}
                    icon={<TimesIcon />}
                    onClick={() => {
                      setText('');
                      onChange([]);
                      inputRef.current?.focus();
                    }}
                  />
                </TextInputGroupUtilities>
              ) : null}
            </TextInputGroup>
          </MenuToggle>
        )}
      >
        <SelectList id={listId} aria-label={label} isAriaMultiselectable>
          {status ? (
            <SelectOption isDisabled value="">
              {status}
            </SelectOption>
          ) : (
            options.map((account, index) => (
              <SelectOption
                key={account.id}
                id={optionId(index)}
                value={account.id}
                isFocused={focused === index}
                isSelected={chosen.has(account.id)}
                description={<AccountStateLabel state={account.state} />}
              >
                {account.orgName}
              </SelectOption>
            ))
          )}
        </SelectList>
      </Select>
      {error || helper ? (
        <FormHelperText>
          <HelperText id={`${id}-helper`} isLiveRegion={!!error}>
            <HelperTextItem variant={error ? 'error' : 'default'}>{error ?? helper}</HelperTextItem>
          </HelperText>
        </FormHelperText>
      ) : null}
    </FormGroup>
  );
}
