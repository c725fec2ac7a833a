import type { CanaryPhase } from '@slipway/model';
import type { PhaseHandler } from '../tickTypes';
import { finalising } from './finalising';
import { idle } from './idle';
import { initializing } from './initializing';
import { progressing } from './progressing';
import { promoting } from './promoting';
import { waiting } from './waiting';
import { waitingPromotion } from './waitingPromotion';

/** The handler of each phase; a new Canary starts in Initializing. */
export const PHASE_HANDLERS: Record<CanaryPhase, PhaseHandler> = {
  Initializing: initializing,
  Initialized: idle,
  Waiting: waiting,
  Progressing: progressing,
  WaitingPromotion: waitingPromotion,
  Promoting: promoting,
  Finalising: finalising,
  Succeeded: idle,
  Failed: idle,
};
