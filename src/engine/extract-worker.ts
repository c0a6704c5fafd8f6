/**
 * Worker thread: extracts facts for batches of files sent by engine/extract-all.ts. Batches are worked one at a
 * time, in the order they arrive; the main thread keeps the next one queued here so the worker never waits for it.
 * When a file makes the parser instance abort, the worker answers with what it did, hands back the files of the
 * batch it did not get to, and stops: the main thread replaces it with a fresh worker.
 */
import { parentPort } from 'node:worker_threads';
import { extractFile } from '../parse/extract-file.js';
import type { BatchRequest, BatchResult, WireExtraction } from './extract-all.js';
import { takeCalls } from './wire.js';

const port = parentPort;
if (!port) throw new Error('extract-worker.js must run as a worker thread');

const queue: BatchRequest[] = [];
let working = false;

async function drain(to: NonNullable<typeof port>): Promise<void> {
  working = true;
  for (let request = queue.shift(); request; request = queue.shift()) {
    const results: WireExtraction[] = [];
    for (const [i, file] of request.files.entries()) {
      const extraction = await extractFile(file, request.mode);
      const calls = takeCalls(extraction.facts);
      results.push(calls ? { ...extraction, calls } : extraction);
      if (extraction.parserLost) {
        const reply: BatchResult = { id: request.id, results, lost: { unprocessed: request.files.slice(i + 1) } };
        to.postMessage(reply);
        return;
      }
    }
    const reply: BatchResult = { id: request.id, results };
    to.postMessage(reply);
  }
  working = false;
}

port.on('message', (request: BatchRequest) => {
  queue.push(request);
  if (!working) void drain(port);
});
