import type { CompoundEntityRef } from '@backstage/catalog-model';
import {
  Progress,
  Table,
  TableColumn,
  WarningPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { Box, Flex, Text } from '@backstage/ui';
import type {
  DeliveryStatus,
  InventoryItem,
  Reconciliation,
} from '@slipway/backstage-plugin-slipway-common';
import useAsync from 'react-use/esm/useAsync';
import { slipwayApiRef } from '../../api/SlipwayApi';
import { ObjectDiff } from '../common/ObjectDiff';
import { StateLabel } from '../common/StateLabel';
import { ago, duration, objectName, shortRevision } from '../common/format';

const inventoryColumns: TableColumn<InventoryItem>[] = [
  { title: 'Object', render: i => objectName(i.ref) },
  { title: 'Health', render: i => <StateLabel state={i.status} /> },
  { title: 'Message', field: 'message' },
];

const historyColumns: TableColumn<Reconciliation>[] = [
  { title: 'Started', render: r => ago(r.startedAt) },
  { title: 'Took', render: r => duration(r.finishedAt - r.startedAt) },
  { title: 'Trigger', field: 'trigger' },
  { title: 'Revision', render: r => <code>{shortRevision(r.revision)}</code> },
  { title: 'Result', field: 'result' },
  {
    title: 'Changes',
    render: r =>
      r.result === 'failed'
        ? r.message
        : `${
            r.changes.applied.filter(a => a.action !== 'unchanged').length
          } applied, ${r.changes.pruned.length} pruned`,
  },
];

const small = {
  paging: false,
  search: false,
  sorting: false,
  padding: 'dense' as const,
  toolbar: true,
};

/** Made once: the table makes its body anew whenever this element changes. */
const NOTHING_APPLIED = <Text as="p">Nothing applied yet.</Text>;

/** The drill-in of one environment: inventory, latest diff, drift and history. */
export function DeliveryDetails(props: {
  entity: CompoundEntityRef;
  row: DeliveryStatus;
}) {
  const { entity, row } = props;
  const api = useApi(slipwayApiRef);
  const target = { entity, environment: row.environment };
  const details = useAsync(
    async () =>
      Promise.all([api.getDiff(target), api.getHistory(target, { limit: 10 })]),
    [api, entity.name, row.environment, row.lastReconcile?.startedAt],
  );

  const changed = details.value?.[0].lastApplied?.applied.filter(
    a => a.diff.length > 0,
  );
  return (
    <Box p="4">
      <Flex direction="column" gap="4">
        <Table
          title={`Objects in ${row.environment}`}
          options={small}
          columns={inventoryColumns}
          data={row.inventory}
          emptyContent={NOTHING_APPLIED}
        />
        {row.drift && (
          <WarningPanel
            severity={row.drift.corrected ? 'info' : 'warning'}
            title={`Drift found ${ago(row.drift.detectedAt)}${
              row.drift.corrected
                ? ' and corrected'
                : ', not corrected (detect-only)'
            }`}
          >
            {row.drift.objects.map(o => (
              <ObjectDiff
                key={objectName(o.ref)}
                object={o.ref}
                fields={o.fields}
              />
            ))}
          </WarningPanel>
        )}
        {details.loading && <Progress />}
        {details.error && (
          <WarningPanel severity="error" title="Could not load the history">
            {details.error.message}
          </WarningPanel>
        )}
        {details.value && (
          <>
            <Box>
              <Text as="h4" variant="title-x-small">
                Latest change
                {details.value[0].lastApplied &&
                  `: ${shortRevision(
                    details.value[0].lastApplied.revision,
                  )}, ${ago(details.value[0].lastApplied.finishedAt)}`}
              </Text>
              {changed?.length ? (
                changed.map(a => (
                  <ObjectDiff
                    key={objectName(a.ref)}
                    object={a.ref}
                    action={a.action}
                    fields={a.diff}
                  />
                ))
              ) : (
                <Text as="p" color="secondary">
                  No field changes recorded.
                </Text>
              )}
              {details.value[0].lastApplied?.pruned.map(p => (
                <div key={objectName(p)}>
                  <strong>{objectName(p)}</strong> pruned (left Git)
                </div>
              ))}
            </Box>
            <Table
              title="Reconcile history"
              options={small}
              columns={historyColumns}
              data={details.value[1]}
            />
          </>
        )}
      </Flex>
    </Box>
  );
}
