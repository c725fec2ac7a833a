/** `12 s ago`, `5 min ago`, `3 h ago`, `2 d ago`. */
export function ago(iso: string | number, now = Date.now()): string {
  const seconds = Math.max(
    0,
    Math.round((now - new Date(iso).getTime()) / 1000),
  );
  if (seconds < 90) return `${seconds} s ago`;
  if (seconds < 90 * 60) return `${Math.round(seconds / 60)} min ago`;
  if (seconds < 36 * 3600) return `${Math.round(seconds / 3600)} h ago`;
  return `${Math.round(seconds / 86400)} d ago`;
}

/** `850 ms`, `4.2 s`, `3 min 10 s`. */
export function duration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)} min ${s % 60} s`;
}

/** The first 7 characters of a Git revision, as Git shows it. */
export const shortRevision = (revision?: string | null) =>
  revision ? revision.slice(0, 7) : '—';

/** `Deployment staging/checkout`. */
export const objectName = (ref: {
  kind: string;
  namespace?: string;
  name: string;
}) => `${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}`;
