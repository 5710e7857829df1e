/**
 * The emulated AI: maps a prompt to a semantic query on a topic, runs it over the sample data and
 * writes the answer (query result as CSV, Markdown summary) — or explains why it could not.
 */
import type { Row } from './dataset.js';
import { csvNumber, displayNumber, toCsv } from './format.js';
import { parsePrompt, type Filter, type QueryPlan, type Vocabulary } from './prompt.js';
import { fieldsInTopic, type MeasureDef, type SemanticModel, type TopicDef } from './semantic-model.js';

export interface ComputedAnswer {
  ok: true;
  plan: QueryPlan;
  topic: string;
  queryName: string;
  /** Omni-shaped semantic query (modelId, table, fields, sorts, limit, filters, join_paths_from_topic_name). */
  query: Record<string, unknown>;
  header: string[];
  csvRows: string[][];
  csv: string;
  summary: string;
  /** What the AI reports while EXECUTING, one per iteration (the last repeats). */
  progressMessages: string[];
  /** The generate_query action's message. */
  actionMessage: string;
}

export interface FailedAnswer {
  ok: false;
  error: { message: string; code: string; detail: string };
  progressMessages: string[];
}

export const PromptShapes =
  'Prompts understood: "top N <dimension> by <measure>", "<measure> by <dimension>", "total <measure>", ' +
  '"how many <measure>", "monthly <measure>", each with optional filters ("for Jeans", "in the West").';

function valueIndex(model: SemanticModel, topics: readonly TopicDef[]): Map<string, Filter> {
  const index = new Map<string, Filter>();
  const monthNames = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
  for (const topic of topics) {
    const { dimensions } = fieldsInTopic(model, topic);
    for (const dimension of dimensions) {
      for (const row of topic.rows()) {
        const value = dimension.value(row);
        if (value === null) continue;
        const key = value.toLowerCase();
        if (!index.has(key)) index.set(key, { dimension, value });
        if (dimension.time && /^\d{4}-\d{2}$/.test(value)) {
          const alias = monthNames[Number(value.slice(5, 7)) - 1];
          if (alias && !index.has(alias)) index.set(alias, { dimension, value });
        }
        if (dimension.time && /^\d{4}-Q\d$/.test(value)) {
          const alias = value.slice(5).toLowerCase();
          if (!index.has(alias)) index.set(alias, { dimension, value });
        }
      }
    }
  }
  return index;
}

function vocabulary(model: SemanticModel, topics: readonly TopicDef[]): Vocabulary {
  const views = new Set(topics.flatMap((t) => t.views));
  return {
    dimensions: model.dimensions.filter((d) => views.has(d.view)),
    measures: model.measures.filter((m) => views.has(m.view)),
    values: valueIndex(model, topics),
  };
}

function scopeName(model: SemanticModel, topic: TopicDef | undefined): string {
  const where = topic ? `topic ${topic.name}` : `model ${model.modelName}`;
  return model.branchName ? `${where} (branch ${model.branchName})` : where;
}

function knownFields(vocab: Vocabulary): string {
  const measures = vocab.measures.map((m) => `${m.label} (${m.synonyms[0] ?? m.label.toLowerCase()})`).join(', ');
  const dimensions = vocab.dimensions.map((d) => `${d.label} (${d.synonyms[0] ?? d.label.toLowerCase()})`).join(', ');
  return `Known measures: ${measures}. Known dimensions: ${dimensions}.`;
}

function failure(message: string): FailedAnswer {
  return {
    ok: false,
    error: { message, code: 'QUERY_GENERATION_ERROR', detail: PromptShapes },
    progressMessages: ['Searching the model for matching fields'],
  };
}

function title(plan: QueryPlan): string {
  const measures = plan.measures.map((m) => m.label).join(' and ');
  const dim = plan.dimension;
  const plural = (label: string) => (/y$/.test(label) ? label.slice(0, -1) + 'ies' : /s$/.test(label) ? label : label + 's');
  let base: string;
  if (plan.shape === 'top' || plan.shape === 'bottom') {
    base = `${plan.shape === 'top' ? 'Top' : 'Bottom'} ${plan.limit} ${plural(dim?.label ?? '')} by ${measures}`;
  } else if (plan.shape === 'grouped' && dim) {
    base = `${measures} by ${dim.label}`;
  } else {
    base = measures;
  }
  const filters = plan.filters.map((f) => f.value).join(', ');
  return filters ? `${base} (${filters})` : base;
}

