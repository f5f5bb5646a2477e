import type { Connection, Model } from 'mongoose';
import type { Models } from '../../core/db/models.ts';

/** How a filter constrains a field: one value (or a list), a range, or something an index bound cannot narrow. */
export type Constraint = 'eq' | 'range' | 'other';

/** One kind of query: which collection, how it is asked, which fields it filters and sorts on. */
export interface QueryShape {
  collection: string;
  operation: string;
  filter: Record<string, Constraint>;
  sort: Record<string, 1 | -1>;
}

export interface DeclaredIndex {
  fields: Array<[string, 1 | -1]>;
  /** A partial index serves only queries that name every field of its filter expression. */
  partialFields: string[];
}

/** Operations that find documents by a filter (the first argument, or the second for distinct). */
const FILTER_FIRST = new Set([
  'find',
  'findOne',
  'countDocuments',
  'updateOne',
  'updateMany',
  'replaceOne',
  'deleteOne',
  'deleteMany',
  'findOneAndUpdate',
  'findOneAndDelete',
  'findOneAndReplace',
]);
/** Operations that read no filter: writes by key, counts from metadata, index and collection management. */
const NO_FILTER = new Set([
  'insertOne',
  'insertMany',
  'estimatedDocumentCount',
  'createIndex',
  'createIndexes',
  'listIndexes',
  'indexes',
  'indexInformation',
  'dropIndex',
  'dropIndexes',
  'drop',
]);
/** Operations whose options follow the filter (the others take an update or a field name between). */
const OPTIONS_AFTER_FILTER = new Set([
  'find',
  'findOne',
  'countDocuments',
  'deleteOne',
  'deleteMany',
  'findOneAndDelete',
]);
const RANGE = new Set(['$gt', '$gte', '$lt', '$lte']);
const EQUALITY = new Set(['$eq', '$in']);

function constraintOf(value: unknown): Constraint {
  if (value === null || typeof value !== 'object' || Array.isArray(value) || value instanceof Date) return 'eq';
  const operators = Object.keys(value);
  if (operators.length === 0 || !operators[0]?.startsWith('$')) return 'eq';
  if (operators.every((op) => EQUALITY.has(op))) return 'eq';
  if (operators.every((op) => RANGE.has(op) || EQUALITY.has(op))) return 'range';
  // Index bounds leave out the null keys: selective where most documents hold null.
  if (operators.length === 1 && (value as { $ne?: unknown }).$ne === null) return 'range';
  const regex = (value as { $regex?: unknown }).$regex;
  // An anchored pattern is a range of the index; any other pattern reads every key.
  if (operators.length === 1 && (typeof regex === 'string' ? regex.startsWith('^') : String(regex).startsWith('/^')))
    return 'range';
  return 'other';
}

/** The filters a query's filter amounts to: one, or one per branch of an `$or`. */
export function filtersOf(filter: Record<string, unknown>): Array<Record<string, Constraint>> {
  let shapes: Array<Record<string, Constraint>> = [{}];
  for (const [key, value] of Object.entries(filter)) {
    if (key === '$and') {
      for (const part of value as Array<Record<string, unknown>>) {
        const parts = filtersOf(part);
        shapes = shapes.flatMap((shape) => parts.map((extra) => ({ ...shape, ...extra })));
      }
    } else if (key === '$or') {
      const branches = (value as Array<Record<string, unknown>>).flatMap(filtersOf);
      shapes = shapes.flatMap((shape) => branches.map((branch) => ({ ...shape, ...branch })));
    } else if (key.startsWith('$')) {
      // $expr, $where, $text, $nor: no index bound follows from them.
      for (const shape of shapes) shape[key] = 'other';
    } else {
      const constraint = constraintOf(value);
      for (const shape of shapes) shape[key] = strongest(shape[key], constraint);
    }
  }
  return shapes;
}

function strongest(a: Constraint | undefined, b: Constraint): Constraint {
  if (a === 'eq' || b === 'eq') return 'eq';
  if (a === 'range' || b === 'range') return 'range';
  return 'other';
}

