// Loads a scenario: YAML (one or more documents) plus the manifest files its `manifests:` globs
// name, `--set` overrides, validation against the schema with file:line:column errors,
// cross-references (a traffic entry names a Service that exists...), then Kubernetes defaults.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { globSync } from 'tinyglobby';
import { parseDistribution, parseDuration, type Distribution, type Millis } from '../kernel/index.js';
import { KUBERNETES_DEFAULTS, PODSIM_DEFAULTS, resolveControlPlane, type ControlPlaneSettings } from './defaults.js';
import { describeValue, formatPath, InputError, issuesToError } from './errors.js';
import { manifest as manifestSchema, type Manifest } from './kubernetes-schema.js';
import {
  scenarioSchema,
  type AvailabilitySpec,
  type FailureSpec,
  type NodePool,
  type ScenarioFile,
  type ScheduledChangeSpec,
  type TrafficSpec,
} from './schema.js';
import { parseAssignment, resolvePath, setPath, SetPathError } from './set-path.js';
import { closest } from './spelling.js';
import { parseYamlDocuments, YamlSyntaxError, type Path, type SourceDocument } from './yaml-source.js';
import { CPU_USAGE_ANNOTATION, MEMORY_USAGE_ANNOTATION, RUN_DURATION_ANNOTATION } from './objects-from-manifests.js';
import { cpuMillis, memoryBytes, QUANTITY_FORMS } from './quantity.js';

export interface LoadOptions {
  /** `PATH=VALUE` overrides, applied before validation. */
  sets?: readonly string[];
  seed?: number;
  /** A duration string such as "2h". */
  duration?: string;
}

/** A node pool with every default filled in. */
export interface ResolvedNodePool {
  name: string;
  count: number;
  zones: string[];
  instanceType: string;
  capacity: { cpu: number; memory: number; pods: number };
  allocatable: { cpu: number; memory: number; pods: number };
  pricePerHour: number;
  spot: boolean;
  provisioningTime: Distribution;
  labels: Record<string, string>;
  taints: NonNullable<NodePool['taints']>;
  autoscaling: { min: number; max: number } | undefined;
}

/** A validated scenario with every default applied: what the simulation is built from. */
export interface Scenario {
  file: string;
  /** Every file the scenario was read from: itself, its manifest files and its traffic traces. */
  sourceFiles: string[];
  name: string;
  description: string;
  duration: Millis;
  seed: number;
  controlPlane: ControlPlaneSettings;
  podStartup: { imagePull: Distribution; containerStart: Distribution };
  /** Cluster autoscaler settings given in the scenario (the rest are its defaults). */
  clusterAutoscaler: NonNullable<ScenarioFile['spec']['clusterAutoscaler']>;
  nodePools: ResolvedNodePool[];
  workloads: Manifest[];
  traffic: TrafficSpec[];
  /** Traffic traces by Service: (time ms, rps) points read from the CSV files traffic[].trace names. */
  traces: Map<string, Array<{ time: Millis; rps: number }>>;
  availability: AvailabilitySpec[];
  failures: FailureSpec[];
  scheduledScaling: ScheduledChangeSpec[];
  pricing: { currency: string; downtimeCostPerMinute: number };
  outputInterval: Millis;
}

