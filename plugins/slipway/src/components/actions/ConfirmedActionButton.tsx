import {
  Alert,
  Button,
  Dialog,
  DialogBody,
  DialogFooter,
  DialogHeader,
  Text,
  TextAreaField,
} from '@backstage/ui';
import type { ReactNode } from 'react';
import { useConfirmation } from './useConfirmation';

export type ConfirmedActionButtonProps = {
  /** The button's label, e.g. `Promote`. */
  label: string;
  /** What pressing it will do, shown in the confirmation dialog. */
  consequence: string;
  /** Runs the action with the reason given; a thrown error stays in the dialog. A returned text is said instead of `done`. */
  run: (reason: string) => Promise<void | string>;
  /** Said once the backend took the action. */
  done: string;
  disabled?: boolean;
  /** Ask for a reason (the audit log keeps it); required unless false. */
  reasonRequired?: boolean;
  destructive?: boolean;
  /** More choices for the action, shown between the consequence and the reason. */
  children?: ReactNode;
};

/** A button that asks for confirmation and a reason before it acts. */
export function ConfirmedActionButton(props: ConfirmedActionButtonProps) {
  const { open, setOpen, reason, setReason, pending, error, close, confirm } =
    useConfirmation();
  const needsReason = props.reasonRequired !== false;

  return (
    <>
      <Button
        variant="secondary"
        size="small"
        destructive={props.destructive}
        isDisabled={props.disabled}
        onPress={() => setOpen(true)}
      >
        {props.label}
      </Button>
      <Dialog isOpen={open} onOpenChange={o => (o ? setOpen(true) : close())}>
        <DialogHeader>{props.label}?</DialogHeader>
        <DialogBody>
          <Text as="p">{props.consequence}</Text>
          {props.children}
          <TextAreaField
            label={needsReason ? 'Reason (required)' : 'Reason (optional)'}
            description="Kept in the audit log with your name."
            value={reason}
            onChange={setReason}
          />
          {error && <Alert status="danger" title={error} />}
        </DialogBody>
        <DialogFooter>
          <Button variant="secondary" onPress={close}>
            Cancel
          </Button>
          <Button
            variant="primary"
            destructive={props.destructive}
            isPending={pending}
            isDisabled={needsReason && reason.trim() === ''}
            onPress={() =>
              confirm(async r => (await props.run(r)) || props.done)
            }
          >
            {props.label}
          </Button>
        </DialogFooter>
      </Dialog>
    </>
  );
}
