/**
 * Read a file given to seaworthy as input (a configuration, a baseline, a saved report, an ignore file) without
 * trusting it: only a regular file is read (a FIFO would block, `/dev/zero` never ends), and never more than
 * `maxBytes` (a size is checked before reading, and the read stops past the cap in case the file grows or its
 * size is not what it says).
 */
import { closeSync, constants, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';

export type InputRead = { ok: true; text: string } | { ok: false; reason: string; code?: string };

const CHUNK_BYTES = 64 * 1024;

/** `1.5 MiB`, `2 GiB`, `900 B`: binary units, at most one decimal. */
export function formatBytes(bytes: number): string {
  const units: Array<[string, number]> = [['GiB', 1024 ** 3], ['MiB', 1024 ** 2], ['KiB', 1024]];
  for (const [unit, size] of units) {
    if (bytes >= size) return `${Number((bytes / size).toFixed(1))} ${unit}`;
  }
  return `${bytes} B`;
}

function kind(info: Stats): string {
  if (info.isDirectory()) return 'a folder';
  if (info.isFIFO()) return 'a FIFO';
  if (info.isCharacterDevice()) return 'a character device';
  if (info.isBlockDevice()) return 'a block device';
  if (info.isSocket()) return 'a socket';
  return 'not a file';
}

function notReadable(error: unknown): InputRead {
  const code = (error as NodeJS.ErrnoException).code ?? 'error';
  return { ok: false, reason: `cannot be read (${code})`, code };
}

function tooLarge(bytes: number | null, maxBytes: number): InputRead {
  return { ok: false, reason: `is ${bytes === null ? 'larger than' : `${formatBytes(bytes)}, over`} the ${formatBytes(maxBytes)} limit` };
}

export function readInputFile(path: string, maxBytes: number): InputRead {
  // stat first: opening a device can have effects of its own, and opening a FIFO waits for a writer.
  let info: Stats;
  try {
    info = statSync(path);
  } catch (error) {
    return notReadable(error);
  }
  if (!info.isFile()) return { ok: false, reason: `is not a regular file (${kind(info)})` };
  if (info.size > maxBytes) return tooLarge(info.size, maxBytes);
  let fd: number;
  try {
    // O_NONBLOCK: should the path have been replaced by a FIFO since, opening it does not wait.
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    return notReadable(error);
  }
  try {
    const opened = fstatSync(fd);
    if (!opened.isFile()) return { ok: false, reason: `is not a regular file (${kind(opened)})` };
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(CHUNK_BYTES);
      const read = readSync(fd, chunk, 0, CHUNK_BYTES, null);
      if (read === 0) break;
      total += read;
      if (total > maxBytes) return tooLarge(null, maxBytes);
      chunks.push(read === CHUNK_BYTES ? chunk : chunk.subarray(0, read));
    }
    return { ok: true, text: Buffer.concat(chunks, total).toString('utf8') };
  } catch (error) {
    return notReadable(error);
  } finally {
    closeSync(fd);
  }
}
