// Defensive parsing of Hugging Face Daily Papers responses into `Paper`. The API has
// served three item shapes since 2024 (fields were added over time, `mediaUrl` became
// `thumbnail`, the top-level `publishedAt` changed meaning in March 2025), so every field
// is optional here and checked for its type before it is used.
import { parseArxivReference } from './arxivId';
import { isDayKey, toDayKey } from './dates';
import type { Author, Organization, Paper } from './model';

/** A response body that does not have the structure the Daily Papers API documents. */
export class ResponseFormatError extends Error {
  constructor(
    message: string,
    readonly source: string,
  ) {
    super(message);
    this.name = 'ResponseFormatError';
  }
}

export interface DailyPapersParseResult {
  papers: Paper[];
  /** Items dropped because they were not objects or had no valid arXiv id or title. */
  skipped: number;
}

type JsonObject = Record<string, unknown>;

/**
 * Upper bounds on what one network item can carry, so a hostile or broken response cannot
 * make the tree, the panel or the cache slow. arXiv caps abstracts at 1,920 characters, so
 * real abstracts are never cut. A few large physics collaborations list more than 3,000
 * authors, and those papers keep their first 3,000. Text longer than its limit is cut and
 * ends in `…`, while a longer URL is dropped.
 */
export const PARSE_LIMITS = {
  titleChars: 1_000,
  abstractChars: 20_000,
  aiSummaryChars: 5_000,
  aiKeywords: 50,
  aiKeywordChars: 200,
  authors: 3_000,
  /** Also the limit for organization names and Hugging Face user names. */
  nameChars: 200,
  urlChars: 2_048,
  /** Upvotes, comments and GitHub stars are clamped to 0…maxCount. */
  maxCount: 1_000_000_000,
} as const;

/**
 * Parses a `GET /api/daily_papers` body. Items that cannot become a paper are skipped and
 * counted, and repeated arXiv ids are merged into the first occurrence.
 *
 * @throws ResponseFormatError when the body is not an array.
 */
export function parseDailyPapersItems(
  body: unknown,
  context: { requestedDay?: string; source: string },
): DailyPapersParseResult {
  if (!Array.isArray(body)) {
    throw new ResponseFormatError(
      `Invalid Daily Papers response from ${context.source}: expected a JSON array of papers but got ${describeJson(body)}. ` +
        'Check that the API base URL points at the Hugging Face Daily Papers API.',
      context.source,
    );
  }

  const papers: Paper[] = [];
  let skipped = 0;
  for (const item of body) {
    const paper = isObject(item) ? parseDailyItem(item, context.requestedDay) : undefined;
    if (paper) {
      papers.push(paper);
    } else {
      skipped++;
    }
  }
  return { papers: dedupePapers(papers), skipped };
}

/**
 * Parses a `GET /api/papers/{id}` body, which is the `paper` object of a daily item.
 *
 * @throws ResponseFormatError when the body is not an object or has no arXiv id or title.
 */
export function parsePaperDetails(body: unknown, source: string): Paper {
  const paper = isObject(body) ? parsePaperFields(body, body, undefined) : undefined;
  if (!paper) {
    throw new ResponseFormatError(
      `Invalid paper response from ${source}: expected an object with an arXiv id and a title but got ${describeJson(body)}.`,
      source,
    );
  }

  // The details endpoint has no list context, so only `submittedOnDailyAt` can give the
  // Daily Papers day. Its `publishedAt` is the arXiv date and must not be used for it.
  if (paper.submittedOnDailyAt === undefined) {
    delete paper.dailyDate;
  }
  return paper;
}

function parseDailyItem(item: JsonObject, requestedDay: string | undefined): Paper | undefined {
  const paper = isObject(item.paper) ? item.paper : undefined;
  if (!paper) {
    return undefined;
  }
  return parsePaperFields(paper, item, requestedDay);
}

