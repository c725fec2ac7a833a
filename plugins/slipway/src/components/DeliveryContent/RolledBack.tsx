import { Link } from '@backstage/core-components';
import { Text } from '@backstage/ui';
import type {
  DeliveryStatus,
  ReleaseFollowUp,
} from '@slipway/backstage-plugin-slipway-common';
import { shortRevision } from '../common/format';
import { rolledBackMessage, rolledBackOf } from './deliveryState';

/** Where the revert Slipway wrote after the failure waits, or went. */
function Revert({ revert }: { revert: ReleaseFollowUp }) {
  const what =
    revert.mode === 'commit'
      ? `reverted in ${shortRevision(revert.revision)}`
      : `revert to ${shortRevision(revert.toRevision)} proposed ${
          revert.mode === 'pull-request' ? 'in a pull request' : 'on branch'
        } ${revert.branch}`;
  return (
    <>
      {' · '}
      {revert.url ? <Link to={revert.url}>{what}</Link> : what}
    </>
  );
}

/** Git holds a version whose canary failed: both versions, why, the revert, and the way to the run. */
export function RolledBack({ row }: { row: DeliveryStatus }) {
  const serving = rolledBackOf(row);
  if (!serving) {
    return null;
  }
  const revert = serving.rolledBack!.revert;
  const applied =
    !!revert?.revision && revert.revision === row.commit?.revision;
  return (
    <Text as="div" variant="body-small" color="warning">
      {rolledBackMessage(serving, row.commit?.revision)}
      {revert && !applied && <Revert revert={revert} />} ·{' '}
      <Link to="../canary">see the run</Link>
    </Text>
  );
}
