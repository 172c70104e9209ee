#!/usr/bin/python3
"""Writes samples/card.xlsx and samples/roadmap.xlsx: an information card and a roadmap of a made-up
municipality («Приморский район», 2024), typed the way a municipal specialist types them — close to
the templates but not identical — with a couple of typical mistakes for `npm run demo` to find.

Run from anywhere:  /usr/bin/python3 samples/make_samples_card_roadmap.py

Mistakes in card.xlsx: measure 3 has 45 % on 15.09 after 60 % on 31.03 (CARD-DECREASING); the list of
practices on 31.12 names 3 practices while (4) says 4 (CARD-COUNT-MISMATCH); the overall execution
by 31.12 is 87,5 % (BELOW-TARGET, below the regional 90 %).
Mistakes in roadmap.xlsx: factor 3.2 shows in two schools but no measure has code 3.2
(ROADMAP-UNCOVERED); a measure has code 2.5 that the catalogue lacks (ROADMAP-UNKNOWN-CODE); a date
«по мере необходимости» (ROADMAP-DATE).
"""
import datetime
import os
import zipfile

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

HERE = os.path.dirname(os.path.abspath(__file__))
FIXED = (2024, 12, 31, 0, 0, 0)
THIN = Side(style='thin', color='808080')
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEAD = PatternFill('solid', fgColor='DDEBF7')
WRAP = Alignment(wrap_text=True, vertical='top')


def save(wb, name):
    path = os.path.join(HERE, name)
    wb.properties.created = datetime.datetime(*FIXED)
    wb.properties.modified = datetime.datetime(*FIXED)
    wb.save(path)
    with zipfile.ZipFile(path) as z:
        items = [(i.filename, z.read(i.filename)) for i in z.infolist()]
    with zipfile.ZipFile(path, 'w', zipfile.ZIP_DEFLATED) as z:
        for n, data in items:
            info = zipfile.ZipInfo(n, date_time=FIXED)
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)


def cell(ws, r, c, v, head=False, box=True):
    x = ws.cell(r, c, v)
    x.alignment = WRAP
    if box:
        x.border = BOX
    if head:
        x.font = Font(bold=True)
        x.fill = HEAD
    return x


