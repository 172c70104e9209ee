#!/usr/bin/python3
"""Writes samples/dtk-correct.xlsx and samples/dtk-mistakes.xlsx: the ДТК of a made-up school
(МБОУ «Озёрновская СОШ», Приморский район — the municipality of samples/card.xlsx) typed the way
a school types it: a title block with the order it is attached to, one sheet per criterion, each
with its own row of school years (spelled differently on each sheet), numbered and re-cased labels,
the ОГЭ pairs «основной/повторно» in one cell, «Целевое значение» beside 3.3 and 3.4, the school's
own fills and font colours (a shaded header, the current year in yellow with dark blue figures,
figures «to be checked» in red), and the «Вывод:»/«Проблема:» cells left for the program.

Run from anywhere:  /usr/bin/python3 samples/make_samples_dtk.py

dtk-correct.xlsx: every rule of the form holds (no error, no warning); the findings are about the
school: low ВПР results (LOW-RESULT), negative dynamics (NEGATIVE-DYNAMICS), a share below its
target (BELOW-TARGET). The share of 9th-grade graduates going on to the 10th grade is left empty for
2021-2022: the check fills it in.

dtk-mistakes.xlsx: the same card with typical mistakes (MISTAKES below lists each with its code).

The labels are written here, not read from the program: the samples show what the locator copes
with, and the test of the samples (test/dtk/writeback.test.ts) compares the check with MISTAKES.
"""
import datetime
import json
import os
import sys
import zipfile

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

HERE = os.path.dirname(os.path.abspath(__file__))
FIXED = (2023, 6, 5, 0, 0, 0)
YEARS = ['2020-2021', '2021-2022', '2022-2023']
THIN = Side(style='thin', color='808080')
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEAD = PatternFill('solid', fgColor='DDEBF7')
CURRENT = PatternFill('solid', fgColor='FFF2CC')
SECTION = PatternFill('solid', fgColor='E2EFDA')
BLUE = Font(color='1F4E79', bold=True)
RED = Font(color='C00000')
WRAP = Alignment(wrap_text=True, vertical='top')


def yv(a, b, c):
    return dict(zip(YEARS, [a, b, c]))


