// Cluster Autoscaler expanders: choosing which node group to scale up among the options the
// estimator produced. Each expander is a filter (options in, best options out); `--expander`
// names several, which are chained, and a final random choice breaks the remaining ties.
//
// Upstream (kubernetes/autoscaler cluster-autoscaler/expander/...):
//   waste/waste.go            least-waste: wasted cpu + wasted memory fraction, node Capacity based
//   mostpods/mostpods.go      most-pods
//   leastnodes/leastnodes.go  least-nodes
//   random/random.go          random (rand.Int31n)
//   priority/priority.go      priority: ConfigMap cluster-autoscaler-priority-expander, key "priorities"
//   factory/chain.go          chainStrategy.BestOption
//
// Simplifications: randomness is a caller-supplied `pick(n) => index in [0, n)` (seeded by the
// simulator); the priority configuration is given parsed (priority → list of regexes) and the
// regexes are JavaScript RegExp, which agree with Go RE2 on the usual patterns; an empty or
// invalid configuration filters nothing, as upstream ignores a bad ConfigMap. The price and gRPC
// expanders are not modelled.

export interface ExpansionPod {
  readonly cpuMilli: number;
  readonly memoryBytes: number;
}

export interface ExpansionOption {
  /** Node group id (what the priority regexes match). */
  readonly nodeGroupId: string;
  /** Number of nodes the estimator says the group needs. */
  readonly nodeCount: number;
  /** Pods the scale-up would schedule. */
  readonly pods: readonly ExpansionPod[];
  /**
   * Status.capacity of the group's template node (least-waste). An option without it is skipped
   * by least-waste, as upstream skips a group without node info.
   */
  readonly nodeCapacity?: { readonly cpuMilli: number; readonly memoryBytes: number } | undefined;
}

export type ExpanderFilter = <T extends ExpansionOption>(options: readonly T[]) => T[];

/** Random index in [0, n). */
export type Pick = (n: number) => number;

/** Least-waste score: (capCpu·n − Σcpu)/(capCpu·n) + (capMem·n − Σmem)/(capMem·n). */
export function wastedScore(option: ExpansionOption): number | undefined {
  const capacity = option.nodeCapacity;
  if (capacity === undefined) return undefined;
  let cpu = 0;
  let memory = 0;
  for (const pod of option.pods) {
    cpu += pod.cpuMilli;
    memory += pod.memoryBytes;
  }
  const availCpu = capacity.cpuMilli * option.nodeCount;
  const availMemory = capacity.memoryBytes * option.nodeCount;
  return (availCpu - cpu) / availCpu + (availMemory - memory) / availMemory;
}

/** least-waste: the options with the lowest wasted score; ties kept, in input order. */
export function leastWaste<T extends ExpansionOption>(options: readonly T[]): T[] {
  let least = 0;
  let best: T[] | undefined;
  for (const option of options) {
    const score = wastedScore(option);
    if (score === undefined) continue;
    if (best !== undefined && score === least) best.push(option);
    if (best === undefined || score < least) {
      least = score;
      best = [option];
    }
  }
  return best ?? [];
}

/**
 * most-pods: the options scheduling the most pods (ties kept). As upstream, the running maximum
 * starts at 0, so options with no pods are kept while nothing better has been seen.
 */
export function mostPods<T extends ExpansionOption>(options: readonly T[]): T[] {
  let max = 0;
  let best: T[] = [];
  for (const option of options) {
    if (option.pods.length === max) {
      best.push(option);
      continue;
    }
    if (option.pods.length > max) {
      max = option.pods.length;
      best = [option];
    }
  }
  return best;
}

/** least-nodes: the options needing the fewest nodes (ties kept); options with 0 nodes are ignored. */
export function leastNodes<T extends ExpansionOption>(options: readonly T[]): T[] {
  let least = Number.POSITIVE_INFINITY;
  let best: T[] = [];
  for (const option of options) {
    if (option.nodeCount === 0) continue;
    if (option.nodeCount === least) {
      best.push(option);
      continue;
    }
    if (option.nodeCount < least) {
      least = option.nodeCount;
      best = [option];
    }
  }
  return best;
}

