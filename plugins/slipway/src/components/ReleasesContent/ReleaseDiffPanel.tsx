import type { CompoundEntityRef } from '@backstage/catalog-model';
import { Progress, WarningPanel } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { Box, Text } from '@backstage/ui';
import type { Release } from '@slipway/backstage-plugin-slipway-common';
import useAsync from 'react-use/esm/useAsync';
import { slipwayApiRef } from '../../api/SlipwayApi';
import { ObjectDiff } from '../common/ObjectDiff';
import { ChartValuesDiff } from './ChartValuesDiff';
import { objectName, shortRevision } from '../common/format';

/** What one release changed in the rendered objects, against the release before it. */
export function ReleaseDiffPanel(props: {
  entity: CompoundEntityRef;
  release: Release;
}) {
  const { entity, release } = props;
  const api = useApi(slipwayApiRef);
  const diff = useAsync(
    () =>
      api.getReleaseDiff(
        { entity, environment: release.environment },
        release.id,
      ),
    [api, entity.name, release.environment, release.id],
  );
  return (
    <Box p="4" aria-label={`Changes of ${shortRevision(release.revision)}`}>
      {diff.loading && <Progress />}
      {diff.error && (
        <WarningPanel severity="error" title="Could not load the changes">
          {diff.error.message}
        </WarningPanel>
      )}
      {diff.value && (
        <>
          <Text as="p" variant="body-small" color="secondary">
            {diff.value.previous
              ? `Against ${shortRevision(
                  diff.value.previous.revision,
                )}, the release before it in ${
                  release.environment
                }; Secret values masked.`
              : `The first release in ${release.environment}: everything it rendered is new.`}
          </Text>
          {diff.value.problems?.map(p => (
            <Text key={p} as="p" color="danger">
              {p}
            </Text>
          ))}
          {diff.value.chart && <ChartValuesDiff chart={diff.value.chart} />}
          {!diff.value.problems && diff.value.objects.length === 0 && (
            <Text as="p">It changed none of the service&apos;s objects.</Text>
          )}
          {diff.value.objects.map(o =>
            o.change === 'changed' ? (
              <ObjectDiff
                key={objectName(o.ref)}
                object={o.ref}
                fields={o.fields}
              />
            ) : (
              <div key={objectName(o.ref)}>
                <strong>{objectName(o.ref)}</strong> {o.change}
              </div>
            ),
          )}
        </>
      )}
    </Box>
  );
}
