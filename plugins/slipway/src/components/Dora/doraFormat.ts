import type { DoraFigures } from '@slipway/backstage-plugin-slipway-common';

const NONE = '—';

/** `3.2 / day`, or per week when fewer than one a day: `2 / week`. */
export function frequency(perDay: number): string {
  if (perDay === 0) return 'none';
  if (perDay >= 1) return `${perDay.toFixed(1)} / day`;
  const perWeek = perDay * 7;
  return `${perWeek >= 10 ? Math.round(perWeek) : perWeek.toFixed(1)} / week`;
}

/** `45 s`, `14 min`, `3.2 h`, `2.1 d`. */
export function span(seconds: number | null): string {
  if (seconds === null) return NONE;
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 90 * 60) return `${Math.round(seconds / 60)} min`;
  if (seconds < 36 * 3600) return `${(seconds / 3600).toFixed(1)} h`;
  return `${(seconds / 86400).toFixed(1)} d`;
}

/** `25 %`. */
export const percent = (rate: number | null) =>
  rate === null ? NONE : `${Math.round(rate * 100)} %`;

/** The four figures, labelled as DORA names them, for a card or a row. */
export const doraLabels = (f: DoraFigures) => [
  { label: 'Deployment frequency', value: frequency(f.deploymentsPerDay) },
  { label: 'Lead time for changes', value: span(f.leadTimeSeconds) },
  { label: 'Change failure rate', value: percent(f.changeFailureRate) },
  { label: 'Time to restore', value: span(f.timeToRestoreSeconds) },
];
