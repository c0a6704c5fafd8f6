/** Types of the registry generator's exports, for the catalogue test. */
export function ruleFolders(): string[];
export function renderRegistry(folders: readonly string[]): string;
export function ruleIds(folders: readonly string[]): Array<{ code: string; name: string; category: string }>;
export function ruleRedirects(): Array<{ from: string; to: string }>;
export function renderConfigSchema(schemaText: string, ids: ReadonlyArray<{ code: string; name: string; category: string }>, redirects: ReadonlyArray<{ from: string; to: string }>): string;
