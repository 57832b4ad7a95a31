// One webview panel per paper. The host sends the paper only after the webview script
// says it is ready, because a message posted before the script listens is lost.
import { randomBytes } from 'crypto';
import * as vscode from 'vscode';
import type { Logger } from '../common/logger';
import type { Paper } from '../papers/model';
import { normaliseStoredPaper } from '../papers/parse';
import { buildPanelHtml } from './panelHtml';
import { isWebviewMessage, type HostMessage, type PanelLabels, type WebviewMessage } from './protocol';

export const PAPER_PANEL_VIEW_TYPE = 'paperReader.paper';

/** Memento key of the papers shown in open panels, by arXiv id. */
const OPEN_PANELS_KEY = 'paperReader.openPanels';

/** Actions the panel requests from the host; the command layer implements them. */
export interface PanelActions {
  copyBibTeX(paper: Paper): Promise<void>;
  copyLink(paper: Paper): Promise<void>;
  openPdf(paper: Paper): Promise<void>;
  openExternalUrl(url: string): Promise<void>;
  /** The panel shows a Save or Unsave button only when the host has a saved list. */
  isSaved?(paper: Paper): boolean;
  toggleSaved?(paper: Paper): Promise<void>;
  insertCitation?(paper: Paper): Promise<void>;
  copyCitation?(paper: Paper): Promise<void>;
}

export class PaperPanelManager implements vscode.Disposable {
  private readonly panels = new Map<string, PaperPanel>();
  private activePanel: PaperPanel | undefined;
  private readonly openEmitter = new vscode.EventEmitter<Paper>();

  /** Fires when the user opens a paper in a panel (not when VS Code restores one). */
  readonly onDidOpenPaper = this.openEmitter.event;

  private disposing = false;

  /**
   * `openPanels` keeps the paper of every open panel. VS Code passes the webview's saved
   * state to `restore`, but code-server loses that state when the page reloads within a
   * few seconds of a panel opening, so the panel title is then matched against this record.
   */
  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly actions: PanelActions,
    private readonly logger: Logger,
    private readonly openPanels?: vscode.Memento,
  ) {}

  /** The paper of the focused panel, for palette commands run without an argument. */
  get activePaper(): Paper | undefined {
    return this.activePanel?.paper;
  }

  show(paper: Paper): void {
    this.openEmitter.fire(paper);
    const existing = this.panels.get(paper.arxivId);
    if (existing) {
      existing.update(paper);
      existing.panel.reveal();
      return;
    }

    const panel = vscode.window.createWebviewPanel(
      PAPER_PANEL_VIEW_TYPE,
      paper.title,
      { viewColumn: vscode.ViewColumn.Active, preserveFocus: false },
      this.webviewOptions(),
    );
    this.track(new PaperPanel(panel, paper, this.extensionUri, this.actions, this.logger));
  }

  /** Re-attaches a panel that VS Code restored after a window reload. */
  restore(panel: vscode.WebviewPanel, state: unknown): void {
    const paper = paperFromState(state) ?? this.recordedPapers().find((candidate) => candidate.title === panel.title);
    if (!paper) {
      this.logger.warn(`[panel] could not restore the panel "${panel.title}": neither its saved state nor the open-panel record has its paper`);
      panel.dispose();
      return;
    }

    panel.webview.options = this.webviewOptions();
    this.track(new PaperPanel(panel, paper, this.extensionUri, this.actions, this.logger));
  }

  /** Re-sends the papers in `arxivIds` to their panels, e.g. after their saved state changed. */
  refreshPapers(arxivIds: readonly string[]): void {
    for (const id of arxivIds) {
      const panel = this.panels.get(id);
      panel?.update(panel.paper);
    }
  }

  dispose(): void {
    // Panels closed because the extension stops will be restored, so keep their records.
    this.disposing = true;
    for (const panel of [...this.panels.values()]) {
      panel.panel.dispose();
    }
    this.panels.clear();
    this.openEmitter.dispose();
  }

  private recordedPapers(): Paper[] {
    const record = this.openPanels?.get<Record<string, unknown>>(OPEN_PANELS_KEY, {}) ?? {};
    return Object.values(record).flatMap((value) => {
      const paper = paperFromState({ paper: value });
      return paper ? [paper] : [];
    });
  }

  private updateRecord(arxivId: string, paper: Paper | undefined): void {
    if (!this.openPanels) {
      return;
    }
    const record = { ...this.openPanels.get<Record<string, Paper>>(OPEN_PANELS_KEY, {}) };
    if (paper) {
      record[arxivId] = paper;
    } else {
      delete record[arxivId];
    }
    this.openPanels.update(OPEN_PANELS_KEY, record).then(undefined, (error: unknown) => {
      this.logger.warn(`[panel] could not record the open panel of arXiv:${arxivId}: ${String(error)}`);
    });
  }

  private track(paperPanel: PaperPanel): void {
    const id = paperPanel.paper.arxivId;
    this.panels.get(id)?.panel.dispose();
    this.panels.set(id, paperPanel);
    this.updateRecord(id, paperPanel.paper);
    if (paperPanel.panel.active) {
      this.activePanel = paperPanel;
    }

    paperPanel.panel.onDidChangeViewState(
      (event) => {
        if (event.webviewPanel.active) {
          this.activePanel = paperPanel;
        } else if (this.activePanel === paperPanel) {
          this.activePanel = undefined;
        }
      },
      undefined,
      paperPanel.disposables,
    );
    paperPanel.panel.onDidDispose(
      () => {
        if (this.panels.get(id) === paperPanel) {
          this.panels.delete(id);
          if (!this.disposing) {
            this.updateRecord(id, undefined);
          }
        }
        if (this.activePanel === paperPanel) {
          this.activePanel = undefined;
        }
        paperPanel.dispose();
      },
      undefined,
      paperPanel.disposables,
    );
  }

  private webviewOptions(): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return {
      enableScripts: true,
      enableFindWidget: true,
      localResourceRoots: [
        vscode.Uri.joinPath(this.extensionUri, 'media'),
        vscode.Uri.joinPath(this.extensionUri, 'dist'),
      ],
    };
  }
}

