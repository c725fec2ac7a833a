import { diffObjects } from '../apply/diffObjects';
import { maskChanges, maskedValue } from './maskValues';

const secret = (data: Record<string, string>) => ({
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name: 'db' },
  data,
});
const masking = { salt: 'salt' };

describe('maskChanges', () => {
  it('keeps the keys of a created Secret and replaces its values by salted hashes', () => {
    const created = secret({ password: 'aHVudGVyMg==' });
    const [change] = maskChanges(
      created,
      diffObjects(undefined, created),
      masking,
    );
    expect(JSON.stringify(change)).not.toContain('aHVudGVyMg==');
    expect((change.after as any).data).toEqual({
      password: maskedValue('aHVudGVyMg==', 'salt'),
    });
    expect((change.after as any).metadata).toEqual({ name: 'db' });
  });

  it('says which key changed, with different hashes before and after', () => {
    const changes = maskChanges(
      secret({}),
      diffObjects(secret({ password: 'b2xk' }), secret({ password: 'bmV3' })),
      masking,
    );
    expect(changes).toHaveLength(1);
    expect(changes[0].path).toBe('data.password');
    expect(changes[0].before).toMatch(/^\(masked [0-9a-f]{10}\)$/);
    expect(changes[0].before).not.toBe(changes[0].after);
    expect(JSON.stringify(changes)).not.toMatch(/b2xk|bmV3/);
  });

  it('hashes with the salt, so another installation cannot match the hash', () => {
    expect(maskedValue('x', 'a')).not.toBe(maskedValue('x', 'b'));
    expect(maskedValue('x', 'a')).toBe(maskedValue('x', 'a'));
  });

  it("masks what an environment adds, and leaves other kinds' values", () => {
    const configMap = (url: string) => ({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'c' },
      data: { DATABASE_URL: url, LOG_LEVEL: 'info' },
    });
    const rules = [{ kind: 'ConfigMap', fields: ['data.DATABASE_URL'] }];
    const [change] = maskChanges(
      configMap('postgres://u:pw@db'),
      diffObjects(undefined, configMap('postgres://u:pw@db')),
      { ...masking, rules },
    );
    expect((change.after as any).data.LOG_LEVEL).toBe('info');
    expect((change.after as any).data.DATABASE_URL).toMatch(/^\(masked/);
    const plain = diffObjects(undefined, configMap('x'));
    expect(maskChanges(configMap('x'), plain, masking)).toEqual(plain);
  });
});
