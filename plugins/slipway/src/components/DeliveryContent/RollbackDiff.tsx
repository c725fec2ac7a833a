import { Text } from '@backstage/ui';
import type { RollbackPreview } from '@slipway/backstage-plugin-slipway-common';
import { lineDiff } from '../common/lineDiff';

const COLOR = { '-': '#b42318', '+': '#067647', ' ': 'inherit' } as const;

/** The files a rollback writes, each as a line diff (Secret values masked by the backend). */
export function RollbackDiff({ files }: { files: RollbackPreview['files'] }) {
  if (files.length === 0) {
    return (
      <Text as="p">
        The service&apos;s directory already holds this release: nothing to
        change.
      </Text>
    );
  }
  return (
    <>
      {files.map(file => {
        const lines = file.shown
          ? lineDiff(file.before ?? null, file.after ?? null)
          : undefined;
        return (
          <div key={file.path} aria-label={`Change to ${file.path}`}>
            <Text as="div" weight="bold" variant="body-small">
              {file.path}
              {file.after === null && ' (deleted)'}
              {file.before === null && ' (added)'}
            </Text>
            {lines ? (
              <pre
                style={{
                  fontSize: 12,
                  margin: '4px 0 12px',
                  overflowX: 'auto',
                }}
              >
                {lines
                  .filter(l => l.op !== ' ')
                  .map((l, i) => (
                    <div key={i} style={{ color: COLOR[l.op] }}>
                      {l.op} {l.text}
                    </div>
                  ))}
              </pre>
            ) : (
              <Text as="p" variant="body-small" color="secondary">
                {file.shown
                  ? 'too long to show here'
                  : 'changed; its content is not shown (not YAML, so it could hold secrets)'}
              </Text>
            )}
          </div>
        );
      })}
    </>
  );
}
