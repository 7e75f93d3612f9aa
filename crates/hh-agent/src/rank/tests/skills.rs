//! Skill normalisation, synonyms, relations and detection in text.

use crate::rank::skills::table_rows;
use crate::rank::skills::{canonical, find_in_text, Relation, Skill, DICTIONARY};

#[track_caller]
fn check_same(spellings: &[&str], expected: &str) {
    for spelling in spellings {
        assert_eq!(canonical(spelling), Some(expected), "spelling: {spelling}");
    }
}

#[test]
fn spellings_map_to_one_canonical_skill() {
    check_same(
        &[
            "Postgres",
            "PostgreSQL",
            "постгрес",
            "psql",
            "Postgre SQL",
            "POSTGRESQL",
        ],
        "PostgreSQL",
    );
    check_same(
        &["JS", "JavaScript", "java script", "Javascript"],
        "JavaScript",
    );
    check_same(&["TS", "TypeScript"], "TypeScript");
    check_same(&["k8s", "Kubernetes", "кубернетес"], "Kubernetes");
    check_same(&["Golang", "Go", "go lang"], "Go");
    check_same(
        &[
            "1С",
            "1C",
            "1С:Предприятие",
            "1С: Предприятие 8.3",
            "1c:предприятие",
        ],
        "1С",
    );
    check_same(
        &[
            "1С: Бухгалтерия",
            "1С:Бухгалтерия",
            "1C: Бухгалтерия",
            "1С Бухгалтерия",
        ],
        "1С: Бухгалтерия",
    );
    check_same(
        &["1С:ЗУП", "1С: Зарплата и управление персоналом", "ЗУП"],
        "1С:ЗУП",
    );
    check_same(
        &["React", "React.js", "ReactJS", "react js", "React-JS"],
        "React",
    );
    check_same(&["Vue", "Vue.js", "VueJS"], "Vue.js");
    check_same(&["Node", "Node.js", "NodeJS"], "Node.js");
    check_same(&["C#", "c sharp"], "C#");
    check_same(&[".NET", "dotnet", ".NET Core"], ".NET");
    check_same(
        &[
            "ML",
            "машинное обучение",
            "Machine Learning",
            "Машинным обучением",
        ],
        "Машинное обучение",
    );
    check_same(&["Docker", "докер"], "Docker");
    check_same(&["CI/CD", "CI CD", "cicd"], "CI/CD");
    check_same(&["REST", "REST API", "RESTful", "rest-api"], "REST API");
    check_same(&["Linux", "Unix", "линукс"], "Linux");
    check_same(
        &["MS Excel", "Excel", "Эксель", "Microsoft Excel"],
        "MS Excel",
    );
    check_same(
        &["английский", "English", "Английский язык"],
        "Английский язык",
    );
    check_same(
        &[
            "водительские права категории B",
            "права B",
            "Права категории B",
        ],
        "Права категории B",
    );
    check_same(&["Selenium", "selenium webdriver"], "Selenium");
    check_same(&["Python", "питон", "python3"], "Python");
    check_same(&["Rust"], "Rust");
    check_same(&["Kafka", "Apache Kafka"], "Kafka");
    check_same(&["RabbitMQ", "Rabbit MQ"], "RabbitMQ");
    check_same(&["Redis"], "Redis");
    check_same(&["gRPC"], "gRPC");
    check_same(
        &[
            "microservices",
            "микросервисы",
            "Микросервисная архитектура",
        ],
        "Микросервисы",
    );
    check_same(&["Agile"], "Agile");
    check_same(&["Scrum"], "Scrum");
    check_same(&["Figma", "фигма"], "Figma");
    check_same(&["Photoshop", "PS", "Adobe Photoshop"], "Adobe Photoshop");
    check_same(&["SEO"], "SEO");
    check_same(&["SMM"], "SMM");
    check_same(&["НДС"], "НДС");
    check_same(
        &["бухгалтерский учёт", "Бухучет", "бухгалтерский учет"],
        "Бухгалтерский учёт",
    );
    check_same(&["налоговый учёт", "Налоговый учет"], "Налоговый учёт");
    check_same(&["МСФО", "IFRS"], "МСФО");
}

