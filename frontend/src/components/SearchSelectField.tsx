import {
  Button,
  FormGroup,
  FormHelperText,
  HelperText,
  HelperTextItem,
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

export interface SearchOption {
  value: string;
  label: string;
  description?: ReactNode;
}

export interface SearchSelectFieldProps {
  id: string;
  label: string;
  /** The chosen option, or null. */
  value: SearchOption | null;
  onChange: (option: SearchOption | null) => void;
  /** Called (debounced) with what the user typed; the parent queries the API and passes `options`. */
  onSearch: (text: string) => void;
  options: SearchOption[];
  isLoading?: boolean;
  placeholder?: string;
  error?: string;
  helper?: ReactNode;
  isRequired?: boolean;
}

/**
 * A typeahead that searches on the server: type to filter, arrows and Enter
 * to choose, Escape to close. For lists too long to load at once (accounts).
 */
export function SearchSelectField({
  id,
  label,
  value,
  onChange,
  onSearch,
  options,
  isLoading,
  placeholder,
  error,
  helper,
  isRequired,
}: SearchSelectFieldProps) {
  const [isOpen, setIsOpen] = useState(false);
  const [text, setText] = useState(value?.label ?? '');
  // The text the shown options answer; while it differs from `text`, a search is on its way.
  const [searched, setSearched] = useState(value?.label ?? '');
  const inputRef = useRef<HTMLInputElement>(null);
  const listId = `${id}-listbox`;
  const settled = searched === text && !isLoading;
  const shown = settled || (value && text === value.label) ? options : [];

  useEffect(() => {
    if (value && text === value.label) return;
    const timer = setTimeout(() => {
      setSearched(text);
      onSearch(text);
    }, 250);
    return () => clearTimeout(timer);
    // Searching follows the typed text only.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [text]);

  function choose(option: SearchOption | null) {
    onChange(option);
    setText(option?.label ?? '');
    setSearched(option?.label ?? '');
    setIsOpen(false);
    inputRef.current?.focus();
  }

  // Arrow keys move into the list (the menu handles them); Enter picks the only match.
  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if ((event.key === 'ArrowDown' || event.key === 'ArrowUp') && !isOpen) {
      setIsOpen(true);
    } else if (event.key === 'Enter' && isOpen) {
      event.preventDefault();
      if (shown.length === 1) choose(shown[0]);
    }
  }

  const optionId = (index: number) => `${id}-option-${index}`;
  return (
    <FormGroup label={label} fieldId={id} isRequired={isRequired}>
      <Select
        id={`${id}-select`}
        isOpen={isOpen}
        selected={value?.value}
        onSelect={(_event, selected) => choose(options.find((option) => option.value === selected) ?? null)}
        onOpenChange={(open) => !open && setIsOpen(false)}
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
                  if (value) onChange(null);
                }}
                inputId={id}
                aria-label={label}
                innerRef={inputRef}
                placeholder={placeholder}
                autoComplete="off"
                role="combobox"
                isExpanded={isOpen}
                aria-controls={listId}
                inputProps={{
                  onKeyDown,
                  'aria-invalid': error ? true : undefined,
                  'aria-describedby': error || helper ? `${id}-helper` : undefined,
                  'aria-required': isRequired || undefined,
                }}
              />
              {text ? (
                <TextInputGroupUtilities>
                  <Button variant="plain" onClick={() => choose(null)} aria-label={`Clear ${label}`} icon={<TimesIcon />} />
                </TextInputGroupUtilities>
              ) : null}
            </TextInputGroup>
          </MenuToggle>
        )}
      >
        <SelectList id={listId} aria-label={label}>
          {shown.length === 0 ? (
            <SelectOption isDisabled value="">
              {!settled ? 'Searching…' : text ? `Nothing matches “${text}”` : 'Nothing to choose from'}
            </SelectOption>
          ) : (
            shown.map((option, index) => (
              <SelectOption key={option.value} value={option.value} id={optionId(index)} description={option.description}>
                {option.label}
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
