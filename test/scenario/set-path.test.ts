import { describe, expect, it } from 'vitest';
import { parseAssignment, parsePath, setPath, SetPathError } from '../../src/scenario/set-path.js';

describe('--set paths', () => {
  it('parses keys, indexes and [name=X] selectors', () => {
    expect(parsePath('spec.workloads[name=web].spec.replicas')).toEqual([
      { key: 'spec' },
      { key: 'workloads' },
      { named: 'web' },
      { key: 'spec' },
      { key: 'replicas' },
    ]);
    expect(parsePath('a[0][1].b')).toEqual([{ key: 'a' }, { index: 0 }, { index: 1 }, { key: 'b' }]);
  });

  it('parses [kind=K,name=X] selectors in either order', () => {
    expect(parsePath('w[kind=HorizontalPodAutoscaler,name=web].spec')).toEqual([{ key: 'w' }, { named: 'web', kind: 'HorizontalPodAutoscaler' }, { key: 'spec' }]);
    expect(parsePath('w[name=web,kind=Service]')).toEqual([{ key: 'w' }, { named: 'web', kind: 'Service' }]);
  });

  it('tells a Deployment and its HPA of the same name apart by kind', () => {
    const doc = { workloads: [{ kind: 'Deployment', metadata: { name: 'web' }, spec: { replicas: 3 } }, { kind: 'HorizontalPodAutoscaler', metadata: { name: 'web' }, spec: { minReplicas: 2 } }] };
    setPath(doc, 'workloads[kind=HorizontalPodAutoscaler,name=web].spec.minReplicas', 5);
    setPath(doc, 'workloads[name=web].spec.replicas', 4); // without a kind: the first element named web
    expect(doc.workloads[0]!.spec).toEqual({ replicas: 4 });
    expect(doc.workloads[1]!.spec).toEqual({ minReplicas: 5 });
    expect(() => setPath(doc, 'workloads[kind=Service,name=web].spec.x', 1)).toThrow(/no element of kind Service named "web" \(elements: Deployment\/web, HorizontalPodAutoscaler\/web\)/);
  });

  it.each(['', '.a', 'a.', 'a..b', 'a[x]', 'a[0]b', 'a[name=]', 'a[kind=K]', 'a[kind=K,name=x,name=y]', 'a[size=3]'])('rejects the malformed path %j', (path) => {
    expect(() => parsePath(path)).toThrow(SetPathError);
  });

  it('reads values as YAML', () => {
    expect(parseAssignment('a=3').value).toBe(3);
    expect(parseAssignment('a=true').value).toBe(true);
    expect(parseAssignment('a=50s').value).toBe('50s');
    expect(parseAssignment('a=[x, y]').value).toEqual(['x', 'y']);
    expect(parseAssignment('a[name=b=c].d=1')).toEqual({ path: 'a[name=b=c].d', value: 1 });
  });

  it('sets by name (name or metadata.name), by index, and creates missing maps', () => {
    const doc = { spec: { pools: [{ name: 'a', count: 1 }], workloads: [{ metadata: { name: 'web' }, spec: {} }] } };
    setPath(doc, 'spec.pools[name=a].count', 5);
    setPath(doc, 'spec.workloads[name=web].spec.replicas', 3);
    setPath(doc, 'spec.controlPlane.scheduler.scoringStrategy', 'MostAllocated');
    setPath(doc, 'spec.pools[1]', { name: 'b', count: 2 });
    expect(doc).toEqual({
      spec: {
        pools: [
          { name: 'a', count: 5 },
          { name: 'b', count: 2 },
        ],
        workloads: [{ metadata: { name: 'web' }, spec: { replicas: 3 } }],
        controlPlane: { scheduler: { scoringStrategy: 'MostAllocated' } },
      },
    });
  });

  it('explains paths that cannot be followed', () => {
    const doc = { spec: { pools: [{ name: 'a' }], n: 1 } };
    expect(() => setPath(doc, 'spec.pools[5].count', 1)).toThrow(/has 1 items, no index 5/);
    expect(() => setPath(doc, 'spec.n.x', 1)).toThrow(/spec\.n is not a map/);
    expect(() => setPath(doc, 'spec.pools.x', 1)).toThrow(/not a map/);
  });
});
