// The worker thread's entry: workers are TypeScript, so load them through tsx.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
