/**
 * An OPC package (the zip inside an `.xlsx`) opened for patching: entries keep their order and
 * bytes unless a part is rewritten; removed entries leave a tombstone so a part removed and
 * written again in the same run goes back to its old place (running twice gives the same file).
 */
import { strToU8, unzipSync } from 'fflate';
import { CONTENT_TYPE, El, NS, XML_DECL, escapeAttr, findAll, findEl, getAttr, startTag } from './ooxml';
import { RawEntry, ZipItem, entryData, readZip, writeZip } from './zip';

/** A problem that makes a package impossible to patch safely; the message is Russian, for users. */
export class XlsxWriteError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'XlsxWriteError';
  }
}

const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const STORED_EXT = /\.(png|jpe?g|gif|zip|gz|mp4|mp3|wdp)$/i;

interface Slot {
  /** The entry as read from the input, copied raw unless changed. */
  raw: RawEntry | null;
  /** Uncompressed bytes, once read or written. */
  data: Uint8Array | null;
  changed: boolean;
}

export interface Rel {
  id: string;
  type: string;
  target: string;
  external: boolean;
}

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export class Package {
  private readonly entries = new Map<string, Slot | null>();
  private comment: Uint8Array = new Uint8Array(0);
  private readonly lower = new Map<string, string>();
  private readonly texts = new Map<string, string>();
  private readonly dirty = new Set<string>();
  /** Overrides to drop at the end unless written again meanwhile (lower-case part names). */
  private readonly pendingOverrideRemoval = new Set<string>();

  static open(input: Uint8Array): Package {
    if (input.length === 0) throw new XlsxWriteError('Файл пустой (0 байт), в него нечего записать.');
    if (OLE.every((b, i) => input[i] === b)) {
      throw new XlsxWriteError(
        'Книга защищена паролем (зашифрована) или сохранена в старом формате .xls, поэтому записать в неё нельзя. Снимите пароль и сохраните книгу как «Книга Excel (*.xlsx)».',
      );
    }
    const pkg = new Package();
    const archive = readZip(input);
    if (archive) {
      pkg.comment = archive.comment;
      for (const e of archive.entries) pkg.addSlot(e.name, { raw: e, data: null, changed: false });
    } else {
      let files: Record<string, Uint8Array>;
      try {
        files = unzipSync(input);
      } catch {
        throw notXlsx();
      }
      for (const [name, data] of Object.entries(files)) pkg.addSlot(name, { raw: null, data, changed: true });
    }
    if (!pkg.has('[Content_Types].xml')) {
      throw new XlsxWriteError(
        'Файл повреждён: в архиве нет описания частей книги ([Content_Types].xml). Откройте его в Excel и сохраните заново.',
      );
    }
    return pkg;
  }

  private addSlot(name: string, slot: Slot): void {
    this.entries.set(name, slot);
    const key = name.toLowerCase();
    if (!this.lower.has(key)) this.lower.set(key, name);
  }

  static empty(): Package {
    return new Package();
  }

  /** The actual entry name for a part name (OPC names are case-insensitive), or null. */
  resolveName(name: string): string | null {
    const n = name.replace(/^\//, '');
    const actual = this.lower.get(n.toLowerCase());
    if (actual === undefined) return null;
    return this.entries.get(actual) ? actual : null;
  }

  has(name: string): boolean {
    return this.resolveName(name) !== null;
  }

  names(): string[] {
    const out: string[] = [];
    for (const [n, d] of this.entries) if (d) out.push(n);
    return out;
  }

  bytes(name: string): Uint8Array | null {
    const actual = this.resolveName(name);
    const slot = actual ? this.entries.get(actual) : null;
    if (!slot) return null;
    if (!slot.data && slot.raw) {
      let data: Uint8Array | null;
      try {
        data = entryData(slot.raw);
      } catch {
        data = null;
      }
      if (!data) throw new XlsxWriteError(`Файл повреждён: часть «${actual}» архива не удалось распаковать.`);
      slot.data = data;
    }
    return slot.data;
  }

  text(name: string): string | null {
    const actual = this.resolveName(name);
    if (!actual) return null;
    const cached = this.texts.get(actual);
    if (cached !== undefined) return cached;
    const data = this.bytes(actual);
    if (!data) return null;
    let s: string;
    try {
      if (data.length >= 2 && ((data[0] === 0xff && data[1] === 0xfe) || (data[0] === 0xfe && data[1] === 0xff))) {
        s = new TextDecoder(data[0] === 0xff ? 'utf-16le' : 'utf-16be').decode(data);
        s = s.replace(/^(<\?xml[^>]*encoding\s*=\s*["'])utf-16(["'])/i, '$1UTF-8$2');
        // Rewritten as UTF-8 when changed; reading it does not mark it dirty.
      } else {
        s = decoder.decode(data);
      }
    } catch {
      throw new XlsxWriteError(`Файл повреждён: часть «${actual}» не является текстом в кодировке UTF-8.`);
    }
    this.texts.set(actual, s);
    return s;
  }

  /** Writes a part (existing name keeps its place; a removed one returns to its old place). */
  setText(name: string, text: string): void {
    const n = name.replace(/^\//, '');
    const actual = this.lower.get(n.toLowerCase()) ?? n;
    const slot = this.entries.get(actual);
    if (slot && this.texts.get(actual) === text) return;
    this.entries.set(actual, { raw: slot ? slot.raw : null, data: strToU8(text), changed: true });
    this.lower.set(actual.toLowerCase(), actual);
    this.texts.set(actual, text);
    this.dirty.add(actual);
  }

  remove(name: string): void {
    const actual = this.resolveName(name);
    if (!actual) return;
    this.entries.set(actual, null);
    this.texts.delete(actual);
    this.dirty.add(actual);
  }

  get changed(): boolean {
    return this.dirty.size > 0 || this.pendingOverrideRemoval.size > 0;
  }

  toBytes(): Uint8Array {
    this.flushOverrides();
    const items: ZipItem[] = [];
    let size = 0;
    for (const [name, slot] of this.entries) {
      if (!slot) continue;
      if (!slot.changed && slot.raw) {
        items.push({ raw: slot.raw });
        size += slot.raw.local.length;
      } else {
        const data = slot.data ?? new Uint8Array(0);
        items.push({ name, data, store: STORED_EXT.test(name), time: slot.raw?.time, date: slot.raw?.date });
        size += data.length;
      }
    }
    if (items.length > 0xffff || size > 0xf0000000) {
      throw new XlsxWriteError('Книга слишком большая для записи (больше 4 ГБ или 65 535 частей).');
    }
    return writeZip(items, this.comment);
  }

  // ---- relationships ----

  static relsPathFor(part: string): string {
    const p = part.replace(/^\//, '');
    const i = p.lastIndexOf('/');
    return (i < 0 ? '' : p.slice(0, i + 1)) + '_rels/' + p.slice(i + 1) + '.rels';
  }

  rels(part: string): Rel[] {
    const xml = this.text(Package.relsPathFor(part));
    if (xml === null) return [];
    return parseRels(xml);
  }

  /** Resolves a relationship target against its source part; '' for the package root. */
  static resolveTarget(sourcePart: string, target: string): string {
    let t = target.replace(/\\/g, '/');
    try {
      t = decodeURIComponent(t);
    } catch {
      // keep as is
    }
    let parts: string[];
    if (t.startsWith('/')) parts = t.slice(1).split('/');
    else {
      const src = sourcePart.replace(/^\//, '');
      const dir = src.includes('/') ? src.slice(0, src.lastIndexOf('/')).split('/') : [];
      parts = dir.concat(t.split('/'));
    }
    const out: string[] = [];
    for (const p of parts) {
      if (p === '' || p === '.') continue;
      if (p === '..') out.pop();
      else out.push(p);
    }
    return out.join('/');
  }

  /** A relative target from one part to another. */
  static relativeTarget(sourcePart: string, targetPart: string): string {
    const from = sourcePart.replace(/^\//, '').split('/');
    from.pop();
    const to = targetPart.replace(/^\//, '').split('/');
    let i = 0;
    while (i < from.length && i < to.length - 1 && from[i] === to[i]) i++;
    return '../'.repeat(from.length - i) + to.slice(i).join('/');
  }

  /** Adds a relationship to a part's rels (created when missing); returns its id. */
  addRel(part: string, type: string, target: string): string {
    const path = Package.relsPathFor(part);
    let xml = this.text(path);
    if (xml === null) {
      xml = XML_DECL + `<Relationships xmlns="${NS.pkgRel}"></Relationships>`;
      this.ensureDefault('rels', CONTENT_TYPE.rels);
    }
    const existing = parseRels(xml);
    const id = freeRelId(existing);
    const root = findEl(xml, 'Relationships');
    if (!root) throw new XlsxWriteError(`Файл повреждён: не удалось прочитать связи части «${part}».`);
    const p = root.prefix;
    const rel = `<${p}Relationship Id="${id}" Type="${escapeAttr(type)}" Target="${escapeAttr(target)}"/>`;
    if (root.selfClosing) {
      const tag = startTag(xml, root).replace(/\s*\/>$/, '>');
      xml = xml.slice(0, root.start) + tag + rel + `</${p}Relationships>` + xml.slice(root.end);
    } else {
      xml = xml.slice(0, root.innerEnd) + rel + xml.slice(root.innerEnd);
    }
    this.setText(path, xml);
    return id;
  }

  removeRel(part: string, id: string): void {
    const path = Package.relsPathFor(part);
    const xml = this.text(path);
    if (xml === null) return;
    for (const el of findAll(xml, 'Relationship')) {
      if (getAttr(startTag(xml, el), 'Id') === id) {
        this.setText(path, xml.slice(0, el.start) + xml.slice(el.end));
        return;
      }
    }
  }

  // ---- content types ----

  private contentTypesXml(): string {
    const xml = this.text('[Content_Types].xml');
    if (xml === null) return XML_DECL + `<Types xmlns="${NS.contentTypes}"></Types>`;
    return xml;
  }

  private overrides(xml: string): { el: El; part: string; type: string }[] {
    return findAll(xml, 'Override').map((el) => {
      const tag = startTag(xml, el);
      return { el, part: (getAttr(tag, 'PartName') ?? '').replace(/^\//, ''), type: getAttr(tag, 'ContentType') ?? '' };
    });
  }

  /** The content type of a part (override, else default by extension). */
  contentType(part: string): string | null {
    const xml = this.contentTypesXml();
    const key = part.replace(/^\//, '').toLowerCase();
    if (!this.pendingOverrideRemoval.has(key)) {
      for (const o of this.overrides(xml)) if (o.part.toLowerCase() === key) return o.type;
    }
    const ext = key.slice(key.lastIndexOf('.') + 1);
    for (const el of findAll(xml, 'Default')) {
      const tag = startTag(xml, el);
      if ((getAttr(tag, 'Extension') ?? '').toLowerCase() === ext) return getAttr(tag, 'ContentType');
    }
    return null;
  }

  /** Parts whose override says this content type (not counting overrides pending removal). */
  partsOfType(type: string): string[] {
    const out: string[] = [];
    for (const o of this.overrides(this.contentTypesXml())) {
      if (o.type === type && !this.pendingOverrideRemoval.has(o.part.toLowerCase())) {
        const actual = this.resolveName(o.part);
        if (actual) out.push(actual);
      }
    }
    return out;
  }

  setOverride(part: string, type: string): void {
    const key = part.replace(/^\//, '').toLowerCase();
    this.pendingOverrideRemoval.delete(key);
    let xml = this.contentTypesXml();
    for (const o of this.overrides(xml)) {
      if (o.part.toLowerCase() === key) {
        if (o.type === type) return;
        const tag = startTag(xml, o.el).replace(
          /ContentType\s*=\s*("[^"]*"|'[^']*')/,
          `ContentType="${escapeAttr(type)}"`,
        );
        this.setText('[Content_Types].xml', xml.slice(0, o.el.start) + tag + xml.slice(o.el.openEnd));
        return;
      }
    }
    const root = findEl(xml, 'Types');
    if (!root) throw new XlsxWriteError('Файл повреждён: не удалось прочитать [Content_Types].xml.');
    const p = root.prefix;
    const el = `<${p}Override PartName="/${escapeAttr(part.replace(/^\//, ''))}" ContentType="${escapeAttr(type)}"/>`;
    xml = root.selfClosing
      ? xml.slice(0, root.start) +
        startTag(xml, root).replace(/\s*\/>$/, '>') +
        el +
        `</${p}Types>` +
        xml.slice(root.end)
      : xml.slice(0, root.innerEnd) + el + xml.slice(root.innerEnd);
    this.setText('[Content_Types].xml', xml);
  }

  /** Drops a part's override at the end of the run, unless it is set again meanwhile. */
  removeOverride(part: string): void {
    this.pendingOverrideRemoval.add(part.replace(/^\//, '').toLowerCase());
  }

  ensureDefault(ext: string, type: string): void {
    let xml = this.contentTypesXml();
    for (const el of findAll(xml, 'Default')) {
      if ((getAttr(startTag(xml, el), 'Extension') ?? '').toLowerCase() === ext.toLowerCase()) return;
    }
    const root = findEl(xml, 'Types');
    if (!root) throw new XlsxWriteError('Файл повреждён: не удалось прочитать [Content_Types].xml.');
    const p = root.prefix;
    const el = `<${p}Default Extension="${escapeAttr(ext)}" ContentType="${escapeAttr(type)}"/>`;
    // Defaults come before overrides by convention; put it after the last Default.
    const defaults = findAll(xml, 'Default');
    const at = defaults.length ? defaults[defaults.length - 1].end : root.innerStart;
    xml = root.selfClosing
      ? xml.slice(0, root.start) +
        startTag(xml, root).replace(/\s*\/>$/, '>') +
        el +
        `</${p}Types>` +
        xml.slice(root.end)
      : xml.slice(0, at) + el + xml.slice(at);
    this.setText('[Content_Types].xml', xml);
  }

  private flushOverrides(): void {
    if (this.pendingOverrideRemoval.size === 0) return;
    const xml = this.contentTypesXml();
    const cut = this.overrides(xml).filter((o) => this.pendingOverrideRemoval.has(o.part.toLowerCase()));
    this.pendingOverrideRemoval.clear();
    if (cut.length === 0) return;
    let out = '';
    let pos = 0;
    for (const o of cut) {
      out += xml.slice(pos, o.el.start);
      pos = o.el.end;
    }
    out += xml.slice(pos);
    this.setText('[Content_Types].xml', out);
  }
}

function notXlsx(): XlsxWriteError {
  return new XlsxWriteError(
    'Файл не является книгой Excel (.xlsx) или повреждён, поэтому записать в него нельзя. Откройте его в Excel и сохраните как «Книга Excel (*.xlsx)».',
  );
}

export function parseRels(xml: string): Rel[] {
  return findAll(xml, 'Relationship').map((el) => {
    const tag = startTag(xml, el);
    return {
      id: getAttr(tag, 'Id') ?? '',
      type: getAttr(tag, 'Type') ?? '',
      target: getAttr(tag, 'Target') ?? '',
      external: (getAttr(tag, 'TargetMode') ?? '').toLowerCase() === 'external',
    };
  });
}

export function freeRelId(rels: { id: string }[]): string {
  const used = new Set(rels.map((r) => r.id));
  let n = 1;
  while (used.has('rId' + n)) n++;
  return 'rId' + n;
}
