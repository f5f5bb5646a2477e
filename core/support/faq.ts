import { createHash } from 'node:crypto';
import { UserError, isDuplicateKeyError } from '../errors.ts';
import type { Models } from '../db/models.ts';
import type { FaqDoc } from '../db/support-models.ts';
import { contentTerms } from './terms.ts';

export interface FaqMatch {
  entry: FaqDoc;
  /** Cosine similarity of TF-IDF vectors, 0…1. */
  similarity: number;
}

type Vector = Map<string, number>;

function termCounts(terms: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const term of terms) counts.set(term, (counts.get(term) ?? 0) + 1);
  return counts;
}

function weigh(counts: Map<string, number>, idf: Map<string, number>): Vector {
  const vector: Vector = new Map();
  let norm = 0;
  for (const [term, count] of counts) {
    const weight = (1 + Math.log(count)) * (idf.get(term) ?? 0);
    if (weight > 0) vector.set(term, weight);
    norm += weight * weight;
  }
  for (const [term, weight] of vector) vector.set(term, weight / Math.sqrt(norm || 1));
  return vector;
}

function cosine(a: Vector, b: Vector): number {
  let dot = 0;
  for (const [term, weight] of a) dot += weight * (b.get(term) ?? 0);
  return dot;
}

/**
 * The community's FAQ and retrieval over it: TF-IDF cosine between the question and each
 * entry (its question counted twice, its answer once), stemmed English or segmented Chinese.
 */
export class Faq {
  constructor(private readonly models: Models) {}

  async add(communityId: string, question: string, answer: string, at: Date): Promise<FaqDoc> {
    const digest = createHash('sha256').update(question.trim().toLowerCase()).digest('hex');
    const faqId = `F${digest.slice(0, 6).toUpperCase()}`;
    const entry: FaqDoc = {
      _id: `${communityId}|${faqId}`,
      communityId,
      faqId,
      question: question.trim(),
      answer: answer.trim(),
      createdAt: at,
    };
    try {
      await this.models.Faq.collection.insertOne(entry as never);
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      await this.models.Faq.updateOne({ _id: entry._id }, { $set: { answer: entry.answer } });
    }
    return entry;
  }

  async remove(communityId: string, faqId: string): Promise<void> {
    const result = await this.models.Faq.deleteOne({ _id: `${communityId}|${faqId.trim().toUpperCase()}` });
    if (result.deletedCount !== 1) throw new UserError('FAQ.NOT_FOUND', { faq: faqId });
  }

  async list(communityId: string): Promise<FaqDoc[]> {
    return this.models.Faq.find({ communityId }).sort({ createdAt: 1 }).lean<FaqDoc[]>();
  }

  async best(communityId: string, question: string): Promise<FaqMatch | null> {
    const entries = await this.list(communityId);
    if (entries.length === 0) return null;
    const documents = entries.map((entry) =>
      termCounts([...contentTerms(entry.question), ...contentTerms(entry.question), ...contentTerms(entry.answer)]),
    );
    const frequency = new Map<string, number>();
    for (const counts of documents)
      for (const term of counts.keys()) frequency.set(term, (frequency.get(term) ?? 0) + 1);
    const idf = new Map([...frequency].map(([term, df]) => [term, Math.log((1 + entries.length) / (1 + df)) + 1]));
    const query = weigh(termCounts(contentTerms(question)), idf);
    let best: FaqMatch | null = null;
    documents.forEach((counts, i) => {
      const similarity = cosine(query, weigh(counts, idf));
      if (!best || similarity > best.similarity) best = { entry: entries[i] as FaqDoc, similarity };
    });
    return best;
  }
}
