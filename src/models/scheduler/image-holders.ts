// Which nodes hold each container image, as one byte per node slot per image: ImageLocality
// scoring asks "does this node hold the pod's image?" for hundreds of nodes per pod, and a byte
// at the node's slot answers without reading the node's image list. ClusterSnapshot keeps it
// equal to each node's reported images (NodeState.images) from the moment it copies them.
// Slots are not reused, so a removed node's bytes are never read again and are left as they are.

import { replaceNames } from '../sorted-names.js';

export class ImageHolders {
  private readonly byImage = new Map<string, Uint8Array>();
  private capacity = 0;

  /** Per slot, 1 where the node holds the image (a shared array: do not modify). */
  of(image: string): Uint8Array {
    let holders = this.byImage.get(image);
    if (holders === undefined) {
      holders = new Uint8Array(this.capacity);
      this.byImage.set(image, holders);
    }
    return holders;
  }

  /** Makes room for slots below `slots`. */
  ensure(slots: number): void {
    if (slots <= this.capacity) return;
    const capacity = Math.max(slots, 2 * this.capacity, 64);
    for (const [image, holders] of this.byImage) {
      const grown = new Uint8Array(capacity);
      grown.set(holders);
      this.byImage.set(image, grown);
    }
    this.capacity = capacity;
  }

  /**
   * The node in `slot` now holds `after` instead of `before`; returns whether `after` is strictly
   * sorted. Lists the kubelet reports are sorted and gain one image at a time: diffing the two
   * touches only the new image (`beforeSorted` false makes it redo the whole list).
   */
  replace(slot: number, before: readonly string[], beforeSorted: boolean, after: readonly string[]): boolean {
    return replaceNames(
      before,
      beforeSorted,
      after,
      (image) => void (this.of(image)[slot] = 0),
      (image) => void (this.of(image)[slot] = 1),
    );
  }
}
