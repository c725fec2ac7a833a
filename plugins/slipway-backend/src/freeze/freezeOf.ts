import type { DeliveryFreeze } from '@slipway/backstage-plugin-slipway-common';
import { activeFreezeWindow } from '@slipway/backstage-plugin-slipway-node';
import type { TargetRecord } from '../store/types';

/**
 * The freeze in force on a target at `now`: its environment's window or a
 * person's Freeze now, whichever lasts longer; undefined when none is.
 */
export function freezeOf(
  target: Pick<TargetRecord, 'spec' | 'manualFreeze' | 'status'>,
  now: Date,
): DeliveryFreeze | undefined {
  const window = activeFreezeWindow(target.spec.freezeWindows ?? [], now);
  const manual =
    target.manualFreeze && target.manualFreeze.until > now.getTime()
      ? target.manualFreeze
      : undefined;
  let freeze: DeliveryFreeze | undefined;
  if (manual && (!window || manual.until >= window.until.getTime())) {
    freeze = {
      kind: 'manual',
      reason: manual.reason,
      by: manual.by,
      since: new Date(manual.since).toISOString(),
      until: new Date(manual.until).toISOString(),
    };
  } else if (window) {
    freeze = {
      kind: 'window',
      reason: window.name,
      since: window.since.toISOString(),
      until: window.until.toISOString(),
    };
  }
  const waiting = target.status?.waiting;
  return freeze && waiting
    ? {
        ...freeze,
        waiting: {
          revision: waiting.revision,
          message: waiting.commit?.message,
          author: waiting.commit?.author,
        },
      }
    : freeze;
}

/** `production is frozen until 2026-12-07T07:00:00.000Z (weekend)`, for refusals and records. */
export function frozenSentence(environment: string, freeze: DeliveryFreeze) {
  return `${environment} is frozen until ${freeze.until} (${freeze.reason}${
    freeze.by ? `, by ${freeze.by}` : ''
  })`;
}