# The school's figures. Enrolment 190/215/40 pupils; some ВПР results at or above 30 % (low);
# 3.3 partner events below the regional 80 %.
VALUES = {
    '1.1.enrolment.noo': yv(184, 188, 190),
    '1.1.enrolment.ooo': yv(206, 210, 215),
    '1.1.enrolment.soo': yv(38, 41, 40),
    '1.1.dropout.ooo': yv(1, 0, 1),
    '1.1.dropout.soo': yv(0, 1, 0),
    '1.1.noCertificate.ooo': yv(2, 1, 1),
    '1.1.noCertificate.soo': yv(0, 0, 0),
    '1.1.repeaters.ooo': yv(3, 2, 2),
    '1.1.repeaters.soo': yv(0, 0, 0),
    '1.1.honours.ooo': yv(2, 3, 2),
    '1.1.honours.soo': yv(1, 2, 2),
    '1.1.grade9Graduates': yv(46, 48, 44),
    '1.1.continuing': yv(20, 22, 21),
    # 20 ÷ 46 = 43,5 %; 2021-2022 left for the check (22 ÷ 48 = 45,8 %); 21 ÷ 44 = 47,7 %.
    '1.1.continuingShare': yv(43.5, None, 47.7),
    '1.2.progress.math.total': yv(97.2, 96.8, 97.5),
    '1.2.progress.math.quality': yv(41.0, 39.5, 40.2),
    '1.2.progress.russian.total': yv(98.1, 98.4, 98.0),
    '1.2.progress.russian.quality': yv(46.3, 47.0, 45.1),
    '1.2.progress.school.total': yv(98.0, 97.9, 98.2),
    '1.2.progress.school.quality': yv(38.4, 39.0, 37.6),
    '1.2.vprRussian.g5': yv(24, 27, 31),
    '1.2.vprRussian.g6': yv(22, 21, 19),
    '1.2.vprMath.g5': yv(33, 29, 34),
    '1.2.vprMath.g6': yv(26, 28, 25),
    '1.3.oge.russian.main': yv(4.3, 2.1, 2.3),
    '1.3.oge.russian.retake': yv(0, 0, 0),
    '1.3.oge.math.main': yv(8.7, 10.4, 6.8),
    '1.3.oge.math.retake': yv(2.2, 2.1, 0),
    '1.3.ege.russian.main': yv(0, 0, 0),
    '1.3.ege.russian.retake': yv('-', '-', '-'),
    '1.3.ege.mathBase': yv(5.6, 0, 4.8),
    '1.3.ege.mathProfile': yv(12.5, 9.1, 10),
    '1.3.ege.mathRetake': yv('-', 0, '-'),
    '2.1.parentsEducation.higher': yv(24, 25, 27),
    '2.1.parentsEducation.vocational': yv(48, 47, 46),
    '2.1.parentsEducation.secondary': yv(28, 28, 27),
    '2.1.parentsEducation.note': yv('анкетирование родителей', 'анкетирование родителей', 'анкетирование родителей'),
    '2.1.lowIncome': yv(18.5, 19.2, 20.1),
    '2.1.singleParent': yv(21, 22.4, 22),
    '2.1.largeFamily': yv(14, 15.5, 16.8),
    '2.1.weakRussian': yv(1.2, 0.9, 1.5),
    '2.2.registered': yv(2.8, 3.1, 2.6),
    '2.2.contests': yv(38, 41, 44),
    '2.3.distance': {'D': '48 км до районного центра (с. Приморское), 210 км до областного центра'},
    '2.3.mediaLibrary': {'D': 'Медиатека в библиотеке школы; электронный читальный зал НЭБ подключён в 2022 году'},
    '2.3.culturalObjects': {'D': 'Сельская библиотека, Дом культуры, филиал детской школы искусств'},
    '2.3.noReadingRoom': {'D': 'Интернет 50 Мбит/с, в кабинете информатики 12 рабочих мест'},
    '3.1.subjectHigherEducation': yv(86, 88, 91),
    '3.1.youngTeachers': yv(12, 15, 18),
    '3.1.pensionAge': yv(24, 23, 21),
    '3.1.partTime': yv(9, 9, 6),
    '3.1.specialists.psychologist': yv('да', 'да', 'да'),
    '3.1.specialists.socialPedagogue': yv('нет', 'да', 'да'),
    '3.1.courses': yv(72, 84, 90),
    '3.1.noCategory': yv(27, 24, 21),
    '3.2.diagnostics': {'D': 64},
    '3.2.diagnosticsPositive': {'D': 38},
    '3.2.independent': {'D': '21 % (ГАУ ДПО «Приморский институт развития образования»)'},
    '3.2.independentPositive': {'D': 12},
    '3.3.methodicalInvolvement': {'D': 100},
    '3.3.courses': {'D': 85},
    '3.3.partnerEvents': {'D': 65},
    '3.4.antiRiskPrograms': {'D': '2: «Читаем вместе»; «Математика без страха»'},
    '3.4.programsMatch': {'D': 100},
    '3.4.riskMeasuresDone': {'D': '86 % (низкая учебная мотивация, пробелы в базовых знаниях)'},
    '3.4.deficitsEliminated': {'D': '50 % (нехватка учителей математики)'},
}

