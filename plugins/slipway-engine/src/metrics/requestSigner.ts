/**
 * An HTTP request as it will be sent, for a signer to sign.
 *
 * @public
 */
export type OutgoingRequest = {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body: string;
};

/**
 * Adds authentication to a request: the headers to send with it. A bearer
 * token or basic auth ignores the request; SigV4 signs it.
 *
 * @public
 */
export type RequestSigner = (
  request: OutgoingRequest,
) => Promise<Record<string, string>>;