/** random: one option chosen with `pick`, or none when there are no options. */
export function randomOption<T extends ExpansionOption>(options: readonly T[], pick: Pick): T[] {
  if (options.length === 0) return [];
  const chosen = options[pick(options.length)];
  if (chosen === undefined) throw new RangeError(`pick(${options.length}) returned an index out of range`);
  return [chosen];
}

/** Priority expander configuration: priority → regexes on the node group id (YAML `priorities`). */
export type PriorityConfig = ReadonlyMap<number, readonly (string | RegExp)[]> | Readonly<Record<number, readonly (string | RegExp)[]>>;

function compilePriorities(config: PriorityConfig): Array<[number, RegExp[]]> | undefined {
  const entries: Array<[number, readonly (string | RegExp)[]]> =
    config instanceof Map ? [...config.entries()] : Object.entries(config).map(([k, v]) => [Number(k), v as readonly (string | RegExp)[]]);
  if (entries.length === 0) return undefined;
  try {
    // Stateless matching: drop the g/y flags, whose lastIndex would make test() stateful.
    const compile = (p: string | RegExp): RegExp => (typeof p === 'string' ? new RegExp(p) : new RegExp(p.source, p.flags.replace(/[gy]/g, '')));
    return entries.map(([priority, patterns]) => [priority, patterns.map(compile)]);
  } catch {
    return undefined;
  }
}

/**
 * priority: each option's priority is the highest priority with a regex matching its node group id
 * (unanchored search); the options with the highest such priority are kept. Options matching no
 * regex are dropped; if none matches (or the configuration is empty or invalid) all options are kept.
 */
export function priorityFilter<T extends ExpansionOption>(options: readonly T[], config: PriorityConfig): T[] {
  const priorities = compilePriorities(config);
  if (priorities === undefined) return [...options];
  let maxPriority = -1;
  let best: T[] = [];
  for (const option of options) {
    let optionPriority: number | undefined;
    for (const [priority, patterns] of priorities) {
      if (patterns.some((re) => re.test(option.nodeGroupId))) {
        optionPriority = optionPriority === undefined ? priority : Math.max(optionPriority, priority);
      }
    }
    if (optionPriority === undefined || optionPriority < maxPriority) continue;
    if (optionPriority > maxPriority) {
      maxPriority = optionPriority;
      best = [];
    }
    best.push(option);
  }
  return best.length === 0 ? [...options] : best;
}

export type ExpanderName = 'least-waste' | 'most-pods' | 'least-nodes' | 'random' | 'priority';

export interface ExpanderConfig {
  /** Required when the chain names `priority`. */
  readonly priorities?: PriorityConfig | undefined;
}

/** The filter `--expander=<name>` stands for. */
export function expanderFilter(name: ExpanderName, config: ExpanderConfig, pick: Pick): <T extends ExpansionOption>(options: readonly T[]) => T[] {
  switch (name) {
    case 'least-waste':
      return leastWaste;
    case 'most-pods':
      return mostPods;
    case 'least-nodes':
      return leastNodes;
    case 'random':
      return (options) => randomOption(options, pick);
    case 'priority':
      return (options) => priorityFilter(options, config.priorities ?? {});
  }
}

/**
 * chainStrategy.BestOption: apply the named expanders in order, each to the survivors of the
 * previous one, stopping as soon as exactly one option is left; a random pick among the survivors
 * breaks any remaining tie. Returns undefined when nothing survives.
 */
export function bestOption<T extends ExpansionOption>(
  options: readonly T[],
  expanders: readonly ExpanderName[],
  pick: Pick,
  config: ExpanderConfig = {},
): T | undefined {
  let filtered: T[] = [...options];
  for (const name of expanders) {
    filtered = expanderFilter(name, config, pick)(filtered);
    if (filtered.length === 1) return filtered[0];
  }
  return randomOption(filtered, pick)[0];
}

/** `--expander` default: least-waste (older releases: random). */
export const DEFAULT_EXPANDERS: readonly ExpanderName[] = ['least-waste'];
