/**
 * One face of a TrueType/OpenType collection (.ttc) as a standalone font file: its table
 * directory rewritten to point at copies of the tables it uses. Pure byte shuffling; the
 * tables themselves are unchanged.
 */
export function faceOfCollection(collection: Buffer, index: number): Buffer {
  if (collection.toString('latin1', 0, 4) !== 'ttcf') return collection;
  const start = collection.readUInt32BE(12 + 4 * index);
  const count = collection.readUInt16BE(start + 4);
  const headerSize = 12 + 16 * count;
  const tables = Array.from({ length: count }, (_, i) => {
    const record = start + 12 + 16 * i;
    return {
      record: collection.subarray(record, record + 16),
      data: collection.subarray(
        collection.readUInt32BE(record + 8),
        collection.readUInt32BE(record + 8) + collection.readUInt32BE(record + 12),
      ),
    };
  });
  const padded = (length: number) => (length + 3) & ~3;
  const size = headerSize + tables.reduce((sum, table) => sum + padded(table.data.length), 0);
  const font = Buffer.alloc(size);
  collection.copy(font, 0, start, start + 12);
  let offset = headerSize;
  tables.forEach((table, i) => {
    const record = 12 + 16 * i;
    table.record.copy(font, record);
    font.writeUInt32BE(offset, record + 8);
    table.data.copy(font, offset);
    offset += padded(table.data.length);
  });
  return font;
}

/** The family names (name ID 1, Windows Unicode) of each face of a collection. */
export function collectionFamilies(collection: Buffer): string[] {
  if (collection.toString('latin1', 0, 4) !== 'ttcf') return [];
  const faces = collection.readUInt32BE(8);
  return Array.from({ length: faces }, (_, index) => familyOf(faceOfCollection(collection, index)));
}

function familyOf(font: Buffer): string {
  const count = font.readUInt16BE(4);
  for (let i = 0; i < count; i++) {
    const record = 12 + 16 * i;
    if (font.toString('latin1', record, record + 4) !== 'name') continue;
    const table = font.readUInt32BE(record + 8);
    const records = font.readUInt16BE(table + 2);
    const strings = table + font.readUInt16BE(table + 4);
    for (let r = 0; r < records; r++) {
      const at = table + 6 + 12 * r;
      const [platform, , , nameId, length, offset] = [0, 2, 4, 6, 8, 10].map((o) => font.readUInt16BE(at + o));
      if (platform !== 3 || nameId !== 1) continue;
      return font
        .subarray(strings + (offset ?? 0), strings + (offset ?? 0) + (length ?? 0))
        .swap16()
        .toString('utf16le');
    }
  }
  return '';
}