/** Reads `paper` fields first and falls back to the daily item's top-level fields. */
function parsePaperFields(paper: JsonObject, item: JsonObject, requestedDay: string | undefined): Paper | undefined {
  const reference = typeof paper.id === 'string' ? parseArxivReference(paper.id) : undefined;
  const title = toLine(firstString(paper.title, item.title), PARSE_LIMITS.titleChars);
  if (!reference || !title) {
    return undefined;
  }

  const result: Paper = {
    arxivId: reference.id,
    title,
    authors: parseAuthors(paper.authors),
    abstract: toMultilineText(firstString(paper.summary, item.summary), PARSE_LIMITS.abstractChars) ?? '',
    upvotes: toCount(paper.upvotes ?? item.upvotes) ?? 0,
    numComments: toCount(item.numComments ?? paper.numComments) ?? 0,
  };

  const publishedAt = toIsoTime(paper.publishedAt);
  const submittedOnDailyAt = toIsoTime(paper.submittedOnDailyAt);
  const dailyDate = pickDailyDate(submittedOnDailyAt, requestedDay, toIsoTime(item.publishedAt));
  setIfDefined(result, 'publishedAt', publishedAt);
  setIfDefined(result, 'submittedOnDailyAt', submittedOnDailyAt);
  setIfDefined(result, 'dailyDate', dailyDate);

  setIfDefined(result, 'aiSummary', toMultilineText(firstString(paper.ai_summary), PARSE_LIMITS.aiSummaryChars));
  setIfDefined(result, 'aiKeywords', parseKeywords(paper.ai_keywords));
  setIfDefined(result, 'githubRepo', toHttpUrl(paper.githubRepo ?? item.githubRepo));
  setIfDefined(result, 'githubStars', toCount(paper.githubStars ?? item.githubStars));
  setIfDefined(result, 'projectPage', toHttpUrl(paper.projectPage ?? item.projectPage));
  setIfDefined(result, 'organization', parseOrganization(paper.organization ?? item.organization));
  setIfDefined(result, 'thumbnailUrl', pickThumbnail(item));
  return result;
}

/**
 * Checks a paper read back from storage (the cache, the saved list, a panel's state) with
 * the same limits and cleaning as a network item, because an older version may have
 * written it without them. Returns undefined when it has no valid id or title.
 */
export function normaliseStoredPaper(value: unknown): Paper | undefined {
  if (!isObject(value)) {
    return undefined;
  }
  const reference = typeof value.arxivId === 'string' ? parseArxivReference(value.arxivId) : undefined;
  const title = toLine(firstString(value.title), PARSE_LIMITS.titleChars);
  if (!reference || !title) {
    return undefined;
  }

  const authors: Author[] = [];
  for (const entry of Array.isArray(value.authors) ? value.authors.slice(0, PARSE_LIMITS.authors) : []) {
    const name = isObject(entry) ? toLine(firstString(entry.name), PARSE_LIMITS.nameChars) : undefined;
    if (name) {
      const author: Author = { name };
      setIfDefined(author, 'hfUser', toLine(firstString(entry.hfUser), PARSE_LIMITS.nameChars));
      authors.push(author);
    }
  }

  const result: Paper = {
    arxivId: reference.id,
    title,
    authors,
    abstract: toMultilineText(firstString(value.abstract), PARSE_LIMITS.abstractChars) ?? '',
    upvotes: toCount(value.upvotes) ?? 0,
    numComments: toCount(value.numComments) ?? 0,
  };
  setIfDefined(result, 'publishedAt', toIsoTime(value.publishedAt));
  setIfDefined(result, 'submittedOnDailyAt', toIsoTime(value.submittedOnDailyAt));
  setIfDefined(result, 'dailyDate', typeof value.dailyDate === 'string' && isDayKey(value.dailyDate) ? value.dailyDate : undefined);
  setIfDefined(result, 'aiSummary', toMultilineText(firstString(value.aiSummary), PARSE_LIMITS.aiSummaryChars));
  setIfDefined(result, 'aiKeywords', parseKeywords(value.aiKeywords));
  setIfDefined(result, 'githubRepo', toHttpUrl(value.githubRepo));
  setIfDefined(result, 'githubStars', toCount(value.githubStars));
  setIfDefined(result, 'projectPage', toHttpUrl(value.projectPage));
  setIfDefined(result, 'organization', parseOrganization(value.organization));
  setIfDefined(result, 'thumbnailUrl', toHttpUrl(value.thumbnailUrl));
  const category = firstString(value.primaryCategory);
  setIfDefined(result, 'primaryCategory', category && /^[A-Za-z-]+(\.[A-Za-z-]+)?$/.test(category) ? category : undefined);
  return result;
}

/**
 * Chooses the Daily Papers day. `submittedOnDailyAt` is exact but only present since
 * 2025-03-17. The requested day is right for a day list. The top-level `publishedAt` is
 * the last resort because since 2025-03-11 it is the arXiv time shifted to US Eastern
 * time rather than the time the paper was put on Daily Papers.
 */
