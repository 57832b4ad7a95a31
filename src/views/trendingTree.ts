// The "Trending" tree: days (or ISO weeks, or months) at the top level, papers below.
// Cached lists show at once; every visible period is then refreshed in the background,
// and a failed refresh keeps what the cache had.
import * as vscode from 'vscode';
import type { Logger } from '../common/logger';
import type { SortOrder } from '../config';
import { addDays, daysOfWeek, isoWeekKey, monthKey, previousMonth, previousWeek, todayKey } from '../papers/dates';
import { HttpError } from '../papers/http';
import type { Paper, PaperList, PeriodKind } from '../papers/model';
import { sortPapers } from '../papers/parse';
import type { PaperRepository } from '../papers/repository';
import { paperDescription, paperTooltip } from './paperText';
import { paperContextValue, paperStateUri } from './readDecorations';

export const TRENDING_VIEW_ID = 'paperReader.trending';

/** Context key that picks the welcome content when the tree has nothing to show. */
const STATE_CONTEXT_KEY = 'paperReader.trendingState';

/** How many more periods "Load earlier" adds for weeks and months; days use `daysShown`. */
const EARLIER_STEP: Record<PeriodKind, number> = { day: 7, week: 4, month: 3 };
const INITIAL_COUNT: Record<PeriodKind, number> = { day: 7, week: 4, month: 3 };

type LoadStatus = 'idle' | 'loading' | 'loaded' | 'offline' | 'error';

interface PeriodState {
  list?: PaperList;
  status: LoadStatus;
  error?: string;
  /** A few words for the tree row, such as `HTTP 500` or `timed out`; `error` has the rest. */
  reason?: string;
  pending?: Promise<void>;
}

export class PeriodNode {
  readonly type = 'period';
  constructor(
    readonly kind: PeriodKind,
    readonly key: string,
    readonly newest: boolean,
  ) {}
}

export class PaperNode {
  readonly type = 'paper';
  constructor(
    readonly paper: Paper,
    readonly parent: PeriodNode,
  ) {}
}

class LoadEarlierNode {
  readonly type = 'loadEarlier';
}

class MessageNode {
  readonly type = 'message';
  constructor(
    readonly parent: PeriodNode,
    readonly text: string,
    readonly icon: string,
    readonly detail?: string,
  ) {}
}

export type TrendingNode = PeriodNode | PaperNode | LoadEarlierNode | MessageNode;

/** Read and saved state of papers, from the library; the tree renders without one. */
export interface PaperStateSource {
  isRead(arxivId: string): boolean;
  isSaved(arxivId: string): boolean;
}

export interface TrendingOptions {
  sortOrder: SortOrder;
  daysShown: number;
  initialDate: string | undefined;
  demo: boolean;
  apiHost: string;
}

