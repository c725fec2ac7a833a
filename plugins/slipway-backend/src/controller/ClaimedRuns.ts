import { LoggerService } from '@backstage/backend-plugin-api';

export type ClaimedRunsOptions<T> = {
  /** What is claimed, for the log: `delivery targets`, `Canaries`. */
  what: string;
  logger: LoggerService;
  clusters: () => string[];
  concurrencyPerCluster: number;
  /**
   * How long a claim lasts. Leases of running items are renewed every
   * third of it, so a run may take longer, and the items of a replica
   * that died wait at most this long for another (or its restart).
   */
  leaseMs: number;
  /** Takes the leases of due items, up to the free slots of each cluster. */
  claim: (slots: Map<string, number>, leaseMs: number) => Promise<T[]>;
  /** Extends the leases of items still running. */
  renew: (items: T[], leaseMs: number) => Promise<void>;
  clusterOf: (item: T) => string;
  run: (item: T) => Promise<void>;
};

/**
 * The bookkeeping of a controller that claims due items from the database
 * and runs them, bounded per cluster. Claims never overlap in one replica;
 * one asked for meanwhile runs right after, and a finished run asks for
 * one, so a free slot never waits for the scheduler while items are due.
 */
export class ClaimedRuns<T> {
  private readonly running = new Map<string, number>();
  private readonly active = new Set<Promise<void>>();
  private readonly inFlight = new Set<T>();
  private renewal?: NodeJS.Timeout;
  private ticking?: Promise<void>;
  private tickAgain = false;
  private stopped = false;

  constructor(private readonly options: ClaimedRunsOptions<T>) {}

  tick(): Promise<void> {
    if (this.ticking) {
      this.tickAgain = true;
      return this.ticking;
    }
    this.ticking = this.claimAndStart()
      .catch(error =>
        this.options.logger.error(
          `Claiming ${this.options.what} failed: ${error}`,
        ),
      )
      .finally(() => {
        this.ticking = undefined;
        if (this.tickAgain) {
          this.tickAgain = false;
          void this.tick();
        }
      });
    return this.ticking;
  }

  /** Waits until nothing runs. */
  async idle(): Promise<void> {
    while (this.active.size > 0) {
      await Promise.all([...this.active]);
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.idle();
    clearInterval(this.renewal);
  }

  private renewLeases() {
    const { renew, leaseMs, logger, what } = this.options;
    if (this.inFlight.size > 0) {
      renew([...this.inFlight], leaseMs).catch(error =>
        logger.warn(`Renewing the leases of running ${what} failed: ${error}`),
      );
    }
  }

  private async claimAndStart(): Promise<void> {
    if (this.stopped) {
      return;
    }
    const { clusters, concurrencyPerCluster, claim, clusterOf } = this.options;
    this.renewal ??= setInterval(
      () => this.renewLeases(),
      this.options.leaseMs / 3,
    ).unref();
    const claimed = await claim(
      new Map(
        clusters().map(c => [
          c,
          concurrencyPerCluster - (this.running.get(c) ?? 0),
        ]),
      ),
      this.options.leaseMs,
    );
    for (const item of claimed) {
      const cluster = clusterOf(item);
      this.running.set(cluster, (this.running.get(cluster) ?? 0) + 1);
      this.inFlight.add(item);
      const run = this.options.run(item).finally(() => {
        this.running.set(cluster, this.running.get(cluster)! - 1);
        this.inFlight.delete(item);
        this.active.delete(run);
        void this.tick();
      });
      this.active.add(run);
    }
  }
}
