/**
 * Facts for every discovered file: in worker threads (one per core, at most `jobs`) for real repositories,
 * inline for small ones, where starting workers would cost more than it saves.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { DiscoveredFile } from '../discover/walk.js';
import type { FileFacts } from '../facts/types.js';
import type { AnalysisError } from '../model/report.js';
import { extractFile, type Extraction, type ExtractMode } from '../parse/extract-file.js';
import { limitInlining } from './compiler-budget.js';
import { restoreCalls, type PackedCalls } from './wire.js';

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
  const sorted = [...files].sort((a, b) => b.size - a.size || a.path.localeCompare(b.path));
  const batches: FileRef[][] = [];
  let current: FileRef[] = [];
  let bytes = 0;
  for (const f of sorted) {
    current.push({ path: f.path, abs: f.abs, language: f.language, role: f.role });
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

function collect(extractions: readonly WireExtraction[], into: ExtractionSummary): void {
  for (const e of extractions) {
    restoreCalls(e.facts, e.calls);
    if (e.facts) into.facts.push(e.facts);
    if (e.generated !== undefined) into.generated.push(e.generated);
    into.errors.push(...e.errors);
  }
}

/** `onFiles` is told how many files are done, after each file (inline) or batch (workers). */
export async function extractAll(files: readonly DiscoveredFile[], jobs: number, mode: ExtractMode = 'facts', onFiles?: (done: number) => void): Promise<ExtractionSummary> {
  limitInlining();
  const summary: ExtractionSummary = { facts: [], errors: [], generated: [], workers: 0 };
  const totalBytes = files.reduce((n, f) => n + f.size, 0);
  const script = workerScript();
  const small = files.length <= INLINE_MAX_FILES && totalBytes <= INLINE_MAX_BYTES;
  if (jobs <= 1 || small || script === null) {
    let done = 0;
    for (const file of files) {
      collect([await extractFile(file, mode)], summary);
      onFiles?.(++done);
    }
  } else {
    summary.workers = Math.min(jobs, Math.ceil(files.length / BATCH_FILES));
    await runPool(script, toBatches(files), summary.workers, summary, mode, onFiles);
  }
  summary.facts.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  summary.generated.sort();
  return summary;
}

/** Batches sent to a worker before it answers: one to work on, one waiting, so it never idles on the round trip. */
const IN_FLIGHT = 2;

function runPool(script: string, batches: FileRef[][], size: number, summary: ExtractionSummary, mode: ExtractMode, onFiles?: (done: number) => void): Promise<void> {
  return new Promise((resolve) => {
    let next = 0;
    let done = 0;
    let running = 0;
    const start = (): void => {
      const worker = new Worker(script);
      running++;
      const inFlight = new Map<number, BatchRequest>();
      const feed = (): void => {
        const files = batches[next];
        if (!files) {
          if (inFlight.size === 0) void worker.terminate();
          return;
        }
        const request = { id: next++, files, mode };
        inFlight.set(request.id, request);
        worker.postMessage(request);
      };
      worker.on('message', (reply: BatchResult) => {
        inFlight.delete(reply.id);
        collect(reply.results, summary);
        done += reply.results.length;
        onFiles?.(done);
        feed();
      });
      worker.on('error', (error) => {
        // A crashed worker loses its batches: report those files, and let a fresh worker continue.
        for (const request of inFlight.values()) {
          for (const file of request.files) summary.errors.push({ path: file.path, kind: 'analysis-failed', message: `analysis crashed: ${error.message}` });
        }
        inFlight.clear();
        if (next < batches.length) start();
      });
      worker.on('exit', () => {
        running--;
        if (running === 0) resolve();
      });
      for (let i = 0; i < IN_FLIGHT; i++) feed();
    };
    for (let i = 0; i < size; i++) start();
  });
}
