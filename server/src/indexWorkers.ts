// The Node host's parsing threads: at a start with no stored index (or one that
// most files have outgrown), worker threads read and parse the workspace's files
// while the server's thread only puts what they send into the index and keeps
// answering requests. A worker runs the server's own bundle (dist/server.js),
// started with INDEX_WORKER as its workerData.
import { availableParallelism } from 'node:os';
import { Worker, type MessagePort } from 'node:worker_threads';
import { parseFile } from './core/service';
import type { ParsedFile, ParseJob } from './core/workspace';
import { NodeWorkspace } from './nodeWorkspace';

/** The workerData that makes the server's bundle a parsing thread. */
export const INDEX_WORKER = 'rca-index-worker';

/** Files a worker is sent at once: a few milliseconds of parsing, so results come back steadily. */
const BATCH = 100;
/** Batches sent to each worker ahead of the one being indexed, so that it never waits for the server's thread. */
const AHEAD = 2;
/**
 * Below this many files to read, starting a worker (~50 ms to load the bundle)
 * costs about what it saves: the server's thread parses them itself.
 */
export const MIN_PARALLEL_FILES = 1000;

/** One side's message: a batch of a job to parse, and what came of it. */
interface BatchRequest {
  readonly id: number;
  readonly roots: readonly string[];
  readonly settings: ParseJob['settings'];
  readonly files: ParseJob['files'];
}
interface BatchResult {
  readonly id: number;
  readonly results: readonly (ParsedFile | undefined | null)[];
  /** What the worker's reading logged (files skipped and why), for the server's log. */
  readonly logs: readonly string[];
}

export interface IndexWorkerOptions {
  /** The script a worker runs: the server's bundle. */
  readonly script: string;
  /** How many workers: by default one less than the cores (at least one). */
  readonly count?: number;
  /** Fewer files to read than this are parsed on the server's thread. */
  readonly minFiles?: number;
}

/** Workspace.parseFiles over worker threads started for the job and ended with it. */
export function workerParser(options: IndexWorkerOptions, log: (message: string) => void): (job: ParseJob) => AsyncIterable<ParsedFile | undefined | null> | undefined {
  const count = options.count ?? Math.max(1, availableParallelism() - 1);
  return (job) => (job.files.length < (options.minFiles ?? MIN_PARALLEL_FILES) ? undefined : parseOnWorkers(job, options.script, count, log));
}

async function* parseOnWorkers(job: ParseJob, script: string, count: number, log: (message: string) => void): AsyncGenerator<ParsedFile | undefined | null> {
  const workers = Array.from({ length: count }, () => new ParsingThread(script, log));
  const batches: ParseJob['files'][] = [];
  for (let start = 0; start < job.files.length; start += BATCH) batches.push(job.files.slice(start, start + BATCH));
  const pending: Promise<readonly (ParsedFile | undefined | null)[]>[] = [];
  let sent = 0;
  const send = () => {
    while (sent < batches.length && pending.length < count * AHEAD) {
      const files = batches[sent];
      // Round robin over the workers still running; with none, the server's thread parses the rest.
      const live = workers.filter((w) => w.running);
      const worker = live[sent % Math.max(1, live.length)];
      pending.push(worker ? worker.parse({ id: sent, roots: job.roots, settings: job.settings, files }) : Promise.resolve(files.map(() => null)));
      sent++;
    }
  };
  try {
    send();
    while (pending.length > 0) {
      const results = await pending.shift()!;
      send();
      yield* results;
    }
  } finally {
    for (const worker of workers) worker.end();
  }
}

/** One worker and its batches in flight: should it stop, each of them resolves to nulls (parse them here). */
class ParsingThread {
  private readonly worker: Worker;
  private readonly waiting = new Map<number, { readonly size: number; readonly resolve: (results: readonly (ParsedFile | undefined | null)[]) => void }>();
  running = true;

  constructor(script: string, log: (message: string) => void) {
    this.worker = new Worker(script, { workerData: INDEX_WORKER });
    this.worker.on('message', (message: BatchResult) => {
      for (const line of message.logs) log(line);
      const batch = this.waiting.get(message.id);
      this.waiting.delete(message.id);
      batch?.resolve(message.results);
    });
    this.worker.on('error', (error) => {
      if (this.running) log(`A parsing thread failed (${error.message}): the server's thread parses its files`);
      this.stopped();
    });
    this.worker.on('exit', (code) => {
      if (this.running) log(`A parsing thread stopped (exit code ${code}): the server's thread parses its files`);
      this.stopped();
    });
  }

  parse(request: BatchRequest): Promise<readonly (ParsedFile | undefined | null)[]> {
    return new Promise((resolve) => {
      this.waiting.set(request.id, { size: request.files.length, resolve });
      this.worker.postMessage(request);
    });
  }

  end(): void {
    this.running = false;
    void this.worker.terminate();
  }

  private stopped(): void {
    this.running = false;
    for (const { size, resolve } of this.waiting.values()) resolve(new Array<null>(size).fill(null));
    this.waiting.clear();
  }
}

/**
 * A parsing thread's work: each batch's files read (confined to the workspace
 * folders, as the server reads them) and parsed. A file it fails on is sent
 * back as null, for the server's thread to parse.
 */
export function serveIndexWorker(port: MessagePort): void {
  let workspace: NodeWorkspace | undefined;
  let logs: string[] = [];
  port.on('message', async (request: BatchRequest) => {
    if (workspace === undefined || workspace.roots.join('\n') !== request.roots.join('\n')) workspace = new NodeWorkspace(request.roots, (line) => logs.push(line));
    const results: (ParsedFile | undefined | null)[] = [];
    for (const [uri, at] of request.files) {
      const settings = request.settings[at];
      try {
        const file = await workspace.readFile(uri, settings.maxFileSize);
        results.push(file && parseFile(uri, file, settings, request.roots));
      } catch (error) {
        logs.push(`A parsing thread failed on ${uri} (${(error as Error).message}): the server's thread parses it`);
        results.push(null);
      }
    }
    port.postMessage({ id: request.id, results, logs } satisfies BatchResult);
    logs = [];
  });
}
