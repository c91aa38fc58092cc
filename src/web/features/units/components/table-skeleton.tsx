import { Skeleton, Stack } from '@mantine/core';

/** Placeholder rows while a list loads, so the page does not jump when it arrives. */
export function TableSkeleton({ rows = 8 }: { rows?: number }) {
  return (
    <Stack gap="xs" aria-hidden="true">
      {Array.from({ length: rows }, (_, i) => (
        <Skeleton key={i} height={36} radius="sm" />
      ))}
    </Stack>
  );
}
