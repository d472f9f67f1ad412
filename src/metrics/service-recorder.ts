// Per Service availability, exactly in virtual time: the Service is up while at least `minReady`
// of its ready endpoints really serve (quorum: 2 of 3 for a 3-replica database). Measurement
// starts when the Service is first up: the cold start of the cluster is warm-up, reported
// separately, not downtime (a Service that never comes up is down for the whole run). Requests are
// integrated between state changes: offered = ∫ rate, served = ∫ servedRate (1 s steps, split at
// the rate's kinks). Downtime, incidents (up → down transitions) and per-interval sums for the
// time series are kept too, as is the union downtime of all Services with an objective (what the
// downtime cost is charged on). Observes, never mutates.

import { SECOND, type Millis } from '../kernel/index.js';
import { offeredRate, rateBreakpoints, servedRate, type ServiceState, type ServiceStateListener, type TrafficConfig } from '../models/traffic.js';

export interface ServiceSpec {
  name: string;
  minReady: number;
  objective: number | undefined;
  traffic: TrafficConfig | undefined;
}

interface ServiceBook {
  spec: ServiceSpec;
  state: ServiceState;
  since: Millis;
  up: boolean;
  /** When the Service was first up (measurement starts), or undefined while warming up. */
  measuredFrom: Millis | undefined;
  incidents: number;
  /** Measured down intervals, in order; the last one's end is undefined while it lasts. Downtime is their sum. */
  outages: Array<{ start: Millis; end: Millis | undefined }>;
  offered: number;
  served: number;
  intervalOffered: number;
  intervalServed: number;
  breakpoints: Millis[];
  /**
   * Per burst, over its ramp-up and hold: whether served requests are short of offered ones now,
   * when they last caught up again, and what failed meanwhile.
   */
  bursts: Array<{ at: Millis; end: Millis; short: boolean; everShort: boolean; caughtUpAt: Millis | undefined; failed: number }>;
}

/** Capacity has caught up when at least this share of the offered requests is served. */
export const CAUGHT_UP_SHARE = 0.999;

const STEP: Millis = 1 * SECOND;

export class ServiceRecorder implements ServiceStateListener {
  private readonly books = new Map<string, ServiceBook>();
  private siteDownSince: Millis | undefined;
  private siteDownMillis = 0;
  /** How many Services with an objective are down now (counted as they change: see downForSite). */
  private downForSiteCount = 0;
  private now: () => Millis;

  constructor(specs: readonly ServiceSpec[], now: () => Millis) {
    this.now = now;
    for (const spec of specs) {
      const up = spec.minReady <= 0;
      this.books.set(spec.name, {
        spec,
        state: { endpoints: 0, serving: 0 },
        since: 0,
        up,
        measuredFrom: up ? 0 : undefined,
        incidents: 0,
        outages: [],
        offered: 0,
        served: 0,
        intervalOffered: 0,
        intervalServed: 0,
        breakpoints: spec.traffic ? rateBreakpoints(spec.traffic) : [],
        bursts: (spec.traffic?.bursts ?? []).map((b) => ({ at: b.at, end: b.at + b.rampUp + b.hold, short: false, everShort: false, caughtUpAt: undefined, failed: 0 })),
      });
    }
    this.updateSite(0);
  }

  serviceStateChanged(service: string, state: ServiceState): void {
    const book = this.books.get(service);
    if (!book) return;
    const now = this.now();
    this.advance(book, now);
    const wasDownForSite = downForSite(book);
    book.state = state;
    const up = state.serving >= book.spec.minReady;
    if (book.up && !up) {
      book.incidents++;
      book.outages.push({ start: now, end: undefined });
    }
    if (!book.up && up && book.measuredFrom !== undefined) {
      const open = book.outages[book.outages.length - 1];
      if (open && open.end === undefined) open.end = now;
    }
    if (up && book.measuredFrom === undefined) book.measuredFrom = now;
    book.up = up;
    this.downForSiteCount += Number(downForSite(book)) - Number(wasDownForSite);
    this.updateSite(now);
  }

