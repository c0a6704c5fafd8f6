/**
 * Facts for every discovered file: in worker threads (one per core, at most `jobs`) for real repositories,
 * inline for small ones, where starting workers would cost more than it saves.
 *
 * One file cannot take the others down with it. A file that makes the parser's WebAssembly instance abort (a huge
 * file exhausting its memory) is reported in errors[], and its worker is replaced by a fresh one that takes the
 * files it had not done; inline, the files after it go to a worker. A worker that crashes outright has its files
 * retried one per batch, so that only the file that crashes alone is reported.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { DiscoveredFile } from '../discover/walk.js';
import type { FileFacts } from '../facts/types.js';
import type { AnalysisError } from '../model/report.js';
import { extractFile, type Extraction, type ExtractMode } from '../parse/extract-file.js';
import { parserUsable } from '../parse/grammars.js';
import { limitInlining } from './compiler-budget.js';
import { restoreCalls, type PackedCalls } from './wire.js';
import { byCodePoint } from '../util/order.js';

export type FileRef = Pick<DiscoveredFile, 'path' | 'abs' | 'language' | 'role'>;

export interface BatchRequest {
  id: number;
  files: FileRef[];
  mode: ExtractMode;
}

/** An extraction as sent by a worker: its calls travel packed (see wire.ts). */
export interface WireExtraction extends Extraction {
  calls?: PackedCalls;
}

export interface BatchResult {
  id: number;
  results: WireExtraction[];
  /** Set when the worker's parser aborted on the last file of `results`: the files it did not get to. The worker stops. */
  lost?: { unprocessed: FileRef[] };
}

export interface ExtractionSummary {
  facts: FileFacts[];
  errors: AnalysisError[];
  /** Files whose content shows they are generated (minified bundles): not analysed. */
  generated: string[];
  /** Worker threads used (0 = inline). */
  workers: number;
}

const INLINE_MAX_FILES = 150;
const INLINE_MAX_BYTES = 1_500_000;
const BATCH_BYTES = 200_000;
const BATCH_FILES = 24;

/** The compiled worker next to this module; absent when running from TypeScript sources (tests). */
function workerScript(): string | null {
  const url = new URL('./extract-worker.js', import.meta.url);
  const path = fileURLToPath(url);
  return import.meta.url.endsWith('.js') && existsSync(path) ? path : null;
}

function toBatches(files: readonly DiscoveredFile[]): FileRef[][] {
  // Largest first, so that the last batches are small and both workers finish together.
  const sorted = [...files].sort((a, b) => b.size - a.size || byCodePoint(a.path, b.path));
  const batches: FileRef[][] = [];
  let current: FileRef[] = [];
  let bytes = 0;
  for (const f of sorted) {
    current.push(refOf(f));
    bytes += f.size;
    if (bytes >= BATCH_BYTES || current.length >= BATCH_FILES) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

function refOf(f: DiscoveredFile): FileRef {
  return { path: f.path, abs: f.abs, language: f.language, role: f.role };
}

function collect(extractions: readonly WireExtraction[], into: ExtractionSummary): void {
  for (const e of extractions) {
    restoreCalls(e.facts, e.calls);
    if (e.facts) into.facts.push(e.facts);
    if (e.generated !== undefined) into.generated.push(e.generated);
    into.errors.push(...e.errors);
  }
}

export async function extractAll(files: readonly DiscoveredFile[], jobs: number, mode: ExtractMode = 'facts'): Promise<ExtractionSummary> {
  limitInlining();
  const summary: ExtractionSummary = { facts: [], errors: [], generated: [], workers: 0 };
  const totalBytes = files.reduce((n, f) => n + f.size, 0);
  const script = workerScript();
  const small = files.length <= INLINE_MAX_FILES && totalBytes <= INLINE_MAX_BYTES;
  // This thread's parser may have aborted in an earlier audit of the same process (`diff` audits twice).
  if ((jobs <= 1 || small || script === null) && (parserUsable() || script === null)) {
    let next = 0;
    while (next < files.length) {
      const extraction = await extractFile(files[next++] as DiscoveredFile, mode);
      collect([extraction], summary);
      if (extraction.parserLost && script !== null) break;
    }
    // The parser of this thread aborted: a worker, with a parser of its own, does the rest.
    if (next < files.length && script !== null) {
      summary.workers = 1;
      await runPool(script, toBatches(files.slice(next)), 1, summary, mode);
    }
  } else if (script !== null) {
    summary.workers = Math.min(Math.max(jobs, 1), Math.ceil(files.length / BATCH_FILES));
    await runPool(script, toBatches(files), summary.workers, summary, mode);
  }
  summary.facts.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  summary.generated.sort();
  return summary;
}

/** Batches sent to a worker before it answers: one to work on, one waiting, so it never idles on the round trip. */
const IN_FLIGHT = 2;

interface Batch {
  files: FileRef[];
  /** A file retried alone after its worker crashed: if it crashes again, it is the cause. */
  alone?: true;
}

function runPool(script: string, batches: FileRef[][], size: number, summary: ExtractionSummary, mode: ExtractMode): Promise<void> {
  return new Promise((resolve) => {
    const queue: Batch[] = batches.map((files) => ({ files }));
    let head = 0;
    let ids = 0;
    let running = 0;
    const start = (): void => {
      const worker = new Worker(script);
      running++;
      const inFlight = new Map<number, Batch>();
      let stopping = false;
      const stop = (): void => {
        stopping = true;
        void worker.terminate();
      };
      const feed = (): void => {
        if (stopping) return;
        const batch = queue[head];
        if (!batch) {
          if (inFlight.size === 0) stop();
          return;
        }
        head++;
        const request: BatchRequest = { id: ids++, files: batch.files, mode };
        inFlight.set(request.id, batch);
        worker.postMessage(request);
      };
      worker.on('message', (reply: BatchResult) => {
        inFlight.delete(reply.id);
        collect(reply.results, summary);
        if (!reply.lost) {
          feed();
          return;
        }
        // This worker's parser is gone: the files it had not done go to the fresh worker that replaces it.
        if (reply.lost.unprocessed.length > 0) queue.push({ files: reply.lost.unprocessed });
        for (const batch of inFlight.values()) queue.push(batch);
        inFlight.clear();
        stop();
      });
      worker.on('error', (error) => {
        // A crash loses the batches in flight: their files are retried one per batch, and a file that crashes a
        // worker on its own is reported.
        for (const batch of inFlight.values()) {
          if (batch.alone) for (const file of batch.files) summary.errors.push({ path: file.path, kind: 'analysis-failed', message: `analysis crashed: ${error.message}` });
          else for (const file of batch.files) queue.push({ files: [file], alone: true });
        }
        inFlight.clear();
        stopping = true;
      });
      worker.on('exit', () => {
        running--;
        if (head < queue.length) start();
        else if (running === 0) resolve();
      });
      for (let i = 0; i < IN_FLIGHT; i++) feed();
    };
    for (let i = 0; i < size; i++) start();
  });
}
