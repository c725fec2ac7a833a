import type { PhaseHandler } from '../tickTypes';
import { webhookFailures } from '../webhooks';
import {
  intervalPassed,
  newerVersionArrived,
  toPromoting,
  restartRun,
  rolledBack,
  stepped,
  unchanged,
} from './decisions';

/**
 * Every step passed; the promotion waits for a person or the
 * confirm-promotion hooks, while rollback hooks may still end the run.
 */
export const waitingPromotion: PhaseHandler = async (state, reads) => {
  const { status } = state;
  if (status.abortRequested) {
    return rolledBack(state, 'aborted from the portal');
  }
  if (newerVersionArrived(state)) {
    return restartRun(state);
  }
  if (status.promotionRequested) {
    return toPromoting(state, 'promotion confirmed from the portal');
  }
  if (!intervalPassed(state)) {
    return unchanged(state);
  }
  const rollback = await reads.webhooks('rollback');
  const asked = rollback.results.find(r => r.passed);
  if (asked) {
    return rolledBack(state, `webhook ${asked.name} asked for a rollback`);
  }
  const confirmed = await reads.webhooks('confirm-promotion');
  if (!confirmed.passed) {
    return {
      status: stepped(state),
      message: `waiting for the promotion to be confirmed from the portal or by its webhooks: ${webhookFailures(
        confirmed.results,
      )}`,
    };
  }
  return toPromoting(state, 'promotion confirmed by webhook');
};
