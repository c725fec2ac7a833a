import { getCompoundEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { Flex } from '@backstage/ui';
import {
  CANARY_STEERABLE_PHASES,
  CanaryAction,
  CanaryItem,
  slipwayCanaryControlPermission,
} from '@slipway/backstage-plugin-slipway-common';
import { slipwayApiRef } from '../../api/SlipwayApi';
import { useEntityPermission } from '../../hooks/useEntityPermission';
import { ConfirmedActionButton } from '../actions/ConfirmedActionButton';
import { PermissionNote } from '../actions/PermissionNote';

const steerable = (c: CanaryItem) =>
  c.status?.phase !== undefined &&
  CANARY_STEERABLE_PHASES.includes(c.status.phase);

type ActionSpec = {
  action: CanaryAction;
  label: string;
  consequence: string;
  applies: (c: CanaryItem) => boolean;
  destructive?: boolean;
};

const ACTIONS: ActionSpec[] = [
  {
    action: 'promote',
    label: 'Promote',
    consequence:
      'Skip the remaining steps and gates: the primary takes this version and all traffic.',
    applies: steerable,
  },
  {
    action: 'abort',
    label: 'Abort',
    consequence:
      'Roll back now: all traffic returns to the primary and the run ends as Failed.',
    applies: steerable,
    destructive: true,
  },
  {
    action: 'retry',
    label: 'Retry',
    consequence: 'Start the failed version again from its first step.',
    applies: c => c.status?.phase === 'Failed',
  },
  {
    action: 'pause',
    label: 'Pause',
    consequence:
      'Hold the run at its current weight: no steps, checks or promotion until someone resumes it.',
    applies: c => !c.paused,
  },
  {
    action: 'resume',
    label: 'Resume',
    consequence: 'Go on with the run from where it was paused.',
    applies: c => Boolean(c.paused),
  },
];

/** Promote, Abort, Retry, Pause and Resume, each confirmed with a reason. */
export function CanaryActions(props: {
  canary: CanaryItem;
  onDone: () => void;
}) {
  const { canary, onDone } = props;
  const { entity } = useEntity();
  const api = useApi(slipwayApiRef);
  const permission = useEntityPermission(slipwayCanaryControlPermission);
  const target = {
    entity: getCompoundEntityRef(entity),
    environment: canary.environment,
  };
  const shown = ACTIONS.filter(
    a => a.action !== (canary.paused ? 'pause' : 'resume'),
  );
  return (
    <Flex direction="column" gap="1">
      <Flex gap="2" aria-label="Canary actions">
        {shown.map(a => (
          <ConfirmedActionButton
            key={a.action}
            label={a.label}
            consequence={`${canary.name} in ${canary.environment}: ${a.consequence}`}
            done={`${a.label} requested for ${canary.name} in ${canary.environment}`}
            destructive={a.destructive}
            disabled={!permission.allowed || !a.applies(canary)}
            run={async reason => {
              await api.requestCanaryAction(
                target,
                canary.name,
                a.action,
                reason,
              );
              onDone();
            }}
          />
        ))}
      </Flex>
      <PermissionNote permission={permission} />
    </Flex>
  );
}