# Typical mistakes: (field, year or 'D', value typed instead, code the check must report, what).
MISTAKES = [
    ('3.1.courses', '2022-2023', 0.9, 'PERCENT-AS-FRACTION', 'доля введена дробью (0,9 вместо 90)'),
    ('1.2.vprRussian.g6', '2022-2023', None, 'MISSING-VALUE', 'значение не заполнено'),
    ('1.2.progress.school.quality', '2022-2023', 99.1, 'DTK-INCONSISTENT', 'качественная успеваемость больше общей'),
    ('2.1.parentsEducation.secondary', '2021-2022', 38, 'DTK-SUM-OVER-100', 'сумма долей образования родителей 110 %'),
    ('1.1.continuingShare', '2022-2023', 57.7, 'DTK-DERIVED-MISMATCH', 'доля не равна 21 ÷ 44'),
    ('2.1.lowIncome', '2021-2022', '#DIV/0!', 'CELL-ERROR', 'ошибка Excel в ячейке'),
    ('2.2.registered', '2022-2023', 'см. примечание', 'NOT-A-NUMBER', 'текст вместо числа'),
    ('3.4.antiRiskPrograms', 'D', '3: «Читаем вместе»; «Математика без страха»', 'DTK-COUNT-MISMATCH', 'программ три, а названы две'),
    ('1.1.dropout.ooo', '2021-2022', 1.5, 'OUT-OF-RANGE', 'дробное количество'),
]

# Cells the school marked in red «to be checked» (their own font colour, restored after the check).
RED_MARKS = {('1.2.vprMath.g5', '2020-2021'), ('2.1.lowIncome', '2021-2022'), ('1.1.dropout.ooo', '2021-2022'),
             ('2.1.parentsEducation.secondary', '2021-2022'), ('1.3.oge.math.main', '2021-2022')}

# One sheet per criterion; each sheet has its own year header, spelled as schools spell it.
SHEETS = [
    ('1. Образовательный', '1. ОБРАЗОВАТЕЛЬНЫЙ КРИТЕРИЙ', ['2020-2021', '2021-2022', '2022-2023']),
    ('2. Социальный', '2. Социальный критерий', ['2020/2021', '2021/2022', '2022/2023']),
    ('3. Педагогический', '3. Профессионально-педагогический критерий', ['2020-21', '2021-22', '2022-23']),
]

