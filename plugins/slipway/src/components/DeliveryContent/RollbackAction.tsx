import { getCompoundEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  Alert,
  Button,
  Checkbox,
  Dialog,
  DialogBody,
  DialogFooter,
  DialogHeader,
  Radio,
  RadioGroup,
  Text,
  TextAreaField,
} from '@backstage/ui';
import {
  type Release,
  type RollbackPreview,
  type RollbackResponse,
  SERVED_RELEASE_VERDICTS,
} from '@slipway/backstage-plugin-slipway-common';
import { useEffect, useState } from 'react';
import { slipwayApiRef } from '../../api/SlipwayApi';
import { ago, shortRevision } from '../common/format';
import { VERDICT_LABEL } from '../ReleasesContent/releaseColumns';
import { shortImage } from './deliveryState';
import { RollbackDiff } from './RollbackDiff';
import { useConfirmation } from '../actions/useConfirmation';

/** Releases a rollback may go back to: those that served, other than the newest. */
export const rollbackCandidates = (releases: Release[]) =>
  releases.slice(1).filter(r => SERVED_RELEASE_VERDICTS.includes(r.verdict));

/** What a rollback did, in a sentence. */
export function rollbackSaid(environment: string, result: RollbackResponse) {
  if (!result.changed) {
    return `${environment} already holds that release: nothing to change`;
  }
  const to = shortRevision(result.toRevision);
  const skipped = result.analysisSkippedBy?.length
    ? '; its canary is promoted without analysis'
    : '';
  switch (result.mode) {
    case 'commit':
      return `Committed ${result.revision?.slice(
        0,
        12,
      )}: ${environment} rolls back to ${to}${skipped}`;
    case 'pull-request':
      return `Opened a pull request rolling ${environment} back to ${to}${skipped}: ${result.url}`;
    default:
      return `Pushed branch ${result.branch}: merge it to roll ${environment} back to ${to}${skipped}`;
  }
}

const describe = (r: Release) =>
  `${r.images.map(shortImage).join(', ') || '—'} · ${shortRevision(
    r.revision,
  )} ${r.message.split('\n')[0]} · ${r.author} · ${ago(r.appliedAt)} · ${
    VERDICT_LABEL[r.verdict]
  }`;

/**
 * Roll back: pick an earlier release of this environment that served, see
 * the change to the service's files, give a reason, and Slipway writes it
 * to Git as the environment's promotions are written.
 */
export function RollbackAction(props: {
  environment: string;
  disabled: boolean;
  onDone: () => void;
}) {
  const { environment, onDone } = props;
  const { entity } = useEntity();
  const api = useApi(slipwayApiRef);
  const [candidates, setCandidates] = useState<Release[]>();
  const [chosen, setChosen] = useState<string>();
  const [preview, setPreview] = useState<RollbackPreview>();
  const [skipAnalysis, setSkipAnalysis] = useState(false);
  const {
    open,
    setOpen,
    reason,
    setReason,
    pending,
    error,
    setError,
    close,
    confirm,
  } = useConfirmation(() => {
    setCandidates(undefined);
    setChosen(undefined);
    setPreview(undefined);
    setSkipAnalysis(false);
  });
  const ref = getCompoundEntityRef(entity);
  const target = { entity: ref, environment };

  useEffect(() => {
    if (!open) return;
    api
      .getReleases(ref, { environment })
      .then(items => setCandidates(rollbackCandidates(items)))
      .catch(e => setError((e as Error).message));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open]);

  useEffect(() => {
    if (!chosen) return;
    setPreview(undefined);
    setSkipAnalysis(false);
    setError(undefined);
    api
      .previewRollback(target, Number(chosen))
      .then(setPreview)
      .catch(e => setError((e as Error).message));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [chosen]);

  return (
    <>
      <Button
        variant="secondary"
        size="small"
        isDisabled={props.disabled}
        onPress={() => setOpen(true)}
      >
        Roll back
      </Button>
      <Dialog isOpen={open} onOpenChange={o => (o ? setOpen(true) : close())}>
        <DialogHeader>Roll back {environment}?</DialogHeader>
        <DialogBody>
          <Text as="p">
            Slipway restores the service&apos;s directory in Git (nothing
            outside it) to the release you pick, as {environment}&apos;s
            promotions are written; {environment} then releases it as it does
            any change.
          </Text>
          {candidates?.length === 0 && (
            <Text as="p">No earlier release of {environment} served.</Text>
          )}
          {candidates && candidates.length > 0 && (
            <RadioGroup
              label="Release to go back to"
              value={chosen ?? null}
              onChange={setChosen}
            >
              {candidates.map(r => (
                <Radio key={r.id} value={String(r.id)}>
                  {describe(r)}
                </Radio>
              ))}
            </RadioGroup>
          )}
          {preview && (
            <>
              <Text as="p" variant="body-small" color="secondary">
                {preview.mode === 'commit'
                  ? 'A commit on the branch'
                  : 'A pull request'}{' '}
                on {shortRevision(preview.baseRevision)}:
              </Text>
              <RollbackDiff files={preview.files} />
              {preview.release.verdict === 'succeeded' && (
                <Checkbox isSelected={skipAnalysis} onChange={setSkipAnalysis}>
                  Skip the canary analysis: this release passed it in{' '}
                  {environment} (the run is promoted at once, and says who
                  asked)
                </Checkbox>
              )}
            </>
          )}
          <TextAreaField
            label="Reason (required)"
            description="Kept in the audit log and the commit, with your name."
            value={reason}
            onChange={setReason}
          />
          {error && <Alert status="danger" title={error} />}
        </DialogBody>
        <DialogFooter>
          <Button variant="secondary" onPress={close}>
            Cancel
          </Button>
          <Button
            variant="primary"
            destructive
            isPending={pending}
            isDisabled={!preview || reason.trim() === ''}
            onPress={() =>
              confirm(async r => {
                const result = await api.rollback(target, Number(chosen), r, {
                  skipAnalysis,
                });
                onDone();
                return rollbackSaid(environment, result);
              })
            }
          >
            Roll back
          </Button>
        </DialogFooter>
      </Dialog>
    </>
  );
}
