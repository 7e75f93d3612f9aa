//! The applicants outside IT: an accountant in Ekaterinburg and a driver in Krasnodar.

use chrono::{DateTime, NaiveDate, Utc};

use super::{education, resume_id, school, strings, timing, with_jobs, years_ago, JobSpec};
use crate::dataset::records::{IdName, Person, Resume};

const CONSTRUCTION: &[IdName] = &[("29.508", "Жилищное строительство")];
const TRADE: &[IdName] = &[("41.516", "Розничная сеть (продуктовая)")];
const AUDIT: &[IdName] = &[(
    "42.472",
    "Аудит, управленческий учет, финансово-юридический консалтинг",
)];
const LOGISTICS: &[IdName] = &[("27.464", "Транспортная логистика (склад, доставка)")];
const FOOD: &[IdName] = &[("40.495", "Производство продуктов питания")];

fn date(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).unwrap_or_default()
}

/// Person 2: Elena, an accountant (1C, VAT, tax accounting) in Ekaterinburg, eight years.
pub(super) fn accountant(now: DateTime<Utc>) -> Person {
    let jobs = [
        JobSpec {
            company: "ООО «УралСтройКомплект»",
            position: "Главный бухгалтер",
            start: 40,
            end: None,
            description: "Веду бухгалтерский и налоговый учёт группы из трёх компаний на ОСНО в 1С: Бухгалтерия 8.3. \
                Готовлю декларации по НДС и налогу на прибыль, бухгалтерскую отчётность. \
                Прошла две выездные налоговые проверки без доначислений. \
                Перевела документооборот с контрагентами в Диадок, настроила регламент закрытия месяца — закрываем период к 5-му числу. \
                Руковожу двумя бухгалтерами.",
            industries: CONSTRUCTION,
            area_id: "3",
        },
        JobSpec {
            company: "Торговый дом «Исеть»",
            position: "Бухгалтер по НДС",
            start: 76,
            end: Some(40),
            description: "Вела участок НДС: книги покупок и продаж, декларации, ответы на требования ИФНС. \
                Сверки с поставщиками, восстановление НДС, работа с авансами. Участвовала в переходе с 1С 8.2 на 8.3.",
            industries: TRADE,
            area_id: "3",
        },
        JobSpec {
            company: "Аудиторская компания «Баланс-Урал»",
            position: "Ассистент аудитора",
            start: 96,
            end: Some(76),
            description: "Проверка первичной документации и расчётов с контрагентами у клиентов, \
                подготовка рабочих документов аудитора, восстановление учёта малых предприятий.",
            industries: AUDIT,
            area_id: "3",
        },
    ];
    let (next_publish_at, updated_at, created_at) = timing(now, -60 * 24, 50);
    let resume = Resume {
        id: resume_id(6),
        title: "Главный бухгалтер".to_owned(),
        profession: "accountant",
        skill_set: strings(&[
            "1С: Бухгалтерия 8.3", "НДС", "Налоговый учёт", "Бухгалтерская отчётность", "Первичная документация",
            "Налог на прибыль", "Сверка с контрагентами", "Банк-клиент", "МСФО", "Кадровый учёт", "1С: ЗУП",
        ]),
        skills: "Восемь лет в бухгалтерии: от аудита до главного бухгалтера группы компаний. \
            Сильные стороны — НДС и налоговый учёт, подготовка к налоговым проверкам, выстраивание сроков закрытия месяца."
            .to_owned(),
        area_id: "3",
        salary: Some((150_000, "RUR")),
        total_experience_months: 0,
        experience: Vec::new(),
        professional_roles: vec![("18", "Бухгалтер")],
        work_format: vec!["ON_SITE", "HYBRID"],
        employment_form: vec!["FULL"],
        relocation: "no_relocation",
        relocation_areas: Vec::new(),
        business_trip_readiness: "never",
        driver_license_types: vec!["B"],
        education: education(
            "higher",
            vec![school(
                "Уральский государственный экономический университет",
                "Институт финансов и права",
                "Бухгалтерский учёт, анализ и аудит",
                years_ago(now, 9),
            )],
            vec![school("Аттестат профессионального бухгалтера", "Институт профессиональных бухгалтеров", "Аттестат", years_ago(now, 4))],
        ),
        languages: vec![("rus", "l1")],
        status: "published",
        next_publish_at,
        updated_at,
        created_at,
    };
    Person {
        id: "31000003".to_owned(),
        first_name: "Елена".to_owned(),
        last_name: "Кузнецова".to_owned(),
        middle_name: Some("Петровна".to_owned()),
        email: "elena.kuznetsova@example.org".to_owned(),
        phone: Some("79990000003".to_owned()),
        gender: "female",
        birth_date: date(1990, 1, 17),
        resumes: vec![with_jobs(resume, now, &jobs)],
    }
}

