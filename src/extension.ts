// Entry point: wires the data layer (src/papers, no `vscode`) to the tree view, the paper
// panel and the commands. Everything registered here is disposed through the context.
import * as path from 'path';
import * as vscode from 'vscode';
import { citationPanelActions, registerCitationCommands } from './commands/citationCommands';
import { ErrorReporter } from './commands/errorReporter';
import { registerLibraryCommands } from './commands/libraryCommands';
import { panelActions, registerPaperCommands } from './commands/paperCommands';
import { scopedLogger } from './common/logger';
import { readConfig, SECTION, type PaperReaderConfig } from './config';
import { PaperCache } from './papers/cache';
import { DailyPapersClient } from './papers/dailyPapersClient';
import { HttpClient } from './papers/http';
import { PaperRepository } from './papers/repository';
import { servesDocument, startLanguageClient, type LanguageClientHandle } from './language/client';
import { setCslStyleDirectory } from './citations/styles';
import type { LibraryStore } from './library/libraryStore';
import { completeSavedPapers, openLibrary } from './library/vscodeLibrary';
import { PAPER_PANEL_VIEW_TYPE, PaperPanelManager } from './views/paperPanel';
import { ReadDecorationProvider } from './views/readDecorations';
import { SAVED_VIEW_ID, SavedTreeProvider, type SavedNode } from './views/savedTree';
import { TRENDING_VIEW_ID, TrendingTreeProvider, type TrendingNode, type TrendingOptions } from './views/trendingTree';

/** The running language client; deactivate() waits for it to stop. */
let languageClient: Promise<LanguageClientHandle | undefined> | undefined;

export function activate(context: vscode.ExtensionContext): void {
  const started = Date.now();
  const log = vscode.window.createOutputChannel('Paper Reader', { log: true });
  context.subscriptions.push(log);

  const version = String(context.extension.packageJSON.version ?? '0.0.0');
  let config = readConfig();
  logEnvironment(log, version, config);

  setCslStyleDirectory(path.join(context.extensionPath, 'dist', 'csl'));

  const storagePath = context.globalStorageUri.fsPath;
  let repository = createRepository(config, version, storagePath, log);

  const tree = new TrendingTreeProvider(() => repository, trendingOptions(config), scopedLogger(log, 'tree'));
  const treeView = vscode.window.createTreeView<TrendingNode>(TRENDING_VIEW_ID, {
    treeDataProvider: tree,
    showCollapseAll: true,
  });
  tree.attach(treeView);
  context.subscriptions.push(tree, treeView);

  // The library opens in the background; until it has, papers show as unread and unsaved.
  let library: LibraryStore | undefined;
  const libraryReady = openLibrary(context, log);
  const savedTree = new SavedTreeProvider(() => library);
  const savedView = vscode.window.createTreeView<SavedNode>(SAVED_VIEW_ID, { treeDataProvider: savedTree });
  const decorations = new ReadDecorationProvider((arxivId) => library?.isRead(arxivId) ?? false);
  tree.setPaperState({
    isRead: (arxivId) => library?.isRead(arxivId) ?? false,
    isSaved: (arxivId) => library?.isSaved(arxivId) ?? false,
  });
  context.subscriptions.push(savedTree, savedView, decorations, vscode.window.registerFileDecorationProvider(decorations));

  const showLog = () => log.show(true);
  const errors = new ErrorReporter(log, showLog);
  const panels = new PaperPanelManager(
    context.extensionUri,
    {
      ...panelActions({ logger: log }),
      ...citationPanelActions(),
      isSaved: (paper) => library?.isSaved(paper.arxivId) ?? false,
      toggleSaved: async (paper) => {
        await vscode.commands.executeCommand('paperReader.toggleSaved', paper);
      },
    },
    log,
    context.workspaceState,
  );
  context.subscriptions.push(panels);

  void libraryReady.then(
    (store) => {
      library = store;
      const savedIds = store.list().map((entry) => entry.paper.arxivId);
      savedTree.refreshAll();
      tree.refreshPapers(savedIds);
      decorations.refresh([...new Set([...savedIds, ...tree.visiblePapers().map((paper) => paper.arxivId)])]);
      context.subscriptions.push(
        store.onDidChange((change) => {
          // Only the changed items re-render: their menus depend on the read and saved state.
          decorations.refresh(change.ids);
          tree.refreshPapers(change.ids);
          if (change.savedListChanged) {
            savedTree.refreshAll();
            panels.refreshPapers(change.ids);
          } else {
            savedTree.refreshPapers(change.ids);
          }
        }),
      );
      void completeSavedPapers(store, repository, log);
    },
    (error: unknown) => log.error(`[library] could not open the saved list: ${String(error)}`),
  );
  context.subscriptions.push(
    panels.onDidOpenPaper((paper) => {
      void libraryReady.then((store) => store.markRead([paper.arxivId])).catch((error: unknown) => {
        log.error(`[library] could not mark arXiv:${paper.arxivId} read: ${String(error)}`);
      });
    }),
  );

  context.subscriptions.push(
    vscode.window.registerWebviewPanelSerializer(PAPER_PANEL_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel, state) => panels.restore(panel, state),
    }),
  );

  context.subscriptions.push(
    ...registerPaperCommands({
      repository: () => repository,
      baseUrl: () => config.baseUrl,
      tree,
      treeView,
      panels: () => panels,
      logger: log,
      errors,
      showLog,
    }),
  );

  const citationContext = {
    library: () => libraryReady,
    tree,
    treeView,
    savedView,
    panels: () => panels,
    logger: log,
    errors,
  };
  context.subscriptions.push(...registerCitationCommands(citationContext), ...registerLibraryCommands(citationContext));

  // The server starts with the first document it would serve, not at activation, because
  // the Papers view alone needs no server process. Its API URLs and cache folder are fixed
  // when it starts, so a change to them restarts it.
  const startServer = () => {
    languageClient = startLanguageClient(context, log, {
      cacheDirectory: cacheDirectoryFor(storagePath, config.baseUrl),
      baseUrl: config.baseUrl,
      arxivBaseUrl: config.arxivBaseUrl,
      userAgent: userAgentFor(version),
    }).catch((error: unknown) => {
      log.error(`[language server] could not start: ${String(error)}`);
      return undefined;
    });
  };
  const startServerFor = (document: vscode.TextDocument) => {
    if (!languageClient && servesDocument(document)) {
      startServer();
    }
  };
  vscode.workspace.textDocuments.forEach(startServerFor);
  context.subscriptions.push(vscode.workspace.onDidOpenTextDocument(startServerFor));

  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (!event.affectsConfiguration(SECTION)) {
        return;
      }
      const previous = config;
      config = readConfig();
      log.info(`[config] settings changed: ${JSON.stringify(config)}`);
      repository = createRepository(config, version, storagePath, log);
      tree.updateOptions(trendingOptions(config));

      if (previous.baseUrl !== config.baseUrl || previous.arxivBaseUrl !== config.arxivBaseUrl) {
        const running = languageClient;
        languageClient = undefined;
        void running?.then((client) => client?.stop()).then(startServer);
      }

      // Turning on paperReader.languageServer.comments makes open code files worth serving.
      vscode.workspace.textDocuments.forEach(startServerFor);
    }),
  );

  // The start in epoch milliseconds lets the benchmark line activation up with when the
  // first tree items appear in the browser.
  log.info(`[activation] activated in ${Date.now() - started} ms (started at epoch ms ${started})`);
}

