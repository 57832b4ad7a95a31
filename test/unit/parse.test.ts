import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import type { Paper } from '../../src/papers/model';
import {
  mergePapers,
  PARSE_LIMITS,
  parseDailyPapersItems,
  parsePaperDetails,
  ResponseFormatError,
  sortPapers,
} from '../../src/papers/parse';
import { paperBuilder, TRIAL_AND_ERROR_AUTHORS } from './builders';

const FIXTURES = path.resolve(__dirname, '../../../test/fixtures');

function readFixture(folder: string, day: string): unknown {
  return JSON.parse(readFileSync(path.join(FIXTURES, folder, `${day}.json`), 'utf8'));
}

function parseDay(day: string, requestedDay: string | undefined = day) {
  return parseDailyPapersItems(readFixture('daily_papers', day), { requestedDay, source: `fixture ${day}` });
}

function byId(papers: Paper[], arxivId: string): Paper {
  const paper = papers.find((candidate) => candidate.arxivId === arxivId);
  assert.ok(paper, `paper ${arxivId} not found`);
  return paper;
}

/** Builds a minimal item in the current API shape, with fields overridden per test. */
function item(paper: Record<string, unknown>, top: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    paper: {
      id: '2503.00001',
      authors: [{ _id: 'a1', name: 'Ada Lovelace', hidden: false }],
      title: 'A Title',
      summary: 'An abstract.',
      upvotes: 1,
      ...paper,
    },
    numComments: 0,
    ...top,
  };
}

describe('parseDailyPapersItems fixtures', () => {
  test('March 2025 shape', () => {
    const { papers, skipped } = parseDay('2025-03-12');
    assert.equal(skipped, 0);
    assert.equal(papers.length, 10);

    const paper = byId(papers, '2502.18858');
    assert.equal(paper.title, 'Evaluating Intelligence via Trial and Error');
    assert.deepEqual(
      paper.authors.map((author) => author.name),
      TRIAL_AND_ERROR_AUTHORS,
    );
    assert.equal(paper.upvotes, 2);
    assert.equal(paper.numComments, 2);
    assert.equal(paper.publishedAt, '2025-02-26T05:59:45.000Z');
    assert.equal(paper.githubRepo, 'https://github.com/jingtaozhan/IntelligenceTest');
    assert.equal(paper.dailyDate, '2025-03-12');
    assert.equal(paper.submittedOnDailyAt, undefined);
    assert.equal(paper.thumbnailUrl, 'https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/2502.18858.png');
    assert.match(paper.abstract, /\$10\^\{26\}\$/);
  });

  test('title line wraps collapse', () => {
    const { papers } = parseDay('2025-03-12');
    assert.equal(
      byId(papers, '2503.08120').title,
      'UniF^2ace: Fine-grained Face Understanding and Generation with Unified Multimodal Models',
    );
    for (const paper of papers) {
      assert.doesNotMatch(paper.title, /\s{2}|\n/, paper.arxivId);
    }
  });

  test('projectPage and upvotes 0', () => {
    const { papers } = parseDay('2025-03-12');
    assert.equal(byId(papers, '2503.07536').projectPage, 'https://forjadeforest.github.io/LMM-R1-ProjectPage');
    assert.equal(byId(papers, '2503.08478').upvotes, 0);
  });

  test('2024 shape with mediaUrl', () => {
    const { papers, skipped } = parseDay('2024-05-27', undefined);
    assert.equal(skipped, 0);
    assert.equal(papers.length, 3);

    const paper = byId(papers, '2405.15738');
    assert.equal(paper.thumbnailUrl, 'https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/2405.15738.png');
    assert.equal(paper.title, 'ConvLLaVA: Hierarchical Backbones as Visual Encoder for Large Multimodal Models');
    assert.deepEqual(paper.authors[0], { name: 'Chunjiang Ge', hfUser: 'ChunjiangGe' });
    assert.deepEqual(paper.authors[2], { name: 'Ziming Wang' });
    assert.equal(paper.dailyDate, '2024-05-27');
    assert.equal(paper.aiSummary, undefined);
    assert.ok(paper.abstract.length > 0);
  });

  test('March 10 shape without top-level summary', () => {
    const { papers } = parseDay('2025-03-10');
    const paper = byId(papers, '2503.05179');
    assert.equal(paper.title, 'Sketch-of-Thought: Efficient LLM Reasoning with Adaptive Cognitive-Inspired Sketching');
    assert.match(paper.abstract, /^Prompts that ask/);
    assert.equal(paper.projectPage, 'https://huggingface.co/saytes/SoT_DistilBERT');
  });

  test('current shape fields', () => {
    const { papers, skipped } = parseDay('2026-08-21');
    assert.equal(skipped, 0);
    assert.equal(papers.length, 4);

    const paper = byId(papers, '2608.19880');
    assert.equal(paper.submittedOnDailyAt, '2026-08-21T00:00:00.000Z');
    assert.equal(paper.dailyDate, '2026-08-21');
    assert.equal(paper.githubStars, 8);
    assert.deepEqual(paper.organization, { name: 'google', fullname: 'Google' });
    assert.ok(paper.aiSummary);
    assert.deepEqual(paper.aiKeywords, ['LLM agents', 'environment design', 'reinforcement learning']);
    assert.equal(paper.authors.length, 17);
  });

  test('item without ai_summary', () => {
    const { papers } = parseDay('2026-08-21');
    const paper = byId(papers, '2608.19861');
    assert.equal('aiSummary' in paper, false);
    assert.equal('aiKeywords' in paper, false);
    assert.equal(paper.githubStars, 0);
  });

  test('hidden author, accents and unsafe link', () => {
    const { papers } = parseDay('2026-08-21');
    const paper = byId(papers, '2608.99901');
    assert.deepEqual(
      paper.authors.map((author) => author.name),
      ['Jörg Däßler', 'Seán Ó Briain'],
    );
    assert.equal(paper.title, 'Fixture Q&A: Parsing snake_case Titles, Hidden Authors and Unsafe Links');
    assert.equal(paper.githubRepo, undefined);
    assert.equal(paper.upvotes, 0);
  });
});

