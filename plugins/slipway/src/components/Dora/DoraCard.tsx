import {
  getCompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { slipwaySignalChannel } from '@slipway/backstage-plugin-slipway-common';
import { useApi } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { Card, CardBody, CardHeader, Flex, Grid, Text } from '@backstage/ui';
import { slipwayApiRef } from '../../api/SlipwayApi';
import { usePolled } from '../../hooks/usePolled';
import { PolledView } from '../common/PolledView';
import { SlipwayAnnotationGate } from '../common/SlipwayAnnotationGate';
import { doraLabels } from './doraFormat';

/** The window the card shows, in days. */
export const DORA_WINDOW_DAYS = 30;
/** Figures change with releases: read again every few minutes. */
const DORA_POLL_MS = 5 * 60_000;

function Figures() {
  const { entity } = useEntity();
  const api = useApi(slipwayApiRef);
  const ref = getCompoundEntityRef(entity);
  const dora = usePolled(
    () => api.getDora(ref, DORA_WINDOW_DAYS),
    [api, ref.kind, ref.namespace, ref.name],
    {
      channel: slipwaySignalChannel(stringifyEntityRef(entity)),
      kind: ['delivery', 'canary'],
      intervalMs: DORA_POLL_MS,
    },
  );
  return (
    <PolledView polled={dora} what="delivery figures">
      {items => (
        <Flex direction="column" gap="4">
          {items.map(figures => (
            <section
              key={figures.environment}
              aria-label={`DORA figures in ${figures.environment}`}
            >
              <Text as="div" weight="bold">
                {figures.environment}{' '}
                <Text as="span" variant="body-small" color="secondary">
                  {figures.releases} release
                  {figures.releases === 1 ? '' : 's'}
                </Text>
              </Text>
              <Grid.Root columns="4" gap="3">
                {doraLabels(figures).map(({ label, value }) => (
                  <div key={label}>
                    <Text as="div" variant="body-small" color="secondary">
                      {label}
                    </Text>
                    <Text as="div" variant="title-small">
                      {value}
                    </Text>
                  </div>
                ))}
              </Grid.Root>
            </section>
          ))}
        </Flex>
      )}
    </PolledView>
  );
}

/** An entity card: the service's DORA figures per environment over the last 30 days, from its releases. */
export function DoraCard() {
  return (
    <Card aria-label="Delivery performance">
      <CardHeader>
        <Text as="h3" variant="title-small">
          Delivery performance · last {DORA_WINDOW_DAYS} days
        </Text>
      </CardHeader>
      <CardBody>
        <SlipwayAnnotationGate>
          <Figures />
        </SlipwayAnnotationGate>
      </CardBody>
    </Card>
  );
}
