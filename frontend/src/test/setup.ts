import '@testing-library/jest-dom/vitest';

import { cleanup, configure } from '@testing-library/react';
import { afterEach } from 'vitest';

// jsdom lays nothing out, so every element is 0px wide and PatternFly's Page
// would treat the window as a phone (sidebar closed). Tests run as a desktop.
Object.defineProperty(HTMLElement.prototype, 'clientWidth', { configurable: true, get: () => 1280 });
Object.defineProperty(window, 'innerWidth', { configurable: true, writable: true, value: 1280 });

// A loaded two-core machine renders PatternFly pages slowly: waiting longer
// for what a test expects costs nothing when it appears at once.
configure({ asyncUtilTimeout: 5000 });

afterEach(() => {
  cleanup();
});
