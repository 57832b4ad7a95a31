// Save, Unsave, Edit Tags…, Mark as Read / Unread, Mark Day as Read and Export Saved Papers
// as BibTeX…. The saved list and read state live in the LibraryStore.
import * as vscode from 'vscode';
import type { Paper } from '../papers/model';
import { PeriodNode } from '../views/trendingTree';
import { toBibTeXFile } from '../citations/formats';
import { citeKeyPattern, paperFromArgument, resolveTargetPaper, type CitationCommandContext } from './citationCommands';
import { breakMessageLinks } from '../common/markdown';

export function registerLibraryCommands(context: CitationCommandContext): vscode.Disposable[] {
  const register = (id: string, handler: (arg?: unknown) => unknown) =>
    vscode.commands.registerCommand(`paperReader.${id}`, async (arg?: unknown) => {
      try {
        await handler(arg);
      } catch (error) {
        context.errors.report(`paperReader.${id}`, error);
      }
    });

  const withPaper = (action: (paper: Paper) => Promise<void>) => async (arg?: unknown) => {
    const paper = await resolveTargetPaper(context, arg);
    if (paper) {
      await action(paper);
    }
  };

  return [
    register('savePaper', withPaper((paper) => savePaper(context, paper))),
    register('unsavePaper', withPaper((paper) => unsavePaper(context, paper))),
    register('toggleSaved', withPaper(async (paper) => {
      const library = await context.library();
      await (library.isSaved(paper.arxivId) ? unsavePaper(context, paper) : savePaper(context, paper));
    })),
    register('editTags', withPaper((paper) => editTags(context, paper))),
    register('markRead', withPaper(async (paper) => (await context.library()).markRead([paper.arxivId]))),
    register('markUnread', withPaper(async (paper) => (await context.library()).markUnread([paper.arxivId]))),
    register('markDayRead', (arg) => markDayRead(context, arg)),
    register('exportSavedBibTeX', () => exportSavedBibTeX(context)),
  ];
}

async function savePaper(context: CitationCommandContext, paper: Paper): Promise<void> {
  await (await context.library()).save(paper);
  context.logger.info(`[library] saved arXiv:${paper.arxivId}`);
  void vscode.window.setStatusBarMessage(vscode.l10n.t('Saved "{0}"', paper.title), 4000);
}

async function unsavePaper(context: CitationCommandContext, paper: Paper): Promise<void> {
  const library = await context.library();
  const removed = library.get(paper.arxivId);
  if (!removed) {
    context.logger.info(`[library] arXiv:${paper.arxivId} is not saved, so there is nothing to unsave`);
    return;
  }
  await library.unsave(paper.arxivId);
  context.logger.info(`[library] unsaved arXiv:${paper.arxivId} (tags: ${removed.tags.join(', ') || 'none'})`);

  // Not awaited, so the command finishes without waiting for a click on Undo.
  const undo = vscode.l10n.t('Undo');
  void vscode.window.showInformationMessage(vscode.l10n.t('Removed "{0}" from Saved.', breakMessageLinks(paper.title)), undo).then(async (choice) => {
    if (choice !== undo) {
      return;
    }
    try {
      await library.restore(removed);
      context.logger.info(`[library] undid unsave of arXiv:${paper.arxivId}`);
    } catch (error) {
      context.errors.report('paperReader.unsavePaper', error);
    }
  });
}

async function editTags(context: CitationCommandContext, paper: Paper): Promise<void> {
  const library = await context.library();
  if (!library.isSaved(paper.arxivId)) {
    await library.save(paper);
  }
  const current = library.get(paper.arxivId)?.tags ?? [];
  const input = await vscode.window.showInputBox({
    title: vscode.l10n.t('Edit Tags of "{0}"', paper.title),
    prompt: vscode.l10n.t('Tags separated by commas. Leave empty to remove all tags.'),
    placeHolder: vscode.l10n.t('reading group, to cite, agents'),
    value: current.join(', '),
  });
  if (input === undefined) {
    return;
  }
  await library.setTags(paper.arxivId, input.split(','));
}

async function markDayRead(context: CitationCommandContext, arg: unknown): Promise<void> {
  if (!(arg instanceof PeriodNode)) {
    const paper = paperFromArgument(arg);
    if (paper) {
      await (await context.library()).markRead([paper.arxivId]);
      return;
    }
    void vscode.window.showInformationMessage(vscode.l10n.t('Run "Mark Day as Read" from a day in the Trending view.'));
    return;
  }
  const ids = context.tree.papersIn(arg).map((paper) => paper.arxivId);
  await (await context.library()).markRead(ids);
  context.logger.info(`[library] marked ${ids.length} papers of ${arg.kind} ${arg.key} read`);
}

async function exportSavedBibTeX(context: CitationCommandContext): Promise<void> {
  const library = await context.library();
  const saved = library.list();
  if (saved.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('There are no saved papers to export. Save papers from the Trending view first.'));
    return;
  }

  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const target = await vscode.window.showSaveDialog({
    title: vscode.l10n.t('Export Saved Papers as BibTeX'),
    defaultUri: folder ? vscode.Uri.joinPath(folder, 'saved-papers.bib') : undefined,
    filters: { BibTeX: ['bib'] },
  });
  if (!target) {
    return;
  }

  // Oldest first, so the keys given suffixes stay the same as more papers are saved.
  const papers = [...saved].reverse().map((entry) => entry.paper);
  const text = toBibTeXFile(papers, citeKeyPattern(context.logger));
  await vscode.workspace.fs.writeFile(target, Buffer.from(text, 'utf8'));
  context.logger.info(`[library] exported ${papers.length} saved papers to ${target.toString()}`);
  void vscode.window.showInformationMessage(vscode.l10n.t('Exported {0} saved papers to {1}.', papers.length, vscode.workspace.asRelativePath(target)));
}
