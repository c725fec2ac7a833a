import { getCompoundEntityRef } from '@backstage/catalog-model';
import { alertApiRef, useApi } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { Button, Flex } from '@backstage/ui';
import {
  DeliveryStatus,
  slipwaySuspendPermission,
  slipwaySyncPermission,
} from '@slipway/backstage-plugin-slipway-common';
import { useState } from 'react';
import { slipwayApiRef } from '../../api/SlipwayApi';
import { useEntityPermission } from '../../hooks/useEntityPermission';
import { ConfirmedActionButton } from '../actions/ConfirmedActionButton';
import { PermissionNote } from '../actions/PermissionNote';

/** Sync now, Suspend and Resume for one environment, as the user's permissions allow. */
export function DeliveryActions(props: {
  row: DeliveryStatus;
  onDone: () => void;
}) {
  const { row, onDone } = props;
  const { entity } = useEntity();
  const api = useApi(slipwayApiRef);
  const alertApi = useApi(alertApiRef);
  const sync = useEntityPermission(slipwaySyncPermission);
  const suspend = useEntityPermission(slipwaySuspendPermission);
  const [syncing, setSyncing] = useState(false);
  const target = {
    entity: getCompoundEntityRef(entity),
    environment: row.environment,
  };

  const syncNow = async () => {
    setSyncing(true);
    try {
      await api.requestDeliveryAction(target, 'sync');
      alertApi.post({
        message: `Sync of ${row.environment} requested: Git is fetched afresh`,
        severity: 'success',
        display: 'transient',
      });
      onDone();
    } catch (e) {
      alertApi.post({ message: (e as Error).message, severity: 'error' });
    } finally {
      setSyncing(false);
    }
  };

  return (
    <Flex direction="column" gap="1">
      <Flex gap="1" style={{ flexWrap: 'wrap' }}>
        <Button
          variant="secondary"
          size="small"
          isDisabled={!sync.allowed || row.suspended}
          isPending={syncing}
          onPress={syncNow}
        >
          Sync now
        </Button>
        {row.suspended ? (
          <ConfirmedActionButton
            label="Resume"
            consequence={`Reconcile ${row.environment} from Git again, starting now.`}
            done={`${row.environment} resumed`}
            reasonRequired={false}
            disabled={!suspend.allowed}
            run={async reason => {
              await api.requestDeliveryAction(target, 'resume', reason);
              onDone();
            }}
          />
        ) : (
          <ConfirmedActionButton
            label="Suspend"
            consequence={`Stop reconciling ${row.environment}: changes in Git and drift in the cluster are left alone until someone resumes.`}
            done={`${row.environment} suspended`}
            disabled={!suspend.allowed}
            run={async reason => {
              await api.requestDeliveryAction(target, 'suspend', reason);
              onDone();
            }}
          />
        )}
      </Flex>
      <PermissionNote permission={sync.allowed ? suspend : sync} />
    </Flex>
  );
}