function pickDailyDate(
  submittedOnDailyAt: string | undefined,
  requestedDay: string | undefined,
  itemPublishedAt: string | undefined,
): string | undefined {
  if (submittedOnDailyAt) {
    return toDayKey(new Date(submittedOnDailyAt));
  }
  if (requestedDay) {
    return requestedDay;
  }
  return itemPublishedAt ? toDayKey(new Date(itemPublishedAt)) : undefined;
}

function parseAuthors(value: unknown): Author[] {
  if (!Array.isArray(value)) {
    return [];
  }

  const authors: Author[] = [];
  for (const entry of value) {
    if (authors.length >= PARSE_LIMITS.authors) {
      break;
    }
    if (!isObject(entry) || entry.hidden === true) {
      continue;
    }
    const name = toLine(firstString(entry.name), PARSE_LIMITS.nameChars);
    if (!name) {
      continue;
    }
    const author: Author = { name };
    const hfUser = isObject(entry.user) ? toLine(firstString(entry.user.user), PARSE_LIMITS.nameChars) : undefined;
    setIfDefined(author, 'hfUser', hfUser);
    authors.push(author);
  }
  return authors;
}

function parseKeywords(value: unknown): string[] | undefined {
  if (!Array.isArray(value)) {
    return undefined;
  }
  const keywords: string[] = [];
  for (const entry of value) {
    if (keywords.length >= PARSE_LIMITS.aiKeywords) {
      break;
    }
    const keyword = typeof entry === 'string' ? toLine(entry, PARSE_LIMITS.aiKeywordChars) : undefined;
    if (keyword) {
      keywords.push(keyword);
    }
  }
  return keywords.length > 0 ? keywords : undefined;
}

function parseOrganization(value: unknown): Organization | undefined {
  if (!isObject(value)) {
    return undefined;
  }
  const name = toLine(firstString(value.name), PARSE_LIMITS.nameChars);
  if (!name) {
    return undefined;
  }
  const organization: Organization = { name };
  setIfDefined(organization, 'fullname', toLine(firstString(value.fullname), PARSE_LIMITS.nameChars));
  return organization;
}

/**
 * `thumbnail` since 2025; 2024 items carry `mediaUrl` or a `mediaUrls` list instead.
 * `mediaUrls` may start with a video, which an image element cannot show, so videos are passed over.
 */
function pickThumbnail(item: JsonObject): string | undefined {
  const mediaUrls = Array.isArray(item.mediaUrls) ? item.mediaUrls : [];
  const firstImage = mediaUrls.map(toHttpUrl).find((url) => url !== undefined && !VIDEO_EXTENSION.test(url));
  return toHttpUrl(item.thumbnail) ?? toHttpUrl(item.mediaUrl) ?? firstImage;
}

