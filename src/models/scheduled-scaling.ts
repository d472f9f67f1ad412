// Scheduled scaling: changes at times of day on chosen days of the week (virtual time 0 is
// Monday 00:00), such as "scale the dev cluster to zero at the weekend". A change sets a node
// pool's autoscaling bounds (the cluster autoscaler then adds or removes nodes; a pool above its
// new max loses its newest nodes at once, as a cloud node group does when its max drops) or a
// Deployment's or StatefulSet's replicas (its controller does the rest).

import { DAY, type EventKind, type Millis, type Simulation } from '../kernel/index.js';
import type { ObjectStore } from './api/store.js';
import type { ClusterAutoscaler } from './autoscaling/cluster-autoscaler/cluster-autoscaler.js';
import type { ScheduledChange } from './config.js';

export class ScheduledScaling {
  applied = 0;
  private readonly applyKind: EventKind<ScheduledChange>;

  constructor(
    private readonly sim: Simulation,
    private readonly store: ObjectStore,
    private readonly autoscaler: ClusterAutoscaler,
    private readonly changes: readonly ScheduledChange[],
  ) {
    this.applyKind = sim.define('scheduled-scaling.apply', (change: ScheduledChange) => {
      this.apply(change);
      this.scheduleNext(change, this.sim.now + 1);
    });
  }

  start(): void {
    for (const change of this.changes) this.scheduleNext(change, this.sim.now);
  }

  /** The first time at or after `from` that the change applies. */
  static nextOccurrence(change: ScheduledChange, from: Millis): Millis {
    let day = Math.floor(from / DAY);
    for (let i = 0; i <= 7; i++, day++) {
      const time = day * DAY + change.timeOfDay;
      const weekday = ((day % 7) + 7) % 7;
      if (time >= from && (change.days.length === 0 || change.days.includes(weekday))) return time;
    }
    throw new Error('no occurrence within a week'); // days is a non-empty subset of 0..6
  }

  private scheduleNext(change: ScheduledChange, from: Millis): void {
    this.sim.at(ScheduledScaling.nextOccurrence(change, from), this.applyKind, change);
  }

  private apply(change: ScheduledChange): void {
    this.applied++;
    if (change.pool) this.autoscaler.setBounds(change.pool.name, change.pool.min, change.pool.max);
    if (change.workload) {
      const { kind, namespace, name, replicas } = change.workload;
      const target = kind === 'Deployment' ? this.store.get('Deployment', namespace, name) : this.store.get('StatefulSet', namespace, name);
      if (!target || target.spec.replicas === replicas) return;
      target.spec.replicas = replicas;
      target.metadata.generation++;
      this.store.update('autoscaler', target);
    }
  }
}
