// The heap part of the pending-event set (see event-set.ts): a binary min-heap of (time, tag)
// entries, ordered by time then tag, held in two parallel Float64Arrays so that sifting compares
// contiguous numbers and allocates nothing. The tag (seq × 2^26 + slot) is made by EventSet;
// here it is only a number that breaks ties between equal times.
//
// Why not the fastpriorityqueue package that DESIGN.md first named: its comparator reads keys
// through the payload ids (an indirection per comparison); the hold-model benchmark put a kernel
// built on it at 0.37 / 0.22 of a bare typed heap at 1k / 100k pending events. Measured here on
// the heap alone (2M hold operations, best of 6): 4-ary with separate seq and slot arrays
// 9.1 / 4.7 M ops/s, binary with separate arrays 10.1 / 5.6, binary with packed tags 11.1 / 6.3.

export class EventHeap {
  private times: Float64Array;
  private tags: Float64Array;
  size = 0;

  constructor(initialCapacity = 1024) {
    const capacity = Math.max(16, initialCapacity);
    this.times = new Float64Array(capacity);
    this.tags = new Float64Array(capacity);
  }

  /** Time of the earliest entry; only valid while size > 0. */
  topTime(): number {
    return this.times[0] as number;
  }

  /** Tag of the earliest entry; only valid while size > 0. */
  topTag(): number {
    return this.tags[0] as number;
  }

  /** Adds an entry (O(1) when it sorts after every pending entry, as when rebuilding in order). */
  push(time: number, tag: number): void {
    if (this.size === this.times.length) this.grow();
    this.siftUp(time, tag);
  }

  /** Removes the earliest entry; only valid while size > 0. */
  pop(): void {
    const times = this.times;
    const tags = this.tags;
    const size = --this.size;
    const time = times[size] as number;
    const tag = tags[size] as number;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= size) break;
      let childTime = times[child] as number;
      let childTag = tags[child] as number;
      const right = child + 1;
      if (right < size) {
        const rightTime = times[right] as number;
        if (rightTime < childTime || (rightTime === childTime && (tags[right] as number) < childTag)) {
          child = right;
          childTime = rightTime;
          childTag = tags[right] as number;
        }
      }
      if (time < childTime || (time === childTime && tag < childTag)) break;
      times[i] = childTime;
      tags[i] = childTag;
      i = child;
    }
    times[i] = time;
    tags[i] = tag;
  }

  private siftUp(time: number, tag: number): void {
    const times = this.times;
    const tags = this.tags;
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const parentTime = times[parent] as number;
      if (parentTime < time || (parentTime === time && (tags[parent] as number) < tag)) break;
      times[i] = parentTime;
      tags[i] = tags[parent] as number;
      i = parent;
    }
    times[i] = time;
    tags[i] = tag;
  }

  private grow(): void {
    const capacity = this.times.length * 2;
    const times = new Float64Array(capacity);
    times.set(this.times);
    const tags = new Float64Array(capacity);
    tags.set(this.tags);
    this.times = times;
    this.tags = tags;
  }
}
