/**
 * Writes the аналитическая справка (src/engine/report) as a .docx with the `docx` package. Charts
 * arrive from the engine as SVG; `renderPng` turns them into pictures (the command line passes
 * @resvg/resvg-js, see src/docx/png.ts; the web page a canvas, src/taskpane/png.ts), so this module
 * itself runs anywhere `docx` does.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  HeadingLevel,
  ImageRun,
  Packer,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import { chartSvg } from '../engine/report/charts';
import { ReportCell, ReportDocument, ReportTable } from '../engine/report/document';
import { formatNumberRu } from '../engine/text';

export interface RenderedPng {
  png: Uint8Array;
  width: number;
  height: number;
}
/** SVG → PNG: synchronous on Node (resvg), asynchronous in the browser (an image drawn on a canvas). */
export type RenderPng = (svg: string) => RenderedPng | Promise<RenderedPng>;

const FONT = 'Times New Roman';
const BODY = 24; // half-points: 12 pt
const TABLE = 18; // 9 pt
/** Text width of an A4 portrait page with 2 cm / 1.5 cm margins, in twentieths of a point. */
const PAGE_W = 11906 - 1134 - 851;

function cellText(v: ReportCell, format: string | undefined): string {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'number') return format === 'integer' ? formatNumberRu(v, 0) : formatNumberRu(v, 1);
  return v;
}

const border = { style: BorderStyle.SINGLE, size: 4, color: '808080' };
const borders = { top: border, bottom: border, left: border, right: border };

function table(t: ReportTable): Table {
  const total = t.columns.reduce((s, c) => s + c.width, 0);
  const widths = t.columns.map((c) => Math.round((c.width / total) * PAGE_W));
  const para = (text: string, bold: boolean, right: boolean): Paragraph =>
    new Paragraph({
      alignment: right ? AlignmentType.RIGHT : AlignmentType.LEFT,
      children: [new TextRun({ text, bold, size: TABLE, font: FONT })],
    });
  const header = new TableRow({
    tableHeader: true,
    children: t.columns.map(
      (c, i) =>
        new TableCell({
          width: { size: widths[i], type: WidthType.DXA },
          borders,
          shading: { type: ShadingType.CLEAR, fill: 'DCE6F1', color: 'auto' },
          children: [para(c.header, true, false)],
        }),
    ),
  });
  const rows = t.rows.map(
    (r) =>
      new TableRow({
        cantSplit: true,
        children: t.columns.map(
          (c, i) =>
            new TableCell({
              width: { size: widths[i], type: WidthType.DXA },
              borders,
              children: [para(cellText(r[i], c.format), false, typeof r[i] === 'number')],
            }),
        ),
      }),
  );
  return new Table({
    layout: TableLayoutType.FIXED,
    width: { size: PAGE_W, type: WidthType.DXA },
    columnWidths: widths,
    rows: [header, ...rows],
  });
}

function text(s: string, opts: { bold?: boolean; italics?: boolean; size?: number } = {}): TextRun {
  return new TextRun({ text: s, font: FONT, size: opts.size ?? BODY, bold: opts.bold, italics: opts.italics });
}

/** The .docx bytes of the справка. */
export async function reportDocx(doc: ReportDocument, renderPng: RenderPng | null): Promise<Uint8Array> {
  const children: (Paragraph | Table)[] = [];
  for (const b of doc.blocks) {
    switch (b.kind) {
      case 'title':
        children.push(
          new Paragraph({
            heading: HeadingLevel.TITLE,
            alignment: AlignmentType.CENTER,
            children: [text(b.text, { bold: true, size: 32 })],
          }),
        );
        break;
      case 'heading':
        children.push(
          new Paragraph({
            heading: HeadingLevel.HEADING_1,
            spacing: { before: 240, after: 120 },
            keepNext: true,
            children: [text(b.text, { bold: true, size: 26 })],
          }),
        );
        break;
      case 'paragraph':
        children.push(
          new Paragraph({
            alignment: AlignmentType.JUSTIFIED,
            indent: { firstLine: 567 },
            spacing: { after: 80 },
            children: [text(b.text)],
          }),
        );
        break;
      case 'note':
        children.push(new Paragraph({ spacing: { after: 80 }, children: [text(b.text, { italics: true, size: 20 })] }));
        break;
      case 'fields':
        for (const [k, v] of b.rows)
          children.push(new Paragraph({ children: [text(`${k}: `, { bold: true }), text(v)] }));
        break;
      case 'table':
        children.push(table(b.table), new Paragraph({ children: [] }));
        break;
      case 'chart': {
        if (renderPng && b.chart.categories.length) {
          const img = await renderPng(chartSvg(b.chart));
          const w = 600;
          const h = Math.round((img.height / img.width) * w);
          children.push(
            new Paragraph({
              alignment: AlignmentType.CENTER,
              keepNext: true,
              children: [new ImageRun({ type: 'png', data: img.png, transformation: { width: w, height: h } })],
            }),
          );
        }
        children.push(table(b.table), new Paragraph({ children: [] }));
        break;
      }
    }
  }
  const document = new Document({
    creator: 'shnor',
    title: doc.title,
    styles: { default: { document: { run: { font: FONT, size: BODY } } } },
    sections: [
      {
        properties: { page: { margin: { top: 1134, bottom: 1134, left: 1134, right: 851 } } },
        children,
      },
    ],
  });
  // an ArrayBuffer, not a Node Buffer: the same code runs in the browser (the web page's download)
  return new Uint8Array(await Packer.toArrayBuffer(document));
}
