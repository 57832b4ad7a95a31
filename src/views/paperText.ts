// Short texts about a paper for tree items and quick picks. Titles, names and abstracts
// come from the network, so they reach Markdown only through `escapeMarkdown`.
import * as vscode from 'vscode';
import { escapeMarkdown } from '../common/markdown';
import type { Paper } from '../papers/model';

const TOOLTIP_AUTHORS = 6;
const TOOLTIP_ABSTRACT_CHARS = 320;

/** `▲ 163 · 1 comment`, the upvote and comment counts the tree shows beside a title. */
export function paperDescription(paper: Paper): string {
  const upvotes = `▲ ${paper.upvotes}`;
  if (paper.numComments <= 0) {
    return upvotes;
  }
  const comments =
    paper.numComments === 1 ? vscode.l10n.t('1 comment') : vscode.l10n.t('{0} comments', paper.numComments);
  return `${upvotes} · ${comments}`;
}

export function formatAuthors(paper: Paper, max: number): string {
  const names = paper.authors.map((author) => author.name);
  if (names.length <= max) {
    return names.join(', ');
  }
  return vscode.l10n.t('{0} et al.', names.slice(0, max).join(', '));
}

export function paperTooltip(paper: Paper): vscode.MarkdownString {
  const tooltip = new vscode.MarkdownString(undefined, false);
  tooltip.isTrusted = false;
  tooltip.supportHtml = false;

  tooltip.appendMarkdown(`**${escapeMarkdown(paper.title)}**\n\n`);

  if (paper.authors.length > 0) {
    tooltip.appendMarkdown(`${escapeMarkdown(formatAuthors(paper, TOOLTIP_AUTHORS))}\n\n`);
  }

  const dates: string[] = [`arXiv:${paper.arxivId}`];
  if (paper.publishedAt) {
    dates.push(vscode.l10n.t('published {0}', paper.publishedAt.slice(0, 10)));
  }
  if (paper.dailyDate) {
    dates.push(vscode.l10n.t('on Daily Papers {0}', paper.dailyDate));
  }
  tooltip.appendMarkdown(`${escapeMarkdown(dates.join(' · '))}\n\n`);

  const abstract = paper.abstract.replace(/\s+/g, ' ').trim();
  if (abstract) {
    const shortened =
      abstract.length > TOOLTIP_ABSTRACT_CHARS ? `${abstract.slice(0, TOOLTIP_ABSTRACT_CHARS).trimEnd()}…` : abstract;
    tooltip.appendMarkdown(escapeMarkdown(shortened));
  }
  return tooltip;
}