export async function deactivate(): Promise<void> {
  // Everything else is disposed through context.subscriptions; the language client is
  // stopped here so VS Code waits until its server process has exited.
  const client = await languageClient;
  languageClient = undefined;
  await client?.stop();
}

/** Returns the cache folder of an API host; each host has its own, so demo days never mix with live papers. */
function cacheDirectoryFor(storagePath: string, baseUrl: string): string {
  const host = new URL(baseUrl).host.replace(/[^A-Za-z0-9.-]/g, '_');
  return path.join(storagePath, 'cache', host);
}

function userAgentFor(version: string): string {
  return `PaperReader/${version} (VS Code ${vscode.version}; +https://github.com/paper-reader/paper-reader)`;
}

/** Builds the data layer for the current settings. */
function createRepository(config: PaperReaderConfig, version: string, storagePath: string, log: vscode.LogOutputChannel): PaperRepository {
  const cache = new PaperCache(cacheDirectoryFor(storagePath, config.baseUrl), scopedLogger(log, 'cache'));
  const http = new HttpClient({
    userAgent: userAgentFor(version),
    timeoutMs: config.requestTimeoutMs,
    logger: scopedLogger(log, 'http'),
  });
  const client = new DailyPapersClient({
    baseUrl: config.baseUrl,
    http,
    logger: scopedLogger(log, 'api'),
    sort: config.sortOrder,
  });
  return new PaperRepository(client, cache, scopedLogger(log, 'repository'));
}

function trendingOptions(config: PaperReaderConfig): TrendingOptions {
  return {
    sortOrder: config.sortOrder,
    daysShown: config.daysShown,
    initialDate: config.initialDate,
    demo: config.demo,
    apiHost: new URL(config.baseUrl).host,
  };
}

function logEnvironment(log: vscode.LogOutputChannel, version: string, config: PaperReaderConfig): void {
  log.info(`[activation] Paper Reader ${version} on VS Code ${vscode.version} (${vscode.env.appName}, ${process.platform}, Node ${process.versions.node})`);
  log.info(`[activation] settings: ${JSON.stringify(config)}`);
}
