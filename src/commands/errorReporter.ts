// Reports failures of commands: every failure goes to the log, but the same message is
// shown to the user at most once a minute so a retry loop cannot flood the window.
import * as vscode from 'vscode';
import type { Logger } from '../common/logger';
import { breakMessageLinks } from '../common/markdown';

const REPEAT_INTERVAL_MS = 60_000;

export class ErrorReporter {
  private readonly lastShown = new Map<string, number>();

  constructor(
    private readonly logger: Logger,
    private readonly showLog: () => void,
  ) {}

  report(source: string, error: unknown): void {
    const detail = error instanceof Error ? error.message : String(error);
    this.logger.error(`[${source}] ${detail}`);
    if (error instanceof Error && error.stack) {
      this.logger.debug(error.stack);
    }

    const message = vscode.l10n.t('Paper Reader: {0}', breakMessageLinks(detail));
    const now = Date.now();
    const last = this.lastShown.get(message);
    if (last !== undefined && now - last < REPEAT_INTERVAL_MS) {
      return;
    }
    this.lastShown.set(message, now);

    const openLog = vscode.l10n.t('Open Log');
    void vscode.window.showErrorMessage(message, openLog).then((choice) => {
      if (choice === openLog) {
        this.showLog();
      }
    });
  }
}
