import { alertApiRef, useApi } from '@backstage/frontend-plugin-api';
import { useState } from 'react';

/**
 * The state of a dialog that confirms an action with a reason: open or
 * not, the reason typed, the action pending, the error it ended with. An
 * action that succeeds closes the dialog and says what it did.
 */
export function useConfirmation(onClose?: () => void) {
  const alertApi = useApi(alertApiRef);
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string>();

  const close = () => {
    setOpen(false);
    setReason('');
    setError(undefined);
    onClose?.();
  };

  /** Runs the action with the reason; what it returns is said, an error stays in the dialog. */
  const confirm = async (run: (reason: string) => Promise<string>) => {
    setPending(true);
    setError(undefined);
    try {
      const said = await run(reason.trim());
      alertApi.post({
        message: said,
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

  return {
    open,
    setOpen,
    reason,
    setReason,
    pending,
    error,
    setError,
    close,
    confirm,
  };
}