# The rows of each section as the school typed them: (field, label, depth); a field of None is a
# group row without values; a field ending in «/pair» holds «основной/повторно» in one cell.
ROWS = {
    '1.1': ('1.1. Сохранность контингента', [
        (None, 'Количество обучающихся на конец учебного года', 0),
        ('1.1.enrolment.noo', 'а) НОО', 1),
        ('1.1.enrolment.ooo', 'б) ООО', 1),
        ('1.1.enrolment.soo', 'в) СОО', 1),
        (None, 'Отсев (в течение года)', 0),
        ('1.1.dropout.ooo', 'а) из основной школы', 1),
        ('1.1.dropout.soo', 'б) из средней школы', 1),
        (None, 'Не получили аттестат', 0),
        ('1.1.noCertificate.ooo', 'а) об основном общем образовании', 1),
        ('1.1.noCertificate.soo', 'б) о среднем общем образовании', 1),
        (None, 'Количество учащихся, оставленных на повторный год обучения', 0),
        ('1.1.repeaters.ooo', 'а) ООО', 1),
        ('1.1.repeaters.soo', 'б) СОО', 1),
        (None, 'Количество учащихся, окончивших школу с аттестатом особого образца', 0),
        ('1.1.honours.ooo', 'а) ООО', 1),
        ('1.1.honours.soo', 'б) СОО', 1),
        ('1.1.grade9Graduates', 'Количество выпускников 9-х классов', 0),
        ('1.1.continuing', 'Количество учащихся, продолжающих обучение на уровне СОО', 0),
        ('1.1.continuingShare', 'Доля учащихся, продолжающих обучение на уровне СОО, %', 0),
    ]),
    '1.2': ('1.2. Качество образования', [
        (None, 'Успеваемость по итогам учебного года', 0),
        (None, 'Математика', 1),
        ('1.2.progress.math.total', 'общая', 2),
        ('1.2.progress.math.quality', 'качественная', 2),
        (None, 'Русский язык', 1),
        ('1.2.progress.russian.total', 'общая', 2),
        ('1.2.progress.russian.quality', 'качественная', 2),
        (None, 'По школе', 1),
        ('1.2.progress.school.total', 'общая', 2),
        ('1.2.progress.school.quality', 'качественная', 2),
        (None, 'ВПР по русскому языку — доля обучающихся от общего числа участников, получивших неудовлетворительный результат', 0),
        ('1.2.vprRussian.g5', '5 класс', 1),
        ('1.2.vprRussian.g6', '6 класс', 1),
        (None, 'ВПР, математика — доля обучающихся от общего числа участников, получивших неудовлетворительный результат', 0),
        ('1.2.vprMath.g5', '5 класс', 1),
        ('1.2.vprMath.g6', '6 класс', 1),
    ]),
    '1.3': ('1.3. Результаты ГИА — доля обучающихся от общего числа участников, которые не преодолели минимальный порог', [
        (None, 'ОГЭ', 0),
        ('1.3.oge.russian/pair', 'Русский язык / Русский язык (повторно), %', 1),
        ('1.3.oge.math/pair', 'Математика / Математика (повторно), %', 1),
        (None, 'ЕГЭ', 0),
        (None, 'Русский язык, %', 1),
        ('1.3.ege.russian.main', 'основной срок', 2),
        ('1.3.ege.russian.retake', 'повторно', 2),
        ('1.3.ege.mathBase', 'Математика (базовый уровень), %', 1),
        ('1.3.ege.mathProfile', 'Математика (профильный уровень), %', 1),
        ('1.3.ege.mathRetake', 'Математика (повторно), %', 1),
    ]),
    '2.1': ('2.1. Социальный статус семей обучающихся', [
        ('2.1.lowIncome', 'Доля обучающихся, воспитывающихся в малообеспеченных семьях', 0),
        ('2.1.singleParent', 'Доля обучающихся, воспитывающихся в неполных семьях', 0),
        ('2.1.largeFamily', 'Доля обучающихся, воспитывающихся в многодетных семьях', 0),
        ('2.1.weakRussian', 'Доля обучающихся, слабо владеющих русским языком', 0),
    ]),
    '2.2': ('2.2. Социальное благополучие образовательной среды', [
        ('2.2.registered', 'Доля обучающихся, состоящих на учёте', 0),
        ('2.2.contests', 'Доля обучающихся, принимающих участие в мероприятиях конкурсного и олимпиадного движения', 0),
    ]),
    '2.3': ('2.3. Доступность образовательной инфраструктуры', [
        ('2.3.distance', 'Территориальная удаленность ОО от районного центра и других центров с развитой инфраструктурой', 0),
        ('2.3.mediaLibrary', 'Школьная медиатека. Наличие удалённого электронного читального зала в ОО', 0),
        ('2.3.culturalObjects', 'Объекты социально-культурной сферы на территории проживания ребёнка', 0),
        ('2.3.noReadingRoom', 'Отсутствие удалённого электронного читального зала в ОО, скоростного доступа к интернету', 0),
    ]),
    '3.1': ('3.1. Кадровый потенциал', [
        ('3.1.subjectHigherEducation', 'Доля педагогических работников, имеющих высшее образование по предмету', 0),
        ('3.1.youngTeachers', 'Доля молодых учителей (до 35 лет)', 0),
        ('3.1.pensionAge', 'Доля учителей пенсионного возраста', 0),
        ('3.1.partTime', 'Доля совместителей', 0),
        (None, 'Наличие специалистов', 0),
        ('3.1.specialists.psychologist', 'педагог-психолог', 1),
        ('3.1.specialists.socialPedagogue', 'социальный педагог', 1),
        ('3.1.courses', 'Доля учителей, прошедших курсовую подготовку', 0),
        ('3.1.noCategory', 'Доля учителей без квалификационной категории', 0),
    ]),
    '3.2': ('3.2. Профессионально-методическая среда развития ОО', [
        ('3.2.diagnostics', 'Доля педагогических работников, прошедших диагностику профессиональных дефицитов / предметных и методических компетенций в ОО, от числа педагогических работников ОО', 0),
        ('3.2.diagnosticsPositive', None, 0),
        ('3.2.independent', None, 0),
        ('3.2.independentPositive', None, 0),
    ]),
    '3.3': ('3.3. Адресная методическая поддержка ОО', [
        ('3.3.methodicalInvolvement', None, 0),
        ('3.3.courses', None, 0),
        ('3.3.partnerEvents', None, 0),
    ]),
    '3.4': ('3.4. Ресурсные дефициты ОО', [
        ('3.4.antiRiskPrograms', None, 0),
        ('3.4.programsMatch', None, 0),
        ('3.4.riskMeasuresDone', None, 0),
        ('3.4.deficitsEliminated', None, 0),
    ]),
}
SECTIONS = [['1.1', '1.2', '1.3'], ['2.1', '2.2', '2.3'], ['3.1', '3.2', '3.3', '3.4']]
TARGETS = {'3.3.methodicalInvolvement': '100 %', '3.3.courses': '≥ 80 %', '3.3.partnerEvents': '≥ 80 %',
           '3.4.programsMatch': '≥ 80 %', '3.4.riskMeasuresDone': '≥ 80 %'}


