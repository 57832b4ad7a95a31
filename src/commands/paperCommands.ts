// The `paperReader.*` commands. Commands that act on one paper take it from their
// argument (a tree item, a paper or an arXiv id), else from the focused paper panel,
// else from the tree's selection.
import * as vscode from 'vscode';
import type { Logger } from '../common/logger';
import { toBibTeX } from '../citations/bibtex';
import { arxivAbsUrl, arxivPdfUrl, huggingFacePaperUrl, parseArxivReference, type ArxivReference } from '../papers/arxivId';
import { isDayKey } from '../papers/dates';
import { isOfflineError } from '../papers/http';
import type { Paper } from '../papers/model';
import type { PaperRepository } from '../papers/repository';
import type { PanelActions, PaperPanelManager } from '../views/paperPanel';
import { PaperNode, type TrendingNode, type TrendingTreeProvider } from '../views/trendingTree';
import type { ErrorReporter } from './errorReporter';
import { breakMessageLinks } from '../common/markdown';

export interface CommandContext {
  repository: () => PaperRepository;
  baseUrl: () => string;
  tree: TrendingTreeProvider;
  treeView: vscode.TreeView<TrendingNode>;
  panels: () => PaperPanelManager;
  logger: Logger;
  errors: ErrorReporter;
  showLog: () => void;
}

const LOOK_UP_EXAMPLE = '2502.18858';

export function registerPaperCommands(context: CommandContext): vscode.Disposable[] {
  const register = (id: string, handler: (...args: unknown[]) => unknown) =>
    vscode.commands.registerCommand(`paperReader.${id}`, async (...args: unknown[]) => {
      try {
        await handler(...args);
      } catch (error) {
        context.errors.report(`paperReader.${id}`, error);
      }
    });

  const withPaper = (action: (paper: Paper) => Promise<void>) => async (arg?: unknown) => {
    const paper = await resolvePaper(context, arg);
    if (paper) {
      await action(paper);
    }
  };

  const actions = panelActions(context);

  return [
    register('refresh', () => context.tree.refresh()),
    register('showLog', () => context.showLog()),
    register('loadEarlier', () => context.tree.loadEarlier()),
    register('viewByDay', () => context.tree.setMode('day')),
    register('viewByWeek', () => context.tree.setMode('week')),
    register('viewByMonth', () => context.tree.setMode('month')),
    register('goToDate', (arg) => goToDate(context, arg)),
    register('goToToday', () => context.tree.goTo(new Date().toISOString().slice(0, 10))),
    register('lookUpPaper', (arg) => lookUpPaper(context, arg)),
    register('openPaper', withPaper(async (paper) => context.panels().show(paper))),
    register('copyBibTeX', withPaper(actions.copyBibTeX)),
    register('copyArxivLink', withPaper(actions.copyLink)),
    register('openOnArxiv', withPaper((paper) => actions.openExternalUrl(arxivAbsUrl({ id: paper.arxivId })))),
    register('openPdf', withPaper(actions.openPdf)),
    register(
      'openOnHuggingFace',
      withPaper((paper) => actions.openExternalUrl(huggingFacePaperUrl(paper.arxivId))),
    ),
    register('openCodeRepository', withPaper((paper) => openCodeRepository(actions, paper))),
  ];
}

/** Builds the actions that a paper panel's buttons trigger; the commands share them. */
export function panelActions(context: Pick<CommandContext, 'logger'>): PanelActions {
  return {
    async copyBibTeX(paper) {
      await vscode.env.clipboard.writeText(toBibTeX(paper));
      context.logger.info(`[commands] copied BibTeX for arXiv:${paper.arxivId}`);
      void vscode.window.setStatusBarMessage(vscode.l10n.t('Copied BibTeX for arXiv:{0}', paper.arxivId), 4000);
    },
    async copyLink(paper) {
      await vscode.env.clipboard.writeText(arxivAbsUrl({ id: paper.arxivId }));
      void vscode.window.setStatusBarMessage(vscode.l10n.t('Copied the arXiv link for arXiv:{0}', paper.arxivId), 4000);
    },
    async openPdf(paper) {
      await openExternalUrl(context.logger, arxivPdfUrl({ id: paper.arxivId }));
    },
    async openExternalUrl(url) {
      await openExternalUrl(context.logger, url);
    },
  };
}

/** Opens http(s) URLs only: a link from the network must not start other handlers. */
async function openExternalUrl(logger: Logger, url: string): Promise<void> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    logger.warn(`[commands] rejected an invalid URL: ${url.slice(0, 200)}`);
    return;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    logger.warn(`[commands] rejected a ${parsed.protocol} URL, which is not http or https: ${url.slice(0, 200)}`);
    return;
  }
  await vscode.env.openExternal(vscode.Uri.parse(parsed.toString(), true));
}

async function openCodeRepository(actions: PanelActions, paper: Paper): Promise<void> {
  if (!paper.githubRepo) {
    void vscode.window.showInformationMessage(
      vscode.l10n.t('"{0}" has no code repository on Hugging Face.', breakMessageLinks(paper.title)),
    );
    return;
  }
  await actions.openExternalUrl(paper.githubRepo);
}

