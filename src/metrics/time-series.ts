// The rows of timeseries.csv: one per output interval, with the state at its end and the
// requests of the interval.

import { toSeconds, type Millis } from '../kernel/index.js';
import type { ServiceState } from '../models/traffic.js';
import type { ClusterSample } from './cluster-recorder.js';

export interface TimeSeriesRow {
  time: number;
  nodes: number;
  podsRunning: number;
  podsPending: number;
  services: Array<{ endpoints: number; serving: number; offeredRps: number; servedRps: number }>;
  /** Replicas of each HPA's target. */
  hpaReplicas: number[];
  computeCost: number;
}

export class TimeSeries {
  readonly rows: TimeSeriesRow[] = [];
  private last: Millis = 0;

  constructor(
    readonly services: readonly string[],
    readonly interval: Millis,
    readonly hpas: readonly string[] = [],
  ) {}

  add(sample: ClusterSample, perService: Map<string, { offered: number; served: number; state: ServiceState }>, computeCost: number, hpaReplicas: number[] = []): void {
    const seconds = toSeconds(sample.time - this.last) || 1;
    this.last = sample.time;
    this.rows.push({
      time: toSeconds(sample.time),
      nodes: sample.nodes,
      podsRunning: sample.podsRunning,
      podsPending: sample.podsPending,
      services: this.services.map((name) => {
        const s = perService.get(name);
        return { endpoints: s?.state.endpoints ?? 0, serving: s?.state.serving ?? 0, offeredRps: (s?.offered ?? 0) / seconds, servedRps: (s?.served ?? 0) / seconds };
      }),
      hpaReplicas,
      computeCost,
    });
  }
}
