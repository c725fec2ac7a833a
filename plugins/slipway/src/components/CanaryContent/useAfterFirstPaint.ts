import { startTransition, useEffect, useState } from 'react';

/**
 * False on the first render, true once the browser has painted it: for the
 * slow parts of a view (charts), so the rest is on screen first.
 */
export function useAfterFirstPaint(): boolean {
  const [painted, setPainted] = useState(false);
  useEffect(() => {
    const frame = requestAnimationFrame(() =>
      startTransition(() => setPainted(true)),
    );
    return () => cancelAnimationFrame(frame);
  }, []);
  return painted;
}
