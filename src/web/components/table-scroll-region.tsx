import { Box, Table, VisuallyHidden } from '@mantine/core';
import type { ReactNode } from 'react';

/**
 * A table that may scroll sideways on a narrow screen. The scrolling box is a labelled region in
 * the tab order, so keyboard users can reach and scroll it (axe: scrollable-region-focusable) and
 * screen readers announce what it holds. Use instead of Table.ScrollContainer, whose scrolling
 * element cannot be focused.
 */
export function TableScrollRegion({
  minWidth,
  maxHeight,
  children,
  ...name
}: {
  /** Below this width the table scrolls instead of squeezing its columns. */
  minWidth: number;
  /** Above this height the table scrolls down as well (give it a sticky header). */
  maxHeight?: number;
  children: ReactNode;
} & (
  | {
      /** What the table shows, e.g. "Angemeldete Geräte" (also the region's accessible name). */
      label: string;
    }
  | {
      /** The id of the heading that names the table, when there is one on the page. */
      labelledBy: string;
    }
)) {
  return (
    <Box
      style={maxHeight === undefined ? { overflowX: 'auto' } : { overflow: 'auto', maxHeight }}
      tabIndex={0}
      role="region"
      {...('label' in name ? { 'aria-label': name.label } : { 'aria-labelledby': name.labelledBy })}
    >
      <Box miw={minWidth}>{children}</Box>
    </Box>
  );
}

/**
 * The header row of a table: one column header (scope="col") for each heading, and optionally a
 * last column of row actions whose heading only screen readers announce.
 */
export function TableHeadings({ columns, actions }: { columns: readonly string[]; actions?: string }) {
  return (
    <Table.Thead>
      <Table.Tr>
        {columns.map((column) => (
          <Table.Th key={column} scope="col">
            {column}
          </Table.Th>
        ))}
        {actions !== undefined && (
          <Table.Th scope="col">
            <VisuallyHidden>{actions}</VisuallyHidden>
          </Table.Th>
        )}
      </Table.Tr>
    </Table.Thead>
  );
}

/**
 * A striped table with its caption above it, scrolling sideways in a region named like the
 * caption. `children` are its body rows.
 */
export function CaptionedTable({
  caption,
  minWidth,
  columns,
  children,
}: {
  caption: string;
  minWidth: number;
  columns: readonly string[];
  children: ReactNode;
}) {
  return (
    <TableScrollRegion label={caption} minWidth={minWidth}>
      <Table striped verticalSpacing="sm" captionSide="top">
        <Table.Caption>{caption}</Table.Caption>
        <TableHeadings columns={columns} />
        <Table.Tbody>{children}</Table.Tbody>
      </Table>
    </TableScrollRegion>
  );
}
