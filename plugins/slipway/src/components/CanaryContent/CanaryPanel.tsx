import { WarningPanel } from '@backstage/core-components';
import { Box, Card, CardBody, CardHeader, Flex, Text } from '@backstage/ui';
import type { CanaryItem } from '@slipway/backstage-plugin-slipway-common';
import { Suspense } from 'react';
import { StateLabel } from '../common/StateLabel';
import { ago } from '../common/format';
import { CanaryActions } from './CanaryActions';
import { PastRuns } from './PastRuns';
import { RunLog } from './RunLog';
import { StepTimeline } from './StepTimeline';
import { LazyCanaryCharts } from './lazyCanaryCharts';

/** What a chart takes on screen (TimeChart: caption and 180 px), kept free until the charts load. */
const CHART_HEIGHT = 210;

/** Everything about one Canary: its current run, charts, log and past runs. */
export function CanaryPanel(props: { canary: CanaryItem; onDone: () => void }) {
  const { canary, onDone } = props;
  const status = canary.status ?? {};
  const weight = status.canaryWeight ?? 0;
  return (
    <Card aria-label={`Canary ${canary.name} in ${canary.environment}`}>
      <CardHeader>
        <Flex justify="between" align="center" style={{ flexWrap: 'wrap' }}>
          <Box>
            <Text as="h3" variant="title-small">
              {canary.name} · {canary.environment}
            </Text>
            <Text variant="body-small" color="secondary">
              {canary.namespace} on cluster {canary.cluster}
              {status.canaryImages?.length
                ? ` · version ${status.canaryImages.join(', ')}`
                : ''}
            </Text>
          </Box>
          <CanaryActions canary={canary} onDone={onDone} />
        </Flex>
      </CardHeader>
      <CardBody>
        {canary.error ? (
          <WarningPanel
            severity="error"
            title={`Cluster ${canary.cluster} is unreachable`}
          >
            {canary.error}. The runs below are from Slipway's database; check
            the cluster's entry in app-config{' '}
            <code>kubernetes.clusterLocatorMethods</code> and its credentials.
          </WarningPanel>
        ) : (
          <Flex direction="column" gap="4">
            <Flex gap="4" align="center" style={{ flexWrap: 'wrap' }}>
              <span data-testid="canary-phase">
                <StateLabel
                  state={
                    canary.paused ? 'Paused' : status.phase ?? 'Initializing'
                  }
                />
              </span>
              <Text data-testid="canary-weights">
                canary <strong data-testid="canary-weight">{weight}</strong> % ·
                primary {100 - weight} %
              </Text>
              {status.lastTransitionTime && (
                <Text variant="body-small" color="secondary">
                  last phase change {ago(status.lastTransitionTime)}
                </Text>
              )}
            </Flex>
            {status.message && <Text as="p">{status.message}</Text>}
            <StepTimeline canary={canary} />
            <Flex gap="4" style={{ flexWrap: 'wrap' }}>
              <Suspense fallback={<div style={{ height: CHART_HEIGHT }} />}>
                <LazyCanaryCharts canary={canary} />
              </Suspense>
            </Flex>
            <RunLog canary={canary} />
          </Flex>
        )}
        <PastRuns runs={canary.runs} />
      </CardBody>
    </Card>
  );
}
