import { getCompoundEntityRef } from '@backstage/catalog-model';
import { alertApiRef, useApi } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { Button, Flex } from '@backstage/ui';
import {
  DeliveryStatus,
  PromotionResponse,
  slipwayConfirmPrunePermission,
  slipwayPromotePermission,
  slipwayRollbackPermission,
  slipwaySuspendPermission,
  slipwaySyncPermission,
} from '@slipway/backstage-plugin-slipway-common';
import { useState } from 'react';
import { slipwayApiRef } from '../../api/SlipwayApi';
import { useEntityPermission } from '../../hooks/useEntityPermission';
import { ConfirmedActionButton } from '../actions/ConfirmedActionButton';
import { PermissionNote } from '../actions/PermissionNote';
import { FreezeActions } from './FreezeActions';
import { RollbackAction } from './RollbackAction';
import { objectName } from '../common/format';

/** What a promotion did, in a sentence. */
export function promotionSaid(result: PromotionResponse): string {
  const versions = result.changes.map(c => `${c.from} → ${c.to}`).join(', ');
  if (!result.changed) {
    return `${result.to} already runs what ${result.from} runs: nothing to change`;
  }
  switch (result.mode) {
    case 'commit':
      return `Committed ${result.revision?.slice(0, 12)} to ${
        result.to
      }: ${versions}`;
    case 'pull-request':
      return `Opened a pull request for ${result.to}: ${result.url}`;
    default:
      return `Pushed branch ${result.branch} for ${result.to}: merge it to release ${versions}`;
  }
}

/** Sync now, Suspend, Resume, Promote, Roll back and the freeze's actions for one environment, as the user's permissions allow. */
export function DeliveryActions(props: {
  row: DeliveryStatus;
  /** The environment before this one, which Promote takes the version from. */
  previous?: DeliveryStatus;
  onDone: () => void;
}) {
  const { row, previous, onDone } = props;
  const { entity } = useEntity();
  const api = useApi(slipwayApiRef);
  const alertApi = useApi(alertApiRef);
  const sync = useEntityPermission(slipwaySyncPermission);
  const suspend = useEntityPermission(slipwaySuspendPermission);
  const promote = useEntityPermission(slipwayPromotePermission);
  const confirmPrune = useEntityPermission(slipwayConfirmPrunePermission);
  const rollback = useEntityPermission(slipwayRollbackPermission);
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

  if (row.conflict) {
    return null; // another entity holds this environment: nothing here to act on
  }
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
        {row.pendingPrune && (
          <ConfirmedActionButton
            label="Confirm prune"
            destructive
            consequence={`Delete ${row.pendingPrune.objects.length} of ${
              row.environment
            }'s ${
              row.pendingPrune.of
            } objects, which left Git: ${row.pendingPrune.objects
              .map(objectName)
              .join(', ')}.`}
            done={`Prune in ${row.environment} confirmed: the objects are deleted on the next reconcile`}
            disabled={!confirmPrune.allowed}
            run={async reason => {
              await api.confirmPrune(target, row.pendingPrune!.hash, reason);
              onDone();
            }}
          />
        )}
        {previous && (
          <ConfirmedActionButton
            label={`Promote from ${previous.environment}`}
            consequence={`Write the images ${
              previous.environment
            } runs (its applied commit ${
              previous.lastAppliedRevision?.slice(0, 12) ?? 'none yet'
            }) into ${
              row.environment
            }'s manifests in Git, as a commit or a pull request as ${
              row.environment
            }'s policy says. ${
              row.environment
            } then releases them as it does any change.`}
            done={`Promotion into ${row.environment} written to Git`}
            disabled={!promote.allowed}
            run={async reason => {
              const result = await api.promote(target, reason);
              onDone();
              return promotionSaid(result);
            }}
          />
        )}
        <RollbackAction
          environment={row.environment}
          disabled={!rollback.allowed}
          onDone={onDone}
        />
        <FreezeActions row={row} onDone={onDone} />
      </Flex>
      <PermissionNote permission={sync.allowed ? suspend : sync} />
    </Flex>
  );
}
