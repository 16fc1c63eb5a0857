"""Seed content of the lesson observation sheets: one template per education level (DOMAIN.md §2, §7).

Every level has its own sheet (seed 002): secondary education uses the 12 criteria of the sheet in seed 001,
the other levels have sheets adapted to their kind of lesson (session, organized activity, event). Each
criterion has four rubric levels in ascending order, from "not reflected / does not match" to "fully
matches / achieved by all students", in the style of the live platform (seed 002).

Every text is a ``(kk, ru, en)`` tuple. This is seed data only: national admins edit and version the
templates afterwards, so nothing here is a rule the code relies on.
"""

from __future__ import annotations

#: education level code -> template
TEMPLATES = {
    "secondary": {
        "name": (
            "Сабақты бақылау парағы (орта білім беру)",
            "Лист наблюдения урока (среднее образование)",
            "Lesson observation sheet (secondary education)",
        ),
        "event_types": ["lesson"],
        "sections": [
            {
                "name": (
                    "Мақсаттар және күтілетін нәтижелер",
                    "Цели и ожидаемые результаты",
                    "Goals and expected results",
                ),
                "criteria": [
                    # 1
                    {
                        "text": (
                            "Сабақтың мақсаттары мен күтілетін нәтижелері оқу мақсаттарына және МЖМБС талаптарына "
                            "сәйкес келеді",
                            "Цели и ожидаемые результаты урока соответствуют целям обучения и требованиям ГОСО",
                            "The goals and expected results of the lesson match the learning objectives and the state "
                            "compulsory education standard",
                        ),
                        "levels": [
                            (
                                "Мақсаттар мен күтілетін нәтижелер көрсетілмеген немесе олардың барлығы оқу "
                                "мақсаттарына сәйкес келмейді",
                                "Не отражены или все цели и ожидаемые результаты не соответствуют целям обучения",
                                "Not stated, or none of the goals and expected results match the learning objectives",
                            ),
                            (
                                "Бірнеше мақсат (күтілетін нәтиже) оқу мақсаттарына сәйкес келмейді",
                                "Несколько целей (ожидаемых результатов) не соответствуют целям обучения",
                                "Several goals (expected results) do not match the learning objectives",
                            ),
                            (
                                "Бір мақсат (немесе күтілетін нәтиже) оқу мақсаттарына сәйкес келмейді",
                                "Одна цель (или ожидаемый результат) не соответствует целям обучения",
                                "One goal (or expected result) does not match the learning objectives",
                            ),
                            (
                                "Мақсаттар мен күтілетін нәтижелер оқу мақсаттарына және МЖМБС талаптарына толық "
                                "сәйкес келеді",
                                "Цели и ожидаемые результаты полностью соответствуют целям обучения и требованиям ГОСО",
                                "The goals and expected results fully match the learning objectives and the state "
                                "standard",
                            ),
                        ],
                    },
                    # 2
                    {
                        "text": (
                            "Сабақтың күтілетін нәтижелері зерттеушілік (шығармашылық) дағдыларды және функционалдық "
                            "сауаттылықты дамытуға бағытталған",
                            "Ожидаемые результаты урока направлены на развитие исследовательских (творческих) навыков "
                            "и функциональной грамотности",
                            "The expected results of the lesson aim at developing research (creative) skills and "
                            "functional literacy",
                        ),
                        "levels": [
                            (
                                "Күтілетін нәтижелер зерттеушілік (шығармашылық) дағдыларды және функционалдық "
                                "сауаттылықты дамытуға бағытталмаған",
                                "Ожидаемые результаты не направлены на развитие исследовательских (творческих) "
                                "навыков и функциональной грамотности",
                                "The expected results do not aim at research (creative) skills or functional literacy",
                            ),
                            (
                                "Күтілетін нәтижелер негізінен білімді қайта жаңғыртуға бағытталған, оны қолдану "
                                "элементтері аз",
                                "Ожидаемые результаты в основном направлены на воспроизведение знаний, элементов их "
                                "применения мало",
                                "The expected results mostly target reproducing knowledge, with few elements of "
                                "applying it",
                            ),
                            (
                                "Күтілетін нәтижелер негізінен білімді практикалық жағдаяттарда қолдануға "
                                "бағытталған, кейбірі зерттеушілік (шығармашылық) дағдыларды дамытады",
                                "Ожидаемые результаты в основном направлены на применение знаний в практических "
                                "ситуациях, отдельные развивают исследовательские (творческие) навыки",
                                "The expected results mostly target applying knowledge in practical situations, and "
                                "some develop research (creative) skills",
                            ),
                            (
                                "Күтілетін нәтижелер барлық білім алушылардың зерттеушілік (шығармашылық) дағдылары "
                                "мен функционалдық сауаттылығын дамытуға толық бағытталған",
                                "Ожидаемые результаты полностью направлены на развитие исследовательских (творческих) "
                                "навыков и функциональной грамотности всех обучающихся",
                                "The expected results fully aim at developing the research (creative) skills and "
                                "functional literacy of all students",
                            ),
                        ],
                    },
                    # 3
                    {
                        "text": (
                            "Білім алушылар сабақтың күтілетін нәтижелерін талқылауға тартылған",
                            "Обучающиеся вовлечены в обсуждение ожидаемых результатов урока",
                            "Students are involved in discussing the expected results of the lesson",
                        ),
                        "levels": [
                            (
                                "Күтілетін нәтижелер білім алушылармен талқыланбайды",
                                "Ожидаемые результаты не обсуждаются с обучающимися",
                                "The expected results are not discussed with the students",
                            ),
                            (
                                "Күтілетін нәтижелерді педагог хабарлайды, талқылауға жекелеген білім алушылар ғана "
                                "тартылған",
                                "Ожидаемые результаты озвучены педагогом, в обсуждение вовлечены лишь отдельные "
                                "обучающиеся",
                                "The teacher announces the expected results, and only individual students take part "
                                "in discussing them",
                            ),
                            (
                                "Күтілетін нәтижелерді талқылауға білім алушылардың көпшілігі тартылған",
                                "В обсуждение ожидаемых результатов вовлечено большинство обучающихся",
                                "Most students are involved in discussing the expected results",
                            ),
                            (
                                "Барлық білім алушылар күтілетін нәтижелерді талқылауға тартылған және оларды түсінеді",
                                "Все обучающиеся вовлечены в обсуждение ожидаемых результатов и понимают их",
                                "All students are involved in discussing the expected results and understand them",
                            ),
                        ],
                    },
                ],
            },
            {
                "name": (
                    "Оқыту және ресурстар",
                    "Обучение и ресурсы",
                    "Teaching and resources",
                ),
                "criteria": [
                    # 4
                    {
                        "text": (
                            "Тапсырмалар мен ресурстар білім алушылардың қажеттіліктері мен жеке академиялық "
                            "қабілеттерін ескереді",
                            "Задания и ресурсы учитывают потребности и индивидуальные академические способности "
                            "обучающихся",
                            "Tasks and resources take into account the students' needs and individual academic "
                            "abilities",
                        ),
                        "levels": [
                            (
                                "Тапсырмалар мен ресурстар білім алушылардың қажеттіліктері мен қабілеттерін "
                                "ескермейді",
                                "Задания и ресурсы не учитывают потребности и способности обучающихся",
                                "Tasks and resources do not take the students' needs and abilities into account",
                            ),
                            (
                                "Қажеттіліктер мен қабілеттер жекелеген білім алушылар үшін ғана ескерілген",
                                "Потребности и способности учтены лишь для отдельных обучающихся",
                                "Needs and abilities are taken into account only for individual students",
                            ),
                            (
                                "Тапсырмалар мен ресурстар саралап берілген және білім алушылардың көпшілігіне сәйкес "
                                "келеді",
                                "Задания и ресурсы дифференцированы и соответствуют большинству обучающихся",
                                "Tasks and resources are differentiated and suit most students",
                            ),
                            (
                                "Тапсырмалар мен ресурстар барлық білім алушылардың қажеттіліктері мен қабілеттеріне "
                                "толық сәйкес келеді",
                                "Задания и ресурсы полностью соответствуют потребностям и способностям всех "
                                "обучающихся",
                                "Tasks and resources fully match the needs and abilities of all students",
                            ),
                        ],
                    },
                    # 5
                    {
                        "text": (
                            "Оқыту әдістері мен тәсілдері сабақ мақсаттарына барлық білім алушылардың қол жеткізуіне "
                            "ықпал етеді",
                            "Методы и приёмы обучения способствуют достижению целей урока всеми обучающимися",
                            "Teaching methods and techniques help all students reach the lesson goals",
                        ),
                        "levels": [
                            (
                                "Әдістер мен тәсілдер сабақ мақсаттарына қол жеткізуге ықпал етпейді",
                                "Методы и приёмы не способствуют достижению целей урока",
                                "Methods and techniques do not help students reach the lesson goals",
                            ),
                            (
                                "Әдістер мен тәсілдер сабақ мақсаттарына жекелеген білім алушылардың қол жеткізуіне "
                                "ықпал етеді",
                                "Методы и приёмы способствуют достижению целей урока отдельными обучающимися",
                                "Methods and techniques help individual students reach the lesson goals",
                            ),
                            (
                                "Әдістер мен тәсілдер сабақ мақсаттарына білім алушылардың көпшілігінің қол "
                                "жеткізуіне ықпал етеді",
                                "Методы и приёмы способствуют достижению целей урока большинством обучающихся",
                                "Methods and techniques help most students reach the lesson goals",
                            ),
                            (
                                "Әдістер мен тәсілдер сабақ мақсаттарына барлық білім алушылардың қол жеткізуіне "
                                "ықпал етеді",
                                "Методы и приёмы способствуют достижению целей урока всеми обучающимися",
                                "Methods and techniques help all students reach the lesson goals",
                            ),
                        ],
                    },
                    # 6
                    {
                        "text": (
                            "Цифрлық білім беру ресурстары қолданылады",
                            "Применяются цифровые образовательные ресурсы",
                            "Digital educational resources are used",
                        ),
                        "levels": [
                            (
                                "Цифрлық білім беру ресурстары қолданылмайды",
                                "Цифровые образовательные ресурсы не применяются",
                                "Digital educational resources are not used",
                            ),
                            (
                                "Цифрлық ресурстар кейде ғана қолданылады және сабақ мақсаттарымен байланыспайды",
                                "Цифровые ресурсы применяются эпизодически и не связаны с целями урока",
                                "Digital resources are used occasionally and are not linked to the lesson goals",
                            ),
                            (
                                "Цифрлық ресурстарды педагог сабақ мақсаттарына сәйкес қолданады",
                                "Цифровые ресурсы применяются педагогом в соответствии с целями урока",
                                "The teacher uses digital resources in line with the lesson goals",
                            ),
                            (
                                "Цифрлық ресурстарды сабақ мақсаттарына жету үшін педагог те, білім алушылар да "
                                "орынды қолданады",
                                "Цифровые ресурсы целесообразно применяются и педагогом, и обучающимися для "
                                "достижения целей урока",
                                "Both the teacher and the students use digital resources purposefully to reach the "
                                "lesson goals",
                            ),
                        ],
                    },
                ],
            },
            {
                "name": (
                    "Бағалау және кері байланыс",
                    "Оценивание и обратная связь",
                    "Assessment and feedback",
                ),
                "criteria": [
                    # 7
                    {
                        "text": (
                            "Білім алушылардың прогресі сабақтың әр кезеңінде қадағаланады",
                            "Прогресс обучающихся отслеживается на каждом этапе урока",
                            "Students' progress is tracked at every stage of the lesson",
                        ),
                        "levels": [
                            (
                                "Білім алушылардың прогресі қадағаланбайды",
                                "Прогресс обучающихся не отслеживается",
                                "Students' progress is not tracked",
                            ),
                            (
                                "Прогресс сабақтың жекелеген кезеңдерінде немесе жекелеген білім алушыларда ғана "
                                "қадағаланады",
                                "Прогресс отслеживается лишь на отдельных этапах урока или у отдельных обучающихся",
                                "Progress is tracked only at some stages of the lesson or for individual students",
                            ),
                            (
                                "Білім алушылардың көпшілігінің прогресі сабақтың көптеген кезеңдерінде қадағаланады",
                                "Прогресс большинства обучающихся отслеживается на большинстве этапов урока",
                                "The progress of most students is tracked at most stages of the lesson",
                            ),
                            (
                                "Барлық білім алушылардың прогресі бағалау критерийлері бойынша сабақтың әр кезеңінде "
                                "қадағаланады",
                                "Прогресс всех обучающихся отслеживается на каждом этапе урока по критериям оценивания",
                                "The progress of all students is tracked at every stage of the lesson against the "
                                "assessment criteria",
                            ),
                        ],
                    },
                    # 8
                    {
                        "text": (
                            "Педагог пен білім алушылардың кері байланыс беруіне жағдай жасалған",
                            "Созданы условия для предоставления обратной связи педагогом и обучающимися",
                            "Conditions are created for feedback from the teacher and the students",
                        ),
                        "levels": [
                            (
                                "Кері байланыс берілмейді",
                                "Обратная связь не предоставляется",
                                "No feedback is given",
                            ),
                            (
                                "Кері байланыс жалпы сипатта және тек педагог тарапынан беріледі",
                                "Обратная связь носит общий характер и предоставляется только педагогом",
                                "Feedback is general and comes from the teacher only",
                            ),
                            (
                                "Педагог нақты кері байланыс береді, білім алушылар бір-біріне кейде ғана кері "
                                "байланыс береді",
                                "Педагог предоставляет конкретную обратную связь, обучающиеся дают взаимную обратную "
                                "связь эпизодически",
                                "The teacher gives specific feedback, and students give each other feedback only "
                                "occasionally",
                            ),
                            (
                                "Педагог пен барлық білім алушылар нәтижелерді жақсартуға пайдаланылатын нақты кері "
                                "байланысты тұрақты береді",
                                "Педагог и все обучающиеся регулярно предоставляют конкретную обратную связь, которая "
                                "используется для улучшения результатов",
                                "The teacher and all students regularly give specific feedback that is used to "
                                "improve results",
                            ),
                        ],
                    },
                    # 9
                    {
                        "text": (
                            "Педагог әр білім алушының танымдық процеске тартылуын қадағалайды",
                            "Педагог наблюдает за вовлечённостью каждого обучающегося в познавательный процесс",
                            "The teacher watches each student's engagement in the learning process",
                        ),
                        "levels": [
                            (
                                "Педагог білім алушылардың танымдық процеске тартылуын қадағаламайды",
                                "Педагог не наблюдает за вовлечённостью обучающихся в познавательный процесс",
                                "The teacher does not watch the students' engagement in learning",
                            ),
                            (
                                "Педагог жекелеген білім алушылардың тартылуын ғана қадағалайды",
                                "Педагог наблюдает за вовлечённостью лишь отдельных обучающихся",
                                "The teacher watches the engagement of individual students only",
                            ),
                            (
                                "Педагог білім алушылардың көпшілігінің тартылуын қадағалайды және олардың "
                                "қиындықтарына назар аударады",
                                "Педагог наблюдает за вовлечённостью большинства обучающихся и реагирует на их "
                                "затруднения",
                                "The teacher watches the engagement of most students and responds to their "
                                "difficulties",
                            ),
                            (
                                "Педагог әр білім алушының тартылуын қадағалайды, барлық білім алушылар танымдық "
                                "процеске тартылған",
                                "Педагог наблюдает за вовлечённостью каждого обучающегося, все обучающиеся вовлечены "
                                "в познавательный процесс",
                                "The teacher watches every student's engagement, and all students are engaged in "
                                "learning",
                            ),
                        ],
                    },
                ],
            },
            {
                "name": (
                    "Қолдау, құндылықтар және өзара әрекеттестік",
                    "Поддержка, ценности и взаимодействие",
                    "Support, values and interaction",
                ),
                "criteria": [
                    # 10
                    {
                        "text": (
                            "Білім беру нәтижелері төмен білім алушыларды қолдау тәсілдері қолданылады",
                            "Применяются способы поддержки обучающихся с низкими образовательными результатами",
                            "Ways of supporting students with low learning results are used",
                        ),
                        "levels": [
                            (
                                "Нәтижелері төмен білім алушыларға қолдау көрсетілмейді",
                                "Поддержка обучающимся с низкими результатами не оказывается",
                                "Students with low results get no support",
                            ),
                            (
                                "Нәтижелері төмен жекелеген білім алушыларға қолдау кейде ғана көрсетіледі",
                                "Поддержка оказывается эпизодически и лишь отдельным обучающимся с низкими "
                                "результатами",
                                "Support is given occasionally and only to some students with low results",
                            ),
                            (
                                "Нәтижелері төмен білім алушылардың көпшілігіне қолдау көрсетіледі",
                                "Поддержка оказывается большинству обучающихся с низкими результатами",
                                "Most students with low results get support",
                            ),
                            (
                                "Нәтижелері төмен барлық білім алушылар мақсатты қолдау алады және сабақ мақсаттарына "
                                "қарай ілгерілейді",
                                "Все обучающиеся с низкими результатами получают целенаправленную поддержку и "
                                "продвигаются к целям урока",
                                "All students with low results get targeted support and make progress towards the "
                                "lesson goals",
                            ),
                        ],
                    },
                    # 11
                    {
                        "text": (
                            "Ресурстарды қолдану және диалогқа тарту құндылықтарды дамытуға ықпал етеді",
                            "Использование ресурсов и вовлечение в диалог способствуют развитию ценностей",
                            "The resources used and the involvement in dialogue foster the development of values",
                        ),
                        "levels": [
                            (
                                "Ресурстар мен диалог құндылықтарды дамытуға ықпал етпейді",
                                "Ресурсы и диалог не способствуют развитию ценностей",
                                "Resources and dialogue do not foster values",
                            ),
                            (
                                "Құндылықтар білім алушыларды диалогқа тартпай, формалды түрде ғана аталады",
                                "Ценности упоминаются формально, без вовлечения обучающихся в диалог",
                                "Values are mentioned formally, without involving students in dialogue",
                            ),
                            (
                                "Ресурстар мен диалог білім алушылардың көпшілігінің бойында құндылықтарды дамытуға "
                                "ықпал етеді",
                                "Ресурсы и диалог способствуют развитию ценностей у большинства обучающихся",
                                "Resources and dialogue foster values in most students",
                            ),
                            (
                                "Ресурстар мен диалог құндылықтарды дамытуға үйлесімді ықпал етеді, барлық білім "
                                "алушылар диалогқа тартылған",
                                "Ресурсы и диалог органично способствуют развитию ценностей, все обучающиеся "
                                "вовлечены в диалог",
                                "Resources and dialogue naturally foster values, and all students take part in the "
                                "dialogue",
                            ),
                        ],
                    },
                    # 12
                    {
                        "text": (
                            "Сабақта білім алушылардың ізгі ниетті, сындарлы өзара әрекеттестігі қамтамасыз етілген",
                            "На уроке обеспечено доброжелательное конструктивное взаимодействие обучающихся",
                            "Friendly, constructive interaction of the students is ensured in the lesson",
                        ),
                        "levels": [
                            (
                                "Ізгі ниетті, сындарлы өзара әрекеттестік қамтамасыз етілмеген",
                                "Доброжелательное конструктивное взаимодействие не обеспечено",
                                "Friendly, constructive interaction is not ensured",
                            ),
                            (
                                "Өзара әрекеттестік жекелеген білім алушылар арасында ғана қамтамасыз етілген",
                                "Взаимодействие обеспечено лишь между отдельными обучающимися",
                                "Interaction is ensured only among individual students",
                            ),
                            (
                                "Ізгі ниетті, сындарлы өзара әрекеттестік білім алушылардың көпшілігі үшін қамтамасыз "
                                "етілген",
                                "Доброжелательное конструктивное взаимодействие обеспечено для большинства обучающихся",
                                "Friendly, constructive interaction is ensured for most students",
                            ),
                            (
                                "Барлық білім алушылар педагогпен және бір-бірімен ізгі ниетпен, сындарлы өзара "
                                "әрекеттеседі",
                                "Все обучающиеся доброжелательно и конструктивно взаимодействуют с педагогом и друг с "
                                "другом",
                                "All students interact with the teacher and with each other in a friendly, "
                                "constructive way",
                            ),
                        ],
                    },
                ],
            },
        ],
    },
    "preschool": {
        "name": (
            "Ұйымдастырылған іс-әрекетті бақылау парағы (мектепке дейінгі білім беру)",
            "Лист наблюдения организованной деятельности (дошкольное образование)",
            "Organized activity observation sheet (preschool education)",
        ),
        "event_types": ["activity"],
        "sections": [
            {
                "name": (
                    "Мақсаттар және күтілетін нәтижелер",
                    "Цели и ожидаемые результаты",
                    "Goals and expected results",
                ),
                "criteria": [
                    # 1
                    {
                        "text": (
                            "Ұйымдастырылған іс-әрекеттің мақсаттары үлгілік оқу бағдарламасының даму міндеттеріне "
                            "және балалардың жас ерекшеліктеріне сәйкес келеді",
                            "Цели организованной деятельности соответствуют задачам развития типовой учебной "
                            "программы и возрастным особенностям детей",
                            "The goals of the organized activity match the development goals of the standard "
                            "curriculum and the children's age",
                        ),
                        "levels": [
                            (
                                "Мақсаттар көрсетілмеген немесе бағдарламаның даму міндеттеріне және балалардың "
                                "жасына сәйкес келмейді",
                                "Цели не отражены или не соответствуют задачам развития программы и возрасту детей",
                                "Goals are not stated or do not match the programme's development goals and the "
                                "children's age",
                            ),
                            (
                                "Мақсаттар бағдарламаның даму міндеттеріне ішінара сәйкес келеді, балалардың жасы "
                                "ескерілмеген",
                                "Цели частично соответствуют задачам развития программы, возраст детей не учтён",
                                "Goals partly match the programme's development goals, and the children's age is not "
                                "taken into account",
                            ),
                            (
                                "Мақсаттар негізінен бағдарламаның даму міндеттеріне және балалардың жасына сәйкес "
                                "келеді",
                                "Цели в основном соответствуют задачам развития программы и возрасту детей",
                                "Goals mostly match the programme's development goals and the children's age",
                            ),
                            (
                                "Мақсаттар бағдарламаның даму міндеттеріне, балалардың жасына және жеке "
                                "ерекшеліктеріне толық сәйкес келеді",
                                "Цели полностью соответствуют задачам развития программы, возрасту и индивидуальным "
                                "особенностям детей",
                                "Goals fully match the programme's development goals and the children's age and "
                                "individual features",
                            ),
                        ],
                    },
                    # 2
                    {
                        "text": (
                            "Балалардың іс-әрекетке қызығушылығы мен уәждемесі оятылған",
                            "У детей вызваны интерес и мотивация к деятельности",
                            "The children's interest in and motivation for the activity are aroused",
                        ),
                        "levels": [
                            (
                                "Балалардың іс-әрекетке қызығушылығы оятылмаған",
                                "Интерес детей к деятельности не вызван",
                                "The children show no interest in the activity",
                            ),
                            (
                                "Іс-әрекетке жекелеген балалар ғана қызығушылық танытады",
                                "Интерес к деятельности проявляют лишь отдельные дети",
                                "Only individual children show interest in the activity",
                            ),
                            (
                                "Балалардың көпшілігі іс-әрекетке қызығушылық танытады",
                                "Большинство детей проявляют интерес к деятельности",
                                "Most children show interest in the activity",
                            ),
                            (
                                "Барлық балалар іс-әрекетке қызығушылықпен, белсенді қатысады",
                                "Все дети участвуют в деятельности активно и с интересом",
                                "All children take part in the activity actively and with interest",
                            ),
                        ],
                    },
                ],
            },
            {
                "name": (
                    "Ойын және дамытушы орта",
                    "Игра и развивающая среда",
                    "Play and developing environment",
                ),
                "criteria": [
                    # 3
                    {
                        "text": (
                            "Іс-әрекет ойын арқылы және ойын тәсілдерін қолдана отырып ұйымдастырылған",
                            "Деятельность организована через игру и с использованием игровых приёмов",
                            "The activity is organized through play and uses play techniques",
                        ),
                        "levels": [
                            (
                                "Ойын және ойын тәсілдері қолданылмайды, іс-әрекет мектептегі сабақ түрінде өтеді",
                                "Игра и игровые приёмы не используются, деятельность проводится в форме школьного "
                                "урока",
                                "No play or play techniques are used, and the activity is run like a school lesson",
                            ),
                            (
                                "Ойын тәсілдері кейде ғана қолданылады және іс-әрекеттің мақсатымен байланыспайды",
                                "Игровые приёмы используются эпизодически и не связаны с целью деятельности",
                                "Play techniques are used occasionally and are not linked to the goal of the activity",
                            ),
                            (
                                "Іс-әрекеттің көп бөлігі мақсатқа сәйкес ойын арқылы ұйымдастырылған",
                                "Большая часть деятельности организована через игру в соответствии с целью",
                                "Most of the activity is organized through play in line with its goal",
                            ),
                            (
                                "Іс-әрекет толығымен ойынға негізделген, ойын барлық балалардың дамуына қызмет етеді",
                                "Деятельность полностью построена на игре, игра служит развитию всех детей",
                                "The whole activity is built on play, and play serves every child's development",
                            ),
                        ],
                    },
                    # 4
                    {
                        "text": (
                            "Дамытушы заттық-кеңістіктік орта мен материалдар балалардың жасына және қажеттіліктеріне "
                            "сәйкес келеді",
                            "Развивающая предметно-пространственная среда и материалы соответствуют возрасту и "
                            "потребностям детей",
                            "The developing environment and materials suit the children's age and needs",
                        ),
                        "levels": [
                            (
                                "Орта мен материалдар балалардың жасына және қажеттіліктеріне сәйкес келмейді",
                                "Среда и материалы не соответствуют возрасту и потребностям детей",
                                "The environment and materials do not suit the children's age and needs",
                            ),
                            (
                                "Материалдар жеткіліксіз немесе жекелеген балалардың ғана қажеттіліктеріне сәйкес "
                                "келеді",
                                "Материалов недостаточно или они соответствуют потребностям лишь отдельных детей",
                                "Materials are insufficient or suit only individual children",
                            ),
                            (
                                "Орта мен материалдар балалардың көпшілігінің жасына және қажеттіліктеріне сәйкес "
                                "келеді",
                                "Среда и материалы соответствуют возрасту и потребностям большинства детей",
                                "The environment and materials suit the age and needs of most children",
                            ),
                            (
                                "Орта мен материалдар барлық балалардың жасына, қажеттіліктеріне және "
                                "қызығушылықтарына толық сәйкес келеді",
                                "Среда и материалы полностью соответствуют возрасту, потребностям и интересам всех "
                                "детей",
                                "The environment and materials fully suit the age, needs and interests of all children",
                            ),
                        ],
                    },
                    # 5
                    {
                        "text": (
                            "Балалардың қызығушылықтары ескеріледі, оларға таңдау жасауға және бастамашылық танытуға "
                            "мүмкіндік беріледі",
                            "Учитываются интересы детей, им предоставляется возможность выбора и проявления инициативы",
                            "The children's interests are considered, and they can make choices and take initiative",
                        ),
                        "levels": [
                            (
                                "Балаларға таңдау мүмкіндігі берілмейді, іс-әрекетті толығымен педагог басқарады",
                                "Выбор детям не предоставляется, деятельностью полностью управляет педагог",
                                "Children are given no choice, and the teacher directs the whole activity",
                            ),
                            (
                                "Таңдау мүмкіндігі жекелеген балаларға ғана немесе формалды түрде беріледі",
                                "Возможность выбора предоставляется лишь отдельным детям или формально",
                                "Choice is offered only to individual children or only formally",
                            ),
                            (
                                "Балалардың көпшілігі материалдарды, әрекет түрін немесе серіктесін таңдай алады",
                                "Большинство детей могут выбрать материалы, вид действия или партнёра",
                                "Most children can choose materials, the type of action or a partner",
                            ),
                            (
                                "Барлық балалар өз қызығушылықтары бойынша таңдау жасайды және бастамашылық танытады",
                                "Все дети делают выбор по своим интересам и проявляют инициативу",
                                "All children make choices according to their interests and take initiative",
                            ),
                        ],
                    },
                    # 6
                    {
                        "text": (
                            "Іс-әрекет түрлері алмастырылып отырады, балалардың қозғалыс белсенділігі мен денсаулығын "
                            "сақтау қамтамасыз етілген",
                            "Виды деятельности чередуются, обеспечены двигательная активность и здоровьесбережение "
                            "детей",
                            "Types of activity alternate, and the children's physical activity and health are "
                            "provided for",
                        ),
                        "levels": [
                            (
                                "Іс-әрекет түрлері алмастырылмайды, қозғалыс белсенділігі қамтамасыз етілмеген",
                                "Виды деятельности не чередуются, двигательная активность не обеспечена",
                                "Types of activity do not alternate, and there is no physical activity",
                            ),
                            (
                                "Іс-әрекет түрлерін алмастыру және қозғалыс үзілістері жеткіліксіз",
                                "Чередование видов деятельности и двигательные паузы недостаточны",
                                "The alternation of activities and the movement breaks are insufficient",
                            ),
                            (
                                "Іс-әрекет түрлері негізінен алмастырылады, қозғалыс үзілістері өткізіледі",
                                "Виды деятельности в основном чередуются, проводятся двигательные паузы",
                                "Activities mostly alternate, and movement breaks are held",
                            ),
                            (
                                "Іс-әрекет түрлері орынды алмастырылады, жүктеме барлық балалардың жасы мен "
                                "денсаулығына сәйкес мөлшерленген",
                                "Виды деятельности целесообразно чередуются, нагрузка дозирована с учётом возраста и "
                                "здоровья всех детей",
                                "Activities alternate purposefully, and the load is dosed to every child's age and "
                                "health",
                            ),
                        ],
                    },
                ],
            },
            {
                "name": (
                    "Баланың дамуын бақылау және қолдау",
                    "Наблюдение за развитием и поддержка ребёнка",
                    "Monitoring and supporting child development",
                ),
                "criteria": [
                    # 7
                    {
                        "text": (
                            "Педагог әр баланың біліктері мен дағдыларының көрінісін бақылайды және олардың дамуын "
                            "тіркейді",
                            "Педагог наблюдает за проявлением умений и навыков каждого ребёнка и фиксирует их развитие",
                            "The teacher observes each child's abilities and skills and records their development",
                        ),
                        "levels": [
                            (
                                "Педагог балалардың біліктері мен дағдыларын бақыламайды",
                                "Педагог не наблюдает за умениями и навыками детей",
                                "The teacher does not observe the children's abilities and skills",
                            ),
                            (
                                "Педагог жекелеген балалардың ғана біліктері мен дағдыларын бақылайды",
                                "Педагог наблюдает за умениями и навыками лишь отдельных детей",
                                "The teacher observes the abilities and skills of individual children only",
                            ),
                            (
                                "Педагог балалардың көпшілігінің біліктері мен дағдыларын бақылайды",
                                "Педагог наблюдает за умениями и навыками большинства детей",
                                "The teacher observes the abilities and skills of most children",
                            ),
                            (
                                "Педагог әр баланың біліктері мен дағдыларын бақылайды және нәтижелерін әрі қарайғы "
                                "жұмысқа пайдаланады",
                                "Педагог наблюдает за умениями и навыками каждого ребёнка и использует результаты в "
                                "дальнейшей работе",
                                "The teacher observes every child's abilities and skills and uses the results in "
                                "further work",
                            ),
                        ],
                    },
                    # 8
                    {
                        "text": (
                            "Қиындыққа тап болған балаларға жеке қолдау көрсетіледі",
                            "Детям, испытывающим затруднения, оказывается индивидуальная поддержка",
                            "Children who have difficulties get individual support",
                        ),
                        "levels": [
                            (
                                "Қиындыққа тап болған балаларға қолдау көрсетілмейді",
                                "Детям, испытывающим затруднения, поддержка не оказывается",
                                "Children who have difficulties get no support",
                            ),
                            (
                                "Қолдау кейде ғана және жекелеген балаларға ғана көрсетіледі",
                                "Поддержка оказывается эпизодически и лишь отдельным детям",
                                "Support is given occasionally and only to some children",
                            ),
                            (
                                "Қиындыққа тап болған балалардың көпшілігіне қолдау көрсетіледі",
                                "Поддержка оказывается большинству детей, испытывающих затруднения",
                                "Most children who have difficulties get support",
                            ),
                            (
                                "Қиындыққа тап болған барлық балалар өз ерекшеліктеріне сай жеке қолдау алады",
                                "Все дети, испытывающие затруднения, получают индивидуальную поддержку с учётом их "
                                "особенностей",
                                "All children who have difficulties get individual support suited to their needs",
                            ),
                        ],
                    },
                ],
            },
            {
                "name": (
                    "Қарым-қатынас және рефлексия",
                    "Общение и рефлексия",
                    "Communication and reflection",
                ),
                "criteria": [
                    # 9
                    {
                        "text": (
                            "Ізгі ниетті ахуал қалыптасқан, балалар педагогпен және құрдастарымен қарым-қатынас "
                            "жасап, ынтымақтасады",
                            "Создана доброжелательная атмосфера, дети общаются и сотрудничают с педагогом и "
                            "сверстниками",
                            "A friendly atmosphere is created, and children communicate and cooperate with the "
                            "teacher and their peers",
                        ),
                        "levels": [
                            (
                                "Ізгі ниетті ахуал қалыптаспаған, балалардың қарым-қатынасы ұйымдастырылмаған",
                                "Доброжелательная атмосфера не создана, общение детей не организовано",
                                "No friendly atmosphere is created, and the children's communication is not organized",
                            ),
                            (
                                "Педагогпен және құрдастарымен қарым-қатынасқа жекелеген балалар ғана тартылған",
                                "В общение с педагогом и сверстниками вовлечены лишь отдельные дети",
                                "Only individual children are involved in communication with the teacher and peers",
                            ),
                            (
                                "Балалардың көпшілігі ізгі ниетпен қарым-қатынас жасайды және бірлесіп әрекет етеді",
                                "Большинство детей доброжелательно общаются и действуют сообща",
                                "Most children communicate in a friendly way and act together",
                            ),
                            (
                                "Барлық балалар ізгі ниетпен қарым-қатынас жасайды, өз ойын еркін айтады және "
                                "ынтымақтасады",
                                "Все дети доброжелательно общаются, свободно высказываются и сотрудничают",
                                "All children communicate in a friendly way, speak freely and cooperate",
                            ),
                        ],
                    },
                    # 10
                    {
                        "text": (
                            "Іс-әрекеттің соңында балалар өз әсерлері мен нәтижелерін талқылайды, педагог оң кері "
                            "байланыс береді",
                            "В конце деятельности дети обсуждают свои впечатления и результаты, педагог даёт "
                            "положительную обратную связь",
                            "At the end of the activity children discuss their impressions and results, and the "
                            "teacher gives positive feedback",
                        ),
                        "levels": [
                            (
                                "Рефлексия өткізілмейді, кері байланыс берілмейді",
                                "Рефлексия не проводится, обратная связь не предоставляется",
                                "There is no reflection and no feedback",
                            ),
                            (
                                "Рефлексия формалды өтеді, өз әсерлерін жекелеген балалар ғана айтады",
                                "Рефлексия проводится формально, впечатлениями делятся лишь отдельные дети",
                                "Reflection is formal, and only individual children share their impressions",
                            ),
                            (
                                "Балалардың көпшілігі өз әсерлері мен нәтижелерін айтады, педагог кері байланыс береді",
                                "Большинство детей делятся впечатлениями и результатами, педагог даёт обратную связь",
                                "Most children share their impressions and results, and the teacher gives feedback",
                            ),
                            (
                                "Барлық балалар рефлексияға қатысады, педагог әр балаға нақты оң кері байланыс береді",
                                "Все дети участвуют в рефлексии, педагог даёт каждому ребёнку конкретную "
                                "положительную обратную связь",
                                "All children take part in reflection, and the teacher gives each child specific "
                                "positive feedback",
                            ),
                        ],
                    },
                ],
            },
        ],
    },
    "additional": {
        "name": (
            "Сабақты (іс-шараны) бақылау парағы (қосымша білім беру)",
            "Лист наблюдения занятия (мероприятия) (дополнительное образование)",
            "Activity (event) observation sheet (additional education)",
        ),
        "event_types": ["activity", "event"],
        "sections": [
            {
                "name": (
                    "Мақсаттар және мазмұн",
                    "Цели и содержание",
                    "Goals and content",
                ),
                "criteria": [
                    # 1
                    {
                        "text": (
                            "Сабақтың (іс-шараның) мақсаттары қосымша білім беру бағдарламасына және білім "
                            "алушылардың қызығушылықтарына сәйкес келеді",
                            "Цели занятия (мероприятия) соответствуют программе дополнительного образования и "
                            "интересам обучающихся",
                            "The goals of the activity (event) match the additional education programme and the "
                            "students' interests",
                        ),
                        "levels": [
                            (
                                "Мақсаттар көрсетілмеген немесе бағдарламаға сәйкес келмейді",
                                "Цели не отражены или не соответствуют программе",
                                "Goals are not stated or do not match the programme",
                            ),
                            (
                                "Мақсаттар бағдарламаға ішінара сәйкес келеді, білім алушылардың қызығушылықтары "
                                "ескерілмеген",
                                "Цели частично соответствуют программе, интересы обучающихся не учтены",
                                "Goals partly match the programme, and the students' interests are not considered",
                            ),
                            (
                                "Мақсаттар бағдарламаға сәйкес келеді және білім алушылардың көпшілігінің "
                                "қызығушылықтарын ескереді",
                                "Цели соответствуют программе и учитывают интересы большинства обучающихся",
                                "Goals match the programme and consider the interests of most students",
                            ),
                            (
                                "Мақсаттар бағдарламаға толық сәйкес келеді және барлық білім алушылардың "
                                "қызығушылықтарын ескереді",
                                "Цели полностью соответствуют программе и учитывают интересы всех обучающихся",
                                "Goals fully match the programme and consider the interests of all students",
                            ),
                        ],
                    },
                    # 2
                    {
                        "text": (
                            "Сабақтың (іс-шараның) мазмұны білім алушылардың шығармашылық қабілеттері мен "
                            "бейімділіктерін дамытуға бағытталған",
                            "Содержание занятия (мероприятия) направлено на развитие творческих способностей и "
                            "склонностей обучающихся",
                            "The content of the activity (event) aims at developing the students' creative abilities "
                            "and talents",
                        ),
                        "levels": [
                            (
                                "Мазмұн шығармашылық қабілеттерді дамытуға бағытталмаған",
                                "Содержание не направлено на развитие творческих способностей",
                                "The content does not aim at developing creative abilities",
                            ),
                            (
                                "Мазмұн негізінен үлгі бойынша орындауға бағытталған, шығармашылық элементтері аз",
                                "Содержание в основном направлено на выполнение по образцу, элементов творчества мало",
                                "The content is mostly work by a model, with few creative elements",
                            ),
                            (
                                "Мазмұн білім алушылардың көпшілігінің шығармашылық қабілеттерін дамытуға бағытталған",
                                "Содержание направлено на развитие творческих способностей большинства обучающихся",
                                "The content develops the creative abilities of most students",
                            ),
                            (
                                "Мазмұн әр білім алушының шығармашылық қабілеттері мен бейімділіктерін дамытуға толық "
                                "бағытталған",
                                "Содержание полностью направлено на развитие творческих способностей и склонностей "
                                "каждого обучающегося",
                                "The content fully aims at developing each student's creative abilities and talents",
                            ),
                        ],
                    },
                ],
            },
            {
                "name": (
                    "Ұйымдастыру және әдістер",
                    "Организация и методы",
                    "Organization and methods",
                ),
                "criteria": [
                    # 3
                    {
                        "text": (
                            "Әдістер мен жұмыс түрлері (практикалық, ойын, жобалық) білім алушыларды белсенді "
                            "практикалық іс-әрекетке тартады",
                            "Методы и формы работы (практические, игровые, проектные) вовлекают обучающихся в "
                            "активную практическую деятельность",
                            "Methods and forms of work (practical, play-based, project) involve students in active "
                            "practical work",
                        ),
                        "levels": [
                            (
                                "Педагогтің түсіндіруі басым, білім алушылар практикалық іс-әрекетке тартылмаған",
                                "Преобладает объяснение педагога, обучающиеся не вовлечены в практическую деятельность",
                                "The teacher's explanation dominates, and students are not involved in practical work",
                            ),
                            (
                                "Практикалық іс-әрекетке жекелеген білім алушылар ғана тартылған",
                                "В практическую деятельность вовлечены лишь отдельные обучающиеся",
                                "Only individual students are involved in practical work",
                            ),
                            (
                                "Білім алушылардың көпшілігі белсенді практикалық іс-әрекетке тартылған",
                                "Большинство обучающихся вовлечены в активную практическую деятельность",
                                "Most students are involved in active practical work",
                            ),
                            (
                                "Барлық білім алушылар белсенді практикалық іс-әрекетке тартылған, жұмыс түрлері "
                                "мақсатқа сай алмастырылады",
                                "Все обучающиеся вовлечены в активную практическую деятельность, формы работы "
                                "целесообразно чередуются",
                                "All students are involved in active practical work, and the forms of work alternate "
                                "purposefully",
                            ),
                        ],
                    },
                    # 4
                    {
                        "text": (
                            "Тапсырмалар білім алушылардың жеке қабілеттері мен даярлық деңгейін ескереді",
                            "Задания учитывают индивидуальные способности и уровень подготовки обучающихся",
                            "Tasks take into account the students' individual abilities and level of preparation",
                        ),
                        "levels": [
                            (
                                "Тапсырмалар барлығына бірдей және жеке қабілеттерді ескермейді",
                                "Задания одинаковы для всех и не учитывают индивидуальные способности",
                                "Tasks are the same for everyone and ignore individual abilities",
                            ),
                            (
                                "Жеке қабілеттер жекелеген білім алушылар үшін ғана ескерілген",
                                "Индивидуальные способности учтены лишь для отдельных обучающихся",
                                "Individual abilities are considered only for individual students",
                            ),
                            (
                                "Тапсырмалар әртүрлі күрделілік деңгейінде беріліп, білім алушылардың көпшілігіне "
                                "сәйкес келеді",
                                "Задания даны разного уровня сложности и соответствуют большинству обучающихся",
                                "Tasks of different difficulty levels are given and suit most students",
                            ),
                            (
                                "Тапсырмалар әр білім алушының қабілеттері мен даярлық деңгейіне сәйкес келеді және "
                                "өз қарқынымен жұмыс істеуге мүмкіндік береді",
                                "Задания соответствуют способностям и уровню подготовки каждого обучающегося и "
                                "позволяют работать в своём темпе",
                                "Tasks match each student's abilities and preparation and let everyone work at their "
                                "own pace",
                            ),
                        ],
                    },
                    # 5
                    {
                        "text": (
                            "Педагог сабақ (іс-шара) бойы білім алушылардың уәждемесі мен қызығушылығын қолдайды",
                            "Педагог поддерживает мотивацию и интерес обучающихся на протяжении всего занятия "
                            "(мероприятия)",
                            "The teacher keeps the students motivated and interested throughout the activity (event)",
                        ),
                        "levels": [
                            (
                                "Білім алушылардың уәждемесі мен қызығушылығы байқалмайды",
                                "Мотивация и интерес обучающихся не проявляются",
                                "The students show no motivation or interest",
                            ),
                            (
                                "Қызығушылықты жекелеген білім алушылар ғана немесе сабақтың бір бөлігінде ғана "
                                "танытады",
                                "Интерес проявляют лишь отдельные обучающиеся или только на части занятия",
                                "Only individual students show interest, or only for part of the activity",
                            ),
                            (
                                "Білім алушылардың көпшілігі сабақ бойы қызығушылық танытады",
                                "Большинство обучающихся проявляют интерес на протяжении занятия",
                                "Most students stay interested throughout the activity",
                            ),
                            (
                                "Барлық білім алушылар сабақ бойы жоғары уәждеме мен қызығушылық танытады",
                                "Все обучающиеся проявляют высокую мотивацию и интерес на протяжении всего занятия",
                                "All students stay highly motivated and interested throughout the activity",
                            ),
                        ],
                    },
                    # 6
                    {
                        "text": (
                            "Қауіпсіз жағдайлар жасалған, жабдықтар мен материалдар дұрыс қолданылады",
                            "Созданы безопасные условия, оборудование и материалы используются правильно",
                            "Safe conditions are in place, and equipment and materials are used correctly",
                        ),
                        "levels": [
                            (
                                "Қауіпсіздік талаптары сақталмайды",
                                "Требования безопасности не соблюдаются",
                                "Safety requirements are not observed",
                            ),
                            (
                                "Қауіпсіздік талаптары ішінара сақталады, жабдықтар әрдайым дұрыс қолданылмайды",
                                "Требования безопасности соблюдаются частично, оборудование не всегда используется "
                                "правильно",
                                "Safety requirements are partly observed, and equipment is not always used correctly",
                            ),
                            (
                                "Қауіпсіздік талаптары негізінен сақталады, білім алушылардың көпшілігі жабдықтарды "
                                "дұрыс қолданады",
                                "Требования безопасности в основном соблюдаются, большинство обучающихся правильно "
                                "используют оборудование",
                                "Safety requirements are mostly observed, and most students use the equipment "
                                "correctly",
                            ),
                            (
                                "Барлық білім алушылар қауіпсіздік талаптарын сақтайды және жабдықтар мен "
                                "материалдарды дұрыс қолданады",
                                "Все обучающиеся соблюдают требования безопасности и правильно используют "
                                "оборудование и материалы",
                                "All students observe the safety requirements and use equipment and materials "
                                "correctly",
                            ),
                        ],
                    },
                ],
            },
            {
                "name": (
                    "Нәтижелер және жеке прогресс",
                    "Результаты и индивидуальный прогресс",
                    "Results and individual progress",
                ),
                "criteria": [
                    # 7
                    {
                        "text": (
                            "Сабақ (іс-шара) практикалық немесе шығармашылық нәтижемен (бұйыммен, нөмірмен, жобамен) "
                            "аяқталады",
                            "Занятие (мероприятие) завершается практическим или творческим результатом (изделием, "
                            "номером, проектом)",
                            "The activity (event) ends with a practical or creative result (a product, a performance "
                            "or a project)",
                        ),
                        "levels": [
                            (
                                "Практикалық немесе шығармашылық нәтиже жоқ",
                                "Практический или творческий результат отсутствует",
                                "There is no practical or creative result",
                            ),
                            (
                                "Нәтижеге жекелеген білім алушылар ғана қол жеткізеді",
                                "Результата достигают лишь отдельные обучающиеся",
                                "Only individual students achieve a result",
                            ),
                            (
                                "Білім алушылардың көпшілігі практикалық немесе шығармашылық нәтижеге қол жеткізеді",
                                "Большинство обучающихся достигают практического или творческого результата",
                                "Most students achieve a practical or creative result",
                            ),
                            (
                                "Барлық білім алушылар практикалық немесе шығармашылық нәтижеге қол жеткізеді және "
                                "оны таныстырады",
                                "Все обучающиеся достигают практического или творческого результата и представляют его",
                                "All students achieve a practical or creative result and present it",
                            ),
                        ],
                    },
                    # 8
                    {
                        "text": (
                            "Әр білім алушының жеке прогресі қадағаланады және көрсетіледі (жұмыстар портфолиосы, "
                            "жетістіктер)",
                            "Индивидуальный прогресс каждого обучающегося отслеживается и демонстрируется (портфолио "
                            "работ, достижения)",
                            "Each student's individual progress is tracked and shown (a portfolio of works, "
                            "achievements)",
                        ),
                        "levels": [
                            (
                                "Білім алушылардың жеке прогресі қадағаланбайды",
                                "Индивидуальный прогресс обучающихся не отслеживается",
                                "The students' individual progress is not tracked",
                            ),
                            (
                                "Жекелеген білім алушылардың ғана прогресі қадағаланады",
                                "Отслеживается прогресс лишь отдельных обучающихся",
                                "Only individual students' progress is tracked",
                            ),
                            (
                                "Білім алушылардың көпшілігінің прогресі қадағаланады",
                                "Отслеживается прогресс большинства обучающихся",
                                "Most students' progress is tracked",
                            ),
                            (
                                "Әр білім алушының прогресі қадағаланады, білім алушылар өз жетістіктерін бұрынғы "
                                "нәтижелерімен салыстыра алады",
                                "Прогресс каждого обучающегося отслеживается, обучающиеся могут сравнить свои "
                                "достижения с прежними результатами",
                                "Every student's progress is tracked, and students can compare their achievements "
                                "with their earlier results",
                            ),
                        ],
                    },
                    # 9
                    {
                        "text": (
                            "Педагог пен білім алушылар кері байланыс береді, білім алушылар өз жұмысын бағалайды",
                            "Педагог и обучающиеся предоставляют обратную связь, обучающиеся оценивают свою работу",
                            "The teacher and the students give feedback, and students assess their own work",
                        ),
                        "levels": [
                            (
                                "Кері байланыс берілмейді",
                                "Обратная связь не предоставляется",
                                "No feedback is given",
                            ),
                            (
                                "Кері байланыс жалпы сипатта және тек педагог тарапынан беріледі",
                                "Обратная связь носит общий характер и предоставляется только педагогом",
                                "Feedback is general and comes from the teacher only",
                            ),
                            (
                                "Педагог нақты кері байланыс береді, білім алушылардың көпшілігі өз жұмысын бағалайды",
                                "Педагог даёт конкретную обратную связь, большинство обучающихся оценивают свою работу",
                                "The teacher gives specific feedback, and most students assess their own work",
                            ),
                            (
                                "Барлық білім алушылар нақты кері байланыс алады, өз жұмысын және бір-бірінің жұмысын "
                                "сындарлы бағалайды",
                                "Все обучающиеся получают конкретную обратную связь, конструктивно оценивают свою "
                                "работу и работу друг друга",
                                "All students get specific feedback and constructively assess their own and each "
                                "other's work",
                            ),
                        ],
                    },
                ],
            },
            {
                "name": (
                    "Тәрбие және өзара әрекеттестік",
                    "Воспитание и взаимодействие",
                    "Values and interaction",
                ),
                "criteria": [
                    # 10
                    {
                        "text": (
                            "Сабақ (іс-шара) құндылықтарды дамытуға ықпал етеді, ізгі ниетті ахуал мен ынтымақтастық "
                            "қамтамасыз етілген",
                            "Занятие (мероприятие) способствует развитию ценностей, обеспечены доброжелательная "
                            "атмосфера и сотрудничество",
                            "The activity (event) fosters values, and a friendly atmosphere and cooperation are "
                            "ensured",
                        ),
                        "levels": [
                            (
                                "Құндылықтарды дамыту және ынтымақтастық көзделмеген",
                                "Развитие ценностей и сотрудничество не предусмотрены",
                                "Neither values nor cooperation are addressed",
                            ),
                            (
                                "Құндылықтар формалды түрде аталады, ынтымақтастыққа жекелеген білім алушылар ғана "
                                "тартылған",
                                "Ценности упоминаются формально, в сотрудничество вовлечены лишь отдельные обучающиеся",
                                "Values are mentioned formally, and only individual students are involved in "
                                "cooperation",
                            ),
                            (
                                "Білім алушылардың көпшілігі ізгі ниетпен ынтымақтасады, құндылықтар талқыланады",
                                "Большинство обучающихся доброжелательно сотрудничают, ценности обсуждаются",
                                "Most students cooperate in a friendly way, and values are discussed",
                            ),
                            (
                                "Барлық білім алушылар ізгі ниетпен, сындарлы ынтымақтасады, құндылықтар іс-әрекет "
                                "арқылы дамытылады",
                                "Все обучающиеся доброжелательно и конструктивно сотрудничают, ценности развиваются "
                                "через деятельность",
                                "All students cooperate in a friendly, constructive way, and values are developed "
                                "through the activity itself",
                            ),
                        ],
                    },
                ],
            },
        ],
    },
    "tvet": {
        "name": (
            "Сабақты бақылау парағы (техникалық және кәсіптік білім беру)",
            "Лист наблюдения урока (занятия) (техническое и профессиональное образование)",
            "Lesson (session) observation sheet (technical and vocational education)",
        ),
        "event_types": ["lesson", "session"],
        "sections": [
            {
                "name": (
                    "Мақсаттар және оқыту нәтижелері",
                    "Цели и результаты обучения",
                    "Goals and learning outcomes",
                ),
                "criteria": [
                    # 1
                    {
                        "text": (
                            "Сабақтың күтілетін нәтижелері модульдік білім беру бағдарламасының оқыту нәтижелеріне "
                            "және кәсіптік стандарт талаптарына сәйкес келеді",
                            "Ожидаемые результаты урока (занятия) соответствуют результатам обучения модульной "
                            "образовательной программы и требованиям профессионального стандарта",
                            "The expected results of the lesson (session) match the learning outcomes of the modular "
                            "curriculum and the professional standard",
                        ),
                        "levels": [
                            (
                                "Күтілетін нәтижелер көрсетілмеген немесе бағдарламаның оқыту нәтижелеріне сәйкес "
                                "келмейді",
                                "Ожидаемые результаты не отражены или не соответствуют результатам обучения программы",
                                "Expected results are not stated or do not match the programme's learning outcomes",
                            ),
                            (
                                "Бірнеше күтілетін нәтиже бағдарламаның оқыту нәтижелеріне сәйкес келмейді",
                                "Несколько ожидаемых результатов не соответствуют результатам обучения программы",
                                "Several expected results do not match the programme's learning outcomes",
                            ),
                            (
                                "Бір күтілетін нәтиже бағдарламаның оқыту нәтижелеріне сәйкес келмейді",
                                "Один ожидаемый результат не соответствует результатам обучения программы",
                                "One expected result does not match the programme's learning outcomes",
                            ),
                            (
                                "Барлық күтілетін нәтижелер бағдарламаның оқыту нәтижелеріне және кәсіптік стандарт "
                                "талаптарына толық сәйкес келеді",
                                "Все ожидаемые результаты полностью соответствуют результатам обучения программы и "
                                "профессиональному стандарту",
                                "All expected results fully match the programme's learning outcomes and the "
                                "professional standard",
                            ),
                        ],
                    },
                    # 2
                    {
                        "text": (
                            "Сабақ білім алушылардың кәсіптік құзыреттерін (білімін, білігі мен дағдыларын) "
                            "қалыптастыруға бағытталған",
                            "Урок (занятие) направлен на формирование профессиональных компетенций (знаний, умений и "
                            "навыков) обучающихся",
                            "The lesson (session) aims at building the students' professional competencies "
                            "(knowledge, abilities and skills)",
                        ),
                        "levels": [
                            (
                                "Сабақ кәсіптік құзыреттерді қалыптастыруға бағытталмаған",
                                "Урок (занятие) не направлен на формирование профессиональных компетенций",
                                "The lesson does not aim at building professional competencies",
                            ),
                            (
                                "Сабақ негізінен теориялық білімді қайта жаңғыртуға бағытталған, кәсіптік біліктер аз "
                                "қамтылған",
                                "Урок (занятие) в основном направлен на воспроизведение теоретических знаний, "
                                "профессиональные умения затронуты мало",
                                "The lesson mostly reproduces theoretical knowledge and gives little attention to "
                                "professional abilities",
                            ),
                            (
                                "Сабақ кәсіптік білім мен біліктерді қалыптастыруға бағытталған, бірақ оларды кәсіби "
                                "жағдаяттарда қолдану шектеулі",
                                "Урок (занятие) направлен на формирование профессиональных знаний и умений, но их "
                                "применение в профессиональных ситуациях ограничено",
                                "The lesson builds professional knowledge and abilities, but their use in "
                                "professional situations is limited",
                            ),
                            (
                                "Сабақ барлық білім алушылардың кәсіптік құзыреттерін кәсіби жағдаяттарда қолдану "
                                "арқылы қалыптастыруға толық бағытталған",
                                "Урок (занятие) полностью направлен на формирование профессиональных компетенций всех "
                                "обучающихся через их применение в профессиональных ситуациях",
                                "The lesson fully aims at building every student's professional competencies by "
                                "applying them in professional situations",
                            ),
                        ],
                    },
                    # 3
                    {
                        "text": (
                            "Білім алушылар күтілетін нәтижелерді және жұмысты орындау критерийлерін түсінеді",
                            "Обучающиеся понимают ожидаемые результаты и критерии выполнения работы",
                            "Students understand the expected results and the performance criteria of the work",
                        ),
                        "levels": [
                            (
                                "Күтілетін нәтижелер мен орындау критерийлері білім алушыларға хабарланбайды",
                                "Ожидаемые результаты и критерии выполнения до обучающихся не доводятся",
                                "Students are not told the expected results or the performance criteria",
                            ),
                            (
                                "Күтілетін нәтижелер мен критерийлерді педагог хабарлайды, оларды жекелеген білім "
                                "алушылар ғана түсінеді",
                                "Ожидаемые результаты и критерии озвучены педагогом, их понимают лишь отдельные "
                                "обучающиеся",
                                "The teacher announces the expected results and criteria, but only individual "
                                "students understand them",
                            ),
                            (
                                "Білім алушылардың көпшілігі күтілетін нәтижелер мен орындау критерийлерін түсінеді",
                                "Большинство обучающихся понимают ожидаемые результаты и критерии выполнения",
                                "Most students understand the expected results and the performance criteria",
                            ),
                            (
                                "Барлық білім алушылар күтілетін нәтижелер мен орындау критерийлерін түсінеді және "
                                "оларды жұмыста басшылыққа алады",
                                "Все обучающиеся понимают ожидаемые результаты и критерии выполнения и "
                                "руководствуются ими в работе",
                                "All students understand the expected results and the performance criteria and follow "
                                "them in their work",
                            ),
                        ],
                    },
                ],
            },
            {
                "name": (
                    "Теориялық және практикалық оқыту",
                    "Теоретическое и практическое обучение",
                    "Theoretical and practical training",
                ),
                "criteria": [
                    # 4
                    {
                        "text": (
                            "Оқу материалы практикамен және нақты өндіріспен байланыстырылған",
                            "Учебный материал связан с практикой и реальным производством",
                            "The learning material is linked with practice and real production",
                        ),
                        "levels": [
                            (
                                "Оқу материалы практикамен және өндіріспен байланыстырылмаған",
                                "Учебный материал не связан с практикой и производством",
                                "The learning material is not linked with practice or production",
                            ),
                            (
                                "Өндіріспен байланыс жекелеген мысалдармен ғана көрсетілген",
                                "Связь с производством показана лишь отдельными примерами",
                                "The link with production is shown only by isolated examples",
                            ),
                            (
                                "Оқу материалы негізінен өндірістік мысалдарға және кәсіби жағдаяттарға негізделген",
                                "Учебный материал в основном опирается на производственные примеры и профессиональные "
                                "ситуации",
                                "The learning material mostly draws on production examples and professional situations",
                            ),
                            (
                                "Оқу материалы өндірістің нақты міндеттеріне, заманауи технологияларға және жұмыс "
                                "берушілердің талаптарына толық негізделген",
                                "Учебный материал полностью основан на реальных задачах производства, современных "
                                "технологиях и требованиях работодателей",
                                "The learning material is fully based on real production tasks, modern technologies "
                                "and employers' requirements",
                            ),
                        ],
                    },
                    # 5
                    {
                        "text": (
                            "Практикалық тапсырмалар (жұмыстар) нақты кәсіби міндеттер мен өндірістік жағдаяттарды "
                            "модельдейді",
                            "Практические задания (работы) моделируют реальные профессиональные задачи и "
                            "производственные ситуации",
                            "Practical tasks (works) model real professional tasks and production situations",
                        ),
                        "levels": [
                            (
                                "Практикалық тапсырмалар берілмейді немесе кәсіби міндеттермен байланыспайды",
                                "Практические задания не предусмотрены или не связаны с профессиональными задачами",
                                "There are no practical tasks, or they are not linked to professional tasks",
                            ),
                            (
                                "Практикалық тапсырмалар үлгі бойынша орындалады және кәсіби міндеттерге ішінара "
                                "сәйкес келеді",
                                "Практические задания выполняются по образцу и частично соответствуют "
                                "профессиональным задачам",
                                "Practical tasks are done by a model and partly match professional tasks",
                            ),
                            (
                                "Практикалық тапсырмалар негізінен нақты кәсіби міндеттерді модельдейді",
                                "Практические задания в основном моделируют реальные профессиональные задачи",
                                "Practical tasks mostly model real professional tasks",
                            ),
                            (
                                "Барлық білім алушылар нақты өндірістік жағдаяттарды модельдейтін практикалық "
                                "тапсырмаларды дербес орындайды",
                                "Все обучающиеся самостоятельно выполняют практические задания, моделирующие реальные "
                                "производственные ситуации",
                                "All students independently do practical tasks that model real production situations",
                            ),
                        ],
                    },
                    # 6
                    {
                        "text": (
                            "Оқыту әдістері, жабдықтар және цифрлық ресурстар (тренажерлер, симуляторлар) оқыту "
                            "нәтижелеріне қол жеткізуге ықпал етеді",
                            "Методы обучения, оборудование и цифровые ресурсы (тренажёры, симуляторы) способствуют "
                            "достижению результатов обучения",
                            "Teaching methods, equipment and digital resources (trainers, simulators) help students "
                            "achieve the learning outcomes",
                        ),
                        "levels": [
                            (
                                "Әдістер мен жабдықтар оқыту нәтижелеріне қол жеткізуге ықпал етпейді",
                                "Методы и оборудование не способствуют достижению результатов обучения",
                                "Methods and equipment do not help students achieve the learning outcomes",
                            ),
                            (
                                "Әдістер мен жабдықтар оқыту нәтижелеріне жекелеген білім алушылардың қол жеткізуіне "
                                "ықпал етеді",
                                "Методы и оборудование способствуют достижению результатов обучения отдельными "
                                "обучающимися",
                                "Methods and equipment help individual students achieve the learning outcomes",
                            ),
                            (
                                "Әдістер, жабдықтар және цифрлық ресурстар оқыту нәтижелеріне білім алушылардың "
                                "көпшілігінің қол жеткізуіне ықпал етеді",
                                "Методы, оборудование и цифровые ресурсы способствуют достижению результатов обучения "
                                "большинством обучающихся",
                                "Methods, equipment and digital resources help most students achieve the learning "
                                "outcomes",
                            ),
                            (
                                "Әдістер, жабдықтар және цифрлық ресурстар оқыту нәтижелеріне барлық білім "
                                "алушылардың қол жеткізуіне ықпал етеді",
                                "Методы, оборудование и цифровые ресурсы способствуют достижению результатов обучения "
                                "всеми обучающимися",
                                "Methods, equipment and digital resources help all students achieve the learning "
                                "outcomes",
                            ),
                        ],
                    },
                    # 7
                    {
                        "text": (
                            "Қауіпсіздік техникасы мен еңбекті қорғау талаптары түсіндіріледі және сақталады",
                            "Требования техники безопасности и охраны труда разъясняются и соблюдаются",
                            "Safety and labour protection requirements are explained and observed",
                        ),
                        "levels": [
                            (
                                "Қауіпсіздік техникасы бойынша нұсқама жүргізілмейді, талаптар сақталмайды",
                                "Инструктаж по технике безопасности не проводится, требования не соблюдаются",
                                "No safety briefing is given, and the requirements are not observed",
                            ),
                            (
                                "Нұсқама формалды жүргізіледі, талаптарды жекелеген білім алушылар ғана сақтайды",
                                "Инструктаж проводится формально, требования соблюдают лишь отдельные обучающиеся",
                                "The briefing is a formality, and only individual students observe the requirements",
                            ),
                            (
                                "Нұсқама жүргізіледі, талаптарды білім алушылардың көпшілігі сақтайды",
                                "Инструктаж проводится, требования соблюдает большинство обучающихся",
                                "The briefing is given, and most students observe the requirements",
                            ),
                            (
                                "Барлық білім алушылар қауіпсіздік талаптарын біледі және сақтайды, жұмыс орындары "
                                "дұрыс ұйымдастырылған",
                                "Все обучающиеся знают и соблюдают требования безопасности, рабочие места "
                                "организованы правильно",
                                "All students know and observe the safety requirements, and workplaces are properly "
                                "organized",
                            ),
                        ],
                    },
                ],
            },
            {
                "name": (
                    "Бағалау және кері байланыс",
                    "Оценивание и обратная связь",
                    "Assessment and feedback",
                ),
                "criteria": [
                    # 8
                    {
                        "text": (
                            "Білім алушылардың кәсіптік біліктері мен дағдылары нақты критерийлер бойынша бағаланады",
                            "Профессиональные умения и навыки обучающихся оцениваются по чётким критериям",
                            "The students' professional abilities and skills are assessed against clear criteria",
                        ),
                        "levels": [
                            (
                                "Біліктер мен дағдылар бағаланбайды немесе критерийлерсіз бағаланады",
                                "Умения и навыки не оцениваются или оцениваются без критериев",
                                "Abilities and skills are not assessed, or are assessed without criteria",
                            ),
                            (
                                "Жекелеген білім алушылардың ғана біліктері критерийлер бойынша бағаланады",
                                "По критериям оцениваются умения лишь отдельных обучающихся",
                                "Only individual students' abilities are assessed against criteria",
                            ),
                            (
                                "Білім алушылардың көпшілігінің біліктері мен дағдылары критерийлер бойынша бағаланады",
                                "Умения и навыки большинства обучающихся оцениваются по критериям",
                                "The abilities and skills of most students are assessed against criteria",
                            ),
                            (
                                "Барлық білім алушылардың біліктері мен дағдылары жұмыс сапасының критерийлері мен "
                                "нормативтер бойынша бағаланады",
                                "Умения и навыки всех обучающихся оцениваются по критериям качества работы и "
                                "нормативам",
                                "The abilities and skills of all students are assessed against work quality criteria "
                                "and standards",
                            ),
                        ],
                    },
                    # 9
                    {
                        "text": (
                            "Білім алушылардың прогресі қадағаланады, педагог пен білім алушылар кері байланыс береді",
                            "Отслеживается прогресс обучающихся, педагог и обучающиеся предоставляют обратную связь",
                            "Students' progress is tracked, and the teacher and the students give feedback",
                        ),
                        "levels": [
                            (
                                "Прогресс қадағаланбайды, кері байланыс берілмейді",
                                "Прогресс не отслеживается, обратная связь не предоставляется",
                                "Progress is not tracked, and no feedback is given",
                            ),
                            (
                                "Прогресс кейде ғана қадағаланады, кері байланыс жалпы сипатта және тек педагог "
                                "тарапынан беріледі",
                                "Прогресс отслеживается эпизодически, обратная связь носит общий характер и исходит "
                                "только от педагога",
                                "Progress is tracked occasionally, and feedback is general and comes from the teacher "
                                "only",
                            ),
                            (
                                "Білім алушылардың көпшілігінің прогресі қадағаланады, педагог нақты кері байланыс "
                                "береді",
                                "Прогресс большинства обучающихся отслеживается, педагог даёт конкретную обратную "
                                "связь",
                                "The progress of most students is tracked, and the teacher gives specific feedback",
                            ),
                            (
                                "Барлық білім алушылардың прогресі қадағаланады, олар өз жұмысын өзі және өзара "
                                "бағалайды",
                                "Прогресс всех обучающихся отслеживается, обучающиеся проводят самооценку и "
                                "взаимооценку работы",
                                "The progress of all students is tracked, and students self-assess and peer-assess "
                                "their work",
                            ),
                        ],
                    },
                ],
            },
            {
                "name": (
                    "Қолдау және кәсіби құндылықтар",
                    "Поддержка и профессиональные ценности",
                    "Support and professional values",
                ),
                "criteria": [
                    # 10
                    {
                        "text": (
                            "Қиындыққа тап болған білім алушыларға жеке нұсқау беріледі және қолдау көрсетіледі",
                            "Обучающимся, испытывающим затруднения, оказываются индивидуальный инструктаж и поддержка",
                            "Students who have difficulties get individual instruction and support",
                        ),
                        "levels": [
                            (
                                "Қиындыққа тап болған білім алушыларға қолдау көрсетілмейді",
                                "Обучающимся, испытывающим затруднения, поддержка не оказывается",
                                "Students who have difficulties get no support",
                            ),
                            (
                                "Қолдау кейде ғана және жекелеген білім алушыларға ғана көрсетіледі",
                                "Поддержка оказывается эпизодически и лишь отдельным обучающимся",
                                "Support is given occasionally and only to some students",
                            ),
                            (
                                "Қиындыққа тап болған білім алушылардың көпшілігіне ағымдағы нұсқау беріледі",
                                "Большинству обучающихся, испытывающих затруднения, даётся текущий инструктаж",
                                "Most students who have difficulties get ongoing instruction",
                            ),
                            (
                                "Қиындыққа тап болған барлық білім алушылар жеке нұсқау алады және тапсырманы сәтті "
                                "орындайды",
                                "Все обучающиеся, испытывающие затруднения, получают индивидуальный инструктаж и "
                                "успешно выполняют задание",
                                "All students who have difficulties get individual instruction and complete the task "
                                "successfully",
                            ),
                        ],
                    },
                    # 11
                    {
                        "text": (
                            "Сабақ кәсіби құндылықтарды, еңбек мәдениетін және командада жұмыс істеу дағдыларын "
                            "дамытады",
                            "Урок (занятие) развивает профессиональные ценности, культуру труда и навыки работы в "
                            "команде",
                            "The lesson (session) develops professional values, a culture of work and teamwork skills",
                        ),
                        "levels": [
                            (
                                "Кәсіби құндылықтар, еңбек мәдениеті және командалық жұмыс назарға алынбайды",
                                "Профессиональные ценности, культура труда и работа в команде не рассматриваются",
                                "Professional values, work culture and teamwork are not addressed",
                            ),
                            (
                                "Кәсіби құндылықтар мен еңбек мәдениеті формалды түрде ғана аталады",
                                "Профессиональные ценности и культура труда упоминаются лишь формально",
                                "Professional values and work culture are mentioned only formally",
                            ),
                            (
                                "Білім алушылардың көпшілігі еңбек мәдениетін сақтайды және командада ынтымақтаса "
                                "жұмыс істейді",
                                "Большинство обучающихся соблюдают культуру труда и сотрудничают в команде",
                                "Most students keep to the work culture and cooperate in teams",
                            ),
                            (
                                "Барлық білім алушылар жауапкершілікті, еңбек мәдениетін және командада сындарлы "
                                "өзара әрекеттестікті танытады",
                                "Все обучающиеся проявляют ответственность, культуру труда и конструктивное "
                                "взаимодействие в команде",
                                "All students show responsibility, a culture of work and constructive teamwork",
                            ),
                        ],
                    },
                ],
            },
        ],
    },
    "special": {
        "name": (
            "Сабақты бақылау парағы (арнаулы білім беру)",
            "Лист наблюдения урока (занятия) (специальное образование)",
            "Lesson (session) observation sheet (special education)",
        ),
        "event_types": ["lesson", "session"],
        "sections": [
            {
                "name": (
                    "Мақсаттар және жеке дамыту бағдарламасы",
                    "Цели и индивидуальная программа развития",
                    "Goals and individual development programme",
                ),
                "criteria": [
                    # 1
                    {
                        "text": (
                            "Сабақтың мақсаттары әр баланың жеке дамыту бағдарламасындағы жеке білім беру "
                            "мақсаттарына сәйкес келеді",
                            "Цели урока (занятия) соответствуют индивидуальным образовательным целям индивидуальной "
                            "программы развития каждого ребёнка",
                            "The goals of the lesson (session) match the individual educational goals in each child's "
                            "individual development programme",
                        ),
                        "levels": [
                            (
                                "Мақсаттар көрсетілмеген немесе жеке дамыту бағдарламаларымен байланыспайды",
                                "Цели не отражены или не связаны с индивидуальными программами развития",
                                "Goals are not stated or are not linked to the individual development programmes",
                            ),
                            (
                                "Мақсаттар жекелеген балалардың ғана жеке дамыту бағдарламаларына сәйкес келеді",
                                "Цели соответствуют индивидуальным программам развития лишь отдельных детей",
                                "Goals match the individual development programmes of only some children",
                            ),
                            (
                                "Мақсаттар балалардың көпшілігінің жеке дамыту бағдарламаларына сәйкес келеді",
                                "Цели соответствуют индивидуальным программам развития большинства детей",
                                "Goals match the individual development programmes of most children",
                            ),
                            (
                                "Мақсаттар әр баланың жеке дамыту бағдарламасындағы жеке білім беру мақсаттарына "
                                "толық сәйкес келеді",
                                "Цели полностью соответствуют индивидуальным образовательным целям программы развития "
                                "каждого ребёнка",
                                "Goals fully match the individual educational goals of every child's development "
                                "programme",
                            ),
                        ],
                    },
                    # 2
                    {
                        "text": (
                            "Күтілетін нәтижелер нақты, өлшенетін және ПМПК ұсынымдарын ескере отырып әр балаға "
                            "қолжетімді",
                            "Ожидаемые результаты конкретны, измеримы и достижимы для каждого ребёнка с учётом "
                            "рекомендаций ПМПК",
                            "Expected results are specific, measurable and achievable for each child in line with the "
                            "PMPC recommendations",
                        ),
                        "levels": [
                            (
                                "Күтілетін нәтижелер нақты емес және балалардың мүмкіндіктеріне сәйкес келмейді",
                                "Ожидаемые результаты неконкретны и не соответствуют возможностям детей",
                                "Expected results are vague and do not match the children's abilities",
                            ),
                            (
                                "Күтілетін нәтижелер нақты, бірақ оларға жекелеген балалар ғана қол жеткізе алады",
                                "Ожидаемые результаты конкретны, но достижимы лишь отдельными детьми",
                                "Expected results are specific but achievable only by some children",
                            ),
                            (
                                "Күтілетін нәтижелер нақты және балалардың көпшілігіне қолжетімді",
                                "Ожидаемые результаты конкретны и достижимы большинством детей",
                                "Expected results are specific and achievable by most children",
                            ),
                            (
                                "Күтілетін нәтижелер нақты, өлшенетін және ПМПК ұсынымдарына сәйкес әр балаға "
                                "қолжетімді",
                                "Ожидаемые результаты конкретны, измеримы и достижимы каждым ребёнком с учётом "
                                "рекомендаций ПМПК",
                                "Expected results are specific, measurable and achievable by every child in line with "
                                "the PMPC recommendations",
                            ),
                        ],
                    },
                ],
            },
            {
                "name": (
                    "Бейімделген мазмұн, әдістер және ресурстар",
                    "Адаптированное содержание, методы и ресурсы",
                    "Adapted content, methods and resources",
                ),
                "criteria": [
                    # 3
                    {
                        "text": (
                            "Тапсырмалар әр баланың мүмкіндіктеріне қарай мазмұны, көлемі және орындау қарқыны "
                            "бойынша бейімделген",
                            "Задания адаптированы по содержанию, объёму и темпу выполнения с учётом возможностей "
                            "каждого ребёнка",
                            "Tasks are adapted in content, volume and pace to each child's abilities",
                        ),
                        "levels": [
                            (
                                "Тапсырмалар бейімделмеген және балалардың мүмкіндіктерін ескермейді",
                                "Задания не адаптированы и не учитывают возможности детей",
                                "Tasks are not adapted and ignore the children's abilities",
                            ),
                            (
                                "Тапсырмалар жекелеген балалар үшін ғана бейімделген",
                                "Задания адаптированы лишь для отдельных детей",
                                "Tasks are adapted only for some children",
                            ),
                            (
                                "Тапсырмалар балалардың көпшілігінің мүмкіндіктеріне бейімделген",
                                "Задания адаптированы к возможностям большинства детей",
                                "Tasks are adapted to the abilities of most children",
                            ),
                            (
                                "Тапсырмалар әр баланың мүмкіндіктеріне мазмұны, көлемі және қарқыны бойынша толық "
                                "бейімделген",
                                "Задания полностью адаптированы по содержанию, объёму и темпу к возможностям каждого "
                                "ребёнка",
                                "Tasks are fully adapted in content, volume and pace to every child's abilities",
                            ),
                        ],
                    },
                    # 4
                    {
                        "text": (
                            "Көрнекі құралдар, арнайы техникалық құралдар мен цифрлық ресурстар балалардың ерекше "
                            "білім берілу қажеттіліктеріне сәйкес қолданылады",
                            "Наглядные пособия, специальные технические средства и цифровые ресурсы используются с "
                            "учётом особых образовательных потребностей детей",
                            "Visual aids, special technical aids and digital resources are used according to the "
                            "children's special educational needs",
                        ),
                        "levels": [
                            (
                                "Ресурстар қолданылмайды немесе балалардың қажеттіліктеріне сәйкес келмейді",
                                "Ресурсы не используются или не соответствуют потребностям детей",
                                "Resources are not used or do not suit the children's needs",
                            ),
                            (
                                "Ресурстар кейде ғана қолданылады және жекелеген балалардың ғана қажеттіліктеріне "
                                "сәйкес келеді",
                                "Ресурсы используются эпизодически и соответствуют потребностям лишь отдельных детей",
                                "Resources are used occasionally and suit only some children's needs",
                            ),
                            (
                                "Ресурстар балалардың көпшілігінің қажеттіліктеріне сәйкес қолданылады",
                                "Ресурсы используются с учётом потребностей большинства детей",
                                "Resources are used in line with the needs of most children",
                            ),
                            (
                                "Ресурстар әр баланың ерекше білім берілу қажеттіліктеріне сәйкес орынды қолданылады",
                                "Ресурсы целесообразно используются с учётом особых образовательных потребностей "
                                "каждого ребёнка",
                                "Resources are used purposefully in line with each child's special educational needs",
                            ),
                        ],
                    },
                    # 5
                    {
                        "text": (
                            "Сабаққа түзету-дамыту жұмысының тапсырмалары (сөйлеуді, моториканы, танымдық процестерді "
                            "дамыту) енгізілген",
                            "В урок (занятие) включены задания коррекционно-развивающей работы (развитие речи, "
                            "моторики, познавательных процессов)",
                            "The lesson (session) includes correction-and-development tasks (speech, motor skills, "
                            "cognitive processes)",
                        ),
                        "levels": [
                            (
                                "Түзету-дамыту жұмысы жүргізілмейді",
                                "Коррекционно-развивающая работа не проводится",
                                "No correction-and-development work is done",
                            ),
                            (
                                "Түзету-дамыту тапсырмалары кездейсоқ енгізілген және сабақ мақсаттарымен "
                                "байланыспайды",
                                "Коррекционно-развивающие задания включены эпизодически и не связаны с целями урока "
                                "(занятия)",
                                "Correction-and-development tasks are occasional and not linked to the lesson goals",
                            ),
                            (
                                "Түзету-дамыту жұмысы жүйелі жүргізіледі және балалардың көпшілігінің қажеттіліктерін "
                                "қамтиды",
                                "Коррекционно-развивающая работа проводится системно и охватывает потребности "
                                "большинства детей",
                                "Correction-and-development work is systematic and covers the needs of most children",
                            ),
                            (
                                "Түзету-дамыту жұмысы сабақтың барлық кезеңдерінде әр баланың бұзылыс құрылымын "
                                "ескере отырып жүргізіледі",
                                "Коррекционно-развивающая работа ведётся на всех этапах урока (занятия) с учётом "
                                "структуры нарушения каждого ребёнка",
                                "Correction-and-development work runs through all stages of the lesson and considers "
                                "each child's specific impairment",
                            ),
                        ],
                    },
                    # 6
                    {
                        "text": (
                            "Қауіпсіз әрі қолжетімді орта қамтамасыз етілген, жүктеме мөлшерленген, іс-әрекет пен "
                            "демалыс алмастырылады",
                            "Обеспечена безопасная и доступная среда, нагрузка дозирована, деятельность и отдых "
                            "чередуются",
                            "A safe and accessible environment is ensured, the load is dosed, and activity alternates "
                            "with rest",
                        ),
                        "levels": [
                            (
                                "Орта балалар үшін қолжетімсіз, жүктеме мөлшерленбеген",
                                "Среда недоступна для детей, нагрузка не дозирована",
                                "The environment is not accessible for the children, and the load is not dosed",
                            ),
                            (
                                "Орта ішінара қолжетімді, динамикалық үзілістер өткізілмейді",
                                "Среда частично доступна, динамические паузы не проводятся",
                                "The environment is partly accessible, and no movement breaks are held",
                            ),
                            (
                                "Орта негізінен қолжетімді, жүктеме балалардың көпшілігіне сәйкес мөлшерленген",
                                "Среда в основном доступна, нагрузка дозирована для большинства детей",
                                "The environment is mostly accessible, and the load is dosed for most children",
                            ),
                            (
                                "Орта әр бала үшін қауіпсіз әрі қолжетімді, жүктеме балалардың жағдайына сәйкес "
                                "мөлшерленген",
                                "Среда безопасна и доступна для каждого ребёнка, нагрузка дозирована с учётом "
                                "состояния детей",
                                "The environment is safe and accessible for every child, and the load is dosed to the "
                                "children's condition",
                            ),
                        ],
                    },
                ],
            },
            {
                "name": (
                    "Дамуды бақылау және кері байланыс",
                    "Мониторинг развития и обратная связь",
                    "Monitoring development and feedback",
                ),
                "criteria": [
                    # 7
                    {
                        "text": (
                            "Әр баланың жеке мақсаттарға қарай ілгерілеуі қадағаланады және тіркеледі",
                            "Продвижение каждого ребёнка к индивидуальным целям отслеживается и фиксируется",
                            "Each child's progress towards their individual goals is tracked and recorded",
                        ),
                        "levels": [
                            (
                                "Балалардың ілгерілеуі қадағаланбайды",
                                "Продвижение детей не отслеживается",
                                "The children's progress is not tracked",
                            ),
                            (
                                "Жекелеген балалардың ғана ілгерілеуі қадағаланады",
                                "Отслеживается продвижение лишь отдельных детей",
                                "Only some children's progress is tracked",
                            ),
                            (
                                "Балалардың көпшілігінің ілгерілеуі қадағаланады",
                                "Отслеживается продвижение большинства детей",
                                "Most children's progress is tracked",
                            ),
                            (
                                "Әр баланың жеке мақсаттарға қарай ілгерілеуі қадағаланады, тіркеледі және әрі "
                                "қарайғы жұмысты жоспарлауға пайдаланылады",
                                "Продвижение каждого ребёнка к индивидуальным целям отслеживается, фиксируется и "
                                "используется для планирования дальнейшей работы",
                                "Every child's progress towards individual goals is tracked, recorded and used to "
                                "plan further work",
                            ),
                        ],
                    },
                    # 8
                    {
                        "text": (
                            "Кері байланыс пен мадақтау әр балаға қолжетімді түрде (сөзбен, ыммен, суреттермен) "
                            "беріледі",
                            "Обратная связь и поощрение предоставляются каждому ребёнку в доступной форме (словом, "
                            "жестом, картинками)",
                            "Feedback and encouragement are given to each child in an accessible form (words, "
                            "gestures, pictures)",
                        ),
                        "levels": [
                            (
                                "Кері байланыс пен мадақтау берілмейді",
                                "Обратная связь и поощрение не предоставляются",
                                "No feedback or encouragement is given",
                            ),
                            (
                                "Кері байланыс жалпы сипатта және балалардың қабылдау ерекшеліктерін ескермейді",
                                "Обратная связь носит общий характер и не учитывает особенности восприятия детей",
                                "Feedback is general and ignores how the children perceive information",
                            ),
                            (
                                "Кері байланыс балалардың көпшілігіне қолжетімді түрде беріледі",
                                "Обратная связь предоставляется большинству детей в доступной форме",
                                "Most children get feedback in an accessible form",
                            ),
                            (
                                "Әр бала өзіне қолжетімді түрде нақты кері байланыс пен мадақтау алады",
                                "Каждый ребёнок получает конкретную обратную связь и поощрение в доступной ему форме",
                                "Every child gets specific feedback and encouragement in a form accessible to them",
                            ),
                        ],
                    },
                ],
            },
            {
                "name": (
                    "Қолдау және өзара әрекеттестік",
                    "Поддержка и взаимодействие",
                    "Support and interaction",
                ),
                "criteria": [
                    # 9
                    {
                        "text": (
                            "Әр балаға ерекше білім берілу қажеттіліктеріне сәйкес мөлшерленген көмек пен қолдау "
                            "көрсетіледі",
                            "Каждому ребёнку оказываются дозированная помощь и поддержка с учётом особых "
                            "образовательных потребностей",
                            "Each child gets dosed help and support according to their special educational needs",
                        ),
                        "levels": [
                            (
                                "Балаларға көмек пен қолдау көрсетілмейді",
                                "Помощь и поддержка детям не оказываются",
                                "Children get no help or support",
                            ),
                            (
                                "Көмек жекелеген балаларға ғана көрсетіледі немесе олардың қажеттіліктеріне сәйкес "
                                "келмейді",
                                "Помощь оказывается лишь отдельным детям или не соответствует их потребностям",
                                "Help is given only to some children or does not match their needs",
                            ),
                            (
                                "Балалардың көпшілігіне қажеттіліктеріне сәйкес көмек көрсетіледі",
                                "Большинству детей оказывается помощь с учётом их потребностей",
                                "Most children get help that matches their needs",
                            ),
                            (
                                "Әр бала өз қажеттіліктеріне сәйкес мөлшерленген көмек алады және тапсырманы "
                                "мүмкіндігінше дербес орындайды",
                                "Каждый ребёнок получает дозированную помощь по своим потребностям и выполняет "
                                "задание максимально самостоятельно",
                                "Every child gets help dosed to their needs and does the task as independently as "
                                "possible",
                            ),
                        ],
                    },
                    # 10
                    {
                        "text": (
                            "Сабақ балалардың дербестігін, әлеуметтік және тұрмыстық дағдыларын дамытады",
                            "Урок (занятие) развивает самостоятельность, социальные и бытовые навыки детей",
                            "The lesson (session) develops the children's independence and their social and everyday "
                            "living skills",
                        ),
                        "levels": [
                            (
                                "Дербестік пен әлеуметтік дағдыларды дамыту көзделмеген",
                                "Развитие самостоятельности и социальных навыков не предусмотрено",
                                "Developing independence and social skills is not planned",
                            ),
                            (
                                "Дербестік пен әлеуметтік дағдылар жекелеген балаларда ғана дамытылады",
                                "Самостоятельность и социальные навыки развиваются лишь у отдельных детей",
                                "Independence and social skills are developed only in some children",
                            ),
                            (
                                "Балалардың көпшілігінің дербестігі мен әлеуметтік дағдылары дамытылады",
                                "Развиваются самостоятельность и социальные навыки большинства детей",
                                "The independence and social skills of most children are developed",
                            ),
                            (
                                "Әр баланың дербестігі, әлеуметтік және тұрмыстық дағдылары оның мүмкіндіктеріне сай "
                                "мақсатты түрде дамытылады",
                                "Самостоятельность, социальные и бытовые навыки каждого ребёнка целенаправленно "
                                "развиваются с учётом его возможностей",
                                "Every child's independence and social and everyday skills are developed purposefully "
                                "according to their abilities",
                            ),
                        ],
                    },
                    # 11
                    {
                        "text": (
                            "Ізгі ниетті ахуал, эмоционалдық жайлылық және балалардың сындарлы өзара әрекеттестігі "
                            "қамтамасыз етілген",
                            "Обеспечены доброжелательная атмосфера, эмоциональный комфорт и конструктивное "
                            "взаимодействие детей",
                            "A friendly atmosphere, emotional comfort and constructive interaction of the children "
                            "are ensured",
                        ),
                        "levels": [
                            (
                                "Ізгі ниетті ахуал мен эмоционалдық жайлылық қамтамасыз етілмеген",
                                "Доброжелательная атмосфера и эмоциональный комфорт не обеспечены",
                                "No friendly atmosphere or emotional comfort is ensured",
                            ),
                            (
                                "Өзара әрекеттестікке жекелеген балалар ғана тартылған",
                                "Во взаимодействие вовлечены лишь отдельные дети",
                                "Only some children are involved in interaction",
                            ),
                            (
                                "Балалардың көпшілігі эмоционалдық жайлылықта және ізгі ниетпен өзара әрекеттеседі",
                                "Большинство детей эмоционально комфортны и доброжелательно взаимодействуют",
                                "Most children feel emotionally comfortable and interact in a friendly way",
                            ),
                            (
                                "Барлық балалар эмоционалдық жайлылықта, педагогпен және бір-бірімен ізгі ниетпен, "
                                "сындарлы өзара әрекеттеседі",
                                "Все дети эмоционально комфортны, доброжелательно и конструктивно взаимодействуют с "
                                "педагогом и друг с другом",
                                "All children feel emotionally comfortable and interact with the teacher and each "
                                "other in a friendly, constructive way",
                            ),
                        ],
                    },
                ],
            },
        ],
    },
}

#: points of rubric levels 1..4 (the same for every criterion by default)
LEVEL_POINTS = (1, 2, 3, 4)
