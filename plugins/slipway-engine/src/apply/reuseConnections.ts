import type { KubeConfig } from '@kubernetes/client-node';
import type { Agent } from 'node:https';

const patched = new WeakSet<KubeConfig>();

/**
 * More than the requests Slipway has in flight per cluster (8 reconciles,
 * each listing a few kinds at once, and 128 canary ticks by default): node-fetch 2, which the library sends
 * with, misreads complete responses as "Premature close" on a socket that
 * has another request queued behind it (node-fetch#1767), so requests must
 * not wait for a socket.
 */
const MAX_SOCKETS = 256;

/**
 * The client library builds a new HTTPS agent for every request, so every
 * call pays a TCP and TLS handshake. One keep-alive agent per kubeconfig
 * (its CA and credentials do not change) makes a resync of a thousand
 * services several times cheaper for the API server and for us.
 */
export function reuseConnections(kubeConfig: KubeConfig): KubeConfig {
  if (patched.has(kubeConfig)) {
    return kubeConfig;
  }
  const target = kubeConfig as unknown as {
    createAgent(cluster: unknown, options: Record<string, unknown>): Agent;
  };
  const createAgent = target.createAgent.bind(kubeConfig);
  let agent: Agent | undefined;
  target.createAgent = (cluster, options) => {
    agent ??= createAgent(cluster, {
      ...options,
      keepAlive: true,
      maxSockets: MAX_SOCKETS,
    });
    return agent;
  };
  patched.add(kubeConfig);
  return kubeConfig;
}