export function loadScenario(file: string, options: LoadOptions = {}): Scenario {
  const documents = readDocuments(file);
  const contents = documents.map((d) => d.toJS());
  const scenarioIndex = contents.findIndex((data) => kindOf(data) === 'Scenario');
  if (scenarioIndex < 0) throw noScenario(documents, contents);
  const secondIndex = contents.findIndex((data, i) => i > scenarioIndex && kindOf(data) === 'Scenario');
  if (secondIndex >= 0) {
    const second = documents[secondIndex] as SourceDocument;
    throw new InputError(file, second.locate(['kind']), 'kind', 'a second Scenario document; a file holds one Scenario (the others may be Kubernetes manifests)');
  }
  const source = documents[scenarioIndex] as SourceDocument;
  const data = source.toJS();
  const overrides = applySets(data, options.sets ?? []);

  const parsed = scenarioSchema.safeParse(data, { reportInput: true });
  if (!parsed.success) throw noteOverride(issuesToError(parsed.error.issues, source, scenarioSchema, data), overrides);
  const file$ = parsed.data;

  const workloads: Manifest[] = [...(file$.spec.workloads ?? [])];
  const origins: Array<{ source: SourceDocument; path: Path }> = workloads.map((_, i) => ({ source, path: ['spec', 'workloads', i] }));
  const extra = [
    ...documents.filter((_, i) => i !== scenarioIndex),
    ...(file$.spec.manifests ?? []).flatMap((pattern, i) => manifestDocuments(file, source, pattern, i)),
  ];
  for (const document of extra) {
    const raw = document.toJS();
    if (kindOf(raw) === 'Scenario') {
      throw new InputError(document.file, document.locate(['kind']), 'kind', `a Scenario in a manifest file (named by spec.manifests of ${file}); only Kubernetes manifests belong there`);
    }
    const result = manifestSchema.safeParse(raw, { reportInput: true });
    if (!result.success) throw issuesToError(result.error.issues, document, manifestSchema, raw);
    workloads.push(result.data);
    origins.push({ source: document, path: [] });
  }

  checkReferences(file$, workloads, origins, source);
  const traces = (file$.spec.traffic ?? []).flatMap((t) => (t.trace === undefined ? [] : [path.join(path.dirname(file), t.trace)]));
  const sourceFiles = [...new Set([file, ...extra.map((d) => d.file), ...traces])];
  return { ...resolve(file, file$, workloads, options, source), sourceFiles };
}

function readDocuments(file: string): SourceDocument[] {
  return readYamlFile(file, 'a scenario (kind: Scenario)');
}

/**
 * Reads a YAML file's documents; a missing file, a YAML syntax error or an empty file is an
 * InputError naming the file (and the position), `expected` saying what the file should hold.
 */
export function readYamlFile(file: string, expected: string): SourceDocument[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(file, undefined, '', code === 'ENOENT' ? 'no such file' : `cannot read the file (${code ?? String(error)})`);
  }
  let documents: SourceDocument[];
  try {
    documents = parseYamlDocuments(file, text);
  } catch (error) {
    if (error instanceof YamlSyntaxError) throw new InputError(file, error.position, '', error.detail);
    throw error;
  }
  if (documents.length === 0) throw new InputError(file, { line: 1, column: 1 }, '', `the file is empty: expected ${expected}`);
  return documents;
}

/**
 * No document says "kind: Scenario": point at the kind of the document that was meant to be the
 * scenario (the one with a podsim apiVersion, or a kind close to "Scenario", or the first).
 */
function noScenario(documents: SourceDocument[], contents: unknown[]): InputError {
  const apiVersion = (data: unknown): unknown => (isMap(data) ? data.apiVersion : undefined);
  let index = contents.findIndex((data) => String(apiVersion(data)).startsWith('podsim.dev/'));
  if (index < 0) index = contents.findIndex((data) => typeof kindOf(data) === 'string' && closest(kindOf(data) as string, ['Scenario']) !== undefined);
  if (index < 0) index = 0;
  const document = documents[index] as SourceDocument;
  const data = contents[index];
  const header = 'apiVersion: podsim.dev/v1alpha1 and kind: Scenario';
  if (!isMap(data)) return new InputError(document.file, document.locate([]), '', `expected a map with ${header}, found ${describeValue(data)}`);
  const kind = data.kind;
  if (kind === undefined) {
    const misspelt = Object.keys(data).find((key) => closest(key, ['kind']) !== undefined);
    if (misspelt !== undefined) return new InputError(document.file, document.locate([misspelt], { key: true }), misspelt, `unknown key "${misspelt}"; did you mean "kind"?`);
    return new InputError(document.file, document.locate(['kind']), 'kind', `is required (a scenario has ${header})`);
  }
  const guess = typeof kind === 'string' ? closest(kind, ['Scenario']) : undefined;
  const detail = guess
    ? `expected "Scenario", found ${describeValue(kind)}; did you mean "Scenario"?`
    : `expected "Scenario", found ${describeValue(kind)}; the file has no Scenario document (one with ${header})`;
  return new InputError(document.file, document.locate(['kind']), 'kind', detail);
}

function isMap(data: unknown): data is Record<string, unknown> {
  return data !== null && typeof data === 'object' && !Array.isArray(data);
}

