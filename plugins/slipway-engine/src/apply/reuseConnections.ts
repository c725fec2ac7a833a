import type { KubeConfig } from '@kubernetes/client-node';
import type { Agent } from 'node:https';

const patched = new WeakSet<KubeConfig>();

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
      maxSockets: 16,
    });
    return agent;
  };
  patched.add(kubeConfig);
  return kubeConfig;
}