def descriptor_labels():
    """Labels of the D rows the school copied from the order (the long ones are not re-typed)."""
    return {
        '3.2.diagnosticsPositive': 'Доля педагогических работников, показавших положительную динамику по итогам диагностики в ОО',
        '3.2.independent': 'Доля педагогических работников, прошедших независимую диагностику, с указанием организации, проводившей диагностику',
        '3.2.independentPositive': 'Доля педагогических работников, показавших положительную динамику по итогам независимой диагностики',
        '3.3.methodicalInvolvement': 'Доля учителей, вовлечённых в методическую деятельность ОО',
        '3.3.courses': 'Доля педагогических работников, прошедших курсовую подготовку (в том числе методический абонемент)',
        '3.3.partnerEvents': 'Доля педагогических работников, вовлечённых в мероприятия, проводимые совместно со школой-партнёром',
        '3.4.antiRiskPrograms': 'Количество разработанных антирисковых программ (с наименованиями)',
        '3.4.programsMatch': 'Доля программ, соответствующих результатам анкетирования',
        '3.4.riskMeasuresDone': 'Доля выполненных мероприятий по снижению факторов риска от числа спланированных',
        '3.4.deficitsEliminated': 'Доля устранённых ресурсных дефицитов от числа выявленных, с указанием устранённых дефицитов',
    }


def save(wb, path):
    wb.properties.created = datetime.datetime(*FIXED)
    wb.properties.modified = datetime.datetime(*FIXED)
    wb.properties.creator = 'Озёрновская СОШ'
    wb.save(path)
    with zipfile.ZipFile(path) as z:
        items = [(i.filename, z.read(i.filename)) for i in z.infolist()]
    with zipfile.ZipFile(path, 'w', zipfile.ZIP_DEFLATED) as z:
        for n, data in items:
            info = zipfile.ZipInfo(n, date_time=FIXED)
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)


def put(ws, r, c, v, head=False, fill=None, font=None, fmt=None):
    x = ws.cell(r, c)
    if isinstance(v, str) and v.startswith('#') and v.endswith(('!', '?', 'A')):
        x.value = v
        x.data_type = 'e'
    else:
        x.value = v
    x.alignment = WRAP
    x.border = BOX
    if head:
        x.font = Font(bold=True)
        x.fill = HEAD
    if fill:
        x.fill = fill
    if font:
        x.font = font
    if fmt:
        x.number_format = fmt
    return x


