import { createTheme, type CSSVariablesResolver } from '@mantine/core';

/**
 * The palette's light colours fail AA at their usual shades: white on filled teal.8 is 3.9:1,
 * green 3.4, orange 3.6, yellow 2.5; light badges (shade 9 on shade 1) give teal 4.3, green 3.8,
 * orange 3.6, yellow 2.7. These fills and light texts give 5:1 or more.
 */
const DARKER: Record<string, { filled: string; light: string }> = {
  teal: { filled: 'var(--mantine-color-teal-9)', light: '#0a5c45' },
  green: { filled: '#1e6f31', light: '#1e6f31' },
  lime: { filled: '#4a6b0a', light: '#4a6b0a' },
  yellow: { filled: '#8a5300', light: '#7a4a00' },
  orange: { filled: '#b8420c', light: '#9a3412' },
  cyan: { filled: 'var(--mantine-color-cyan-9)', light: 'var(--mantine-color-cyan-9)' },
};

/**
 * WCAG AA contrast (4.5:1): white labels on indigo.8 (5.7:1, where indigo.6 gave 4.1:1), and
 * dimmed text in gray.7 (#495057, 8:1 on white) instead of gray.6 (#868e96, 3.3:1).
 */
export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  // Error messages in red.9 (5.4:1) instead of red.6 (3.3:1).
  light: {
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)', '--mantine-color-error': 'var(--mantine-color-red-9)',
    // The active nav link under the pointer: indigo.9 on indigo.2 is 4.1:1, on indigo.1 5.3:1.
    '--mantine-color-indigo-light-hover': 'var(--mantine-color-indigo-1)',
    ...Object.fromEntries(Object.entries(DARKER).flatMap(([c, v]) => [[`--mantine-color-${c}-filled`, v.filled], [`--mantine-color-${c}-light-color`, v.light]])),
  },
  dark: {},
});

export const theme = createTheme({
  primaryColor: 'indigo',
  primaryShade: 8,
  defaultRadius: 'md',
  // People who ask their system for less motion get modals and menus without fades (WCAG 2.3.3).
  respectReducedMotion: true,
  fontFamily: 'Inter, -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  headings: { fontWeight: '650' },
  components: {
    Button: { defaultProps: { radius: 'md' } },
    Badge: { defaultProps: { radius: 'sm', variant: 'light' } },
    // Icon-only close buttons get a name screen readers announce.
    Modal: { defaultProps: { closeButtonProps: { 'aria-label': 'Close' } } },
    Drawer: { defaultProps: { closeButtonProps: { 'aria-label': 'Close' } } },
    CloseButton: { defaultProps: { 'aria-label': 'Close' } },
    Notification: { defaultProps: { closeButtonProps: { 'aria-label': 'Dismiss' } } },
    // The placeholder Mantine puts first in a menu is a focusable role="presentation" div, which
    // breaks the menu role's required children (axe: critical); arrow keys still reach the items.
    Menu: { defaultProps: { withInitialFocusPlaceholder: false } },
    // A table wider than a phone scrolls sideways: its viewport takes focus so keyboards can scroll it.
    TableScrollContainer: { defaultProps: { scrollAreaProps: { viewportProps: { tabIndex: 0 } } } },
  },
});
