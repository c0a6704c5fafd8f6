/** Advice written for the language of the file a finding is in (a rule's `fixFor` / `impactFor`). */
import { languageOf } from '../discover/classify.js';
import type { LanguageText } from '../engine/rule.js';

export function forLanguageOf(path: string, text: LanguageText | undefined): string | undefined {
  if (!text) return undefined;
  const language = languageOf(path);
  if (language === 'python') return text.python;
  if (language === 'javascript' || language === 'typescript' || language === 'tsx') return text.javascript;
  return undefined;
}
