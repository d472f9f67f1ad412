// A metrics-server: every `resolution` (15 s) it scrapes the CPU and memory usage of the pods
// the HorizontalPodAutoscalers look at, so autoscalers act on data up to one resolution old, as
// real ones do. Usage comes from PodUsage (base usage plus traffic); each sample gets seeded noise
// (normal, 5% of the value, stream "metrics-server.noise", drawn in pod-name order).
// Simplification: a sample is the usage at the scrape, not a rate averaged over the window.

import type { Millis, RandomStreams, Simulation } from '../../kernel/index.js';
import type { PodObject } from '../api/objects.js';
import type { PodUsage } from '../pod-usage.js';

export const METRIC_RESOLUTION: Millis = 15_000;
export const USAGE_NOISE = 0.05;

export interface UsageSample {
  /** millicores */
  cpu: number;
  /** bytes */
  memory: number;
  /** End of the sample's window (virtual ms). */
  timestamp: Millis;
  window: Millis;
}

export class MetricsServer {
  private readonly samples = new WeakMap<PodObject, UsageSample>();

  constructor(
    private readonly sim: Simulation,
    private readonly streams: RandomStreams,
    private readonly usage: PodUsage,
    /** The pods to scrape now (those some autoscaler targets). */
    private readonly podsToScrape: () => PodObject[],
    private readonly noiseFraction: number = USAGE_NOISE,
    readonly resolution: Millis = METRIC_RESOLUTION,
  ) {}

  start(): void {
    this.sim.every(this.resolution, () => this.scrape(), this.resolution, 'metrics-server.scrape');
  }

  /** The latest sample of the pod, if it was running at a scrape. */
  sample(pod: PodObject): UsageSample | undefined {
    return this.samples.get(pod);
  }

  private scrape(): void {
    const noise = this.streams.get('metrics-server.noise');
    const pods = this.podsToScrape().sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
    for (const pod of pods) {
      if (pod.status.phase !== 'Running') continue;
      const used = this.usage.usage(pod);
      const factor = (): number => Math.max(0, 1 + this.noiseFraction * gaussian(noise.next(), noise.next()));
      this.samples.set(pod, {
        cpu: Math.round(used.cpu * factor()),
        memory: Math.round(used.memory * factor()),
        timestamp: this.sim.now,
        window: this.resolution,
      });
    }
  }
}

/** A standard normal draw from two uniforms (Box–Muller). */
function gaussian(u1: number, u2: number): number {
  return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
}
