// A minimal language client for the protocol tests and the benchmark: it starts the real
// server bundle (`node dist/server.js --stdio`), responds to the server's requests for settings
// and workspace folders, and records diagnostics and log messages.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageConnection,
} from 'vscode-jsonrpc/node';
import type {
  CodeAction,
  CompletionItem,
  CompletionList,
  Diagnostic,
  DocumentLink,
  Hover,
  InitializeResult,
  MarkupContent,
  Position,
  PublishDiagnosticsParams,
  Range,
} from 'vscode-languageserver-protocol';

export const REPOSITORY_ROOT = path.resolve(__dirname, '../../..');
export const SERVER_BUNDLE = path.join(REPOSITORY_ROOT, 'dist', 'server.js');

export interface TestClientOptions {
  workspaceFolder: string;
  initializationOptions: Record<string, unknown>;
  /** The `paperReader` section returned for `workspace/configuration`. */
  settings?: Record<string, unknown>;
}

type DiagnosticsListener = (params: PublishDiagnosticsParams) => void;

export class TestClient {
  readonly diagnostics = new Map<string, Diagnostic[]>();
  readonly errors: string[] = [];
  settings: Record<string, unknown>;
  /** Number of `workspace/configuration` requests the server has sent. */
  configurationRequests = 0;
  exitCode: number | null | undefined;
  private readonly listeners = new Set<DiagnosticsListener>();
  private readonly versions = new Map<string, number>();
  private configurationListener: (() => void) | undefined;

  private constructor(
    readonly process: ChildProcess,
    readonly connection: MessageConnection,
    options: TestClientOptions,
  ) {
    this.settings = options.settings ?? {};
    process.on('exit', (code) => {
      this.exitCode = code;
    });
  }

  static async start(options: TestClientOptions): Promise<TestClient> {
    if (!existsSync(SERVER_BUNDLE)) {
      throw new Error(`Missing ${SERVER_BUNDLE}: run "node esbuild.js" before the server tests.`);
    }
    const child = spawn(process.execPath, [SERVER_BUNDLE, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const client = new TestClient(child, connection, options);
    child.stderr!.on('data', (chunk: Buffer) => client.errors.push(chunk.toString('utf8')));

    const folderUri = pathToFileURL(options.workspaceFolder).href;
    connection.onRequest('workspace/configuration', (params: { items: Array<{ section?: string }> }) => {
      client.configurationRequests++;
      client.configurationListener?.();
      return params.items.map((item) => (item.section === 'paperReader' ? client.settings : null));
    });
    connection.onRequest('workspace/workspaceFolders', () => [{ uri: folderUri, name: 'workspace' }]);
    connection.onRequest('client/registerCapability', () => null);
    connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      client.diagnostics.set(params.uri, params.diagnostics);
      for (const listener of client.listeners) {
        listener(params);
      }
    });
    connection.onNotification('window/logMessage', (params: { type: number; message: string }) => {
      if (params.type === 1) {
        client.errors.push(params.message);
      }
    });
    connection.listen();

    await connection.sendRequest<InitializeResult>('initialize', {
      processId: process.pid,
      rootUri: folderUri,
      workspaceFolders: [{ uri: folderUri, name: 'workspace' }],
      initializationOptions: options.initializationOptions,
      capabilities: {
        workspace: { configuration: true, workspaceFolders: true, didChangeConfiguration: { dynamicRegistration: true } },
        textDocument: { hover: { contentFormat: ['markdown'] }, publishDiagnostics: { relatedInformation: true } },
      },
    });
    connection.sendNotification('initialized', {});
    return client;
  }

  /**
   * Replaces the `paperReader` settings, notifies the server, and resolves once the server
   * has read them back through `workspace/configuration`.
   */
  async updateSettings(settings: Record<string, unknown>): Promise<void> {
    this.settings = settings;
    const answered = new Promise<void>((resolve) => {
      this.configurationListener = () => {
        this.configurationListener = undefined;
        resolve();
      };
    });
    await this.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await answered;
  }

  open(uri: string, languageId: string, text: string): void {
    this.versions.set(uri, 1);
    void this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
  }

  /** Sends an incremental change replacing `range` (the whole text when omitted) with `text`. */
  change(uri: string, text: string, range?: Range): void {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    void this.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [range ? { range, text } : { text }],
    });
  }

  close(uri: string): void {
    void this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  hover(uri: string, position: Position): Promise<Hover | null> {
    return this.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position });
  }

  /** Returns the hover's Markdown text, or '' for no hover. */
  async hoverText(uri: string, position: Position): Promise<string> {
    const hover = await this.hover(uri, position);
    return hover ? (hover.contents as MarkupContent).value : '';
  }

  async completion(uri: string, position: Position): Promise<CompletionItem[]> {
    const result = await this.connection.sendRequest<CompletionList | CompletionItem[] | null>('textDocument/completion', {
      textDocument: { uri },
      position,
    });
    return result === null ? [] : Array.isArray(result) ? result : result.items;
  }

  documentLinks(uri: string): Promise<DocumentLink[] | null> {
    return this.connection.sendRequest('textDocument/documentLink', { textDocument: { uri } });
  }

  codeActions(uri: string, range: Range, diagnostics: Diagnostic[] = []): Promise<CodeAction[] | null> {
    return this.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics } });
  }

  /**
   * Resolves with the first diagnostics for `uri` that satisfy `accept`, including ones
   * already received. Rejects after `limitMs` so a failing test names what it waited for.
   */
  waitForDiagnostics(uri: string, accept: (diagnostics: Diagnostic[]) => boolean, what: string, limitMs = 20_000): Promise<Diagnostic[]> {
    const current = this.diagnostics.get(uri);
    if (current && accept(current)) {
      return Promise.resolve(current);
    }
    return new Promise<Diagnostic[]>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.listeners.delete(listener);
        reject(new Error(`No diagnostics for ${uri} ${what} within ${limitMs} ms; last: ${JSON.stringify(this.diagnostics.get(uri))}`));
      }, limitMs);
      const listener: DiagnosticsListener = (params) => {
        if (params.uri === uri && accept(params.diagnostics)) {
          clearTimeout(timer);
          this.listeners.delete(listener);
          resolve(params.diagnostics);
        }
      };
      this.listeners.add(listener);
    });
  }

  async stop(): Promise<void> {
    if (this.exitCode === undefined) {
      const exited = new Promise<void>((resolve) => this.process.once('exit', () => resolve()));
      try {
        await this.connection.sendRequest('shutdown');
        void this.connection.sendNotification('exit');
      } catch {
        this.process.kill();
      }
      await exited;
    }
    this.connection.dispose();
  }
}

/** Returns the position of the `occurrence`-th match of `needle` in `text`, plus `delta` characters. */
export function positionOf(text: string, needle: string, delta = 0, occurrence = 1): Position {
  let index = -1;
  for (let count = 0; count < occurrence; count++) {
    index = text.indexOf(needle, index + 1);
    if (index === -1) {
      throw new Error(`"${needle}" occurs fewer than ${occurrence} times in the test document.`);
    }
  }
  const offset = index + delta;
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}
