// "Copy Citation…" and "Insert Citation": formats from src/citations, bibliography files
// found in the document or the `paperReader.bibliographyFile` setting, and .bib edits made
// through WorkspaceEdit so they can be undone and respect unsaved editors.
import * as path from 'path';
import * as vscode from 'vscode';
import type { Logger } from '../common/logger';
import { findInBibliographies, planBibInsertion, type BibEntryFormat } from '../citations/bibInsert';
import { parseBibTeX } from '../citations/bibParser';
import { toBibTeX } from '../citations/bibtex';
import { citeKeyFromPattern, DEFAULT_CITE_KEY_PATTERN, validateCiteKeyPattern } from '../citations/citeKey';
import { citationCommand, citationEditAt, documentKind, findBibliographies } from '../citations/documentCitation';
import { CITATION_FORMATS, formatCitation, isCitationFormat, type CitationFormat } from '../citations/formats';
import type { LibraryStore } from '../library/libraryStore';
import type { Paper } from '../papers/model';
import type { PaperPanelManager } from '../views/paperPanel';
import { SavedPaperNode, type SavedNode } from '../views/savedTree';
import { PaperNode, type TrendingNode, type TrendingTreeProvider } from '../views/trendingTree';
import type { ErrorReporter } from './errorReporter';

export interface CitationCommandContext {
  library: () => Promise<LibraryStore>;
  tree: TrendingTreeProvider;
  treeView: vscode.TreeView<TrendingNode>;
  savedView: vscode.TreeView<SavedNode>;
  panels: () => PaperPanelManager;
  logger: Logger;
  errors: ErrorReporter;
}

const SECTION = 'paperReader';

export function registerCitationCommands(context: CitationCommandContext): vscode.Disposable[] {
  const editors = new TextEditorTracker();
  const register = (id: string, handler: (arg?: unknown) => unknown) =>
    vscode.commands.registerCommand(`paperReader.${id}`, async (arg?: unknown) => {
      try {
        await handler(arg);
      } catch (error) {
        context.errors.report(`paperReader.${id}`, error);
      }
    });

  return [
    editors,
    register('copyCitation', async (arg) => {
      const paper = await resolveTargetPaper(context, arg);
      if (paper) {
        await copyCitation(context, paper);
      }
    }),
    register('insertCitation', async (arg) => {
      // The tree selection is skipped: run from an editor, it is usually a paper chosen long ago.
      const paper = await resolveTargetPaper(context, arg, { useSelection: false });
      if (paper) {
        await insertCitation(context, editors, paper);
      }
    }),
  ];
}

/** Builds the panel's citation actions, which run the same commands as the menus. */
export function citationPanelActions(): { insertCitation(paper: Paper): Promise<void>; copyCitation(paper: Paper): Promise<void> } {
  return {
    insertCitation: async (paper) => {
      await vscode.commands.executeCommand('paperReader.insertCitation', paper);
    },
    copyCitation: async (paper) => {
      await vscode.commands.executeCommand('paperReader.copyCitation', paper);
    },
  };
}

/**
 * Finds the paper a command acts on: its argument (a tree node or a paper), else the focused
 * panel, else the selection in the Trending or Saved view (unless `useSelection` is false),
 * else a pick from the saved and visible papers.
 */
export async function resolveTargetPaper(
  context: CitationCommandContext,
  arg: unknown,
  options: { useSelection: boolean } = { useSelection: true },
): Promise<Paper | undefined> {
  const direct = paperFromArgument(arg);
  if (direct) {
    return direct;
  }

  const active = context.panels().activePaper;
  if (active) {
    return active;
  }
  if (!options.useSelection) {
    return pickPaper(context);
  }
  const selected =
    context.treeView.selection.find((node): node is PaperNode => node instanceof PaperNode)?.paper ??
    context.savedView.selection.find((node): node is SavedPaperNode => node instanceof SavedPaperNode)?.paper;
  if (selected) {
    return selected;
  }
  return pickPaper(context);
}

export function paperFromArgument(arg: unknown): Paper | undefined {
  if (arg instanceof PaperNode || arg instanceof SavedPaperNode) {
    return arg.paper;
  }
  if (typeof arg === 'object' && arg !== null && typeof (arg as Paper).arxivId === 'string' && typeof (arg as Paper).title === 'string') {
    return arg as Paper;
  }
  return undefined;
}

