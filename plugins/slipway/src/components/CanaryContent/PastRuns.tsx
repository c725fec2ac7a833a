import { Table, TableColumn } from '@backstage/core-components';
import type { CanaryRun } from '@slipway/backstage-plugin-slipway-common';
import { StateLabel } from '../common/StateLabel';
import { ago, duration } from '../common/format';

const columns: TableColumn<CanaryRun>[] = [
  { title: 'Started', render: r => ago(r.startedAt) },
  {
    title: 'Version',
    render: r => (r.images ?? []).join(', ') || r.spec?.slice(0, 10),
  },
  { title: 'Outcome', render: r => <StateLabel state={r.phase} /> },
  {
    title: 'Duration',
    render: r =>
      r.durationSeconds !== undefined
        ? duration(r.durationSeconds * 1000)
        : 'running',
  },
  { title: 'Last word', field: 'message' },
];

/** Made once: the table makes its body anew whenever this element changes. */
const NO_RUNS = (
  <p style={{ padding: 16 }}>
    No run yet: a new version of the target starts one.
  </p>
);

/** The Canary's runs, newest first, with their outcome and duration. */
export function PastRuns({ runs }: { runs: CanaryRun[] }) {
  return (
    <Table
      title="Runs"
      options={{
        paging: false,
        search: false,
        sorting: false,
        padding: 'dense',
      }}
      columns={columns}
      data={runs}
      emptyContent={NO_RUNS}
    />
  );
}
