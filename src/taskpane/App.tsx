import * as React from 'react';
import {
  Badge,
  Button,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  Select,
  Spinner,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  Title3,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { KIND_NAMES } from '../engine/report';
import { SEVERITY_RU } from '../engine/issues';
import { annotatedCopy, annotatedName, checkFile, FileResult } from './workbench';

const useStyles = makeStyles({
  root: {
    display: 'flex',
    flexDirection: 'column',
    gap: '12px',
    padding: '12px',
    maxWidth: '960px',
    minWidth: '280px',
  },
  row: { display: 'flex', flexWrap: 'wrap', gap: '8px', alignItems: 'end' },
  file: { border: `1px solid ${tokens.colorNeutralStroke2}`, borderRadius: tokens.borderRadiusMedium, padding: '10px' },
  small: { color: tokens.colorNeutralForeground3 },
});

const COLOR = { error: 'danger', warning: 'warning', info: 'informative' } as const;

function download(name: string, bytes: Uint8Array): void {
  const blob = new Blob([bytes as BlobPart], {
    type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function FileCard({ r }: { r: FileResult }): React.JSX.Element {
  const s = useStyles();
  const [error, setError] = React.useState<string | null>(null);
  if (r.error || !r.report) {
    return (
      <MessageBar intent="error">
        <MessageBarBody>{r.error}</MessageBarBody>
      </MessageBar>
    );
  }
  const rep = r.report;
  const n = { error: 0, warning: 0, info: 0 };
  for (const i of rep.issues) n[i.severity]++;
  const id = rep.identification;
  const shown = id ? id.schools.filter((v) => v.status !== 'норма') : [];
  return (
    <section className={s.file} aria-label={r.name}>
      <Text weight="semibold">{r.name}</Text>
      <Text block className={s.small}>
        Вид: {KIND_NAMES[rep.kind]}. Ошибок {n.error}, предупреждений {n.warning}, сведений {n.info}.
      </Text>
      {id && (
        <Text block>
          {id.year} учебный год (предыдущий {id.previousYear}): школ {id.summary.schools}; ШНОР —{' '}
          <b>{id.summary.byStatus.ШНОР}</b>, в зоне риска — {id.summary.byStatus.риск}, норма —{' '}
          {id.summary.byStatus.норма}.
        </Text>
      )}
      {shown.length > 0 && (
        <Table size="small" aria-label="Школы с низкими результатами и в зоне риска">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Школа</TableHeaderCell>
              <TableHeaderCell>Статус</TableHeaderCell>
              <TableHeaderCell>Обоснование</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {shown.slice(0, 200).map((v) => (
              <TableRow key={v.id}>
                <TableCell>
                  {v.name}
                  {v.municipality ? ` (${v.municipality})` : ''}
                </TableCell>
                <TableCell>
                  <Badge appearance="tint" color={v.status === 'ШНОР' ? 'danger' : 'warning'}>
                    {v.status}
                  </Badge>
                </TableCell>
                <TableCell>{v.reason}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {rep.issues.length > 0 && (
        <ul aria-label="Замечания">
          {rep.issues.slice(0, 50).map((i, k) => (
            <li key={k}>
              <Badge appearance="outline" color={COLOR[i.severity]}>
                {SEVERITY_RU[i.severity]}
              </Badge>{' '}
              <code>{i.code}</code> {i.cell ? `${i.sheet}!${i.cell}` : ''} — {i.message}
            </li>
          ))}
          {rep.issues.length > 50 && <li>… и ещё {rep.issues.length - 50} — все они в листе «Проверка» копии.</li>}
        </ul>
      )}
      {rep.edits.length > 0 && (
        <Button
          appearance="primary"
          onClick={() => {
            try {
              download(annotatedName(r.name), annotatedCopy(r));
            } catch (e) {
              setError(e instanceof Error ? e.message : String(e));
            }
          }}
        >
          Скачать копию с пометками
        </Button>
      )}
      {error && (
        <MessageBar intent="error">
          <MessageBarBody>{error}</MessageBarBody>
        </MessageBar>
      )}
    </section>
  );
}

export function App(props: { inOffice: boolean }): React.JSX.Element {
  const s = useStyles();
  const [threshold, setThreshold] = React.useState('30');
  const [rule2, setRule2] = React.useState<'any' | 'same'>('any');
  const [busy, setBusy] = React.useState(false);
  const [results, setResults] = React.useState<FileResult[]>([]);
  const t = Number(threshold.replace(',', '.'));
  const thresholdOk = Number.isFinite(t) && t > 0 && t <= 100;

  const open = async (files: FileList | null): Promise<void> => {
    if (!files || files.length === 0) return;
    setBusy(true);
    const out: FileResult[] = [];
    for (const f of Array.from(files)) {
      const bytes = new Uint8Array(await f.arrayBuffer());
      // let the spinner paint between files
      await new Promise((r) => setTimeout(r, 0));
      out.push(checkFile(f.name, bytes, { threshold: t, rule2 }));
    }
    setResults(out);
    setBusy(false);
  };

  return (
    <main className={s.root}>
      <Title3 as="h1">ШНОР: проверка форм мониторинга</Title3>
      {props.inOffice && (
        <MessageBar intent="info">
          <MessageBarBody>
            Проверка открытой книги прямо в Excel появится в следующей версии. Сейчас можно проверить файл с диска — он
            не покидает компьютер.
          </MessageBarBody>
        </MessageBar>
      )}
      <Text>
        Откройте книги Excel (.xlsx): программа определит вид каждой, проверит её, для таблицы результатов ВПР/ОГЭ/ЕГЭ
        определит ШНОР и подготовит копию с листами «Идентификация ШНОР» и «Проверка». Файлы обрабатываются в браузере и
        никуда не отправляются.
      </Text>
      <div className={s.row}>
        <Field label="Порог низкого результата, %" validationMessage={thresholdOk ? undefined : 'Число от 0 до 100'}>
          <Input value={threshold} onChange={(_, d) => setThreshold(d.value)} inputMode="decimal" />
        </Field>
        <Field label="Правило 2">
          <Select value={rule2} onChange={(_, d) => setRule2(d.value as 'any' | 'same')}>
            <option value="any">любая процедура в каждом году</option>
            <option value="same">одна и та же процедура</option>
          </Select>
        </Field>
        <Field label="Книги">
          <input
            type="file"
            accept=".xlsx,.xlsm"
            multiple
            aria-label="Открыть книги"
            disabled={busy || !thresholdOk}
            onChange={(e) => void open(e.target.files)}
          />
        </Field>
      </div>
      {busy && <Spinner label="Проверка…" />}
      {results.map((r, i) => (
        <FileCard key={i} r={r} />
      ))}
    </main>
  );
}
