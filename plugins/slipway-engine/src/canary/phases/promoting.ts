import type { PhaseHandler } from '../tickTypes';
import { newerVersionArrived, restartRun, stepped } from './decisions';

/** The analysed version goes to the primary, unless a newer one replaced it meanwhile. */
export const promoting: PhaseHandler = async state => {
  if (newerVersionArrived(state)) {
    return restartRun(state);
  }
  return {
    status: { ...stepped(state), phase: 'Finalising' },
    message: `${state.names.primary} takes the new version`,
    actions: [{ kind: 'applyPrimary' }],
  };
};
