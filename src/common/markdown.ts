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

/**
 * Breaks Markdown link syntax in text shown in a notification. VS Code renders
 * `[label](target)` there as a link, `command:` targets included, so a title or an error
 * message from the network must not form one.
 */
export function breakMessageLinks(text: string): string {
  return text.replace(/\]\s*\(/g, '] (');
}
