import { Progress, WarningPanel } from '@backstage/core-components';
import type { ReactNode } from 'react';
import type { Polled } from '../../hooks/usePolled';

/**
 * Loading, then the value; an error before any value is an error panel
 * saying what to check, an error after one keeps the last value on screen
 * under a warning.
 */
export function PolledView<T>(props: {
  polled: Polled<T>;
  /** What is read, for the messages: `delivery status`. */
  what: string;
  children: (value: T) => ReactNode;
}) {
  const { polled, what } = props;
  if (polled.value === undefined) {
    return polled.loading ? (
      <Progress />
    ) : (
      <WarningPanel severity="error" title={`Could not load ${what}`}>
        {polled.error?.message}. Check that the slipway backend plugin is
        installed and running.
      </WarningPanel>
    );
  }
  return (
    <>
      {polled.error && (
        <WarningPanel
          severity="warning"
          title={`Showing the last known ${what}`}
        >
          {polled.error.message}
        </WarningPanel>
      )}
      {props.children(polled.value)}
    </>
  );
}