interface ResultRow {
  key: string | null;
  values: (number | null)[];
}

function compare(a: number | null, b: number | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a - b;
}

function execute(plan: QueryPlan, rows: readonly Row[]): ResultRow[] {
  const filtered = rows.filter((row) => plan.filters.every((f) => f.dimension.value(row) === f.value));
  const aggregate = (group: readonly Row[]) => plan.measures.map((m) => m.aggregate(group));
  const dim = plan.dimension;
  if (!dim) return [{ key: null, values: aggregate(filtered) }];
  const groups = new Map<string | null, Row[]>();
  for (const row of filtered) {
    const key = dim.value(row);
    const group = groups.get(key) ?? [];
    group.push(row);
    groups.set(key, group);
  }
  const result: ResultRow[] = [...groups].map(([key, group]) => ({ key, values: aggregate(group) }));
  const byKey = (a: ResultRow, b: ResultRow) => (a.key ?? '\uffff').localeCompare(b.key ?? '\uffff');
  if (plan.shape === 'top') result.sort((a, b) => compare(b.values[0] ?? null, a.values[0] ?? null) || byKey(a, b));
  else if (plan.shape === 'bottom') result.sort((a, b) => compare(a.values[0] ?? null, b.values[0] ?? null) || byKey(a, b));
  else if (dim.time) result.sort(byKey);
  else result.sort((a, b) => compare(b.values[0] ?? null, a.values[0] ?? null) || byKey(a, b));
  return plan.limit === undefined ? result : result.slice(0, plan.limit);
}

function semanticQuery(model: SemanticModel, topic: TopicDef, plan: QueryPlan): Record<string, unknown> {
  const fields = [...(plan.dimension ? [plan.dimension.name] : []), ...plan.measures.map((m) => m.name)];
  const first = plan.measures[0] as MeasureDef;
  const sorts =
    plan.dimension === undefined
      ? []
      : plan.shape === 'grouped' && plan.dimension.time
        ? [{ column_name: plan.dimension.name, sort_descending: false }]
        : [{ column_name: first.name, sort_descending: plan.shape !== 'bottom' }];
  const filters: Record<string, string> = {};
  for (const f of plan.filters) filters[f.dimension.name] = f.value;
  return {
    modelId: model.modelId,
    table: topic.baseView,
    fields,
    sorts,
    filters,
    limit: plan.limit ?? 1000,
    pivots: [],
    join_paths_from_topic_name: topic.name,
  };
}

function markdown(plan: QueryPlan, heading: string, rows: ResultRow[], model: SemanticModel): string {
  const lines = [`### ${heading}`, ''];
  const dim = plan.dimension;
  const show = (row: ResultRow, i: number) => displayNumber(row.values[i] ?? null, (plan.measures[i] as MeasureDef).format);
  const label = (row: ResultRow) => row.key ?? '(no value)';
  if (!dim) {
    const row = rows[0] as ResultRow;
    const scope =
      plan.filters.length > 0 ? ` (${plan.filters.map((f) => `${f.dimension.label}: ${f.value}`).join(', ')})` : '';
    plan.measures.forEach((m, i) => lines.push(`- **${m.label}**${scope}: **${show(row, i)}**`));
  } else if (rows.length === 0) {
    lines.push('The query returned no rows.');
  } else if (plan.shape === 'top' || plan.shape === 'bottom') {
    rows.forEach((row, n) => {
      const values =
        plan.measures.length === 1 ? show(row, 0) : plan.measures.map((m, i) => `${m.label} ${show(row, i)}`).join(' · ');
      lines.push(`${n + 1}. **${label(row)}** — ${values}`);
    });
  } else {
    const shown = rows.slice(0, 24);
    lines.push(`| ${dim.label} | ${plan.measures.map((m) => m.label).join(' | ')} |`);
    lines.push(`|---|${plan.measures.map(() => '---:').join('|')}|`);
    for (const row of shown) {
      lines.push(`| ${label(row).replace(/\|/g, '\\|')} | ${plan.measures.map((_, i) => show(row, i)).join(' | ')} |`);
    }
    if (rows.length > shown.length) lines.push('', `…and ${rows.length - shown.length} more rows in the query result.`);
    const first = plan.measures[0] as MeasureDef;
    const best = [...rows].sort((a, b) => compare(b.values[0] ?? null, a.values[0] ?? null))[0] as ResultRow;
    const total = rows.reduce((sum, r) => sum + (r.values[0] ?? 0), 0);
    if (first.additive && total > 0 && rows.length > 1) {
      const share = Math.round(((best.values[0] ?? 0) / total) * 100);
      lines.push('', `**${label(best)}** leads with ${show(best, 0)} (${share}% of ${displayNumber(total, first.format)}).`);
    } else if (rows.length > 1) {
      lines.push('', `Highest ${first.label}: **${label(best)}** (${show(best, 0)}).`);
    }
  }
  const notes = plan.measures.flatMap((m) => (m.note ? [m.note] : []));
  if (notes.length > 0) lines.push('', ...notes.map((n) => `_${n}_`));
  if (model.branchName) lines.push('', `_Answered on branch \`${model.branchName}\` of ${model.modelName}._`);
  return lines.join('\n');
}

