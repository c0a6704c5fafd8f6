/** A category as a heading: `ci` → CI, `api-design` → API design, `error-handling` → Error handling. */
import type { Category } from '../../model/report.js';

const TITLES: Partial<Record<Category, string>> = { ci: 'CI', 'api-design': 'API design', bug: 'Bugs' };

export function categoryTitle(category: Category): string {
  const words = category.replace(/-/g, ' ');
  return TITLES[category] ?? `${words.charAt(0).toUpperCase()}${words.slice(1)}`;
}
