// A Kubernetes Indexed Job that runs a sweep sharded over a real cluster: completionMode Indexed,
// one completion per shard, each pod running `podsim sweep --shard $JOB_COMPLETION_INDEX/N` into
// its own directory of a shared volume; `podsim merge` then joins the shard directories into what
// one machine would have written. The Dockerfile it expects is printed as a comment on top, so the
// output stays one valid YAML document for `kubectl apply -f -`.

import { stringify } from 'yaml';

export interface IndexedJobOptions {
  /** The sweep's name (the Job is named after it). */
  name: string;
  /** The sweep file's path inside the image (relative to the image's working directory). */
  sweepFile: string;
  shards: number;
  image: string;
  /** A PersistentVolumeClaim (ReadWriteMany) the shards write to. */
  resultsClaim: string;
  /** Worker threads per shard pod (and its CPU request). */
  workers: number;
}

export const DOCKERFILE = [
  'FROM node:20-bookworm-slim',
  'WORKDIR /podsim',
  'COPY package.json package-lock.json ./',
  'RUN npm ci --omit=dev',
  'COPY . .',
  'ENTRYPOINT []',
];

export function indexedJobManifest(options: IndexedJobOptions): string {
  const jobName = `podsim-sweep-${options.name}`.slice(0, 63).replace(/-+$/, '');
  const command =
    `npx podsim sweep ${options.sweepFile} --shard "$JOB_COMPLETION_INDEX/${options.shards}" ` +
    `--workers ${options.workers} --out "/results/${options.name}/shard-$JOB_COMPLETION_INDEX" --resume`;
  const job = {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: jobName, labels: { 'app.kubernetes.io/name': 'podsim', 'podsim.dev/sweep': options.name } },
    spec: {
      completionMode: 'Indexed',
      completions: options.shards,
      parallelism: options.shards,
      backoffLimitPerIndex: 2,
      template: {
        metadata: { labels: { 'app.kubernetes.io/name': 'podsim', 'podsim.dev/sweep': options.name } },
        spec: {
          restartPolicy: 'Never',
          containers: [
            {
              name: 'podsim',
              image: options.image,
              workingDir: '/podsim',
              // JOB_COMPLETION_INDEX is set by Kubernetes in every pod of an Indexed Job.
              command: ['sh', '-c', command],
              resources: { requests: { cpu: String(options.workers), memory: '2Gi' } },
              volumeMounts: [{ name: 'results', mountPath: '/results' }],
            },
          ],
          volumes: [{ name: 'results', persistentVolumeClaim: { claimName: options.resultsClaim } }],
        },
      },
    },
  };
  const header = [
    `# Runs sweep "${options.name}" as ${options.shards} shards. Build the image from the podsim repository with:`,
    '#',
    ...DOCKERFILE.map((line) => `#   ${line}`),
    '#',
    `# then: kubectl apply -f <this file>; when the Job completes, copy /results/${options.name} from the`,
    `# volume and run: npx podsim merge <the shard-* directories> --out out/sweeps/${options.name}`,
  ];
  return `${header.join('\n')}\n${stringify(job)}`;
}
