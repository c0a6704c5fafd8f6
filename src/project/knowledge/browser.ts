/** Code that runs in a browser: a front-end component, a JSX module, or a module of a UI framework. */
import type { CodeFacts } from '../../facts/types.js';
import type { Archetype } from '../../model/report.js';
import { importsAny } from './remote-calls.js';

export const BROWSER_FRAMEWORKS: readonly string[] = ['react', 'react-dom', 'vue', 'svelte', '@angular/core', 'solid-js', 'preact'];

export function isBrowserCode(file: CodeFacts, archetype: Archetype | undefined): boolean {
  if (file.language === 'python') return false;
  if (archetype === 'frontend' || /\.[jt]sx$/.test(file.path)) return true;
  return importsAny(file, BROWSER_FRAMEWORKS);
}
