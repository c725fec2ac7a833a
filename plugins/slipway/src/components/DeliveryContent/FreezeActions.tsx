import { getCompoundEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { Radio, RadioGroup } from '@backstage/ui';
import {
  type DeliveryStatus,
  slipwayBreakGlassPermission,
  slipwayFreezePermission,
} from '@slipway/backstage-plugin-slipway-common';
import { useState } from 'react';
import { slipwayApiRef } from '../../api/SlipwayApi';
import { useEntityPermission } from '../../hooks/useEntityPermission';
import { ConfirmedActionButton } from '../actions/ConfirmedActionButton';
import { shortRevision } from '../common/format';

const HOUR_MS = 60 * 60 * 1000;
/** How long Freeze now lasts: a longer freeze is a window in app-config. */
const FREEZE_LENGTHS = [
  { hours: 1, label: '1 hour' },
  { hours: 4, label: '4 hours' },
  { hours: 24, label: '24 hours' },
  { hours: 72, label: '3 days' },
];

/** Freeze now, Unfreeze, and Break glass for what waits, as the user's permissions allow. */
export function FreezeActions(props: {
  row: DeliveryStatus;
  onDone: () => void;
}) {
  const { row, onDone } = props;
  const { entity } = useEntity();
  const api = useApi(slipwayApiRef);
  const freezePermission = useEntityPermission(slipwayFreezePermission);
  const breakGlassPermission = useEntityPermission(slipwayBreakGlassPermission);
  const [hours, setHours] = useState('4');
  const target = {
    entity: getCompoundEntityRef(entity),
    environment: row.environment,
  };
  const freeze = row.freeze;
  const waiting = freeze?.waiting;

  return (
    <>
      {freeze?.kind === 'manual' ? (
        <ConfirmedActionButton
          label="Unfreeze"
          consequence={`End the freeze of ${row.environment} now: what waits (${
            waiting ? shortRevision(waiting.revision) : 'nothing yet'
          }) is applied at once.`}
          done={`${row.environment} unfrozen`}
          reasonRequired={false}
          disabled={!freezePermission.allowed}
          run={async reason => {
            await api.requestDeliveryAction(target, 'unfreeze', reason);
            onDone();
          }}
        />
      ) : (
        <ConfirmedActionButton
          label="Freeze now"
          consequence={`Until the time chosen, new revisions, promotions and image automation wait in ${row.environment}; drift is still corrected. Your name and reason are shown on the tab.`}
          done={`${row.environment} frozen`}
          disabled={!freezePermission.allowed}
          run={async reason => {
            const until = new Date(Date.now() + Number(hours) * HOUR_MS);
            await api.freeze(target, until, reason);
            onDone();
            return `${row.environment} frozen until ${until.toLocaleString()}`;
          }}
        >
          <RadioGroup
            label="For"
            orientation="horizontal"
            value={hours}
            onChange={setHours}
          >
            {FREEZE_LENGTHS.map(l => (
              <Radio key={l.hours} value={String(l.hours)}>
                {l.label}
              </Radio>
            ))}
          </RadioGroup>
        </ConfirmedActionButton>
      )}
      {waiting && (
        <ConfirmedActionButton
          label="Break glass"
          destructive
          consequence={`Apply ${shortRevision(waiting.revision)} ("${
            waiting.message?.split('\n')[0] ?? 'its commit'
          }"${waiting.author ? ` by ${waiting.author}` : ''}) to ${
            row.environment
          } now, although it is frozen until ${new Date(
            freeze!.until,
          ).toLocaleString()}. Only this revision: the freeze goes on.`}
          done={`Break-glass: ${shortRevision(
            waiting.revision,
          )} is applied to ${row.environment} on the next reconcile`}
          disabled={!breakGlassPermission.allowed}
          run={async reason => {
            await api.breakGlass(target, waiting.revision, reason);
            onDone();
          }}
        />
      )}
    </>
  );
}
