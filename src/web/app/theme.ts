import { createTheme, type CSSVariablesResolver, type MantineColorsTuple } from '@mantine/core';

// A calm administrative blue. Shade 6 (buttons, links) has 5.6:1 contrast against white,
// shade 8 is the header colour; every text colour below passes WCAG AA on white.
const amtsblau: MantineColorsTuple = [
  '#eef4fa',
  '#dce7f3',
  '#b5cde6',
  '#8bb1d9',
  '#6899cd',
  '#4f89c6',
  '#2f6aa8',
  '#255a91',
  '#1f4e79',
  '#173d60',
];

// Mantine's red with the middle shades darkened: error text and alerts need 4.5:1 on white.
const red: MantineColorsTuple = [
  '#fff5f5',
  '#ffe3e3',
  '#ffc9c9',
  '#ffa8a8',
  '#ff8787',
  '#f03e3e',
  '#c92a2a',
  '#b02525',
  '#962020',
  '#7d1b1b',
];

// The operating system's own UI font, no web fonts (nothing leaves the server, CSP stays strict).
// Arial resolves to Liberation Sans on Linux desktops.
const systemFonts =
  '-apple-system, BlinkMacSystemFont, "Segoe UI", "Noto Sans", Roboto, "Helvetica Neue", Arial, sans-serif';

export const theme = createTheme({
  colors: { amtsblau, red },
  primaryColor: 'amtsblau',
  primaryShade: 6,
  fontFamily: systemFonts,
  fontFamilyMonospace: 'ui-monospace, "SFMono-Regular", "DejaVu Sans Mono", Menlo, Consolas, monospace',
  headings: { fontFamily: systemFonts, fontWeight: '650' },
  defaultRadius: 'md',
  focusRing: 'auto',
  cursorType: 'pointer',
  respectReducedMotion: true,
  other: { headerHeight: 64, navbarWidth: 260 },
});

// Mantine's defaults for dimmed, placeholder and error text are too light for WCAG AA (4.5:1).
export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': '#4f5963',
    '--mantine-color-placeholder': '#6b747d',
    '--mantine-color-error': '#c92a2a',
    '--mantine-color-body': '#ffffff',
  },
  dark: {},
});
