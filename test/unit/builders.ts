// Builders for test data. Each returns a complete, valid object so a test states only the
// fields it is about.
import type { Author, Paper } from '../../src/papers/model';

/** Returns a complete Paper with neutral defaults, replaced field by field by `overrides`. */
export function paperBuilder(overrides: Partial<Paper> = {}): Paper {
  return {
    arxivId: '2401.00001',
    title: 'A Placeholder Title for Tests',
    authors: [{ name: 'Ada Lovelace' }, { name: 'Charles Babbage' }],
    abstract: 'A short abstract written for tests.',
    publishedAt: '2024-01-02T03:04:05.000Z',
    submittedOnDailyAt: '2024-01-03T08:00:00.000Z',
    dailyDate: '2024-01-03',
    upvotes: 0,
    numComments: 0,
    ...overrides,
  };
}

/** Turns plain names into `Author` objects. */
export function authorsNamed(...names: string[]): Author[] {
  return names.map((name) => ({ name }));
}

/** The authors of arXiv:2502.18858, "Evaluating Intelligence via Trial and Error", in order. */
export const TRIAL_AND_ERROR_AUTHORS = [
  'Jingtao Zhan',
  'Jiahao Zhao',
  'Jiayu Li',
  'Yiqun Liu',
  'Bo Zhang',
  'Qingyao Ai',
  'Jiaxin Mao',
  'Hongning Wang',
  'Min Zhang',
  'Shaoping Ma',
];

/** Returns arXiv:2502.18858 with its real title, authors, date and category `cs.AI`. */
export function trialAndErrorPaper(overrides: Partial<Paper> = {}): Paper {
  return paperBuilder({
    arxivId: '2502.18858',
    title: 'Evaluating Intelligence via Trial and Error',
    authors: authorsNamed(...TRIAL_AND_ERROR_AUTHORS),
    publishedAt: '2025-02-26T05:59:45.000Z',
    primaryCategory: 'cs.AI',
    ...overrides,
  });
}