/**
 * Computes the answer to `prompt` on `model`, within `topicName` when given (else the first topic
 * that holds every field the question needs). `previous` is the last plan in the conversation.
 */
export function answerPrompt(
  model: SemanticModel,
  prompt: string,
  topicName: string | null,
  previous?: QueryPlan,
): ComputedAnswer | FailedAnswer {
  const requested = topicName === null ? undefined : model.topics.find((t) => t.name === topicName);
  const scopeTopics = requested ? [requested] : model.topics;
  const vocab = vocabulary(model, scopeTopics);
  const parsed = parsePrompt(prompt, vocab, previous);
  const scope = scopeName(model, requested);
  if (!parsed.ok) {
    const what =
      parsed.role === 'measure'
        ? `Could not find a measure matching "${parsed.term}" in ${scope}.`
        : parsed.role === 'dimension'
          ? `Could not find a dimension matching "${parsed.term}" in ${scope}.`
          : parsed.role === 'value'
            ? `Could not match "${parsed.term}" to a value of any dimension in ${scope}.`
            : `Could not turn the prompt into a query on ${scope}.`;
    return failure(`${what} ${knownFields(vocab)}`);
  }
  const plan = parsed.plan;
  const views = new Set<string>([
    ...plan.measures.map((m) => m.view),
    ...(plan.dimension ? [plan.dimension.view] : []),
    ...plan.filters.map((f) => f.dimension.view),
  ]);
  const topic = scopeTopics.find((t) => [...views].every((v) => t.views.includes(v)));
  if (!topic) {
    return failure(`No topic in ${scope} joins all of: ${[...views].join(', ')}. ${knownFields(vocab)}`);
  }
  const rows = execute(plan, topic.rows());
  const header = [...(plan.dimension ? [plan.dimension.label] : []), ...plan.measures.map((m) => m.label)];
  const csvRows = rows.map((r) => [
    ...(plan.dimension ? [r.key ?? ''] : []),
    ...r.values.map((v, i) => csvNumber(v, (plan.measures[i] as MeasureDef).format)),
  ]);
  const queryName = title(plan);
  const fieldLabels = header.join(', ');
  return {
    ok: true,
    plan,
    topic: topic.name,
    queryName,
    query: semanticQuery(model, topic, plan),
    header,
    csvRows,
    csv: toCsv(header, csvRows),
    summary: markdown(plan, queryName, rows, model),
    progressMessages: [
      `Searching topic ${topic.name} for fields: ${fieldLabels}`,
      `Running query: ${queryName}`,
      `Query returned ${rows.length} ${rows.length === 1 ? 'row' : 'rows'}`,
      'Summarizing the results',
    ],
    actionMessage: `I'll generate a query to find ${queryName} using the ${topic.name} topic.`,
  };
}