/// Person 5: Sergey, a driver (categories B, C) in Krasnodar, twelve years.
pub(super) fn driver(now: DateTime<Utc>) -> Person {
    let jobs = [
        JobSpec {
            company: "Транспортная компания «КубаньТрансЛогистик»",
            position: "Водитель-экспедитор (категория C)",
            start: 60,
            end: None,
            description: "Доставка грузов по Краснодарскому краю и в Ростов на автомобиле до 10 тонн. \
                Оформление ТТН и путевых листов, работа с тахографом, контроль погрузки и крепления груза. \
                За пять лет ни одного ДТП и ни одной претензии по сохранности груза.",
            industries: LOGISTICS,
            area_id: "53",
        },
        JobSpec {
            company: "Хлебозавод «Кубанский каравай»",
            position: "Водитель-экспедитор",
            start: 110,
            end: Some(60),
            description: "Развоз продукции по торговым точкам Краснодара по утверждённому маршруту (30–40 точек в смену), \
                приём возвратов, сдача выручки и документов.",
            industries: FOOD,
            area_id: "53",
        },
        JobSpec {
            company: "Служба такси «Юг»",
            position: "Водитель такси",
            start: 144,
            end: Some(110),
            description: "Перевозка пассажиров по городу и в аэропорт, поддержание автомобиля в порядке.",
            industries: LOGISTICS,
            area_id: "53",
        },
    ];
    let (next_publish_at, updated_at, created_at) = timing(now, 90, 70);
    let resume = Resume {
        id: resume_id(7),
        title: "Водитель категории B, C".to_owned(),
        profession: "driver",
        skill_set: strings(&[
            "Права категории B", "Права категории C", "Знание города", "Тахограф", "Путевые листы",
            "Экспедирование грузов", "Безаварийное вождение",
        ]),
        skills: "Стаж вождения 15 лет, категории B и C, карта водителя для тахографа. Хорошо знаю Краснодар и край. Не курю.".to_owned(),
        area_id: "53",
        salary: Some((90_000, "RUR")),
        total_experience_months: 0,
        experience: Vec::new(),
        professional_roles: vec![("21", "Водитель")],
        work_format: vec!["ON_SITE", "FIELD_WORK"],
        employment_form: vec!["FULL"],
        relocation: "no_relocation",
        relocation_areas: Vec::new(),
        business_trip_readiness: "ready",
        driver_license_types: vec!["B", "C"],
        education: education(
            "special_secondary",
            vec![school("Краснодарский техникум транспорта", "Отделение эксплуатации автомобилей", "Техник-механик", years_ago(now, 17))],
            Vec::new(),
        ),
        languages: vec![("rus", "l1")],
        status: "published",
        next_publish_at,
        updated_at,
        created_at,
    };
    Person {
        id: "31000006".to_owned(),
        first_name: "Сергей".to_owned(),
        last_name: "Морозов".to_owned(),
        middle_name: Some("Николаевич".to_owned()),
        email: "sergey.morozov@example.org".to_owned(),
        phone: Some("79990000006".to_owned()),
        gender: "male",
        birth_date: date(1985, 6, 9),
        resumes: vec![with_jobs(resume, now, &jobs)],
    }
}
