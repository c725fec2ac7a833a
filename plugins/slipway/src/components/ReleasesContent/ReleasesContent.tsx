import { Select, Table } from '@backstage/core-components';
import {
  getCompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { useApi } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { slipwaySignalChannel } from '@slipway/backstage-plugin-slipway-common';
import { useState } from 'react';
import { slipwayApiRef } from '../../api/SlipwayApi';
import { usePolled } from '../../hooks/usePolled';
import { PolledView } from '../common/PolledView';
import { SlipwayAnnotationGate } from '../common/SlipwayAnnotationGate';
import { releaseColumns } from './releaseColumns';
import { ReleaseDiffPanel } from './ReleaseDiffPanel';

/** How often the tab reads again while it is open, when the app has no signals. */
export const RELEASES_POLL_MS = 10_000;

const ALL = 'all';

/** Made once: the table makes its body anew whenever this element changes. */
const NO_RELEASES = (
  <p style={{ padding: 16 }}>
    No release yet: each change to the service that reaches an environment is
    listed here, with the verdict of its canary.
  </p>
);

function Releases() {
  const { entity } = useEntity();
  const api = useApi(slipwayApiRef);
  const ref = getCompoundEntityRef(entity);
  const [environment, setEnvironment] = useState(ALL);
  const releases = usePolled(
    () => api.getReleases(ref),
    [api, ref.kind, ref.namespace, ref.name],
    {
      channel: slipwaySignalChannel(stringifyEntityRef(entity)),
      kind: ['delivery', 'canary'],
      intervalMs: RELEASES_POLL_MS,
    },
  );
  return (
    <PolledView polled={releases} what="releases">
      {items => {
        const environments = [...new Set(items.map(r => r.environment))];
        const shown =
          environment === ALL
            ? items
            : items.filter(r => r.environment === environment);
        return (
          <>
            <Select
              label="Environment"
              selected={environment}
              items={[ALL, ...environments].map(e => ({ label: e, value: e }))}
              onChange={value => setEnvironment(String(value))}
            />
            <Table
              title="Releases"
              subtitle="Every change of the service that reached an environment, newest first"
              options={{
                paging: false,
                search: false,
                sorting: false,
                padding: 'dense',
              }}
              columns={releaseColumns}
              data={shown}
              detailPanel={({ rowData }) => (
                <ReleaseDiffPanel entity={ref} release={rowData} />
              )}
              emptyContent={NO_RELEASES}
            />
          </>
        );
      }}
    </PolledView>
  );
}

/** The Releases tab: what reached each environment, when, from which commit, and how its canary judged it. */
export function ReleasesContent() {
  return (
    <SlipwayAnnotationGate>
      <Releases />
    </SlipwayAnnotationGate>
  );
}
