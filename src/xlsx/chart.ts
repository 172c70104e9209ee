/**
 * A minimal clustered column chart for an owned sheet (OwnedSheet.charts): the chart part
 * (xl/charts/chartN.xml) over ranges of one of the sheet's tables, with cached values so a reader
 * shows it before recalculating, and the drawing part that anchors it to cells.
 */
import { XML_DECL, escapeAttr, escapeText } from './ooxml';

export const CHART_REL = {
  drawing: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/drawing',
  chart: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart',
};
export const CHART_CONTENT_TYPE = {
  drawing: 'application/vnd.openxmlformats-officedocument.drawing+xml',
  chart: 'application/vnd.openxmlformats-officedocument.drawingml.chart+xml',
};

const NS_C = 'http://schemas.openxmlformats.org/drawingml/2006/chart';
const NS_A = 'http://schemas.openxmlformats.org/drawingml/2006/main';
const NS_R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const NS_XDR = 'http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing';

/** A chart as the sheet renderer lays it out: the ranges (absolute, with the sheet name) and their cached values. */
export interface RenderedChart {
  title: string;
  categories: { ref: string; values: string[] };
  series: { nameRef: string; name: string; ref: string; values: (number | null)[] }[];
  /** Where it sits: top-left cell (0-based) and size in cells. */
  anchor: { col: number; row: number; cols: number; rows: number };
}

/** `'Лист 1'!$A$2:$A$9` */
export function absRange(sheet: string, r1: number, c1: number, r2: number, c2: number): string {
  const col = (c: number): string => {
    let s = '';
    for (let n = c + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
    return s;
  };
  const a = `$${col(c1)}$${r1 + 1}`;
  const b = `$${col(c2)}$${r2 + 1}`;
  return `'${sheet.replace(/'/g, "''")}'!${a}${a === b ? '' : ':' + b}`;
}

const t = (s: string): string => escapeText(s);

export function chartXml(ch: RenderedChart): string {
  const cat =
    `<c:cat><c:strRef><c:f>${t(ch.categories.ref)}</c:f><c:strCache><c:ptCount val="${ch.categories.values.length}"/>` +
    ch.categories.values.map((v, i) => `<c:pt idx="${i}"><c:v>${t(v)}</c:v></c:pt>`).join('') +
    '</c:strCache></c:strRef></c:cat>';
  const series = ch.series
    .map(
      (s, k) =>
        `<c:ser><c:idx val="${k}"/><c:order val="${k}"/>` +
        `<c:tx><c:strRef><c:f>${t(s.nameRef)}</c:f><c:strCache><c:ptCount val="1"/><c:pt idx="0"><c:v>${t(s.name)}</c:v></c:pt></c:strCache></c:strRef></c:tx>` +
        '<c:invertIfNegative val="0"/>' +
        cat +
        `<c:val><c:numRef><c:f>${t(s.ref)}</c:f><c:numCache><c:formatCode>General</c:formatCode><c:ptCount val="${s.values.length}"/>` +
        s.values
          .map((v, i) => (v === null || !Number.isFinite(v) ? '' : `<c:pt idx="${i}"><c:v>${v}</c:v></c:pt>`))
          .join('') +
        '</c:numCache></c:numRef></c:val></c:ser>',
    )
    .join('');
  return (
    XML_DECL +
    `<c:chartSpace xmlns:c="${NS_C}" xmlns:a="${NS_A}" xmlns:r="${NS_R}"><c:roundedCorners val="0"/><c:chart>` +
    `<c:title><c:tx><c:rich><a:bodyPr/><a:p><a:r><a:t>${t(ch.title)}</a:t></a:r></a:p></c:rich></c:tx><c:overlay val="0"/></c:title>` +
    '<c:autoTitleDeleted val="0"/><c:plotArea><c:layout/>' +
    '<c:barChart><c:barDir val="col"/><c:grouping val="clustered"/><c:varyColors val="0"/>' +
    series +
    '<c:gapWidth val="150"/><c:axId val="50010001"/><c:axId val="50010002"/></c:barChart>' +
    '<c:catAx><c:axId val="50010001"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/><c:axPos val="b"/>' +
    '<c:numFmt formatCode="General" sourceLinked="0"/><c:tickLblPos val="nextTo"/><c:crossAx val="50010002"/><c:crosses val="autoZero"/>' +
    '<c:auto val="1"/><c:lblAlgn val="ctr"/><c:lblOffset val="100"/><c:noMultiLvlLbl val="0"/></c:catAx>' +
    '<c:valAx><c:axId val="50010002"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/><c:axPos val="l"/>' +
    '<c:majorGridlines/><c:numFmt formatCode="General" sourceLinked="1"/><c:tickLblPos val="nextTo"/><c:crossAx val="50010001"/>' +
    '<c:crosses val="autoZero"/><c:crossBetween val="between"/></c:valAx></c:plotArea>' +
    `<c:legend><c:legendPos val="b"/><c:overlay val="0"/></c:legend><c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart></c:chartSpace>`
  );
}

/** The drawing part: one two-cell anchor per chart, `relIds[i]` pointing at chart i. */
export function drawingXml(charts: RenderedChart[], relIds: string[]): string {
  return (
    XML_DECL +
    `<xdr:wsDr xmlns:xdr="${NS_XDR}" xmlns:a="${NS_A}">` +
    charts
      .map((ch, i) => {
        const { col, row, cols, rows } = ch.anchor;
        return (
          '<xdr:twoCellAnchor editAs="oneCell">' +
          `<xdr:from><xdr:col>${col}</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>${row}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from>` +
          `<xdr:to><xdr:col>${col + cols}</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>${row + rows}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:to>` +
          `<xdr:graphicFrame macro=""><xdr:nvGraphicFramePr><xdr:cNvPr id="${i + 2}" name="${escapeAttr(`Диаграмма ${i + 1}`)}"/><xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr>` +
          '<xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm>' +
          `<a:graphic><a:graphicData uri="${NS_C}"><c:chart xmlns:c="${NS_C}" xmlns:r="${NS_R}" r:id="${escapeAttr(relIds[i])}"/></a:graphicData></a:graphic>` +
          '</xdr:graphicFrame><xdr:clientData/></xdr:twoCellAnchor>'
        );
      })
      .join('') +
    '</xdr:wsDr>'
  );
}