  /** Brings every Service's books up to `now`; returns and resets each one's interval sums. */
  sample(now: Millis): Map<string, { offered: number; served: number; state: ServiceState }> {
    const out = new Map<string, { offered: number; served: number; state: ServiceState }>();
    for (const [name, book] of this.books) {
      this.advance(book, now);
      out.set(name, { offered: book.intervalOffered, served: book.intervalServed, state: book.state });
      book.intervalOffered = 0;
      book.intervalServed = 0;
    }
    return out;
  }

  /** Final figures at `end` (call sample(end) first). */
  results(end: Millis): Array<{
    name: string;
    minReady: number;
    objective: number | undefined;
    /** Measured time: from first up to the end (the whole run if never up). */
    measuredMillis: number;
    warmupMillis: number;
    downMillis: number;
    incidents: number;
    offered: number;
    served: number;
    /** caughtUpAt: the burst start when it was never short; undefined when still short at its end. */
    bursts: Array<{ at: Millis; caughtUpAt: Millis | undefined; failed: number }>;
  }> {
    if (this.siteDownSince !== undefined) {
      this.siteDownMillis += end - this.siteDownSince;
      this.siteDownSince = end;
    }
    return [...this.books.values()].map((b) => ({
      name: b.spec.name,
      minReady: b.spec.minReady,
      objective: b.spec.objective,
      measuredMillis: b.measuredFrom === undefined ? end : end - b.measuredFrom,
      warmupMillis: b.measuredFrom ?? 0,
      downMillis: b.measuredFrom === undefined ? end : b.outages.reduce((sum, o) => sum + (o.end ?? end) - o.start, 0),
      incidents: b.incidents,
      offered: b.offered,
      served: b.served,
      bursts: b.bursts.map((burst) => ({
        at: burst.at,
        caughtUpAt: !burst.everShort ? burst.at : burst.short ? undefined : burst.caughtUpAt,
        failed: burst.failed,
      })),
    }));
  }

  /** Each Service's measured down intervals (after its warm-up); one still open is cut at `end`. */
  outages(end: Millis): Array<{ service: string; start: Millis; end: Millis }> {
    return [...this.books.values()].flatMap((b) => b.outages.map((o) => ({ service: b.spec.name, start: o.start, end: o.end ?? end })));
  }

  /** Time during which at least one Service with an objective was down. */
  get siteDowntimeMillis(): number {
    return this.siteDownMillis;
  }

  private updateSite(now: Millis): void {
    const down = this.downForSiteCount > 0;
    if (down && this.siteDownSince === undefined) this.siteDownSince = now;
    if (!down && this.siteDownSince !== undefined) {
      this.siteDownMillis += now - this.siteDownSince;
      this.siteDownSince = undefined;
    }
  }

  private advance(book: ServiceBook, now: Millis): void {
    if (now <= book.since) return;
    if (book.measuredFrom === undefined) {
      book.since = now; // warming up: nothing is measured yet
      return;
    }
    const traffic = book.spec.traffic;
    if (traffic) {
      let offered = 0;
      let served = 0;
      let t = book.since;
      while (t < now) {
        const kink = book.breakpoints.find((b) => b > t && b < now) ?? now;
        const end = Math.min(now, t + STEP, kink);
        const rate = offeredRate(traffic, (t + end) / 2); // midpoint rule
        const seconds = (end - t) / 1000;
        const servedNow = servedRate(rate, book.state, traffic.podCapacityRps);
        offered += rate * seconds;
        served += servedNow * seconds;
        for (const burst of book.bursts) {
          if (t < burst.at || t >= burst.end) continue;
          const short = servedNow < CAUGHT_UP_SHARE * rate;
          if (short) {
            burst.failed += (rate - servedNow) * seconds;
            burst.everShort = true;
          } else if (burst.short) {
            burst.caughtUpAt = t;
          }
          burst.short = short;
        }
        t = end;
      }
      book.offered += offered;
      book.served += served;
      book.intervalOffered += offered;
      book.intervalServed += served;
    }
    book.since = now;
  }
}

/** Whether the Service counts against the whole site's availability now: it has an objective and is down after first being up. */
function downForSite(book: ServiceBook): boolean {
  return book.spec.objective !== undefined && !book.up && book.measuredFrom !== undefined;
}
