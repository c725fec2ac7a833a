import { ConfigReader } from '@backstage/config';
import { readSlipwayEnvironments } from '@slipway/backstage-plugin-slipway-node';
import { parse } from 'yaml';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeDemoAppConfig } from './appConfig';

describe('writeDemoAppConfig', () => {
  it('writes config that the kubernetes and Slipway plugins both accept', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slipway-demo-config-'));
    try {
      const caCertFile = path.join(dir, 'ca.crt');
      fs.writeFileSync(caCertFile, 'not really a certificate');
      const file = path.join(dir, 'app-config.demo.yaml');
      await writeDemoAppConfig({
        file,
        server: 'https://127.0.0.1:23456',
        caCertFile,
        engineToken: 'engine-token-with: yaml characters',
        kubernetesPluginToken: 'reader-token',
        configRepo: '/srv/demo config',
        webhookSecret: 'hex-secret',
        engineDir: '/srv/engine',
        prometheusUrl: 'http://127.0.0.1:9090',
        kustomize: '/opt/kustomize',
        helm: '/opt/helm',
      });

      const data = parse(fs.readFileSync(file, 'utf8'));
      const cluster = data.kubernetes.clusterLocatorMethods[0].clusters[0];
      expect(cluster).toMatchObject({
        name: 'local',
        url: 'https://127.0.0.1:23456',
        authProvider: 'serviceAccount',
        serviceAccountToken: 'reader-token',
        caData: Buffer.from('not really a certificate').toString('base64'),
      });
      expect(data.slipway.clusters).toEqual([
        {
          name: 'local',
          authProvider: 'serviceAccount',
          serviceAccountToken: 'engine-token-with: yaml characters',
        },
      ]);
      expect(fs.statSync(file).mode & 0o077).toBe(0);

      const environments = readSlipwayEnvironments(new ConfigReader(data));
      expect(environments).toEqual([
        expect.objectContaining({
          name: 'staging',
          cluster: 'local',
          repository: 'file:///srv/demo config',
          path: 'clusters/{environment}/{service}',
          namespaces: ['staging'],
          interval: 10,
        }),
        expect.objectContaining({
          name: 'production',
          namespaces: ['production'],
        }),
      ]);
      expect(data.slipway.webhooks.github.secret).toBe('hex-secret');
      expect(data.slipway.canary.prometheus.url).toBe('http://127.0.0.1:9090');
      expect(data.slipway.reconcile).toEqual({
        workDir: '/srv/engine',
        kustomizePath: '/opt/kustomize',
        helmPath: '/opt/helm',
      });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
