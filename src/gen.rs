//! A deterministic corpus of news-like articles, for benchmarks and for tests that need
//! many documents: the same seed gives the same bytes on every machine. Articles mix
//! what the extractor must find (amounts in many currencies and forms, counts,
//! percentages, ranks, periods, organizations and places) with what it must not take
//! for a figure (page furniture, years, phone numbers, model names, scores, versions).

use std::fmt::Write as _;
use std::io::Write;
use std::path::Path;

use anyhow::Context;

/// A small, fast, deterministic random number generator (SplitMix64).
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n`.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// One of the items.
    pub fn pick<'a, T: ?Sized>(&mut self, items: &[&'a T]) -> &'a T {
        items[self.below(items.len())]
    }
}

const ORGS: &[&str] = &[
    "Microsoft",
    "Toyota Motor",
    "Oracle Japan",
    "SoftBank Group",
    "Siemens",
    "Samsung Electronics",
    "TSMC",
    "Nvidia",
    "Amazon Web Services",
    "Hitachi",
    "BASF",
    "Reliance Industries",
    "Tata Steel",
    "BHP",
    "Shopify",
    "Nestlé",
    "Unilever",
    "BP",
    "the European Commission",
    "the Japanese government",
    "the Ministry of Finance",
    "Volkswagen",
    "Infosys",
    "Alibaba",
    "Tencent",
    "Rio Tinto",
    "Airbus",
    "Intel",
    "Google",
    "Meta Platforms",
    "Sony Group",
    "Honda",
    "Panasonic",
    "Vale",
    "Petrobras",
];
const PLACES: &[&str] = &[
    "Japan",
    "Germany",
    "India",
    "Brazil",
    "Ohio",
    "Texas",
    "Arizona",
    "Vietnam",
    "Poland",
    "Mexico",
    "Australia",
    "Canada",
    "the United Kingdom",
    "France",
    "Indonesia",
    "Kenya",
    "Chile",
    "Osaka",
    "Bavaria",
    "Singapore",
];
const VERBS_FUTURE: &[&str] = &[
    "will invest",
    "plans to spend",
    "will allocate",
    "intends to invest",
    "is set to spend",
    "will commit",
    "pledged to invest",
    "agreed to provide",
];
const VERBS_PAST: &[&str] = &[
    "invested",
    "spent",
    "raised",
    "allocated",
    "earmarked",
    "committed",
    "received",
    "borrowed",
];
const PERIODS: &[&str] = &[
    "by 2027",
    "over the next decade",
    "over the next two years",
    "in 2025",
    "through 2030",
    "over five years",
    "between 2025 and 2030",
    "this year",
    "in the first quarter",
    "in fiscal 2025",
    "by the end of 2028",
    "within 18 months",
    "from 2024 to 2027",
    "annually",
    "a year for five years",
    "in H2 2025",
    "during 2026",
];
const PURPOSES: &[&str] = &[
    "to build data centres",
    "in AI infrastructure",
    "in a new battery plant",
    "to expand cloud capacity",
    "in semiconductor production",
    "in renewable energy projects",
    "to train digital workers",
    "in research and development",
    "to upgrade its rail network",
    "in a hydrogen pilot",
];
const COUNT_NOUNS: &[&str] = &[
    "jobs",
    "engineers",
    "stores",
    "data centers",
    "employees",
    "factories",
    "students",
    "startups",
    "vehicles",
    "megawatts of capacity",
];
const FURNITURE: &[&str] = &[
    "Home / Business / Technology",
    "Share this article",
    "Advertisement",
    "Reading time: 4 min",
    "Sign up for our newsletter",
    "Follow us on X",
    "Related coverage",
    "Most read",
    "© 2025 Example News Ltd. All rights reserved.",
    "Skip to main content",
];
const NOISE: &[&str] = &[
    "Call +1 (212) 555-0187 for details.",
    "The offices are at 221 Baker Street.",
    "COVID-19 delayed the project in 2020 and 2021.",
    "The GPT-4 model and the Boeing 737 MAX were mentioned.",
    "Version 2.3.1 of the software shipped on 12 May.",
    "The match ended 3-1 after 90 minutes.",
    "See section 4.2 and clause 17(b) of the agreement.",
    "The iPhone 15 and the A320neo were on display.",
    "Page 2 of 3",
    "Updated 10:45 a.m. ET",
    "The index closed at 38,457.20 points.",
];

const PEOPLE: &[&str] = &[
    "Satya Nadella",
    "Akio Toyoda",
    "Maria Fernandes",
    "Chen Wei",
    "Priya Raman",
    "Tom Becker",
    "Yuki Tanaka",
    "Olivia Grant",
    "Lars Nilsson",
    "Amara Okafor",
];
const FILLER: &[&str] = &[
    "“We see strong demand across the region,” said {person}, the company's chief executive.",
    "Analysts said the move reflected growing competition for skilled workers and cheap power.",
    "The announcement follows months of negotiations with local authorities and unions.",
    "{org} did not respond to a request for comment on Tuesday.",
    "Officials in {place} welcomed the plan but said details were still being worked out.",
    "The decision comes as governments race to attract investment in strategic industries.",
    "Critics argue that the subsidies distort markets and favour the largest companies.",
    "{person} told reporters that the company remained committed to the region.",
    "The project still needs approval from regulators, which could take several months.",
    "Shares of {org} were little changed in early trading.",
    "It was not immediately clear how the plan would be financed.",
    "The company has faced pressure from investors to show returns on its spending.",
];

/// One generated article.
#[derive(Debug, Clone, PartialEq)]
pub struct Article {
    /// A file name for it.
    pub id: String,
    /// Its publication date, `YYYY-MM-DD`.
    pub published: String,
    /// Its text, with its title, date line and page furniture.
    pub text: String,
}

/// The generator of a corpus.
#[derive(Debug, Clone)]
pub struct Corpus {
    rng: Rng,
    next: usize,
}

impl Corpus {
    /// A corpus from a seed.
    pub fn new(seed: u64) -> Corpus {
        Corpus {
            rng: Rng::new(seed),
            next: 0,
        }
    }

    fn money(&mut self) -> String {
        let r = &mut self.rng;
        let whole = 1 + r.below(900);
        let frac = r.below(100);
        let amount = if r.below(3) == 0 {
            format!("{whole}.{frac:02}")
        } else {
            whole.to_string()
        };
        let scale = r.pick(&["million", "billion", "bn", "m", "trillion"]);
        let qualifier = r.pick(&[
            "",
            "",
            "",
            "about ",
            "more than ",
            "up to ",
            "nearly ",
            "over ",
        ]);
        let form = match r.below(14) {
            0 => format!("${amount} {scale}"),
            1 => format!("US${amount} {scale}"),
            2 => format!("€{amount} {scale}"),
            3 => format!("£{amount}{scale}"),
            4 => format!("¥{amount} {scale}"),
            5 => format!("{amount} {scale} yen"),
            6 => format!("{amount} {scale} euros"),
            7 => format!("C${amount} {scale}"),
            8 => format!("A${amount} {scale}"),
            9 => format!("Rs {whole},000 crore"),
            10 => format!("CHF {amount} {scale}"),
            11 => format!("{amount} {scale} yuan"),
            12 => format!(
                "{} trillion yen (${}.{:02} billion)",
                1 + r.below(9),
                5 + r.below(60),
                r.below(100)
            ),
            _ => format!(
                "between ${whole} million and ${} million",
                whole + 1 + r.below(500)
            ),
        };
        format!("{qualifier}{form}")
    }

    fn sentence(&mut self, out: &mut String) {
        let org = self.rng.pick(ORGS);
        let place = self.rng.pick(PLACES);
        // most sentences of a news article state no figure
        if self.rng.below(10) < 6 {
            let person = self.rng.pick(PEOPLE);
            let s = self
                .rng
                .pick(FILLER)
                .replace("{org}", org)
                .replace("{place}", place)
                .replace("{person}", person);
            out.push_str(&s);
            return;
        }
        match self.rng.below(9) {
            0..=2 => {
                let verb = self.rng.pick(VERBS_FUTURE);
                let money = self.money();
                let purpose = self.rng.pick(PURPOSES);
                let period = self.rng.pick(PERIODS);
                let _ = write!(out, "{org} {verb} {money} {purpose} in {place} {period}.");
            }
            3 | 4 => {
                let verb = self.rng.pick(VERBS_PAST);
                let money = self.money();
                let year = 2019 + self.rng.below(7);
                let _ = write!(out, "In {year}, {org} {verb} {money} in {place}.");
            }
            5 => {
                let n = 10 + self.rng.below(9990);
                let noun = self.rng.pick(COUNT_NOUNS);
                let _ = write!(
                    out,
                    "The project is expected to create {} {noun} in {place}.",
                    crate::batch::progress::thousands(n as u64)
                );
            }
            6 => {
                let pct = self.rng.below(60);
                let tenth = self.rng.below(10);
                let _ = write!(
                    out,
                    "Revenue at {org} rose {pct}.{tenth}% from a year earlier, analysts said."
                );
            }
            7 => {
                let rank = 1 + self.rng.below(60);
                let _ = write!(
                    out,
                    "{place} ranked {} in the global competitiveness index.",
                    ordinal(rank)
                );
            }
            _ => {
                let noise = self.rng.pick(NOISE);
                out.push_str(noise);
            }
        }
    }

    /// The next article: about `target` bytes of text.
    pub fn article(&mut self, target: usize) -> Article {
        let i = self.next;
        self.next += 1;
        let year = 2023 + self.rng.below(3);
        let month = 1 + self.rng.below(12);
        let day = 1 + self.rng.below(28);
        let months = [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ];
        let mut text = String::with_capacity(target + 512);
        let _ = writeln!(text, "{}\n", self.rng.pick(FURNITURE));
        let org = self.rng.pick(ORGS);
        let place = self.rng.pick(PLACES);
        let _ = writeln!(text, "{org} Expands in {place} as Demand Grows\n");
        let _ = writeln!(text, "Published {day} {} {year}\n", months[month - 1]);
        while text.len() < target {
            let sentences = 2 + self.rng.below(4);
            for k in 0..sentences {
                if k > 0 {
                    text.push(' ');
                }
                self.sentence(&mut text);
            }
            text.push_str("\n\n");
            if self.rng.below(6) == 0 {
                let _ = writeln!(text, "{}\n", self.rng.pick(FURNITURE));
            }
        }
        Article {
            id: format!("{:03}/article-{i:06}.txt", i / 1000),
            published: format!("{year}-{month:02}-{day:02}"),
            text,
        }
    }

    /// About `bytes` of articles of about `article_bytes` each (at least `bytes`), in
    /// memory: for benchmarks.
    ///
    /// ```
    /// let articles = figures::gen::Corpus::new(1).articles(20_000, 5000);
    /// assert!(articles.len() >= 3);
    /// assert!(articles.iter().map(|a| a.text.len()).sum::<usize>() >= 20_000);
    /// ```
    pub fn articles(&mut self, bytes: usize, article_bytes: usize) -> Vec<Article> {
        let mut out = Vec::new();
        let mut total = 0;
        while total < bytes {
            let a = self.article(article_bytes);
            total += a.text.len();
            out.push(a);
        }
        out
    }

    /// Writes about `bytes` of articles of about `article_bytes` each into `dir`: as
    /// text files in folders of a thousand, or as JSON Lines files of a thousand
    /// records. Returns how many articles were written.
    pub fn write(
        &mut self,
        dir: &Path,
        bytes: u64,
        article_bytes: usize,
        jsonl: bool,
    ) -> anyhow::Result<usize> {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        let mut written = 0u64;
        let mut count = 0usize;
        let mut lines: Option<(std::io::BufWriter<std::fs::File>, usize)> = None;
        while written < bytes {
            let a = self.article(article_bytes);
            written += a.text.len() as u64;
            if jsonl {
                let part = count / 1000;
                if lines.as_ref().is_none_or(|(_, p)| *p != part) {
                    if let Some((mut w, _)) = lines.take() {
                        w.flush()?;
                    }
                    let path = dir.join(format!("part-{part:04}.jsonl"));
                    let f = std::fs::File::create(&path)
                        .with_context(|| format!("cannot create {}", path.display()))?;
                    lines = Some((std::io::BufWriter::new(f), part));
                }
                let (w, _) = lines.as_mut().expect("opened above");
                let rec = serde_json::json!({
                    "id": a.id.trim_end_matches(".txt"),
                    "published": a.published,
                    "text": a.text,
                });
                serde_json::to_writer(&mut *w, &rec)?;
                w.write_all(b"\n")?;
            } else {
                let path = dir.join(&a.id);
                if let Some(parent) = path.parent() {
                    std::fs::create_dir_all(parent)?;
                }
                std::fs::write(&path, &a.text)
                    .with_context(|| format!("cannot write {}", path.display()))?;
            }
            count += 1;
        }
        if let Some((mut w, _)) = lines {
            w.flush()?;
        }
        Ok(count)
    }
}

fn ordinal(n: usize) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deterministic_and_about_the_size_asked() {
        let a = Corpus::new(7).article(5000);
        let b = Corpus::new(7).article(5000);
        assert_eq!(a, b);
        assert!((5000..6500).contains(&a.text.len()), "{}", a.text.len());
        assert_ne!(Corpus::new(8).article(5000).text, a.text);
        assert_eq!(ordinal(22), "22nd");
        assert_eq!(ordinal(13), "13th");
    }

    #[test]
    fn articles_hold_figures_the_extractor_finds() {
        let pipeline = crate::Pipeline::new("USD").unwrap();
        let mut corpus = Corpus::new(1);
        let mut kinds = std::collections::BTreeSet::new();
        let mut currencies = std::collections::BTreeSet::new();
        for _ in 0..20 {
            let a = corpus.article(5000);
            let doc = crate::document::Document::new(&a.id, &a.text, &Default::default());
            assert_eq!(doc.published.unwrap().to_string(), a.published);
            for row in pipeline.figures(&doc) {
                kinds.insert(row.kind.clone());
                currencies.extend(row.currency.clone());
            }
        }
        assert_eq!(kinds.len(), 4, "{kinds:?}");
        assert!(currencies.len() >= 8, "{currencies:?}");
    }
}
