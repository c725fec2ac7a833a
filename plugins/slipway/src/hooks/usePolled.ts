import { useSignal } from '@backstage/plugin-signals-react';
import type { SlipwaySignal } from '@slipway/backstage-plugin-slipway-common';
import { useCallback, useEffect, useRef, useState } from 'react';

/** By then a new signals subscription has reached the backend. */
const SUBSCRIBED_AFTER_MS = 2_000;
/** With signals, a read this often catches one the connection dropped. */
export const SAFETY_READ_MS = 30_000;

export type Polled<T> = {
  value?: T;
  /** The last read's error; the last good value stays shown beside it. */
  error?: Error;
  loading: boolean;
  refresh: () => void;
};

/**
 * Reads now, then again whenever the backend signals a change of `kind` on
 * `channel` (Backstage signals, when the app has them: plus once when the
 * subscription has settled and every 30 s, for a lost signal), else every
 * `intervalMs` while the page is visible; one read at a time. Reads are conditional (see
 * SlipwayClient), so an unchanged answer is a 304 and the same object:
 * React renders nothing new.
 */
export function usePolled<T>(
  read: () => Promise<T>,
  deps: unknown[],
  options: {
    channel: string;
    /** The signal kinds that change what is read: one, or several. */
    kind: SlipwaySignal['kind'] | Array<SlipwaySignal['kind']>;
    intervalMs: number;
  },
): Polled<T> {
  const [state, setState] = useState<{ value?: T; error?: Error }>({});
  const [loading, setLoading] = useState(true);
  const inFlight = useRef(false);
  const again = useRef(false);
  const { lastSignal, isSignalsAvailable } = useSignal<SlipwaySignal>(
    options.channel,
  );
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const readNow = useCallback(read, deps);

  const poll = useCallback(async () => {
    if (inFlight.current) {
      // A signal during a read: read once more after it, for what changed meanwhile.
      again.current = true;
      return;
    }
    inFlight.current = true;
    try {
      do {
        again.current = false;
        try {
          const value = await readNow();
          setState(s =>
            s.value === value && !s.error ? s : { value, error: undefined },
          );
        } catch (error) {
          setState(s => ({ value: s.value, error: error as Error }));
        }
      } while (again.current);
    } finally {
      inFlight.current = false;
      setLoading(false);
    }
  }, [readNow]);

  useEffect(() => {
    setLoading(true);
    setState({});
    poll();
    if (!isSignalsAvailable) {
      const timer = setInterval(() => {
        if (typeof document === 'undefined' || !document.hidden) {
          poll();
        }
      }, options.intervalMs);
      return () => clearInterval(timer);
    }
    // A change signalled before the subscription reached the backend is
    // lost: read once more when it has, and now and then in case the
    // connection dropped a signal.
    const settled = setTimeout(poll, SUBSCRIBED_AFTER_MS);
    const safety = setInterval(poll, SAFETY_READ_MS);
    return () => {
      clearTimeout(settled);
      clearInterval(safety);
    };
  }, [poll, options.intervalMs, isSignalsAvailable]);

  useEffect(() => {
    if (lastSignal && [options.kind].flat().includes(lastSignal.kind)) {
      poll();
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [lastSignal, String(options.kind), poll]);

  return { ...state, loading, refresh: poll };
}
