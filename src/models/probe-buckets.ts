// The node lifecycle controller's search for nodes whose probe time went stale. Each node waits in
// one bucket, that of a probe time it had; when a bucket's time is past the grace period, its
// nodes whose probe time is still that old are stale, and the others move to the bucket of the
// probe time they have now. A node whose probe time moves at every other tick (a lease renewed
// every 10 s) thus moves once per grace period, where a FIFO of every probe time set took an
// entry in and out at every move.

export class ProbeBuckets {
  /** Nodes by the time of their bucket. */
  private readonly buckets = new Map<number, number[]>();
  /** The bucket times, ascending. */
  private readonly times: number[] = [];
  /** Per node index: its bucket's time, or undefined when it is in none. */
  private readonly bucketOf: Array<number | undefined> = [];

  /**
   * The node's probe time is now `time`, not earlier than the time of any bucket taken by
   * takeExpired. A node already in a bucket stays there (it moves when that bucket expires).
   */
  note(node: number, time: number): void {
    if (this.bucketOf[node] === undefined) this.add(node, time);
  }

  /**
   * Empties the buckets whose time is before `limit`, oldest first: each of their nodes whose
   * probe time (probeTimeOf) is before `limit` is passed to `stale`; the others go to the bucket
   * of their probe time.
   */
  takeExpired(limit: number, probeTimeOf: (node: number) => number, stale: (node: number) => void): void {
    while (this.times.length > 0 && (this.times[0] as number) < limit) {
      const time = this.times.shift() as number;
      const nodes = this.buckets.get(time) as number[];
      this.buckets.delete(time);
      for (const node of nodes) {
        this.bucketOf[node] = undefined;
        const probe = probeTimeOf(node);
        if (probe < limit) stale(node);
        else this.add(node, probe);
      }
    }
  }

  private add(node: number, time: number): void {
    let nodes = this.buckets.get(time);
    if (nodes === undefined) {
      nodes = [];
      this.buckets.set(time, nodes);
      let at = this.times.length; // usually the newest time: appended
      while (at > 0 && (this.times[at - 1] as number) > time) at--;
      this.times.splice(at, 0, time);
    }
    nodes.push(node);
    this.bucketOf[node] = time;
  }
}