const VIDEO_EXTENSION = /\.(mp4|webm|mov|m4v)(?:[?#]|$)/i;

/**
 * Merges the same paper listed twice (in one response, or on two days of a week): the
 * first occurrence keeps its place and fields, and takes the highest upvote and comment
 * counts seen.
 */
export function dedupePapers(papers: readonly Paper[]): Paper[] {
  const byId = new Map<string, Paper>();
  for (const paper of papers) {
    const first = byId.get(paper.arxivId);
    if (!first) {
      byId.set(paper.arxivId, { ...paper });
      continue;
    }
    first.upvotes = Math.max(first.upvotes, paper.upvotes);
    first.numComments = Math.max(first.numComments, paper.numComments);
  }
  return [...byId.values()];
}

/**
 * Merges a fresh fetch into a cached list. Incoming values win, fields missing from an
 * incoming paper keep their cached value, and cached papers missing from `incoming` stay,
 * because the current day's list grows during the day and a refresh must never shorten it.
 * The result lists incoming papers in their order, then the cached-only ones.
 */
export function mergePapers(existing: readonly Paper[], incoming: readonly Paper[]): Paper[] {
  const cachedById = new Map(existing.map((paper) => [paper.arxivId, paper]));
  const merged = new Map<string, Paper>();

  for (const paper of incoming) {
    const base = merged.get(paper.arxivId) ?? cachedById.get(paper.arxivId);
    merged.set(paper.arxivId, base ? overlay(base, paper) : { ...paper });
  }
  for (const paper of existing) {
    if (!merged.has(paper.arxivId)) {
      merged.set(paper.arxivId, { ...paper });
    }
  }
  return [...merged.values()];
}

function overlay(base: Paper, update: Paper): Paper {
  const result: Paper = { ...base };
  for (const [key, value] of Object.entries(update)) {
    if (value !== undefined) {
      (result as unknown as JsonObject)[key] = value;
    }
  }
  return result;
}

export type PaperSortOrder = 'upvotes' | 'trending';

/**
 * Returns a sorted copy. `upvotes` sorts by upvotes, then comments (both descending), then
 * title. `trending` keeps the server's order, which is already its trending ranking.
 */
export function sortPapers(papers: readonly Paper[], order: PaperSortOrder): Paper[] {
  const copy = [...papers];
  if (order === 'trending') {
    return copy;
  }
  return copy.sort(
    (a, b) => b.upvotes - a.upvotes || b.numComments - a.numComments || a.title.localeCompare(b.title),
  );
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function firstString(...values: unknown[]): string | undefined {
  for (const value of values) {
    if (typeof value === 'string' && value.trim() !== '') {
      return value;
    }
  }
  return undefined;
}

/**
 * C0 and C1 control characters except tab, line feed, vertical tab, form feed and carriage
 * return (which are whitespace and handled by the callers), and the bidirectional embedding,
 * override and isolate controls U+202A–U+202E and U+2066–U+2069. An override in one author
 * name would otherwise reverse the rest of the author line, and NUL or BEL show as boxes.
 */
const UNSAFE_CHARACTERS = /[\u0000-\u0008\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;

/**
 * Cleans a one-line field: removes unsafe characters, joins arXiv's hard line wraps
 * (`"\n  "`) and any other whitespace run into one space, and cuts it to `maxChars`.
 */
function toLine(value: string | undefined, maxChars: number): string | undefined {
  const line = value?.replace(UNSAFE_CHARACTERS, '').replace(/\s+/g, ' ').trim();
  return line ? truncate(line, maxChars) : undefined;
}

/**
 * Cleans a multi-line field (abstract, AI summary): removes unsafe characters, keeps tabs and
 * line feeds (Markdown needs blank lines between paragraphs), turns other line breaks into
 * line feeds, and cuts it to `maxChars`.
 */
function toMultilineText(value: string | undefined, maxChars: number): string | undefined {
  const text = value
    ?.replace(/\r\n?|[\v\f]/g, '\n')
    .replace(UNSAFE_CHARACTERS, '')
    .trim();
  return text ? truncate(text, maxChars) : undefined;
}

/** Cuts `text` to at most `maxChars` UTF-16 code units, ending in `…`, without splitting a surrogate pair. */
function truncate(text: string, maxChars: number): string {
  if (text.length <= maxChars) {
    return text;
  }
  let end = maxChars - 1;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) {
    end--;
  }
  return `${text.slice(0, end).trimEnd()}…`;
}

/**
 * Converts a number or numeric string to an integer in 0…`PARSE_LIMITS.maxCount`, or returns
 * `undefined` for anything else (such as `"many"` or `"12abc"`). Negative values and
 * infinities become 0, and values above the limit become the limit.
 */
function toCount(value: unknown): number | undefined {
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof number !== 'number' || Number.isNaN(number)) {
    return undefined;
  }
  if (!Number.isFinite(number) || number < 0) {
    return 0;
  }
  return Math.min(Math.floor(number), PARSE_LIMITS.maxCount);
}

function toIsoTime(value: unknown): string | undefined {
  if (typeof value !== 'string') {
    return undefined;
  }
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}

/**
 * Accepts only absolute http(s) URLs, so a `javascript:` or relative link never reaches a
 * view. A URL with whitespace inside or longer than `PARSE_LIMITS.urlChars` is dropped.
 */
function toHttpUrl(value: unknown): string | undefined {
  if (typeof value !== 'string') {
    return undefined;
  }
  const text = value.replace(UNSAFE_CHARACTERS, '').trim();
  if (text.length > PARSE_LIMITS.urlChars || /\s/.test(text)) {
    return undefined;
  }
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:' ? text : undefined;
  } catch {
    return undefined;
  }
}

function setIfDefined<T extends object, K extends keyof T>(target: T, key: K, value: T[K] | undefined): void {
  if (value !== undefined) {
    target[key] = value;
  }
}

function describeJson(value: unknown): string {
  if (value === null) {
    return 'null';
  }
  if (Array.isArray(value)) {
    return 'an array';
  }
  if (typeof value === 'object') {
    const keys = Object.keys(value).slice(0, 5);
    return keys.length > 0 ? `an object with keys ${keys.join(', ')}` : 'an empty object';
  }
  if (typeof value === 'string') {
    return `a string (${JSON.stringify(value.slice(0, 40))})`;
  }
  return `${typeof value} ${String(value)}`;
}
