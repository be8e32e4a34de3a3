import { describe, expect, it } from 'vitest';

import { darkThemeClass, followSystemTheme } from './theme';

/** A matchMedia whose answer the test changes, telling listeners as a browser does. */
function fakeMedia(dark: boolean) {
  const listeners = new Set<() => void>();
  const media = {
    matches: dark,
    addEventListener: (_: string, listener: () => void) => listeners.add(listener),
    removeEventListener: (_: string, listener: () => void) => listeners.delete(listener),
  };
  return {
    matchMedia: () => media as unknown as MediaQueryList,
    set(next: boolean) {
      media.matches = next;
      for (const listener of listeners) listener();
    },
    listeners,
  };
}

describe('followSystemTheme', () => {
  it('turns the dark theme on and off with the system setting, until stopped', () => {
    const media = fakeMedia(true);
    const html = document.documentElement;
    const stop = followSystemTheme({ matchMedia: media.matchMedia, document });
    expect(html.classList.contains(darkThemeClass)).toBe(true);
    media.set(false);
    expect(html.classList.contains(darkThemeClass)).toBe(false);
    media.set(true);
    expect(html.classList.contains(darkThemeClass)).toBe(true);
    stop();
    expect(media.listeners.size).toBe(0);
    media.set(false);
    expect(html.classList.contains(darkThemeClass)).toBe(true);
    html.classList.remove(darkThemeClass);
  });

  it('leaves the light theme on a light system', () => {
    const media = fakeMedia(false);
    followSystemTheme({ matchMedia: media.matchMedia, document })();
    expect(document.documentElement.classList.contains(darkThemeClass)).toBe(false);
  });
});