class PaperPanel {
  readonly disposables: vscode.Disposable[] = [];
  private ready = false;

  constructor(
    readonly panel: vscode.WebviewPanel,
    public paper: Paper,
    extensionUri: vscode.Uri,
    private readonly actions: PanelActions,
    private readonly logger: Logger,
  ) {
    const webview = panel.webview;
    const asset = (...segments: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, ...segments)).toString();

    panel.title = paper.title;
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'paper.svg');
    webview.html = buildPanelHtml({
      cspSource: webview.cspSource,
      nonce: randomBytes(16).toString('base64'),
      scriptUri: asset('dist', 'webview.js'),
      styleUri: asset('media', 'panel.css'),
      katexStyleUri: asset('dist', 'katex', 'katex.min.css'),
      title: paper.title,
    });

    webview.onDidReceiveMessage((message: unknown) => this.onMessage(message), undefined, this.disposables);
  }

  update(paper: Paper): void {
    this.paper = paper;
    this.panel.title = paper.title;
    if (this.ready) {
      this.post();
    }
  }

  dispose(): void {
    for (const disposable of this.disposables.splice(0)) {
      disposable.dispose();
    }
  }

  private async onMessage(message: unknown): Promise<void> {
    if (!isWebviewMessage(message)) {
      this.logger.warn(`[panel] ignored an invalid message from the webview of arXiv:${this.paper.arxivId}`);
      return;
    }

    try {
      await this.handle(message);
    } catch (error) {
      this.logger.error(`[panel] ${message.type} failed for arXiv:${this.paper.arxivId}: ${String(error)}`);
    }
  }

  private async handle(message: WebviewMessage): Promise<void> {
    switch (message.type) {
      case 'ready':
        this.ready = true;
        this.post();
        return;
      case 'copyBibTeX':
        await this.actions.copyBibTeX(this.paper);
        return;
      case 'copyLink':
        await this.actions.copyLink(this.paper);
        return;
      case 'openPdf':
        await this.actions.openPdf(this.paper);
        return;
      case 'toggleSaved':
        await this.actions.toggleSaved?.(this.paper);
        return;
      case 'insertCitation':
        await this.actions.insertCitation?.(this.paper);
        return;
      case 'copyCitation':
        await this.actions.copyCitation?.(this.paper);
        return;
    }
  }

  private post(): void {
    const message: HostMessage = {
      type: 'showPaper',
      paper: this.paper,
      labels: panelLabels(),
      saved: this.actions.isSaved?.(this.paper),
    };
    void this.panel.webview.postMessage(message);
  }
}

/**
 * Reads the paper the webview saved with `setState`. The state was written by our own
 * script, but it passed through the webview, so its shape is checked before use.
 */
function paperFromState(state: unknown): Paper | undefined {
  if (typeof state !== 'object' || state === null) {
    return undefined;
  }
  return normaliseStoredPaper((state as { paper?: unknown }).paper);
}

function panelLabels(): PanelLabels {
  return {
    authors: vscode.l10n.t('Authors'),
    showAllAuthors: vscode.l10n.t('Show all {0} authors', '{0}'),
    showFewerAuthors: vscode.l10n.t('Show fewer authors'),
    published: vscode.l10n.t('Published on arXiv'),
    onDailyPapers: vscode.l10n.t('On Daily Papers'),
    upvotes: vscode.l10n.t('upvotes'),
    comments: vscode.l10n.t('comments'),
    comment: vscode.l10n.t('comment'),
    organization: vscode.l10n.t('Organization'),
    abstract: vscode.l10n.t('Abstract'),
    aiSummary: vscode.l10n.t('AI summary'),
    aiKeywords: vscode.l10n.t('AI keywords'),
    aiNotice: vscode.l10n.t('Generated by Hugging Face'),
    arxiv: vscode.l10n.t('arXiv'),
    pdf: vscode.l10n.t('PDF'),
    huggingFace: vscode.l10n.t('Hugging Face'),
    code: vscode.l10n.t('Code'),
    projectPage: vscode.l10n.t('Project page'),
    copyBibTeX: vscode.l10n.t('Copy BibTeX'),
    copyLink: vscode.l10n.t('Copy Link'),
    openPdf: vscode.l10n.t('Open PDF'),
    stars: vscode.l10n.t('stars'),
    save: vscode.l10n.t('Save'),
    unsave: vscode.l10n.t('Unsave'),
    insertCitation: vscode.l10n.t('Insert Citation'),
    copyCitation: vscode.l10n.t('Copy Citation…'),
  };
}
