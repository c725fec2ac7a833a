import type { TargetDefinition } from '../store/types';
import { Claim, collision, resolveClaims } from './resolveClaims';

const target = (
  entity: string,
  environment: string,
  spec: { service?: string; path?: string } = {},
): TargetDefinition => {
  const entityRef = `component:${entity}`;
  const service = spec.service ?? entity.split('/')[1];
  return {
    id: `${entityRef}#${environment}`,
    entityRef,
    spec: {
      service,
      environment,
      cluster: 'local',
      repository: 'https://git.example/config',
      branch: 'main',
      path: spec.path ?? `clusters/${environment}/${service}`,
      defaultNamespace: environment,
      allowedNamespaces: [environment],
      kindPolicy: {},
      driftMode: 'correct',
      intervalSeconds: 60,
      progressDeadlineSeconds: 600,
    },
  };
};

const resolve = (
  candidates: TargetDefinition[],
  held: Claim[] = [],
  extra: { unreadable?: string[]; established?: string[]; now?: number } = {},
) =>
  resolveClaims({
    candidates,
    held,
    previousConflicts: [],
    unreadable: new Set(extra.unreadable ?? []),
    established: new Set(extra.established ?? []),
    now: extra.now ?? 1000,
  });

describe('resolveClaims', () => {
  const payments = target('default/payments', 'staging');
  const evil = target('default/evil', 'staging', {
    service: 'payments',
    path: 'clusters/staging/evil',
  });

  it('keeps a held service from a later entity that names it', () => {
    const first = resolve([payments]);
    const second = resolve([payments, evil], first.claims, { now: 2000 });
    expect(second.granted.map(t => t.id)).toEqual([payments.id]);
    expect(second.conflicts).toEqual([
      {
        targetId: evil.id,
        entityRef: 'component:default/evil',
        environment: 'staging',
        heldBy: {
          targetId: payments.id,
          entityRef: 'component:default/payments',
        },
        reason: 'service "payments" in staging',
        since: 2000,
      },
    ]);
  });

  it('decides alike whatever the order the catalog lists entities in', () => {
    const a = resolve([payments, evil]);
    const b = resolve([evil, payments]);
    expect(a.granted.map(t => t.id)).toEqual(b.granted.map(t => t.id));
    expect(a.conflicts).toEqual(b.conflicts);
  });

  it('grants the entity named as the service ahead of one that only names it', () => {
    expect(resolve([evil, payments]).granted.map(t => t.id)).toEqual([
      payments.id,
    ]);
  });

  it('grants targets that ran before claims existed ahead of newcomers', () => {
    const impostor = target('default/aaa', 'staging', { service: 'bbb' });
    const bbb = target('other/bbb', 'staging');
    // Neither ran: the namesake wins. bbb in another namespace is a namesake too, but ran later.
    expect(resolve([impostor, bbb]).granted.map(t => t.id)).toEqual([bbb.id]);
    const result = resolve([impostor, bbb], [], { established: [impostor.id] });
    expect(result.granted.map(t => t.id)).toEqual([impostor.id]);
  });

  it('refuses a path that is, holds or sits under a held path', () => {
    const other = target('other/shop', 'staging', {
      service: 'shop2',
      path: './clusters/staging//payments/',
    });
    const parent = target('default/sneaky', 'staging', {
      service: 'sneaky',
      path: 'clusters/staging',
    });
    const result = resolve(
      [other, parent, payments],
      resolve([payments]).claims,
    );
    expect(result.granted.map(t => t.id)).toEqual([payments.id]);
    expect(result.conflicts.map(c => c.reason)).toEqual([
      'path "clusters/staging/payments" of https://git.example/config (main)',
      'path "clusters/staging/payments" of https://git.example/config (main)',
    ]);
  });

  it('lets the same service through in another environment and a sibling path', () => {
    const prod = target('default/payments', 'production');
    const sibling = target('default/payments-api', 'staging');
    const result = resolve([payments, prod, sibling]);
    expect(result.conflicts).toEqual([]);
    expect(result.granted).toHaveLength(3);
  });

  it('keeps the claims of an entity whose annotations cannot be read for now', () => {
    const held = resolve([payments]).claims;
    const result = resolve([evil], held, {
      unreadable: ['component:default/payments'],
    });
    expect(result.granted).toEqual([]);
    expect(result.conflicts[0].heldBy.entityRef).toBe(
      'component:default/payments',
    );
  });

  it('hands a claim on once its holder leaves the catalog', () => {
    const held = resolve([payments]).claims;
    const result = resolve([evil], held, { now: 5000 });
    expect(result.granted.map(t => t.id)).toEqual([evil.id]);
    expect(result.claims).toEqual([
      expect.objectContaining({ targetId: evil.id, claimedAt: 5000 }),
    ]);
  });

  it('keeps when a conflict was first seen', () => {
    const held = resolve([payments]).claims;
    const first = resolve([payments, evil], held, { now: 2000 });
    const later = resolveClaims({
      candidates: [payments, evil],
      held: first.claims,
      previousConflicts: first.conflicts,
      unreadable: new Set(),
      now: 9000,
    });
    expect(later.conflicts[0].since).toBe(2000);
    expect(later.claims[0].claimedAt).toBe(1000);
  });

  it('sees no collision between unrelated repositories', () => {
    const base = {
      targetId: 'a',
      entityRef: 'a',
      environment: 'staging',
      service: 'a',
      repository: 'r1',
      branch: 'main',
      path: 'x',
    };
    expect(
      collision(base, { ...base, service: 'b', repository: 'r2' }),
    ).toBeUndefined();
    expect(
      collision(base, { ...base, service: 'b', branch: 'other' }),
    ).toBeUndefined();
  });

  it('names a contested path without the credentials of its repository URL', () => {
    const withToken = (t: TargetDefinition): TargetDefinition => ({
      ...t,
      spec: {
        ...t.spec,
        repository: 'https://deploy:s3cr3t-token@git.example/config',
      },
    });
    const copycat = target('team-b/copycat', 'staging', {
      service: 'copycat',
      path: 'clusters/staging/payments',
    });
    const { conflicts } = resolve([withToken(payments), withToken(copycat)]);
    expect(conflicts[0].reason).toBe(
      'path "clusters/staging/payments" of https://git.example/config (main)',
    );
    expect(JSON.stringify(conflicts)).not.toContain('s3cr3t');
  });
});
