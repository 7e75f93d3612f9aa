//! Shared wording for vacancy descriptions: section headers, conditions per kind of work,
//! closing lines, and the English phrasing international employers use.

use super::professions::Track;

/// Headers of the duties section.
pub(crate) const DUTIES_HEADERS: &[&str] = &[
    "Обязанности:",
    "Чем предстоит заниматься:",
    "Задачи:",
    "Что нужно делать:",
    "Ваши задачи:",
];

/// Headers of the requirements section.
pub(crate) const REQUIREMENTS_HEADERS: &[&str] = &[
    "Требования:",
    "Мы ждём от вас:",
    "Что мы ожидаем:",
    "Наши пожелания к кандидату:",
    "Вам подойдёт эта работа, если у вас есть:",
];

/// Headers of the "nice to have" section.
pub(crate) const PLUSES_HEADERS: &[&str] =
    &["Будет плюсом:", "Приветствуется:", "Будет преимуществом:"];

/// Headers of the conditions section.
pub(crate) const CONDITIONS_HEADERS: &[&str] = &[
    "Условия:",
    "Мы предлагаем:",
    "Что мы предлагаем:",
    "Почему у нас хорошо:",
];

/// Closing lines, sometimes appended.
pub(crate) const CLOSINGS: &[&str] = &[
    "Откликайтесь — мы отвечаем каждому кандидату в течение трёх рабочих дней.",
    "Ждём ваших откликов!",
    "Если вакансия вам интересна, откликайтесь — будем рады познакомиться.",
    "Собеседование проходит в два этапа: знакомство с HR и встреча с руководителем.",
];

/// Cover-letter requests for vacancies that require one.
pub(crate) const LETTER_REQUESTS: &[&str] = &[
    "В сопроводительном письме расскажите, почему вас заинтересовала вакансия.",
    "Отклики без сопроводительного письма не рассматриваются.",
    "Пожалуйста, приложите к отклику сопроводительное письмо и ссылку на портфолио.",
];

const IT_CONDITIONS: &[&str] = &[
    "Официальное оформление по ТК РФ с первого дня",
    "Работа в аккредитованной ИТ-компании",
    "ДМС со стоматологией после испытательного срока",
    "Современная техника на выбор: MacBook или ноутбук на Linux",
    "Гибкое начало рабочего дня",
    "Компенсация обучения, конференций и профессиональной литературы",
    "Компенсация занятий английским языком",
    "Ежегодный пересмотр заработной платы",
    "Сильная команда и прозрачные процессы разработки",
    "Возможность влиять на продукт и архитектуру",
    "Квартальные премии по результатам работы",
    "Офис рядом с метро с кухней и зонами отдыха",
];

const OFFICE_CONDITIONS: &[&str] = &[
    "Официальное трудоустройство, белая заработная плата",
    "График работы 5/2 с 9:00 до 18:00",
    "Оплачиваемый отпуск и больничный",
    "ДМС после испытательного срока",
    "Комфортный офис в пешей доступности от метро",
    "Обучение за счёт компании",
    "Премии по итогам квартала",
    "Дружный коллектив и корпоративные мероприятия",
    "Возможность карьерного роста",
];

const FIELD_CONDITIONS: &[&str] = &[
    "Официальное трудоустройство с первого дня",
    "Выплаты два раза в месяц без задержек",
    "Еженедельные выплаты для подработки",
    "Бесплатное питание в смену",
    "Форма за счёт компании",
    "Удобный график: 2/2, 5/2 или подработка",
    "Помощь в оформлении медицинской книжки",
    "Обучение с наставником",
    "Компенсация проезда",
    "Возможность роста до старшего сотрудника",
    "Стабильная работа в крупной компании",
];

/// Conditions to draw from for a kind of work.
pub(crate) fn conditions(track: Track) -> &'static [&'static str] {
    match track {
        Track::Office => OFFICE_CONDITIONS,
        Track::Field => FIELD_CONDITIONS,
        _ => IT_CONDITIONS,
    }
}

/// English duties per kind of IT work.
pub(crate) fn duties_en(track: Track) -> &'static [&'static str] {
    match track {
        Track::Backend => &[
            "Design, build and operate backend services",
            "Own features end to end, from the design document to production",
            "Improve performance, reliability and observability of our services",
            "Review code and mentor other engineers",
            "Work closely with product managers and designers",
        ],
        Track::Frontend => &[
            "Build responsive, accessible user interfaces",
            "Work with designers to evolve our design system",
            "Improve page load and rendering performance",
            "Write unit and end-to-end tests",
        ],
        Track::Mobile => &[
            "Build new features of our mobile apps",
            "Improve app stability and startup time",
            "Ship releases to the App Store and Google Play",
            "Collaborate with backend engineers on APIs",
        ],
        Track::Infra => &[
            "Run and evolve our Kubernetes platform",
            "Build CI/CD pipelines and developer tooling",
            "Own monitoring, alerting and incident response",
            "Describe infrastructure as code",
        ],
        Track::Data => &[
            "Build data pipelines and models that drive product decisions",
            "Design experiments and analyse their results",
            "Ship models to production and monitor their quality",
            "Work with stakeholders to turn questions into analyses",
        ],
        Track::Qa => &[
            "Design test strategies for new features",
            "Build and maintain automated test suites",
            "Integrate tests into CI pipelines",
            "Investigate and report defects",
        ],
        _ => &[
            "Own the roadmap and priorities of your area",
            "Run discovery with customers and stakeholders",
            "Define success metrics and track them",
            "Work with engineering and design teams every day",
        ],
    }
}

/// English requirements shared by all IT tracks.
pub(crate) const REQUIREMENTS_EN: &[&str] = &[
    "Strong communication skills in English (B2 or higher)",
    "Experience working in distributed teams",
    "Ownership and attention to detail",
    "Ability to explain technical decisions in writing",
];

/// What international employers offer.
pub(crate) const CONDITIONS_EN: &[&str] = &[
    "Fully remote work or an office in Minsk or Almaty",
    "Relocation package for you and your family",
    "Paid time off: 25 working days a year",
    "Health insurance",
    "Learning budget and paid conferences",
    "Equipment of your choice",
    "Salary paid in USD or EUR",
];