function kindOf(data: unknown): unknown {
  return data !== null && typeof data === 'object' ? (data as { kind?: unknown }).kind : undefined;
}

/** Applies --set overrides; returns the field paths they changed (index form) → the assignment. */
function applySets(data: unknown, sets: readonly string[]): Map<string, string> {
  const changed = new Map<string, string>();
  for (const assignment of sets) {
    try {
      const { path: target, value } = parseAssignment(assignment);
      setPath(data, target, value);
      changed.set(formatPath(resolvePath(data, target)), assignment);
    } catch (error) {
      if (error instanceof SetPathError) throw new InputError('--set', undefined, '', `${error.message} (in --set ${assignment})`);
      throw error;
    }
  }
  return changed;
}

/** An error about a value that came from --set says so: its line is not where the value is. */
function noteOverride(error: InputError, overrides: Map<string, string>): InputError {
  for (const [field, assignment] of overrides) {
    if (error.fieldPath === field || error.fieldPath.startsWith(`${field}.`) || error.fieldPath.startsWith(`${field}[`)) {
      return new InputError(error.file, error.position, error.fieldPath, `${error.detail} (the value comes from --set ${assignment})`);
    }
  }
  return error;
}

function manifestDocuments(file: string, scenario: SourceDocument, pattern: string, index: number): SourceDocument[] {
  const base = path.dirname(file);
  const files = globSync(pattern, { cwd: base, absolute: false, onlyFiles: true }).sort();
  if (files.length === 0) {
    throw new InputError(file, scenario.locate(['spec', 'manifests', index]), `spec.manifests[${index}]`, `the pattern "${pattern}" matches no file (relative to ${base || '.'})`);
  }
  return files.flatMap((relative) => readDocuments(path.join(base, relative)));
}