export class TrendingTreeProvider implements vscode.TreeDataProvider<TrendingNode>, vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<TrendingNode | undefined>();
  readonly onDidChangeTreeData = this.changeEmitter.event;

  private view: vscode.TreeView<TrendingNode> | undefined;
  private mode: PeriodKind = 'day';
  private anchor: string;
  private count: number;
  private states = new Map<string, PeriodState>();
  private periodNodes = new Map<string, PeriodNode>();
  private disposed = false;
  private paperState: PaperStateSource | undefined;
  /** Paper nodes last returned for each arXiv id, so a state change updates just those items. */
  private shownPapers = new Map<string, Set<PaperNode>>();

  constructor(
    private readonly repository: () => PaperRepository,
    private options: TrendingOptions,
    private readonly logger: Logger,
  ) {
    this.anchor = options.initialDate ?? todayKey();
    this.count = options.daysShown;
  }

  attach(view: vscode.TreeView<TrendingNode>): void {
    this.view = view;
    this.updateMessage();
  }

  dispose(): void {
    this.disposed = true;
    this.changeEmitter.dispose();
  }

  setPaperState(source: PaperStateSource): void {
    this.paperState = source;
  }

  /** Re-renders the items of `arxivIds` in place, e.g. after a save or unsave. */
  refreshPapers(arxivIds: readonly string[]): void {
    for (const id of arxivIds) {
      for (const node of this.shownPapers.get(id) ?? []) {
        this.changeEmitter.fire(node);
      }
    }
  }

  /** Papers of the loaded periods, newest period first, each once. */
  visiblePapers(): Paper[] {
    const papers = new Map<string, Paper>();
    for (const key of this.visibleKeys()) {
      for (const paper of this.stateFor(key).list?.papers ?? []) {
        if (!papers.has(paper.arxivId)) {
          papers.set(paper.arxivId, paper);
        }
      }
    }
    return [...papers.values()];
  }

  /** Papers listed under `node`, as last loaded, for "Mark Day as Read". */
  papersIn(node: PeriodNode): Paper[] {
    return this.stateFor(node.key, node.kind).list?.papers ?? [];
  }

  get periodKind(): PeriodKind {
    return this.mode;
  }

  updateOptions(options: TrendingOptions): void {
    const anchorChanged = options.initialDate !== this.options.initialDate;
    const apiChanged = options.apiHost !== this.options.apiHost;
    this.options = options;

    if (anchorChanged) {
      this.anchor = options.initialDate ?? todayKey();
    }
    if (anchorChanged || apiChanged) {
      this.resetStates();
    }
    if (this.mode === 'day') {
      this.count = Math.max(this.count, options.daysShown);
    }
    this.updateMessage();
    this.changeEmitter.fire(undefined);
  }

  setMode(mode: PeriodKind): void {
    if (mode === this.mode) {
      return;
    }
    this.mode = mode;
    this.count = mode === 'day' ? this.options.daysShown : INITIAL_COUNT[mode];
    this.changeEmitter.fire(undefined);
  }

  goTo(day: string): void {
    this.anchor = day;
    this.count = this.mode === 'day' ? this.options.daysShown : INITIAL_COUNT[this.mode];
    this.changeEmitter.fire(undefined);
  }

  loadEarlier(): void {
    this.count += this.mode === 'day' ? this.options.daysShown : EARLIER_STEP[this.mode];
    this.changeEmitter.fire(undefined);
  }

  /** Refetches every visible period; the cache stays on screen while it runs. */
  async refresh(): Promise<void> {
    const keys = this.visibleKeys();
    for (const key of keys) {
      const state = this.stateFor(key);
      if (state.status !== 'loading') {
        state.status = 'idle';
      }
    }

    await this.withViewProgress(() => this.loadAll(keys));
    this.changeEmitter.fire(undefined);
  }

  getTreeItem(node: TrendingNode): vscode.TreeItem {
    switch (node.type) {
      case 'period':
        return this.periodItem(node);
      case 'paper':
        return paperItem(node, this.paperState);
      case 'loadEarlier':
        return loadEarlierItem(this.mode);
      case 'message': {
        const item = new vscode.TreeItem(node.text, vscode.TreeItemCollapsibleState.None);
        item.iconPath = new vscode.ThemeIcon(node.icon);
        item.tooltip = node.detail ?? node.text;
        return item;
      }
    }
  }

  getParent(node: TrendingNode): TrendingNode | undefined {
    return node.type === 'paper' || node.type === 'message' ? node.parent : undefined;
  }

  async getChildren(node?: TrendingNode): Promise<TrendingNode[]> {
    if (!node) {
      return this.rootChildren();
    }
    if (node.type !== 'period') {
      return [];
    }

    const state = this.stateFor(node.key, node.kind);
    if (state.pending) {
      await state.pending;
    }
    return this.periodChildren(node, state);
  }

  /** Papers currently in the tree, newest period first, for commands that need a target. */
  findPaper(arxivId: string): Paper | undefined {
    for (const state of this.states.values()) {
      const paper = state.list?.papers.find((candidate) => candidate.arxivId === arxivId);
      if (paper) {
        return paper;
      }
    }
    return undefined;
  }

  private async rootChildren(): Promise<TrendingNode[]> {
    const keys = this.visibleKeys();
    await Promise.all(keys.map((key) => this.readCache(key)));

    const anyCached = keys.some((key) => this.stateFor(key).list);
    const newestStatus = this.stateFor(keys[0]).status;
    if (!anyCached && (newestStatus === 'idle' || newestStatus === 'loading')) {
      // Nothing to show yet, so wait for the newest period. The welcome content can then
      // explain why the view is empty instead of flashing a list of empty days.
      await this.setState('loading');
      await this.withViewProgress(() => this.load(keys[0]));
    }

    const newest = this.stateFor(keys[0]);
    const nothingShown = keys.every((key) => !this.stateFor(key).list);
    if (nothingShown && (newest.status === 'offline' || newest.status === 'error')) {
      await this.setState(newest.status);
      this.updateMessage();
      return [];
    }

    await this.setState('ready');
    void this.withViewProgress(() => this.loadAll(keys));
    this.updateMessage();

    const nodes: TrendingNode[] = keys.map((key, index) => this.periodNode(key, index === 0));
    nodes.push(new LoadEarlierNode());
    return nodes;
  }

  private periodChildren(node: PeriodNode, state: PeriodState): TrendingNode[] {
    if (state.list) {
      if (state.list.papers.length === 0) {
        return [new MessageNode(node, noPapersText(node.kind), 'info')];
      }
      const nodes = sortPapers(state.list.papers, this.options.sortOrder).map((paper) => new PaperNode(paper, node));
      this.rememberShown(node, nodes);
      return nodes;
    }

    if (state.status === 'offline') {
      return [new MessageNode(node, vscode.l10n.t('Offline, and not in the cache. Refresh to try again.'), 'debug-disconnect')];
    }
    if (state.status === 'error') {
      const reason = state.reason ?? vscode.l10n.t('unknown error');
      return [
        new MessageNode(node, vscode.l10n.t('Could not load ({0}). Refresh to try again; the log has details.', reason), 'error', state.error),
      ];
    }
    return [new MessageNode(node, vscode.l10n.t('Loading…'), 'loading~spin')];
  }

  private rememberShown(period: PeriodNode, nodes: PaperNode[]): void {
    for (const shown of this.shownPapers.values()) {
      for (const old of [...shown]) {
        if (old.parent === period) {
          shown.delete(old);
        }
      }
    }
    for (const node of nodes) {
      let shown = this.shownPapers.get(node.paper.arxivId);
      if (!shown) {
        shown = new Set();
        this.shownPapers.set(node.paper.arxivId, shown);
      }
      shown.add(node);
    }
  }

  private periodItem(node: PeriodNode): vscode.TreeItem {
    const state = this.stateFor(node.key, node.kind);
    const item = new vscode.TreeItem(
      periodLabel(node.kind, node.key),
      node.newest ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed,
    );
    item.id = `${node.kind}:${node.key}`;
    item.contextValue = 'period';
    item.iconPath = new vscode.ThemeIcon(node.kind === 'day' ? 'calendar' : 'history');

    const parts = [periodDetail(node.kind, node.key)];
    if (state.list) {
      const count = state.list.papers.length;
      parts.push(count === 1 ? vscode.l10n.t('1 paper') : vscode.l10n.t('{0} papers', count));
    }
    if (state.status === 'offline' && state.list) {
      parts.push(vscode.l10n.t('cached'));
    }
    item.description = parts.filter(Boolean).join(' · ');
    return item;
  }

  private periodNode(key: string, newest: boolean): PeriodNode {
    const id = `${this.mode}:${key}:${newest}`;
    let node = this.periodNodes.get(id);
    if (!node) {
      node = new PeriodNode(this.mode, key, newest);
      this.periodNodes.set(id, node);
    }
    return node;
  }

  private visibleKeys(): string[] {
    const keys: string[] = [];
    switch (this.mode) {
      case 'day':
        for (let index = 0; index < this.count; index++) {
          keys.push(addDays(this.anchor, -index));
        }
        break;
      case 'week': {
        let week = isoWeekKey(this.anchor);
        for (let index = 0; index < this.count; index++) {
          keys.push(week);
          week = previousWeek(week);
        }
        break;
      }
      case 'month': {
        let month = monthKey(this.anchor);
        for (let index = 0; index < this.count; index++) {
          keys.push(month);
          month = previousMonth(month);
        }
        break;
      }
    }
    return keys;
  }

  private stateFor(key: string, kind: PeriodKind = this.mode): PeriodState {
    const stateKey = `${kind}:${key}`;
    let state = this.states.get(stateKey);
    if (!state) {
      state = { status: 'idle' };
      this.states.set(stateKey, state);
    }
    return state;
  }

  private async readCache(key: string): Promise<void> {
    const state = this.stateFor(key);
    if (state.list) {
      return;
    }
    state.list = await this.repository().getCached(this.mode, key);
  }

  /** Loads the visible periods two at a time, newest first. */
  private async loadAll(keys: string[]): Promise<void> {
    const queue = keys.filter((key) => this.stateFor(key).status === 'idle');
    const worker = async () => {
      for (let key = queue.shift(); key !== undefined; key = queue.shift()) {
        await this.load(key);

        // Once the API is unreachable, the other periods would only wait out the same
        // retries. So they keep their cache and are marked offline until the next refresh.
        if (this.stateFor(key).status === 'offline') {
          for (const skipped of queue.splice(0)) {
            this.stateFor(skipped).status = 'offline';
          }
        }
      }
    };
    await Promise.all([worker(), worker()]);
    this.updateMessage();
  }

  private load(key: string): Promise<void> {
    const kind = this.mode;
    const state = this.stateFor(key);
    if (state.pending) {
      return state.pending;
    }

    state.status = 'loading';
    state.pending = (async () => {
      try {
        state.list = await this.repository().refresh(kind, key);
        state.status = 'loaded';
        state.error = undefined;
      } catch (error) {
        // Only a failed connection means offline. A timeout or an HTTP error concerns this
        // period alone, so the other periods still load.
        const offline = error instanceof HttpError && error.kind === 'network';
        state.status = offline ? 'offline' : 'error';
        state.error = error instanceof Error ? error.message : String(error);
        state.reason = shortReason(error);
        this.logger.warn(`refresh of ${kind} ${key} failed: ${state.error}`);
      } finally {
        state.pending = undefined;
      }

      if (!this.disposed) {
        const node = [...this.periodNodes.values()].find((candidate) => candidate.kind === kind && candidate.key === key);
        this.changeEmitter.fire(node);
      }
    })();
    return state.pending;
  }

  private resetStates(): void {
    this.states = new Map();
    this.periodNodes = new Map();
    this.shownPapers = new Map();
  }

  private async setState(state: 'loading' | 'ready' | 'offline' | 'error'): Promise<void> {
    await vscode.commands.executeCommand('setContext', STATE_CONTEXT_KEY, state);
  }

  private withViewProgress(task: () => Promise<void>): Thenable<void> {
    return vscode.window.withProgress({ location: { viewId: TRENDING_VIEW_ID } }, task);
  }

  /** Shows "offline" and "demo data" above the tree, where the user cannot miss them. */
  private updateMessage(): void {
    if (!this.view) {
      return;
    }
    const lines: string[] = [];
    if (this.options.demo) {
      lines.push(vscode.l10n.t('Demo data: sample days served from {0}, not the live Hugging Face API.', this.options.apiHost));
    }

    const visibleStates = this.visibleKeys().map((key) => this.stateFor(key));
    const offline = visibleStates.some((state) => state.status === 'offline');
    const cachedTimes = visibleStates.flatMap((state) => (state.list ? [state.list.fetchedAt] : [])).sort();
    if (offline && cachedTimes.length > 0) {
      const since = cachedTimes[0].slice(0, 16).replace('T', ' ');
      lines.push(vscode.l10n.t('Offline: showing cached papers, the oldest fetched {0} UTC. Refresh to try again.', since));
    }
    this.view.message = lines.length > 0 ? lines.join(' ') : undefined;
    this.view.description = this.options.demo ? vscode.l10n.t('Demo data') : undefined;
  }
}

