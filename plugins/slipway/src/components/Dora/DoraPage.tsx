import {
  Content,
  Header,
  Link,
  Page,
  Select,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { parseEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/frontend-plugin-api';
import type { DoraRow } from '@slipway/backstage-plugin-slipway-common';
import { useEffect, useState } from 'react';
import { slipwayApiRef } from '../../api/SlipwayApi';
import { frequency, percent, span } from './doraFormat';

const ALL = 'all';
const WINDOWS = [7, 30, 90];

/** A number that sorts with nothing (null) last. */
const sortable = (value: number | null) =>
  value === null ? Number.POSITIVE_INFINITY : value;

type NullableFigure =
  | 'leadTimeSeconds'
  | 'changeFailureRate'
  | 'timeToRestoreSeconds';

/** A column of a figure that may be null: shown formatted, sorted with nothing last. */
const figureColumn = (
  title: string,
  field: NullableFigure,
  format: (value: number | null) => string,
): TableColumn<DoraRow> => ({
  title,
  field,
  type: 'numeric',
  customSort: (a, b) => sortable(a[field]) - sortable(b[field]),
  render: row => format(row[field]),
});

const columns: TableColumn<DoraRow>[] = [
  {
    title: 'Service',
    field: 'service',
    render: row => {
      const ref = parseEntityRef(row.entityRef);
      return (
        <Link to={`/catalog/${ref.namespace}/${ref.kind}/${ref.name}`}>
          {ref.name}
        </Link>
      );
    },
  },
  { title: 'Owner', field: 'owner' },
  { title: 'Environment', field: 'environment' },
  { title: 'Releases', field: 'releases', type: 'numeric' },
  {
    title: 'Deployment frequency',
    field: 'deploymentsPerDay',
    type: 'numeric',
    render: row => frequency(row.deploymentsPerDay),
  },
  figureColumn('Lead time', 'leadTimeSeconds', span),
  figureColumn('Change failure rate', 'changeFailureRate', percent),
  figureColumn('Time to restore', 'timeToRestoreSeconds', span),
];

/** Every service Slipway delivers that the user may see, with its DORA figures per environment, by team. */
export function DoraPage() {
  const api = useApi(slipwayApiRef);
  const [days, setDays] = useState(30);
  const [owner, setOwner] = useState(ALL);
  const [rows, setRows] = useState<DoraRow[]>();
  const [error, setError] = useState<Error>();
  useEffect(() => {
    let current = true;
    api.getDoraOverview(days).then(
      items => current && setRows(items),
      e => current && setError(e),
    );
    return () => {
      current = false;
    };
  }, [api, days]);
  const owners = [...new Set((rows ?? []).map(r => r.owner ?? ''))].filter(
    Boolean,
  );
  return (
    <Page themeId="tool">
      <Header
        title="Delivery performance"
        subtitle="DORA figures of every service Slipway delivers, from its releases"
      />
      <Content>
        <div style={{ display: 'flex', gap: 16 }}>
          <Select
            label="Window"
            selected={days}
            items={WINDOWS.map(d => ({ label: `last ${d} days`, value: d }))}
            onChange={value => setDays(Number(value))}
          />
          <Select
            label="Team"
            selected={owner}
            items={[ALL, ...owners].map(o => ({ label: o, value: o }))}
            onChange={value => setOwner(String(value))}
          />
        </div>
        <Table
          title="Services"
          isLoading={!rows && !error}
          emptyContent={
            <p style={{ padding: 16 }}>
              {error
                ? `Could not read the figures: ${error.message}`
                : 'No service delivered by Slipway that you may see.'}
            </p>
          }
          options={{
            paging: false,
            search: true,
            sorting: true,
            padding: 'dense',
          }}
          columns={columns}
          data={(rows ?? []).filter(r => owner === ALL || r.owner === owner)}
        />
      </Content>
    </Page>
  );
}
