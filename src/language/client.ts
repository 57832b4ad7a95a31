// Starts the Paper Reader language server (dist/server.js) over IPC and connects it to
// LaTeX, BibTeX, Markdown and plain-text documents.
import * as vscode from 'vscode';
import {
  LanguageClient,
  TransportKind,
  type ErrorHandler,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';

export interface LanguageClientStartOptions {
  /** The extension's cache folder for the current API host, shared with the Trending view. */
  cacheDirectory: string;
  baseUrl: string;
  userAgent: string;
  /** arXiv API origin; tests point it at a local server. */
  arxivBaseUrl?: string;
}

const LANGUAGES = ['latex', 'tex', 'bibtex', 'markdown', 'plaintext'];
/** The one command that hover links may run. */
const TRUSTED_COMMANDS = ['paperReader.openPaper'];

/** A started client: `stop()` resolves once the server process has shut down. */
export interface LanguageClientHandle extends vscode.Disposable {
  stop(): Promise<void>;
}

export async function startLanguageClient(
  context: vscode.ExtensionContext,
  log: vscode.LogOutputChannel,
  options: LanguageClientStartOptions,
): Promise<LanguageClientHandle> {
  const module = vscode.Uri.joinPath(context.extensionUri, 'dist', 'server.js').fsPath;
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6010'] } },
  };

  const watcher = vscode.workspace.createFileSystemWatcher('**/*.bib');
  let client: LanguageClient | undefined;
  let defaultErrorHandler: ErrorHandler | undefined;

  const clientOptions: LanguageClientOptions = {
    documentSelector: LANGUAGES.flatMap((language) => [
      { scheme: 'file', language },
      { scheme: 'untitled', language },
    ]),
    synchronize: { fileEvents: watcher },
    outputChannel: log,
    initializationOptions: {
      cacheDirectory: options.cacheDirectory,
      baseUrl: options.baseUrl,
      arxivBaseUrl: options.arxivBaseUrl ?? 'https://export.arxiv.org',
      userAgent: options.userAgent,
    },
    // The client's own restart policy decides what happens; this only records why.
    errorHandler: {
      error: (error, message, count) => {
        log.error(`[language server] connection error (${count ?? 0}): ${error.message}`);
        return defaultErrorHandler!.error(error, message, count);
      },
      closed: () => {
        log.error('[language server] the server process exited; see the lines above for its last errors.');
        return defaultErrorHandler!.closed();
      },
    },
    middleware: {
      provideHover: async (document, position, token, next) => {
        const hover = await next(document, position, token);
        for (const content of hover?.contents ?? []) {
          if (content instanceof vscode.MarkdownString) {
            content.isTrusted = { enabledCommands: TRUSTED_COMMANDS };
          }
        }
        return hover;
      },
    },
  };

  client = new LanguageClient('paperReader.languageServer', 'Paper Reader Language Server', serverOptions, clientOptions);
  defaultErrorHandler = client.createDefaultErrorHandler();
  client.onDidChangeState((event) => log.info(`[language server] state ${event.oldState} -> ${event.newState}`));

  try {
    await client.start();
  } catch (error) {
    log.error(`[language server] could not start ${module}: ${error instanceof Error ? error.message : String(error)}`);
  }

  const started = client;
  const stop = async (): Promise<void> => {
    watcher.dispose();
    try {
      await started.stop();
    } catch (error) {
      log.warn(`[language server] stopping failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  return { stop, dispose: () => void stop() };
}