function checkReferences(
  file: ScenarioFile,
  workloads: Manifest[],
  origins: Array<{ source: SourceDocument; path: Path }>,
  source: SourceDocument,
): void {
  const fail = (where: Path, detail: string, document: SourceDocument = source, prefix: Path = []): never => {
    throw new InputError(document.file, document.locate([...prefix, ...where]), formatPath([...prefix, ...where]), detail);
  };
  const spec = file.spec;

  const poolNames = new Set<string>();
  spec.nodePools.forEach((pool, i) => {
    if (poolNames.has(pool.name)) fail(['spec', 'nodePools', i, 'name'], `a second node pool named "${pool.name}"; pool names must be unique`);
    poolNames.add(pool.name);
    if (pool.autoscaling && pool.autoscaling.min > pool.autoscaling.max) {
      fail(['spec', 'nodePools', i, 'autoscaling'], `min (${pool.autoscaling.min}) is above max (${pool.autoscaling.max})`);
    }
    if (pool.autoscaling && (pool.count < pool.autoscaling.min || pool.count > pool.autoscaling.max)) {
      fail(['spec', 'nodePools', i, 'count'], `the pool starts with ${pool.count} nodes, outside its autoscaling bounds [${pool.autoscaling.min}, ${pool.autoscaling.max}]`);
    }
    const reserved = pool.reserved ?? {};
    if ((reserved.cpu ?? 0) > pool.capacity.cpu) fail(['spec', 'nodePools', i, 'reserved', 'cpu'], 'reserves more CPU than the node has');
    if ((reserved.memory ?? 0) > pool.capacity.memory) fail(['spec', 'nodePools', i, 'reserved', 'memory'], 'reserves more memory than the node has');
  });

  const seen = new Map<string, number>();
  workloads.forEach((workload, i) => {
    const key = `${workload.kind}/${workload.metadata.namespace ?? 'default'}/${workload.metadata.name}`;
    const origin = origins[i] as { source: SourceDocument; path: Path };
    if (seen.has(key)) fail(['metadata', 'name'], `a second ${workload.kind} named "${workload.metadata.name}"`, origin.source, origin.path);
    if ('template' in workload.spec) checkPodsimAnnotations(workload.spec.template.metadata?.annotations ?? {}, (annotation, detail) =>
      fail(['spec', 'template', 'metadata', 'annotations', annotation], detail, origin.source, origin.path),
    );
    seen.set(key, i);
    if ('spec' in workload && 'selector' in workload.spec && 'template' in workload.spec && workload.spec.selector) {
      const selector = workload.spec.selector.matchLabels ?? {};
      const labels = workload.spec.template.metadata?.labels ?? {};
      for (const [k, v] of Object.entries(selector)) {
        if (labels[k] !== v) {
          fail(['spec', 'template', 'metadata', 'labels'], `the selector's ${k}: ${v} does not match the template's labels (Kubernetes rejects this: "selector does not match template labels")`, origin.source, origin.path);
        }
      }
    }
  });
  // An HPA or a VPA must point at a Deployment or StatefulSet of the scenario.
  workloads.forEach((workload, i) => {
    if (workload.kind !== 'HorizontalPodAutoscaler' && workload.kind !== 'VerticalPodAutoscaler') return;
    const origin = origins[i] as { source: SourceDocument; path: Path };
    const refKey = workload.kind === 'HorizontalPodAutoscaler' ? 'scaleTargetRef' : 'targetRef';
    const ref = workload.kind === 'HorizontalPodAutoscaler' ? workload.spec.scaleTargetRef : workload.spec.targetRef;
    const targets = workloads.filter((w) => w.kind === ref.kind && (w.kind === 'Deployment' || w.kind === 'StatefulSet')).map((w) => w.metadata.name);
    if (ref.kind !== 'Deployment' && ref.kind !== 'StatefulSet') {
      fail(['spec', refKey, 'kind'], `expected Deployment or StatefulSet (what podsim can scale), found "${ref.kind}"`, origin.source, origin.path);
    }
    if (!targets.includes(ref.name)) {
      const guess = closest(ref.name, targets);
      fail(['spec', refKey, 'name'], `no ${ref.kind} named "${ref.name}"${guess ? `; did you mean "${guess}"?` : ''}`, origin.source, origin.path);
    }
    if (workload.kind === 'HorizontalPodAutoscaler' && (workload.spec.minReplicas ?? 1) > workload.spec.maxReplicas) {
      fail(['spec', 'minReplicas'], `minReplicas (${workload.spec.minReplicas}) is above maxReplicas (${workload.spec.maxReplicas})`, origin.source, origin.path);
    }
  });

  const services = workloads.filter((w) => w.kind === 'Service').map((w) => w.metadata.name);
  const checkService = (name: string, where: Path): void => {
    if (!services.includes(name)) {
      const guess = closest(name, services);
      fail(where, `no Service named "${name}"${guess ? `; did you mean "${guess}"?` : ''}${services.length ? ` (Services: ${services.join(', ')})` : ' (the scenario defines no Service)'}`);
    }
  };
  (spec.traffic ?? []).forEach((t, i) => checkService(t.service, ['spec', 'traffic', i, 'service']));
  (spec.availability ?? []).forEach((a, i) => checkService(a.service, ['spec', 'availability', i, 'service']));

  (spec.scheduledScaling ?? []).forEach((change, i) => {
    const where = ['spec', 'scheduledScaling', i];
    if ((change.pool === undefined) === (change.workload === undefined)) fail(where, 'give either pool (with min and max) or workload (with replicas)');
    if (change.pool !== undefined) {
      const pool = spec.nodePools.find((p) => p.name === change.pool);
      if (!pool) fail([...where, 'pool'], `no node pool named "${change.pool}"`);
      else if (!pool.autoscaling) fail([...where, 'pool'], `the pool "${change.pool}" has no autoscaling bounds to change; give it autoscaling: {min, max}`);
      if (change.min === undefined || change.max === undefined) fail(where, 'a pool change needs both min and max');
      else if (change.min > change.max) fail([...where, 'min'], `min (${change.min}) is above max (${change.max})`);
    }
    if (change.workload !== undefined) {
      const names = workloads.filter((w) => w.kind === 'Deployment' || w.kind === 'StatefulSet').map((w) => w.metadata.name);
      if (!names.includes(change.workload)) {
        const guess = closest(change.workload, names);
        fail([...where, 'workload'], `no Deployment or StatefulSet named "${change.workload}"${guess ? `; did you mean "${guess}"?` : ''}`);
      }
      if (change.replicas === undefined) fail(where, 'a workload change needs replicas');
    }
  });

  const nodeNames = new Set(spec.nodePools.flatMap((pool) => Array.from({ length: pool.count }, (_, j) => `${pool.name}-${j}`)));
  (spec.failures ?? []).forEach((failure, i) => {
    if (failure.type === 'ContainerCrash') {
      const workloadNames = workloads.filter((w) => ['Deployment', 'StatefulSet', 'DaemonSet', 'Job'].includes(w.kind)).map((w) => w.metadata.name);
      if (!workloadNames.includes(failure.workload)) {
        const guess = closest(failure.workload, workloadNames);
        fail(['spec', 'failures', i, 'workload'], `no Deployment, StatefulSet, DaemonSet or Job named "${failure.workload}"${guess ? `; did you mean "${guess}"?` : ''}`);
      }
      if ((failure.mtbf === undefined) === (failure.timeBetweenFailures === undefined)) {
        fail(['spec', 'failures', i], 'give exactly one of mtbf (mean running time between crashes) or timeBetweenFailures (a distribution)');
      }
    } else if ('pools' in failure) {
      failure.pools.forEach((pool, j) => {
        if (!poolNames.has(pool)) {
          const guess = closest(pool, poolNames);
          fail(['spec', 'failures', i, 'pools', j], `no node pool named "${pool}"${guess ? `; did you mean "${guess}"?` : ''}`);
        }
      });
      if ((failure.mtbf === undefined) === (failure.timeBetweenFailures === undefined)) {
        fail(['spec', 'failures', i], 'give exactly one of mtbf (a mean time between failures per node) or timeBetweenFailures (a distribution)');
      }
    } else if (!nodeNames.has(failure.node)) {
      const guess = closest(failure.node, nodeNames);
      fail(['spec', 'failures', i, 'node'], `no node named "${failure.node}" (nodes are named <pool>-<i>, from 0 to count-1)${guess ? `; did you mean "${guess}"?` : ''}`);
    }
  });
}

