import { useCallback, useEffect, useRef, useState } from 'react';

export type Polled<T> = {
  value?: T;
  /** The last read's error; the last good value stays shown beside it. */
  error?: Error;
  loading: boolean;
  refresh: () => void;
};

/**
 * Reads now and then every `intervalMs` while the page is visible, one read
 * at a time. Reads are conditional (see SlipwayClient), so an unchanged
 * answer is a 304 and the same object: React renders nothing new.
 */
export function usePolled<T>(
  read: () => Promise<T>,
  deps: unknown[],
  intervalMs: number,
): Polled<T> {
  const [state, setState] = useState<{ value?: T; error?: Error }>({});
  const [loading, setLoading] = useState(true);
  const inFlight = useRef(false);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const readNow = useCallback(read, deps);

  const poll = useCallback(async () => {
    if (inFlight.current) {
      return;
    }
    inFlight.current = true;
    try {
      const value = await readNow();
      setState(s =>
        s.value === value && !s.error ? s : { value, error: undefined },
      );
    } catch (error) {
      setState(s => ({ value: s.value, error: error as Error }));
    } finally {
      inFlight.current = false;
      setLoading(false);
    }
  }, [readNow]);

  useEffect(() => {
    setLoading(true);
    setState({});
    poll();
    const timer = setInterval(() => {
      if (typeof document === 'undefined' || !document.hidden) {
        poll();
      }
    }, intervalMs);
    return () => clearInterval(timer);
  }, [poll, intervalMs]);

  return { ...state, loading, refresh: poll };
}
