#!/usr/bin/env node
// `npm run docs`: writes the generated user docs (issue codes, form columns) from the built engine.
'use strict';
const fs = require('fs');
const path = require('path');
const docs = require('../dist/src/engine/docs.js');
const dir = path.resolve(__dirname, '..', 'docs');
fs.writeFileSync(path.join(dir, 'codes.md'), docs.codesMarkdown());
fs.writeFileSync(path.join(dir, 'results-form.md'), docs.resultsFormMarkdown());
fs.writeFileSync(path.join(dir, 'dtk-form.md'), docs.dtkFormMarkdown());
fs.writeFileSync(path.join(dir, 'card-form.md'), docs.cardFormMarkdown());
fs.writeFileSync(path.join(dir, 'roadmap-form.md'), docs.roadmapFormMarkdown());
fs.writeFileSync(path.join(dir, 'plan-form.md'), docs.planFormMarkdown());
console.log('docs/codes.md, docs/results-form.md, docs/dtk-form.md, docs/card-form.md, docs/roadmap-form.md, docs/plan-form.md обновлены.');
