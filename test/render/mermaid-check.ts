/**
 * Our Mermaid charts checked twice: by a strict reading of the only lines we write, and by
 * Mermaid's own parser (the `mermaid` package, which GitHub's diagrams run on), in Node with
 * happy-dom standing in for the browser it expects. The parsed chart must hold exactly the labels
 * and numbers the strict reading found: nothing in a label escaped its string.
 */
import { Window } from 'happy-dom';

/** A quoted string as we write them: no quote, backtick, "%%" or line break inside. */
const Str = '"((?:(?!%%)[^"`\\n])*)"';
const Num = '-?\\d+(?:\\.\\d+)?';
const NumList = `\\[(${Num}(?:, ${Num})*)\\]`;
const Lines = {
  title: new RegExp(`^    title ${Str}$`),
  xAxis: new RegExp(`^    x-axis ${Str} \\[(${Str}(?:, ${Str})*)\\]$`),
  yAxis: new RegExp(`^    y-axis ${Str}(?: (${Num}) --> (${Num}))?$`),
  series: new RegExp(`^    (bar|line) ${NumList}$`),
};

export interface StrictChart {
  title?: string;
  xTitle: string;
  categories: string[];
  yTitle?: string;
  yRange?: [number, number];
  series: { type: 'bar' | 'line'; values: number[] }[];
}

/** Reads a chart we emit; throws naming the first line that is not one of ours. */
export function readChart(block: string): StrictChart {
  const lines = block.replace(/\n$/, '').split('\n');
  if (lines[0] !== 'xychart-beta' && lines[0] !== 'xychart-beta horizontal') throw new Error(`not an xychart: ${lines[0]}`);
  const chart: Partial<StrictChart> & { series: StrictChart['series'] } = { series: [] };
  for (const line of lines.slice(1)) {
    let m: RegExpExecArray | null;
    if ((m = Lines.title.exec(line)) && chart.title === undefined && !chart.xTitle) chart.title = m[1]!;
    else if ((m = Lines.xAxis.exec(line)) && chart.xTitle === undefined) {
      chart.xTitle = m[1]!;
      chart.categories = [...m[2]!.matchAll(new RegExp(Str, 'g'))].map((s) => s[1]!);
    } else if ((m = Lines.yAxis.exec(line)) && chart.yTitle === undefined) chart.yTitle = m[1]!;
    else if ((m = Lines.series.exec(line))) chart.series.push({ type: m[1] as 'bar' | 'line', values: m[2]!.split(', ').map(Number) });
    else throw new Error(`not a line we write: ${JSON.stringify(line)}`);
  }
  if (chart.xTitle === undefined || !chart.categories) throw new Error('no x-axis');
  if (chart.series.length < 1 || chart.series.length > 2) throw new Error(`${chart.series.length} series`);
  if (chart.categories.length < 2 || chart.categories.length > 30) throw new Error(`${chart.categories.length} categories`);
  for (const s of chart.series) if (s.values.length !== chart.categories.length) throw new Error(`${s.values.length} values for ${chart.categories.length} categories`);
  const [low, high] = chart.yRange ?? [-Infinity, Infinity];
  if (chart.series.some((s) => s.values.some((v) => v < low || v > high))) throw new Error(`a value outside the axis ${low} --> ${high}`);
  if (chart.yRange && chart.series.some((s) => s.type === 'bar') && low > 0) throw new Error('bars not measured from 0');
  return chart as StrictChart;
}

interface MermaidApi {
  parse(text: string): Promise<{ diagramType: string; config?: Record<string, unknown> }>;
  mermaidAPI: { getDiagramFromText(text: string): Promise<{ db: { getXYChartData(): XyData; getDiagramTitle(): string } }> };
}
interface XyData {
  xAxis: { title: string; categories?: string[] };
  yAxis: { title: string };
  plots: { type: string; data: [string, number][] }[];
}

let mermaid: Promise<MermaidApi> | undefined;

function loadMermaid(): Promise<MermaidApi> {
  mermaid ??= (async () => {
    const scope = globalThis as unknown as Record<string, unknown>;
    if (scope.window === undefined) {
      const window = new Window();
      scope.window = window;
      scope.document = window.document;
    }
    return (await import('mermaid')).default as unknown as MermaidApi;
  })();
  return mermaid;
}

/** Mermaid keeps "#name;" as a placeholder until it draws; read it back as written. */
const decodePlaceholders = (text: string) => text.replace(/ﬂ°°?(\w+)¶ß/g, '#$1;');

/** Problems with one Mermaid block we emitted; empty when Mermaid reads exactly what we meant. */
export async function mermaidProblems(block: string): Promise<string[]> {
  let chart: StrictChart;
  try {
    chart = readChart(block);
  } catch (error) {
    return [`strict reading: ${(error as Error).message}`];
  }
  const api = await loadMermaid();
  try {
    const parsed = await api.parse(block);
    const problems: string[] = [];
    if (parsed.diagramType !== 'xychart') problems.push(`Mermaid read a ${parsed.diagramType}`);
    if (parsed.config && Object.keys(parsed.config).length > 0) problems.push(`a directive configured Mermaid: ${JSON.stringify(parsed.config)}`);
    const { db } = await api.mermaidAPI.getDiagramFromText(block);
    const data = db.getXYChartData();
    const categories = (data.xAxis.categories ?? []).map(decodePlaceholders);
    if (JSON.stringify(categories) !== JSON.stringify(chart.categories)) problems.push(`categories ${JSON.stringify(categories)} ≠ ${JSON.stringify(chart.categories)}`);
    if (decodePlaceholders(data.xAxis.title) !== chart.xTitle) problems.push(`x-axis title ${data.xAxis.title}`);
    if ((chart.title ?? '') !== decodePlaceholders(db.getDiagramTitle())) problems.push(`title ${db.getDiagramTitle()}`);
    const plots = data.plots.map((p) => ({ type: p.type, values: p.data.map(([, v]) => v) }));
    if (JSON.stringify(plots) !== JSON.stringify(chart.series)) problems.push(`series ${JSON.stringify(plots)} ≠ ${JSON.stringify(chart.series)}`);
    return problems;
  } catch (error) {
    return [`Mermaid: ${(error as Error).message.split('\n').slice(0, 3).join(' ')}`];
  }
}