async function pickPaper(context: CitationCommandContext): Promise<Paper | undefined> {
  const library = await context.library();
  const papers = new Map<string, { paper: Paper; saved: boolean }>();
  for (const entry of library.list()) {
    papers.set(entry.paper.arxivId, { paper: entry.paper, saved: true });
  }
  for (const paper of context.tree.visiblePapers()) {
    if (!papers.has(paper.arxivId)) {
      papers.set(paper.arxivId, { paper, saved: false });
    }
  }

  if (papers.size === 0) {
    void vscode.window.showInformationMessage(
      vscode.l10n.t('No saved or listed papers to cite. Save a paper or open the Trending view first, or run "Look Up Paper…".'),
    );
    return undefined;
  }

  const picked = await vscode.window.showQuickPick(
    [...papers.values()].map(({ paper, saved }) => ({
      label: paper.title,
      description: saved ? vscode.l10n.t('$(bookmark) saved · arXiv:{0}', paper.arxivId) : `arXiv:${paper.arxivId}`,
      detail: paper.authors.map((author) => author.name).slice(0, 6).join(', '),
      paper,
    })),
    { title: vscode.l10n.t('Cite Which Paper?'), matchOnDescription: true, matchOnDetail: true },
  );
  return picked?.paper;
}

// ---------------------------------------------------------------------------------------
// Settings

/** Reads `paperReader.citeKeyPattern`, falling back to the default (and logging why) when it is invalid. */
export function citeKeyPattern(logger: Logger): string {
  const pattern = vscode.workspace.getConfiguration(SECTION).get<string>('citeKeyPattern', DEFAULT_CITE_KEY_PATTERN).trim();
  const problem = pattern === '' ? undefined : validateCiteKeyPattern(pattern);
  if (pattern === '' || problem) {
    if (problem) {
      logger.warn(`[citations] ${problem} Using ${DEFAULT_CITE_KEY_PATTERN} instead.`);
    }
    return DEFAULT_CITE_KEY_PATTERN;
  }
  return pattern;
}

function defaultFormat(): CitationFormat {
  const value = vscode.workspace.getConfiguration(SECTION).get<string>('citationFormat', 'bibtex');
  const info = CITATION_FORMATS.find((candidate) => candidate.format === value);
  return isCitationFormat(value) && info?.supported ? value : 'bibtex';
}

// ---------------------------------------------------------------------------------------
// Copy Citation…

async function copyCitation(context: CitationCommandContext, paper: Paper): Promise<void> {
  const key = citeKeyFromPattern(paper, citeKeyPattern(context.logger));
  const preferred = defaultFormat();

  const items = CITATION_FORMATS.map((info) => {
    let detail: string;
    if (!info.supported) {
      detail = vscode.l10n.t('Not available: no installed package ships the official CSL style for {0}.', info.label);
    } else {
      try {
        detail = formatCitation(paper, info.format, key).replace(/\s+/g, ' ').trim();
      } catch (error) {
        detail = vscode.l10n.t('Could not format: {0}', error instanceof Error ? error.message : String(error));
      }
    }
    return {
      label: info.label,
      description: info.format === preferred ? vscode.l10n.t('default') : undefined,
      detail,
      format: info.format,
      supported: info.supported,
    };
  }).sort((a, b) => Number(b.format === preferred) - Number(a.format === preferred));

  const picked = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('Copy Citation for "{0}"', paper.title),
    placeHolder: vscode.l10n.t('Citation format (the default is set by paperReader.citationFormat)'),
    matchOnDetail: false,
  });
  if (!picked) {
    return;
  }
  if (!picked.supported) {
    void vscode.window.showWarningMessage(picked.detail);
    return;
  }

  await vscode.env.clipboard.writeText(formatCitation(paper, picked.format, key));
  context.logger.info(`[citations] copied ${picked.format} for arXiv:${paper.arxivId}`);
  void vscode.window.setStatusBarMessage(vscode.l10n.t('Copied {0} for arXiv:{1}', picked.label, paper.arxivId), 4000);
}

// ---------------------------------------------------------------------------------------
// Insert Citation

/** Remembers the last focused text editor, because focusing a paper panel clears `activeTextEditor`. */
class TextEditorTracker implements vscode.Disposable {
  private last: vscode.TextEditor | undefined = vscode.window.activeTextEditor;
  private readonly subscription = vscode.window.onDidChangeActiveTextEditor((editor) => {
    if (editor) {
      this.last = editor;
    }
  });

  get editor(): vscode.TextEditor | undefined {
    const active = vscode.window.activeTextEditor;
    if (active) {
      return active;
    }
    const last = this.last;
    return last && vscode.window.visibleTextEditors.includes(last) ? last : vscode.window.visibleTextEditors[0];
  }

  dispose(): void {
    this.subscription.dispose();
  }
}

