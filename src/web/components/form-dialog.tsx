import { Alert, Button, Group, Modal, Stack, type ModalProps } from '@mantine/core';
import type { ReactNode } from 'react';
import { describeError } from '@/web/components/error-message';
import { useT } from '@/web/components/i18n/i18n';

/** A Mantine modal whose close button has an accessible name ("Schließen"). */
export function DialogModal(props: ModalProps) {
  const t = useT();
  return <Modal closeButtonProps={{ 'aria-label': t('members.common.close') }} {...props} />;
}

export interface DialogFormProps {
  onSubmit: () => void;
  onCancel: () => void;
  /** The failed request's error, shown as an alert above the buttons; null or undefined when none. */
  error: unknown;
  /** The alert's heading, e.g. "Speichern fehlgeschlagen". */
  errorTitle: string;
  pending: boolean;
  submitLabel: string;
  /** "Abbrechen" unless told otherwise. */
  cancelLabel?: string;
  children: ReactNode;
}

/**
 * The form inside a dialog: its fields, the error of the last attempt, then "Abbrechen" and the
 * submit button. The fields check themselves (noValidate), so the messages are our plain German
 * ones, not the browser's.
 */
export function DialogForm({
  onSubmit,
  onCancel,
  error,
  errorTitle,
  pending,
  submitLabel,
  cancelLabel,
  children,
}: DialogFormProps) {
  const t = useT();
  const problem = error ? describeError(t, error) : null;
  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        onSubmit();
      }}
    >
      <Stack gap="md">
        {children}
        {problem && (
          <Alert role="alert" color="red" variant="light" title={errorTitle}>
            {problem.message}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            {cancelLabel ?? t('members.common.cancel')}
          </Button>
          <Button type="submit" loading={pending}>
            {submitLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** A dialog that is one form: "Abbrechen" and the close button both call `onClose`. */
export function FormDialog({
  title,
  opened,
  onClose,
  ...form
}: {
  title: string;
  opened: boolean;
  onClose: () => void;
} & Omit<DialogFormProps, 'onCancel'>) {
  return (
    <DialogModal opened={opened} onClose={onClose} title={title}>
      <DialogForm onCancel={onClose} {...form} />
    </DialogModal>
  );
}
