import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { BinaryPaths, resolveBinaries } from './binaries';
import { createClusterCertificates } from './certificates';
import {
  apiserverFlags,
  apiserverUrl,
  ClusterLayout,
  controllerManagerFlags,
  etcdFlags,
  etcdUrl,
  kwokFlags,
  schedulerFlags,
} from './componentFlags';
import { createFakeNodes, isNodeReady } from './fakeNodes';
import { writeKubeconfig } from './kubeconfig';
import { freePort } from './ports';
import { ManagedProcess } from './processes';
import { TlsClient, waitFor, waitForHealthy } from './readiness';

export type LocalClusterOptions = {
  /** Where certificates, etcd data, logs and the kubeconfig go; a temp dir by default. */
  dir?: string;
  /** Names of the fake KWOK nodes to create. */
  nodes?: string[];
  /** Keep `dir` after stop (logs for debugging). */
  keepDir?: boolean;
  /** Progress lines; silent by default. */
  log?: (message: string) => void;
};

export type LocalClusterInfo = {
  server: string;
  kubeconfigPath: string;
  dir: string;
};

/**
 * A real Kubernetes control plane on loopback: etcd, kube-apiserver,
 * kube-controller-manager and kube-scheduler, with KWOK playing the kubelet
 * for fake nodes so that pods become Ready.
 */
export class LocalCluster {
  private readonly processes: ManagedProcess[] = [];
  private readonly ports: number[] = [];
  private info?: LocalClusterInfo;
  private workDir?: string;

  private constructor(private readonly options: LocalClusterOptions) {}

  static async start(options: LocalClusterOptions = {}): Promise<LocalCluster> {
    for (let attempt = 1; ; attempt++) {
      const cluster = new LocalCluster(options);
      try {
        await cluster.boot();
        return cluster;
      } catch (error) {
        await cluster.stop();
        // Another program may bind a chosen port first; a new set of ports fixes that.
        const portClash = String(error).includes('address already in use');
        if (!portClash || attempt >= 3) {
          throw error;
        }
        options.log?.(
          'a port was taken meanwhile; starting again on new ports',
        );
        if (options.dir) {
          await fs.rm(options.dir, { recursive: true, force: true });
        }
      }
    }
  }

  get server(): string {
    return this.requireInfo().server;
  }

  get kubeconfigPath(): string {
    return this.requireInfo().kubeconfigPath;
  }

  get dir(): string {
    return this.requireInfo().dir;
  }

  /** Loopback ports and process ids in use, so tests can prove they are freed. */
  get resources(): { ports: number[]; pids: number[] } {
    return {
      ports: [...this.ports],
      pids: this.processes.flatMap(p => (p.pid ? [p.pid] : [])),
    };
  }

  kubeConfig(): KubeConfig {
    const kc = new KubeConfig();
    kc.loadFromFile(this.kubeconfigPath);
    return kc;
  }

  private requireInfo(): LocalClusterInfo {
    if (!this.info) {
      throw new Error('the local cluster is not running');
    }
    return this.info;
  }

  private log(message: string) {
    this.options.log?.(message);
  }

  private async port(): Promise<number> {
    const port = await freePort();
    this.ports.push(port);
    return port;
  }

  private launch(
    bin: string,
    name: string,
    args: string[],
    logDir: string,
  ): ManagedProcess {
    const proc = new ManagedProcess(
      name,
      bin,
      args,
      path.join(logDir, `${name}.log`),
    );
    this.processes.push(proc);
    return proc;
  }

  private async boot() {
    const started = Date.now();
    const bins: BinaryPaths = resolveBinaries();
    const dir =
      this.options.dir ??
      (await fs.mkdtemp(path.join(os.tmpdir(), 'slipway-cluster-')));
    this.workDir = dir;
    await fs.mkdir(dir, { recursive: true });
    const logDir = path.join(dir, 'logs');
    await fs.mkdir(logDir, { recursive: true });

    this.log(`generating certificates in ${dir}`);
    const certs = await createClusterCertificates(path.join(dir, 'pki'));
    const adminTls: TlsClient = {
      ca: certs.caCert,
      cert: certs.adminCert,
      key: certs.adminKey,
    };

    const layout: ClusterLayout = {
      dir,
      kubeconfigPath: path.join(dir, 'kubeconfig'),
      certs,
      ports: {
        etcdClient: await this.port(),
        etcdPeer: await this.port(),
        apiserver: await this.port(),
        controllerManager: await this.port(),
        scheduler: await this.port(),
        kwok: await this.port(),
      },
    };
    const server = apiserverUrl(layout);
    const { kubeconfigPath } = layout;
    await writeKubeconfig({
      file: kubeconfigPath,
      server,
      caCert: certs.caCert,
      clientCert: certs.adminCert,
      clientKey: certs.adminKey,
    });

    this.log('starting etcd');
    const etcd = this.launch(bins.etcd, 'etcd', etcdFlags(layout), logDir);
    await waitForHealthy({ url: `${etcdUrl(layout)}/health`, process: etcd });

    this.log('starting kube-apiserver');
    const apiserver = this.launch(
      bins['kube-apiserver'],
      'kube-apiserver',
      apiserverFlags(layout),
      logDir,
    );
    await waitForHealthy({
      url: `${server}/readyz`,
      process: apiserver,
      tls: adminTls,
      timeoutMs: 120_000,
    });

    this.log('starting kube-controller-manager, kube-scheduler and kwok');
    const kcm = this.launch(
      bins['kube-controller-manager'],
      'kube-controller-manager',
      controllerManagerFlags(layout),
      logDir,
    );
    const scheduler = this.launch(
      bins['kube-scheduler'],
      'kube-scheduler',
      schedulerFlags(layout),
      logDir,
    );
    const kwok = this.launch(
      bins.kwok,
      'kwok',
      kwokFlags(layout, bins.kwokStages),
      logDir,
    );
    const { ports } = layout;
    await Promise.all([
      waitForHealthy({
        url: `https://127.0.0.1:${ports.controllerManager}/healthz`,
        process: kcm,
      }),
      waitForHealthy({
        url: `https://127.0.0.1:${ports.scheduler}/healthz`,
        process: scheduler,
      }),
      waitForHealthy({
        url: `http://127.0.0.1:${ports.kwok}/healthz`,
        process: kwok,
      }),
    ]);

    this.info = {
      server,
      kubeconfigPath,
      dir,
    };

    const core = this.kubeConfig().makeApiClient(CoreV1Api);
    this.log('waiting for the default ServiceAccount');
    await waitFor('serviceaccount default/default', async () =>
      core
        .readNamespacedServiceAccount({ name: 'default', namespace: 'default' })
        .then(() => true),
    );

    const nodes = this.options.nodes ?? ['kwok-node-0', 'kwok-node-1'];
    if (nodes.length > 0) {
      this.log(`creating fake nodes ${nodes.join(', ')}`);
      await createFakeNodes(this.kubeConfig(), nodes);
      await waitFor('fake nodes to become Ready', async () => {
        const list = await core.listNode();
        const ready = list.items.filter(isNodeReady).length;
        return ready >= nodes.length ? true : undefined;
      });
    }
    this.log(
      `cluster ready at ${server} in ${((Date.now() - started) / 1000).toFixed(
        1,
      )} s`,
    );
  }

  /** Stops every process (newest first), frees the ports and removes the directory. */
  async stop(): Promise<void> {
    for (const proc of [...this.processes].reverse()) {
      await proc.stop();
    }
    this.info = undefined;
    if (this.workDir && !this.options.dir && !this.options.keepDir) {
      await fs.rm(this.workDir, { recursive: true, force: true });
    }
  }
}
