import {
  EmptyState,
  Progress,
  Table,
  TableColumn,
  WarningPanel,
} from '@backstage/core-components';
import { getCompoundEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { parseServiceAnnotations } from '@slipway/backstage-plugin-slipway-common';
import useAsync from 'react-use/esm/useAsync';
import { DeliveryTarget, slipwayApiRef } from '../../api/SlipwayApi';

const columns: TableColumn<DeliveryTarget>[] = [
  { title: 'Environment', field: 'environment' },
  { title: 'Cluster', field: 'cluster' },
  { title: 'Config repository', field: 'repository' },
  { title: 'Branch', field: 'branch' },
  { title: 'Path', field: 'path' },
];

/** The Delivery tab: one row per environment, in promotion order. */
export function DeliveryContent() {
  const { entity } = useEntity();
  const api = useApi(slipwayApiRef);
  const annotations = parseServiceAnnotations(entity);
  const targets = useAsync(
    async () =>
      annotations.ok
        ? api.getDeliveryTargets(getCompoundEntityRef(entity))
        : [],
    [api, entity, annotations.ok],
  );

  if (!annotations.ok) {
    return annotations.missing ? (
      <EmptyState
        missing="field"
        title="This component is not delivered by Slipway yet"
        description={annotations.message}
      />
    ) : (
      <WarningPanel severity="error" title="Slipway annotations are invalid">
        {annotations.message}
      </WarningPanel>
    );
  }
  if (targets.loading) {
    return <Progress />;
  }
  if (targets.error) {
    return (
      <WarningPanel severity="error" title="Could not load delivery targets">
        {targets.error.message}
      </WarningPanel>
    );
  }
  return (
    <Table
      title="Environments"
      options={{ paging: false, search: false, sorting: false }}
      columns={columns}
      data={targets.value ?? []}
    />
  );
}
