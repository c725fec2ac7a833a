import { Box, Flex, Text } from '@backstage/ui';
import type { ReactNode } from 'react';
import type { CanaryItem } from '@slipway/backstage-plugin-slipway-common';
import { StateLabel } from '../common/StateLabel';
import { ago } from '../common/format';

/** A titled list, or a line saying it is empty. */
function LogSection(props: {
  title: string;
  /** The list's accessible name, when it is not the title. */
  label?: string;
  empty: string;
  items: ReactNode[];
}) {
  return (
    <Box style={{ minWidth: 320, flex: 1 }}>
      <Text as="h4" variant="title-x-small">
        {props.title}
      </Text>
      {props.items.length === 0 ? (
        <Text as="p" color="secondary">
          {props.empty}
        </Text>
      ) : (
        <ul aria-label={props.label ?? props.title}>{props.items}</ul>
      )}
    </Box>
  );
}

/** The webhooks' latest answers and the Canary's Kubernetes Events. */
export function RunLog({ canary }: { canary: CanaryItem }) {
  return (
    <Flex gap="6" style={{ flexWrap: 'wrap' }}>
      <LogSection
        title="Webhooks"
        label="Webhook results"
        empty="No webhook called in this run."
        items={(canary.status?.lastWebhooks ?? []).map(w => (
          <li key={`${w.type}-${w.name}`}>
            <StateLabel state={w.passed ? 'Succeeded' : 'Failed'} /> {w.name} (
            {w.type}){w.status !== undefined && ` · HTTP ${w.status}`}
            {w.error && ` · ${w.error}`} · {ago(w.at)}
          </li>
        ))}
      />
      <LogSection
        title="Events"
        empty="No events."
        items={(canary.events ?? []).map((e, i) => (
          <li key={`${e.at}-${i}`}>
            {ago(e.at)} · <strong>{e.reason}</strong>
            {e.type === 'Warning' && ' (warning)'} · {e.message}
          </li>
        ))}
      />
    </Flex>
  );
}
