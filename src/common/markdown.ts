// Markdown escaping for text from the network that goes into hovers and tooltips.

/**
 * Escapes text for a one-line Markdown paragraph. `MarkdownString.appendText` in VS Code
 * also escapes, but it turns every space into `&nbsp;`, so long tooltips could not wrap.
 * List and heading markers are escaped only at the start, where they take effect, so that
 * URLs in the text keep working as links.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[\\`*_{}[\]()|~<>]/g, (character) => `\\${character}`)
    .replace(/&/g, '&amp;')
    .replace(/^[#+-]/, (marker) => `\\${marker}`)
    .replace(/^(\d+)([.)])/, (_match, digits: string, marker: string) => `${digits}\\${marker}`);
}
