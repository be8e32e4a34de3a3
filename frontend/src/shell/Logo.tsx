/** The Portico mark and word, sized for the masthead. */
export function Logo() {
  return (
    <span className="portico-logo">
      <svg aria-hidden="true" focusable="false" viewBox="0 0 32 32" width="28" height="28">
        <rect width="32" height="32" rx="6" fill="#0066cc" />
        <path d="M8 26V8h9a6 6 0 0 1 0 12h-5v6z" fill="#fff" />
        <path d="M12 12v4h5a2 2 0 0 0 0-4z" fill="#0066cc" />
      </svg>
      <span className="portico-logo__text">Portico</span>
    </span>
  );
}
