/**
 * SVG → PNG in the browser, for the справка's charts in the .docx the web page writes: the SVG
 * (src/engine/report/charts.ts) is loaded as an image and drawn on a canvas at twice its size, as
 * the command line's resvg renders it (src/docx/png.ts). Nothing leaves the browser.
 */
import type { RenderPng } from '../docx/report';

const SCALE = 2;

export const renderPngBrowser: RenderPng = async (svg) => {
  const img = new Image();
  await new Promise<void>((resolve, reject) => {
    img.onload = () => resolve();
    img.onerror = () => reject(new Error('Диаграмму справки не удалось нарисовать в браузере.'));
    img.src = 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(svg);
  });
  const w = img.naturalWidth || 900;
  const h = img.naturalHeight || 460;
  const canvas = document.createElement('canvas');
  canvas.width = w * SCALE;
  canvas.height = h * SCALE;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('Браузер не даёт рисовать диаграммы (нет canvas).');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
  if (!blob) throw new Error('Диаграмму справки не удалось сохранить как рисунок.');
  return { png: new Uint8Array(await blob.arrayBuffer()), width: canvas.width, height: canvas.height };
};
