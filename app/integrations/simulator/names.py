"""Names as the registries spell them: Kazakh (ә ғ қ ң ө ұ ү һ і), Russian and a few others, in Cyrillic,
with the surname and patronymic in the person's sex."""

from __future__ import annotations

import random

KAZAKH_MALE = ("Асқар", "Ерлан", "Нұрлан", "Дәурен", "Бауыржан", "Ғалым", "Қайрат", "Мұрат", "Серік", "Әлихан",
               "Жандос", "Талғат", "Ерболат", "Айдос", "Бекзат", "Нұрсұлтан", "Ержан", "Дархан", "Ілияс", "Мейірлан",
               "Самат", "Қанат", "Арман", "Әділет", "Болат", "Еркебұлан", "Нұржан", "Ғабит", "Жасұлан", "Төлеген")
KAZAKH_FEMALE = ("Айгүл", "Гүлнар", "Әсел", "Динара", "Жанар", "Мөлдір", "Сәуле", "Ақмарал", "Құралай", "Назым",
                 "Ұлжан", "Іңкәр", "Гүлжан", "Айнұр", "Әйгерім", "Жұлдыз", "Мәдина", "Ақерке", "Қарлығаш", "Меруерт",
                 "Салтанат", "Ботагөз", "Шынар", "Гүлмира", "Айжан", "Ләззат", "Раушан", "Толқын", "Нұргүл", "Дана")
#: Russified Kazakh surnames (-ов, -ев, -ин take -а for a woman)
KAZAKH_SURNAMES = ("Ахметов", "Сейітов", "Жұмабаев", "Құрманов", "Әбдірахманов", "Нұрғалиев", "Оспанов", "Төлеуов",
                   "Қасымов", "Бекмағамбетов", "Ысқақов", "Серікбаев", "Жақыпов", "Омаров", "Мұқанов", "Сәрсенбаев",
                   "Тоқтаров", "Байжанов", "Исаев", "Қалиев", "Мамырбеков", "Әміров", "Ғабдуллин", "Есенов",
                   "Шәкенов", "Үсенов", "Рахымжанов", "Ибраев", "Әлімжанов", "Дүйсенов")
#: surnames in the Kazakh form: the father's name + ұлы (son) or қызы (daughter)
KAZAKH_STEMS = ("Тоқтар", "Нұрлан", "Серік", "Ержан", "Қайрат", "Бауыржан", "Ғалым", "Дәулет")
#: (name, patronymic of a son, of a daughter)
RUSSIAN_MALE = (("Александр", "Александрович", "Александровна"), ("Сергей", "Сергеевич", "Сергеевна"),
                ("Дмитрий", "Дмитриевич", "Дмитриевна"), ("Андрей", "Андреевич", "Андреевна"),
                ("Игорь", "Игоревич", "Игоревна"), ("Владимир", "Владимирович", "Владимировна"),
                ("Николай", "Николаевич", "Николаевна"), ("Виктор", "Викторович", "Викторовна"),
                ("Алексей", "Алексеевич", "Алексеевна"), ("Юрий", "Юрьевич", "Юрьевна"),
                ("Михаил", "Михайлович", "Михайловна"), ("Евгений", "Евгеньевич", "Евгеньевна"),
                ("Олег", "Олегович", "Олеговна"), ("Павел", "Павлович", "Павловна"), ("Иван", "Иванович", "Ивановна"))
RUSSIAN_FEMALE = ("Ольга", "Елена", "Наталья", "Татьяна", "Ирина", "Светлана", "Анна", "Марина", "Людмила", "Галина",
                  "Юлия", "Оксана", "Екатерина", "Валентина", "Надежда")
RUSSIAN_SURNAMES = ("Иванов", "Петров", "Смирнов", "Кузнецов", "Попов", "Соколов", "Лебедев", "Новиков", "Морозов",
                    "Волков", "Федоров", "Михайлов", "Павлов", "Семенов", "Голубев", "Ковалев", "Захаров", "Зайцев",
                    "Белов", "Никитин", "Коваленко", "Шевченко", "Бондаренко")
OTHER_MALE = (("Рустам", "Рустамович", "Рустамовна"), ("Фарход", "Фарходович", "Фарходовна"),
              ("Ильдар", "Ильдарович", "Ильдаровна"), ("Шухрат", "Шухратович", "Шухратовна"),
              ("Бахтияр", "Бахтиярович", "Бахтияровна"))
OTHER_FEMALE = ("Дильноза", "Гульнара", "Фарида", "Зульфия", "Лейла", "Эльмира")
OTHER_SURNAMES = ("Юсупов", "Хасанов", "Һашимов", "Ибрагимов", "Мамедов", "Ким", "Пак", "Тен")

GROUPS = ("kazakh", "russian", "other")
GROUP_CUMULATIVE = (70, 92, 100)  # 70 % Kazakh, 22 % Russian, 8 % others


def _feminine(surname: str) -> str:
    return surname + "а" if surname.endswith(("ов", "ев", "ин")) else surname


def surname(r: random.Random, sex: str, group: str) -> str:
    if group == "kazakh":
        if r.random() < 0.12:
            return r.choice(KAZAKH_STEMS) + ("ұлы" if sex == "M" else "қызы")
        base = r.choice(KAZAKH_SURNAMES)
    else:
        base = r.choice(RUSSIAN_SURNAMES if group == "russian" else OTHER_SURNAMES)
    return base if sex == "M" else _feminine(base)


def full_name(r: random.Random, sex: str) -> tuple[str, str, str, str | None]:
    """(group, last, first, middle): middle is None for about one Kazakh in twenty, as in the registry."""
    group = r.choices(GROUPS, cum_weights=GROUP_CUMULATIVE)[0]
    last = surname(r, sex, group)
    if group == "kazakh":
        first = r.choice(KAZAKH_MALE if sex == "M" else KAZAKH_FEMALE)
        father = r.choice(KAZAKH_MALE)
        middle = None if r.random() < 0.05 else father + ("ұлы" if sex == "M" else "қызы")
        return group, last, first, middle
    males, females = (RUSSIAN_MALE, RUSSIAN_FEMALE) if group == "russian" else (OTHER_MALE, OTHER_FEMALE)
    first = r.choice(males)[0] if sex == "M" else r.choice(females)
    _father, son, daughter = r.choice(males)
    return group, last, first, son if sex == "M" else daughter


def other_surname(r: random.Random, sex: str, group: str, current: str) -> str:
    """A different surname of the same kind (a marriage, a corrected spelling): never the same one,
    so a mutation always shows in the record."""
    if group == "kazakh":
        bases = KAZAKH_SURNAMES
    else:
        bases = RUSSIAN_SURNAMES if group == "russian" else OTHER_SURNAMES
    options = [b if sex == "M" else _feminine(b) for b in bases]
    return r.choice([o for o in options if o != current])
