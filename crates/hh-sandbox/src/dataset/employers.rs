//! Invented employers: names built from per-sector parts, `.example` sites, descriptions and
//! hh.ru industries. No real trademarks.

use rand::seq::SliceRandom;
use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::areas::CITY_WEIGHTS;
use super::employer_styles::{SectorStyle, STYLES};
use super::records::{Employer, Sector};
use super::text::{pick, slug, weighted};

/// Makes the employers: about 300, a fixed number per sector, unique names and slugs.
pub(crate) fn generate(rng: &mut ChaCha8Rng) -> Vec<Employer> {
    let mut employers = Vec::new();
    let mut next_id: u64 = 3_100_000;
    for style in STYLES {
        let mut names: Vec<String> = style
            .first
            .iter()
            .flat_map(|first| style.second.iter().map(move |second| join(first, second)))
            .collect();
        names.shuffle(rng);
        for name in names.into_iter().take(style.count) {
            next_id += rng.gen_range(1..=97);
            employers.push(employer(rng, style, next_id, name, &employers));
        }
    }
    employers
}

fn join(first: &str, second: &str) -> String {
    if second.starts_with('«') || first.ends_with('й') || second.starts_with(' ') {
        format!("{first} {}", second.trim_start())
    } else {
        format!("{first}{second}")
    }
}

fn employer(
    rng: &mut ChaCha8Rng,
    style: &SectorStyle,
    id: u64,
    name: String,
    existing: &[Employer],
) -> Employer {
    let mut employer_slug = slug(&name);
    if existing.iter().any(|other| other.slug == employer_slug) {
        employer_slug = format!("{employer_slug}-{id}");
    }
    let area_id = match style.sector {
        Sector::International => pick(rng, &["1002", "160", "1", "2"], "1"),
        _ => weighted(rng, CITY_WEIGHTS, "1"),
    };
    let tagline = pick(rng, style.taglines, "");
    let description = describe(rng, &name, tagline, style.sector);
    let industry_count = rng.gen_range(1..=style.industries.len().clamp(1, 2));
    let industries = style
        .industries
        .choose_multiple(rng, industry_count)
        .copied()
        .collect();
    let it_like = matches!(style.sector, Sector::It | Sector::International);
    Employer {
        id: id.to_string(),
        site_url: format!("https://{employer_slug}.example"),
        slug: employer_slug,
        name,
        description,
        tagline: tagline.to_owned(),
        area_id,
        industries,
        sector: style.sector,
        trusted: rng.gen_bool(0.88),
        accredited_it_employer: it_like && rng.gen_bool(0.8)
            || style.sector == Sector::Bank && rng.gen_bool(0.4),
        federal: rng.gen_bool(style.federal_share),
    }
}

fn describe(rng: &mut ChaCha8Rng, name: &str, tagline: &str, sector: Sector) -> String {
    if sector == Sector::International {
        let people = rng.gen_range(3..40) * 10;
        return format!(
            "<p>{name} — {tagline}.</p><p>Our team of {people} engineers works remotely across Europe and Central Asia. We value ownership, clear writing and sustainable pace.</p>"
        );
    }
    let founded = rng.gen_range(1994..2020);
    let people = rng.gen_range(5..300) * 10;
    let values = pick(
        rng,
        &[
            "Мы ценим открытость, инициативу и заботу о клиенте.",
            "Для нас важны честность, профессионализм и командная работа.",
            "Мы растём вместе с сотрудниками и вкладываемся в их обучение.",
        ],
        "",
    );
    format!(
        "<p>{name} — {tagline}.</p><p>Компания работает с {founded} года, в команде более {people} человек. {values}</p>"
    )
}
