import type { LoggerService } from '@backstage/backend-plugin-api';
import type { SignalsService } from '@backstage/plugin-signals-node';
import {
  slipwaySignalChannel,
  SlipwaySignal,
} from '@slipway/backstage-plugin-slipway-common';

/** Changes to one entity within this window make one signal. */
const COALESCE_MS = 250;

/**
 * Tells the tabs watching an entity that its delivery or canaries changed,
 * through Backstage signals; they read the API again instead of polling.
 * Several changes in a quarter second make one signal, so a resync of a
 * thousand services does not flood the browsers.
 */
export class LiveUpdates {
  private readonly pending = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly signals: SignalsService,
    private readonly logger: LoggerService,
    private readonly coalesceMs = COALESCE_MS,
  ) {}

  changed(entityRef: string | undefined, kind: SlipwaySignal['kind']): void {
    if (!entityRef) {
      return;
    }
    const key = `${kind} ${entityRef}`;
    if (this.pending.has(key)) {
      return;
    }
    const timer = setTimeout(() => {
      this.pending.delete(key);
      this.signals
        .publish<SlipwaySignal>({
          recipients: { type: 'broadcast' },
          channel: slipwaySignalChannel(entityRef),
          message: { kind },
        })
        .catch(error =>
          this.logger.debug(
            `Signal for ${entityRef} not sent: ${(error as Error).message}`,
          ),
        );
    }, this.coalesceMs);
    timer.unref?.();
    this.pending.set(key, timer);
  }

  stop(): void {
    for (const timer of this.pending.values()) {
      clearTimeout(timer);
    }
    this.pending.clear();
  }
}
