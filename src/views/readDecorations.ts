// Dims papers the user has read, in every tree that gives its paper items a
// `paper-reader:/<arxivId>` resourceUri. A FileDecoration changes only the decoration, so
// marking a paper read re-renders nothing else.
import * as vscode from 'vscode';

export const PAPER_STATE_SCHEME = 'paper-reader';

export function paperStateUri(arxivId: string): vscode.Uri {
  return vscode.Uri.from({ scheme: PAPER_STATE_SCHEME, path: `/${arxivId}` });
}

/** `paper`, `paper.saved`, `paper.read` or `paper.saved.read`, for menu `when` clauses. */
export function paperContextValue(saved: boolean, read: boolean): string {
  return `paper${saved ? '.saved' : ''}${read ? '.read' : ''}`;
}

export function arxivIdFromStateUri(uri: vscode.Uri): string | undefined {
  return uri.scheme === PAPER_STATE_SCHEME ? uri.path.replace(/^\//, '') : undefined;
}

export class ReadDecorationProvider implements vscode.FileDecorationProvider, vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<vscode.Uri[]>();
  readonly onDidChangeFileDecorations = this.changeEmitter.event;

  constructor(private readonly isRead: (arxivId: string) => boolean) {}

  provideFileDecoration(uri: vscode.Uri): vscode.FileDecoration | undefined {
    const arxivId = arxivIdFromStateUri(uri);
    if (arxivId === undefined || !this.isRead(arxivId)) {
      return undefined;
    }
    const decoration = new vscode.FileDecoration('✓', vscode.l10n.t('Read'), new vscode.ThemeColor('descriptionForeground'));
    // Without this, VS Code would also colour the parent day in a tree of file-like items.
    decoration.propagate = false;
    return decoration;
  }

  /** Asks VS Code to fetch the decorations of these papers again. */
  refresh(arxivIds: readonly string[]): void {
    if (arxivIds.length > 0) {
      this.changeEmitter.fire(arxivIds.map(paperStateUri));
    }
  }

  dispose(): void {
    this.changeEmitter.dispose();
  }
}
