import { Button, EmptyState } from '@mantine/core';
import { IconMoodEmpty } from '@tabler/icons-react';
import type { ReactNode } from 'react';

interface UnitEmptyStateProps {
  title: string;
  text: string;
  action?: { label: string; onClick: () => void };
  icon?: ReactNode;
}

export function UnitEmptyState({ title, text, action, icon }: UnitEmptyStateProps) {
  return (
    <EmptyState variant="light" py="xl" icon={icon ?? <IconMoodEmpty aria-hidden="true" />}>
      <EmptyState.Title order={3}>{title}</EmptyState.Title>
      <EmptyState.Description>{text}</EmptyState.Description>
      {action && (
        <EmptyState.Actions>
          <Button variant="default" onClick={action.onClick}>
            {action.label}
          </Button>
        </EmptyState.Actions>
      )}
    </EmptyState>
  );
}
