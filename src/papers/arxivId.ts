// arXiv identifiers in the forms people paste: bare ids, `arXiv:` prefixes, arxiv.org and
// Hugging Face URLs, and arXiv DOIs. The id grammar follows arXiv's identifier scheme
// (https://info.arxiv.org/help/arxiv_identifier.html): new-style `YYMM.NNNN` from 0704 to
// 1412, `YYMM.NNNNN` from 1501 on, and old-style `archive(.SUBJECT)/YYMMNNN` up to 0703.

export interface ArxivReference {
  /** arXiv id without version, e.g. `2502.18858` or `hep-th/9901001`. */
  id: string;
  version?: number;
}

const NEW_STYLE_ID = /^(\d{2})(\d{2})\.(\d{4,5})(?:v(\d+))?$/;
const OLD_STYLE_ID = /^([a-z]+(?:-[a-z]+)*)(\.[A-Z]{2})?\/(\d{2})(\d{2})(\d{3})(?:v(\d+))?$/;

const ARXIV_HOSTS = new Set(['arxiv.org', 'www.arxiv.org', 'export.arxiv.org']);
const HUGGING_FACE_HOSTS = new Set(['huggingface.co', 'www.huggingface.co']);
const DOI_HOSTS = new Set(['doi.org', 'dx.doi.org', 'www.doi.org']);

/** The DataCite prefix arXiv registers its DOIs under: `10.48550/arXiv.<id>`. */
const ARXIV_DOI = /^10\.48550\/arxiv\.(.+)$/i;

/**
 * Parses an arXiv id, URL or DOI into its id and optional version. Returns `undefined`
 * for anything that is not an arXiv reference, including ids with an impossible month or
 * the wrong number of digits for their month.
 */
export function parseArxivReference(input: string): ArxivReference | undefined {
  const text = input.trim();
  if (text === '') {
    return undefined;
  }

  if (/^https?:\/\//i.test(text)) {
    return parseUrl(text);
  }

  const doi = ARXIV_DOI.exec(text.replace(/^doi:\s*/i, ''));
  if (doi) {
    return parseBareId(doi[1]);
  }

  return parseBareId(text.replace(/^arxiv:\s*/i, ''));
}

function parseUrl(text: string): ArxivReference | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return undefined;
  }

  const host = url.hostname.toLowerCase();
  const path = safeDecode(url.pathname);
  if (path === undefined) {
    return undefined;
  }

  if (ARXIV_HOSTS.has(host)) {
    const match = /^\/(abs|pdf|html)\/(.+?)\/?$/.exec(path);
    if (!match) {
      return undefined;
    }
    const idPart = match[1] === 'pdf' ? match[2].replace(/\.pdf$/i, '') : match[2];
    return parseBareId(idPart);
  }

  if (HUGGING_FACE_HOSTS.has(host)) {
    const match = /^\/papers\/(.+?)\/?$/.exec(path);
    return match ? parseBareId(match[1]) : undefined;
  }

  if (DOI_HOSTS.has(host)) {
    const doi = ARXIV_DOI.exec(path.replace(/^\//, ''));
    return doi ? parseBareId(doi[1]) : undefined;
  }

  return undefined;
}

function parseBareId(text: string): ArxivReference | undefined {
  const newStyle = NEW_STYLE_ID.exec(text);
  if (newStyle) {
    const [, yy, mm, number, version] = newStyle;
    const yearMonth = Number(yy) * 100 + Number(mm);
    if (!isMonth(mm) || yearMonth < 704) {
      return undefined;
    }

    // arXiv switched from four to five sequence digits in January 2015.
    const expectedDigits = yearMonth >= 1501 ? 5 : 4;
    if (number.length !== expectedDigits) {
      return undefined;
    }
    return withVersion(`${yy}${mm}.${number}`, version);
  }

  const oldStyle = OLD_STYLE_ID.exec(text);
  if (oldStyle) {
    const [, archive, subject, yy, mm, number, version] = oldStyle;
    if (!isMonth(mm) || !isOldStyleYear(yy, mm)) {
      return undefined;
    }
    return withVersion(`${archive}${subject ?? ''}/${yy}${mm}${number}`, version);
  }

  return undefined;
}

function isMonth(mm: string): boolean {
  const month = Number(mm);
  return month >= 1 && month <= 12;
}

/** Old-style ids run from August 1991 (`9108`) to March 2007 (`0703`). */
function isOldStyleYear(yy: string, mm: string): boolean {
  const year = Number(yy);
  const yearMonth = (year >= 91 ? 1900 + year : 2000 + year) * 100 + Number(mm);
  return yearMonth >= 199108 && yearMonth <= 200703;
}

function withVersion(id: string, version: string | undefined): ArxivReference | undefined {
  if (version === undefined) {
    return { id };
  }
  const number = Number(version);
  if (!Number.isSafeInteger(number) || number < 1) {
    return undefined;
  }
  return { id, version: number };
}

function safeDecode(path: string): string | undefined {
  try {
    return decodeURIComponent(path);
  } catch {
    return undefined;
  }
}

/** Formats `2502.18858` or, with a version, `2502.18858v2`. */
export function formatArxivId(ref: ArxivReference): string {
  return ref.version === undefined ? ref.id : `${ref.id}v${ref.version}`;
}

export function arxivAbsUrl(ref: ArxivReference): string {
  return `https://arxiv.org/abs/${formatArxivId(ref)}`;
}

export function arxivPdfUrl(ref: ArxivReference): string {
  return `https://arxiv.org/pdf/${formatArxivId(ref)}`;
}

/** Builds the paper page URL on Hugging Face, or on a mirror or test server given as `baseUrl`. */
export function huggingFacePaperUrl(id: string, baseUrl = 'https://huggingface.co'): string {
  return `${baseUrl.replace(/\/+$/, '')}/papers/${id}`;
}
