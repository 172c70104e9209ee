/**
 * The reader of plan deadlines on the wordings of the seeds' plans (000, 002, 003, 004) and of the
 * issue, and the reader of the plan's period from its title.
 */
import { formatSpan, readPlanDate, readPlanPeriod } from '../../src/engine/plan/dates';

const m = (y: number, mo: number): number => y * 12 + mo - 1;
const Y2023 = { from: m(2023, 1), to: m(2023, 12) };
const SY2022 = { from: m(2022, 9), to: m(2023, 8) };

/** The spans as «from–to» pairs of «MM.YYYY», for readable expectations. */
function spans(text: string, period: { from: number; to: number } | null = null): string[] {
  const f = (k: number): string => `${String((k % 12) + 1).padStart(2, '0')}.${Math.floor(k / 12)}`;
  return readPlanDate(text, period).spans.map((s) => (s.from === s.to ? f(s.from) : `${f(s.from)}–${f(s.to)}`));
}

describe('readPlanDate: dates and months', () => {
  it.each([
    ['к 30.06.2023', null, ['06.2023']],
    ['к 30.06.2023; к 15.12.2023', null, ['06.2023', '12.2023']],
    ['30.06.23', null, ['06.2023']],
    ['До 31 марта', Y2023, ['03.2023']],
    ['к 05 июня 2023 г. к 27 октября 2023 г.', null, ['06.2023', '10.2023']],
    ['январь, март, июнь, ноябрь', Y2023, ['01.2023', '03.2023', '06.2023', '11.2023']],
    ['Январь, март, июнь, ноябрь', SY2022, ['01.2023', '03.2023', '06.2023', '11.2022']],
    ['апрель – декабрь 2023 г.', null, ['04.2023–12.2023']],
    ['апрель- декабрь 2023', null, ['04.2023–12.2023']],
    ['сентябрь- декабрь 2023 г.', null, ['09.2023–12.2023']],
    ['Январь-май 2023 года', null, ['01.2023–05.2023']],
    ['Сентябрь-октябрь 2022 г.', SY2022, ['09.2022–10.2022']],
    ['Сентябрь-октябрь', SY2022, ['09.2022–10.2022']],
    ['Май 2023, апрель 2024', null, ['05.2023', '04.2024']],
    ['сентябрь 2023 – май 2024', null, ['09.2023–05.2024']],
    ['20-28 марта', Y2023, ['03.2023']],
    ['2023-2024 уч. год', null, ['09.2023–08.2024']],
    ['2022/23 уч.г.', null, ['09.2022–08.2023']],
    ['I квартал 2024', null, ['01.2024–03.2024']],
    ['2 полугодие', Y2023, ['07.2023–12.2023']],
    ['2023 г.', null, ['01.2023–12.2023']],
  ])('%s', (text, period, want) => {
    const r = readPlanDate(text, period);
    expect(r.readable).toBe(true);
    expect(spans(text, period)).toEqual(want);
  });

  it('a month without a year and no period is readable, its year unknown', () => {
    const r = readPlanDate('Сентябрь');
    expect(r).toMatchObject({ readable: true, spans: [], yearless: 1 });
  });

  it('only years written in the text make a span explicit', () => {
    expect(readPlanDate('апрель – декабрь 2023 г.').spans[0].explicit).toBe(true);
    expect(readPlanDate('Сентябрь-октябрь', SY2022).spans[0].explicit).toBe(false);
    expect(readPlanDate('к 30.06.2022', Y2023).spans[0]).toEqual({ from: m(2022, 6), to: m(2022, 6), explicit: true });
  });

  it('the last day named, for «срок наступил»', () => {
    expect(readPlanDate('к 30.06.2023; к 15.12.2023').last).toEqual({ year: 2023, month: 12, day: 15 });
    expect(readPlanDate('апрель-май 2023').last).toEqual({ year: 2023, month: 5, day: null });
    expect(readPlanDate('До 31 марта', Y2023).last).toEqual({ year: 2023, month: 3, day: 31 });
  });
});

describe('readPlanDate: recurring terms and schedules', () => {
  it.each([
    'ежеквартально',
    'В течение учебного года',
    'в течение года в соответствии с ежегодным планом повышения квалификации',
    'В течение учебного года По плану РМО',
    'По плану Школы',
    'По графику методических выездов',
    'По графику ЦОКО',
    '1 раз в год',
    '1 раз в учебный год',
    '2 раза в год',
    'Постоянно В рамках работы МНЦ',
    'постоянно',
    'в соответствии с планами РМО',
    'по графику',
  ])('%s', (text) => {
    const r = readPlanDate(text, Y2023);
    expect(r).toMatchObject({ readable: true, recurring: true, spans: [] });
  });

  it('a month and a recurring term together', () => {
    const r = readPlanDate('Сентябрь, в течение года', Y2023);
    expect(r.recurring).toBe(true);
    expect(r.spans.length).toBe(1);
  });

  it('the garbled two-column date of seed 003 still names its months', () => {
    expect(readPlanDate('I этап —; Первичные данные – апрель, сентябрь, декабрь', Y2023).spans.length).toBe(3);
  });
});

describe('readPlanDate: what is not a deadline', () => {
  it.each(['по согласованию', 'Иванов И.И.', 'МОУО', '', '-', '_', 'Приказ, информационные письма'])('%s', (text) => {
    expect(readPlanDate(text, Y2023).readable).toBe(false);
  });
  it('«май» is a month, «маяк» is not', () => {
    expect(readPlanDate('май', Y2023).readable).toBe(true);
    expect(readPlanDate('маяк', Y2023).readable).toBe(false);
  });
});

describe('readPlanPeriod', () => {
  it.each([
    ['План мероприятий («Дорожная карта») … на 2023 год', '2023 год'],
    [
      'Муниципальный план – график («дорожная карта») … зоне риска снижения образовательных результатов на 2023 г.',
      '2023 год',
    ],
    ['6. Содержание работы … в 2022-2023 учебном году:', 'сентябрь 2022 – август 2023'],
    ['План на 2023-2024 учебный год', 'сентябрь 2023 – август 2024'],
    ['Дорожная карта на 2023-2025 годы', 'январь 2023 – декабрь 2025'],
  ])('%s', (text, want) => {
    const p = readPlanPeriod(text);
    expect(p && formatSpan(p)).toBe(want);
  });
  it.each(['от 24.03.2023 г. № 1 – 26', 'К 2021 году планируется достичь', 'Приложение 2'])(
    'not a period: %s',
    (text) => {
      expect(readPlanPeriod(text)).toBeNull();
    },
  );
});
