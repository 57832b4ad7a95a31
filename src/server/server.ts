// The Paper Reader language server: hovers, completion, document links, code actions and
// diagnostics for arXiv references and cite keys. Prose documents (LaTeX, BibTeX, Markdown,
// plain text) get every feature. With `languageServer.comments` on, documents of any other
// language get the arXiv reference features, inside their comments only. Requests read memory and the disk cache,
// and the network is used only by hovers and by diagnostics for arXiv ids, and
// each id is fetched at most once at a time.
import * as path from 'node:path';
import {
  CodeAction,
  CodeActionKind,
  CompletionItemKind,
  DiagnosticSeverity,
  DidChangeConfigurationNotification,
  MarkupKind,
  TextDocuments,
  TextDocumentSyncKind,
  TextEdit,
  type CodeActionParams,
  type CompletionItem,
  type CompletionList,
  type CompletionParams,
  type Connection,
  type Diagnostic,
  type DocumentLink,
  type DocumentLinkParams,
  type Hover,
  type HoverParams,
  type InitializeParams,
  type InitializeResult,
  type Range,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { toBibTeX } from '../citations/bibtex';
import type { BibEntry } from '../citations/bibParser';
import { documentKind } from '../citations/documentCitation';
import { scopedLogger, type Logger } from '../common/logger';
import { ArxivClient } from '../papers/arxivClient';
import { arxivAbsUrl, parseArxivReference } from '../papers/arxivId';
import { PaperCache } from '../papers/cache';
import { findCommentReferences, findCommentRegions, isProseLanguage } from '../papers/comments';
import { DailyPapersClient } from '../papers/dailyPapersClient';
import { HttpClient } from '../papers/http';
import type { Paper } from '../papers/model';
import { findPaperReferences, referenceAt, type PaperReference } from '../papers/references';
import { BibIndex, toPath, type BibFile, type IndexedEntry } from './bibIndex';
import { citeCompletionContext, citeKeyAt, findCiteKeys, type CiteCompletionContext } from './citeKeys';
import {
  bibliographyCandidates,
  findBibliographyNames,
  isInRanges,
  markdownCodeRanges,
  type BibliographyName,
} from './documentBibliography';
import {
  bibEntryHoverMarkdown,
  cleanTeX,
  escapeMarkdown,
  lookingUpMarkdown,
  lookupFailedMarkdown,
  notFoundMarkdown,
  OPEN_PAPER_COMMAND,
  paperHoverMarkdown,
} from './markdown';
import { errorMessage, PaperLookup } from './paperLookup';
import { readInitializationOptions, readSettings, type InitializationOptions, type ServerSettings } from './settings';

export const DIAGNOSTIC_SOURCE = 'Paper Reader';
export const UNDEFINED_CITE_KEY = 'undefinedCiteKey';
export const PAPER_NOT_FOUND = 'paperNotFound';
export const BIBLIOGRAPHY_NOT_FOUND = 'bibliographyNotFound';

const DIAGNOSTICS_DELAY_MS = 300;
/** Distinct arXiv ids per document that diagnostics look up; more would queue minutes of arXiv requests. */
const MAX_LOOKUPS_PER_DOCUMENT = 50;
/** Characters around the cursor searched for a cite command, which may span lines. */
const CITE_WINDOW = 2500;
/** Cached papers offered after `arXiv:` before the list is marked incomplete. */
const MAX_PAPER_COMPLETIONS = 2000;
/** Workspace .bib files offered as quick fix targets when the document names none. */
const MAX_BIB_TARGETS = 5;

/** The bibliography files a document names, resolved against the disk and the open editors. */
interface DocumentBibliography {
  /** True when the document names at least one file, so cite keys come from `files` only. */
  named: boolean;
  /** The named files that exist, in the order the document names them. */
  files: BibFile[];
  /** The named files found neither next to the document nor in a workspace folder. */
  missing: BibliographyName[];
  /** The names as written, for messages. */
  names: string[];
  /** The entries of `files` by lower-case cite key, the first file that defines a key winning. */
  entries: Map<string, IndexedEntry>;
}

export class PaperLanguageServer {
  private readonly documents = new TextDocuments(TextDocument);
  private readonly logger: Logger;
  private initialization!: InitializationOptions;
  private settings!: ServerSettings;
  private lookup!: PaperLookup;
  private readonly bibIndex: BibIndex;
  private huggingFace!: DailyPapersClient;
  private huggingFaceBaseUrl = '';
  private readonly diagnosticTimers = new Map<string, NodeJS.Timeout>();
  private workspaceFolders: string[] = [];
  private supportsConfiguration = false;
  private supportsWorkspaceFolders = false;
  private rescanTimer: NodeJS.Timeout | undefined;
  private citeItems: { generation: number; items: CompletionItem[] } | undefined;
  /** References in the comments of each open code document, for the version they were found in. */
  private readonly commentReferences = new Map<string, { version: number; references: PaperReference[] }>();
  /** Code documents that were sent diagnostics, so turning `comments` off can clear them. */
  private readonly codeDiagnosticUris = new Set<string>();

  constructor(private readonly connection: Connection) {
    this.logger = connectionLogger(connection);
    this.bibIndex = new BibIndex(scopedLogger(this.logger, 'bib'));
  }

  listen(): void {
    const connection = this.connection;
    connection.onInitialize((params) => this.initialize(params));
    connection.onInitialized(() => {
      void this.guard('initialized', () => this.afterInitialized(), undefined);
    });
    connection.onDidChangeConfiguration(() => {
      void this.guard('configuration', () => this.reloadSettings(), undefined);
    });
    connection.onDidChangeWatchedFiles(() => this.scheduleRescan());

    connection.onHover((params) => this.guard('hover', () => this.hover(params), null));
    connection.onCompletion((params) => this.guard('completion', () => this.completion(params), null));
    connection.onDocumentLinks((params) => this.guard('documentLinks', () => this.documentLinks(params), null));
    connection.onCodeAction((params) => this.guard('codeAction', () => this.codeActions(params), null));

    this.documents.onDidChangeContent((event) => {
      this.guardSync('didChange', () => {
        if (event.document.languageId === 'bibtex') {
          this.bibIndex.updateDocument(event.document.uri, event.document.getText());
        }
        this.scheduleDiagnostics(event.document.uri);
      });
    });
    this.documents.onDidClose((event) => {
      this.guardSync('didClose', () => {
        const uri = event.document.uri;
        clearTimeout(this.diagnosticTimers.get(uri));
        this.diagnosticTimers.delete(uri);
        this.commentReferences.delete(uri);
        if (event.document.languageId === 'bibtex') {
          this.bibIndex.closeDocument(uri);
        }
        if (isProseLanguage(event.document.languageId) || this.codeDiagnosticUris.delete(uri)) {
          void connection.sendDiagnostics({ uri, diagnostics: [] });
        }
      });
    });

    this.bibIndex.onDidChange(() => this.scheduleAllDiagnostics());
    this.documents.listen(connection);
    connection.listen();
  }

  // -------------------------------------------------------------------------------------
  // Lifecycle and settings

  private initialize(params: InitializeParams): InitializeResult {
    this.initialization = readInitializationOptions(params.initializationOptions);
    this.settings = readSettings(undefined, this.initialization);
    this.supportsConfiguration = params.capabilities.workspace?.configuration === true;
    this.supportsWorkspaceFolders = params.capabilities.workspace?.workspaceFolders === true;
    this.workspaceFolders =
      params.workspaceFolders?.map((folder) => folder.uri) ?? (params.rootUri ? [params.rootUri] : []);

    const logger = this.logger;
    const cache = new PaperCache(this.initialization.cacheDirectory, scopedLogger(logger, 'cache'));
    const arxiv = new ArxivClient({
      baseUrl: this.initialization.arxivBaseUrl,
      minIntervalMs: this.initialization.arxivMinIntervalMs,
      userAgent: this.initialization.userAgent,
      logger: scopedLogger(logger, 'arxiv'),
    });
    this.lookup = new PaperLookup({
      cache,
      huggingFace: () => this.huggingFaceClient(),
      arxiv,
      logger: scopedLogger(logger, 'lookup'),
      onDidResolve: (_arxivId, result) => {
        if (result.status === 'notFound') {
          this.scheduleAllDiagnostics();
        }
      },
    });

    logger.info(
      `[server] starting with cache ${this.initialization.cacheDirectory}, API ${this.initialization.baseUrl}, arXiv API ${this.initialization.arxivBaseUrl}`,
    );
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        hoverProvider: true,
        completionProvider: { triggerCharacters: ['{', ',', '@', ':'], resolveProvider: false },
        documentLinkProvider: { resolveProvider: false },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.Empty] },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'Paper Reader Language Server' },
    };
  }

  private async afterInitialized(): Promise<void> {
    if (this.supportsConfiguration) {
      await this.connection.client.register(DidChangeConfigurationNotification.type, { section: 'paperReader' });
    }
    await this.reloadSettings();

    if (this.supportsWorkspaceFolders) {
      const folders = await this.connection.workspace.getWorkspaceFolders();
      this.workspaceFolders = folders?.map((folder) => folder.uri) ?? this.workspaceFolders;
      this.connection.workspace.onDidChangeWorkspaceFolders(() => {
        void this.guard(
          'workspaceFolders',
          async () => {
            const current = await this.connection.workspace.getWorkspaceFolders();
            await this.bibIndex.setFolders(current?.map((folder) => folder.uri) ?? []);
          },
          undefined,
        );
      });
    }
    await this.bibIndex.setFolders(this.workspaceFolders);
  }

  private async reloadSettings(): Promise<void> {
    let section: unknown;
    if (this.supportsConfiguration) {
      section = await this.connection.workspace.getConfiguration('paperReader');
    }
    this.settings = readSettings(section, this.initialization);
    this.logger.info(`[server] settings: ${JSON.stringify(this.settings)}`);
    this.scheduleAllDiagnostics();
  }

  private huggingFaceClient(): DailyPapersClient {
    if (!this.huggingFace || this.huggingFaceBaseUrl !== this.settings.baseUrl) {
      this.huggingFaceBaseUrl = this.settings.baseUrl;
      this.huggingFace = new DailyPapersClient({
        baseUrl: this.settings.baseUrl,
        http: new HttpClient({
          userAgent: this.initialization.userAgent,
          timeoutMs: 10_000,
          maxRetries: 1,
          logger: scopedLogger(this.logger, 'http'),
        }),
        logger: scopedLogger(this.logger, 'api'),
      });
    }
    return this.huggingFace;
  }

  private scheduleRescan(): void {
    clearTimeout(this.rescanTimer);
    this.rescanTimer = setTimeout(() => {
      void this.guard('rescan', () => this.bibIndex.rescan(), undefined);
    }, 100);
  }

  // -------------------------------------------------------------------------------------
  // Hover

  private async hover(params: HoverParams): Promise<Hover | null> {
    const document = this.servedDocument(params.textDocument.uri);
    if (!document) {
      return null;
    }
    const offset = document.offsetAt(params.position);

    const reference = this.referenceAt(document, offset);
    if (reference) {
      const result = await this.lookup.lookUpWithin(reference.arxivId, this.settings.hoverTimeoutMs);
      let value: string;
      if (!result) {
        value = lookingUpMarkdown(reference.arxivId);
      } else if (result.status === 'found') {
        value = paperHoverMarkdown(result.paper, { id: reference.arxivId, version: reference.version });
      } else if (result.status === 'notFound') {
        value = notFoundMarkdown(reference.arxivId);
      } else {
        value = lookupFailedMarkdown(reference.arxivId, result.message, result.failedSources);
      }
      return { contents: { kind: MarkupKind.Markdown, value }, range: rangeOf(document, reference) };
    }

    const cite = isProseLanguage(document.languageId) ? this.citeKeyAt(document, offset) : undefined;
    if (cite) {
      const bibliography = await this.bibliographyOf(document);
      const indexed = this.lookupCiteKey(cite.key, bibliography);
      const value = indexed
        ? bibEntryHoverMarkdown(indexed.entry, displayName(indexed.file), arxivIdOfEntry(indexed.entry))
        : `Cite key \`${cite.key.replace(/`/g, "'")}\` is not defined in ${escapeMarkdown(bibliographyDescription(bibliography))}.`;
      return { contents: { kind: MarkupKind.Markdown, value }, range: rangeOf(document, cite) };
    }
    return null;
  }

  /** Finds the reference under the cursor by scanning only its line, because references never span lines. */
  private referenceAt(document: TextDocument, offset: number): PaperReference | undefined {
    if (!isProseLanguage(document.languageId)) {
      return referenceAt(this.codeReferences(document), offset);
    }
    const position = document.positionAt(offset);
    const lineStart = document.offsetAt({ line: position.line, character: 0 });
    const lineEnd = document.offsetAt({ line: position.line + 1, character: 0 });
    const line = document.getText().slice(lineStart, lineEnd);
    const reference = referenceAt(findPaperReferences(line, { allowBareIds: this.settings.allowBareIds }), offset - lineStart);
    return reference && { ...reference, start: reference.start + lineStart, end: reference.end + lineStart };
  }

  private citeKeyAt(document: TextDocument, offset: number): { key: string; start: number; end: number } | undefined {
    const text = document.getText();
    const windowStart = Math.max(0, offset - CITE_WINDOW);
    const window = text.slice(windowStart, offset + CITE_WINDOW);
    const occurrence = citeKeyAt(findCiteKeys(window, document.languageId), offset - windowStart);
    return occurrence && { key: occurrence.key, start: occurrence.start + windowStart, end: occurrence.end + windowStart };
  }

  // -------------------------------------------------------------------------------------
  // Completion

  private async completion(params: CompletionParams): Promise<CompletionList | null> {
    const document = this.servedDocument(params.textDocument.uri);
    if (!document) {
      return null;
    }
    const text = document.getText();
    const offset = document.offsetAt(params.position);

    if (!isProseLanguage(document.languageId)) {
      return this.commentCompletion(document, text, offset);
    }

    const context = citeCompletionContext(text, offset, document.languageId);
    if (context) {
      const bibliography = await this.bibliographyOf(document);
      return { isIncomplete: false, items: this.citeKeyItems(document, context, bibliography) };
    }

    const arxivPrefix = /arxiv:\s?([\w./-]*)$/i.exec(text.slice(Math.max(0, offset - 60), offset));
    if (arxivPrefix) {
      return this.cachedPaperItems(document, offset, arxivPrefix[1]);
    }
    return null;
  }

  /** Completes cached papers after `arXiv:` when the cursor is in a comment of a code document. */
  private async commentCompletion(document: TextDocument, text: string, offset: number): Promise<CompletionList | null> {
    const inComment = findCommentRegions(text, document.languageId).some((region) => region.start < offset && offset <= region.end);
    const arxivPrefix = inComment ? /arxiv:\s?([\w./-]*)$/i.exec(text.slice(Math.max(0, offset - 60), offset)) : null;
    return arxivPrefix ? this.cachedPaperItems(document, offset, arxivPrefix[1]) : null;
  }

  private citeKeyItems(document: TextDocument, context: CiteCompletionContext, bibliography: DocumentBibliography): CompletionItem[] {
    const range = { start: document.positionAt(context.start), end: document.positionAt(context.end) };
    const baseItems = bibliography.named ? [...bibliography.entries.values()].map(citeKeyItem) : this.workspaceCiteKeyItems();
    return baseItems.map((item) => ({ ...item, textEdit: TextEdit.replace(range, item.label) }));
  }

  /** Returns one completion item per workspace cite key without its edit, rebuilt only when a .bib file changed. */
  private workspaceCiteKeyItems(): CompletionItem[] {
    if (this.citeItems?.generation !== this.bibIndex.generation) {
      this.citeItems = { generation: this.bibIndex.generation, items: this.bibIndex.entries().map(citeKeyItem) };
    }
    return this.citeItems.items;
  }

  private async cachedPaperItems(document: TextDocument, offset: number, typed: string): Promise<CompletionList> {
    const papers = await this.lookup.cachedPapers();
    const range = { start: document.positionAt(offset - typed.length), end: document.positionAt(offset) };
    const items: CompletionItem[] = [];
    for (const paper of papers.values()) {
      if (typed && !paper.arxivId.startsWith(typed) && !paper.title.toLowerCase().includes(typed.toLowerCase())) {
        continue;
      }
      items.push({
        label: paper.arxivId,
        kind: CompletionItemKind.Reference,
        detail: paper.title,
        filterText: `${paper.arxivId} ${paper.title}`,
        textEdit: TextEdit.replace(range, paper.arxivId),
      });
      if (items.length >= MAX_PAPER_COMPLETIONS) {
        return { isIncomplete: true, items };
      }
    }
    return { isIncomplete: false, items };
  }

  // -------------------------------------------------------------------------------------
  // Document links

  private documentLinks(params: DocumentLinkParams): DocumentLink[] | null {
    const document = this.servedDocument(params.textDocument.uri);
    if (!document) {
      return null;
    }
    return this.documentReferences(document).map((reference) => ({
      range: rangeOf(document, reference),
      target: arxivAbsUrl({ id: reference.arxivId, version: reference.version }),
      tooltip: `Open arXiv:${reference.arxivId} on arXiv`,
    }));
  }

  // -------------------------------------------------------------------------------------
  // Code actions

  private async codeActions(params: CodeActionParams): Promise<CodeAction[] | null> {
    const document = this.servedDocument(params.textDocument.uri);
    if (!document) {
      return null;
    }
    const actions: CodeAction[] = [];
    const targets = await this.bibTargets(document);
    const isPreferred = targets.length === 1;

    // Fixes for undefined cite keys that name a cached paper's generated key.
    for (const diagnostic of params.context.diagnostics) {
      if (diagnostic.code !== UNDEFINED_CITE_KEY || targets.length === 0) {
        continue;
      }
      const key = (diagnostic.data as { key?: unknown } | undefined)?.key;
      const paper = typeof key === 'string' ? await this.lookup.paperForCiteKey(key) : undefined;
      if (!paper) {
        continue;
      }
      for (const target of targets) {
        const action = insertBibTeXAction(paper, target, `Add BibTeX entry "${key}" to ${targetLabel(target, targets, document)}`);
        action.diagnostics = [diagnostic];
        action.isPreferred = isPreferred;
        actions.push(action);
      }
    }

    const seen = new Set<string>();
    for (const reference of this.referencesIn(document, params.range)) {
      if (seen.has(reference.arxivId)) {
        continue;
      }
      seen.add(reference.arxivId);
      actions.push({
        title: `Open paper arXiv:${reference.arxivId}`,
        kind: CodeActionKind.Empty,
        command: { title: 'Open paper', command: OPEN_PAPER_COMMAND, arguments: [reference.arxivId] },
      });

      // Code actions are requested as the cursor moves, so they use what is cached and never the network.
      const missingFrom = targets.filter((target) => !bibHasPaper(target, reference.arxivId));
      const paper = missingFrom.length > 0 ? await this.cachedPaper(reference.arxivId) : undefined;
      for (const target of paper ? missingFrom : []) {
        const title = `Add BibTeX entry for arXiv:${reference.arxivId} to ${targetLabel(target, targets, document)}`;
        actions.push(insertBibTeXAction(paper!, target, title));
      }
    }
    return actions;
  }

  /**
   * Returns the .bib files a new entry may go to: the bibliography files the document names,
   * or else the workspace's .bib files, at most MAX_BIB_TARGETS and the nearest to the document first.
   */
  private async bibTargets(document: TextDocument): Promise<BibFile[]> {
    const bibliography = await this.bibliographyOf(document);
    if (bibliography.named) {
      return bibliography.files;
    }
    const files = this.bibIndex.workspaceFiles();
    const documentPath = toPath(document.uri);
    if (files.length <= 1 || documentPath === undefined) {
      return files.slice(0, MAX_BIB_TARGETS);
    }
    const distance = (file: BibFile) => path.relative(path.dirname(documentPath), toPath(file.uri) ?? file.uri).split(path.sep).length;
    return files
      .map((file) => ({ file, distance: distance(file) }))
      .sort((a, b) => a.distance - b.distance || a.file.uri.localeCompare(b.file.uri))
      .slice(0, MAX_BIB_TARGETS)
      .map(({ file }) => file);
  }

  private referencesIn(document: TextDocument, range: Range): PaperReference[] {
    if (!isProseLanguage(document.languageId)) {
      const first = document.offsetAt(range.start);
      const last = document.offsetAt(range.end);
      return this.codeReferences(document).filter((reference) => reference.start <= last && reference.end >= first);
    }
    const start = document.offsetAt({ line: range.start.line, character: 0 });
    const end = document.offsetAt({ line: range.end.line + 1, character: 0 });
    const text = document.getText().slice(start, end);
    const first = document.offsetAt(range.start);
    const last = document.offsetAt(range.end);
    return findPaperReferences(text, { allowBareIds: this.settings.allowBareIds })
      .map((reference) => ({ ...reference, start: reference.start + start, end: reference.end + start }))
      .filter((reference) => reference.start <= last && reference.end >= first);
  }

  private async cachedPaper(arxivId: string): Promise<Paper | undefined> {
    const known = this.lookup.peek(arxivId);
    if (known?.status === 'found') {
      return known.paper;
    }
    return (await this.lookup.cachedPapers()).get(arxivId);
  }

  // -------------------------------------------------------------------------------------
  // Diagnostics

  private scheduleDiagnostics(uri: string): void {
    clearTimeout(this.diagnosticTimers.get(uri));
    this.diagnosticTimers.set(
      uri,
      setTimeout(() => {
        this.diagnosticTimers.delete(uri);
        void this.guard('diagnostics', () => this.publishDiagnostics(uri), undefined);
      }, DIAGNOSTICS_DELAY_MS),
    );
  }

  private scheduleAllDiagnostics(): void {
    for (const document of this.documents.all()) {
      this.scheduleDiagnostics(document.uri);
    }
  }

  private async publishDiagnostics(uri: string): Promise<void> {
    const document = this.documents.get(uri);
    if (!document || !this.settings) {
      return;
    }
    if (!this.isServed(document)) {
      if (this.codeDiagnosticUris.delete(uri)) {
        await this.connection.sendDiagnostics({ uri, diagnostics: [] });
      }
      return;
    }
    const version = document.version;
    let diagnostics: Diagnostic[] = [];
    if (this.settings.diagnostics) {
      diagnostics = document.languageId === 'bibtex' ? this.bibDiagnostics(document) : await this.textDiagnostics(document);
    }

    // A newer version has its own run scheduled, and its result must not be overwritten.
    if (this.documents.get(uri)?.version !== version) {
      return;
    }
    if (!isProseLanguage(document.languageId)) {
      this.codeDiagnosticUris.add(uri);
    }
    await this.connection.sendDiagnostics({ uri, version, diagnostics });
  }

  private bibDiagnostics(document: TextDocument): Diagnostic[] {
    const file = this.bibIndex.file(document.uri);
    if (!file) {
      return [];
    }
    const diagnostics: Diagnostic[] = file.result.errors.map((error) => ({
      range: { start: document.positionAt(error.start), end: document.positionAt(error.end) },
      severity: DiagnosticSeverity.Error,
      source: DIAGNOSTIC_SOURCE,
      message: error.message,
    }));
    for (const duplicate of file.result.duplicates) {
      diagnostics.push({
        range: rangeOf(document, duplicate.duplicate.keyRange),
        severity: DiagnosticSeverity.Warning,
        source: DIAGNOSTIC_SOURCE,
        message: `Duplicate cite key "${duplicate.key}": it is already defined on line ${document.positionAt(duplicate.first.keyRange.start).line + 1}.`,
        relatedInformation: [
          {
            location: { uri: document.uri, range: rangeOf(document, duplicate.first.keyRange) },
            message: `First definition of "${duplicate.first.key}"`,
          },
        ],
      });
    }
    return diagnostics;
  }

  private async textDiagnostics(document: TextDocument): Promise<Diagnostic[]> {
    const text = document.getText();
    const diagnostics: Diagnostic[] = [];
    if (isProseLanguage(document.languageId)) {
      diagnostics.push(...(await this.citeKeyDiagnostics(document, text)));
    }

    const lookedUp = new Set<string>();
    for (const reference of this.documentReferences(document)) {
      const known = this.lookup.peek(reference.arxivId);
      if (known?.status === 'notFound') {
        diagnostics.push({
          range: rangeOf(document, reference),
          severity: DiagnosticSeverity.Information,
          source: DIAGNOSTIC_SOURCE,
          code: PAPER_NOT_FOUND,
          message: `arXiv:${reference.arxivId} was not found on Hugging Face or arXiv. Check the id.`,
        });
      } else if (!known && lookedUp.size < MAX_LOOKUPS_PER_DOCUMENT && !lookedUp.has(reference.arxivId)) {
        // The result arrives later; a "not found" schedules this document again.
        lookedUp.add(reference.arxivId);
        void this.lookup.lookUp(reference.arxivId).catch((error: unknown) => {
          this.logger.error(`[diagnostics] look-up of ${reference.arxivId} failed: ${errorMessage(error)}`);
        });
      }
    }
    return diagnostics;
  }

  /**
   * Reports cite keys that no bibliography defines and named bibliography files that do not
   * exist. Pandoc `@key` citations count only in a Markdown document that names its
   * bibliography, because `@name` in other notes is usually a mention, and never inside code.
   */
  private async citeKeyDiagnostics(document: TextDocument, text: string): Promise<Diagnostic[]> {
    const bibliography = await this.bibliographyOf(document);
    const diagnostics: Diagnostic[] = [];
    for (const name of bibliography.missing) {
      diagnostics.push({
        range: rangeOf(document, name),
        severity: DiagnosticSeverity.Warning,
        source: DIAGNOSTIC_SOURCE,
        code: BIBLIOGRAPHY_NOT_FOUND,
        message: `Bibliography file ${name.name} not found next to the document or in the workspace folder.`,
      });
    }

    const checksPandoc = bibliography.named && document.languageId === 'markdown';
    const codeRanges = checksPandoc ? markdownCodeRanges(text) : [];
    const description = bibliographyDescription(bibliography);
    for (const cite of findCiteKeys(text, document.languageId)) {
      if (cite.syntax === 'pandoc' && (!checksPandoc || isInRanges(codeRanges, cite.start))) {
        continue;
      }
      if (this.lookupCiteKey(cite.key, bibliography)) {
        continue;
      }
      diagnostics.push({
        range: rangeOf(document, cite),
        severity: DiagnosticSeverity.Warning,
        source: DIAGNOSTIC_SOURCE,
        code: UNDEFINED_CITE_KEY,
        message: `Cite key "${cite.key}" is not defined in ${description}.`,
        data: { key: cite.key },
      });
    }
    return diagnostics;
  }

  // -------------------------------------------------------------------------------------
  // Bibliographies

  /**
   * Resolves the bibliography files the document names, each next to the document first and
   * then in the workspace folders. Waits for a running scan so that a new file is found.
   */
  private async bibliographyOf(document: TextDocument): Promise<DocumentBibliography> {
    await this.bibIndex.ready();
    const documentPath = toPath(document.uri);
    const names = findBibliographyNames(document.getText(), documentKind(document.languageId, documentPath ?? document.uri));
    const folders = this.workspaceFolders.map(toPath).filter((folder): folder is string => folder !== undefined);

    const files: BibFile[] = [];
    const missing: BibliographyName[] = [];
    for (const name of names) {
      let found: BibFile | undefined;
      for (const candidate of bibliographyCandidates(name.name, documentPath, folders)) {
        found = await this.bibIndex.fileAtPath(candidate);
        if (found) {
          break;
        }
      }
      if (!found) {
        missing.push(name);
      } else if (!files.includes(found)) {
        files.push(found);
      }
    }
    return {
      named: names.length > 0,
      files,
      missing,
      names: [...new Set(names.map((name) => name.name))],
      entries: bibliographyEntries(files),
    };
  }

  /** Finds `key` in the document's named bibliography files, or in every workspace .bib file when it names none. */
  private lookupCiteKey(key: string, bibliography: DocumentBibliography): IndexedEntry | undefined {
    if (!bibliography.named) {
      return this.bibIndex.lookup(key);
    }
    return bibliography.entries.get(key.toLowerCase());
  }

  // -------------------------------------------------------------------------------------
  // Which documents and which parts of them are served

  /** Tells whether the server serves the document: prose always, other languages only with `comments` on. */
  private isServed(document: TextDocument): boolean {
    return isProseLanguage(document.languageId) || this.settings?.comments === true;
  }

  private servedDocument(uri: string): TextDocument | undefined {
    const document = this.documents.get(uri);
    return document && this.isServed(document) ? document : undefined;
  }

  /** Returns every reference the document's features act on: anywhere in prose, only in comments in code. */
  private documentReferences(document: TextDocument): PaperReference[] {
    if (!isProseLanguage(document.languageId)) {
      return this.codeReferences(document);
    }
    return findPaperReferences(document.getText(), { allowBareIds: this.settings.allowBareIds });
  }

  /**
   * Returns the references in the comments of a code document. They are found once per
   * version, because finding comments takes a scan from the start of the text.
   */
  private codeReferences(document: TextDocument): PaperReference[] {
    const cached = this.commentReferences.get(document.uri);
    if (cached?.version === document.version) {
      return cached.references;
    }
    const references = findCommentReferences(document.getText(), document.languageId);
    this.commentReferences.set(document.uri, { version: document.version, references });
    return references;
  }

  // -------------------------------------------------------------------------------------
  // Error handling

  /** Runs a request handler, logging any error and returning `fallback`, so a bad document never ends the server. */
  private async guard<T>(name: string, handler: () => T | Promise<T>, fallback: T): Promise<T> {
    try {
      return await handler();
    } catch (error) {
      this.connection.console.error(`[${name}] failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      return fallback;
    }
  }

  private guardSync(name: string, handler: () => void): void {
    try {
      handler();
    } catch (error) {
      this.connection.console.error(`[${name}] failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
  }
}

function citeKeyItem({ entry, file }: IndexedEntry): CompletionItem {
  const title = cleanTeX(entry.fields.title ?? '');
  const authors = cleanTeX(entry.fields.author ?? '').replace(/\s+and\s+/gi, ', ');
  const year = cleanTeX(entry.fields.year ?? '');
  return {
    label: entry.key,
    kind: CompletionItemKind.Reference,
    detail: [title, [authors, year].filter(Boolean).join(', ')].filter(Boolean).join(' — '),
    documentation: `@${entry.type} in ${displayName(file)}`,
    filterText: `${entry.key} ${title} ${authors}`,
  };
}

/** Indexes the entries of `files` by lower-case cite key, the first file that defines a key winning. */
function bibliographyEntries(files: readonly BibFile[]): Map<string, IndexedEntry> {
  const entries = new Map<string, IndexedEntry>();
  for (const file of files) {
    for (const entry of file.result.entries) {
      const normalised = entry.key.toLowerCase();
      if (!entries.has(normalised)) {
        entries.set(normalised, { entry, file });
      }
    }
  }
  return entries;
}

/** Names where cite keys are looked up, for messages: the named files, or the whole workspace. */
function bibliographyDescription(bibliography: DocumentBibliography): string {
  return bibliography.named ? bibliography.names.join(', ') : 'any .bib file of the workspace';
}

/** Returns the file name of a quick fix target, or its path from the document's folder when two targets share a name. */
function targetLabel(target: BibFile, targets: readonly BibFile[], document: TextDocument): string {
  const name = displayName(target);
  const documentPath = toPath(document.uri);
  const targetPath = toPath(target.uri);
  if (!documentPath || !targetPath || targets.filter((other) => displayName(other) === name).length < 2) {
    return name;
  }
  return path.relative(path.dirname(documentPath), targetPath).split(path.sep).join('/');
}

function insertBibTeXAction(paper: Paper, file: BibFile, title: string): CodeAction {
  const lines = file.text.split('\n');
  const end = { line: lines.length - 1, character: lines[lines.length - 1].length };
  const separator = file.text === '' || file.text.endsWith('\n\n') ? '' : file.text.endsWith('\n') ? '\n' : '\n\n';
  const edit: WorkspaceEdit = { changes: { [file.uri]: [TextEdit.insert(end, separator + toBibTeX(paper))] } };
  return { title, kind: CodeActionKind.QuickFix, edit };
}

/** Tells whether a .bib file already has an entry for the paper, by eprint, arXiv id field, URL or DOI. */
export function bibHasPaper(file: BibFile, arxivId: string): boolean {
  return file.result.entries.some((entry) => arxivIdOfEntry(entry) === arxivId);
}

/** Returns the arXiv id an entry refers to, from `eprint`, `arxivid`/`arxiv`, `url`, `doi` or `note`. */
function arxivIdOfEntry(entry: BibEntry): string | undefined {
  const fields = entry.fields;
  for (const name of ['eprint', 'arxivid', 'arxiv']) {
    const value = fields[name];
    const parsed = value ? parseArxivReference(cleanTeX(value)) : undefined;
    if (parsed) {
      return parsed.id;
    }
  }
  for (const name of ['url', 'doi', 'note', 'howpublished']) {
    const value = fields[name];
    if (!value) {
      continue;
    }
    const doi = name === 'doi' ? parseArxivReference(cleanTeX(value)) : undefined;
    const [reference] = doi ? [{ arxivId: doi.id }] : findPaperReferences(value, { allowBareIds: false });
    if (reference) {
      return reference.arxivId;
    }
  }
  return undefined;
}

function rangeOf(document: TextDocument, span: { start: number; end: number }): Range {
  return { start: document.positionAt(span.start), end: document.positionAt(span.end) };
}

function displayName(file: BibFile): string {
  const filePath = toPath(file.uri);
  return filePath ? path.basename(filePath) : file.uri;
}

function connectionLogger(connection: Connection): Logger {
  return {
    trace: (message) => connection.console.log(message),
    debug: (message) => connection.console.log(message),
    info: (message) => connection.console.info(message),
    warn: (message) => connection.console.warn(message),
    error: (message) => connection.console.error(message instanceof Error ? (message.stack ?? message.message) : message),
  };
}
