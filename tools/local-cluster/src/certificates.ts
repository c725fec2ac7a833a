import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export type ClusterCertificates = {
  caCert: string;
  caKey: string;
  serverCert: string;
  serverKey: string;
  adminCert: string;
  adminKey: string;
  serviceAccountKey: string;
  serviceAccountPublicKey: string;
};

async function newKey(file: string) {
  await run('openssl', [
    'genpkey',
    '-algorithm',
    'EC',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-out',
    file,
  ]);
}

async function signedCertificate(options: {
  dir: string;
  name: string;
  subject: string;
  extensions: string[];
  caCert: string;
  caKey: string;
}) {
  const { dir, name, subject, extensions, caCert, caKey } = options;
  const key = path.join(dir, `${name}.key`);
  const csr = path.join(dir, `${name}.csr`);
  const cert = path.join(dir, `${name}.crt`);
  await newKey(key);
  await run('openssl', [
    'req',
    '-new',
    '-key',
    key,
    '-subj',
    subject,
    ...extensions.flatMap(ext => ['-addext', ext]),
    '-out',
    csr,
  ]);
  await run('openssl', [
    'x509',
    '-req',
    '-in',
    csr,
    '-CA',
    caCert,
    '-CAkey',
    caKey,
    '-CAcreateserial',
    '-days',
    '365',
    '-copy_extensions',
    'copyall',
    '-out',
    cert,
  ]);
  return { cert, key };
}

/**
 * Creates a throwaway CA, the API server's serving certificate, an admin
 * client certificate in system:masters, and the service-account signing key.
 */
export async function createClusterCertificates(
  dir: string,
): Promise<ClusterCertificates> {
  await fs.mkdir(dir, { recursive: true });
  const caKey = path.join(dir, 'ca.key');
  const caCert = path.join(dir, 'ca.crt');
  await newKey(caKey);
  await run('openssl', [
    'req',
    '-x509',
    '-new',
    '-key',
    caKey,
    '-subj',
    '/CN=slipway-local-cluster-ca',
    '-days',
    '365',
    '-out',
    caCert,
  ]);

  const server = await signedCertificate({
    dir,
    name: 'apiserver',
    subject: '/CN=kube-apiserver',
    extensions: [
      'subjectAltName=IP:127.0.0.1,IP:10.96.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local',
      'extendedKeyUsage=serverAuth',
    ],
    caCert,
    caKey,
  });
  const admin = await signedCertificate({
    dir,
    name: 'admin',
    subject: '/O=system:masters/CN=slipway-admin',
    extensions: ['extendedKeyUsage=clientAuth'],
    caCert,
    caKey,
  });

  const serviceAccountKey = path.join(dir, 'service-account.key');
  const serviceAccountPublicKey = path.join(dir, 'service-account.pub');
  await newKey(serviceAccountKey);
  await run('openssl', [
    'pkey',
    '-in',
    serviceAccountKey,
    '-pubout',
    '-out',
    serviceAccountPublicKey,
  ]);

  return {
    caCert,
    caKey,
    serverCert: server.cert,
    serverKey: server.key,
    adminCert: admin.cert,
    adminKey: admin.key,
    serviceAccountKey,
    serviceAccountPublicKey,
  };
}
