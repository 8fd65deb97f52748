// Reading the device's IndexedDB with the plain API, as anyone with the browser profile could: what
// the SDK stored, outside the SDK.

/** Every record of a store. */
export function rawRecords(database: string, store: string): Promise<unknown[]> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open(database);
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const all = db.transaction(store, 'readonly').objectStore(store).getAll();
      all.onerror = () => reject(all.error);
      all.onsuccess = () => {
        resolve(all.result);
        db.close();
      };
    };
  });
}

/** Records as text: strings as they are, bytes decoded as UTF-8 (so a plain-text secret would show). */
export const asText = (value: unknown) =>
  JSON.stringify(value, (_k, v: unknown) =>
    ArrayBuffer.isView(v) || v instanceof ArrayBuffer ? new TextDecoder().decode(v as ArrayBuffer) : v,
  );
