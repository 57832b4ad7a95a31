// Where the real Daily Papers responses are: PAPER_READER_CORPUS (absolute, or relative to
// the project root), else the default below. Shared by the corpus tests and the benchmark.
import * as path from 'node:path';

// Compiled files run from out/test/corpus, three levels below the project root.
const PROJECT_ROOT = path.resolve(__dirname, '../../..');

export const CORPUS_FOLDER = path.resolve(PROJECT_ROOT, process.env.PAPER_READER_CORPUS ?? '../shared/corpus');