async function insertCitation(context: CitationCommandContext, editors: TextEditorTracker, paper: Paper): Promise<void> {
  const editor = editors.editor;
  if (!editor) {
    void vscode.window.showInformationMessage(
      vscode.l10n.t('Open a document and place the cursor where the citation should go, then run "Insert Citation" again.'),
    );
    return;
  }

  const document = editor.document;
  const kind = documentKind(document.languageId, document.fileName);

  if (kind === 'other') {
    // Entry formats make no sense in running text, so a document without a bibliography
    // mechanism gets the default reference style, or APA when the default is an entry format.
    const preferred = defaultFormat();
    const format = CITATION_FORMATS.find((info) => info.format === preferred)?.isReferenceStyle || preferred === 'markdown' ? preferred : 'apa';
    const text = formatCitation(paper, format, citeKeyFromPattern(paper, citeKeyPattern(context.logger)));
    await applyEditorEdit(editor, (builder) => {
      for (const selection of editor.selections) {
        builder.replace(selection, text);
      }
    });
    context.logger.info(`[citations] inserted ${JSON.stringify(text.slice(0, 80))} for arXiv:${paper.arxivId} into ${path.basename(document.fileName)}`);
    return;
  }

  const citeKey = await addToBibliography(context, document, kind, paper);
  if (citeKey === undefined) {
    return;
  }

  // A cursor inside an existing citation adds the key to its list, and a selection is
  // replaced by a whole citation. Every edit is planned on the text before any is made.
  const source = document.getText();
  let inserted = 0;
  await applyEditorEdit(editor, (builder) => {
    for (const selection of editor.selections) {
      if (!selection.isEmpty) {
        builder.replace(selection, citationCommand(kind, citeKey));
        inserted++;
        continue;
      }
      const edit = citationEditAt(source, document.offsetAt(selection.active), kind, citeKey);
      if (edit.kind === 'insert') {
        builder.insert(document.positionAt(edit.offset), edit.text);
        inserted++;
      }
    }
  });

  const name = path.basename(document.fileName);
  if (inserted === 0) {
    context.logger.info(`[citations] ${citeKey} is already cited at the cursor in ${name}`);
    void vscode.window.setStatusBarMessage(vscode.l10n.t('{0} is already in this citation', citeKey), 4000);
    return;
  }
  context.logger.info(`[citations] cited ${citeKey} for arXiv:${paper.arxivId} at ${inserted} places in ${name}`);
}

async function applyEditorEdit(editor: vscode.TextEditor, build: (builder: vscode.TextEditorEdit) => void): Promise<void> {
  if (!(await editor.edit(build))) {
    throw new Error(`could not insert the citation into ${editor.document.uri.toString()}: the editor rejected the edit`);
  }
}

/**
 * Adds `paper` to the document's bibliography and returns the key to cite, or undefined
 * when the user cancelled the choice of file. Without a bibliography the key is still
 * returned, and the entry is copied to the clipboard.
 */
async function addToBibliography(
  context: CitationCommandContext,
  document: vscode.TextDocument,
  kind: 'latex' | 'markdown',
  paper: Paper,
): Promise<string | undefined> {
  const pattern = citeKeyPattern(context.logger);
  const found = findBibliographies(document.getText(), kind);
  const candidates = bibliographyUris(document, found.files);
  const format: BibEntryFormat = found.biblatex ? 'biblatex' : 'bibtex';

  if (candidates.length === 0) {
    const key = citeKeyFromPattern(paper, pattern);
    await vscode.env.clipboard.writeText(toBibTeX(paper, { citeKey: key }));
    void vscode.window.showInformationMessage(
      vscode.l10n.t(
        '{0} names no bibliography file, so the BibTeX entry for "{1}" was copied to the clipboard. Add \\bibliography{…}, \\addbibresource{…} or a bibliography: line, or set paperReader.bibliographyFile.',
        path.basename(document.fileName),
        paper.title,
      ),
    );
    return key;
  }

  if (candidates.length === 1) {
    return addToBibFile(context, candidates[0], paper, format, pattern);
  }

  // With several files, an entry in any of them is cited as it is, and the user is asked
  // for a file only when the paper is new to all of them.
  const texts = await Promise.all(candidates.map(async (uri) => ({ file: uri.toString(), text: await bibText(uri) })));
  const lookup = findInBibliographies(texts, paper.arxivId);
  if ('existing' in lookup) {
    const name = vscode.workspace.asRelativePath(vscode.Uri.parse(lookup.existing.file));
    context.logger.info(`[citations] arXiv:${paper.arxivId} is already in ${name} as ${lookup.existing.key}`);
    return lookup.existing.key;
  }

  const target = await pickBibliography(candidates);
  if (!target) {
    return undefined;
  }
  return addToBibFile(context, target, paper, format, pattern);
}

