import { Box } from '@mantine/core';
import type { ReactNode } from 'react';

/**
 * A table that may scroll sideways on a narrow screen. The scrolling box is a labelled region in
 * the tab order, so keyboard users can reach and scroll it (axe: scrollable-region-focusable) and
 * screen readers announce what it holds. Use instead of Table.ScrollContainer, whose scrolling
 * element cannot be focused.
 */
export function TableScrollRegion({
  label,
  minWidth,
  children,
}: {
  /** What the table shows, e.g. "Angemeldete Geräte" (also the region's accessible name). */
  label: string;
  /** Below this width the table scrolls instead of squeezing its columns. */
  minWidth: number;
  children: ReactNode;
}) {
  return (
    <Box style={{ overflowX: 'auto' }} tabIndex={0} role="region" aria-label={label}>
      <Box miw={minWidth}>{children}</Box>
    </Box>
  );
}
