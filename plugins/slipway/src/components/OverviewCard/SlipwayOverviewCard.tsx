import {
  getCompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { slipwaySignalChannel } from '@slipway/backstage-plugin-slipway-common';
import { useApi } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { Box, Card, CardBody, CardHeader, Flex, Text } from '@backstage/ui';
import { slipwayApiRef } from '../../api/SlipwayApi';
import { usePolled } from '../../hooks/usePolled';
import { CANARY_POLL_MS } from '../CanaryContent/CanaryContent';
import { RolledBack } from '../DeliveryContent/RolledBack';
import { healthOf, syncStateOf } from '../DeliveryContent/deliveryState';
import { PolledView } from '../common/PolledView';
import { SlipwayAnnotationGate } from '../common/SlipwayAnnotationGate';
import { StateLabel } from '../common/StateLabel';
import { shortRevision } from '../common/format';

/** The phases of a run under way; Initializing and Initialized are set-up, with no run yet. */
const ACTIVE = [
  'Waiting',
  'Progressing',
  'WaitingPromotion',
  'Promoting',
  'Finalising',
];

function Environments() {
  const { entity } = useEntity();
  const api = useApi(slipwayApiRef);
  const ref = getCompoundEntityRef(entity);
  const deps = [api, ref.kind, ref.namespace, ref.name];
  const live = {
    channel: slipwaySignalChannel(stringifyEntityRef(entity)),
    intervalMs: CANARY_POLL_MS,
  };
  const delivery = usePolled(() => api.getDelivery(ref), deps, {
    ...live,
    kind: 'delivery',
  });
  const canaries = usePolled(() => api.getCanaries(ref), deps, {
    ...live,
    kind: 'canary',
  });
  return (
    <PolledView polled={delivery} what="delivery status">
      {items => (
        <Flex direction="column" gap="3">
          {items.map(d => {
            const running = (canaries.value ?? []).filter(
              c =>
                c.environment === d.environment &&
                ACTIVE.includes(c.status?.phase ?? ''),
            );
            return (
              <Box
                key={d.environment}
                aria-label={`Environment ${d.environment}`}
              >
                <Flex justify="between" align="center">
                  <Text weight="bold">{d.environment}</Text>
                  <Text variant="body-small">
                    <code>{shortRevision(d.lastAppliedRevision)}</code>
                  </Text>
                </Flex>
                <Flex gap="4" align="center">
                  <StateLabel state={syncStateOf(d)} />
                  <StateLabel state={healthOf(d.inventory)} />
                </Flex>
                <RolledBack row={d} />
                {running.map(c => (
                  <Text key={c.name} as="div" variant="body-small">
                    canary {c.name}: {c.status?.phase} at{' '}
                    {c.status?.canaryWeight ?? 0} %
                  </Text>
                ))}
              </Box>
            );
          })}
        </Flex>
      )}
    </PolledView>
  );
}

/** For the entity overview: revision and health per environment, and any canary run under way. */
export function SlipwayOverviewCard() {
  return (
    <Card>
      <CardHeader>
        <Text as="h3" variant="title-small">
          Delivery
        </Text>
      </CardHeader>
      <CardBody>
        <SlipwayAnnotationGate>
          <Environments />
        </SlipwayAnnotationGate>
      </CardBody>
    </Card>
  );
}