function resolve(file: string, data: ScenarioFile, workloads: Manifest[], options: LoadOptions, source: SourceDocument): Omit<Scenario, 'sourceFiles'> {
  const spec = data.spec;
  let duration = spec.duration ?? PODSIM_DEFAULTS.duration;
  if (options.duration !== undefined) {
    try {
      duration = parseDuration(options.duration);
    } catch (error) {
      throw new InputError('--duration', undefined, '', `expected a duration such as 2h or 7d, found ${describeValue(options.duration)} (${(error as Error).message})`);
    }
  }
  if (duration <= 0) throw new InputError(file, source.locate(['spec', 'duration']), 'spec.duration', 'expected a positive duration');
  const podStartup = spec.podStartup ?? {};
  return {
    file,
    name: data.metadata.name,
    description: data.metadata.description ?? '',
    duration,
    seed: options.seed ?? spec.seed ?? PODSIM_DEFAULTS.seed,
    controlPlane: resolveControlPlane(spec.controlPlane),
    podStartup: {
      imagePull: podStartup.imagePull ?? parseDistribution(PODSIM_DEFAULTS.imagePull, 'duration'),
      containerStart: podStartup.containerStart ?? parseDistribution(PODSIM_DEFAULTS.containerStart, 'duration'),
    },
    clusterAutoscaler: spec.clusterAutoscaler ?? {},
    nodePools: spec.nodePools.map(resolvePool),
    workloads,
    traffic: spec.traffic ?? [],
    traces: readTraces(file, spec.traffic ?? [], source),
    availability: spec.availability ?? [],
    failures: spec.failures ?? [],
    scheduledScaling: spec.scheduledScaling ?? [],
    pricing: {
      currency: spec.pricing?.currency ?? PODSIM_DEFAULTS.currency,
      downtimeCostPerMinute: spec.pricing?.downtimeCostPerMinute ?? 0,
    },
    outputInterval: spec.output?.interval ?? PODSIM_DEFAULTS.outputInterval,
  };
}

