// The scheduler's per-node hot data as struct-of-arrays: one typed array per field, indexed by
// the node's slot. Each scheduling cycle filters and scores some 500 nodes at 5,000 nodes, a
// different window each time; reading these fields from one object per node cost a cache miss
// per node visit, while these arrays (a few tens of KB each) stay in the CPU's cache.
// ClusterSnapshot owns the table: it assigns slots, keeps the node fields current and bumps the
// versions; plugins.ts reads the fields and keeps its memos here.

/** flags bits. */
export const UNSCHEDULABLE = 1;
export const TAINTED = 2;

/** A memo field no slot holds yet: matches no version, key or profile. */
export const NO_MEMO = -1;

export class NodeTable {
  capacity = 0;
  /** UNSCHEDULABLE | TAINTED, from the node's spec. */
  flags = new Uint8Array(0);
  /** Bumped when the requests of the pods on the node change. */
  requestsVersion = new Int32Array(0);
  /** Bumped when the node's allocatable object is replaced. */
  allocatableVersion = new Int32Array(0);

  // The resource plugins' memo (plugins.ts resourcesFit): valid while requestsVersion and
  // allocatableVersion are the ones it was computed at, for pods of one request key.
  memoRequestsVersion = new Int32Array(0);
  memoAllocatableVersion = new Int32Array(0);
  memoRequestKey = new Int32Array(0);
  /** 1 when such a pod fits (NodeResourcesFit filter); else the reasons are on the NodeState. */
  memoFits = new Uint8Array(0);
  /** The profile number memoFit and memoBalanced were computed for. */
  memoScoredFor = new Int32Array(0);
  memoFit = new Int32Array(0);
  memoBalanced = new Int32Array(0);

  /** Makes room for slots below `slots`, growing every typed-array field; reset() a slot before use. */
  ensure(slots: number): void {
    if (slots <= this.capacity) return;
    const capacity = Math.max(slots, 2 * this.capacity, 64);
    for (const key of Object.keys(this) as Array<keyof this>) {
      const old = this[key];
      if (!(old instanceof Uint8Array || old instanceof Int32Array)) continue;
      const grown = new (old.constructor as Int32ArrayConstructor)(capacity);
      grown.set(old);
      this[key] = grown as this[keyof this];
    }
    this.capacity = capacity;
  }

  /** Clears a slot for a node entering it: no flags, versions 0, every memo empty. */
  reset(slot: number): void {
    this.flags[slot] = 0;
    this.requestsVersion[slot] = 0;
    this.allocatableVersion[slot] = 0;
    this.memoRequestsVersion[slot] = NO_MEMO;
    this.memoAllocatableVersion[slot] = NO_MEMO;
    this.memoRequestKey[slot] = NO_MEMO;
    this.memoFits[slot] = 0;
    this.memoScoredFor[slot] = NO_MEMO;
    this.memoFit[slot] = 0;
    this.memoBalanced[slot] = 0;
  }
}