function paperItem(node: PaperNode, state: PaperStateSource | undefined): vscode.TreeItem {
  const { paper } = node;
  const item = new vscode.TreeItem(paper.title, vscode.TreeItemCollapsibleState.None);
  item.id = `${node.parent.kind}:${node.parent.key}/${paper.arxivId}`;
  item.description = paperDescription(paper);
  item.tooltip = paperTooltip(paper);

  // Menus match `viewItem =~ /^paper\b/`; the `.saved` and `.read` suffixes pick Save or
  // Unsave and Mark as Read or Unread. The URI lets the read decoration dim read papers.
  const saved = state?.isSaved(paper.arxivId) === true;
  item.contextValue = paperContextValue(saved, state?.isRead(paper.arxivId) === true);
  item.resourceUri = paperStateUri(paper.arxivId);
  item.iconPath = new vscode.ThemeIcon(saved ? 'bookmark' : 'file-text');
  item.accessibilityInformation = {
    label: `${paper.title}, ${paperDescription(paper)}`,
  };
  item.command = {
    command: 'paperReader.openPaper',
    title: vscode.l10n.t('Open Paper'),
    arguments: [paper],
  };
  return item;
}

function loadEarlierItem(mode: PeriodKind): vscode.TreeItem {
  const labels: Record<PeriodKind, string> = {
    day: vscode.l10n.t('Load earlier days'),
    week: vscode.l10n.t('Load earlier weeks'),
    month: vscode.l10n.t('Load earlier months'),
  };
  const item = new vscode.TreeItem(labels[mode], vscode.TreeItemCollapsibleState.None);
  item.id = 'loadEarlier';
  item.iconPath = new vscode.ThemeIcon('fold-down');
  item.command = { command: 'paperReader.loadEarlier', title: labels[mode] };
  return item;
}

