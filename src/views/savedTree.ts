// The "Saved" tree: saved papers, most recently saved first. When any saved paper has tags,
// the top level lists the tags (and "Untagged") and a paper appears under each of its tags.
import * as vscode from 'vscode';
import type { SavedPaper } from '../library/libraryFile';
import type { LibraryStore } from '../library/libraryStore';
import { paperDescription, paperTooltip } from './paperText';
import { paperContextValue, paperStateUri } from './readDecorations';

export const SAVED_VIEW_ID = 'paperReader.saved';

export class TagNode {
  readonly type = 'tag';
  /** `undefined` is the "Untagged" group. */
  constructor(readonly tag: string | undefined) {}
}

export class SavedPaperNode {
  readonly type = 'savedPaper';
  constructor(
    readonly entry: SavedPaper,
    readonly parent: TagNode | undefined,
  ) {}

  get paper() {
    return this.entry.paper;
  }
}

export type SavedNode = TagNode | SavedPaperNode;

export class SavedTreeProvider implements vscode.TreeDataProvider<SavedNode>, vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<SavedNode | undefined>();
  readonly onDidChangeTreeData = this.changeEmitter.event;
  private shownPapers = new Map<string, Set<SavedPaperNode>>();

  constructor(private readonly library: () => LibraryStore | undefined) {}

  dispose(): void {
    this.changeEmitter.dispose();
  }

  /** Reloads the whole tree: the list or its grouping changed. */
  refreshAll(): void {
    this.changeEmitter.fire(undefined);
  }

  /** Re-renders the items of `arxivIds` in place, e.g. after fresher metadata arrived. */
  refreshPapers(arxivIds: readonly string[]): void {
    for (const id of arxivIds) {
      for (const node of this.shownPapers.get(id) ?? []) {
        this.changeEmitter.fire(node);
      }
    }
  }

  getTreeItem(node: SavedNode): vscode.TreeItem {
    if (node.type === 'tag') {
      const label = node.tag ?? vscode.l10n.t('Untagged');
      const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.Expanded);
      item.id = node.tag === undefined ? 'untagged' : `tag:${node.tag}`;
      item.contextValue = 'tag';
      item.iconPath = new vscode.ThemeIcon('tag');
      return item;
    }

    // The store may hold fresher metadata than the node, which was built before the update.
    const entry = this.library()?.get(node.paper.arxivId) ?? node.entry;
    const { paper } = entry;
    const item = new vscode.TreeItem(paper.title, vscode.TreeItemCollapsibleState.None);
    item.id = `${node.parent?.tag === undefined ? (node.parent ? 'untagged' : 'saved') : `tag:${node.parent.tag}`}/${paper.arxivId}`;
    const description = entry.incomplete ? vscode.l10n.t('details not loaded') : paperDescription(paper);
    item.description = entry.tags.length > 0 ? `${description} · ${entry.tags.join(', ')}` : description;
    item.tooltip = entry.incomplete ? undefined : paperTooltip(paper);
    item.contextValue = paperContextValue(true, this.library()?.isRead(paper.arxivId) === true);
    item.resourceUri = paperStateUri(paper.arxivId);
    item.iconPath = new vscode.ThemeIcon('bookmark');
    item.command = { command: 'paperReader.openPaper', title: vscode.l10n.t('Open Paper'), arguments: [paper] };
    return item;
  }

  getParent(node: SavedNode): SavedNode | undefined {
    return node.type === 'savedPaper' ? node.parent : undefined;
  }

  getChildren(node?: SavedNode): SavedNode[] {
    const library = this.library();
    if (!library) {
      return [];
    }
    const entries = library.list();

    if (!node) {
      this.shownPapers = new Map();
      const tags = library.allTags();
      if (tags.length === 0) {
        return this.remember(entries.map((entry) => new SavedPaperNode(entry, undefined)));
      }
      const groups: SavedNode[] = tags.map((tag) => new TagNode(tag));
      if (entries.some((entry) => entry.tags.length === 0)) {
        groups.push(new TagNode(undefined));
      }
      return groups;
    }

    if (node.type !== 'tag') {
      return [];
    }
    const tagKey = node.tag?.toLowerCase();
    const members = entries.filter((entry) =>
      tagKey === undefined ? entry.tags.length === 0 : entry.tags.some((tag) => tag.toLowerCase() === tagKey),
    );
    return this.remember(members.map((entry) => new SavedPaperNode(entry, node)));
  }

  private remember(nodes: SavedPaperNode[]): SavedPaperNode[] {
    for (const node of nodes) {
      let shown = this.shownPapers.get(node.paper.arxivId);
      if (!shown) {
        shown = new Set();
        this.shownPapers.set(node.paper.arxivId, shown);
      }
      shown.add(node);
    }
    return nodes;
  }
}
