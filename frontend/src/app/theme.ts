/** PatternFly's dark theme class, set on <html>. */
export const darkThemeClass = 'pf-v6-theme-dark';

/**
 * Follows the system's light or dark setting: the dark theme is on while
 * `prefers-color-scheme: dark` matches, and changes with it live. Returns a
 * function that stops following.
 */
export function followSystemTheme(win: Pick<Window, 'matchMedia' | 'document'> = window): () => void {
  const media = win.matchMedia('(prefers-color-scheme: dark)');
  const apply = () => win.document.documentElement.classList.toggle(darkThemeClass, media.matches);
  apply();
  media.addEventListener('change', apply);
  return () => media.removeEventListener('change', apply);
}