#[track_caller]
fn check_relation(a: &str, b: &str, expected: Relation) {
    let (Some(a), Some(b)) = (Skill::parse(a), Skill::parse(b)) else {
        panic!("both parse: {a} {b}");
    };
    assert_eq!(a.relation(&b), expected, "{} vs {}", a.name, b.name);
    assert_eq!(b.relation(&a), expected, "{} vs {}", b.name, a.name);
}

#[test]
fn related_skills_are_not_equal() {
    check_relation("MySQL", "PostgreSQL", Relation::Related);
    check_relation("SQL", "PostgreSQL", Relation::Related);
    check_relation("Git", "GitLab", Relation::Related);
    check_relation("GitHub", "Git", Relation::Related);
    check_relation("C#", ".NET", Relation::Related);
    check_relation("ASP.NET", "C#", Relation::Related);
    check_relation("1С", "1С: Бухгалтерия", Relation::Related);
    check_relation("1С:ЗУП", "1С", Relation::Related);
    check_relation("Agile", "Scrum", Relation::Related);
    check_relation("Docker", "Kubernetes", Relation::Related);
    check_relation("Rust", "PostgreSQL", Relation::Unrelated);
    check_relation("Java", "JavaScript", Relation::Unrelated);
    check_relation("Postgres", "постгрес", Relation::Same);
    check_relation("Работа в команде", "работы в команде", Relation::Same);
    check_relation("Работа в команде", "Деловая переписка", Relation::Unrelated);
}

#[test]
fn every_alias_round_trips_to_its_own_skill() {
    for (name, aliases, _) in table_rows() {
        assert_eq!(canonical(name), Some(*name), "canonical name {name}");
        for alias in aliases.iter() {
            let alias = alias.trim_start_matches('!');
            assert_eq!(canonical(alias), Some(*name), "alias {alias} of {name}");
        }
    }
    assert!(DICTIONARY.len() > 150);
}

#[track_caller]
fn check_found(text: &str, expected: &[&str]) {
    let found: Vec<String> = find_in_text(text)
        .into_iter()
        .map(|s| s.name.into_owned())
        .collect();
    assert_eq!(found, expected, "text: {text:?}");
}

#[test]
fn skills_are_found_in_free_text() {
    check_found(
        "Опыт разработки на Rust и Go, знание PostgreSQL и Apache Kafka, k8s.",
        &["Rust", "Go", "PostgreSQL", "Kafka", "Kubernetes"],
    );
    check_found(
        "Знание 1С:Бухгалтерия 8.3 и бухгалтерского учёта",
        &["1С: Бухгалтерия", "Бухгалтерский учёт"],
    );
    check_found(
        "основы машинного обучения, CI/CD, REST API",
        &["Машинное обучение", "CI/CD", "REST API"],
    );
    check_found("английский язык на уровне B2", &["Английский язык"]);
    check_found("1-го числа в C, на PS и rest", &[]);
    check_found(
        "Python, Django; опыт с микросервисной архитектурой",
        &["Python", "Django", "Микросервисы"],
    );
    check_found("SQL Server", &["MS SQL"]);
    check_found("", &[]);
}

#[test]
fn names_with_several_skills_split() {
    let names = |name: &str| -> Vec<String> {
        Skill::parse_all(name)
            .into_iter()
            .map(|s| s.name.into_owned())
            .collect()
    };
    assert_eq!(names("Python Django"), ["Python", "Django"]);
    assert_eq!(names("Разработка на Python"), ["Python"]);
    assert_eq!(names("Прием посетителей"), ["Прием посетителей"]);
    assert_eq!(names("  "), Vec::<String>::new());
}

#[test]
fn related_groups_fit_the_bit_mask() {
    let mut groups: Vec<&str> = table_rows()
        .iter()
        .flat_map(|row| row.2.iter().copied())
        .collect();
    groups.sort_unstable();
    groups.dedup();
    assert!(
        groups.len() <= 64,
        "{} groups; the relation mask holds 64",
        groups.len()
    );
}
