/** Keeping a report under GitHub's size limits, saying what was left out. Pure. */
import { truncateText, truncateUtf8 } from '../lib/text.js';
import { byteLength, charLength, type Measure } from './markdown.js';

/** GitHub's limits on what the action writes. */
export const CommentMaxChars = 65_536;
export const SummaryMaxBytes = 1024 * 1024;

/** How GitHub measures a report where it is written, and how much of that a report may take. */
export interface ReportSize {
  measure: Measure;
  budget: number;
}

/** The sticky comment, in characters; room is left for the hidden marker line the GitHub writer adds. */
export const CommentSize: ReportSize = { measure: charLength, budget: CommentMaxChars - 1_024 };
/** The job summary, in UTF-8 bytes; room is left for the summary's lines that are not ours. */
export const SummarySize: ReportSize = { measure: byteLength, budget: SummaryMaxBytes - 48 * 1024 };

/** A smaller budget asked for (tests, previews) wins; a larger one never does. */
export function sizeWithin(size: ReportSize, asked: number | undefined): ReportSize {
  return { measure: size.measure, budget: Math.min(asked ?? size.budget, size.budget) };
}

export interface Section {
  /** Markdown of this part; sections are joined with a blank line. */
  text: string;
  /** Kept whatever the budget (headings, links, notes); keep these small. */
  required?: boolean;
  /**
   * A smaller version when the whole text does not fit: called with the room left (in the
   * budget's unit); return '' to leave the section out. Must stay within the room.
   */
  shrink?: (room: number) => string;
}

export interface FitResult {
  text: string;
  /** Optional sections left out. */
  omitted: number;
  /** Sections shown in part. */
  shrunk: number;
}

/** Note appended when something was left out or shrunk, e.g. a link to the run. */
export type OverflowNote = (omitted: number, shrunk: number) => string;

const Separator = '\n\n';

/**
 * Joins sections in order within the size's budget. Required sections are always kept; optional
 * ones are kept whole while they fit, shrunk when they offer it, otherwise left out. The result
 * is guaranteed within budget: as a last resort it is cut hard (only possible when the required
 * sections alone exceed it).
 */
export function fitToBudget(sections: readonly Section[], size: ReportSize, overflowNote?: OverflowNote): FitResult {
  const { measure, budget } = size;
  const separator = measure(Separator);
  const sizes = sections.map((s) => measure(s.text));
  const noteFor = (omitted: number, shrunk: number): string => (omitted + shrunk > 0 && overflowNote ? overflowNote(omitted, shrunk) : '');
  // Room for the note, measured with the largest counts it could show.
  const noteRoom = measure(noteFor(sections.length, sections.length)) + separator;

  let room = budget - noteRoom;
  sections.forEach((s, k) => {
    if (s.required) room -= (sizes[k] ?? 0) + separator;
  });

  const kept: string[] = [];
  let omitted = 0;
  let shrunk = 0;
  sections.forEach((s, k) => {
    const size = sizes[k] ?? 0;
    if (s.required) {
      if (s.text) kept.push(s.text);
      return;
    }
    if (!s.text) return;
    if (size + separator <= room) {
      kept.push(s.text);
      room -= size + separator;
      return;
    }
    const smaller = s.shrink && room - separator > 0 ? s.shrink(room - separator) : '';
    const smallerSize = measure(smaller);
    if (smaller && smallerSize + separator <= room) {
      kept.push(smaller);
      room -= smallerSize + separator;
      shrunk += 1;
    } else {
      omitted += 1;
    }
  });

  const note = noteFor(omitted, shrunk);
  if (note) kept.push(note);
  let text = kept.join(Separator);
  if (measure(text) > budget) {
    text = measure === charLength ? truncateText(text, budget) : truncateUtf8(text, budget);
  }
  return { text, omitted, shrunk };
}
