import { TableColumn } from '@backstage/core-components';
import { Text } from '@backstage/ui';
import type { Release } from '@slipway/backstage-plugin-slipway-common';
import { shortImage } from '../DeliveryContent/deliveryState';
import { StateLabel } from '../common/StateLabel';
import { ago, duration, shortRevision } from '../common/format';

/** The verdict as the word the state labels know. */
export const VERDICT_LABEL: Record<Release['verdict'], string> = {
  released: 'Released',
  analysing: 'Analysing',
  succeeded: 'Succeeded',
  failed: 'Failed',
  superseded: 'Superseded',
};

const between = (from: string | null, to: string | null) =>
  from && to ? duration(Date.parse(to) - Date.parse(from)) : '—';

/** `commit`, `image automation`, `rollback by user:default/ada`… */
const ORIGIN_LABEL: Record<NonNullable<Release['origin']>, string> = {
  commit: 'commit',
  'image-automation': 'image automation',
  promotion: 'promotion',
  rollback: 'rollback',
  revert: 'revert after a failed canary',
};
const howItCame = (r: Release) =>
  `${ORIGIN_LABEL[r.origin ?? 'commit']}${
    r.requestedBy ? ` by ${r.requestedBy}` : ''
  }`;

export const releaseColumns: TableColumn<Release>[] = [
  {
    title: 'Applied',
    width: '10%',
    render: r => (
      <span title={new Date(r.appliedAt).toLocaleString()}>
        {ago(r.appliedAt)}
      </span>
    ),
  },
  { title: 'Environment', field: 'environment', width: '10%' },
  {
    title: 'Version',
    width: '18%',
    render: r => r.images.map(shortImage).join(', ') || '—',
  },
  {
    title: 'Commit',
    width: '26%',
    render: r => (
      <>
        <Text as="div" variant="body-small">
          <code>{shortRevision(r.revision)}</code> {r.message.split('\n')[0]}
        </Text>
        <Text as="div" variant="body-small" color="secondary">
          {howItCame(r)} · {r.author} · lead time{' '}
          {between(r.committedAt, r.appliedAt)}
        </Text>
      </>
    ),
  },
  {
    title: 'Verdict',
    width: '12%',
    render: r => <StateLabel state={VERDICT_LABEL[r.verdict]} />,
  },
  {
    title: 'Why',
    width: '24%',
    render: r => (
      <Text as="div" variant="body-small">
        {r.reason ?? ''}
        {r.settledAt && (
          <Text as="div" variant="body-small" color="secondary">
            judged in {between(r.appliedAt, r.settledAt)}
          </Text>
        )}
      </Text>
    ),
  },
];
