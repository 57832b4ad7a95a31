// Opens the library with the extension's globalState and global storage folder, and marks
// the synced keys for Settings Sync. Everything else lives in libraryStore.ts.
import * as vscode from 'vscode';
import { scopedLogger, type Logger } from '../common/logger';
import type { PaperRepository } from '../papers/repository';
import { LibraryStore, SYNCED_KEYS } from './libraryStore';

export async function openLibrary(context: vscode.ExtensionContext, logger: Logger): Promise<LibraryStore> {
  context.globalState.setKeysForSync(SYNCED_KEYS);

  // library.json sits beside the cache folder, never inside it, so clearing or moving
  // aside the cache cannot touch saved papers.
  const store = await LibraryStore.open({
    directory: context.globalStorageUri.fsPath,
    state: context.globalState,
    logger: scopedLogger(logger, 'library'),
  });
  logger.info(`[library] opened: ${store.list().length} saved papers`);
  return store;
}

/**
 * Looks up the metadata of saved papers that were rebuilt from their ids alone. A failed
 * look-up leaves the paper incomplete until the next activation; it is never removed.
 */
export async function completeSavedPapers(store: LibraryStore, repository: PaperRepository, logger: Logger): Promise<void> {
  for (const entry of store.list().filter((saved) => saved.incomplete)) {
    try {
      const paper = await repository.lookUp(entry.paper.arxivId);
      if (paper) {
        await store.updateMetadata(paper);
      }
    } catch (error) {
      logger.warn(`[library] could not look up saved paper arXiv:${entry.paper.arxivId}: ${String(error)}`);
    }
  }
}
