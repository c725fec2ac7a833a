import { alertApiRef, useApi } from '@backstage/frontend-plugin-api';
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
import { useState } from 'react';

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
};

/** A button that asks for confirmation and a reason before it acts. */
export function ConfirmedActionButton(props: ConfirmedActionButtonProps) {
  const alertApi = useApi(alertApiRef);
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string>();
  const needsReason = props.reasonRequired !== false;

  const close = () => {
    setOpen(false);
    setReason('');
    setError(undefined);
  };

  const confirm = async () => {
    setPending(true);
    setError(undefined);
    try {
      const said = await props.run(reason.trim());
      alertApi.post({
        message: said || props.done,
        severity: 'success',
        display: 'transient',
      });
      close();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setPending(false);
    }
  };

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
            onPress={confirm}
          >
            {props.label}
          </Button>
        </DialogFooter>
      </Dialog>
    </>
  );
}
