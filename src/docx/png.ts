/** SVG → PNG for the справка's charts on Node (the command line), with @resvg/resvg-js and the system's fonts. */
import { Resvg } from '@resvg/resvg-js';
import { RenderPng } from './report';

export const renderPngNode: RenderPng = (svg) => {
  const r = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: 2 },
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' },
  });
  const img = r.render();
  return { png: new Uint8Array(img.asPng()), width: img.width, height: img.height };
};
