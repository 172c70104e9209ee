#!/usr/bin/env node
// Draws the add-in icons (assets/icon-N.png): a dark blue rounded square with a white check mark.
'use strict';
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');

function crc32(buf) {
  let c = ~0;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}
function png(n) {
  const rows = [];
  const r = n * 0.18;
  const dist = (px, py, ax, ay, bx, by) => {
    const dx = bx - ax, dy = by - ay;
    const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
    return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
  };
  for (let y = 0; y < n; y++) {
    const row = [0];
    for (let x = 0; x < n; x++) {
      const cx = x + 0.5, cy = y + 0.5;
      const qx = Math.max(r - cx, 0, cx - (n - r)), qy = Math.max(r - cy, 0, cy - (n - r));
      const inside = Math.hypot(qx, qy) <= r;
      const w = n * 0.09;
      const check = Math.min(dist(cx, cy, n * 0.24, n * 0.52, n * 0.42, n * 0.7), dist(cx, cy, n * 0.42, n * 0.7, n * 0.77, n * 0.3)) <= w;
      if (!inside) row.push(0, 0, 0, 0);
      else if (check) row.push(255, 255, 255, 255);
      else row.push(0x1f, 0x4e, 0x78, 255);
    }
    rows.push(Buffer.from(row));
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(n, 0);
  ihdr.writeUInt32BE(n, 4);
  ihdr[8] = 8;
  ihdr[9] = 6;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
const dir = path.resolve(__dirname, '..', 'assets');
for (const n of [16, 32, 64, 80, 128]) fs.writeFileSync(path.join(dir, `icon-${n}.png`), png(n));
console.log('assets/icon-{16,32,64,80,128}.png');