def card():
    wb = Workbook()
    ws = wb.active
    ws.title = 'Информационная карта'
    for c, w in enumerate([6, 60, 14, 14, 14, 30], 1):
        ws.column_dimensions[get_column_letter(c)].width = w
    ws['A1'] = 'Информационная карта МОУО о реализации плана (дорожной карты) по профилактике учебной неуспешности'
    ws['A1'].font = Font(bold=True, size=13)
    ws.merge_cells('A1:F1')
    ws['A2'] = 'Муниципальное образование'
    ws.merge_cells('A2:B2')
    ws['C2'] = 'Приморский район'
    ws.merge_cells('C2:F2')
    ws['A3'] = 'Год'
    ws.merge_cells('A3:B3')
    ws['C3'] = 2024
    r = 5
    ws.cell(r, 1, '1. Общая характеристика плана (дорожной карты)').font = Font(bold=True)
    r += 1
    dates = ['31.03.2024', '15.09.2024', '31.12.2024']
    for c, h in enumerate(['№', 'Показатель', *dates, 'Примечание'], 1):
        cell(ws, r, c, h, head=True)
    r += 1
    rows = [
        ('Наименование плана (дорожной карты)', 'Дорожная карта по профилактике учебной неуспешности в Приморском районе на 2024 год'),
        ('Период реализации', 'январь – декабрь 2024 года'),
        ('Утверждение (должность, дата)', 'Начальник управления образования, приказ от 22.01.2024 № 45'),
        ('Количество ОО, реализующих программы', None),
        ('а) НОО', 14),
        ('б) ООО', 13),
        ('в) СОО', 8),
        ('Подведение итогов (где, когда, управленческое решение)', 'Совещание руководителей ОО, 20.12.2024: продолжить работу, включить МБОУ ООШ № 11 в проект «Школа-партнёр»'),
        ('Ответственный (ФИО, должность, контакты)', 'Кравцова Елена Викторовна, главный специалист УО, 8 (423) 555-21-07, kravtsova@primorsky-uo.ru'),
    ]
    for label, v in rows:
        cell(ws, r, 1, None)
        cell(ws, r, 2, label)
        cell(ws, r, 3, v)
        for c in (4, 5, 6):
            cell(ws, r, c, None)
        r += 1
    r += 1
    ws.cell(r, 1, '2. Реализация плана (дорожной карты)').font = Font(bold=True)
    r += 1
    cell(ws, r, 1, '№', head=True)
    cell(ws, r, 2, 'Мероприятие', head=True)
    cell(ws, r, 3, 'Исполнение, %', head=True)
    ws.merge_cells(start_row=r, start_column=3, end_row=r, end_column=5)
    cell(ws, r, 6, 'Примечание', head=True)
    r += 1
    for c, d in enumerate(dates, 3):
        cell(ws, r, c, d, head=True)
    r += 1
    measures = [
        ('Диагностика профессиональных дефицитов учителей математики и русского языка', (40, 100, 100), ''),
        ('Методический семинар «Индивидуальный образовательный маршрут обучающегося»', (0, 50, 100), ''),
        ('Стажировка молодых руководителей на базе МАОУ «Гимназия № 1»', (60, 45, 80), 'на 15.09 пересчитано по новому плану'),
        ('Организация дополнительных занятий для обучающихся с рисками учебной неуспешности', (30, 70, 100), ''),
        ('Консультации педагогов-психологов для родителей', (25, 50, 70), ''),
        ('Муниципальный конкурс методических разработок «Урок для всех»', (0, 20, 75), 'перенесён на февраль 2025'),
    ]
    for i, (m, e, note) in enumerate(measures, 1):
        cell(ws, r, 1, i)
        cell(ws, r, 2, m)
        for k, v in enumerate(e):
            cell(ws, r, 3 + k, v)
        cell(ws, r, 6, note or None)
        r += 1
    cell(ws, r, 1, None)
    cell(ws, r, 2, 'Исполнение плана в целом, %').font = Font(bold=True)
    for c in (3, 4, 5, 6):
        cell(ws, r, c, None)
    r += 2
    ws.cell(r, 1, '3. Дополнительные показатели').font = Font(bold=True)
    r += 1
    for c, h in enumerate(['№', 'Показатель', *dates, 'Примечание'], 1):
        cell(ws, r, c, h, head=True)
    r += 1
    extra = [
        ('(1)', 'Доля школ, в которых разработана и реализуется внутришкольная система профилактики учебной неуспешности, %', (42.9, 64.3, 78.6)),
        ('(2)', 'Доля школ с индивидуальными образовательными маршрутами для 100 % неуспевающих, %', (28.6, 42.9, 57.1)),
        ('(3)', 'Доля школ с дополнительными занятиями для 100 % неуспевающих, %', (71.4, 71.4, 85.7)),
        ('(4)', 'Распространение успешных практик — общее количество мероприятий (n)', (1, 2, 4)),
        ('(5)', 'Перечень практик (ОО, мероприятие, формат)', (
            'МБОУ СОШ № 2, «Наставник рядом», семинар',
            'МБОУ СОШ № 2, «Наставник рядом», семинар\nМБОУ СОШ № 5, «Читаем вместе», открытый урок',
            'МБОУ СОШ № 2, «Наставник рядом», семинар\nМБОУ СОШ № 5, «Читаем вместе», открытый урок\n'
            'МАОУ «Гимназия № 1», «Математическая карусель», мастер-класс')),
    ]
    for no, label, vals in extra:
        cell(ws, r, 1, no)
        cell(ws, r, 2, label)
        for k, v in enumerate(vals):
            cell(ws, r, 3 + k, v)
        cell(ws, r, 6, None)
        r += 1
    sc = wb.create_sheet('Школы')
    sc['A1'] = 'Школы муниципалитета: показатели (1)–(3)'
    sc['A1'].font = Font(bold=True)
    heads = ['№', 'Наименование ОО', '(1) Внутришкольная система профилактики учебной неуспешности разработана и реализуется',
             '(2) Индивидуальные образовательные маршруты для 100 % неуспевающих', '(3) Дополнительные занятия для 100 % неуспевающих']
    for c, h in enumerate(heads, 1):
        cell(sc, 3, c, h, head=True)
    for c, w in enumerate([5, 40, 28, 28, 28], 1):
        sc.column_dimensions[get_column_letter(c)].width = w
    schools = ['МБОУ СОШ № 1', 'МБОУ СОШ № 2', 'МБОУ СОШ № 3', 'МБОУ СОШ № 4', 'МБОУ СОШ № 5', 'МБОУ СОШ № 6',
               'МБОУ СОШ № 7', 'МБОУ ООШ № 8', 'МБОУ ООШ № 9', 'МБОУ ООШ № 10', 'МБОУ ООШ № 11', 'МБОУ НОШ № 12',
               'МАОУ «Гимназия № 1»', 'МАОУ «Лицей № 2»']
    yes1 = {0, 1, 2, 3, 4, 6, 8, 9, 10, 12, 13}   # 11 of 14 = 78,6 %
    yes2 = {0, 1, 3, 4, 6, 9, 12, 13}             # 8 of 14 = 57,1 %
    yes3 = set(range(14)) - {7, 10}               # 12 of 14 = 85,7 %
    for i, name in enumerate(schools):
        cell(sc, 4 + i, 1, i + 1)
        cell(sc, 4 + i, 2, name)
        for k, ys in enumerate([yes1, yes2, yes3]):
            cell(sc, 4 + i, 3 + k, 'да' if i in ys else 'нет')
    return wb


