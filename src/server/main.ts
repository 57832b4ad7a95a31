// Entry point of the language server bundle (dist/server.js). createConnection picks the
// transport from the command line: `--node-ipc` when VS Code starts it, `--stdio` in the
// protocol tests and the benchmark.
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { PaperLanguageServer } from './server';

const connection = createConnection(ProposedFeatures.all);

// A bug in one handler must not end the server: log it where the client's output channel shows it.
process.on('uncaughtException', (error) => {
  connection.console.error(`[server] uncaught exception: ${error.stack ?? error.message}`);
});
process.on('unhandledRejection', (reason) => {
  connection.console.error(`[server] unhandled rejection: ${reason instanceof Error ? (reason.stack ?? reason.message) : String(reason)}`);
});

new PaperLanguageServer(connection).listen();
