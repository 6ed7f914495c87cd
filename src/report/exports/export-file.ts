/**
 * What every export returns: named files as strings, so the library never touches a file system
 * and the caller (the CLI, a web service, a test) decides where they go.
 */

/** One file of an export: a name safe on any common file system, and its text. */
export interface ExportFile {
  readonly fileName: string;
  readonly content: string;
}

/** Characters kept as they are in a file name; every other one is percent-encoded. */
const SAFE_CHARACTER = /[A-Za-z0-9_.-]/;

function encode(id: string, keepUpperCase: boolean): string {
  let name = '';
  for (const character of id) {
    const upper = character >= 'A' && character <= 'Z';
    name +=
      SAFE_CHARACTER.test(character) && (keepUpperCase || !upper)
        ? character
        : [...new TextEncoder().encode(character)]
            .map((byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`)
            .join('');
  }
  // A leading dot would hide the file (or name `.` and `..`); an empty id needs some name.
  return name.startsWith('.') ? `%2E${name.slice(1)}` : name || '%';
}

/**
 * File-name stems for ids, one each, distinct even on case-insensitive file systems. Letters,
 * digits, `_`, `-` and `.` stay; anything else (a `/`, a space, `%`, non-ASCII) becomes `%XX`
 * per UTF-8 byte, and a leading dot is encoded. Ids whose stems differ only by case (`Ann` and
 * `ann`) also have their capitals encoded (`%41nn`), so no two stems ever name the same file.
 *
 * @example
 * ```ts
 * safeFileStems(['carer-1', 'a/b', 'Ann', 'ann']);
 * // Map { 'carer-1' => 'carer-1', 'a/b' => 'a%2Fb', 'Ann' => '%41nn', 'ann' => 'ann' }
 * ```
 */
export function safeFileStems(ids: Iterable<string>): Map<string, string> {
  const unique = [...new Set(ids)];
  const byFolded = new Map<string, number>();
  for (const id of unique) {
    const folded = encode(id, true).toLowerCase();
    byFolded.set(folded, (byFolded.get(folded) ?? 0) + 1);
  }
  return new Map(
    unique.map((id) => {
      const clash = (byFolded.get(encode(id, true).toLowerCase()) ?? 0) > 1;
      return [id, encode(id, !clash)];
    }),
  );
}
