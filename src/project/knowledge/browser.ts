/**
 * Code that runs in a browser: a front-end component, a JSX module, a module of a UI framework, or a script
 * served as a static asset (`static/js/profile.js` of a Django app).
 */
import type { CodeFacts } from '../../facts/types.js';
import type { Archetype } from '../../model/report.js';
import { importsAny } from './remote-calls.js';

/** UI frameworks, and libraries that only run against a DOM (rich-text editors built on ProseMirror). */
export const BROWSER_FRAMEWORKS: readonly string[] = ['react', 'react-dom', 'vue', 'svelte', '@angular/core', 'solid-js', 'preact', '@tiptap/core', '@tiptap/react', '@tiptap/vue-3', 'prosemirror-state', 'prosemirror-view'];

export function isBrowserCode(file: CodeFacts, archetype: Archetype | undefined): boolean {
  if (file.language === 'python') return false;
  if (archetype === 'frontend' || /\.[jt]sx$/.test(file.path)) return true;
  if (file.language === 'javascript' && /(^|\/)(static|public|assets|wwwroot|htdocs)\//.test(file.path)) return true;
  return importsAny(file, BROWSER_FRAMEWORKS);
}