def roadmap():
    wb = Workbook()
    ws = wb.active
    ws.title = 'Дорожная карта'
    for c, w in enumerate([5, 42, 22, 12, 24, 20, 18, 22, 12], 1):
        ws.column_dimensions[get_column_letter(c)].width = w
    ws['A1'] = 'Дорожная карта по профилактике учебной неуспешности в Приморском районе на 2024 год'
    ws['A1'].font = Font(bold=True, size=13)
    ws.merge_cells('A1:I1')
    ws['A2'] = 'Утверждена приказом управления образования от 22.01.2024 № 45'
    ws.merge_cells('A2:I2')
    ws['A4'] = 'I. Факторы негативного влияния (риска)'
    ws['A4'].font = Font(bold=True)
    ws.merge_cells('A4:I4')
    r = 5
    cell(ws, r, 1, '№', head=True)
    cell(ws, r, 2, 'Фактор негативного влияния (риска)', head=True)
    ws.merge_cells(start_row=r, start_column=2, end_row=r, end_column=4)
    cell(ws, r, 5, 'Перечень ОО, в работе которых проявляется фактор', head=True)
    ws.merge_cells(start_row=r, start_column=5, end_row=r + 1, end_column=5)
    ws.merge_cells(start_row=r, start_column=1, end_row=r + 1, end_column=1)
    cell(ws, r + 1, 2, 'наименование фактора', head=True)
    cell(ws, r + 1, 3, 'параметры', head=True)
    cell(ws, r + 1, 4, 'код параметра', head=True)
    r += 2
    factors = [
        ('1', 'Кадровые ресурсы школы', [
            ('Дефицит педагогических сотрудников', '1.1.', 'МБОУ ООШ № 8; МБОУ ООШ № 11'),
            ('Наличие административных работников со стажем руководящей работы менее 5 лет', '1.2.', 'МБОУ ООШ № 11'),
            ('Преподавание административными работниками учебных предметов с нагрузкой более 18 часов', '1.3.', 'отсутствует')]),
        ('2', 'Профессионализм и компетенции педагогов', [
            ('Низкая предметная подготовка учителей (начальных классов, математики и русского языка)', '2.1.', 'МБОУ ООШ № 8'),
            ('Низкая методическая подготовка учителей (начальных классов, математики и русского языка)', '2.2.', 'МБОУ ООШ № 8; МБОУ ООШ № 11'),
            ('Низкий уровень применения современных практик и приёмов в образовательной деятельности', '2.3.', 'отсутствует'),
            ('Наличие учителей со стажем менее 5 лет', '2.4.', 'МБОУ ООШ № 11')]),
        ('3', 'Высокая доля обучающихся с рисками учебной неуспешности', [
            ('Наличие обучающихся, которым учителя рекомендуют дополнительные занятия', '3.1.', 'МБОУ ООШ № 8; МБОУ ООШ № 11'),
            ('Низкая мотивация школьников к учению', '3.2.', 'МБОУ ООШ № 8; МБОУ ООШ № 11'),
            ('Наличие обучающихся с ОВЗ', '3.3.', 'отсутствует')]),
        ('4', 'Неудовлетворительная атмосфера школьного благополучия', [
            ('Эмоциональное неблагополучие в школе (конфликты между учениками)', '4.1.', 'отсутствует'),
            ('Выраженные проблемы с поведением на уроках / вне уроков', '4.2.', 'отсутствует')]),
        ('5', 'Низкая эффективность работы методической службы', [
            ('Высокая доля специалистов УО и ТМС со стажем в должности менее 5 лет', '5.1.', 'отсутствует'),
            ('Наличие вакансий в УО и ТМС', '5.2.', 'отсутствует')]),
    ]
    for no, name, params in factors:
        top = r
        for i, (p, code, schools) in enumerate(params):
            cell(ws, r, 1, int(no) if i == 0 else None)
            cell(ws, r, 2, name if i == 0 else None)
            cell(ws, r, 3, p)
            cell(ws, r, 4, code)
            cell(ws, r, 5, schools)
            r += 1
        ws.merge_cells(start_row=top, start_column=2, end_row=r - 1, end_column=2)
        ws.merge_cells(start_row=top, start_column=1, end_row=r - 1, end_column=1)
    r += 1
    ws.cell(r, 1, 'II. Мероприятия дорожной карты').font = Font(bold=True)
    ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=9)
    r += 1
    for c, h in enumerate(['№', 'Мероприятие', 'Форма', 'Код параметра', 'Контингент', 'Место проведения',
                           'Дата проведения', 'Ответственные', 'Исполнение, %'], 1):
        cell(ws, r, c, h, head=True)
    r += 1
    measures = [
        ('Привлечение молодых специалистов по программе «Земский учитель»', 'Информационная кампания', '1.1.', 'Выпускники педагогических вузов', 'УО', 'Март 2024', 'УО', 100),
        ('«Школа молодого руководителя»', 'Стажировка', '1.2.', 'Заместители директоров со стажем менее 5 лет', 'МАОУ «Гимназия № 1»', 'По отдельному графику', 'ЦРО', 50),
        ('Диагностика профессиональных дефицитов учителей математики и русского языка', 'Мониторинг', '2.1., 2.2.', 'Учителя ОО', 'ОО', 'Апрель 2024, октябрь 2024', 'ЦРО', 100),
        ('«Учимся разрабатывать индивидуальный образовательный маршрут»', 'Методический семинар', '2.2.,2.5.', 'Учителя ОО', 'МКУ ЦРО', 'Сентябрь 2024', 'ЦРО', 100),
        ('Наставничество для учителей со стажем менее 5 лет', 'Наставничество', '2.4.', 'Молодые педагоги', 'ОО', 'В течение года', 'Директора ОО', 'в работе'),
        ('Организация дополнительных занятий по математике и русскому языку', 'Занятия', '3.1.', 'Обучающиеся с рисками учебной неуспешности', 'ОО', 'по мере необходимости', 'Директора ОО', 'выполнено'),
    ]
    for i, m in enumerate(measures, 1):
        cell(ws, r, 1, i)
        for k, v in enumerate(m):
            cell(ws, r, 2 + k, v)
        r += 1
    cat = wb.create_sheet('Справочник факторов')
    for c, h in enumerate(['Код параметра', 'Фактор', 'Параметр'], 1):
        cell(cat, 1, c, h, head=True)
    rr = 2
    for no, name, params in factors:
        for p, code, _ in params:
            cell(cat, rr, 1, code.rstrip('.'))
            cell(cat, rr, 2, name)
            cell(cat, rr, 3, p)
            rr += 1
    for c, w in enumerate([14, 44, 80], 1):
        cat.column_dimensions[get_column_letter(c)].width = w
    return wb


if __name__ == '__main__':
    save(card(), 'card.xlsx')
    save(roadmap(), 'roadmap.xlsx')
    print('samples/card.xlsx, samples/roadmap.xlsx')
