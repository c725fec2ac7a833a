import type { KubernetesObject } from '@kubernetes/client-node';
import {
  CANARY_PAUSED_ANNOTATION,
  CanaryEvent,
  CanaryItem,
} from '@slipway/backstage-plugin-slipway-common';
import { PromiseCache, readCanary } from '@slipway/engine';
import type { ClusterConnections } from '../clusters/ClusterConnections';
import type { CanaryRow, CanaryStore } from '../store/CanaryStore';

type Live = Pick<CanaryItem, 'spec' | 'status' | 'paused' | 'events'>;

type KubeEvent = KubernetesObject & {
  type?: string;
  reason?: string;
  message?: string;
  count?: number;
  lastTimestamp?: string;
  eventTime?: string;
  metadata?: { creationTimestamp?: string | Date; resourceVersion?: string };
};

const EVENTS_SHOWN = 30;

/** Builds what the API says of a Canary: its spec and status from the cluster, its checks and runs from the database. */
export class CanaryViews {
  /**
   * Reads shared by every request within `cacheMs` of each other: many people
   * watching many Canaries make one cluster read per Canary per TTL, not one
   * per open browser tab.
   */
  private readonly live: PromiseCache<Live>;

  constructor(
    private readonly store: CanaryStore,
    private readonly clusters: ClusterConnections,
    options: { cacheMs?: number } = {},
  ) {
    this.live = new PromiseCache({
      ttlMs: options.cacheMs ?? 1000,
      maxEntries: 10_000,
    });
  }

  async view(row: CanaryRow, environment: string): Promise<CanaryItem> {
    const base = {
      environment,
      cluster: row.cluster,
      namespace: row.namespace,
      name: row.name,
    };
    const runs = await this.store.runs(row.id);
    let live: Live;
    try {
      live = await this.live.get(row.id, () => this.readLive(row));
    } catch (error) {
      return {
        ...base,
        error: `cluster ${row.cluster} cannot be read: ${
          (error as Error).message
        }`,
        runs,
      };
    }
    const runId = live.status?.runId;
    return {
      ...base,
      ...live,
      measurements: runId ? await this.store.measurements(row.id, runId) : [],
      runs,
    };
  }

  private async readLive(row: CanaryRow): Promise<Live> {
    const { client } = await this.clusters.connect(row.cluster);
    const [canary, events] = await Promise.all([
      readCanary(client, row),
      client
        .list<KubeEvent>('v1', 'Event', {
          namespace: row.namespace,
          fieldSelector: `involvedObject.kind=Canary,involvedObject.name=${row.name}`,
        })
        .then(list => list.items)
        // Events are a nicety: a cluster that refuses to list them still shows the run.
        .catch(() => [] as KubeEvent[]),
    ]);
    return {
      spec: canary?.spec,
      status: canary?.status ?? {},
      paused:
        canary?.metadata.annotations?.[CANARY_PAUSED_ANNOTATION] === 'true',
      events: events
        .sort(newestFirst)
        .slice(0, EVENTS_SHOWN)
        .map(toCanaryEvent),
    };
  }
}

const timeOf = (event: KubeEvent) =>
  new Date(
    event.lastTimestamp ??
      event.eventTime ??
      event.metadata?.creationTimestamp ??
      0,
  ).getTime();

/**
 * Event times have whole seconds, and consecutive phase changes often share
 * one: the API server's resourceVersion (increasing as it writes, in
 * practice) orders those.
 */
function newestFirst(a: KubeEvent, b: KubeEvent): number {
  return (
    timeOf(b) - timeOf(a) ||
    Number(b.metadata?.resourceVersion ?? 0) -
      Number(a.metadata?.resourceVersion ?? 0)
  );
}

function toCanaryEvent(event: KubeEvent): CanaryEvent {
  return {
    type: event.type ?? 'Normal',
    reason: event.reason ?? '',
    message: event.message ?? '',
    at: new Date(timeOf(event)).toISOString(),
    count: event.count,
  };
}
