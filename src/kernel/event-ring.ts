// A first-in first-out queue of (time, tag) entries in a ring buffer of two Float64Arrays: the
// storage of one fixed-delay lane (see event-set.ts). Entries scheduled at now + one constant
// delay arrive already sorted by (time, seq), since now never decreases and seq always increases,
// so a FIFO keeps them in order at O(1) per push and shift, where the heap pays O(log n) for
// each. The capacity is a power of two (an index wraps with a mask) and doubles when full;
// nothing is allocated per entry. Exported for any FIFO of (time, number) pairs in time order.

export class EventRing {
  private times: Float64Array;
  private tags: Float64Array;
  private mask: number;
  private head = 0;
  size = 0;

  constructor(initialCapacity = 1024) {
    let capacity = 16;
    while (capacity < initialCapacity) capacity *= 2;
    this.times = new Float64Array(capacity);
    this.tags = new Float64Array(capacity);
    this.mask = capacity - 1;
  }

  /** Time of the oldest entry; only valid while size > 0. */
  headTime(): number {
    return this.times[this.head] as number;
  }

  /** Tag of the oldest entry; only valid while size > 0. */
  headTag(): number {
    return this.tags[this.head] as number;
  }

  /** Appends an entry; the caller guarantees it sorts after every entry already queued. */
  push(time: number, tag: number): void {
    if (this.size === this.times.length) this.grow();
    const i = (this.head + this.size) & this.mask;
    this.times[i] = time;
    this.tags[i] = tag;
    this.size++;
  }

  /** Removes the oldest entry; only valid while size > 0. */
  shift(): void {
    this.head = (this.head + 1) & this.mask;
    this.size--;
  }

  private grow(): void {
    const capacity = this.times.length * 2;
    const times = new Float64Array(capacity);
    const tags = new Float64Array(capacity);
    // Unwrap: the entries from head to the end of the old arrays, then those from its start.
    const firstPart = this.times.length - this.head;
    times.set(this.times.subarray(this.head));
    times.set(this.times.subarray(0, this.head), firstPart);
    tags.set(this.tags.subarray(this.head));
    tags.set(this.tags.subarray(0, this.head), firstPart);
    this.times = times;
    this.tags = tags;
    this.mask = capacity - 1;
    this.head = 0;
  }
}