function resolvePool(pool: NodePool): ResolvedNodePool {
  const pods = pool.capacity.pods ?? KUBERNETES_DEFAULTS.maxPods;
  const reserved = { cpu: pool.reserved?.cpu ?? 0, memory: pool.reserved?.memory ?? 0 };
  return {
    name: pool.name,
    count: pool.count,
    zones: pool.zones ?? ['zone-a'],
    instanceType: pool.instanceType ?? pool.name,
    capacity: { cpu: pool.capacity.cpu, memory: pool.capacity.memory, pods },
    allocatable: { cpu: pool.capacity.cpu - reserved.cpu, memory: pool.capacity.memory - reserved.memory, pods },
    pricePerHour: pool.pricePerHour ?? 0,
    spot: pool.spot ?? false,
    provisioningTime: pool.provisioningTime ?? parseDistribution(PODSIM_DEFAULTS.provisioningTime, 'duration'),
    labels: pool.labels ?? {},
    taints: pool.taints ?? [],
    autoscaling: pool.autoscaling,
  };
}

/**
 * Reads the CSV traces of traffic entries: one `time,rps` row per line, time as a duration
 * ("90m") or seconds; an optional header row; blank lines and # comments are skipped.
 */
function readTraces(file: string, traffic: TrafficSpec[], source: SourceDocument): Map<string, Array<{ time: Millis; rps: number }>> {
  const traces = new Map<string, Array<{ time: Millis; rps: number }>>();
  traffic.forEach((entry, index) => {
    if (entry.trace === undefined) return;
    const csv = path.join(path.dirname(file), entry.trace);
    let text: string;
    try {
      text = readFileSync(csv, 'utf8');
    } catch {
      throw new InputError(file, source.locate(['spec', 'traffic', index, 'trace']), `spec.traffic[${index}].trace`, `cannot read the trace file ${csv}`);
    }
    const points: Array<{ time: Millis; rps: number }> = [];
    text.split(/\r?\n/).forEach((raw, i) => {
      const line = raw.trim();
      if (line === '' || line.startsWith('#')) return;
      const [timeText = '', rpsText = ''] = line.split(',').map((cell) => cell.trim());
      if (i === 0 && Number.isNaN(Number(rpsText))) return; // header
      let time: number;
      try {
        time = /^[0-9.]+$/.test(timeText) ? Math.round(Number(timeText) * 1000) : parseDuration(timeText);
      } catch {
        time = Number.NaN;
      }
      const rps = Number(rpsText);
      if (!Number.isFinite(time) || !Number.isFinite(rps) || rps < 0) {
        throw new InputError(csv, { line: i + 1, column: 1 }, 'time,rps', `expected a time (seconds or a duration such as 90m) and a non-negative rate, found "${line}"`);
      }
      if (points.length > 0 && time <= (points[points.length - 1] as { time: Millis }).time) {
        throw new InputError(csv, { line: i + 1, column: 1 }, 'time', 'times must increase from row to row');
      }
      points.push({ time, rps });
    });
    if (points.length === 0) throw new InputError(csv, { line: 1, column: 1 }, 'time,rps', 'the trace has no rows');
    traces.set(entry.service, points);
  });
  return traces;
}

/** podsim's own annotations on pod templates must parse; unknown podsim.dev/ keys are typos. */
function checkPodsimAnnotations(annotations: Record<string, string>, fail: (annotation: string, detail: string) => never): void {
  const known = [CPU_USAGE_ANNOTATION, MEMORY_USAGE_ANNOTATION, RUN_DURATION_ANNOTATION];
  for (const [key, value] of Object.entries(annotations)) {
    if (!key.startsWith('podsim.dev/')) continue;
    try {
      if (key === CPU_USAGE_ANNOTATION) cpuMillis(value);
      else if (key === MEMORY_USAGE_ANNOTATION) memoryBytes(value);
      else if (key === RUN_DURATION_ANNOTATION) parseDistribution(value, 'duration');
      else {
        const guess = closest(key, known);
        fail(key, `unknown podsim annotation${guess ? `; did you mean "${guess}"?` : `; known: ${known.join(', ')}`}`);
      }
    } catch (error) {
      if (error instanceof InputError) throw error;
      const expected = key === RUN_DURATION_ANNOTATION ? 'a duration or distribution such as 5m or exp(10m)' : QUANTITY_FORMS;
      fail(key, `expected ${expected}, found "${value}" (${(error as Error).message})`);
    }
  }
}
