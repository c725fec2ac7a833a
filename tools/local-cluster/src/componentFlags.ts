import path from 'node:path';
import type { ClusterCertificates } from './certificates';
import { KWOK_NODE_ANNOTATION } from './fakeNodes';

/** Where each component listens, and where the cluster keeps its files. */
export type ClusterLayout = {
  dir: string;
  kubeconfigPath: string;
  certs: ClusterCertificates;
  ports: {
    etcdClient: number;
    etcdPeer: number;
    apiserver: number;
    controllerManager: number;
    scheduler: number;
    kwok: number;
  };
};

export const etcdUrl = (l: ClusterLayout) =>
  `http://127.0.0.1:${l.ports.etcdClient}`;

export const apiserverUrl = (l: ClusterLayout) =>
  `https://127.0.0.1:${l.ports.apiserver}`;

export function etcdFlags(l: ClusterLayout): string[] {
  const client = etcdUrl(l);
  const peer = `http://127.0.0.1:${l.ports.etcdPeer}`;
  return [
    '--name=slipway',
    `--data-dir=${path.join(l.dir, 'etcd')}`,
    `--listen-client-urls=${client}`,
    `--advertise-client-urls=${client}`,
    `--listen-peer-urls=${peer}`,
    `--initial-advertise-peer-urls=${peer}`,
    `--initial-cluster=slipway=${peer}`,
    '--unsafe-no-fsync=true',
    '--log-level=warn',
  ];
}

export function apiserverFlags(l: ClusterLayout): string[] {
  const { certs } = l;
  return [
    `--etcd-servers=${etcdUrl(l)}`,
    '--bind-address=127.0.0.1',
    '--advertise-address=127.0.0.1',
    `--secure-port=${l.ports.apiserver}`,
    `--cert-dir=${path.join(l.dir, 'apiserver')}`,
    `--tls-cert-file=${certs.serverCert}`,
    `--tls-private-key-file=${certs.serverKey}`,
    `--client-ca-file=${certs.caCert}`,
    '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
    `--service-account-key-file=${certs.serviceAccountPublicKey}`,
    `--service-account-signing-key-file=${certs.serviceAccountKey}`,
    '--service-cluster-ip-range=10.96.0.0/16',
    '--authorization-mode=Node,RBAC',
    '--allow-privileged=true',
    // A loopback advertise address is not valid in the kubernetes Endpoints.
    '--endpoint-reconciler-type=none',
    '--profiling=false',
    '--v=0',
  ];
}

/** What kube-controller-manager and kube-scheduler share: admin access, loopback, no election. */
function controllerFlags(l: ClusterLayout, name: string, port: number) {
  return [
    `--kubeconfig=${l.kubeconfigPath}`,
    `--authentication-kubeconfig=${l.kubeconfigPath}`,
    `--authorization-kubeconfig=${l.kubeconfigPath}`,
    '--leader-elect=false',
    '--bind-address=127.0.0.1',
    `--secure-port=${port}`,
    `--cert-dir=${path.join(l.dir, name)}`,
    '--profiling=false',
    // The default 20 requests/s leaves a thousand new Deployments unobserved for minutes.
    '--kube-api-qps=200',
    '--kube-api-burst=400',
  ];
}

export function controllerManagerFlags(l: ClusterLayout): string[] {
  return [
    ...controllerFlags(l, 'kube-controller-manager', l.ports.controllerManager),
    `--service-account-private-key-file=${l.certs.serviceAccountKey}`,
    `--root-ca-file=${l.certs.caCert}`,
    '--use-service-account-credentials=false',
    '--node-monitor-grace-period=60s',
  ];
}

export function schedulerFlags(l: ClusterLayout): string[] {
  return controllerFlags(l, 'kube-scheduler', l.ports.scheduler);
}

export function kwokFlags(l: ClusterLayout, stagesFile: string): string[] {
  return [
    `--kubeconfig=${l.kubeconfigPath}`,
    `--config=${stagesFile}`,
    '--manage-all-nodes=false',
    `--manage-nodes-with-annotation-selector=${KWOK_NODE_ANNOTATION}=fake`,
    `--server-address=127.0.0.1:${l.ports.kwok}`,
    '--node-ip=10.0.1.1',
    '--cidr=10.0.2.0/24',
    // Heartbeats through Leases; without them the node lifecycle controller
    // marks every pod NotReady after its grace period.
    '--node-lease-duration-seconds=40',
  ];
}
