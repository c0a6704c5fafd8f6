/** Types of the registry generator's exports, for the catalogue test. */
export function ruleFolders(): string[];
export function renderRegistry(folders: readonly string[]): string;
