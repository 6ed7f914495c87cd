/**
 * Text for the HTML report: escaping and the number formats every section uses.
 */

/**
 * JSON that is safe inside a `<script>` element: every `<` escaped, so neither `</script>` nor
 * `<!--` can appear, and the line separators JavaScript once treated as line ends.
 *
 * @example
 * ```ts
 * const data = { note: 'ends with </script>' };
 * const html = `<script type="application/json" id="data">${jsonForScript(data)}</script>`;
 * ```
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

export function text(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

export const percent = (share: number) => `${(share * 100).toFixed(1)}%`;
export const money = (amount: number) => amount.toFixed(2);
export const hours = (minutes: number) => (minutes / 60).toFixed(1);
export const whole = (value: number) => value.toLocaleString('en-GB');
