import { Link, Table, TableColumn } from '@backstage/core-components';
import {
  getCompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { slipwaySignalChannel } from '@slipway/backstage-plugin-slipway-common';
import { useApi } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { Text } from '@backstage/ui';
import type { DeliveryStatus } from '@slipway/backstage-plugin-slipway-common';
import { slipwayApiRef } from '../../api/SlipwayApi';
import { usePolled } from '../../hooks/usePolled';
import { PolledView } from '../common/PolledView';
import { SlipwayAnnotationGate } from '../common/SlipwayAnnotationGate';
import { StateLabel } from '../common/StateLabel';
import { ago, duration, shortRevision } from '../common/format';
import { DeliveryActions } from './DeliveryActions';
import { DeliveryDetails } from './DeliveryDetails';
import { FreezeBanners } from './FreezeBanners';
import { Holds } from './Holds';
import { ImageAutomationCell } from './ImageAutomationCell';
import { RolledBack } from './RolledBack';
import {
  contestMessage,
  healthOf,
  pendingPruneMessage,
  stateMessage,
  syncStateOf,
} from './deliveryState';

/** How often the tab reads the environments again while it is open. */
export const DELIVERY_POLL_MS = 5000;

function Revisions({ row }: { row: DeliveryStatus }) {
  const applied = shortRevision(row.lastAppliedRevision);
  const desired = shortRevision(row.lastAttemptedRevision);
  return (
    <>
      <Text as="div" variant="body-small">
        applied <code>{applied}</code>
        {desired !== applied && (
          <>
            {' '}
            · desired <code>{desired}</code>
          </>
        )}
      </Text>
      {row.commit && (
        <Text as="div" variant="body-small" color="secondary">
          {row.commit.revision !== row.lastAppliedRevision && (
            <>
              changed in <code>{shortRevision(row.commit.revision)}</code>:{' '}
            </>
          )}
          {row.commit.url ? (
            <Link to={row.commit.url}>{row.commit.message.split('\n')[0]}</Link>
          ) : (
            row.commit.message.split('\n')[0]
          )}{' '}
          — {row.commit.author}
        </Text>
      )}
      {row.chart && (
        <Text
          as="div"
          variant="body-small"
          color="secondary"
          title={row.chart.source}
        >
          chart <code>{row.chart.name}</code> {row.chart.version}
        </Text>
      )}
    </>
  );
}

/** The environment before a row's, which Promote takes the version from. */
const previousOf = (items: DeliveryStatus[], row: DeliveryStatus) =>
  items[items.findIndex(i => i.environment === row.environment) - 1];

const columns = (
  refresh: () => void,
  items: DeliveryStatus[],
): TableColumn<DeliveryStatus>[] => [
  {
    title: 'Environment',
    width: '10%',
    render: row => (
      <>
        <Text as="div" weight="bold">
          {row.environment}
        </Text>
        <Text as="div" variant="body-small" color="secondary">
          cluster {row.cluster}
        </Text>
      </>
    ),
  },
  {
    title: 'Sync',
    width: '20%',
    render: row => (
      <>
        <StateLabel state={syncStateOf(row)} />
        {stateMessage(row) && (
          <Text as="div" variant="body-small" color="secondary">
            {stateMessage(row)}
          </Text>
        )}
        <RolledBack row={row} />
        <Holds row={row} onDone={refresh} />
        {pendingPruneMessage(row) && (
          <Text as="div" variant="body-small" color="warning">
            {pendingPruneMessage(row)}
          </Text>
        )}
        {contestMessage(row) && (
          <Text as="div" variant="body-small" color="danger">
            {contestMessage(row)}
          </Text>
        )}
      </>
    ),
  },
  {
    title: 'Health',
    width: '9%',
    render: row => <StateLabel state={healthOf(row.inventory)} />,
  },
  { title: 'Revision', width: '18%', render: row => <Revisions row={row} /> },
  {
    title: 'Image',
    width: '15%',
    render: row => <ImageAutomationCell automation={row.imageAutomation} />,
  },
  {
    title: 'Last reconcile',
    width: '10%',
    render: row =>
      row.lastReconcile ? (
        <Text as="div" variant="body-small">
          {ago(row.lastReconcile.startedAt)} ·{' '}
          {duration(row.lastReconcile.durationMs)} · {row.lastReconcile.result}
        </Text>
      ) : (
        <Text variant="body-small" color="secondary">
          not yet
        </Text>
      ),
  },
  {
    title: 'Actions',
    width: '18%',
    render: row => (
      <DeliveryActions
        row={row}
        previous={previousOf(items, row)}
        onDone={refresh}
      />
    ),
  },
];

/**
 * Made once: the table makes its body anew whenever this element changes,
 * which would close any dialog or detail panel open in a row.
 */
const NO_ENVIRONMENTS = (
  <Text as="p">
    This component names no environment that app-config{' '}
    <code>slipway.environments</code> defines.
  </Text>
);

function DeliveryTable() {
  const { entity } = useEntity();
  const api = useApi(slipwayApiRef);
  const entityRef = getCompoundEntityRef(entity);
  const delivery = usePolled(
    () => api.getDelivery(entityRef),
    [api, entityRef.kind, entityRef.namespace, entityRef.name],
    {
      channel: slipwaySignalChannel(stringifyEntityRef(entity)),
      // A canary's phase changes what a row says it serves.
      kind: ['delivery', 'canary'],
      intervalMs: DELIVERY_POLL_MS,
    },
  );

  return (
    <PolledView polled={delivery} what="delivery status">
      {items => (
        <>
          <FreezeBanners items={items} />
          <Table
            title="Environments"
            subtitle="In promotion order. Open a row for its objects, changes, drift and history."
            options={{ paging: false, search: false, sorting: false }}
            columns={columns(delivery.refresh, items)}
            // A row keeps its id across refreshes, so an open dialog or detail panel stays open.
            data={items.map(item => ({ ...item, id: item.environment }))}
            detailPanel={({ rowData }) => (
              <DeliveryDetails entity={entityRef} row={rowData} />
            )}
            emptyContent={NO_ENVIRONMENTS}
          />
        </>
      )}
    </PolledView>
  );
}

/** The Delivery tab: one row per environment, in promotion order. */
export function DeliveryContent() {
  return (
    <SlipwayAnnotationGate>
      <DeliveryTable />
    </SlipwayAnnotationGate>
  );
}
