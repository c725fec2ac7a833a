/** A ConfigMap or Secret a pod template refers to. */
export type ConfigRef = { kind: 'ConfigMap' | 'Secret'; name: string };

type PodSpec = {
  volumes?: Array<{
    configMap?: { name?: string };
    secret?: { secretName?: string };
    projected?: {
      sources?: Array<{
        configMap?: { name?: string };
        secret?: { name?: string };
      }>;
    };
  }>;
  containers?: Container[];
  initContainers?: Container[];
};
type Container = {
  envFrom?: Array<{
    configMapRef?: { name?: string };
    secretRef?: { name?: string };
  }>;
  env?: Array<{
    valueFrom?: {
      configMapKeyRef?: { name?: string };
      secretKeyRef?: { name?: string };
    };
  }>;
};

/**
 * Every ConfigMap and Secret a pod spec refers to (volumes, projected
 * volumes, envFrom, env valueFrom), each once, sorted: a change in any of
 * them starts a canary run like a change in the template does.
 */
export function configRefs(podSpec: PodSpec | undefined): ConfigRef[] {
  const found = new Map<string, ConfigRef>();
  const add = (kind: ConfigRef['kind'], name?: string) => {
    if (name) {
      found.set(`${kind}/${name}`, { kind, name });
    }
  };
  for (const volume of podSpec?.volumes ?? []) {
    add('ConfigMap', volume.configMap?.name);
    add('Secret', volume.secret?.secretName);
    for (const source of volume.projected?.sources ?? []) {
      add('ConfigMap', source.configMap?.name);
      add('Secret', source.secret?.name);
    }
  }
  for (const container of [
    ...(podSpec?.containers ?? []),
    ...(podSpec?.initContainers ?? []),
  ]) {
    for (const from of container.envFrom ?? []) {
      add('ConfigMap', from.configMapRef?.name);
      add('Secret', from.secretRef?.name);
    }
    for (const env of container.env ?? []) {
      add('ConfigMap', env.valueFrom?.configMapKeyRef?.name);
      add('Secret', env.valueFrom?.secretKeyRef?.name);
    }
  }
  return [...found.values()].sort((a, b) =>
    `${a.kind}/${a.name}`.localeCompare(`${b.kind}/${b.name}`),
  );
}

/**
 * The pod spec with every reference renamed: the primary runs on its own
 * copies (`<name>-primary`), so a config change reaches it only by promotion.
 */
export function renameConfigRefs<T>(
  podSpec: T,
  rename: (ref: ConfigRef) => string,
): T {
  const copy = structuredClone(podSpec) as PodSpec;
  const renamed = (kind: ConfigRef['kind'], name?: string) =>
    name ? rename({ kind, name }) : name;
  for (const volume of copy.volumes ?? []) {
    if (volume.configMap)
      volume.configMap.name = renamed('ConfigMap', volume.configMap.name);
    if (volume.secret)
      volume.secret.secretName = renamed('Secret', volume.secret.secretName);
    for (const source of volume.projected?.sources ?? []) {
      if (source.configMap)
        source.configMap.name = renamed('ConfigMap', source.configMap.name);
      if (source.secret)
        source.secret.name = renamed('Secret', source.secret.name);
    }
  }
  for (const container of [
    ...(copy.containers ?? []),
    ...(copy.initContainers ?? []),
  ]) {
    for (const from of container.envFrom ?? []) {
      if (from.configMapRef)
        from.configMapRef.name = renamed('ConfigMap', from.configMapRef.name);
      if (from.secretRef)
        from.secretRef.name = renamed('Secret', from.secretRef.name);
    }
    for (const env of container.env ?? []) {
      const ref = env.valueFrom;
      if (ref?.configMapKeyRef)
        ref.configMapKeyRef.name = renamed(
          'ConfigMap',
          ref.configMapKeyRef.name,
        );
      if (ref?.secretKeyRef)
        ref.secretKeyRef.name = renamed('Secret', ref.secretKeyRef.name);
    }
  }
  return copy as T;
}
