import fs from 'node:fs/promises';

const base64File = async (file: string) =>
  (await fs.readFile(file)).toString('base64');

/** Writes a self-contained admin kubeconfig (certificates embedded). */
export async function writeKubeconfig(options: {
  file: string;
  server: string;
  caCert: string;
  clientCert: string;
  clientKey: string;
  name?: string;
}): Promise<void> {
  const name = options.name ?? 'slipway-local';
  const text = `apiVersion: v1
kind: Config
clusters:
  - name: ${name}
    cluster:
      server: ${options.server}
      certificate-authority-data: ${await base64File(options.caCert)}
users:
  - name: ${name}-admin
    user:
      client-certificate-data: ${await base64File(options.clientCert)}
      client-key-data: ${await base64File(options.clientKey)}
contexts:
  - name: ${name}
    context:
      cluster: ${name}
      user: ${name}-admin
current-context: ${name}
`;
  await fs.writeFile(options.file, text, { mode: 0o600 });
}
