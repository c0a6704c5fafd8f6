#!/usr/bin/env node
// Copies what the compiled CLI reads at run time next to it: each rule's docs.md.
import { cpSync, readdirSync, existsSync, mkdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'src', 'rules');
const dist = join(root, 'dist', 'rules');
for (const category of readdirSync(src, { withFileTypes: true })) {
  if (!category.isDirectory()) continue;
  for (const rule of readdirSync(join(src, category.name), { withFileTypes: true })) {
    const docs = join(src, category.name, rule.name, 'docs.md');
    if (!rule.isDirectory() || !existsSync(docs)) continue;
    mkdirSync(join(dist, category.name, rule.name), { recursive: true });
    cpSync(docs, join(dist, category.name, rule.name, 'docs.md'));
  }
}
