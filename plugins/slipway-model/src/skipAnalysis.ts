import { z } from 'zod';

/**
 * A request to promote one version without analysis: what
 * CANARY_SKIP_ANALYSIS_ANNOTATION holds.
 *
 * @public
 */
export type CanarySkipAnalysis = {
  /** The release's images: a version runs only images among these. */
  images: string[];
  requestedBy: string;
  requestedAt: string;
};

const skipAnalysisSchema: z.ZodType<CanarySkipAnalysis> = z.object({
  images: z.array(z.string().min(1)).min(1).max(64),
  requestedBy: z.string().min(1).max(300),
  requestedAt: z.string().datetime(),
});

/**
 * The request an annotation holds, or undefined when it holds none or
 * something else: anyone who may edit the Canary may write it, so a value
 * that does not parse asks for nothing.
 *
 * @public
 */
export function parseCanarySkipAnalysis(
  value: string | undefined,
): CanarySkipAnalysis | undefined {
  if (!value) {
    return undefined;
  }
  try {
    const parsed = skipAnalysisSchema.safeParse(JSON.parse(value));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
