#!/usr/bin/env node
// Copies what the compiled CLI reads at run time next to it: each rule's and each strength check's docs.md.
import { cpSync, readdirSync, existsSync, mkdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
for (const kind of ['rules', 'strengths']) {
  const src = join(root, 'src', kind);
  const dist = join(root, 'dist', kind);
  if (!existsSync(src)) continue;
  for (const category of readdirSync(src, { withFileTypes: true })) {
    if (!category.isDirectory()) continue;
    for (const item of readdirSync(join(src, category.name), { withFileTypes: true })) {
      const docs = join(src, category.name, item.name, 'docs.md');
      if (!item.isDirectory() || !existsSync(docs)) continue;
      mkdirSync(join(dist, category.name, item.name), { recursive: true });
      cpSync(docs, join(dist, category.name, item.name, 'docs.md'));
    }
  }
}
