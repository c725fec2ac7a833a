import { AuditorService, LoggerService } from '@backstage/backend-plugin-api';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import type { CanaryPhase } from '@slipway/backstage-plugin-slipway-common';
import type {
  CanaryResource,
  CanaryTransition,
  ObjectClient,
} from '@slipway/engine';
import type { CanaryRow } from '../store/CanaryStore';
import { canaryEvent } from './canaryEvent';

/** The phases an entity's owners hear about, and how loudly. */
const NOTIFIED: Partial<
  Record<CanaryPhase, { severity: 'normal' | 'high'; title: string }>
> = {
  Waiting: {
    severity: 'normal',
    title: 'waits for its rollout to be confirmed',
  },
  WaitingPromotion: {
    severity: 'normal',
    title: 'waits for approval to promote',
  },
  Succeeded: { severity: 'normal', title: 'promoted' },
  Failed: { severity: 'high', title: 'rolled back' },
};

export type TransitionReporterOptions = {
  auditor: AuditorService;
  logger: LoggerService;
  /** Absent when the backend has no notifications service. */
  notifications?: NotificationService;
  /** The catalog entity a Canary's service belongs to, if Slipway delivers it. */
  entityRefOf: (row: CanaryRow) => Promise<string | undefined>;
};

/**
 * Tells everyone who should know that a Canary changed phase: a
 * Kubernetes Event on the Canary (`kubectl describe`), an auditor event,
 * and for a gate, a promotion or a rollback, a notification to the owners
 * of the service's entity. None of these may stop the canary: a failure
 * is logged and the run goes on.
 */
export async function reportTransition(
  options: TransitionReporterOptions,
  client: ObjectClient,
  row: CanaryRow,
  canary: CanaryResource,
  transition: CanaryTransition,
) {
  const { auditor, logger, notifications } = options;
  const what = `Canary ${row.id}`;
  logger.info(
    `${what}: ${transition.from ?? 'new'} → ${transition.to}: ${
      transition.message
    }`,
  );
  const quietly = (kind: string, work: () => Promise<unknown>) =>
    work().catch(error => logger.warn(`${what}: no ${kind}: ${error}`));

  await quietly('Event', () => client.create(canaryEvent(canary, transition)));
  const entityRef = await options.entityRefOf(row).catch(() => undefined);
  await quietly('audit event', async () => {
    const event = await auditor.createEvent({
      eventId: 'canary-transition',
      severityLevel: transition.to === 'Failed' ? 'medium' : 'low',
      meta: {
        canary: `${row.namespace}/${row.name}`,
        cluster: row.cluster,
        ...(row.environment && { environment: row.environment }),
        ...(entityRef && { entityRef }),
        ...(canary.status?.runId && { runId: canary.status.runId }),
        from: transition.from ?? 'new',
        to: transition.to,
        message: transition.message,
      },
    });
    await event.success();
  });

  const notice = NOTIFIED[transition.to];
  if (notifications && notice && entityRef) {
    const [kind, rest] = entityRef.split(':');
    const [namespace, name] = rest.split('/');
    await quietly('notification', () =>
      notifications.send({
        recipients: { type: 'entity', entityRef },
        payload: {
          title: `${name} in ${row.environment ?? row.cluster} ${notice.title}`,
          description: transition.message,
          // The Canary tab of the frontend plugin (entity-content:slipway/canary).
          link: `/catalog/${namespace}/${kind}/${name}/canary`,
          severity: notice.severity,
          topic: `slipway-canary:${entityRef}:${
            row.environment ?? row.cluster
          }`,
          scope: canary.status?.runId,
        },
      }),
    );
  }
}
