import { objectName } from '../inventory/objectKey';

/**
 * The API server's own message from a client error ("secrets is forbidden:
 * User ... cannot patch ..."), without the method and path in `message`.
 */
export function apiErrorMessage(error: unknown): string {
  const { code, body } = (error ?? {}) as { code?: number; body?: unknown };
  if (typeof code === 'number') {
    let parsed = body;
    if (typeof body === 'string') {
      try {
        parsed = JSON.parse(body);
      } catch {
        parsed = undefined;
      }
    }
    const message = (parsed as { message?: string } | undefined)?.message;
    return message ? `${message} (HTTP ${code})` : `HTTP ${code}`;
  }
  return error instanceof Error ? error.message : String(error);
}

/** For `.catch`: a 404 means the object is not there; anything else stays an error. */
export const notFoundIsUndefined = (error: any) =>
  error?.code === 404 ? undefined : Promise.reject(error);

/** Runs one API call on an object; failures name the object and keep only the server's message. */
export async function onObject<T>(
  what: { kind?: string; metadata?: { name?: string; namespace?: string } },
  call: () => Promise<T>,
): Promise<T> {
  try {
    return await call();
  } catch (error) {
    const wrapped = new Error(
      `${objectName({ kind: what.kind, ...what.metadata })}: ${apiErrorMessage(
        error,
      )}`,
    ) as Error & { code?: number };
    wrapped.code = (error as { code?: number }).code;
    throw wrapped;
  }
}