describe('parseDailyPapersItems quirks', () => {
  test('dailyDate prefers submittedOnDailyAt', () => {
    const body = [item({ submittedOnDailyAt: '2026-08-21T06:00:00.000Z' }, { publishedAt: '2026-08-19T20:00:00.000Z' })];
    const { papers } = parseDailyPapersItems(body, { requestedDay: '2026-08-20', source: 'test' });
    assert.equal(papers[0].dailyDate, '2026-08-21');
  });

  test('dailyDate falls back to requested day', () => {
    const body = [item({}, { publishedAt: '2025-03-11T13:26:50.000Z' })];
    const { papers } = parseDailyPapersItems(body, { requestedDay: '2025-03-12', source: 'test' });
    assert.equal(papers[0].dailyDate, '2025-03-12');
  });

  test('dailyDate falls back to top-level publishedAt', () => {
    const body = [item({ publishedAt: '2025-03-05T17:40:54.000Z' }, { publishedAt: '2025-03-09T22:20:09.137Z' })];
    const { papers } = parseDailyPapersItems(body, { source: 'test' });
    assert.equal(papers[0].dailyDate, '2025-03-09');
    assert.equal(papers[0].publishedAt, '2025-03-05T17:40:54.000Z');
  });

  test('dailyDate absent without any date', () => {
    const { papers } = parseDailyPapersItems([item({})], { source: 'test' });
    assert.equal(papers[0].dailyDate, undefined);
  });

  test('title and abstract fall back to top level', () => {
    const body = [item({ title: undefined, summary: undefined }, { title: 'Top\n  Level Title', summary: 'Top summary.' })];
    const { papers } = parseDailyPapersItems(body, { source: 'test' });
    assert.equal(papers[0].title, 'Top Level Title');
    assert.equal(papers[0].abstract, 'Top summary.');
  });

  test('numbers are coerced safely', () => {
    const body = [
      item({ id: '2503.00001', upvotes: undefined }),
      item({ id: '2503.00002', upvotes: '7' }, { numComments: 'many' }),
      item({ id: '2503.00003', upvotes: -3, githubStars: Number.NaN }),
      item({ id: '2503.00004', upvotes: 4.9 }),
    ];
    const { papers } = parseDailyPapersItems(body, { source: 'test' });
    assert.deepEqual(
      papers.map((paper) => paper.upvotes),
      [0, 7, 0, 4],
    );
    assert.equal(papers[1].numComments, 0);
    assert.equal(papers[2].githubStars, undefined);
  });

  test('only http(s) links are kept', () => {
    const body = [
      item(
        { githubRepo: 'javascript:alert(1)', projectPage: 'data:text/html,hi' },
        { thumbnail: '/relative.png', mediaUrls: ['https://cdn.example/video.mp4', 'https://cdn.example/image.png'] },
      ),
    ];
    const { papers } = parseDailyPapersItems(body, { source: 'test' });
    assert.equal(papers[0].githubRepo, undefined);
    assert.equal(papers[0].projectPage, undefined);
    assert.equal(papers[0].thumbnailUrl, 'https://cdn.example/image.png');
  });

  test('unknown fields are ignored', () => {
    const body = [item({ somethingNew: { nested: true } }, { anotherField: [1, 2] })];
    const { papers } = parseDailyPapersItems(body, { source: 'test' });
    assert.equal('somethingNew' in papers[0], false);
    assert.equal('anotherField' in papers[0], false);
  });

  test('duplicate ids are merged', () => {
    const body = [
      item({ id: '2503.00001', title: 'First', upvotes: 3 }),
      item({ id: '2503.00002', title: 'Other', upvotes: 1 }),
      item({ id: '2503.00001', title: 'Second', upvotes: 9 }),
    ];
    const { papers, skipped } = parseDailyPapersItems(body, { source: 'test' });
    assert.equal(skipped, 0);
    assert.deepEqual(
      papers.map((paper) => [paper.arxivId, paper.title, paper.upvotes]),
      [
        ['2503.00001', 'First', 9],
        ['2503.00002', 'Other', 1],
      ],
    );
  });

  test('version suffix stripped from id', () => {
    const { papers } = parseDailyPapersItems([item({ id: '2503.00001v2' })], { source: 'test' });
    assert.equal(papers[0].arxivId, '2503.00001');
  });
});

