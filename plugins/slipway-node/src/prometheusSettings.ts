import type { Config } from '@backstage/config';
import type { PrometheusSettings } from '@slipway/backstage-plugin-slipway-common';
import { z } from 'zod';
import { configProblem } from './configProblem';

const nonEmpty = z.string().min(1);

/**
 * A Prometheus for canary metrics in app-config, and how Slipway signs in
 * to it: `bearer`, `basic` or `sigv4` (Amazon Managed Prometheus).
 *
 * @public
 */
export const prometheusSettingsSchema = z
  .object({
    url: z.string().url(),
    auth: z
      .discriminatedUnion('type', [
        z.object({ type: z.literal('bearer'), token: nonEmpty }).strict(),
        z
          .object({
            type: z.literal('basic'),
            username: nonEmpty,
            password: nonEmpty,
          })
          .strict(),
        z
          .object({
            type: z.literal('sigv4'),
            region: z
              .string()
              .regex(
                /^[a-z]{2}(-[a-z]+)+-\d$/,
                'must be an AWS region like eu-west-1',
              ),
            service: nonEmpty.optional(),
            assumeRole: z
              .string()
              .regex(
                /^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/,
                'must be an IAM role ARN',
              )
              .optional(),
            externalId: nonEmpty.optional(),
          })
          .strict(),
      ])
      .optional(),
  })
  .strict();

/**
 * `slipway.canary.prometheus`, checked like an environment's: a bad entry
 * stops the backend with the field named.
 *
 * @public
 */
export function readPrometheusSettings(
  config: Config | undefined,
  key: string,
): PrometheusSettings | undefined {
  const raw = config?.getOptional(key);
  if (raw === undefined) {
    return undefined;
  }
  const parsed = prometheusSettingsSchema.safeParse(raw);
  if (!parsed.success) {
    throw configProblem(`slipway.canary.${key}`, parsed.error);
  }
  return parsed.data;
}

/**
 * What the API may show of a Prometheus setting: its URL and how it signs
 * in, never a token or a password.
 *
 * @public
 */
export function publicPrometheusSettings(
  settings: PrometheusSettings,
): PrometheusSettings {
  const { auth } = settings;
  if (!auth || auth.type === 'sigv4') {
    return settings;
  }
  return {
    url: settings.url,
    auth:
      auth.type === 'bearer'
        ? { type: 'bearer', token: '(hidden)' }
        : { type: 'basic', username: auth.username, password: '(hidden)' },
  };
}