/** Reads a .bib file, unsaved edits included, and returns '' when the file does not exist yet. */
async function bibText(uri: vscode.Uri): Promise<string> {
  const open = vscode.workspace.textDocuments.find((document) => document.uri.toString() === uri.toString());
  if (open) {
    return open.getText();
  }
  try {
    return new TextDecoder('utf-8').decode(await vscode.workspace.fs.readFile(uri));
  } catch (error) {
    if (error instanceof vscode.FileSystemError && error.code === 'FileNotFound') {
      return '';
    }
    throw error;
  }
}

function bibliographyUris(document: vscode.TextDocument, files: string[]): vscode.Uri[] {
  const uris: vscode.Uri[] = [];
  const base = vscode.Uri.joinPath(document.uri, '..');
  for (const file of files) {
    uris.push(path.isAbsolute(file) ? document.uri.with({ path: file }) : vscode.Uri.joinPath(base, file));
  }

  const setting = vscode.workspace.getConfiguration(SECTION, document.uri).get<string>('bibliographyFile', '').trim();
  if (setting) {
    const folder = vscode.workspace.getWorkspaceFolder(document.uri)?.uri ?? base;
    uris.push(path.isAbsolute(setting) ? document.uri.with({ path: setting }) : vscode.Uri.joinPath(folder, setting));
  }

  const unique = new Map(uris.map((uri) => [uri.toString(), uri]));
  return [...unique.values()];
}

async function pickBibliography(candidates: vscode.Uri[]): Promise<vscode.Uri | undefined> {
  const picked = await vscode.window.showQuickPick(
    candidates.map((uri) => ({ label: path.basename(uri.path), description: vscode.workspace.asRelativePath(uri), uri })),
    { title: vscode.l10n.t('Add the Entry to Which Bibliography?') },
  );
  return picked?.uri;
}

/** Appends the entry unless the paper is there already, and returns the key to cite. */
async function addToBibFile(
  context: CitationCommandContext,
  uri: vscode.Uri,
  paper: Paper,
  format: BibEntryFormat,
  pattern: string,
): Promise<string | undefined> {
  const exists = await fileExists(uri);
  const bibDocument = exists ? await vscode.workspace.openTextDocument(uri) : undefined;
  const text = bibDocument?.getText() ?? '';
  const plan = planBibInsertion(text, parseBibTeX(text), paper, { format, citeKeyPattern: pattern });
  const name = vscode.workspace.asRelativePath(uri);

  switch (plan.kind) {
    case 'present':
      context.logger.info(`[citations] arXiv:${paper.arxivId} is already in ${name} as ${plan.citeKey}`);
      return plan.citeKey;

    case 'invalid':
      await vscode.env.clipboard.writeText(plan.entry);
      context.logger.warn(`[citations] left ${name} unchanged: line ${plan.line}: ${plan.message}`);
      void vscode.window.showWarningMessage(
        vscode.l10n.t(
          '{0} has a syntax error on line {1} ({2}), so Paper Reader did not change it. The entry for "{3}" is on the clipboard: fix the file, then paste it.',
          name,
          plan.line,
          plan.message,
          paper.title,
        ),
      );
      return plan.citeKey;

    case 'append': {
      const wasDirty = bibDocument?.isDirty ?? false;
      const edit = new vscode.WorkspaceEdit();
      if (!exists) {
        edit.createFile(uri, { ignoreIfExists: true });
        edit.insert(uri, new vscode.Position(0, 0), plan.text);
      } else {
        edit.insert(uri, bibDocument!.positionAt(plan.offset), plan.text);
      }
      if (!(await vscode.workspace.applyEdit(edit))) {
        throw new Error(`could not add the entry for arXiv:${paper.arxivId} to ${name}: the edit was rejected`);
      }

      // Save only a file that had no unsaved changes of the user's before this edit.
      if (!wasDirty) {
        const edited = await vscode.workspace.openTextDocument(uri);
        await edited.save();
      }
      context.logger.info(`[citations] added ${plan.citeKey} for arXiv:${paper.arxivId} to ${name}`);
      return plan.citeKey;
    }
  }
}

async function fileExists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    // An unsaved, untitled-but-open document at that URI still counts.
    return vscode.workspace.textDocuments.some((document) => document.uri.toString() === uri.toString());
  }
}

