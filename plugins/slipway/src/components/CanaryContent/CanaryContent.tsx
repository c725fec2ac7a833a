import { EmptyState } from '@backstage/core-components';
import {
  getCompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { slipwaySignalChannel } from '@slipway/backstage-plugin-slipway-common';
import { useApi } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { Flex } from '@backstage/ui';
import { slipwayApiRef } from '../../api/SlipwayApi';
import { usePolled } from '../../hooks/usePolled';
import { PolledView } from '../common/PolledView';
import { SlipwayAnnotationGate } from '../common/SlipwayAnnotationGate';
import { CanaryPanel } from './CanaryPanel';

/** How often the tab reads the Canaries while it is open: a weight change shows within this. */
export const CANARY_POLL_MS = 2000;

const EXAMPLE = `apiVersion: slipway.io/v1alpha1
kind: Canary
metadata:
  name: my-service
spec:
  provider: gatewayapi
  targetRef: { apiVersion: apps/v1, kind: Deployment, name: my-service }
  service: { port: 80, gatewayRefs: [{ name: public }] }
  analysis:
    interval: 30s
    threshold: 2
    stepWeights: [10, 25, 50]
    metrics:
      - name: request-success-rate
        thresholdRange: { min: 99 }`;

function Canaries() {
  const { entity } = useEntity();
  const api = useApi(slipwayApiRef);
  const ref = getCompoundEntityRef(entity);
  const canaries = usePolled(
    () => api.getCanaries(ref),
    [api, ref.kind, ref.namespace, ref.name],
    {
      channel: slipwaySignalChannel(stringifyEntityRef(entity)),
      kind: 'canary',
      intervalMs: CANARY_POLL_MS,
    },
  );
  return (
    <PolledView polled={canaries} what="canaries">
      {items =>
        items.length === 0 ? (
          <EmptyState
            missing="data"
            title="No canary for this service yet"
            description="Add a Canary next to the service's Deployment in the config repository; Slipway applies it and releases each new version step by step:"
            action={<pre>{EXAMPLE}</pre>}
          />
        ) : (
          <Flex direction="column" gap="4">
            {items.map(c => (
              <CanaryPanel
                key={`${c.environment}/${c.namespace}/${c.name}`}
                canary={c}
                onDone={canaries.refresh}
              />
            ))}
          </Flex>
        )
      }
    </PolledView>
  );
}

/** The Canary tab: each Canary of the service, its current run live, its past runs. */
export function CanaryContent() {
  return (
    <SlipwayAnnotationGate>
      <Canaries />
    </SlipwayAnnotationGate>
  );
}
