import { getCompoundEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { Flex, Text } from '@backstage/ui';
import {
  type DeliveryStatus,
  isCanaryHold,
  slipwayPromotePermission,
} from '@slipway/backstage-plugin-slipway-common';
import { slipwayApiRef } from '../../api/SlipwayApi';
import { useEntityPermission } from '../../hooks/useEntityPermission';
import { ConfirmedActionButton } from '../actions/ConfirmedActionButton';
import { shortImage } from './deliveryState';

type Hold = NonNullable<DeliveryStatus['holds']>[number];

const imagesOf = (hold: Hold) => hold.images.map(shortImage).join(', ');

/** Who held the version and why: a failed canary run, or a person's rollback. */
export function holdMessage(hold: Hold): string {
  const images = imagesOf(hold);
  const why = isCanaryHold(hold.hold)
    ? `its canary failed (${hold.hold.reason})`
    : `rolled back by ${hold.hold.by}: ${hold.hold.reason}`;
  return `Held: ${images}, ${why}. Image automation and promotion leave it out.`;
}

/** The versions held in an environment, each with Release hold. */
export function Holds(props: { row: DeliveryStatus; onDone: () => void }) {
  const { row, onDone } = props;
  const { entity } = useEntity();
  const api = useApi(slipwayApiRef);
  const release = useEntityPermission(slipwayPromotePermission);
  if (!row.holds?.length) {
    return null;
  }
  return (
    <>
      {row.holds.map(hold => (
        <Flex key={hold.id} direction="column" gap="1">
          <Text as="div" variant="body-small" color="warning">
            {holdMessage(hold)}
          </Text>
          <div>
            <ConfirmedActionButton
              label="Release hold"
              consequence={`Let image automation and promotion bring ${imagesOf(
                hold,
              )} to ${row.environment} again.`}
              done={`Hold on ${imagesOf(hold)} released`}
              disabled={!release.allowed}
              run={async reason => {
                await api.releaseHold(
                  {
                    entity: getCompoundEntityRef(entity),
                    environment: row.environment,
                  },
                  hold.id,
                  reason,
                );
                onDone();
              }}
            />
          </div>
        </Flex>
      ))}
    </>
  );
}
