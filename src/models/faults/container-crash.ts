// ContainerCrash faults: the containers of a workload's pods crash after running for a time
// drawn from `timeBetweenFailures` (exponential with the MTBF when `mtbf` is given), counted
// from each (re)start; the kubelet then restarts them with CrashLoopBackOff. Random stream:
// "faults.containerCrash/<namespace>/<pod>" per pod, so pods never shift each other's draws.

import type { EventKind, Simulation, RandomStreams } from '../../kernel/index.js';
import type { PodObject } from '../api/objects.js';
import { selectorMatches } from '../api/selectors.js';
import type { ContainerCrashConfig } from '../config.js';
import type { ContainerListener, Kubelets } from '../kubelet.js';

export class ContainerCrashes implements ContainerListener {
  crashes = 0;
  private readonly crashKind: EventKind<{ pod: PodObject; restartCount: number }>;

  constructor(
    private readonly sim: Simulation,
    private readonly streams: RandomStreams,
    kubelets: Kubelets,
    private readonly configs: readonly ContainerCrashConfig[],
  ) {
    this.crashKind = sim.define('fault.containerCrash', ({ pod, restartCount }) => {
      // Only the run this crash was drawn for: a restart since then drew its own.
      if (pod.status.restartCount === restartCount && kubelets.crashContainer(pod)) this.crashes++;
    });
    if (configs.length > 0) kubelets.addContainerListener(this);
  }

  containerStarted(pod: PodObject): void {
    for (const config of this.configs) {
      if (config.namespace !== pod.metadata.namespace || !selectorMatches(config.selector, pod.metadata.labels)) continue;
      const stream = this.streams.get(`faults.containerCrash/${pod.metadata.namespace}/${pod.metadata.name}`);
      this.sim.after(config.timeBetweenFailures.sample(stream), this.crashKind, { pod, restartCount: pod.status.restartCount });
    }
  }
}