async function resolvePaper(context: CommandContext, arg: unknown): Promise<Paper | undefined> {
  if (arg instanceof PaperNode) {
    return arg.paper;
  }
  if (isPaper(arg)) {
    return arg;
  }
  if (typeof arg === 'string') {
    return lookUpPaper(context, arg, { open: false });
  }

  const active = context.panels().activePaper;
  if (active) {
    return active;
  }
  const selected = context.treeView.selection.find((node): node is PaperNode => node instanceof PaperNode);
  if (selected) {
    return selected.paper;
  }

  void vscode.window.showInformationMessage(
    vscode.l10n.t('Select a paper in the Papers view or open one first, or run "Look Up Paper…".'),
  );
  return undefined;
}

function isPaper(value: unknown): value is Paper {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Paper).arxivId === 'string' &&
    typeof (value as Paper).title === 'string'
  );
}

async function goToDate(context: CommandContext, arg: unknown): Promise<void> {
  const day =
    typeof arg === 'string'
      ? arg
      : await vscode.window.showInputBox({
          title: vscode.l10n.t('Go to Date'),
          prompt: vscode.l10n.t('Newest day to show, in UTC'),
          placeHolder: 'YYYY-MM-DD',
          value: new Date().toISOString().slice(0, 10),
          validateInput: (value) => (isDayKey(value.trim()) ? undefined : invalidDateMessage(value)),
        });
  if (day === undefined) {
    return;
  }
  if (!isDayKey(day.trim())) {
    void vscode.window.showErrorMessage(invalidDateMessage(day));
    return;
  }
  context.tree.goTo(day.trim());
}

/**
 * Resolves an arXiv id or URL to a paper through the tree, the cache and the Hugging Face
 * API, and opens it unless `open` is false. Returns undefined after telling the user why.
 */
async function lookUpPaper(context: CommandContext, arg: unknown, options = { open: true }): Promise<Paper | undefined> {
  const input =
    typeof arg === 'string'
      ? arg
      : await vscode.window.showInputBox({
          title: vscode.l10n.t('Look Up Paper'),
          prompt: vscode.l10n.t('An arXiv id or an arxiv.org or huggingface.co/papers link'),
          placeHolder: `${LOOK_UP_EXAMPLE}, arXiv:${LOOK_UP_EXAMPLE}, https://arxiv.org/abs/${LOOK_UP_EXAMPLE}`,
          validateInput: (value) => (value.trim() === '' || parseArxivReference(value) ? undefined : invalidIdMessage(value)),
        });
  if (input === undefined || input.trim() === '') {
    return undefined;
  }

  const reference = parseArxivReference(input);
  if (!reference) {
    void vscode.window.showErrorMessage(invalidIdMessage(input));
    return undefined;
  }

  const paper = context.tree.findPaper(reference.id) ?? (await fetchPaper(context, reference));
  if (paper && options.open) {
    context.panels().show(paper);
  }
  return paper;
}

async function fetchPaper(context: CommandContext, reference: ArxivReference): Promise<Paper | undefined> {
  let paper: Paper | undefined;
  let cancelled = false;
  try {
    paper = await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: vscode.l10n.t('Looking up arXiv:{0}…', reference.id),
        cancellable: true,
      },
      (_progress, token) =>
        // Cancel stops the wait; a request already sent finishes in the background and
        // caches its result for the next look-up.
        new Promise<Paper | undefined>((resolve, reject) => {
          token.onCancellationRequested(() => {
            cancelled = true;
            resolve(undefined);
          });
          context.repository().lookUp(reference.id).then(resolve, reject);
        }),
    );
  } catch (error) {
    await showLookUpFailure(context, reference, error);
    return undefined;
  }
  if (cancelled) {
    context.logger.info(`[commands] look-up of arXiv:${reference.id} cancelled`);
    return undefined;
  }

  if (!paper) {
    const openArxiv = vscode.l10n.t('Open on arXiv');
    const choice = await vscode.window.showWarningMessage(
      vscode.l10n.t('arXiv:{0} is not on Hugging Face Papers, so Paper Reader has no metadata for it.', reference.id),
      openArxiv,
    );
    if (choice === openArxiv) {
      await openExternalUrl(context.logger, arxivAbsUrl(reference));
    }
  }
  return paper;
}

async function showLookUpFailure(context: CommandContext, reference: ArxivReference, error: unknown): Promise<void> {
  context.logger.error(`[commands] look-up of arXiv:${reference.id} failed: ${String(error)}`);

  const reason = isOfflineError(error)
    ? vscode.l10n.t('{0} is not reachable. Check the network or the paperReader.baseUrl setting.', context.baseUrl())
    : error instanceof Error
      ? error.message
      : String(error);
  const openLog = vscode.l10n.t('Open Log');
  const choice = await vscode.window.showErrorMessage(
    vscode.l10n.t('Could not look up arXiv:{0}. {1}', reference.id, breakMessageLinks(reason)),
    openLog,
  );
  if (choice === openLog) {
    context.showLog();
  }
}

function invalidDateMessage(input: string): string {
  return vscode.l10n.t('"{0}" is not a date. Use YYYY-MM-DD, for example 2025-03-12.', shorten(input));
}

/** Shortens user input quoted in a message, so a pasted page does not fill the screen. */
function shorten(input: string): string {
  const trimmed = input.trim();
  return trimmed.length > 80 ? `${trimmed.slice(0, 80)}…` : trimmed;
}

function invalidIdMessage(input: string): string {
  const shown = shorten(input);
  return vscode.l10n.t(
    '"{0}" is not an arXiv id or paper link. Enter an id such as {1}, arXiv:{1}, hep-th/9901001, or a link such as https://arxiv.org/abs/{1}.',
    shown,
    LOOK_UP_EXAMPLE,
  );
}
