import { InputError } from '@backstage/errors';
import type { ZodError } from 'zod';

/** A zod failure on an app-config entry, as an error naming the field: `slipway.x[0].url Invalid url`. */
export function configProblem(prefix: string, error: ZodError): InputError {
  const issue = error.issues[0];
  return new InputError(
    `${[prefix, ...issue.path].join('.')} ${issue.message}`,
  );
}
