import { Text } from '@backstage/ui';
import type {
  FieldDiff,
  ObjectReference,
} from '@slipway/backstage-plugin-slipway-common';
import { objectName } from './format';

const show = (v: unknown) => (v === undefined ? '∅' : JSON.stringify(v));

/** Fields, before → after, with who changed them when known. */
export function FieldChanges(props: { fields: FieldDiff[] }) {
  return (
    <ul style={{ margin: 0 }}>
      {props.fields.map(f => (
        <li key={f.path}>
          <code>{f.path}</code>: {show(f.before)} → {show(f.after)}
          {f.managers?.length ? (
            <Text variant="body-small" color="secondary">
              {' '}
              (changed by {f.managers.join(', ')})
            </Text>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

/** One object's fields, before → after, with who changed them when known. */
export function ObjectDiff(props: {
  object: ObjectReference;
  action?: string;
  fields: FieldDiff[];
}) {
  const { object, action, fields } = props;
  return (
    <div>
      <strong>
        {objectName(object)}
        {action && ` (${action})`}
      </strong>
      <FieldChanges fields={fields} />
    </div>
  );
}
