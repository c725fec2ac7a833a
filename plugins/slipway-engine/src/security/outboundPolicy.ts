import dns from 'node:dns';
import net from 'node:net';

/**
 * Where calls that Git-controlled content asks for (Canary webhooks) may
 * go: host names (`checks.example.com`), name suffixes (`*.svc`), IP
 * addresses or CIDR ranges (`10.0.0.0/8`). Link-local addresses and cloud
 * metadata endpoints are refused whatever the list says.
 *
 * @public
 */
export type OutboundPolicy = { allowedHosts: string[] };

/**
 * The cluster's own services, by their DNS names.
 *
 * @public
 */
export const DEFAULT_WEBHOOK_HOSTS = ['*.svc', '*.svc.cluster.local'];

export class OutboundRefusedError extends Error {}

const NEVER = new net.BlockList();
NEVER.addSubnet('169.254.0.0', 16, 'ipv4'); // link-local, incl. 169.254.169.254
NEVER.addSubnet('100.100.100.200', 32, 'ipv4'); // Alibaba metadata
NEVER.addSubnet('0.0.0.0', 8, 'ipv4');
NEVER.addSubnet('fe80::', 10, 'ipv6');
NEVER.addSubnet('fd00:ec2::254', 128, 'ipv6'); // AWS metadata over IPv6
const NEVER_NAMES = ['metadata', 'metadata.google.internal'];

const family = (address: string) => (net.isIPv6(address) ? 'ipv6' : 'ipv4');

function allowedAddresses(policy: OutboundPolicy): net.BlockList {
  const list = new net.BlockList();
  for (const entry of policy.allowedHosts) {
    const [address, bits] = entry.split('/');
    if (net.isIP(address)) {
      const max = net.isIPv6(address) ? 128 : 32;
      list.addSubnet(address, bits ? Number(bits) : max, family(address));
    }
  }
  return list;
}

const nameAllowed = (hostname: string, policy: OutboundPolicy) =>
  policy.allowedHosts.some(entry =>
    entry.startsWith('*.')
      ? hostname.endsWith(entry.slice(1))
      : entry.toLowerCase() === hostname,
  );

/** Why this address may not be called, or undefined. */
function addressProblem(
  address: string,
  byName: boolean,
  allowed: net.BlockList,
  policy: OutboundPolicy,
): string | undefined {
  if (NEVER.check(address, family(address))) {
    return `${address} is a link-local or cloud metadata address, never called`;
  }
  if (!byName && !allowed.check(address, family(address))) {
    return `${address} is not in the allowed hosts (${
      policy.allowedHosts.join(', ') || 'none'
    })`;
  }
  return undefined;
}

/**
 * Checks a URL before a call, and gives the `lookup` that checks every
 * address its name resolves to when the connection is made (so a name that
 * resolves elsewhere on the second lookup is refused as well).
 */
export function guardOutbound(url: URL, policy: OutboundPolicy) {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new OutboundRefusedError(`${url.protocol} URLs are not called`);
  }
  if (url.username || url.password) {
    throw new OutboundRefusedError(
      'URLs with a user or password are not called',
    );
  }
  const hostname = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (NEVER_NAMES.includes(hostname)) {
    throw new OutboundRefusedError(
      `${hostname} is a cloud metadata endpoint, never called`,
    );
  }
  const byName = !net.isIP(hostname) && nameAllowed(hostname, policy);
  const allowed = allowedAddresses(policy);
  if (net.isIP(hostname)) {
    const problem = addressProblem(hostname, false, allowed, policy);
    if (problem) {
      throw new OutboundRefusedError(problem);
    }
  }
  const lookup: net.LookupFunction = (name, options, callback) => {
    dns.lookup(name, { ...options, all: true }, (error, addresses) => {
      if (error) {
        callback(error, '', 0);
        return;
      }
      const list = addresses as dns.LookupAddress[];
      const problem = list
        .map(a => addressProblem(a.address, byName, allowed, policy))
        .find(Boolean);
      if (problem) {
        callback(new OutboundRefusedError(`${name}: ${problem}`), '', 0);
      } else if ((options as dns.LookupOptions).all) {
        (callback as any)(null, list);
      } else {
        callback(null, list[0].address, list[0].family);
      }
    });
  };
  return { lookup };
}
