/** RFC 4180 CSV, as Omni returns query results (csvResult). No dependency; one pass. */

export interface ParsedCsv {
  header: string[];
  /** Data rows kept (at most maxRows). */
  rows: string[][];
  /** Data rows seen, header excluded; counted even past maxRows (a lower bound with stopEarly). */
  totalRows: number;
  /** Fewer rows kept than seen. */
  cut: boolean;
}

export interface ParseCsvOptions {
  /** Keep at most this many data rows; the rest are only counted. Default: all. */
  maxRows?: number;
  /** Stop at the first row past maxRows instead of counting them all (cut still tells). */
  stopEarly?: boolean;
}

const Quote = 34; // "
const Comma = 44; // ,
const Cr = 13;
const Lf = 10;

/**
 * Lenient where RFC 4180 is strict, because a report must show what it got rather than fail:
 * a quote inside an unquoted field is kept literally, text after a closing quote is appended,
 * an unterminated quoted field runs to the end. Lines may end in CRLF, LF or CR; a trailing
 * line ending does not make an empty row; a leading byte order mark is dropped.
 */
export function parseCsv(text: string, options: ParseCsvOptions = {}): ParsedCsv {
  const maxRows = options.maxRows ?? Number.POSITIVE_INFINITY;
  const header: string[] = [];
  const rows: string[][] = [];
  let totalRows = 0;
  let sawHeader = false;

  const start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const length = text.length;
  let row: string[] = [];
  // Fields of rows past maxRows are not materialised, only their row ends counted.
  let keep = true;
  let i = start;

  const endRow = (): void => {
    if (!sawHeader) {
      header.push(...row);
      sawHeader = true;
    } else {
      totalRows += 1;
      if (keep) rows.push(row);
    }
    row = [];
    keep = sawHeader ? rows.length < maxRows : true;
  };

  if (i >= length) return { header, rows, totalRows, cut: false };

  for (;;) {
    // At the start of a field.
    let field = '';
    if (text.charCodeAt(i) === Quote) {
      i += 1;
      for (;;) {
        const close = text.indexOf('"', i);
        if (close === -1) {
          if (keep) field += text.slice(i);
          i = length;
          break;
        }
        if (keep) field += text.slice(i, close);
        if (text.charCodeAt(close + 1) === Quote) {
          if (keep) field += '"';
          i = close + 2;
          continue;
        }
        i = close + 1;
        break;
      }
    }
    // Unquoted part (or junk after a closing quote), up to the next separator.
    let j = i;
    while (j < length) {
      const c = text.charCodeAt(j);
      if (c === Comma || c === Lf || c === Cr) break;
      j += 1;
    }
    if (keep) {
      field += text.slice(i, j);
      row.push(field);
    }
    i = j;
    if (i >= length) {
      endRow();
      break;
    }
    const c = text.charCodeAt(i);
    if (c === Comma) {
      i += 1;
      if (i >= length) {
        if (keep) row.push('');
        endRow();
        break;
      }
      continue;
    }
    // Line ending.
    i += c === Cr && text.charCodeAt(i + 1) === Lf ? 2 : 1;
    endRow();
    if (i >= length) break;
    if (options.stopEarly && sawHeader && rows.length >= maxRows) {
      // One more row exists: count it so that cut is true, and stop.
      totalRows += 1;
      break;
    }
  }

  return { header, rows, totalRows, cut: rows.length < totalRows };
}