def fmt_for(v):
    if isinstance(v, float) and v != int(v):
        return '0.0'
    return None


def write(path, values, mistakes):
    """Writes the card; returns field → year → cell (A1) of every value cell written."""
    for fid, year, v, _code, _what in mistakes:
        values[fid][year] = v
    long_labels = descriptor_labels()
    wb = Workbook()
    where = {}
    for si, (sheet_name, crit_title, spelled) in enumerate(SHEETS):
        ws = wb.active if si == 0 else wb.create_sheet()
        ws.title = sheet_name
        for c, w in enumerate([58, 14, 14, 14, 24], 1):
            ws.column_dimensions[get_column_letter(c)].width = w
        row = 1
        if si == 0:
            ws['A1'] = 'Приложение 2 к приказу Управления образования администрации Приморского района от 12.09.2022 № 415'
            ws['A1'].font = Font(italic=True, size=9)
            ws.merge_cells('A1:E1')
            ws['A2'] = 'ДИАГНОСТИКО-ТЕХНОЛОГИЧЕСКАЯ КАРТА качества школьных процессов'
            ws['A2'].font = Font(bold=True, size=13)
            ws['A2'].alignment = Alignment(horizontal='center')
            ws.merge_cells('A2:E2')
            for i, (label, value) in enumerate([
                ('Наименование общеобразовательной организации:', 'МБОУ «Озёрновская средняя общеобразовательная школа»'),
                ('Муниципальный район:', 'Приморский район'),
                ('Дата заполнения:', '05.06.2023'),
                ('Ответственный (ФИО, должность):', 'Соколова Анна Викторовна, заместитель директора по УВР'),
            ]):
                put(ws, 4 + i, 1, label, head=True)
                put(ws, 4 + i, 2, value)
                ws.merge_cells(start_row=4 + i, start_column=2, end_row=4 + i, end_column=5)
            row = 9
        put(ws, row, 1, crit_title, fill=SECTION, font=Font(bold=True, size=12))
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=5)
        row += 1
        put(ws, row, 1, 'Показатель', head=True)
        for j, text in enumerate(spelled):
            put(ws, row, 2 + j, text, head=True)
        put(ws, row, 5, 'Примечание', head=True)
        ws.freeze_panes = ws.cell(row + 1, 2)
        row += 1
        cols = {y: 2 + j for j, y in enumerate(YEARS)}
        for sid in SECTIONS[si]:
            title, rows = ROWS[sid]
            put(ws, row, 1, title, fill=SECTION, font=Font(bold=True))
            ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=5)
            row += 1
            if sid == '2.1':
                put(ws, row, 1, 'Образование родителей (законных представителей), % от числа родителей', font=Font(bold=True))
                ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=5)
                row += 1
                cols21 = ['higher', 'vocational', 'secondary', 'note']
                for j, h in enumerate(['Учебный год', 'Высшее', 'Среднее специальное', 'Среднее', 'Примечание']):
                    put(ws, row, 1 + j, h, head=True)
                row += 1
                for y in YEARS:
                    put(ws, row, 1, y)
                    for j, k in enumerate(cols21):
                        fid = f'2.1.parentsEducation.{k}'
                        v = values[fid][y]
                        mark = (fid, y) in RED_MARKS
                        put(ws, row, 2 + j, v, font=RED if mark else None)
                        where.setdefault(fid, {})[y] = f'{get_column_letter(2 + j)}{row}'
                    row += 1
                put(ws, row, 1, 'Показатель', head=True)
                for j, text in enumerate(spelled):
                    put(ws, row, 2 + j, text, head=True)
                put(ws, row, 5, 'Примечание', head=True)
                row += 1
            kind_d = sid in ('2.3', '3.2', '3.3', '3.4')
            if kind_d:
                put(ws, row, 1, 'Показатель', head=True)
                put(ws, row, 2, 'Описание', head=True)
                if sid in ('3.3', '3.4'):
                    ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=4)
                    put(ws, row, 5, 'Целевое значение', head=True)
                else:
                    ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=5)
                row += 1
            for n, (fid, label, depth) in enumerate(rows):
                if label is None:
                    label = long_labels[fid]
                x = put(ws, row, 1, label)
                if depth:
                    x.alignment = Alignment(wrap_text=True, vertical='top', indent=2 * depth)
                if fid is None:
                    x.font = Font(bold=depth == 0)
                    for c in range(2, 6):
                        put(ws, row, c, None)
                elif kind_d:
                    v = values[fid]['D']
                    put(ws, row, 2, v)
                    where.setdefault(fid, {})['D'] = f'B{row}'
                    if sid in ('3.3', '3.4'):
                        ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=4)
                        put(ws, row, 5, TARGETS.get(fid))
                    else:
                        ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=5)
                elif fid.endswith('/pair'):
                    base = fid[: -len('/pair')]
                    for y, c in cols.items():
                        a, b = values[base + '.main'][y], values[base + '.retake'][y]
                        show = lambda z: str(z).replace('.', ',')
                        put(ws, row, c, f'{show(a)}/{show(b)}', fill=CURRENT if y == YEARS[-1] else None,
                            font=BLUE if y == YEARS[-1] else (RED if (base + '.main', y) in RED_MARKS else None))
                        for part in ('.main', '.retake'):
                            where.setdefault(base + part, {})[y] = f'{get_column_letter(c)}{row}'
                    put(ws, row, 5, 'основной срок / повторно')
                else:
                    for y, c in cols.items():
                        v = values[fid][y]
                        cur = y == YEARS[-1]
                        mark = (fid, y) in RED_MARKS
                        put(ws, row, c, v, fill=CURRENT if cur else None, font=BLUE if cur else (RED if mark else None),
                            fmt=fmt_for(v))
                        where.setdefault(fid, {})[y] = f'{get_column_letter(c)}{row}'
                    put(ws, row, 5, None)
                row += 1
        for label in ('Вывод:', 'Проблема:'):
            put(ws, row, 1, label, head=True)
            put(ws, row, 2, None)
            ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=5)
            ws.row_dimensions[row].height = 90
            where.setdefault(f'{si + 1}.{"conclusion" if label == "Вывод:" else "problem"}', {})['D'] = f'B{row}'
            row += 1
        ws.page_setup.orientation = 'landscape'
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        # Rows of long labels are as tall as their wrapped text (Excel does not grow them on open).
        for r in range(1, row):
            text = ws.cell(r, 1).value
            if isinstance(text, str) and len(text) > 48 and r not in (1, 2) and ws.row_dimensions[r].height is None:
                ws.row_dimensions[r].height = 15 * ((len(text) + 47) // 48)
    save(wb, path)
    return where


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else HERE
    cells = write(os.path.join(out, 'dtk-correct.xlsx'), json.loads(json.dumps(VALUES)), [])
    write(os.path.join(out, 'dtk-mistakes.xlsx'), json.loads(json.dumps(VALUES)), MISTAKES)
    # What the test compares the check with: each mistake at its cell, and the school's own formats.
    sheets = {}
    for si, (name, _t, _s) in enumerate(SHEETS):
        for sid in SECTIONS[si]:
            sheets[sid] = name
    record = {
        'cells': cells,
        'sheetOf': sheets,
        'mistakes': [{'field': f, 'year': y, 'code': c, 'what': w} for f, y, _v, c, w in MISTAKES],
    }
    with open(os.path.join(out, 'dtk-samples.json'), 'w', encoding='utf-8') as f:
        json.dump(record, f, ensure_ascii=False, indent=1, sort_keys=True)
    print('wrote', os.path.join(out, 'dtk-correct.xlsx'), os.path.join(out, 'dtk-mistakes.xlsx'))


if __name__ == '__main__':
    main()
