import { ConfigReader } from '@backstage/config';
import fs from 'node:fs';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import {
  engineRbac,
  readSlipwayEnvironments,
} from '@slipway/backstage-plugin-slipway-node';
import { CLUSTER_KIT_BASE_DIR } from './clusterKit';

const USAGE = `Usage: yarn slipway-rbac --config app-config.yaml [--config more.yaml] [--cluster name] [--service name ...] [--group name ...] (--out <dir> | --values <file>)

Writes a kustomize overlay of the cluster kit (deploy/kustomize/base) that
gives the Slipway engine write rights only in the namespaces
slipway.environments allows. Namespace patterns with {service} need the
services' names (--service, repeated). --group binds the same rights to a
Kubernetes group as well: on EKS, the group an access entry maps the
Backstage pod's IAM role to. --cluster keeps the environments of one
cluster. --values writes the same rights as values for
the Helm chart (deploy/helm/slipway-cluster) instead.`;

function argsOf(argv: string[]) {
  const out = {
    configs: [] as string[],
    services: [] as string[],
    groups: [] as string[],
    dir: '',
    values: '',
    cluster: '',
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (flag === '--config') out.configs.push(value);
    else if (flag === '--service') out.services.push(value);
    else if (flag === '--group') out.groups.push(value);
    else if (flag === '--out') out.dir = value;
    else if (flag === '--values') out.values = value;
    else if (flag === '--cluster') out.cluster = value;
    else throw new Error(`unknown argument ${flag}\n\n${USAGE}`);
    i++;
  }
  if (out.configs.length === 0 || !(out.dir || out.values)) {
    throw new Error(USAGE);
  }
  return out;
}

function main() {
  const args = argsOf(process.argv.slice(2));
  const config = ConfigReader.fromConfigs(
    args.configs.map(file => ({
      context: file,
      data: parse(fs.readFileSync(file, 'utf8')) ?? {},
    })),
  );
  const environments = readSlipwayEnvironments(config).filter(
    env => !args.cluster || env.cluster === args.cluster,
  );
  if (environments.length === 0) {
    throw new Error(
      `no environment in slipway.environments names cluster ${args.cluster}`,
    );
  }
  const out = path.resolve(args.dir || '.');
  const rbac = engineRbac(environments, {
    base: path.relative(out, CLUSTER_KIT_BASE_DIR),
    services: args.services,
    groups: args.groups,
  });
  const where = args.values || args.dir;
  if (args.values) {
    const values = {
      writeNamespaces: rbac.namespaces,
      clusterScopedRules: rbac.clusterScopedRules,
      ...(args.groups.length > 0 && { engine: { groups: args.groups } }),
    };
    fs.writeFileSync(
      args.values,
      `# Made by yarn slipway-rbac from slipway.environments; make it again when they change.\n${stringify(
        values,
      )}`,
    );
  } else {
    fs.mkdirSync(out, { recursive: true });
    for (const [name, text] of Object.entries(rbac.files)) {
      fs.writeFileSync(path.join(out, name), text);
    }
  }
  console.log(
    `[slipway-rbac] ${where}: slipway-engine-write bound in ${
      rbac.namespaces.join(', ') || 'no namespace'
    }`,
  );
  if (rbac.unresolved.length > 0) {
    console.log(
      `[slipway-rbac] not bound: ${rbac.unresolved.join(
        ', ',
      )} (name the services with --service)`,
    );
  }
  console.log(
    args.values
      ? `[slipway-rbac] install it with: helm upgrade --install slipway-cluster deploy/helm/slipway-cluster -n slipway-system --create-namespace -f ${args.values}`
      : `[slipway-rbac] apply it with: kubectl apply -k ${args.dir}`,
  );
}

try {
  main();
} catch (error) {
  console.error(`[slipway-rbac] ${(error as Error).message}`);
  process.exit(1);
}
