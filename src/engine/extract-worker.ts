/** Worker thread: extracts facts for batches of files sent by engine/extract-all.ts. */
import { parentPort } from 'node:worker_threads';
import { extractFile } from '../parse/extract-file.js';
import type { BatchRequest, BatchResult } from './extract-all.js';

const port = parentPort;
if (!port) throw new Error('extract-worker.js must run as a worker thread');

port.on('message', (request: BatchRequest) => {
  void (async () => {
    const results = [];
    for (const file of request.files) results.push(await extractFile(file, request.mode));
    const reply: BatchResult = { id: request.id, results };
    port.postMessage(reply);
  })();
});
