import type { ReactNode } from 'react';
import { CartesianGrid, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import { clock } from './canaryCharts';

/** A line chart over wall-clock time, as every chart of a run is. */
export function TimeChart(props: {
  label: string;
  caption: ReactNode;
  data: object[];
  yDomain: [number | 'auto', number | 'auto'];
  children: ReactNode;
}) {
  return (
    <figure style={{ margin: 0 }} aria-label={props.label}>
      <figcaption>{props.caption}</figcaption>
      <LineChart width={460} height={180} data={props.data}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis
          dataKey="at"
          type="number"
          domain={['dataMin', 'dataMax']}
          tickFormatter={clock}
          scale="time"
        />
        <YAxis width={48} domain={props.yDomain} />
        <Tooltip labelFormatter={v => clock(Number(v))} />
        {props.children}
      </LineChart>
    </figure>
  );
}