/** The shapes one driver call stands for (none for inserts and index management). */
export function shapesOfCall(collection: string, operation: string, args: unknown[]): QueryShape[] {
  if (NO_FILTER.has(operation)) return [];
  if (operation === 'aggregate') return pipelineShapes(collection, args[0] as Array<Record<string, unknown>>);
  if (!FILTER_FIRST.has(operation) && operation !== 'distinct')
    return [{ collection, operation, filter: { [`<${operation}>`]: 'other' }, sort: {} }];
  const filter = (operation === 'distinct' ? args[1] : args[0]) as Record<string, unknown> | undefined;
  const options = args[OPTIONS_AFTER_FILTER.has(operation) ? 1 : 2] as { sort?: Record<string, 1 | -1> } | undefined;
  const sort = options?.sort && typeof options.sort === 'object' ? options.sort : {};
  return filtersOf(filter ?? {}).map((shapeFilter) => ({ collection, operation, filter: shapeFilter, sort }));
}

/** A pipeline reads what its leading `$match` (and a `$sort` right after it) select; without one, everything. */
function pipelineShapes(collection: string, pipeline: Array<Record<string, unknown>>): QueryShape[] {
  const [first, second] = pipeline;
  const match = (first?.$match ?? {}) as Record<string, unknown>;
  const sort = (first?.$match ? second?.$sort : first?.$sort) as Record<string, 1 | -1> | undefined;
  return filtersOf(match).map((filter) => ({ collection, operation: 'aggregate', filter, sort: sort ?? {} }));
}

export function describeShape(shape: QueryShape): string {
  const filter = Object.entries(shape.filter)
    .map(([field, constraint]) => (constraint === 'eq' ? field : `${field}:${constraint}`))
    .join(', ');
  const sort = Object.entries(shape.sort)
    .map(([field, direction]) => `${field}:${direction}`)
    .join(', ');
  return `${shape.collection}.${shape.operation} {${filter}}${sort ? ` sort {${sort}}` : ''}`;
}

/** Every index a model declares, with the `_id` index every collection has. */
export function declaredIndexes(model: Model<unknown>): DeclaredIndex[] {
  const declared = model.schema.indexes().map(([fields, options]) => ({
    fields: Object.entries(fields).map(([field, direction]) => [field, direction === -1 ? -1 : 1] as [string, 1 | -1]),
    partialFields: Object.keys((options as { partialFilterExpression?: object }).partialFilterExpression ?? {}),
  }));
  return [{ fields: [['_id', 1]], partialFields: [] }, ...declared];
}

export function indexesByCollection(models: Models): Map<string, DeclaredIndex[]> {
  const byCollection = new Map<string, DeclaredIndex[]>();
  for (const model of Object.values(models) as Array<Model<unknown>>)
    byCollection.set(model.collection.name, declaredIndexes(model));
  return byCollection;
}

/**
 * Whether the query walks a range of the index rather than the whole collection: the filter
 * bounds the index's first field (one value, a list or a range). When the query sorts, the
 * index must also give that order: its fields after the ones fixed to one value are the sort's,
 * all in the sort's direction or all reversed; else the matching documents are sorted in memory.
 */
export function servedBy(shape: QueryShape, index: DeclaredIndex): boolean {
  const bounded = (field: string) => shape.filter[field] === 'eq' || shape.filter[field] === 'range';
  const first = index.fields[0]?.[0];
  if (!first || !bounded(first)) return false;
  if (!index.partialFields.every((field) => field in shape.filter)) return false;
  const sort = Object.entries(shape.sort).filter(([field]) => shape.filter[field] !== 'eq');
  if (sort.length === 0) return true;
  let at = 0;
  while (
    at < index.fields.length &&
    shape.filter[index.fields[at]![0]] === 'eq' &&
    index.fields[at]![0] !== sort[0]![0]
  )
    at += 1;
  const rest = index.fields.slice(at, at + sort.length);
  if (rest.length < sort.length) return false;
  const same = sort.every(([field, direction], i) => rest[i]![0] === field && rest[i]![1] === direction);
  const reversed = sort.every(([field, direction], i) => rest[i]![0] === field && rest[i]![1] === -direction);
  return same || reversed;
}

/** Records the shape of every query a connection sends, through mongoose's debug hook. */
export class QueryShapeRecorder {
  readonly shapes = new Map<string, QueryShape>();
  readonly counts = new Map<string, number>();

  attach(connection: Connection): void {
    connection.set('debug', (collection: string, operation: string, ...args: unknown[]) => {
      for (const shape of shapesOfCall(collection, operation, args)) {
        const described = describeShape(shape);
        this.shapes.set(described, shape);
        this.counts.set(described, (this.counts.get(described) ?? 0) + 1);
      }
    });
  }

  detach(connection: Connection): void {
    connection.set('debug', false);
  }
}