describe('parseDailyPapersItems limits', () => {
  const parseOne = (paper: Record<string, unknown>, top: Record<string, unknown> = {}): Paper => {
    const { papers } = parseDailyPapersItems([item(paper, top)], { source: 'test' });
    assert.equal(papers.length, 1);
    return papers[0];
  };

  test('oversized paper is cut down', () => {
    const paper = parseOne({
      title: 'T'.repeat(100_000),
      summary: 'word $x^2$ '.repeat(100_000),
      ai_summary: 's'.repeat(10_000),
      ai_keywords: Array.from({ length: 80 }, (_, index) => `keyword ${index} ${'k'.repeat(300)}`),
      authors: Array.from({ length: 5_000 }, (_, index) => ({ name: `Author ${index} ${'n'.repeat(300)}` })),
    });

    assert.equal(paper.title.length, PARSE_LIMITS.titleChars);
    assert.ok(paper.title.endsWith('…'));
    assert.equal(paper.abstract.length, PARSE_LIMITS.abstractChars);
    assert.ok(paper.abstract.endsWith('…'));
    assert.equal(paper.aiSummary?.length, PARSE_LIMITS.aiSummaryChars);
    assert.equal(paper.aiKeywords?.length, 50);
    assert.ok(paper.aiKeywords.every((keyword) => keyword.length <= 200));
    assert.equal(paper.authors.length, 3_000);
    assert.ok(paper.authors.every((author) => author.name.length <= 200));
    assert.equal(paper.authors[2_999].name.slice(0, 12), 'Author 2999 ');
  });

  test('text at the limit is kept whole', () => {
    const title = 'T'.repeat(PARSE_LIMITS.titleChars);
    assert.equal(parseOne({ title }).title, title);
  });

  test('cut never splits a surrogate pair', () => {
    const title = `${'T'.repeat(PARSE_LIMITS.titleChars - 2)}😀😀😀`;
    const cut = parseOne({ title }).title;
    assert.ok(cut.length <= PARSE_LIMITS.titleChars);
    assert.ok(cut.endsWith('…'));
    assert.doesNotMatch(cut, /[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });

  test('URL longer than 2048 is dropped', () => {
    const longUrl = `https://example.org/${'a'.repeat(PARSE_LIMITS.urlChars)}`;
    const okUrl = `https://example.org/${'a'.repeat(100)}`;
    const paper = parseOne({ githubRepo: longUrl, projectPage: okUrl }, { thumbnail: longUrl });
    assert.equal(paper.githubRepo, undefined);
    assert.equal(paper.projectPage, okUrl);
    assert.equal(paper.thumbnailUrl, undefined);
  });

  test('absurd counts are clamped', () => {
    const body = JSON.parse(
      '[' +
        [
          '{"paper":{"id":"2503.00001","title":"A","upvotes":1e308,"githubStars":1e400},"numComments":2500000000}',
          '{"paper":{"id":"2503.00002","title":"B","upvotes":"1e308","githubStars":-5},"numComments":-1}',
          '{"paper":{"id":"2503.00003","title":"C","upvotes":"Infinity","githubStars":"12abc"},"numComments":1.9}',
        ].join(',') +
        ']',
    ) as unknown;
    const { papers } = parseDailyPapersItems(body, { source: 'test' });

    assert.deepEqual(
      papers.map((paper) => [paper.upvotes, paper.numComments, paper.githubStars]),
      [
        [1_000_000_000, 1_000_000_000, 0],
        [1_000_000_000, 0, 0],
        [0, 1, undefined],
      ],
    );
  });
});

describe('parseDailyPapersItems unsafe characters', () => {
  const parseOne = (paper: Record<string, unknown>, top: Record<string, unknown> = {}): Paper => {
    const { papers } = parseDailyPapersItems([item(paper, top)], { source: 'test' });
    assert.equal(papers.length, 1);
    return papers[0];
  };

  test('NUL, BEL and C1 leave titles', () => {
    assert.equal(parseOne({ title: 'Bell\u0007 and\u0000 Null\u0085 Title\u009B' }).title, 'Bell and Null Title');
  });

  test('bidi controls leave author names', () => {
    const paper = parseOne({
      authors: [
        { name: 'Mallory\u202Eevil' },
        { name: '\u2066Isolated\u2069 Name' },
        { name: 'Ada Lovelace' },
        { name: '\u202A\u202B\u202C\u202D' },
      ],
    });
    assert.deepEqual(
      paper.authors.map((author) => author.name),
      ['Malloryevil', 'Isolated Name', 'Ada Lovelace'],
    );
  });

  test('right-to-left text and marks are kept', () => {
    // U+200F (RIGHT-TO-LEFT MARK) and Hebrew letters are content, not overrides.
    const name = '\u05D0\u05D1\u200F Cohen';
    assert.equal(parseOne({ authors: [{ name }] }).authors[0].name, name);
  });

  test('abstract keeps line feeds and tabs', () => {
    const paper = parseOne({ summary: 'First\u0000 line\r\nsecond\tline\u202E\n\nNext paragraph\u0007.' });
    assert.equal(paper.abstract, 'First line\nsecond\tline\n\nNext paragraph.');
  });

  test('every text field is cleaned', () => {
    const paper = parseOne(
      {
        title: 'Title\u202E',
        ai_summary: 'Summary\u0001 text',
        ai_keywords: ['key\u2067word', '\u0000'],
        authors: [{ name: 'Ada\u0000 Lovelace', user: { user: 'ada\u202E' } }],
        organization: { name: 'org\u0008', fullname: 'Org\u202D Inc' },
        githubRepo: 'https://github.com/a/b\u202E',
      },
      { numComments: 0 },
    );
    assert.equal(paper.title, 'Title');
    assert.equal(paper.aiSummary, 'Summary text');
    assert.deepEqual(paper.aiKeywords, ['keyword']);
    assert.deepEqual(paper.authors, [{ name: 'Ada Lovelace', hfUser: 'ada' }]);
    assert.deepEqual(paper.organization, { name: 'org', fullname: 'Org Inc' });
    assert.equal(paper.githubRepo, 'https://github.com/a/b');
  });

  test('title of only controls skips the item', () => {
    const { papers, skipped } = parseDailyPapersItems([item({ title: '\u0000\u202E\u0007' })], { source: 'test' });
    assert.equal(papers.length, 0);
    assert.equal(skipped, 1);
  });
});

describe('parseDailyPapersItems malformed', () => {
  test('Python repr items are skipped', () => {
    const body = readFixture('malformed', '2024-12-11');
    const { papers, skipped } = parseDailyPapersItems(body, { requestedDay: '2024-12-11', source: 'test' });
    assert.equal(papers.length, 0);
    assert.equal(skipped, 2);
  });

  test('object body throws ResponseFormatError', () => {
    const body = readFixture('malformed', '2024-12-12');
    assert.throws(
      () => parseDailyPapersItems(body, { source: 'http://127.0.0.1/api/daily_papers?date=2024-12-12' }),
      (error: unknown) => {
        assert.ok(error instanceof ResponseFormatError);
        assert.match(error.message, /http:\/\/127\.0\.0\.1\/api\/daily_papers\?date=2024-12-12/);
        assert.match(error.message, /an object with keys error, papers/);
        return true;
      },
    );
  });

  test('items without id or title are skipped', () => {
    const body = readFixture('malformed', '2024-12-13');
    const { papers, skipped } = parseDailyPapersItems(body, { source: 'test' });
    assert.equal(skipped, 4);
    assert.equal(papers.length, 1);
    assert.equal(papers[0].arxivId, '2412.00005');
    assert.equal(papers[0].upvotes, 7);
  });

  test('non-array bodies throw', () => {
    for (const body of [null, 'text', 42, undefined]) {
      assert.throws(() => parseDailyPapersItems(body, { source: 'test' }), ResponseFormatError);
    }
  });
});

describe('parsePaperDetails', () => {
  test('paper object becomes Paper', () => {
    const body = {
      id: '2502.18858',
      authors: [{ _id: 'a', name: 'Jingtao Zhan', hidden: false }],
      publishedAt: '2025-02-26T05:59:45.000Z',
      title: 'Evaluating Intelligence via\n  Trial and Error',
      summary: 'Abstract.',
      upvotes: 2,
    };
    const paper = parsePaperDetails(body, 'test');
    assert.equal(paper.arxivId, '2502.18858');
    assert.equal(paper.title, 'Evaluating Intelligence via Trial and Error');
    assert.equal(paper.numComments, 0);
    assert.equal(paper.dailyDate, undefined);
  });

  test('dailyDate from submittedOnDailyAt', () => {
    const paper = parsePaperDetails(
      { id: '2608.19880', title: 'T', authors: [], submittedOnDailyAt: '2026-08-21T00:00:00.000Z' },
      'test',
    );
    assert.equal(paper.dailyDate, '2026-08-21');
  });

  test('missing id or title throws', () => {
    assert.throws(() => parsePaperDetails({ title: 'No id' }, 'http://x/api/papers/1'), ResponseFormatError);
    assert.throws(() => parsePaperDetails({ id: '2502.18858' }, 'test'), /2502|title/);
    assert.throws(() => parsePaperDetails({ error: 'Paper not found' }, 'test'), ResponseFormatError);
  });
});

describe('mergePapers', () => {
  test('never shortens the list', () => {
    const existing = [paperBuilder({ arxivId: '2503.00001' }), paperBuilder({ arxivId: '2503.00002' })];
    const incoming = [paperBuilder({ arxivId: '2503.00003' })];
    const merged = mergePapers(existing, incoming);
    assert.deepEqual(
      merged.map((paper) => paper.arxivId),
      ['2503.00003', '2503.00001', '2503.00002'],
    );
  });

  test('incoming values win', () => {
    const existing = [paperBuilder({ arxivId: '2503.00001', upvotes: 3, title: 'Old' })];
    const incoming = [paperBuilder({ arxivId: '2503.00001', upvotes: 8, title: 'New' })];
    const [paper] = mergePapers(existing, incoming);
    assert.equal(paper.upvotes, 8);
    assert.equal(paper.title, 'New');
  });

  test('missing incoming fields keep cached values', () => {
    const existing = [paperBuilder({ arxivId: '2503.00001', aiSummary: 'Cached summary', githubStars: 5 })];
    const incomingPaper = paperBuilder({ arxivId: '2503.00001', upvotes: 4 });
    delete incomingPaper.aiSummary;
    const [paper] = mergePapers(existing, [{ ...incomingPaper, githubStars: undefined }]);
    assert.equal(paper.aiSummary, 'Cached summary');
    assert.equal(paper.githubStars, 5);
    assert.equal(paper.upvotes, 4);
  });

  test('empty incoming keeps everything', () => {
    const existing = [paperBuilder({ arxivId: '2503.00001' })];
    assert.deepEqual(mergePapers(existing, []), existing);
  });
});

describe('sortPapers', () => {
  const papers = [
    paperBuilder({ arxivId: '1', title: 'B', upvotes: 5, numComments: 1 }),
    paperBuilder({ arxivId: '2', title: 'A', upvotes: 5, numComments: 1 }),
    paperBuilder({ arxivId: '3', title: 'C', upvotes: 9, numComments: 0 }),
    paperBuilder({ arxivId: '4', title: 'D', upvotes: 5, numComments: 4 }),
  ];

  test('upvotes then comments then title', () => {
    assert.deepEqual(
      sortPapers(papers, 'upvotes').map((paper) => paper.arxivId),
      ['3', '4', '2', '1'],
    );
  });

  test('trending keeps order', () => {
    assert.deepEqual(
      sortPapers(papers, 'trending').map((paper) => paper.arxivId),
      ['1', '2', '3', '4'],
    );
  });

  test('input is not modified', () => {
    sortPapers(papers, 'upvotes');
    assert.equal(papers[0].arxivId, '1');
  });
});
