import { isDuplicateKeyError } from '../errors.ts';

/**
 * Creates a document that a unique index keeps single: false when it was already there.
 * An insert, not an upsert, so "exactly once" rests on the index alone (a filtered upsert
 * on anything but `_id` scans the whole collection on FerretDB).
 */
export async function createOnce<D>(model: { create(doc: D): Promise<unknown> }, doc: D): Promise<boolean> {
  try {
    await model.create(doc);
    return true;
  } catch (error) {
    if (isDuplicateKeyError(error)) return false;
    throw error;
  }
}