function noPapersText(kind: PeriodKind): string {
  switch (kind) {
    case 'day':
      return vscode.l10n.t('No papers on this day.');
    case 'week':
      return vscode.l10n.t('No papers in this week.');
    case 'month':
      return vscode.l10n.t('No papers in this month.');
  }
}

/** "Today", "Yesterday" or the day itself; weeks and months by their keys' readable form. */
function periodLabel(kind: PeriodKind, key: string): string {
  if (kind === 'day') {
    const today = todayKey();
    if (key === today) {
      return vscode.l10n.t('Today');
    }
    if (key === addDays(today, -1)) {
      return vscode.l10n.t('Yesterday');
    }
    return key;
  }
  if (kind === 'week') {
    const [year, week] = key.split('-W');
    return vscode.l10n.t('Week {0}, {1}', Number(week), year);
  }
  return formatUtc(`${key}-01`, { month: 'long', year: 'numeric' });
}

function periodDetail(kind: PeriodKind, key: string): string {
  if (kind === 'day') {
    const weekday = formatUtc(key, { weekday: 'short' });
    const today = todayKey();
    return key === today || key === addDays(today, -1) ? `${weekday} ${key}` : weekday;
  }
  if (kind === 'week') {
    const days = daysOfWeek(key);
    const format: Intl.DateTimeFormatOptions = { month: 'short', day: 'numeric' };
    return `${formatUtc(days[0], format)} – ${formatUtc(days[days.length - 1], format)}`;
  }
  return '';
}

/** Returns a few words on why a load failed, for a tree row that has little room. */
function shortReason(error: unknown): string {
  if (error instanceof HttpError) {
    switch (error.kind) {
      case 'status':
        return `HTTP ${error.status ?? '?'}`;
      case 'timeout':
        return vscode.l10n.t('timed out');
      case 'tooLarge':
        return vscode.l10n.t('response too large');
      case 'invalidJson':
      case 'contentType':
        return vscode.l10n.t('invalid response');
      default:
        return vscode.l10n.t('network error');
    }
  }
  return error instanceof Error && error.name === 'ResponseFormatError' ? vscode.l10n.t('invalid response') : vscode.l10n.t('unexpected error');
}

function formatUtc(day: string, format: Intl.DateTimeFormatOptions): string {
  try {
    return new Intl.DateTimeFormat(vscode.env.language, { ...format, timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`));
  } catch {
    return day;
  }
}
